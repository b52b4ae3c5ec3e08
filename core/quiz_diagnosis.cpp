// Locating the slip behind a wrong next value: each candidate slip is one way of getting the arithmetic
// wrong by hand, tried in the order a person works (structure first, then the products in tap order), so
// the first that reproduces the typed value is the one named.
#include "core/quiz_diagnosis.h"

#include <algorithm>
#include <array>
#include <cmath>
#include <functional>
#include <map>
#include <set>
#include <string>

#include "core/ops.h"
#include "core/step_text.h"
#include "core/trace_text.h"

namespace convstep {

std::string integer_text(int64_t v) {
  return v < 0 ? kMinus + std::to_string(-v) : std::to_string(v);
}

std::string input_name(const Geometry& g, int64_t channel, int64_t y, int64_t x) {
  std::string text = "input[" + std::to_string(channel);
  if (g.dims == 2) text += ", " + std::to_string(y);
  return text + ", " + std::to_string(x) + "]";
}

namespace {

std::string operand(float v) {
  return bracket_negative(v, display_number(v));
}

std::string product_text(const Tap& t) {
  return operand(t.value) + kTimes + operand(t.weight);
}

// Where a tap's value comes from, when that is worth saying: padding cells only.
std::string tap_origin(const Geometry& g, const Tap& t) {
  switch (t.source) {
    case TapSource::kZeroPadding:
      return is_max_pool(g.op) ? " (a padding cell, −∞)" : " (a zero padding cell)";
    case TapSource::kCopiedPadding:
      return std::string(" (a ") + padding_mode_name(g.padding_mode) + " padding cell copying " +
             input_name(g, t.in_channel, t.source_y, t.source_x) + ")";
    case TapSource::kInput:
      break;
  }
  return "";
}

std::string off_by(float typed, float answer) {
  return "Off by " + display_number(std::fabs(typed - answer)) + ": ";
}

// The value tap i contributes to a pool, as written in the arithmetic.
std::string pool_term(const Snapshot& s, size_t i) {
  return "the " + ordinal(static_cast<int64_t>(i) + 1) + " value, " + display_number(s.taps[i].value);
}

// --- Convolutions -------------------------------------------------------------------------------

// Sum of the products with the kernel turned by 180°, as a true convolution computes it; NaN when the
// window does not hold every kernel position (nothing to flip against).
double flipped_sum(const Geometry& g, const Snapshot& s) {
  const int64_t kh = g.dims == 2 ? g.h.kernel : 1, kw = g.w.kernel;
  std::map<std::array<int64_t, 3>, float> weights;  // by (channel, ky, kx)
  for (const Tap& t : s.taps) weights[{t.in_channel, t.ky, t.kx}] = t.weight;
  double sum = 0;
  for (const Tap& t : s.taps) {
    const auto mirror = weights.find({t.in_channel, kh - 1 - t.ky, kw - 1 - t.kx});
    if (mirror == weights.end()) return NAN;
    sum += static_cast<double>(t.value) * mirror->second;
  }
  return sum + (s.has_bias ? s.bias : 0.0);
}

bool diagnose_conv(const Geometry& g, const Snapshot& s, const std::function<bool(double)>& eq, float typed,
                   QuizFeedback& f) {
  const double r = s.result;
  const std::string off = off_by(typed, s.result);
  if (s.has_bias && s.bias != 0 && eq(r - s.bias)) {
    f.lines.push_back(off + "the bias " + display_number(s.bias) +
                      " was left out; it is added after the products.");
    return true;
  }
  if (s.partials.size() > 1) {
    for (const ChannelPartial& p : s.partials) {
      if (eq(p.sum) || eq(p.sum + (s.has_bias ? s.bias : 0.0f))) {
        f.lines.push_back("That is channel " + std::to_string(p.in_channel) +
                          "'s sum alone: the output adds the sums of every input channel it reads" +
                          (s.has_bias ? ", then the bias." : "."));
        return true;
      }
    }
    for (const ChannelPartial& p : s.partials) {
      if (p.sum != 0 && eq(r - p.sum)) {
        f.lines.push_back(off + "channel " + std::to_string(p.in_channel) + "'s sum, " +
                          display_number(p.sum) + ", is missing.");
        return true;
      }
    }
  }
  // One product wrong, the simplest slips first; within a slip, the first tap it fits.
  const auto which = [&](size_t i) {
    const Tap& t = s.taps[i];
    return "the " + ordinal(static_cast<int64_t>(i) + 1) + " product, " + product_text(t) + " = " +
           display_number(t.product) + tap_origin(g, t);
  };
  using Slip = std::function<std::string(size_t)>;
  const Slip slips[] = {
      [&](size_t i) {
        const double p = s.taps[i].product;
        return p != 0 && eq(r - p) ? off + which(i) + ", is missing." : std::string();
      },
      [&](size_t i) {
        const double p = s.taps[i].product;
        return p != 0 && eq(r + p) ? off + which(i) + ", was added twice." : std::string();
      },
      [&](size_t i) {
        const Tap& t = s.taps[i];
        return t.product != 0 && eq(r - 2.0 * t.product)
                   ? "A sign slip: " + which(i) + ", not " + display_number(-t.product) + "."
                   : std::string();
      },
      [&](size_t i) {
        const Tap& t = s.taps[i];
        const double added = static_cast<double>(t.value) + t.weight;
        return added != t.product && eq(r - t.product + added)
                   ? off + which(i) + ": the value and the weight are multiplied, not added."
                   : std::string();
      },
      [&](size_t i) {
        const Tap& t = s.taps[i];
        return t.weight != 1 && t.value != t.product && eq(r - t.product + t.value)
                   ? off + which(i) + ": the weight " + display_number(t.weight) + " was not applied."
                   : std::string();
      },
  };
  for (const Slip& slip : slips) {
    for (size_t i = 0; i < s.taps.size(); ++i) {
      std::string text = slip(i);
      if (text.empty()) continue;
      f.lines.push_back(std::move(text));
      f.tap = static_cast<int64_t>(i);
      return true;
    }
  }
  const double flipped = flipped_sum(g, s);
  if (std::isfinite(flipped) && !eq(r) && eq(flipped)) {
    f.lines.push_back(
        "That is the sum with the kernel flipped. PyTorch does not flip it (cross-correlation): "
        "weight[0, 0] meets the window's top-left cell.");
    return true;
  }
  // Stopped early: the running sum after tap k, with or without the bias.
  double running = 0;
  for (size_t k = 0; k + 1 < s.taps.size(); ++k) {
    running += s.taps[k].product;
    if (eq(running) || (s.has_bias && eq(running + s.bias))) {
      const size_t left = s.taps.size() - k - 1;
      f.lines.push_back("That is the running sum after the " + ordinal(static_cast<int64_t>(k) + 1) +
                        " product: the last " + std::to_string(left) +
                        (left == 1 ? " product is" : " products are") + " missing, from the " +
                        ordinal(static_cast<int64_t>(k) + 2) + " on.");
      f.tap = static_cast<int64_t>(k) + 1;
      return true;
    }
  }
  return false;
}

// --- Pools --------------------------------------------------------------------------------------

bool diagnose_max_pool(const Geometry& g, const Snapshot& s, const std::function<bool(double)>& eq,
                       QuizFeedback& f) {
  const size_t winner = s.winner >= 0 ? static_cast<size_t>(s.winner) : 0;
  const std::string largest = "the largest is " + pool_term(s, winner) + ".";
  double sum = 0;  // the snapshot sums only for average and sum pools
  for (const Tap& t : s.taps)
    if (std::isfinite(t.value)) sum += t.value;
  if (s.taps.size() > 1 && eq(sum)) {
    f.lines.push_back("That is the sum of the window; a max pool keeps only the largest value: " + largest);
    f.tap = s.winner;
    return true;
  }
  for (size_t i = 0; i < s.taps.size(); ++i) {
    if (!std::isfinite(s.taps[i].value) || static_cast<int64_t>(i) == s.winner || !eq(s.taps[i].value))
      continue;
    f.lines.push_back("That is " + pool_term(s, i) + tap_origin(g, s.taps[i]) + "; " + largest);
    f.tap = s.winner;
    return true;
  }
  const bool padded = std::any_of(s.taps.begin(), s.taps.end(),
                                  [](const Tap& t) { return t.source == TapSource::kZeroPadding; });
  if (padded && eq(0)) {
    f.lines.push_back("Max pools pad with −∞, not 0, so a padding cell never wins: " + largest);
    f.tap = s.winner;
    return true;
  }
  return false;
}

bool diagnose_avg_or_sum_pool(const Geometry& g, const Snapshot& s, const std::function<bool(double)>& eq,
                              float typed, QuizFeedback& f) {
  const bool avg = g.op == Op::kAvgPool1d || g.op == Op::kAvgPool2d;
  const double divisor = avg ? static_cast<double>(s.divisor) : 1.0;
  const std::string off = off_by(typed, s.result);
  const int64_t all = static_cast<int64_t>(s.taps.size());
  const int64_t inside =
      std::count_if(s.taps.begin(), s.taps.end(), [](const Tap& t) { return t.source == TapSource::kInput; });
  if (avg && eq(s.sum)) {
    f.lines.push_back("That is the sum, " + display_number(s.sum) + "; an average pool divides it by " +
                      std::to_string(s.divisor) + ".");
    return true;
  }
  if (!avg && all > 0 && eq(s.sum / static_cast<double>(all))) {
    f.lines.push_back("That is the average; a sum pool adds the window's values without dividing.");
    return true;
  }
  if (avg) {
    const int64_t area = (g.dims == 2 ? g.h.kernel : 1) * g.w.kernel;
    for (int64_t d : {inside, all, area}) {
      if (d <= 0 || d == s.divisor || !eq(s.sum / static_cast<double>(d))) continue;
      std::string why;
      if (g.count_include_pad && d == inside) {
        why = "count_include_pad=True counts the padding cells too";
      } else if (!g.count_include_pad && d != inside) {
        why = "count_include_pad=False counts only the input cells";
      } else {
        why = "the window overhangs the padded input (ceil_mode), and the cells past it are not counted";
      }
      f.lines.push_back(off + why + ": divide by " + std::to_string(s.divisor) + ", not " +
                        std::to_string(d) + ".");
      return true;
    }
  }
  for (size_t i = 0; i < s.taps.size(); ++i) {
    const double v = s.taps[i].value;
    if (v == 0) continue;
    std::string slip;
    if (eq((s.sum - v) / divisor)) {
      slip = off + pool_term(s, i) + tap_origin(g, s.taps[i]) + ", is missing from the sum.";
    } else if (eq((s.sum + v) / divisor)) {
      slip = off + pool_term(s, i) + tap_origin(g, s.taps[i]) + ", was added twice.";
    }
    if (!slip.empty()) {
      f.lines.push_back(slip);
      f.tap = static_cast<int64_t>(i);
      return true;
    }
  }
  return false;
}

}  // namespace

void explain_wrong_value(const Geometry& g, const Snapshot& s, const std::function<bool(double)>& matches,
                         float typed, QuizFeedback& f) {
  bool found = false;
  if (is_conv(g.op)) {
    found = diagnose_conv(g, s, matches, typed, f);
  } else if (is_max_pool(g.op)) {
    found = diagnose_max_pool(g, s, matches, f);
  } else {
    found = diagnose_avg_or_sum_pool(g, s, matches, typed, f);
  }
  if (!found) f.lines.push_back(off_by(typed, s.result) + "check each term against the arithmetic below.");
}

}  // namespace convstep
