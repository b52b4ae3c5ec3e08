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

#include "app/widgets/stage_model.h"
#include "app/widgets/stage_state.h"
#include "app/widgets/theme.h"

namespace convstep {

// A typed cell value. Input: batch/channel/y/x (tensor coordinates). Weight: channel = out channel,
// in_channel, y/x.
struct StageCellEdit {
  bool weight = false;
  int64_t batch = 0, channel = 0, in_channel = 0, y = 0, x = 0;
  float value = 0;
};

// What the stage asked for this frame; the grids panel turns it into Actions.
struct StageRequests {
  std::vector<StageCellEdit> cell_edits;
};

// Draws the stage into a child region of `size` at the cursor.
StageRequests draw_stage(const StageInput& in, float running, StageState& state, const Fonts& fonts,
                         ImVec2 size);

// Parses a typed cell value: "3", "-0.5", "−2" (a typographic minus), "1/9". Empty when unreadable.
std::optional<float> parse_cell_value(const std::string& text);

}  // namespace convstep
