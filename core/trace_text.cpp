// Formats stepper snapshots as hand-written arithmetic. Every number printed comes from the snapshot
// (taps, bias, divisor, result), so the trace shows exactly what the views and the engine computed.
#include "core/trace_text.h"

#include <algorithm>
#include <cmath>
#include <ostream>
#include <vector>

namespace convstep {

namespace {

// An operand of + or ×: negative values go in parentheses, as in 2×(−1).
std::string operand(float v, const TraceStyle& style) {
  return bracket_negative(v, format_number(v, style));
}

std::string join(const std::vector<std::string>& parts, const std::string& separator) {
  std::string out;
  for (size_t i = 0; i < parts.size(); ++i) {
    if (i) out += separator;
    out += parts[i];
  }
  return out;
}

}  // namespace

std::string format_number(float v, const TraceStyle& style) {
  std::string s = format_value(v);
  if (style.ascii) return s;
  if (std::isinf(v)) return v < 0 ? "\u2212\u221e" : "\u221e";
  if (!s.empty() && s[0] == '-') s = "\u2212" + s.substr(1);
  return s;
}

std::string bracket_negative(float v, const std::string& text) {
  return std::signbit(v) && v != 0.0f && !std::isnan(v) ? "(" + text + ")" : text;
}

std::string format_output_index(const Snapshot& s, const Geometry& g) {
  std::string index = "out[";
  if (g.batched) index += std::to_string(s.batch) + ",";
  index += std::to_string(s.out_channel) + ",";
  if (g.dims == 2) index += std::to_string(s.out_y) + ",";
  return index + std::to_string(s.out_x) + "]";
}

std::string format_step(const Snapshot& s, const Geometry& g, const TraceStyle& style) {
  const std::string times = style.ascii ? "x" : "\u00d7";
  std::vector<std::string> terms;
  terms.reserve(s.taps.size());
  // Built by appending: GCC 12 warns (-Wrestrict, a false positive) on long chains of string operator+.
  std::string expression;
  // A summarised window's gap: "… (N terms) …" between its first and last terms.
  const auto mark_gap = [&] {
    if (s.hidden_taps() <= 0) return;
    const std::string dots = style.ascii ? "..." : "\u2026";
    terms.insert(terms.begin() + s.head_taps,
                 dots + " (" + std::to_string(s.hidden_taps()) + " terms) " + dots);
  };
  if (is_conv(g.op)) {
    for (const Tap& tap : s.taps)
      terms.push_back(operand(tap.value, style) + times + operand(tap.weight, style));
    mark_gap();
    if (s.has_bias) terms.push_back(operand(s.bias, style));
    expression = join(terms, " + ");
  } else if (is_max_pool(g.op)) {
    for (const Tap& tap : s.taps) terms.push_back(format_number(tap.value, style));
    mark_gap();
    expression.append("max(").append(join(terms, ", ")).append(")");
  } else if (g.op == Op::kSumPool1d || g.op == Op::kSumPool2d) {
    for (const Tap& tap : s.taps) terms.push_back(format_number(tap.value, style));
    mark_gap();
    expression.append("sum(").append(join(terms, ", ")).append(")");
  } else {
    for (const Tap& tap : s.taps) terms.push_back(operand(tap.value, style));
    mark_gap();
    expression.append("(").append(join(terms, " + ")).append(")/").append(std::to_string(s.divisor));
  }
  std::string line = format_output_index(s, g);
  line.append(" = ").append(expression).append(" = ").append(format_number(s.result, style));
  return line;
}

void write_trace(const Stepper& stepper, const TraceStyle& style, std::ostream& out) {
  const int64_t count = stepper.step_count();
  const int64_t shown = style.max_steps > 0 ? std::min(count, style.max_steps) : count;
  for (int64_t i = 0; i < shown; ++i)
    out << format_step(stepper.snapshot(i), stepper.geometry(), style) << '\n';
  if (shown < count) {
    const int64_t rest = count - shown;
    out << (style.ascii ? "... " : "\u2026 ") << rest << (rest == 1 ? " more step" : " more steps")
        << " (--max-steps 0 shows all)\n";
  }
  const Tensor output = stepper.partial_output(count);
  out << "\noutput " << output.shape_string() << ":\n" << format_tensor(output) << '\n';
}

}  // namespace convstep
