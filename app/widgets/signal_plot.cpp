// Bars share the grid's colour scale and a zero baseline placed by the finite values' range, so
// negative samples hang below it; −∞ padding of a max pool is drawn as a short grey stub.
#include "app/widgets/signal_plot.h"

#include <algorithm>
#include <cmath>

namespace convstep {

std::pair<float, float> signal_plot_bounds(const GridModel& grid) {
  // The grid's colour range spans the whole walk (an output's covers the values still to come), so a bar's
  // height means the same at every step; cells outside it (padding copies) widen it.
  float lo = std::isfinite(grid.range.lo) ? std::min(0.0f, grid.range.lo) : 0.0f;
  float hi = std::isfinite(grid.range.hi) ? std::max(0.0f, grid.range.hi) : 0.0f;
  for (const CellModel& cell : grid.cells) {
    if (cell.kind == CellKind::kEmpty || !std::isfinite(cell.value)) continue;
    lo = std::min(lo, cell.value);
    hi = std::max(hi, cell.value);
  }
  if (hi - lo <= 0) hi = lo + 1;
  return {lo, hi};
}

void draw_signal_plot(ImDrawList* draw, const GridModel& grid, const GridPlacement& placement, float top,
                      float height, PaletteKind palette) {
  if (grid.rows <= 0 || grid.cols <= 0 || height < 8) return;
  const auto [lo, hi] = signal_plot_bounds(grid);
  const float scale = (height - 2) / (hi - lo);
  const float baseline = top + 1 + hi * scale;
  const float left = placement.first_cell.x, right = left + grid.cols * placement.pitch;
  draw->AddLine(ImVec2(left, baseline), ImVec2(right, baseline), IM_COL32(90, 96, 110, 255), 1.0f);

  const float band = placement.pitch * 0.7f / static_cast<float>(grid.rows);
  for (int c = 0; c < grid.cols; ++c) {
    const float column_left = left + c * placement.pitch + placement.pitch * 0.15f;
    for (int r = 0; r < grid.rows; ++r) {
      const CellModel& cell = grid.at(r, c);
      if (cell.kind == CellKind::kEmpty) continue;
      const float x0 = column_left + r * band, x1 = x0 + std::max(1.0f, band - 1);
      if (!std::isfinite(cell.value)) {
        draw->AddRectFilled(ImVec2(x0, baseline), ImVec2(x1, baseline + 3), palette::kPaddingFill);
        continue;
      }
      const float y = baseline - cell.value * scale;
      const ImU32 color =
          cell.kind == CellKind::kValue ? cell_fill(grid, cell, palette) : palette::kPaddingFill;
      draw->AddRectFilled(ImVec2(x0, std::min(y, baseline)), ImVec2(x1, std::max(y, baseline) + 0.5f), color);
      // A light edge, so dark bars stay visible on the dark background.
      draw->AddRect(ImVec2(x0, std::min(y, baseline)), ImVec2(x1, std::max(y, baseline) + 0.5f),
                    IM_COL32(150, 160, 180, 120));
      if (cell.has(kInWindow) || cell.has(kCurrent))
        draw->AddRect(ImVec2(x0, std::min(y, baseline)), ImVec2(x1, std::max(y, baseline) + 0.5f),
                      palette::kHighlight, 0, 0, 1.5f);
    }
  }
}

}  // namespace convstep
