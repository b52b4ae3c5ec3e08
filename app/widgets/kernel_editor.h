// The playground's kernel editor: a grid of editable cells (1×1 to 15×15, odd or even, non-square),
// size controls, the engine's presets, normalize to sum 1 and the cross-correlation / convolution
// toggle with its one-line explanation. It only records what the user asked for into KernelEdits;
// the playground applies them (core/playground).
#pragma once

#include <string>

#include "core/filtering.h"
#include "core/playground.h"

namespace convstep {

// Draws the editor at the cursor, `width` pixels wide. `filter` is read only.
void draw_kernel_editor(const FilterSettings& filter, float width, KernelEdits& edits);

// A 2-D kernel's rows joined by `row_separator` ("1 0 -1 / 0 0 0 / -1 0 1" with " / "); a kernel of n/D
// weights as its integers after the factor, "(1/16)·1 2 1 / 2 4 2 / 1 2 1".
std::string kernel_rows_text(const Tensor& kernel, const char* row_separator);

}  // namespace convstep
