// While a large scene's full output computes off the UI thread (app/full_output.h): a small window at
// the bottom of the stage with how far it has got, a progress bar and Cancel (Cancel puts back the
// last scene whose output was complete). Stepping goes on meanwhile.
#pragma once

#include "app/app.h"

namespace convstep {

void draw_progress_panel(const AppModel& model, UiState& ui, Actions& actions);

}  // namespace convstep
