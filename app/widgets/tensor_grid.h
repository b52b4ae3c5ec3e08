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
  // Padding values are drawn a little smaller than the tensor's, but never below this.
  float least_value_px = 0;
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

// What a drawn grid's numbers came to: tests (through --layout) check that nothing went unlabelled.
struct GridTextStats {
  bool values_shown = true;  // every non-empty cell drawn on screen has its value drawn
  float value_px = 0;        // the smallest value text drawn (font size in pixels); 0 when none was
};

// The smallest pitch at which every number of `grid` is drawn at least `px` tall, by the same rules
// draw_grid sizes them with.
float legible_pitch(const GridModel& grid, const Fonts& fonts, float px);
// The same for one number `text` wide at `px`.
float legible_pitch_for_width(float text_width, float px);

// Room for the row/column numbers left of and above the cells.
float grid_gutter(const GridStyle& style, const Fonts& fonts);
ImVec2 grid_extent(const GridModel& grid, const GridStyle& style, const Fonts& fonts);

// Draws at `origin` (top-left of grid_extent) and says where the cells went; `stats`, when given,
// receives how the numbers came out.
GridPlacement draw_grid(ImDrawList* draw, ImVec2 origin, const GridModel& grid, const GridStyle& style,
                        const Fonts& fonts, GridTextStats* stats = nullptr);

// The fill a cell gets (also used by tooltips and legends).
ImU32 cell_fill(const GridModel& grid, const CellModel& cell, PaletteKind palette);

}  // namespace convstep
