// The window's text of a step, formatted from what the snapshot already holds; the sums and results
// shown are the stepper's own floats. GUI-free, so the panel, the stage and the tests share it.
#include "core/step_text.h"

#include <algorithm>
#include <cmath>
#include <cstdlib>

#include "core/tensor.h"
#include "core/trace_text.h"
#include "core/weight_factor.h"

namespace convstep {
namespace {

constexpr const char* kTimes = "\xC3\x97";        // U+00D7
constexpr const char* kMiddleDot = " \xC2\xB7 ";  // U+00B7 with spaces
constexpr const char* kArrow = " \xE2\x86\x92 ";  // U+2192 with spaces

std::string operand(float v) {
  return bracket_negative(v, display_number(v));
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
  // Appended, not chained with +: GCC 12 warns falsely (-Wrestrict) on the chain.
  std::string text = "(";
  text.append(std::to_string(h)).append(", ").append(std::to_string(w)).append(")");
  return text;
}

}  // namespace

// The trace's typographic numbers, except NaN, which the window spells as a person does.
std::string display_number(float v) {
  if (std::isnan(v)) return "NaN";
  return format_number(v, TraceStyle{});
}

// The same index text as `convstep trace`, so the window and the trace can be compared line by line.
std::string output_label(const Geometry& g, const Snapshot& s) {
  return format_output_index(s, g);
}

std::string ArithmeticLine::text() const {
  std::string out;
  for (const ArithmeticPiece& piece : pieces) out += piece.text;
  return out;
}

std::vector<std::string> step_arithmetic(const Geometry& g, const Snapshot& s) {
  std::vector<std::string> lines;
  for (const ArithmeticLine& line : step_arithmetic_view(g, s, -1, s.result, kAllTerms).lines)
    lines.push_back(line.text());
  return lines;
}

namespace {

// One slot of a shortened list: an item shown, or a run of `hidden` items starting at `item`.
struct Slot {
  int64_t item = 0;
  int64_t hidden = 0;
};

// Which of n items a line shows: all of them when they fit in max_items (0 = no limit), else the first
// and last quarter of max_items plus the current item and its neighbours, with gaps between.
std::vector<Slot> visible_slots(int64_t n, int64_t current, size_t max_items) {
  std::vector<Slot> slots;
  const bool all = max_items == kAllTerms || n <= static_cast<int64_t>(max_items);
  const int64_t end_share = std::max<int64_t>(2, static_cast<int64_t>(max_items) / 4);
  const auto shown = [&](int64_t i) {
    return all || i < end_share || i >= n - end_share || (current >= 0 && std::abs(i - current) <= 2);
  };
  for (int64_t i = 0; i < n; ++i) {
    if (shown(i)) {
      slots.push_back({i, 0});
    } else if (!slots.empty() && slots.back().hidden > 0) {
      ++slots.back().hidden;
    } else {
      slots.push_back({i, 1});
    }
  }
  return slots;
}

// Builds the pieces of one line in tap mode or not; items are taps, channels or partial sums.
class LineBuilder {
 public:
  explicit LineBuilder(int64_t tap) : tap_(tap) {}

  void add(std::string text, TermState state, int64_t tap_index = -1) {
    line_.pieces.push_back({std::move(text), state, tap_index});
  }
  // Syntax ("max(", ")", "channel 0:  ") is never dimmed: it frames the terms.
  void syntax(std::string text) { add(std::move(text), TermState::kPlain); }
  // Results, the bias and everything else that only counts once every tap is in.
  void after_taps(std::string text) {
    add(std::move(text), tap_ < 0 ? TermState::kPlain : TermState::kLater);
  }

  // State of a term built from the taps [first, last] (one tap, or an elided run).
  TermState taps_state(int64_t first, int64_t last) const {
    if (tap_ < 0) return TermState::kPlain;
    if (last < tap_) return TermState::kDone;
    if (first > tap_) return TermState::kLater;
    return first == last ? TermState::kCurrent : TermState::kDone;
  }

  ArithmeticLine take() { return std::move(line_); }

