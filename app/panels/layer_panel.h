// The layer as PyTorch writes it: `nn.Conv2d(3, 5, kernel_size=3, stride=2, padding=1)` and the shapes
// `[1, 3, 7, 7] → [1, 5, 4, 4]`, with buttons copying the line or a runnable script to the clipboard.
#pragma once

#include "app/app.h"

namespace convstep {

// `ui`: the lesson caption's show/hide toggle sits at the end of this line.
void draw_layer_panel(const AppModel& model, UiState& ui);

}  // namespace convstep
