// The stepping controls (Back, Step, Reset, Play, a step slider) and their keys (Space/→, ←, Home, P).
// Records what was asked for in Actions; changes nothing itself.
#pragma once

#include "app/app.h"

namespace convstep {

void draw_controls_panel(const App& app, Actions& actions);

}  // namespace convstep
