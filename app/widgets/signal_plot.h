// A bar plot of a 1-D signal drawn above its row of cells, one bar per cell and channels side by
// side within a column, so the learner sees the signal's shape and the numbers line up with the bars.
#pragma once

#include <utility>

#include <imgui.h>

#include "app/stage/stage_model.h"
#include "app/widgets/palette.h"
#include "app/widgets/tensor_grid.h"

namespace convstep {

// Draws the bars of a 1-D grid (rows are channels) in the band [top, top + height) over the columns
// of `placement`. Padding ghosts get grey bars, outputs not computed yet none.
// The value range the bars span: the grid's colour range (the whole walk's values) with 0, widened by any
// cell outside it; never empty.
std::pair<float, float> signal_plot_bounds(const GridModel& grid);
void draw_signal_plot(ImDrawList* draw, const GridModel& grid, const GridPlacement& placement, float top,
                      float height, PaletteKind palette);

}  // namespace convstep
