// Validation of a Scene by PyTorch 1.13's rules, each refusal a message with the user's numbers (an output
// size shows its formula evaluated, from geometry_arithmetic.cpp, so the GUI, the CLI and every message can
// show where a size comes from). A 1-D op is resolved as 2-D with a trivial height, so the engine and the
// stepper have one code path.
#include "core/geometry.h"

#include "core/geometry_arithmetic.h"

#include <algorithm>
#include <initializer_list>
#include <optional>
#include <string>
#include <vector>

namespace convstep {

namespace {

using namespace geometry_arithmetic;

// Beyond these, the tensors would not fit in memory; refusing early keeps the arithmetic in range and
// turns an allocation failure into a message.
constexpr int64_t kMaxParam = int64_t{1} << 30;
constexpr int64_t kMaxElements = int64_t{1} << 28;

std::string input_layout(Op op) {
  const char* name = op_name(op);
  if (spatial_dims(op) == 1) return std::string(name) + " expects a 2-D (C, L) or 3-D (N, C, L) input";
  return std::string(name) + " expects a 3-D (C, H, W) or 4-D (N, C, H, W) input";
}

std::string dims_word(int64_t n) {
  return std::to_string(n) + (n == 1 ? " dimension" : " dimensions");
}

// Names the axes of an input for messages about empty sizes.
std::vector<std::string> input_axis_names(int dims, bool batched) {
  std::vector<std::string> names;
  if (batched) names.push_back("batch size N");
  names.push_back("channels C");
  if (dims == 1) {
    names.push_back("length L");
  } else {
    names.push_back("height H");
    names.push_back("width W");
  }
  return names;
}

Error error(std::string message) {
  return make_error(std::move(message));
}

// Checks shared by convolutions and pools: stride/dilation/padding ranges, per dimension.
std::optional<Error> check_range(const char* what, const Dims& v, int dims, int64_t min_value) {
  for (int i = 0; i < dims; ++i) {
    const int64_t x = v[static_cast<size_t>(i)];
    if (x < min_value) {
      return error(std::string(what) + " must be at least " + std::to_string(min_value) + ", but " + what +
                   " " + dim_name(dims, i) + " = " + num(x, true) + " (" + what + " = " +
                   tuple_text(v, dims) + ")");
    }
    if (x > kMaxParam) {
      return error(std::string(what) + " " + dim_name(dims, i) + " = " + std::to_string(x) +
                   " is too large (convstep accepts at most " + std::to_string(kMaxParam) + ")");
    }
  }
  return std::nullopt;
}

// "output height = <its formula evaluated>: <why>" for every dimension whose output would be empty.
template <typename Formula, typename Why>
std::optional<Error> check_formulas(const Geometry& g, Formula formula, Why why) {
  std::string message;
  for (int i = 0; i < g.dims; ++i) {
    const DimGeometry& d = spatial(g, i);
    const DimFormula f = formula(dim_name(g.dims, i), d);
    if (f.out >= 1) continue;
    if (!message.empty()) message += "; ";
    message += "output " + f.name + " = " + f.text + ": " + why(f, d);
  }
  if (message.empty()) return std::nullopt;
  return error(message);
}

// The output-size rule of a convolution or pool.
std::optional<Error> check_output_sizes(const Geometry& g, const char* window_word) {
  return check_formulas(
      g, [&g](const std::string& name, const DimGeometry& d) { return make_formula(name, d, g.ceil_mode); },
      [window_word](const DimFormula& f, const DimGeometry& d) {
        const std::string kernel =
            d.dilation == 1 ? std::string(window_word) + " (" + std::to_string(d.kernel) + ")"
                            : "dilated " + std::string(window_word) + " (" + std::to_string(d.dilation) +
                                  "\u00b7(" + std::to_string(d.kernel) +
                                  "\u22121) + 1 = " + std::to_string(d.effective_kernel()) + ")";
        return "the " + kernel + " is " + wider_word(f.name) + " than the padded input (" + padded_text(d) +
               ")";
      });
}

// A tensor of n·c·h·w values (`what`: "the input", "the output", ...) within what convstep handles.
// Each factor is below kMaxParam-ish bounds, so multiplying stepwise cannot overflow.
std::optional<Error> check_tensor_size(const char* what, int64_t n, int64_t c, int64_t h, int64_t w) {
  int64_t count = 1;
  for (int64_t f : {n, c, h, w}) {
    if (f <= 0) return std::nullopt;
    if (count > kMaxElements / f) {
      return error(std::string(what) + " (" + std::to_string(n) + "\u00b7" + std::to_string(c) + "\u00b7" +
                   std::to_string(h) + "\u00b7" + std::to_string(w) +
                   " values) is too large (convstep handles at most " + std::to_string(kMaxElements) + ")");
    }
    count *= f;
  }
  return std::nullopt;
}

std::optional<Error> check_element_counts(const Geometry& g) {
  if (auto e = check_tensor_size("the padded input", g.batch, g.in_channels, g.h.padded(), g.w.padded()))
    return e;
  return check_tensor_size("the output", g.batch, g.out_channels, g.h.out, g.w.out);
}

// The weight's rank: its first two axes (`channel_axes`) and one kernel axis per spatial dimension.
std::optional<Error> check_weight_rank(const char* op, const Tensor& weight, int dims,
                                       const char* channel_axes) {
  if (weight.dim() == dims + 2) return std::nullopt;
  const std::string layout = std::string(dims == 1 ? "3-D" : "4-D") + " weight (" + channel_axes +
                             (dims == 1 ? ", kL)" : ", kH, kW)");
  return error(std::string(op) + " expects a " + layout + ", but the weight has " + dims_word(weight.dim()) +
               " " + weight.shape_string());
}

// Every kernel dimension of the weight holds at least one tap.
std::optional<Error> check_kernel_sizes(const Tensor& weight, int dims) {
  for (int i = 0; i < dims; ++i) {
    if (weight.size(2 + i) < 1) {
      return error("kernel " + dim_name(dims, i) + " = 0 (weight " + weight.shape_string() +
                   "): kernel_size must be at least 1");
    }
  }
  return std::nullopt;
}

std::optional<Error> check_groups(int64_t groups) {
  if (groups < 1) return error("groups = " + num(groups, true) + ": groups must be at least 1");
  if (groups > kMaxParam) {
    return error("groups = " + std::to_string(groups) + " is too large (convstep accepts at most " +
                 std::to_string(kMaxParam) + ")");
  }
  return std::nullopt;
}

std::optional<Error> check_bias(const std::optional<Tensor>& bias, int64_t out_channels) {
  if (bias && (bias->dim() != 1 || bias->size(0) != out_channels)) {
    return error("bias must have shape [out_channels] = [" + std::to_string(out_channels) +
                 "] (one value per output channel), but has shape " + bias->shape_string());
  }
  return std::nullopt;
}

// A checked convolution's (or transposed convolution's) channels and per-dimension geometry; a transposed
// one pads with zeros only (checked before).
void fill_conv_geometry(const Scene& scene, int64_t out_channels, int64_t in_h, int64_t in_w, Geometry& g) {
  const LayerParams& p = scene.params;
  g.out_channels = out_channels;
  g.groups = p.groups;
  g.has_bias = scene.bias.has_value();
  g.padding_mode = p.padding_mode;
  g.ceil_mode = false;
  g.count_include_pad = p.count_include_pad;
  if (g.dims == 1) {
    g.w = dim_from_params(p, 0, in_w, scene.weight.size(2));
  } else {
    g.h = dim_from_params(p, 0, in_h, scene.weight.size(2));
    g.w = dim_from_params(p, 1, in_w, scene.weight.size(3));
  }
}

std::optional<Error> check_conv(const Scene& scene, Geometry& g, int64_t in_h, int64_t in_w) {
  const LayerParams& p = scene.params;
  const Tensor& weight = scene.weight;
  const char* op = op_name(p.op);
  const int dims = g.dims;

  if (auto e = check_weight_rank(op, weight, dims, "out_channels, in_channels/groups")) return e;
  const int64_t out_channels = weight.size(0);
  if (out_channels < 1) {
    return error("the weight " + weight.shape_string() +
                 " has 0 output channels: out_channels must be at least 1");
  }
  if (auto e = check_kernel_sizes(weight, dims)) return e;
  if (auto e = check_groups(p.groups)) return e;
  if (out_channels % p.groups != 0) {
    return error("out_channels (" + std::to_string(out_channels) + ", from the weight " +
                 weight.shape_string() + ") must be divisible by groups (" + std::to_string(p.groups) +
                 "), but " + std::to_string(out_channels) + " = " + std::to_string(p.groups) + "\u00b7" +
                 std::to_string(out_channels / p.groups) + " + " + std::to_string(out_channels % p.groups));
  }
  if (g.in_channels != weight.size(1) * p.groups) {
    return error("the input has " + std::to_string(g.in_channels) + " channels, but the weight " +
                 weight.shape_string() + " with groups = " + std::to_string(p.groups) +
                 " expects in_channels = " + std::to_string(weight.size(1)) + "\u00b7" +
                 std::to_string(p.groups) + " = " + std::to_string(weight.size(1) * p.groups));
  }
  if (auto e = check_bias(scene.bias, out_channels)) return e;
  if (auto e = check_range("stride", p.stride, dims, 1)) return e;
  if (auto e = check_range("dilation", p.dilation, dims, 1)) return e;
  if (p.padding_kind == PaddingKind::kSame) {
    for (int i = 0; i < dims; ++i) {
      if (p.stride[static_cast<size_t>(i)] != 1) {
        return error("padding='same' needs stride 1 in every dimension, but stride = " +
                     tuple_text(p.stride, dims) + " (a strided output cannot have the input's size)");
      }
    }
  }
  if (p.padding_kind == PaddingKind::kExplicit) {
    if (auto e = check_range("padding", p.padding, dims, 0)) return e;
  }

  fill_conv_geometry(scene, out_channels, in_h, in_w, g);

  if (auto e = check_output_sizes(g, "kernel")) return e;

  // Reflect mirrors without repeating the edge, so it needs a cell beyond the edge on each side;
  // circular wraps at most once around the input.
  for (int i = 0; i < dims; ++i) {
    const DimGeometry& d = spatial(g, i);
    const int64_t pad = std::max(d.pad_before, d.pad_after);
    const std::string name = dim_name(dims, i);
    if (p.padding_mode == PaddingMode::kReflect && pad >= d.in) {
      return error("padding_mode='reflect' needs padding < input size in each dimension, but " + name +
                   " padding " + std::to_string(pad) + " \u2265 input " + name + " " + std::to_string(d.in) +
                   " (reflection does not repeat the edge, so at most " + std::to_string(d.in - 1) +
                   " cells can be mirrored)");
    }
    if (p.padding_mode == PaddingMode::kCircular && pad > d.in) {
      return error("padding_mode='circular' needs padding \u2264 input size in each dimension, but " + name +
                   " padding " + std::to_string(pad) + " > input " + name + " " + std::to_string(d.in) +
                   " (the padding would wrap around the input more than once)");
    }
  }
  g.h.out = dims == 1 ? 1 : compute_out(g.h, false).out;
  g.w.out = compute_out(g.w, false).out;
  return check_element_counts(g);
}

// PyTorch's conv_transpose rules: weight (in_channels, out_channels/groups, k...), zero padding only,
// output_padding < max(stride, dilation), and an output of at least one cell per dimension.
std::optional<Error> check_conv_transpose(const Scene& scene, Geometry& g, int64_t in_h, int64_t in_w) {
  const LayerParams& p = scene.params;
  const Tensor& weight = scene.weight;
  const char* op = op_name(p.op);
  const int dims = g.dims;

  if (auto e = check_weight_rank(op, weight, dims, "in_channels, out_channels/groups")) return e;
  if (auto e = check_kernel_sizes(weight, dims)) return e;
  if (weight.size(1) < 1) {
    return error("the weight " + weight.shape_string() +
                 " has 0 output channels per group: out_channels must be at least 1");
  }
  if (auto e = check_groups(p.groups)) return e;
  if (g.in_channels % p.groups != 0) {
    return error("in_channels (" + std::to_string(g.in_channels) + ") must be divisible by groups (" +
                 std::to_string(p.groups) + "), but " + std::to_string(g.in_channels) + " = " +
                 std::to_string(p.groups) + "\u00b7" + std::to_string(g.in_channels / p.groups) + " + " +
                 std::to_string(g.in_channels % p.groups));
  }
  if (weight.size(0) != g.in_channels) {
    return error("the input has " + std::to_string(g.in_channels) + " channels, but the weight " +
                 weight.shape_string() + " of " + op +
                 " expects in_channels = " + std::to_string(weight.size(0)) + " (its first dimension)");
  }
  if (weight.size(1) > kMaxParam / p.groups) {
    return error("out_channels = " + std::to_string(weight.size(1)) + "\u00b7" + std::to_string(p.groups) +
                 " is too large (convstep accepts at most " + std::to_string(kMaxParam) + ")");
  }
  const int64_t out_channels = weight.size(1) * p.groups;
  if (auto e = check_bias(scene.bias, out_channels)) return e;
  if (p.padding_mode != PaddingMode::kZeros) {
    return error(std::string(op) +
                 " pads with zeros only (as PyTorch's ConvTranspose), but padding_mode = '" +
                 padding_mode_name(p.padding_mode) + "' was given");
  }
  if (p.padding_kind != PaddingKind::kExplicit) {
    return error(std::string("padding='") + (p.padding_kind == PaddingKind::kSame ? "same" : "valid") +
                 "' is not defined for " + op + "; it takes a number for padding");
  }
  if (auto e = check_range("stride", p.stride, dims, 1)) return e;
  if (auto e = check_range("dilation", p.dilation, dims, 1)) return e;
  if (auto e = check_range("padding", p.padding, dims, 0)) return e;
  if (auto e = check_range("output_padding", p.output_padding, dims, 0)) return e;
  for (int i = 0; i < dims; ++i) {
    const size_t k = static_cast<size_t>(i);
    const int64_t limit = std::max(p.stride[k], p.dilation[k]);
    if (p.output_padding[k] >= limit) {
      const std::string name = dim_name(dims, i);
      return error("output_padding " + name + " = " + std::to_string(p.output_padding[k]) +
                   " must be smaller than max(stride, dilation) = max(" + std::to_string(p.stride[k]) + ", " +
                   std::to_string(p.dilation[k]) + ") = " + std::to_string(limit) +
                   " (it only picks among the output sizes that stride and dilation make ambiguous)");
    }
  }

  fill_conv_geometry(scene, out_channels, in_h, in_w, g);
  if (auto e = check_formulas(g, make_transposed_formula, [](const DimFormula& f, const DimGeometry& d) {
        return "the padding crops 2\u00b7" + std::to_string(d.pad_before) + " = " +
               std::to_string(2 * d.pad_before) + " cells, but the stamps cover only " +
               std::to_string(f.out + 2 * d.pad_before) + " (reduce padding or grow the kernel or stride)";
      }))
    return e;
  g.h.out = dims == 1 ? 1 : make_transposed_formula("height", g.h).out;
  g.w.out = make_transposed_formula("width", g.w).out;
  if (auto e = check_tensor_size("the output", g.batch, out_channels, g.h.out, g.w.out)) return e;
  return check_tensor_size("the input", g.batch, g.in_channels, g.h.in, g.w.in);
}

std::optional<Error> check_pool(const Scene& scene, Geometry& g, int64_t in_h, int64_t in_w) {
  const LayerParams& p = scene.params;
  const char* op = op_name(p.op);
  const int dims = g.dims;
  const bool is_max = is_max_pool(p.op);

  if (p.padding_mode != PaddingMode::kZeros) {
    return error(std::string(op) + " has no padding_mode (it pads with " +
                 (is_max ? "\u2212\u221e" : "zeros") + "), but padding_mode = '" +
                 padding_mode_name(p.padding_mode) + "' was given");
  }
  if (p.padding_kind != PaddingKind::kExplicit) {
    return error(std::string("padding='") + (p.padding_kind == PaddingKind::kSame ? "same" : "valid") +
                 "' is only for convolutions; " + op + " takes a number for padding");
  }
  if (auto e = check_range("kernel_size", p.kernel_size, dims, 1)) return e;
  if (p.stride_set) {
    if (auto e = check_range("stride", p.stride, dims, 1)) return e;
  }
  if (auto e = check_range("dilation", p.dilation, dims, 1)) return e;
  if (!is_max) {
    for (int i = 0; i < dims; ++i) {
      if (p.dilation[static_cast<size_t>(i)] != 1) {
        return error(std::string(op) +
                     " has no dilation: dilation must be 1, but dilation = " + tuple_text(p.dilation, dims));
      }
    }
  }
  if (auto e = check_range("padding", p.padding, dims, 0)) return e;
  for (int i = 0; i < dims; ++i) {
    const int64_t k = p.kernel_size[static_cast<size_t>(i)];
    const int64_t pad = p.padding[static_cast<size_t>(i)];
    if (pad > k / 2) {
      const std::string name = dim_name(dims, i);
      return error("pad should be at most half of kernel size: padding " + name + " = " +
                   std::to_string(pad) + ", but kernel " + name + " " + std::to_string(k) +
                   " allows at most \u230a" + std::to_string(k) + "/2\u230b = " + std::to_string(k / 2));
    }
  }

  g.out_channels = g.in_channels;
  g.groups = 1;
  g.has_bias = false;
  g.padding_mode = PaddingMode::kZeros;
  g.ceil_mode = p.ceil_mode;
  g.count_include_pad = p.count_include_pad;
  if (dims == 1) {
    g.w = dim_from_params(p, 0, in_w, p.kernel_size[0]);
  } else {
    g.h = dim_from_params(p, 0, in_h, p.kernel_size[0]);
    g.w = dim_from_params(p, 1, in_w, p.kernel_size[1]);
  }
  if (auto e = check_output_sizes(g, "pooling window")) return e;
  g.h.out = dims == 1 ? 1 : compute_out(g.h, g.ceil_mode).out;
  g.w.out = compute_out(g.w, g.ceil_mode).out;
  return check_element_counts(g);
}

}  // namespace

int64_t Geometry::group_of_out_channel(int64_t out_channel) const {
  return out_channel / std::max<int64_t>(1, out_channels_per_group());
}

int64_t Geometry::group_of_in_channel(int64_t in_channel) const {
  return in_channel / std::max<int64_t>(1, in_channels_per_group());
}

ChannelRange Geometry::in_channels_read(int64_t out_channel) const {
  if (!is_conv(op)) return {out_channel, 1};
  const int64_t per_group = in_channels_per_group();
  return {group_of_out_channel(out_channel) * per_group, per_group};
}

ChannelRange Geometry::out_channels_reading(int64_t in_channel) const {
  if (!is_conv(op)) return {in_channel, 1};
  const int64_t per_group = out_channels_per_group();
  return {group_of_in_channel(in_channel) * per_group, per_group};
}

Shape Geometry::output_shape() const {
  Shape s;
  if (batched) s.push_back(batch);
  s.push_back(out_channels);
  if (dims == 2) s.push_back(h.out);
  s.push_back(w.out);
  return s;
}

Shape Geometry::input_shape() const {
  Shape s;
  if (batched) s.push_back(batch);
  s.push_back(in_channels);
  if (dims == 2) s.push_back(h.in);
  s.push_back(w.in);
  return s;
}

Result<Geometry> resolve_geometry(const Scene& scene) {
  const LayerParams& p = scene.params;
  const Tensor& x = scene.input;
  Geometry g;
  g.op = p.op;
  g.dims = spatial_dims(p.op);

  const int64_t rank = x.dim();
  if (rank != g.dims + 1 && rank != g.dims + 2) {
    return error(input_layout(p.op) + ", but the input has " + dims_word(rank) + " " + x.shape_string());
  }
  g.batched = rank == g.dims + 2;
  const std::vector<std::string> axes = input_axis_names(g.dims, g.batched);
  for (int64_t i = 0; i < rank; ++i) {
    if (x.size(i) < 1) {
      return error("the input " + x.shape_string() + " is empty: its " + axes[static_cast<size_t>(i)] +
                   " is 0, so there is nothing to compute");
    }
  }
  g.batch = g.batched ? x.size(0) : 1;
  g.in_channels = x.size(g.batched ? 1 : 0);
  const int64_t in_h = g.dims == 2 ? x.size(-2) : 1;
  // A 1-D op's trivial height: one row, read once.
  g.h.in = 1;
  g.h.out = 1;
  const int64_t in_w = x.size(-1);

  const std::optional<Error> failure = is_conv_transpose(p.op) ? check_conv_transpose(scene, g, in_h, in_w)
                                       : is_conv(p.op)         ? check_conv(scene, g, in_h, in_w)
                                                               : check_pool(scene, g, in_h, in_w);
  if (failure) return *failure;
  return g;
}

}  // namespace convstep
