// Writes a scene as PyTorch code. The argument lists follow torch 1.13's constructors (Conv1d/Conv2d:
// in_channels, out_channels, kernel_size, stride, padding, dilation, groups, bias, padding_mode;
// MaxPool: kernel_size, stride, padding, dilation, ceil_mode; AvgPool: kernel_size, stride, padding,
// ceil_mode, count_include_pad, divisor_override), omitting every argument left at its default.
#include "core/pytorch_text.h"

#include <charconv>
#include <cmath>
#include <vector>

#include "core/geometry.h"
#include "core/ops.h"

namespace convstep {

namespace {

// Appending to a named string also sidesteps GCC 12's false -Wrestrict on `"(" + std::string`.
std::string pair_text(int64_t a, int64_t b) {
  std::string s = "(";
  s += std::to_string(a);
  s += ", ";
  s += std::to_string(b);
  s += ")";
  return s;
}

// "3" for a 1-D op or equal values, "(3, 2)" otherwise: how a person writes PyTorch's int-or-tuple.
std::string int_or_tuple(const Dims& v, int dims) {
  if (dims == 1 || v[0] == v[1]) return std::to_string(v[0]);
  return pair_text(v[0], v[1]);
}

// The kernel of a convolution from its weight; {0, 0} when the weight does not have the op's rank.
Dims conv_kernel(const Scene& scene) {
  const Tensor& w = scene.weight;
  if (w.dim() != spatial_dims(scene.params.op) + 2) return {0, 0};
  if (w.dim() == 3) return {w.size(2), w.size(2)};
  return {w.size(2), w.size(3)};
}

std::string module_name(Op op) {
  switch (op) {
    case Op::kConv1d:
      return "nn.Conv1d";
    case Op::kConv2d:
      return "nn.Conv2d";
    case Op::kMaxPool1d:
      return "nn.MaxPool1d";
    case Op::kMaxPool2d:
      return "nn.MaxPool2d";
    case Op::kAvgPool1d:
    case Op::kSumPool1d:
      return "nn.AvgPool1d";
    case Op::kAvgPool2d:
    case Op::kSumPool2d:
      return "nn.AvgPool2d";
    case Op::kConvTranspose1d:
      return "nn.ConvTranspose1d";
    case Op::kConvTranspose2d:
      return "nn.ConvTranspose2d";
  }
  return "nn.Module";
}

std::string join(const std::vector<std::string>& args) {
  std::string s;
  for (const std::string& a : args) s += (s.empty() ? "" : ", ") + a;
  return s;
}

std::string padding_arg(const LayerParams& p, int dims) {
  if (p.padding_kind == PaddingKind::kSame) return "padding='same'";
  // 'valid' means 0, but a learner who chose it should see it.
  if (p.padding_kind == PaddingKind::kValid) return "padding='valid'";
  if (p.padding[0] == 0 && (dims == 1 || p.padding[1] == 0)) return "";
  return "padding=" + int_or_tuple(p.padding, dims);
}

bool all_one(const Dims& v, int dims) {
  return v[0] == 1 && (dims == 1 || v[1] == 1);
}

// Arguments shared by the pool modules, in their order up to ceil_mode.
std::vector<std::string> pool_args(const LayerParams& p, int dims) {
  std::vector<std::string> args{"kernel_size=" + int_or_tuple(p.kernel_size, dims)};
  if (p.stride_set) args.push_back("stride=" + int_or_tuple(p.stride, dims));
  if (const std::string pad = padding_arg(p, dims); !pad.empty()) args.push_back(pad);
  if (is_max_pool(p.op) && !all_one(p.dilation, dims))
    args.push_back("dilation=" + int_or_tuple(p.dilation, dims));
  if (p.ceil_mode) args.push_back("ceil_mode=True");
  return args;
}

// The exact functional form of 1-D sum pooling: a 2-D average over a one-row view, divided by 1.
std::string sum_pool1d_expression(const LayerParams& p, const std::string& x) {
  std::vector<std::string> args{x + ".unsqueeze(-2)", "kernel_size=" + pair_text(1, p.kernel_size[0])};
  if (p.stride_set) args.push_back("stride=" + pair_text(1, p.stride[0]));
  if (p.padding[0] != 0) args.push_back("padding=" + pair_text(0, p.padding[0]));
  if (p.ceil_mode) args.push_back("ceil_mode=True");
  args.push_back("divisor_override=1");
  return "F.avg_pool2d(" + join(args) + ").squeeze(-2)";
}

// Whether AvgPool1d (counting padding) divides every window of this 1-D scene by the full kernel size,
// so that its output times kernel_size is exactly the sum.
bool every_window_full(const Scene& scene) {
  Scene avg = scene;
  avg.params.op = Op::kAvgPool1d;
  avg.params.count_include_pad = true;
  const auto g = resolve_geometry(avg);
  if (!g) return !scene.params.ceil_mode;
  for (int64_t x = 0; x < g->w.out; ++x)
    if (avg_pool_divisor(*g, 0, x) != g->w.kernel) return false;
  return true;
}

void append_list(std::string& out, const Tensor& t, int64_t dim, int64_t offset, int column) {
  const int64_t n = t.size(dim);
  int64_t stride = 1;
  for (int64_t d = dim + 1; d < t.dim(); ++d) stride *= t.size(d);
  out += "[";
  for (int64_t i = 0; i < n; ++i) {
    if (dim + 1 == t.dim()) {
      if (i > 0) out += ", ";
      out += python_float(t.data()[offset + i]);
    } else {
      if (i > 0) out += ",\n" + std::string(static_cast<size_t>(column + 1), ' ');
      append_list(out, t, dim + 1, offset + i * stride, column + 1);
    }
  }
  out += "]";
}

}  // namespace

std::string python_float(float v) {
  if (std::isnan(v)) return "float('nan')";
  if (std::isinf(v)) return v > 0 ? "float('inf')" : "float('-inf')";
  char buf[64];
  const auto [end, ec] = std::to_chars(buf, buf + sizeof(buf), v);
  std::string s(buf, ec == std::errc() ? end : buf);
  // Every literal needs a '.' or an exponent, or torch.tensor would make an integer tensor.
  if (s.find_first_of(".e") == std::string::npos) s += ".";
  return s;
}

std::string python_list(const Tensor& t, int indent) {
  if (t.dim() == 0) return python_float(t.numel() > 0 ? t.data()[0] : 0.0f);
  std::string out;
  append_list(out, t, 0, 0, indent);
  return out;
}

std::string pytorch_layer(const Scene& scene) {
  const LayerParams& p = scene.params;
  const int dims = spatial_dims(p.op);
  std::vector<std::string> args;
  if (is_conv_transpose(p.op)) {
    // ConvTranspose's argument order: output_padding and groups come before dilation.
    const Tensor& w = scene.weight;
    const bool shaped = w.dim() == dims + 2;
    args.push_back(shaped ? std::to_string(w.size(0)) : "?");
    args.push_back(shaped ? std::to_string(w.size(1) * p.groups) : "?");
    args.push_back("kernel_size=" + (shaped ? int_or_tuple(conv_kernel(scene), dims) : std::string("?")));
    if (!all_one(p.stride, dims)) args.push_back("stride=" + int_or_tuple(p.stride, dims));
    if (const std::string pad = padding_arg(p, dims); !pad.empty()) args.push_back(pad);
    if (p.output_padding[0] != 0 || (dims == 2 && p.output_padding[1] != 0))
      args.push_back("output_padding=" + int_or_tuple(p.output_padding, dims));
    if (p.groups != 1) args.push_back("groups=" + std::to_string(p.groups));
    if (!scene.bias) args.push_back("bias=False");
    if (!all_one(p.dilation, dims)) args.push_back("dilation=" + int_or_tuple(p.dilation, dims));
  } else if (is_conv(p.op)) {
    const Tensor& w = scene.weight;
    const bool shaped = w.dim() == dims + 2;
    args.push_back(shaped ? std::to_string(w.size(1) * p.groups) : "?");
    args.push_back(shaped ? std::to_string(w.size(0)) : "?");
    args.push_back("kernel_size=" + (shaped ? int_or_tuple(conv_kernel(scene), dims) : std::string("?")));
    if (!all_one(p.stride, dims)) args.push_back("stride=" + int_or_tuple(p.stride, dims));
    if (const std::string pad = padding_arg(p, dims); !pad.empty()) args.push_back(pad);
    if (!all_one(p.dilation, dims)) args.push_back("dilation=" + int_or_tuple(p.dilation, dims));
    if (p.groups != 1) args.push_back("groups=" + std::to_string(p.groups));
    if (!scene.bias) args.push_back("bias=False");
    if (p.padding_mode != PaddingMode::kZeros)
      args.push_back(std::string("padding_mode='") + padding_mode_name(p.padding_mode) + "'");
  } else {
    args = pool_args(p, dims);
    if (p.op == Op::kAvgPool1d || p.op == Op::kAvgPool2d) {
      if (!p.count_include_pad) args.push_back("count_include_pad=False");
    } else if (p.op == Op::kSumPool2d) {
      // The divisor is 1 whatever count_include_pad says, so it is left out.
      args.push_back("divisor_override=1");
    }
  }
  return module_name(p.op) + "(" + join(args) + ")";
}

std::string pytorch_layer_note(const Scene& scene) {
  const LayerParams& p = scene.params;
  if (p.op == Op::kSumPool2d) {
    return "PyTorch has no sum pooling module: divisor_override=1 makes AvgPool2d divide each window's sum "
           "by 1.";
  }
  if (p.op != Op::kSumPool1d) return "";
  const std::string k = std::to_string(p.kernel_size[0]);
  std::string note = "PyTorch has no sum pooling module, and AvgPool1d has no divisor_override. ";
  if (every_window_full(scene))
    note += "This layer's output \u00d7 " + k + " (the window size) is the sum; exactly, ";
  else
    note += "Some windows here are partial, so multiplying by " + k + " would not give the sum; exactly, ";
  return note + "the sum is " + sum_pool1d_expression(p, "x") + ".";
}

Result<std::string> pytorch_shapes(const Scene& scene, bool ascii) {
  const auto g = resolve_geometry(scene);
  if (!g) return g.error();
  return shape_to_string(g->input_shape()) + (ascii ? " -> " : " \u2192 ") +
         shape_to_string(g->output_shape());
}

Result<std::string> pytorch_snippet(const Scene& scene) {
  const auto g = resolve_geometry(scene);
  if (!g) return g.error();
  const LayerParams& p = scene.params;
  const std::string shapes = shape_to_string(g->input_shape()) + " -> " + shape_to_string(g->output_shape());

  std::string s = std::string("# ") + op_name(p.op) + " from convstep: " + shapes + "\n";
  s += "import torch\nfrom torch import nn\n";
  if (p.op == Op::kSumPool1d) s += "import torch.nn.functional as F\n";
  s += "\n";
  if (p.op == Op::kSumPool1d) {
    s +=
        "# PyTorch has no sum pooling module and AvgPool1d has no divisor_override: average over a one-row\n";
    s += "# 2-D view with divisor_override=1, which divides each window's sum by 1.\n";
    s += "def layer(x):\n    return " + sum_pool1d_expression(p, "x") + "\n\n";
  } else {
    if (p.op == Op::kSumPool2d)
      s += "# PyTorch has no sum pooling module: divisor_override=1 divides each window's sum by 1.\n";
    s += "layer = " + pytorch_layer(scene) + "\n";
  }
  if (is_conv(p.op)) {
    s += "with torch.no_grad():\n";
    const std::string w = "    layer.weight.copy_(torch.tensor(";
    s += w + python_list(scene.weight, static_cast<int>(w.size())) + "))\n";
    if (scene.bias) {
      const std::string b = "    layer.bias.copy_(torch.tensor(";
      s += b + python_list(*scene.bias, static_cast<int>(b.size())) + "))\n";
    }
  }
  const std::string x = "x = torch.tensor(";
  s += x + python_list(scene.input, static_cast<int>(x.size())) + ")\n";
  if (is_conv(p.op) && p.padding_mode == PaddingMode::kCircular && !g->batched) {
    s += "# torch 1.13 pads only batched inputs circularly: add the batch dimension for the layer, then drop "
         "it.\n";
    s += "y = layer(x.unsqueeze(0)).squeeze(0)\n";
  } else {
    s += "y = layer(x)\n";
  }
  s += "print(y)  # shape " + shape_to_string(g->output_shape()) + "\n";
  return s;
}

}  // namespace convstep
