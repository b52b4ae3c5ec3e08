// The top of the window: the lesson's title and caption (the current step's caption is shown under its
// arithmetic, by the step panel), a lesson picker with "Open lesson file…" (a path field, since there is no
// native dialog), and the last load error, shown until dismissed while the current lesson stays on screen.
#pragma once

#include "app/app.h"

namespace convstep {

void draw_header_panel(const AppModel& model, UiState& ui, Actions& actions);

// Whether the lesson's caption is shown under the title: as the user chose, else when the window is
// tall enough; never in presentation mode (the header is one line there).
bool caption_shown(const UiState& ui);

// Presentation mode's header: title, layer and step on one line, and the button that leaves.
void draw_presentation_header(const AppModel& model, UiState& ui);
// The same line for the Network view: the stack's source (a preset or lesson title) and its size.
void draw_network_presentation_header(const StackSession& network, UiState& ui);

}  // namespace convstep
