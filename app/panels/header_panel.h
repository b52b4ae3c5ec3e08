// The top of the window: the lesson's title and caption (the current step's caption is shown under its
// arithmetic, by the step panel), a lesson picker with "Open lesson file…" (a path field, since there is no
// native dialog), and the last load error, shown until dismissed while the current lesson stays on screen.
#pragma once

#include "app/app.h"

namespace convstep {

void draw_header_panel(const AppModel& model, UiState& ui, Actions& actions);

}  // namespace convstep
