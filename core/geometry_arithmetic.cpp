// The per-dimension arithmetic of convolution and pooling: output sizes by PyTorch 1.13's formulas,
// written out with the user's numbers (DimFormula), padding, window coverage, and the words the geometry
// checks use for dimensions and tuples. The op-level checks and their messages are in geometry.cpp.
#include <algorithm>
#include <initializer_list>
#include <string>
#include <string_view>
#include <vector>

#include "core/geometry.h"
#include "core/geometry_arithmetic.h"

namespace convstep {
namespace {

// Rounds toward negative infinity, as PyTorch's div_rtn does for the output size.
int64_t floor_div(int64_t a, int64_t b) {
  int64_t q = a / b;
  if ((a % b != 0) && ((a < 0) != (b < 0))) --q;
  return q;
}

// Concatenates by appending; also sidesteps GCC 12's false -Wrestrict on `"(" + std::string`.
std::string cat(std::initializer_list<std::string_view> parts) {
  std::string s;
  for (std::string_view part : parts) s += part;
  return s;
}

// Fills padding from the params: explicit values, 'valid' = 0, or 'same' = d(k-1) split with the
// smaller half first, as PyTorch does.
void apply_padding(DimGeometry& d, PaddingKind kind, int64_t explicit_padding) {
  switch (kind) {
    case PaddingKind::kExplicit:
      d.pad_before = d.pad_after = explicit_padding;
      break;
    case PaddingKind::kValid:
      d.pad_before = d.pad_after = 0;
      break;
    case PaddingKind::kSame: {
      const int64_t total = d.dilation * (d.kernel - 1);
      d.pad_before = total / 2;
      d.pad_after = total - d.pad_before;
      break;
    }
  }
}

}  // namespace

namespace geometry_arithmetic {

std::string num(int64_t v, bool unicode) {
  if (v < 0) return (unicode ? "\u2212" : "-") + std::to_string(-v);
  return std::to_string(v);
}

const DimGeometry& spatial(const Geometry& g, int i) {
  return (g.dims == 1 || i == 1) ? g.w : g.h;
}

std::string dim_name(int dims, int i) {
  if (dims == 1) return "length";
  return i == 0 ? "height" : "width";
}

std::string wider_word(const std::string& name) {
  if (name == "height") return "taller";
  if (name == "length") return "longer";
  return "wider";
}

std::string tuple_text(const Dims& v, int dims) {
  if (dims == 1) return std::to_string(v[0]);
  return cat({"(", std::to_string(v[0]), ", ", std::to_string(v[1]), ")"});
}

std::string padded_text(const DimGeometry& d) {
  if (d.pad_before == 0 && d.pad_after == 0) return std::to_string(d.in);
  return std::to_string(d.in) + " + " + std::to_string(d.pad_before) + " + " + std::to_string(d.pad_after) +
         " = " + std::to_string(d.padded());
}

OutSize compute_out(const DimGeometry& d, bool ceil_mode) {
  OutSize r;
  if (d.stride < 1) {
    r.defined = false;
    return r;
  }
  const int64_t numerator = d.padded() - d.dilation * (d.kernel - 1) - 1;
  if (!ceil_mode) {
    r.out = floor_div(numerator, d.stride) + 1;
    return r;
  }
  r.out = floor_div(numerator + d.stride - 1, d.stride) + 1;
  if ((r.out - 1) * d.stride >= d.in + d.pad_before) {
    --r.out;
    r.dropped = true;
  }
  return r;
}

DimFormula make_formula(const std::string& name, const DimGeometry& d, bool ceil_mode) {
  DimFormula f;
  f.name = name;
  const OutSize size = compute_out(d, ceil_mode);
  f.out = size.out;

  auto body = [&](bool u) {
    const std::string plus = " + ";
    const std::string minus = u ? " \u2212 " : " - ";
    const std::string times = u ? "\u00b7" : "*";
    const std::string pad = d.pad_before == d.pad_after
                                ? cat({"2", times, num(d.pad_before, u)})
                                : cat({num(d.pad_before, u), plus, num(d.pad_after, u)});
    const std::string inner =
        cat({"(", num(d.in, u), plus, pad, minus, num(d.dilation, u), times, "(", num(d.kernel, u),
             u ? "\u22121" : "-1", ")", minus, "1)/", num(d.stride, u)});
    std::string s;
    if (u) {
      s = (ceil_mode ? "\u2308" : "\u230a") + inner + (ceil_mode ? "\u2309" : "\u230b") + " + 1";
    } else {
      s = (ceil_mode ? "ceil(" : "floor(") + inner + ") + 1";
    }
    if (!size.defined) return s + " = undefined (stride must be at least 1)";
    if (size.dropped) s += minus + "1";
    s += " = " + num(size.out, u);
    if (size.dropped) s += " (the last window would start in the right padding, so it is dropped)";
    return s;
  };
  f.text = body(true);
  f.ascii_text = body(false);

  if (!size.defined) {
    f.unused_inputs = 0;
  } else if (size.out < 1) {
    f.unused_inputs = std::max<int64_t>(d.in, 0);  // no window at all: nothing is read
  } else {
    const int64_t last_read = (size.out - 1) * d.stride + d.dilation * (d.kernel - 1) - d.pad_before;
    f.unused_inputs = std::max<int64_t>(0, d.in - 1 - last_read);
  }
  return f;
}

DimFormula make_transposed_formula(const std::string& name, const DimGeometry& d) {
  DimFormula f;
  f.name = name;
  f.out = transposed_out_size(d.in, d.kernel, d.stride, d.pad_before, d.dilation, d.output_padding);
  auto body = [&](bool u) {
    const std::string plus = " + ";
    const std::string minus = u ? " \u2212 " : " - ";
    const std::string times = u ? "\u00b7" : "*";
    return cat({"(",
                num(d.in, u),
                minus,
                "1)",
                times,
                num(d.stride, u),
                minus,
                "2",
                times,
                num(d.pad_before, u),
                plus,
                num(d.dilation, u),
                times,
                "(",
                num(d.kernel, u),
                u ? "\u22121" : "-1",
                ")",
                plus,
                num(d.output_padding, u),
                plus,
                "1 = ",
                num(f.out, u)});
  };
  f.text = body(true);
  f.ascii_text = body(false);
  return f;
}

DimGeometry dim_from_params(const LayerParams& p, int i, int64_t in, int64_t kernel) {
  DimGeometry d;
  d.in = in;
  d.kernel = kernel;
  d.stride = (is_pool(p.op) && !p.stride_set) ? kernel : p.stride[static_cast<size_t>(i)];
  d.dilation = p.dilation[static_cast<size_t>(i)];
  apply_padding(d, p.padding_kind, p.padding[static_cast<size_t>(i)]);
  if (is_conv_transpose(p.op)) d.output_padding = p.output_padding[static_cast<size_t>(i)];
  return d;
}

}  // namespace geometry_arithmetic

using namespace geometry_arithmetic;

int64_t DimGeometry::window_overhang(int64_t o) const {
  int64_t past = 0;
  for (int64_t k = 0; k < kernel; ++k)
    if (o * stride + k * dilation >= padded()) ++past;
  return past;
}

int64_t DimGeometry::last_window_overhang() const {
  return std::max<int64_t>(0, (out - 1) * stride + effective_kernel() - padded());
}

std::vector<int64_t> DimGeometry::windows_covering(int64_t p) const {
  std::vector<int64_t> windows;
  // Tap k of window o sits at o·s + k·d: walk the kernel, not the output, so a long row costs nothing.
  for (int64_t k = 0; k < kernel; ++k) {
    const int64_t start = p - k * dilation;
    if (start < 0) break;
    if (start % stride != 0) continue;
    const int64_t o = start / stride;
    if (o < out) windows.push_back(o);
  }
  // k ascending gives o descending; a window holds p at most once (dilation > 0), so no duplicates.
  std::reverse(windows.begin(), windows.end());
  return windows;
}

std::vector<DimFormula> output_size_formulas(const LayerParams& params, Dims in_sizes, Dims kernel_sizes) {
  const int dims = spatial_dims(params.op);
  const bool ceil_mode = is_pool(params.op) && params.ceil_mode;
  std::vector<DimFormula> formulas;
  for (int i = 0; i < dims; ++i) {
    const DimGeometry d =
        dim_from_params(params, i, in_sizes[static_cast<size_t>(i)], kernel_sizes[static_cast<size_t>(i)]);
    formulas.push_back(is_conv_transpose(params.op) ? make_transposed_formula(dim_name(dims, i), d)
                                                    : make_formula(dim_name(dims, i), d, ceil_mode));
  }
  return formulas;
}

int64_t transposed_out_size(int64_t in, int64_t kernel, int64_t stride, int64_t padding, int64_t dilation,
                            int64_t output_padding) {
  // Every factor is at most 2^30 (check_range), so the products stay far inside int64.
  return (in - 1) * stride - 2 * padding + dilation * (kernel - 1) + output_padding + 1;
}

}  // namespace convstep
