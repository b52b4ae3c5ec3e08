// The stage: input ∗ kernel = output, each channel slice drawn as a grid, the current window outlined on
// the (padded) input and the output filling in as the steps go. Everything comes from the StepView.
#pragma once

#include <imgui.h>

#include "app/app.h"

namespace convstep {

// Draws into the current ImGui window, in a region of the given size at the cursor.
void draw_grids_panel(const App& app, ImVec2 size);

}  // namespace convstep
