// Text the views show, written from the stepper's snapshot and the resolved geometry, never from
// recomputed maths: numbers with a true minus sign, the output index, the step's arithmetic as a person
// writes it ("1×1 + 1×0 + … = 4") and the layer in PyTorch's words.
#pragma once

#include <string>
#include <vector>

#include "core/geometry.h"
#include "core/scene.h"
#include "core/stepper.h"

namespace convstep {

// format_value with typographic signs: "−0.5", "−∞", "NaN".
std::string display_number(float v);

// "out[0,1,1]", indexed in the output's own form (batched or not, 1-D or 2-D).
std::string output_label(const Geometry& geometry, const Snapshot& snapshot);

// The arithmetic of one step, one line per input channel when there are several, then the total.
//   conv:     "1×1 + 1×0 + 1×1 = 2"            (a bias adds "+ 0.5 (bias)")
//   max pool: "max(1, 5, 3, 2) = 5"
//   avg pool: "(1 + 5 + 3 + 2)/4 = 2.75"
//   sum pool: "sum(1, 5, 3, 2) = 11"
// The notation is `convstep trace`'s; the window adds a line per input channel and labels the bias.
std::vector<std::string> step_arithmetic(const Geometry& geometry, const Snapshot& snapshot);

// "conv2d · kernel_size 3 · stride 1 · padding 0 · dilation 1", with PyTorch's parameter names.
std::string layer_summary(const LayerParams& params, const Geometry& geometry);

// "input [1, 5, 5] → output [1, 3, 3]".
std::string shape_summary(const Geometry& geometry);

}  // namespace convstep
