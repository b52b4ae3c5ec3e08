// A tensor slice drawn as a grid of numbered cells with ImDrawList: values shaded in their role's
// colour family, padding cells dimmed, not-yet-computed cells empty, and the kernel window outlined.
// The caller fills the cells from the stepper; this file only draws.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include <imgui.h>

#include "app/widgets/theme.h"

namespace convstep {

enum class CellKind {
  kValue,    // a tensor element
  kPadding,  // a padding cell (its value is what the window reads there)
  kEmpty,    // an output not computed yet
};

struct GridCell {
  CellKind kind = CellKind::kValue;
  float value = 0;
  bool tap = false;      // read by the current window: outlined
  bool current = false;  // the output being computed: outlined boldly
  std::string note;      // small text in the corner, e.g. "×1"
};

// A rectangle in cell units (fractional while the window slides).
struct CellRect {
  float y0 = 0, x0 = 0, y1 = 0, x1 = 0;
};

struct GridSpec {
  int rows = 0;
  int cols = 0;
  std::vector<GridCell> cells;  // row-major, rows * cols
  ColorFamily family;
  float low = 0, high = 1;  // value range mapped onto the family
  std::optional<CellRect> window;
  bool show_indices = false;  // row/column numbers along the top and left
  // Index labels; when empty, rows and columns are numbered from 0. Padding cells get "" so the
  // numbers stay the input's own coordinates.
  std::vector<std::string> row_labels;
  std::vector<std::string> col_labels;
};

// Space a grid of this size takes, including its index labels.
ImVec2 grid_extent(const GridSpec& spec, float cell, const Fonts& fonts);

// Draws at `origin` (top-left of the extent above).
void draw_tensor_grid(ImDrawList* draw, ImVec2 origin, const GridSpec& spec, float cell, const Fonts& fonts);

// The smallest and largest finite value among value cells, for shading.
void value_range(const std::vector<GridCell>& cells, float* low, float* high);

}  // namespace convstep
