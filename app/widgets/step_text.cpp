// Formats what the snapshot already holds; the sums and results shown are the stepper's own floats.
#include "app/widgets/step_text.h"

#include <cmath>

#include "app/cli/trace_format.h"
#include "core/tensor.h"

namespace convstep {
namespace {

constexpr const char* kMinus = "\xE2\x88\x92";     // U+2212
constexpr const char* kTimes = "\xC3\x97";         // U+00D7
constexpr const char* kInfinity = "\xE2\x88\x9E";  // U+221E
constexpr const char* kMiddleDot = " \xC2\xB7 ";   // U+00B7 with spaces
constexpr const char* kArrow = " \xE2\x86\x92 ";   // U+2192 with spaces

// A negative operand is bracketed so "1×(−1)" and "2 + (−3)" cannot be misread.
std::string operand(float v) {
  const std::string text = display_number(v);
  return std::signbit(v) && v != 0 ? "(" + text + ")" : text;
}

std::string join(const std::vector<std::string>& parts, const char* separator) {
  std::string out;
  for (size_t i = 0; i < parts.size(); ++i) {
    if (i > 0) out += separator;
    out += parts[i];
  }
  return out;
}

// One value when both dimensions agree (PyTorch accepts an int), else a tuple.
std::string pair_text(const Geometry& g, int64_t h, int64_t w) {
  if (g.dims == 1 || h == w) return std::to_string(w);
  return "(" + std::to_string(h) + ", " + std::to_string(w) + ")";
}

}  // namespace

std::string display_number(float v) {
  if (std::isnan(v)) return "NaN";
  if (std::isinf(v)) return v < 0 ? std::string(kMinus) + kInfinity : std::string(kInfinity);
  std::string text = format_value(v);
  if (!text.empty() && text[0] == '-') text = kMinus + text.substr(1);
  return text;
}

// The same index text as `convstep trace`, so the window and the trace can be compared line by line.
std::string output_label(const Geometry& g, const Snapshot& s) {
  return format_output_index(s, g);
}

std::vector<std::string> step_arithmetic(const Geometry& g, const Snapshot& s) {
  std::vector<std::string> lines;
  const std::string result = display_number(s.result);
  std::vector<std::string> values;
  for (const Tap& tap : s.taps) values.push_back(operand(tap.value));

  if (is_max_pool(g.op)) {
    lines.push_back("max(" + join(values, ", ") + ") = " + result);
    return lines;
  }
  if (is_pool(g.op)) {
    const std::string sum = join(values, " + ");
    if (g.op == Op::kAvgPool1d || g.op == Op::kAvgPool2d) {
      lines.push_back("(" + sum + ")/" + std::to_string(s.divisor) + " = " + result);
    } else {
      lines.push_back("sum(" + join(values, ", ") + ") = " + result);
    }
    return lines;
  }

  const std::string bias = s.has_bias ? " + " + operand(s.bias) + " (bias)" : "";
  if (s.partials.size() <= 1) {
    std::vector<std::string> terms;
    for (const Tap& tap : s.taps) terms.push_back(operand(tap.value) + kTimes + operand(tap.weight));
    lines.push_back(join(terms, " + ") + bias + " = " + result);
    return lines;
  }
  std::vector<std::string> partial_terms;
  for (const ChannelPartial& partial : s.partials) {
    std::vector<std::string> terms;
    for (const Tap& tap : s.taps) {
      if (tap.in_channel == partial.in_channel)
        terms.push_back(operand(tap.value) + kTimes + operand(tap.weight));
    }
    lines.push_back("channel " + std::to_string(partial.in_channel) + ":  " + join(terms, " + ") + " = " +
                    display_number(partial.sum));
    partial_terms.push_back(operand(partial.sum));
  }
  lines.push_back(join(partial_terms, " + ") + bias + " = " + result);
  return lines;
}

std::string layer_summary(const LayerParams& params, const Geometry& g) {
  std::vector<std::string> parts{op_name(g.op)};
  if (is_conv(g.op)) {
    parts.push_back("in_channels " + std::to_string(g.in_channels));
    parts.push_back("out_channels " + std::to_string(g.out_channels));
  }
  parts.push_back("kernel_size " + pair_text(g, g.h.kernel, g.w.kernel));
  parts.push_back("stride " + pair_text(g, g.h.stride, g.w.stride));
  if (params.padding_kind == PaddingKind::kSame) {
    parts.push_back("padding 'same'");
  } else if (params.padding_kind == PaddingKind::kValid) {
    parts.push_back("padding 'valid'");
  } else {
    parts.push_back("padding " + pair_text(g, g.h.pad_before, g.w.pad_before));
  }
  if (!is_pool(g.op) || is_max_pool(g.op))
    parts.push_back("dilation " + pair_text(g, g.h.dilation, g.w.dilation));
  if (g.groups > 1) parts.push_back("groups " + std::to_string(g.groups));
  if (is_conv(g.op) && g.padding_mode != PaddingMode::kZeros) {
    parts.push_back(std::string("padding_mode '") + padding_mode_name(g.padding_mode) + "'");
  }
  if (is_conv(g.op)) parts.push_back(g.has_bias ? "bias True" : "bias False");
  if (is_pool(g.op) && g.ceil_mode) parts.push_back("ceil_mode True");
  if ((g.op == Op::kAvgPool1d || g.op == Op::kAvgPool2d) && !g.count_include_pad) {
    parts.push_back("count_include_pad False");
  }
  return join(parts, kMiddleDot);
}

std::string shape_summary(const Geometry& g) {
  return "input " + shape_to_string(g.input_shape()) + kArrow + "output " + shape_to_string(g.output_shape());
}

}  // namespace convstep
