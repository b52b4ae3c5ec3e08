// The output size, live: per spatial dimension the formula with the layer's numbers and its result, how
// many input rows/columns the floor leaves unread; when the last change was refused, in their place, why,
// with the numbers, and the nearest changes that work as buttons. The lines shown are recorded in the stage
// layout.
#pragma once

#include "app/app.h"

namespace convstep {

// Height the panel needs at this width, so it can be pinned below the parameters and always seen.
float formula_panel_height(const AppModel& model, float width);
void draw_formula_panel(const AppModel& model, UiState& ui, Actions& actions);

}  // namespace convstep
