// Reads one PyTorch layer as a learner types it — `nn.Conv2d(3, 8, kernel_size=3, stride=2, padding=1)`,
// `torch.nn.MaxPool2d(2)`, `AvgPool2d(3, stride=1, padding=1, count_include_pad=False)` — into the op and
// its parameters as scene edits (core/scene_edit.h), so a scene takes the layer through apply_edits, which
// resizes the tensors. Values are read by core/params.h's table; an unreadable line names the column.
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "core/result.h"
#include "core/scene.h"
#include "core/scene_edit.h"

namespace convstep {

// A layer as read. Arguments follow PyTorch's constructors (positional in this order, or by keyword):
//   Conv1d/Conv2d:        in_channels, out_channels, kernel_size, stride=1, padding=0, dilation=1,
//                         groups=1, bias=True, padding_mode='zeros'
//   ConvTranspose1d/2d:   in_channels, out_channels, kernel_size, stride=1, padding=0, output_padding=0,
//                         groups=1, bias=True, dilation=1, padding_mode='zeros'
//   MaxPool1d/MaxPool2d:  kernel_size, stride=None, padding=0, dilation=1, return_indices=False,
//                         ceil_mode=False
//   AvgPool1d:            kernel_size, stride=None, padding=0, ceil_mode=False, count_include_pad=True
//   AvgPool2d:            the same, then divisor_override=None (1 is convstep's sum_pool2d)
// Every parameter of the op is in `edits`, defaults included, so applying the layer sets all of them.
struct ParsedLayer {
  Op op = Op::kConv2d;
  std::optional<int64_t> in_channels, out_channels;  // convolutions only: pools keep the input's channels
  Dims kernel_size{1, 1};                            // LayerParams order: a 1-D op's length twice
  int64_t groups = 1;                                // convolutions
  bool bias = false;                                 // convolutions: bias=True (PyTorch's default)
  std::vector<SceneEdit> edits;                      // "op=conv2d", "in_channels=3", ... in table order
};

// Why a line could not be read, and where: `column` counts characters from 1 (the caret's place).
struct LayerError {
  std::string message;  // "column 17: expected a number, got 'x'"
  size_t column = 1;
};

struct LayerParse {
  std::optional<ParsedLayer> layer;
  LayerError error;  // when !layer
  bool ok() const { return layer.has_value(); }
};

LayerParse parse_layer(const std::string& line);

// The line and a caret under column `column`, each line prefixed by `indent` spaces:
//   "  nn.Conv2d(3, x)\n                ^"
std::string caret_lines(const std::string& line, size_t column, size_t indent = 2);
// The message followed by caret_lines: what the CLI prints and a test reads.
std::string layer_error_text(const std::string& line, const LayerError& error);

// The scene with the layer's parameters: the op, channels and kernel size resize the tensors (kept values
// index-aligned, new cells from scene_edit's fill pattern); validated as any edit is, with its suggestions.
Result<Scene> apply_layer(const Scene& scene, const ParsedLayer& layer);

// Whether a scene already has the layer's shape (op, channels, kernel size): for `compute --layer`, whose
// weight comes from a file and must agree. Empty when it agrees; else why, with the numbers.
std::string layer_shape_mismatch(const Scene& scene, const ParsedLayer& layer);

}  // namespace convstep
