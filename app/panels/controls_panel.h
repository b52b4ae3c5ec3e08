// The transport: play/pause, step and tap back/forward, jump to start/end, a scrubber across every step,
// speed, loop and tap-by-tap mode, plus their keys. Records what was asked for in Actions; changes nothing
// itself except the UI-only shortcuts overlay, which `?` toggles.
#pragma once

#include "app/app.h"

namespace convstep {

// Keys: Space play/pause, ←/→ step, Shift+←/→ tap, Home/End, +/− speed, ? shortcuts. Ignored while a
// text field has the keyboard.
void read_transport_keys(App& app, Actions& actions);
void draw_controls_panel(App& app, Actions& actions);

}  // namespace convstep
