// Presentation mode's keys and its blank screen. F5 enters, Esc leaves, B blanks the screen (as slide
// software does), Ctrl+= / Ctrl+− / Ctrl+0 change the type size; a clicker's Page Down / Page Up step
// through the transport keys. Only UI state changes here: the mode never touches the model.
#pragma once

#include "app/app.h"

namespace convstep {

// Reads this frame's keys for the mode (not while a field takes the typing).
void read_presentation_keys(UiState& ui);

// The factor ImGui's type is drawn at: 1 outside the mode.
float presentation_type_scale(const PresentationState& presentation);

// Enters or leaves the mode; entering shows the stepping view.
void set_presentation(UiState& ui, bool on);

// While blanked: the whole window black, over everything.
void draw_blank_screen(const UiState& ui);

}  // namespace convstep