 private:
  int64_t tap_;
  ArithmeticLine line_;
};

std::string hidden_text(int64_t count, const char* unit) {
  return "\xE2\x80\xA6 (" + std::to_string(count) + " " + unit + ") \xE2\x80\xA6";  // "… (N terms) …"
}

// The terms of taps[indices] as one run of pieces, shortened when there are too many.
// `term` writes tap i; the separator follows every term but the last.
template <typename TermText>
void add_terms(LineBuilder& line, const std::vector<int64_t>& indices, int64_t tap, size_t max_terms,
               const char* separator, const TermText& term, int64_t winner = -1) {
  const int64_t n = static_cast<int64_t>(indices.size());
  int64_t current = -1;
  // The current tap stays visible in a shortened line; so does the max pool's winner.
  const int64_t kept = tap >= 0 ? tap : winner;
  for (int64_t i = 0; i < n; ++i)
    if (indices[static_cast<size_t>(i)] == kept) current = i;
  const std::vector<Slot> slots = visible_slots(n, current, max_terms);
  for (size_t k = 0; k < slots.size(); ++k) {
    const Slot& slot = slots[k];
    const std::string after = k + 1 < slots.size() ? separator : "";
    if (slot.hidden > 0) {
      const int64_t first = indices[static_cast<size_t>(slot.item)];
      const int64_t last = indices[static_cast<size_t>(slot.item + slot.hidden - 1)];
      line.add(hidden_text(slot.hidden, slot.hidden == 1 ? "term" : "terms") + after,
               line.taps_state(first, last));
      continue;
    }
    const int64_t index = indices[static_cast<size_t>(slot.item)];
    TermState state = line.taps_state(index, index);
    if (tap < 0 && index == winner) state = TermState::kWinner;
    line.add(term(index) + after, state, index);
  }
}

// The term texts a line is written from, tap i of the snapshot each.
std::string tap_value(const Snapshot& s, int64_t i) {
  return display_number(s.taps[static_cast<size_t>(i)].value);
}
std::string tap_operand(const Snapshot& s, int64_t i) {
  return operand(s.taps[static_cast<size_t>(i)].value);
}
// value×weight; with a weight denominator D, value×n for the weight n/D (the factor is written once).
std::string tap_product(const Snapshot& s, int64_t i, int64_t denominator = 1) {
  const Tap& t = s.taps[static_cast<size_t>(i)];
  const float w = denominator > 1 ? weight_numerator(t.weight, denominator) : t.weight;
  return operand(t.value) + kTimes + operand(w);
}

// "(1/16)·(": what opens a sum of products written with integer weights.
std::string factor_opening(int64_t denominator) {
  return "(1/" + std::to_string(denominator) + ")\xC2\xB7(";
}

std::vector<int64_t> every_tap(const Snapshot& s) {
  std::vector<int64_t> all(s.taps.size());
  for (size_t i = 0; i < all.size(); ++i) all[i] = static_cast<int64_t>(i);
  return all;
}

std::string result_text(const Snapshot& s) {
  return " = " + display_number(s.result);
}

std::string bias_text(const Snapshot& s) {
  return s.has_bias ? " + " + operand(s.bias) + " (bias)" : "";
}

// A pool's one line: max(…), (… + …)/n or sum(…), then the result.
ArithmeticLine pool_line(const Geometry& g, const Snapshot& s, int64_t tap, size_t max_terms) {
  const std::vector<int64_t> all = every_tap(s);
  const auto value_of = [&](int64_t i) { return tap_value(s, i); };
  LineBuilder line(tap);
  if (is_max_pool(g.op)) {
    line.syntax("max(");
    add_terms(line, all, tap, max_terms, ", ", value_of, s.winner);
    line.syntax(")");
  } else if (g.op == Op::kAvgPool1d || g.op == Op::kAvgPool2d) {
    line.syntax("(");
    add_terms(line, all, tap, max_terms, " + ", [&](int64_t i) { return tap_operand(s, i); });
    line.syntax(")/");
    line.after_taps(std::to_string(s.divisor));
  } else {
    line.syntax("sum(");
    add_terms(line, all, tap, max_terms, ", ", value_of);
    line.syntax(")");
  }
  line.after_taps(result_text(s));
  return line.take();
}

// A convolution reading one input channel: its products, the bias and the result on one line.
ArithmeticLine single_channel_line(const Snapshot& s, int64_t tap, size_t max_terms, int64_t denominator) {
  LineBuilder line(tap);
  if (denominator > 1) line.syntax(factor_opening(denominator));
  add_terms(line, every_tap(s), tap, max_terms, " + ",
            [&](int64_t i) { return tap_product(s, i, denominator); });
  if (denominator > 1) line.syntax(")");
  if (s.has_bias) line.after_taps(bias_text(s));
  line.after_taps(result_text(s));
  return line.take();
}

// The taps of each partial's input channel, in tap order; `current_channel` is the partial holding `tap`.
std::vector<std::vector<int64_t>> taps_by_channel(const Snapshot& s, int64_t tap, int64_t& current_channel) {
  std::vector<std::vector<int64_t>> channel_taps(s.partials.size());
  current_channel = -1;
  for (size_t c = 0; c < s.partials.size(); ++c) {
    for (int64_t i = 0; i < static_cast<int64_t>(s.taps.size()); ++i) {
      if (s.taps[static_cast<size_t>(i)].in_channel != s.partials[c].in_channel) continue;
      channel_taps[c].push_back(i);
      if (i == tap) current_channel = static_cast<int64_t>(c);
    }
  }
  return channel_taps;
}

// A sum that counts as done once the last of `taps` is in (plain outside tap mode or without taps).
TermState sum_state(const std::vector<int64_t>& taps, int64_t tap) {
  if (taps.empty() || tap < 0) return TermState::kPlain;
  return taps.back() <= tap ? TermState::kDone : TermState::kLater;
}

// "channel c:  products = partial sum", one line per channel shown, with a gap line for each hidden run.
void add_channel_lines(const Snapshot& s, const std::vector<std::vector<int64_t>>& channel_taps,
                       const std::vector<Slot>& slots, int64_t tap, size_t max_terms, int64_t denominator,
                       std::vector<ArithmeticLine>& lines) {
  for (const Slot& slot : slots) {
    if (slot.hidden > 0) {
      LineBuilder gap(tap);
      const std::vector<int64_t>& first = channel_taps[static_cast<size_t>(slot.item)];
      const std::vector<int64_t>& last = channel_taps[static_cast<size_t>(slot.item + slot.hidden - 1)];
      gap.add(hidden_text(slot.hidden, slot.hidden == 1 ? "channel" : "channels"),
              first.empty() || last.empty() ? TermState::kPlain : gap.taps_state(first.front(), last.back()));
      lines.push_back(gap.take());
      continue;
    }
    const ChannelPartial& partial = s.partials[static_cast<size_t>(slot.item)];
    const std::vector<int64_t>& taps = channel_taps[static_cast<size_t>(slot.item)];
    LineBuilder line(tap);
    line.syntax("channel " + std::to_string(partial.in_channel) + ":  ");
    if (denominator > 1) line.syntax(factor_opening(denominator));
    add_terms(line, taps, tap, max_terms, " + ", [&](int64_t i) { return tap_product(s, i, denominator); });
    if (denominator > 1) line.syntax(")");
    line.add(" = " + display_number(partial.sum), sum_state(taps, tap));
    lines.push_back(line.take());
  }
}

// The total line: the channel sums (each done once its channel's last tap is in), the bias, the result.
ArithmeticLine channel_total_line(const Snapshot& s, const std::vector<std::vector<int64_t>>& channel_taps,
                                  int64_t current_channel, int64_t tap, size_t max_terms) {
  LineBuilder total(tap);
  const std::vector<Slot> slots =
      visible_slots(static_cast<int64_t>(s.partials.size()), current_channel, max_terms);
  for (size_t k = 0; k < slots.size(); ++k) {
    const Slot& slot = slots[k];
    const std::string after = k + 1 < slots.size() ? " + " : "";
    const std::vector<int64_t>& last_taps =
        channel_taps[static_cast<size_t>(slot.item + std::max<int64_t>(slot.hidden, 1) - 1)];
    const TermState state = sum_state(last_taps, tap);
    if (slot.hidden > 0) {
      total.add(hidden_text(slot.hidden, "channel sums") + after, state);
    } else {
      total.add(operand(s.partials[static_cast<size_t>(slot.item)].sum) + after, state);
    }
  }
  if (s.has_bias) total.after_taps(bias_text(s));
  total.after_taps(result_text(s));
  return total.take();
}

// A convolution over several input channels: one line per channel (a stack of many keeps the first,
// the last and the current one), then the channel sums, the bias and the result.
void add_multi_channel_lines(const Snapshot& s, int64_t tap, size_t max_terms, int64_t denominator,
                             std::vector<ArithmeticLine>& lines) {
  int64_t current_channel = -1;
  const std::vector<std::vector<int64_t>> channel_taps = taps_by_channel(s, tap, current_channel);
  const size_t max_lines = max_terms == kAllTerms ? kAllTerms : kMaxChannelLines;
  const std::vector<Slot> slots =
      visible_slots(static_cast<int64_t>(s.partials.size()), current_channel, max_lines);
  add_channel_lines(s, channel_taps, slots, tap, max_terms, denominator, lines);
  lines.push_back(channel_total_line(s, channel_taps, current_channel, tap, max_terms));
}

// A summarised window (core/stepper.h): its first and last terms around the count left out, on one
// line in the op's notation, then the bias and the result.
ArithmeticLine summary_line(const Geometry& g, const Snapshot& s) {
  const bool avg = g.op == Op::kAvgPool1d || g.op == Op::kAvgPool2d;
  const bool conv = is_conv(g.op);
  const char* separator = conv || avg ? " + " : ", ";
  LineBuilder line(-1);
  if (is_max_pool(g.op)) line.syntax("max(");
  if (avg) line.syntax("(");
  if (g.op == Op::kSumPool1d || g.op == Op::kSumPool2d) line.syntax("sum(");
  const int64_t kept = static_cast<int64_t>(s.taps.size());
  for (int64_t i = 0; i < kept; ++i) {
    if (i == s.head_taps && s.hidden_taps() > 0)
      line.add(hidden_text(s.hidden_taps(), "terms") + separator, TermState::kPlain);
    const std::string text = conv ? tap_product(s, i) : avg ? tap_operand(s, i) : tap_value(s, i);
    line.add(text + (i + 1 < kept ? separator : ""), i == s.winner ? TermState::kWinner : TermState::kPlain,
             i);
  }
  if (!conv) line.syntax(avg ? ")/" : ")");
  if (avg) line.after_taps(std::to_string(s.divisor));
  if (conv && s.has_bias) line.after_taps(bias_text(s));
  line.after_taps(result_text(s));
  return line.take();
}

// Tap mode's "term 4 of 9 · running sum: 3", with what is still to come after the taps.
std::string tap_progress(const Geometry& g, const Snapshot& s, int64_t tap, float running) {
  std::string progress = "term " + std::to_string(tap + 1) + " of " + std::to_string(s.taps.size()) +
                         kMiddleDot + (is_max_pool(g.op) ? "running max: " : "running sum: ") +
                         display_number(running);
  if (is_conv(g.op) && s.has_bias) progress += " (the bias comes last)";
  if (g.op == Op::kAvgPool1d || g.op == Op::kAvgPool2d)
    progress += " (divided by " + std::to_string(s.divisor) + " at the end)";
  return progress;
}

}  // namespace

StepArithmetic step_arithmetic_view(const Geometry& g, const Snapshot& s, int64_t tap, float running,
                                    size_t max_terms, int64_t weight_denominator) {
  StepArithmetic view;
  view.label = output_label(g, s);
  if (tap >= static_cast<int64_t>(s.taps.size())) tap = -1;  // past the window: the whole step
  if (s.summarised()) {
    view.lines.push_back(summary_line(g, s));
    return view;
  }
  if (is_pool(g.op)) {
    view.lines.push_back(pool_line(g, s, tap, max_terms));
  } else if (s.partials.size() <= 1) {
    view.lines.push_back(single_channel_line(s, tap, max_terms, weight_denominator));
  } else {
    add_multi_channel_lines(s, tap, max_terms, weight_denominator, view.lines);
  }
  if (tap >= 0) view.progress = tap_progress(g, s, tap, running);
  return view;
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
