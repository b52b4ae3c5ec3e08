// Draws one tensor slice as a grid. Text is sized to the cell and shrunk to fit, so every number stays
// legible from the back of a classroom whenever the cell is big enough to hold it at all.
#include "app/widgets/tensor_grid.h"

#include <algorithm>
#include <cmath>
#include <string>

#include "app/widgets/step_text.h"

namespace convstep {
namespace {

constexpr float kMinTextSize = 9.0f;  // below this a number is noise, so it is left out

float gutter(const GridSpec& spec, float cell, const Fonts& fonts) {
  if (!spec.show_indices) return 0;
  return std::min(fonts.small->FontSize, cell * 0.4f) + 6.0f;
}

// Centres `text` in the box, shrinking it until it fits the box's width.
void centered_text(ImDrawList* draw, ImFont* font, float size, ImVec2 min, ImVec2 max, ImU32 color,
                   const std::string& text) {
  ImVec2 extent = font->CalcTextSizeA(size, FLT_MAX, 0, text.c_str());
  const float room = (max.x - min.x) * 0.88f;
  if (extent.x > room) {
    size *= room / extent.x;
    extent = font->CalcTextSizeA(size, FLT_MAX, 0, text.c_str());
  }
  if (size < kMinTextSize) return;
  const ImVec2 pos(std::floor((min.x + max.x - extent.x) * 0.5f),
                   std::floor((min.y + max.y - extent.y) * 0.5f));
  draw->AddText(font, size, pos, color, text.c_str());
}

}  // namespace

void value_range(const std::vector<GridCell>& cells, float* low, float* high) {
  bool any = false;
  *low = 0;
  *high = 1;
  for (const GridCell& c : cells) {
    if (c.kind != CellKind::kValue || !std::isfinite(c.value)) continue;
    if (!any) {
      *low = *high = c.value;
      any = true;
    }
    *low = std::min(*low, c.value);
    *high = std::max(*high, c.value);
  }
}

ImVec2 grid_extent(const GridSpec& spec, float cell, const Fonts& fonts) {
  const float g = gutter(spec, cell, fonts);
  return ImVec2(g + spec.cols * cell, g + spec.rows * cell);
}

void draw_tensor_grid(ImDrawList* draw, ImVec2 origin, const GridSpec& spec, float cell, const Fonts& fonts) {
  const float g = gutter(spec, cell, fonts);
  const ImVec2 top_left(origin.x + g, origin.y + g);
  const float inset = std::max(1.0f, cell * 0.035f);
  const float rounding = std::min(6.0f, cell * 0.08f);
  const float value_size = std::min(fonts.large->FontSize, cell * 0.48f);
  const float note_size = std::min(fonts.small->FontSize, cell * 0.26f);

  if (spec.show_indices) {
    const float index_size = std::min(fonts.small->FontSize, cell * 0.4f);
    for (int c = 0; c < spec.cols; ++c) {
      const ImVec2 min(top_left.x + c * cell, origin.y);
      const std::string label = spec.col_labels.empty() ? std::to_string(c) : spec.col_labels[c];
      centered_text(draw, fonts.small, index_size, min, ImVec2(min.x + cell, top_left.y - 2),
                    palette::kDimText, label);
    }
    for (int r = 0; r < spec.rows; ++r) {
      const ImVec2 min(origin.x, top_left.y + r * cell);
      const std::string label = spec.row_labels.empty() ? std::to_string(r) : spec.row_labels[r];
      centered_text(draw, fonts.small, index_size, min, ImVec2(top_left.x - 2, min.y + cell),
                    palette::kDimText, label);
    }
  }

  const float span = spec.high - spec.low;
  for (int r = 0; r < spec.rows; ++r) {
    for (int c = 0; c < spec.cols; ++c) {
      const GridCell& cell_data = spec.cells[static_cast<size_t>(r) * spec.cols + c];
      const ImVec2 min(top_left.x + c * cell + inset, top_left.y + r * cell + inset);
      const ImVec2 max(top_left.x + (c + 1) * cell - inset, top_left.y + (r + 1) * cell - inset);
      switch (cell_data.kind) {
        case CellKind::kValue: {
          // A constant tensor has no range; it is drawn mid-family rather than at one extreme.
          const float t = span > 0 ? (cell_data.value - spec.low) / span : 0.6f;
          draw->AddRectFilled(min, max, family_color(spec.family, t), rounding);
          centered_text(draw, fonts.large, value_size, min, max, palette::kCellText,
                        display_number(cell_data.value));
          break;
        }
        case CellKind::kPadding:
          draw->AddRectFilled(min, max, palette::kPaddingFill, rounding);
          centered_text(draw, fonts.large, value_size * 0.85f, min, max, palette::kPaddingText,
                        display_number(cell_data.value));
          break;
        case CellKind::kEmpty:
          draw->AddRectFilled(min, max, palette::kEmptyFill, rounding);
          draw->AddRect(min, max, palette::kEmptyBorder, rounding, 0, 1.0f);
          break;
      }
      if (!cell_data.note.empty() && note_size >= kMinTextSize) {
        const ImVec2 extent = fonts.small->CalcTextSizeA(note_size, FLT_MAX, 0, cell_data.note.c_str());
        draw->AddText(fonts.small, note_size, ImVec2(max.x - extent.x - 3, max.y - extent.y - 1),
                      palette::kWeightNote, cell_data.note.c_str());
      }
      if (cell_data.current) {
        draw->AddRect(ImVec2(min.x - 1, min.y - 1), ImVec2(max.x + 1, max.y + 1), palette::kHighlight,
                      rounding, 0, std::max(2.5f, cell * 0.06f));
      } else if (cell_data.tap) {
        draw->AddRect(min, max, palette::kHighlight, rounding, 0, 1.5f);
      }
    }
  }

  if (spec.window) {
    // Clipped to the grid: a ceil_mode window may overhang past the padded input.
    const CellRect& w = *spec.window;
    const float y0 = std::clamp(w.y0, 0.0f, static_cast<float>(spec.rows));
    const float y1 = std::clamp(w.y1, 0.0f, static_cast<float>(spec.rows));
    const float x0 = std::clamp(w.x0, 0.0f, static_cast<float>(spec.cols));
    const float x1 = std::clamp(w.x1, 0.0f, static_cast<float>(spec.cols));
    if (y1 > y0 && x1 > x0) {
      const float pad = 1.0f;
      draw->AddRect(ImVec2(top_left.x + x0 * cell - pad, top_left.y + y0 * cell - pad),
                    ImVec2(top_left.x + x1 * cell + pad, top_left.y + y1 * cell + pad), palette::kHighlight,
                    rounding + 2, 0, std::max(3.0f, cell * 0.06f));
    }
  }
}

}  // namespace convstep
