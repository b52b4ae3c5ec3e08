// The scene: which operation, with which PyTorch parameters, on which input, weights and bias.
// Everything the engine, the stepper and the views compute is a function of a Scene.
// Parameter names are PyTorch's. Spatial values are stored per dimension in PyTorch's order:
// index 0 is the length of a 1-D op, or the height (rows) of a 2-D op; index 1 is the width.
#pragma once

#include <array>
#include <optional>
#include <string>

#include "core/result.h"
#include "core/tensor.h"

namespace convstep {

enum class Op {
  kConv1d,
  kConv2d,
  kMaxPool1d,
  kMaxPool2d,
  kAvgPool1d,
  kAvgPool2d,
  kSumPool1d,
  kSumPool2d,
  kConvTranspose1d,
  kConvTranspose2d
};
enum class PaddingMode { kZeros, kReflect, kReplicate, kCircular };
// kExplicit uses LayerParams::padding; kSame and kValid are PyTorch's padding='same' / 'valid'.
enum class PaddingKind { kExplicit, kSame, kValid };

// Ops with a weight and a bias: conv1d/2d and conv_transpose1d/2d.
bool is_conv(Op op);
// conv_transpose1d/2d: the weight is (in_channels, out_channels/groups, k...), zero padding only.
bool is_conv_transpose(Op op);
bool is_pool(Op op);
bool is_max_pool(Op op);
// Number of spatial dimensions: 1 for *1d ops, 2 for *2d ops.
int spatial_dims(Op op);

// PyTorch spellings: "conv1d", "max_pool2d", "zeros", "reflect", ...
const char* op_name(Op op);
std::optional<Op> parse_op(const std::string& name);
const char* padding_mode_name(PaddingMode mode);
std::optional<PaddingMode> parse_padding_mode(const std::string& name);

using Dims = std::array<int64_t, 2>;

struct LayerParams {
  Op op = Op::kConv2d;
  // Pools only; a convolution takes its kernel size from the weight's shape.
  Dims kernel_size{3, 3};
  // Pools: when false, stride = kernel_size (PyTorch's default).
  bool stride_set = true;
  Dims stride{1, 1};
  PaddingKind padding_kind = PaddingKind::kExplicit;
  Dims padding{0, 0};
  Dims dilation{1, 1};
  int64_t groups = 1;
  PaddingMode padding_mode = PaddingMode::kZeros;
  bool ceil_mode = false;
  bool count_include_pad = true;
  // Transposed convolutions only: extra cells on the far side of each dimension's output, each less
  // than max(stride, dilation) of its dimension.
  Dims output_padding{0, 0};
};

struct Scene {
  LayerParams params;
  // conv1d: (C,L) or (N,C,L); conv2d: (C,H,W) or (N,C,H,W); pools likewise.
  Tensor input;
  // Convolutions: (out_channels, in_channels/groups, kL) or (out_channels, in_channels/groups, kH, kW);
  // transposed convolutions: (in_channels, out_channels/groups, k...).
  Tensor weight;
  // Convolutions: (out_channels), or none.
  std::optional<Tensor> bias;
};

}  // namespace convstep
