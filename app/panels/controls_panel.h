// The transport: play/pause, step and tap back/forward, jump to start/end, a scrubber across every step,
// speed, loop and tap-by-tap mode, plus their keys. Records what was asked for in Actions; changes nothing
// itself except the UI-only shortcuts overlay, which `?` toggles.
#pragma once

#include "app/app.h"

namespace convstep {

// Keys: Space play/pause, ←/→ step, Shift+←/→ tap, Home/End, +/− speed, ? shortcuts. Ignored while a
// text field has the keyboard. Reads the presses GLFW queued (ui.key_presses) as well as ImGui's keys.
void read_transport_keys(UiState& ui, Actions& actions);
void draw_controls_panel(const AppModel& model, UiState& ui, Actions& actions);

}  // namespace convstep
