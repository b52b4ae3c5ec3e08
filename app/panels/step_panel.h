// Under the grids: the current step's arithmetic as a person writes it (every product term, the
// per-channel sums, the bias, the result; in tap mode the current term lit in sync with its cell and
// the running sum) and the lesson's caption for this step. The output-size formula is the formula panel's.
#pragma once

#include "app/app.h"

namespace convstep {

// Height the panel needs at this width, so the grids above can take the rest.
float step_panel_height(const AppModel& model, const UiState& ui, float width);
// Draws at the cursor and records the lines it shows in ui.stage.layout.texts.
void draw_step_panel(const AppModel& model, UiState& ui);

}  // namespace convstep
