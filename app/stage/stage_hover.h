// Hover, both ways: which cells light up when a cell of the stage is hovered or pinned. An output cell
// lights its receptive field (the taps of its own step), an input cell every output whose window
// reads it, a kernel cell the input cells it meets at the current step. Pure, so tests need no window.
#pragma once

#include <vector>

#include "app/stage/stage_state.h"
#include "core/stepper.h"

namespace convstep {

// Cells to highlight for `focus`; `current` is the snapshot on screen (for kernel cells). Input cells
// come back in padded coordinates, outputs as (channel, y, x), all of the current batch.
std::vector<CellRef> highlighted_cells(const Stepper& stepper, const Snapshot& current, const CellRef& focus);

// The outputs (as step indices) whose window covers padded input cell (channel, py, px) of `batch`,
// padding cells included: what hovering a ghost cell of the padding ring shows.
std::vector<int64_t> steps_covering_padded(const Stepper& stepper, int64_t batch, int64_t channel, int64_t py,
                                           int64_t px);

}  // namespace convstep
