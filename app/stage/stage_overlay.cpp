// Overlay drawing. The window is amber like every "now" mark on the stage; the ghost is the same outline
// faint and dashed, so the stride reads as the gap between the two without competing with the window.
#include "app/stage/stage_overlay.h"

#include <algorithm>
#include <cmath>

namespace convstep {
namespace {

constexpr ImU32 kGhost = IM_COL32(255, 193, 7, 110);
constexpr ImU32 kConnector = IM_COL32(255, 193, 7, 120);
constexpr ImU32 kCopyArrow = IM_COL32(170, 210, 255, 230);

void dashed_line(ImDrawList* draw, ImVec2 a, ImVec2 b, ImU32 color, float thickness, float dash) {
  const float dx = b.x - a.x, dy = b.y - a.y;
  const float length = std::sqrt(dx * dx + dy * dy);
  if (length <= 0) return;
  for (float t = 0; t < length; t += 2 * dash) {
    const float e = std::min(length, t + dash);
    draw->AddLine(ImVec2(a.x + dx * t / length, a.y + dy * t / length),
                  ImVec2(a.x + dx * e / length, a.y + dy * e / length), color, thickness);
  }
}

}  // namespace

void dashed_rect(ImDrawList* draw, ImVec2 min, ImVec2 max, ImU32 color, float thickness, float dash) {
  dashed_line(draw, min, ImVec2(max.x, min.y), color, thickness, dash);
  dashed_line(draw, ImVec2(max.x, min.y), max, color, thickness, dash);
  dashed_line(draw, max, ImVec2(min.x, max.y), color, thickness, dash);
  dashed_line(draw, ImVec2(min.x, max.y), min, color, thickness, dash);
}

ScreenRect window_pixels(const GridPlacement& placement, const WindowRect& window) {
  return {placement.point(window.y0, window.x0), placement.point(window.y1, window.x1)};
}

ScreenRect clipped_to_grid(const GridPlacement& placement, const ScreenRect& rect) {
  const ImVec2 lo = placement.first_cell;
  const ImVec2 hi(lo.x + placement.cols * placement.pitch, lo.y + placement.rows * placement.pitch);
  return {ImVec2(std::clamp(rect.min.x, lo.x, hi.x), std::clamp(rect.min.y, lo.y, hi.y)),
          ImVec2(std::clamp(rect.max.x, lo.x, hi.x), std::clamp(rect.max.y, lo.y, hi.y))};
}

void draw_window(ImDrawList* draw, const GridPlacement& placement, const WindowRect& window) {
  const ScreenRect full = window_pixels(placement, window);
  const ScreenRect inside = clipped_to_grid(placement, full);
  const float thickness = std::max(3.0f, placement.pitch * 0.07f);
  const float rounding = std::min(8.0f, placement.pitch * 0.1f);
  if (full.max.x > inside.max.x + 0.5f || full.max.y > inside.max.y + 0.5f) {
    // ceil_mode: the part past the padded input has no cells; its outline is dashed.
    dashed_rect(draw, ImVec2(full.min.x - 1, full.min.y - 1), ImVec2(full.max.x + 1, full.max.y + 1),
                palette::kHighlight, thickness * 0.6f, std::max(4.0f, placement.pitch * 0.15f));
  }
  if (inside.max.x > inside.min.x && inside.max.y > inside.min.y) {
    draw->AddRect(ImVec2(inside.min.x - 1, inside.min.y - 1), ImVec2(inside.max.x + 1, inside.max.y + 1),
                  IM_COL32(10, 12, 16, 230), rounding, 0, thickness + 3);
    draw->AddRect(ImVec2(inside.min.x - 1, inside.min.y - 1), ImVec2(inside.max.x + 1, inside.max.y + 1),
                  palette::kHighlight, rounding, 0, thickness);
  }
}

void draw_ghost(ImDrawList* draw, const GridPlacement& placement, const WindowRect& ghost) {
  const ScreenRect r = clipped_to_grid(placement, window_pixels(placement, ghost));
  if (r.max.x <= r.min.x || r.max.y <= r.min.y) return;
  dashed_rect(draw, ImVec2(r.min.x + 2, r.min.y + 2), ImVec2(r.max.x - 2, r.max.y - 2), kGhost, 2.0f,
              std::max(4.0f, placement.pitch * 0.12f));
}

void draw_connector(ImDrawList* draw, const ScreenRect& from, const ScreenRect& to) {
  const ImVec2 a(from.max.x + 2, (from.min.y + from.max.y) * 0.5f);
  const ImVec2 b(to.min.x - 2, (to.min.y + to.max.y) * 0.5f);
  const float bend = std::max(30.0f, (b.x - a.x) * 0.45f);
  draw->AddBezierCubic(a, ImVec2(a.x + bend, a.y), ImVec2(b.x - bend, b.y), b, kConnector, 2.0f);
  draw->AddCircleFilled(a, 4.0f, kConnector);
  draw->AddCircleFilled(b, 4.0f, kConnector);
}

void draw_copy_arrow(ImDrawList* draw, ImVec2 from, ImVec2 to) {
  const float dx = to.x - from.x, dy = to.y - from.y;
  const float length = std::sqrt(dx * dx + dy * dy);
  if (length < 4) return;
  const float ux = dx / length, uy = dy / length;
  // A bow, so arrows to a neighbouring cell do not hide inside the cells' own outlines.
  const ImVec2 mid((from.x + to.x) * 0.5f - uy * length * 0.25f,
                   (from.y + to.y) * 0.5f + ux * length * 0.25f);
  draw->AddBezierQuadratic(from, mid, to, kCopyArrow, 2.5f);
  const float hx = to.x - mid.x, hy = to.y - mid.y;
  const float hl = std::max(1.0f, std::sqrt(hx * hx + hy * hy));
  const float tx = hx / hl, ty = hy / hl, head = 10;
  draw->AddTriangleFilled(
      to, ImVec2(to.x - tx * head - ty * head * 0.5f, to.y - ty * head + tx * head * 0.5f),
      ImVec2(to.x - tx * head + ty * head * 0.5f, to.y - ty * head - tx * head * 0.5f), kCopyArrow);
  draw->AddCircleFilled(from, 3.5f, kCopyArrow);
}

void draw_badge(ImDrawList* draw, ImFont* font, float size, ImVec2 center, const std::string& text,
                ImU32 color) {
  const ImVec2 e = font->CalcTextSizeA(size, FLT_MAX, 0, text.c_str());
  const ImVec2 min(std::floor(center.x - e.x * 0.5f - 8), std::floor(center.y - e.y * 0.5f - 4));
  const ImVec2 max(min.x + e.x + 16, min.y + e.y + 8);
  draw->AddRectFilled(min, max, IM_COL32(34, 38, 46, 240), 6.0f);
  draw->AddRect(min, max, color, 6.0f, 0, 1.5f);
  draw->AddText(font, size, ImVec2(min.x + 8, min.y + 4), color, text.c_str());
}

}  // namespace convstep
