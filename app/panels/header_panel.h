// The top of the window: the lesson's title, a lesson picker, the caption, the layer in PyTorch's words with
// its shapes, and the last load error where the user is looking.
#pragma once

#include "app/app.h"

namespace convstep {

void draw_header_panel(const App& app, Actions& actions);

}  // namespace convstep
