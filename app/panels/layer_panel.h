// The layer as PyTorch writes it: `nn.Conv2d(3, 5, kernel_size=3, stride=2, padding=1)` and the shapes
// `[1, 3, 7, 7] → [1, 5, 4, 4]`, with buttons copying the line or a runnable script to the clipboard; and
// the field where a learner types a layer line for the scene to take.
#pragma once

#include "app/app.h"

namespace convstep {

// `ui`: the lesson caption's show/hide toggle sits at the end of this line.
void draw_layer_panel(const AppModel& model, UiState& ui);

// A field where a PyTorch layer line is typed or pasted; Enter (or Apply) asks for it as
// actions.layer_line. A line that could not be applied is shown under the field with a caret under the
// character at fault (model.layer_error).
void draw_layer_field(const AppModel& model, UiState& ui, Actions& actions);

}  // namespace convstep
