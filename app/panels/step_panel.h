// Under the grids: the current step's arithmetic as a person writes it, the lesson's caption for this
// step, and the output-size formula with the layer's numbers substituted.
#pragma once

#include "app/app.h"

namespace convstep {

// Height the panel needs at this width, so the grids above can take the rest.
float step_panel_height(const App& app, float width);
void draw_step_panel(const App& app);

}  // namespace convstep
