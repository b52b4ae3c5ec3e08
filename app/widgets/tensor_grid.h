// One grid of the stage drawn with ImDrawList from its GridModel: cells shaded on the palette's scale
// with a legible number, padding ghosts greyed, empty outputs outlined, window taps labelled
// "value×weight", and highlight marks. Small cells become a plain heatmap (numbers on hover).
#pragma once

#include <optional>

#include <imgui.h>

#include "app/stage/stage_model.h"
#include "app/widgets/heatmap.h"
#include "app/widgets/palette.h"
#include "app/widgets/theme.h"

namespace convstep {

// Below this pitch a cell holds no legible number: the grid is drawn as a heatmap.
inline constexpr float kHeatmapBelowPitch = 18.0f;

struct GridStyle {
  PaletteKind palette = PaletteKind::kColorBlindSafe;
  float pitch = 40;           // one cell plus the gap after it
  bool show_indices = false;  // row/column numbers (the input's own, not the padded ones)
  bool weight_notes = false;  // convolutions: window cells read "value×weight"
  bool outline_taps = false;  // dilation: each covered cell outlined, the skipped ones not
  // Below kHeatmapBelowPitch the tensor's own cells are drawn by this GPU heatmap when given (the
  // padding ring and the marks stay ImDrawList work); without it, as plain rectangles.
  Heatmap* heatmap = nullptr;
};

// Where a grid landed on screen.
struct GridPlacement {
  ImVec2 first_cell;  // top-left of cell (0, 0)
  float pitch = 0;
  int rows = 0, cols = 0;

  ImVec2 cell_min(int r, int c) const { return ImVec2(first_cell.x + c * pitch, first_cell.y + r * pitch); }
  ImVec2 cell_center(int r, int c) const {
    return ImVec2(first_cell.x + (c + 0.5f) * pitch, first_cell.y + (r + 0.5f) * pitch);
  }
  // The point at fractional cell coordinates (x, y).
  ImVec2 point(float y, float x) const { return ImVec2(first_cell.x + x * pitch, first_cell.y + y * pitch); }
  // The cell under `p`, if any.
  bool hit(ImVec2 p, int* r, int* c) const;
};

// Room for the row/column numbers left of and above the cells.
float grid_gutter(const GridStyle& style, const Fonts& fonts);
ImVec2 grid_extent(const GridModel& grid, const GridStyle& style, const Fonts& fonts);

// Draws at `origin` (top-left of grid_extent) and says where the cells went.
GridPlacement draw_grid(ImDrawList* draw, ImVec2 origin, const GridModel& grid, const GridStyle& style,
                        const Fonts& fonts);

// The fill a cell gets (also used by tooltips and legends).
ImU32 cell_fill(const GridModel& grid, const CellModel& cell, PaletteKind palette);

}  // namespace convstep
