// The layer's parameters, named exactly as in PyTorch (op, input_size, in_channels, out_channels,
// kernel_size, stride, padding, padding_mode, dilation, groups, bias, ceil_mode, count_include_pad). Every
// change is recorded as a SceneEdit; parameters the op does not have are shown disabled, with a tooltip
// saying why. (Randomize, clear and kernel presets sit by the grids, in the stage's toolbar.)
#pragma once

#include "app/app.h"

namespace convstep {

// A 2-D op's kernel_size, stride, padding, dilation and output_padding show one field for both
// dimensions while they are equal; a toggle beside it (in ui.split_params) gives each its own.
// The panel's heading, outside its scrolling list: "LAYER" and the « that folds the panel away.
void draw_params_heading(UiState& ui);
void draw_params_panel(const AppModel& model, UiState& ui, Actions& actions);

}  // namespace convstep
