// The stage panel: a toolbar (randomize, clear, kernel preset, zoom) over input ∗ kernel = output, drawn
// from the App's StepView by app/stage/stage_view. Reads the App, edits only UI state (ui.stage)
// and records what the user asked for (cell edits, randomize, presets) into `actions`.
#pragma once

#include <imgui.h>

#include "app/app.h"

namespace convstep {

// Draws into the current ImGui window, in a region of the given size at the cursor, and records the
// drawn layout into ui.stage.layout (grids and rects; texts are left to the other panels).
void draw_grids_panel(const AppModel& model, UiState& ui, Actions& actions, ImVec2 size);

}  // namespace convstep
