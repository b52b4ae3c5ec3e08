// Draws one grid. Numbers are sized to the cell and shrunk to fit, so every value stays legible from
// the back of a classroom whenever the cell can hold it at all; cells outside the visible region are
// skipped, so a 64×64 input in a scrolled, zoomed stage costs only what is on screen.
#include "app/widgets/tensor_grid.h"

#include <algorithm>
#include <cmath>
#include <string>
#include <vector>

#include "core/step_text.h"

namespace convstep {
namespace {

constexpr float kMinTextSize = 9.0f;   // below this a number is noise, so it is left out
constexpr float kValueShare = 0.46f;   // a value's text size, as a share of the cell pitch
constexpr float kInsetShare = 0.035f;  // each side of a cell inset from its pitch
constexpr float kTextRoom = 0.88f;     // the share of a cell's width a number may take
constexpr ImU32 kTapLit = IM_COL32(255, 193, 7, 90);
constexpr ImU32 kHighlightFill = IM_COL32(120, 220, 255, 70);
constexpr ImU32 kHighlightLine = IM_COL32(120, 220, 255, 255);
constexpr ImU32 kHoverLine = IM_COL32(255, 255, 255, 255);
constexpr ImU32 kUnusedHatch = IM_COL32(0, 0, 0, 110);
constexpr ImU32 kCopiedFill = IM_COL32(52, 58, 70, 255);
constexpr ImU32 kCopiedText = IM_COL32(190, 200, 216, 255);
constexpr ImU32 kWinnerMark = IM_COL32(255, 215, 64, 255);

TensorRole tensor_role(StageRole role) {
  switch (role) {
    case StageRole::kInput:
      return TensorRole::kInput;
    case StageRole::kKernel:
      return TensorRole::kKernel;
    case StageRole::kOutput:
      break;
  }
  return TensorRole::kOutput;
}

// Centres `text` in the box, shrinking it until it fits; returns the size drawn, or 0 when it would be
// too small and nothing was drawn.
float centered_text(ImDrawList* draw, ImFont* font, float size, ImVec2 min, ImVec2 max, ImU32 color,
                    const char* text) {
  ImVec2 extent = font->CalcTextSizeA(size, FLT_MAX, 0, text);
  const float room = (max.x - min.x) * kTextRoom;
  if (extent.x > room) {
    size *= room / extent.x;
    extent = font->CalcTextSizeA(size, FLT_MAX, 0, text);
  }
  if (size < kMinTextSize) return 0;
  draw->AddText(
      font, size,
      ImVec2(std::floor((min.x + max.x - extent.x) * 0.5f), std::floor((min.y + max.y - extent.y) * 0.5f)),
      color, text);
  return size;
}

// "value×weight" as the article labels a covered cell: the value in the cell's text colour and
// "×weight" in the kernel's. Returns the size drawn, or 0, drawing nothing, when that would be too
// small to read.
float value_times_weight(ImDrawList* draw, const Fonts& fonts, float size, float least, ImVec2 min,
                         ImVec2 max, ImU32 value_color, ImU32 weight_color, const std::string& value,
                         const std::string& weight) {
  // Below the least legible size the label gives way to the value alone (the product is in the
  // arithmetic below the grids).
  const float kLeastSize = std::max(12.0f, least);
  std::string times = "\xC3\x97";
  times += weight;
  const float room = (max.x - min.x) * 0.92f;
  if (size < kLeastSize) return 0;
  ImVec2 a = fonts.large->CalcTextSizeA(size, FLT_MAX, 0, value.c_str());
  ImVec2 b = fonts.large->CalcTextSizeA(size, FLT_MAX, 0, times.c_str());
  if (a.x + b.x > room) {
    size *= room / (a.x + b.x);
    if (size < kLeastSize) return 0;
    a = fonts.large->CalcTextSizeA(size, FLT_MAX, 0, value.c_str());
    b = fonts.large->CalcTextSizeA(size, FLT_MAX, 0, times.c_str());
  }
  const float x = std::floor((min.x + max.x - a.x - b.x) * 0.5f);
  const float y = std::floor((min.y + max.y - a.y) * 0.5f);
  draw->AddText(fonts.large, size, ImVec2(x, y), value_color, value.c_str());
  draw->AddText(fonts.large, size, ImVec2(x + a.x, y), weight_color, times.c_str());
  return size;
}

// The "×weight" part of a label: a light green on dark cells, where green still reads clearly; on
// light and mid-tone cells the cell's own text colour, since no green keeps enough contrast there.
ImU32 weight_text_for(ImU32 fill) {
  return relative_luminance(fill) < 0.18f ? IM_COL32(150, 240, 170, 255) : text_color_for(fill);
}

void hatch(ImDrawList* draw, ImVec2 min, ImVec2 max, ImU32 color) {
  const float step = std::max(5.0f, (max.x - min.x) / 5);
  draw->PushClipRect(min, max, true);
  for (float d = -(max.y - min.y); d < max.x - min.x; d += step)
    draw->AddLine(ImVec2(min.x + d, max.y), ImVec2(min.x + d + (max.y - min.y), min.y), color, 1.5f);
  draw->PopClipRect();
}

std::string index_label(const GridModel& grid, bool row, int i) {
  if (row && grid.rows_are_channels) {
    if (grid.rows == 1) return "";  // one channel: nothing to tell apart
    std::string label = "c";
    label += std::to_string(grid.channel + i);
    return label;
  }
  const int pad = row ? grid.pad_top : grid.pad_left;
  const int v = i - pad;
  if (v < 0) return "";
  // Trailing padding has no index either: find it from the cells' kinds along the first real row/col.
  if (grid.role == StageRole::kInput) {
    const CellModel& cell =
        row ? grid.at(i, std::min(grid.pad_left, grid.cols - 1))
            : grid.at(grid.rows_are_channels ? 0 : std::min(grid.pad_top, grid.rows - 1), i);
    if (cell.kind != CellKind::kValue) return "";
  }
  return std::to_string(v);
}

// What every cell of one grid shares: its size, how far it is inset, its corners and its number's size.
struct CellLook {
  float pitch = 0;
  bool heatmap = false;  // too small for numbers: plain colour, thinner marks
  float inset = 0;
  float rounding = 0;
  float value_size = 0;
};

CellLook cell_look(const GridStyle& style, const Fonts& fonts) {
  CellLook look;
  look.pitch = style.pitch;
  look.heatmap = look.pitch < kHeatmapBelowPitch;
  look.inset = look.heatmap ? (look.pitch >= 6 ? 0.5f : 0.0f) : std::max(1.0f, look.pitch * kInsetShare);
  look.rounding = look.heatmap ? 0 : std::min(6.0f, look.pitch * 0.08f);
  look.value_size = std::min(fonts.large->FontSize, look.pitch * kValueShare);
  return look;
}

// The column numbers above the cells and the row numbers (or channel names) left of them.
void draw_indices(ImDrawList* draw, ImVec2 origin, const GridPlacement& placement, const GridModel& grid,
                  const Fonts& fonts) {
  const float p = placement.pitch;
  const float index_size = std::min(fonts.small->FontSize, p * 0.4f);
  for (int c = 0; c < grid.cols; ++c) {
    const ImVec2 min(placement.first_cell.x + c * p, origin.y);
    const std::string label = index_label(grid, false, c);
    if (!label.empty())
      centered_text(draw, fonts.small, index_size, min, ImVec2(min.x + p, placement.first_cell.y - 2),
                    palette::kDimText, label.c_str());
  }
  for (int r = 0; r < grid.rows; ++r) {
    const ImVec2 min(origin.x - (grid.rows_are_channels ? 6 : 0), placement.first_cell.y + r * p);
    const std::string label = index_label(grid, true, r);
    if (!label.empty())
      centered_text(draw, fonts.small, index_size, min, ImVec2(placement.first_cell.x - 2, min.y + p),
                    palette::kDimText, label.c_str());
  }
}

// Small cells: the tensor's own cells (not its padding) in one textured quad, coloured by the shader.
void draw_inner_heatmap(ImDrawList* draw, const GridPlacement& placement, const GridModel& grid,
                        const GridStyle& style) {
  std::vector<float> values(static_cast<size_t>(grid.inner_rows) * grid.inner_cols);
  for (int r = 0; r < grid.inner_rows; ++r)
    for (int c = 0; c < grid.inner_cols; ++c) {
      const CellModel& cell = grid.at(r + grid.pad_top, c + grid.pad_left);
      values[static_cast<size_t>(r) * grid.inner_cols + c] = cell.kind == CellKind::kEmpty ? NAN : cell.value;
    }
  HeatmapSpec spec;
  spec.rows = grid.inner_rows;
  spec.cols = grid.inner_cols;
  spec.values = values;
  spec.palette = style.palette;
  spec.role = tensor_role(grid.role);
  spec.range = grid.range;
  const float p = placement.pitch;
  const ImVec2 min = placement.cell_min(grid.pad_top, grid.pad_left);
  style.heatmap->draw(draw, min, ImVec2(min.x + grid.inner_cols * p, min.y + grid.inner_rows * p), spec);
}

// A cell's fill, its border and the tints that sit under its number (unused hatch, lit tap, highlight).
void draw_cell_fill(ImDrawList* draw, const CellModel& cell, ImU32 fill, ImVec2 min, ImVec2 max,
                    const CellLook& look, bool filled_by_gpu) {
  if (!filled_by_gpu) draw->AddRectFilled(min, max, fill, look.rounding);
  if (cell.kind == CellKind::kEmpty && !look.heatmap)
    draw->AddRect(min, max, palette::kEmptyBorder, look.rounding, 0, 1.0f);
  if (cell.kind == CellKind::kCopiedPadding && !look.heatmap)
    draw->AddRect(min, max, IM_COL32(110, 120, 140, 255), look.rounding, 0, 1.0f);
  if (cell.has(kUnused)) hatch(draw, min, max, kUnusedHatch);
  if (cell.has(kLitTap)) draw->AddRectFilled(min, max, kTapLit, look.rounding);
  if (cell.has(kHighlighted)) draw->AddRectFilled(min, max, kHighlightFill, look.rounding);
}

// The cell's number; window cells of a convolution read "value×weight", or carry the weight as a
// corner note when the cell is too narrow for both on one line. Returns the value's text size (0: none).
float draw_cell_number(ImDrawList* draw, const GridModel& grid, const CellModel& cell, ImU32 fill, ImVec2 min,
                       ImVec2 max, const CellLook& look, const GridStyle& style, const Fonts& fonts) {
  const std::string value = shown_value(grid, cell);
  const bool padding = cell.kind != CellKind::kValue;
  const ImU32 text = padding ? (cell.kind == CellKind::kZeroPadding ? palette::kPaddingText : kCopiedText)
                             : text_color_for(fill);
  const bool note = style.weight_notes && cell.has(kInWindow);
  if (note) {
    if (const float drawn =
            value_times_weight(draw, fonts, look.value_size * 0.8f, style.least_value_px, min, max, text,
                               weight_text_for(fill), value, shown_weight(grid, cell)))
      return drawn;
  }
  const float padding_size =
      std::max(look.value_size * 0.85f, std::min(look.value_size, style.least_value_px));
  const float drawn = centered_text(draw, fonts.large, padding ? padding_size : look.value_size, min, max,
                                    text, value.c_str());
  if (note && look.pitch >= 32) {
    std::string corner = "\xC3\x97";
    corner += shown_weight(grid, cell);
    const float size = std::max(kMinTextSize, look.pitch * 0.26f);
    const ImVec2 e = fonts.small->CalcTextSizeA(size, FLT_MAX, 0, corner.c_str());
    draw->AddText(fonts.small, size, ImVec2(max.x - e.x - 2, max.y - e.y), weight_text_for(fill),
                  corner.c_str());
  }
  return drawn;
}

// The max pool's winner: a gold frame, and a "max" tab when the cell is big enough to hold one.
void draw_winner_mark(ImDrawList* draw, ImVec2 min, ImVec2 max, const CellLook& look, const Fonts& fonts) {
  const float p = look.pitch;
  const float t = std::max(2.0f, p * 0.07f);
  draw->AddRect(ImVec2(min.x + t, min.y + t), ImVec2(max.x - t, max.y - t), kWinnerMark, look.rounding, 0, t);
  if (look.heatmap || p < 36) return;
  // A tab inside the cell's bottom edge, dark on gold, readable on any fill; inside, so the column
  // numbers above and the window outline never cover it.
  const float size = std::max(kMinTextSize, std::min(fonts.small->FontSize, p * 0.24f));
  const ImVec2 e = fonts.small->CalcTextSizeA(size, FLT_MAX, 0, "max");
  const ImVec2 tab_min(min.x + (max.x - min.x - e.x) * 0.5f - 4, max.y - t - e.y);
  draw->AddRectFilled(tab_min, ImVec2(tab_min.x + e.x + 8, tab_min.y + e.y), kWinnerMark, 3.0f);
  draw->AddText(fonts.small, size, ImVec2(tab_min.x + 4, tab_min.y), IM_COL32(20, 20, 20, 255), "max");
}

// The outlines over a cell: the current output or tap, a dilated window's taps, the hovered cell's
// source and the highlighted cells.
void draw_cell_outlines(ImDrawList* draw, const CellModel& cell, ImVec2 min, ImVec2 max, const CellLook& look,
                        const GridStyle& style) {
  const float p = look.pitch;
  if (cell.has(kCurrent) || cell.has(kCurrentTap)) {
    // Amber over a dark rim, so the mark stands out on light fills as well as dark ones.
    const float t = std::max(2.5f, p * 0.07f);
    draw->AddRect(ImVec2(min.x - 1, min.y - 1), ImVec2(max.x + 1, max.y + 1), IM_COL32(10, 12, 16, 255),
                  look.rounding, 0, t + 2.5f);
    draw->AddRect(ImVec2(min.x - 1, min.y - 1), ImVec2(max.x + 1, max.y + 1), palette::kHighlight,
                  look.rounding, 0, t);
  } else if (style.outline_taps && cell.has(kInWindow)) {
    draw->AddRect(min, max, palette::kHighlight, look.rounding, 0, std::max(1.5f, p * 0.04f));
  }
  if (cell.has(kHoverSource)) {
    draw->AddRect(min, max, kHoverLine, look.rounding, 0, 2.0f);
  } else if (cell.has(kHighlighted)) {
    draw->AddRect(min, max, kHighlightLine, look.rounding, 0, look.heatmap ? 1.0f : 2.0f);
  }
}

}  // namespace

bool GridPlacement::hit(ImVec2 p, int* r, int* c) const {
  if (pitch <= 0) return false;
  const float fx = (p.x - first_cell.x) / pitch, fy = (p.y - first_cell.y) / pitch;
  if (fx < 0 || fy < 0 || fx >= cols || fy >= rows) return false;
  *r = static_cast<int>(fy);
  *c = static_cast<int>(fx);
  return true;
}

float legible_pitch(const GridModel& grid, const Fonts& fonts, float px) {
  float widest = 0;
  for (int r = 0; r < grid.rows; ++r)
    for (int c = 0; c < grid.cols; ++c) {
      const CellModel& cell = grid.at(r, c);
      if (cell.kind == CellKind::kEmpty) continue;
      widest =
          std::max(widest, fonts.large->CalcTextSizeA(px, FLT_MAX, 0, shown_value(grid, cell).c_str()).x);
    }
  return legible_pitch_for_width(widest, px);
}

float legible_pitch_for_width(float text_width, float px) {
  // The text's room is the cell less its insets; the +1 absorbs rounding the pitch down to whole pixels.
  const float for_width = text_width / (kTextRoom * (1 - 2 * kInsetShare)) + 1;
  return std::ceil(std::max(px / kValueShare, for_width));
}

float grid_gutter(const GridStyle& style, const Fonts& fonts) {
  if (!style.show_indices) return 0;
  return std::floor(std::min(fonts.small->FontSize, style.pitch * 0.4f) + 6.0f);
}

ImVec2 grid_extent(const GridModel& grid, const GridStyle& style, const Fonts& fonts) {
  const float g = grid_gutter(style, fonts);
  return ImVec2(g + grid.cols * style.pitch, g + grid.rows * style.pitch);
}

ImU32 cell_fill(const GridModel& grid, const CellModel& cell, PaletteKind palette) {
  switch (cell.kind) {
    case CellKind::kValue:
      return cell_color(palette, tensor_role(grid.role), cell.value, grid.range);
    case CellKind::kZeroPadding:
      return palette::kPaddingFill;
    case CellKind::kCopiedPadding:
      return kCopiedFill;
    case CellKind::kEmpty:
      break;
  }
  return palette::kEmptyFill;
}

GridPlacement draw_grid(ImDrawList* draw, ImVec2 origin, const GridModel& grid, const GridStyle& style,
                        const Fonts& fonts, GridTextStats* stats) {
  GridTextStats text;
  const float gut = grid_gutter(style, fonts);
  const CellLook look = cell_look(style, fonts);
  const float p = look.pitch;
  GridPlacement placement{ImVec2(origin.x + gut, origin.y + gut), p, grid.rows, grid.cols};
  const ImVec2 clip_min = draw->GetClipRectMin(), clip_max = draw->GetClipRectMax();

  if (style.show_indices && !look.heatmap) draw_indices(draw, origin, placement, grid, fonts);
  const bool gpu_inner = look.heatmap && style.heatmap && grid.inner_rows > 0 && grid.inner_cols > 0;
  if (gpu_inner) draw_inner_heatmap(draw, placement, grid, style);

  for (int r = 0; r < grid.rows; ++r) {
    const float y0 = placement.first_cell.y + r * p;
    if (y0 > clip_max.y || y0 + p < clip_min.y) continue;
    for (int c = 0; c < grid.cols; ++c) {
      const float x0 = placement.first_cell.x + c * p;
      if (x0 > clip_max.x || x0 + p < clip_min.x) continue;
      const CellModel& cell = grid.at(r, c);
      const ImVec2 min(x0 + look.inset, y0 + look.inset), max(x0 + p - look.inset, y0 + p - look.inset);
      const ImU32 fill = cell_fill(grid, cell, style.palette);
      const bool inner = r >= grid.pad_top && r < grid.pad_top + grid.inner_rows && c >= grid.pad_left &&
                         c < grid.pad_left + grid.inner_cols;
      draw_cell_fill(draw, cell, fill, min, max, look, gpu_inner && inner);
      if (cell.kind != CellKind::kEmpty) {
        const float drawn =
            look.heatmap ? 0 : draw_cell_number(draw, grid, cell, fill, min, max, look, style, fonts);
        if (drawn <= 0) text.values_shown = false;
        if (drawn > 0) text.value_px = text.value_px > 0 ? std::min(text.value_px, drawn) : drawn;
      }
      if (cell.has(kWinner)) draw_winner_mark(draw, min, max, look, fonts);
      draw_cell_outlines(draw, cell, min, max, look, style);
    }
  }
  if (grid.dimmed) {
    draw->AddRectFilled(
        placement.first_cell,
        ImVec2(placement.first_cell.x + grid.cols * p, placement.first_cell.y + grid.rows * p),
        IM_COL32(20, 23, 28, 150));
  }
  if (stats) *stats = text;
  return placement;
}

}  // namespace convstep
