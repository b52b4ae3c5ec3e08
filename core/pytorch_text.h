// The scene as PyTorch writes it: the layer line (`nn.Conv2d(3, 5, kernel_size=3, stride=2, padding=1)`),
// the shapes line (`[1, 3, 7, 7] → [1, 5, 4, 4]`) and a runnable script that rebuilds the scene in
// torch and prints the output, for "copy as runnable PyTorch". Checked against torch 1.13.
// Only arguments that differ from PyTorch's defaults are written, in the constructor's order.
#pragma once

#include <string>

#include "core/result.h"
#include "core/scene.h"
#include "core/tensor.h"

namespace convstep {

// The module constructor call. A pool's stride appears only when the scene sets one (stride_set).
// Sum pooling has no PyTorch module: 2-D is written as nn.AvgPool2d(..., divisor_override=1), which
// divides every window by 1; 1-D as nn.AvgPool1d(...) with pytorch_layer_note saying how it relates.
// Works on any scene whose tensors have the op's ranks; a scene resolve_geometry accepts always works.
std::string pytorch_layer(const Scene& scene);

// Empty, or one or two sentences when the layer line is not exactly the scene's op (1-D sum pooling),
// naming the exact functional form.
std::string pytorch_layer_note(const Scene& scene);

// "[1, 3, 7, 7] → [1, 5, 4, 4]" (or "->" when ascii), the input's and the output's torch.Size.
Result<std::string> pytorch_shapes(const Scene& scene, bool ascii = false);

// A self-contained Python script: imports, the layer, its weight and bias set under torch.no_grad(),
// x = torch.tensor(...) with the scene's input, y = layer(x) and print(y). Values are written so that they
// read back as the same float32 numbers. An invalid scene is an error (resolve_geometry's message).
Result<std::string> pytorch_snippet(const Scene& scene);

// A float as a Python literal that reads back as the same float32: "1.", "-0.5", "0.11111111",
// "float('-inf')".
std::string python_float(float v);
// A tensor as nested Python lists, one innermost row per line, continuation lines indented by `indent`
// plus the bracket depth.
std::string python_list(const Tensor& t, int indent = 0);

}  // namespace convstep
