// The stage: input ∗ kernel = output drawn from a StageModel, fitted to the region and zoomed, with
// the sliding window, its ghost, the connector to the current output, hover/pin highlights both ways,
// padding-copy arrows and pooling badges. Records every grid and highlight into StageState::layout and
// returns what the user asked for (cell edits) without touching the scene.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include <imgui.h>

#include "app/stage/stage_model.h"
#include "app/stage/stage_state.h"
#include "app/widgets/theme.h"
#include "core/cell_edit.h"

namespace convstep {

// What the stage asked for this frame; the grids panel turns it into Actions.
struct StageRequests {
  std::vector<CellEdit> cell_edits;  // core/cell_edit.h
  std::optional<int64_t> seek;       // the step of a computed output cell that was clicked
  std::optional<CellRef> picked;     // quiz mode: the input cell clicked as an answer
};

// Draws the stage into a child region of `size` at the cursor. Records into state.layout every grid
// (role "input"/"kernel"/"output", x/y of cell (0, 0), pitch, rows/cols with the padding ring) and
// these rects, in window pixels: "window" (the part inside the padded input, per input slice read),
// "partial_window" (ceil_mode: the whole window, overhang included), "ghost" (the previous position),
// "current_output", "winner" (max pool), and for the hovered or pinned cell the bounding box of what
// it lights up per grid: "receptive_field" (an output's taps), "outputs_reading" (outputs reading an
// input cell), "kernel_meets" (the input cell a kernel cell meets), plus "copy_source" (the cell a
// padding copy mirrors).
StageRequests draw_stage(const StageInput& in, float running, StageState& state, const Fonts& fonts,
                         ImVec2 size);

// Parses a typed cell value: "3", "-0.5", "−2" (a typographic minus), "1/9". Empty when unreadable.
std::optional<float> parse_cell_value(const std::string& text);

}  // namespace convstep
