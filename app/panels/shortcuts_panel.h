// The `?` overlay: every keyboard shortcut in one centred panel over the window, closed by Esc, `?`
// or its Close button. UI-only state; it records no actions.
#pragma once

#include "app/app.h"

namespace convstep {

void draw_shortcuts_panel(UiState& ui);

}  // namespace convstep
