// Checking quiz answers against the stepper's snapshot and the geometry. The slip behind a wrong value is
// located in quiz_diagnosis.cpp.
#include "core/quiz.h"

#include <algorithm>
#include <array>
#include <cctype>
#include <cmath>
#include <cstdlib>
#include <functional>
#include <map>
#include <set>

#include "core/ops.h"
#include "core/quiz_diagnosis.h"
#include "core/step_text.h"
#include "core/trace_text.h"

namespace convstep {
namespace {

std::string position_text(int64_t padded, int64_t pad_before) {
  return integer_text(padded - pad_before);
}

}  // namespace

const char* quiz_kind_name(QuizKind kind) {
  switch (kind) {
    case QuizKind::kNextValue:
      return "next value";
    case QuizKind::kOutputShape:
      return "output shape";
    case QuizKind::kReceptiveField:
      return "receptive field";
    case QuizKind::kPadding:
      break;
  }
  return "padding";
}

std::optional<QuizKind> parse_quiz_kind(const std::string& name) {
  for (QuizKind kind : {QuizKind::kNextValue, QuizKind::kReceptiveField, QuizKind::kPadding}) {
    std::string spelled = quiz_kind_name(kind);
    std::replace(spelled.begin(), spelled.end(), ' ', '-');
    if (name == spelled) return kind;
  }
  return std::nullopt;
}

std::string ordinal(int64_t n) {
  static const char* const kWords[] = {"first", "second",  "third",  "fourth", "fifth",
                                       "sixth", "seventh", "eighth", "ninth",  "tenth"};
  if (n >= 1 && n <= 10) return kWords[n - 1];
  const int64_t tens = n % 100, ones = n % 10;
  const char* suffix = (tens >= 11 && tens <= 13) ? "th"
                       : ones == 1                ? "st"
                       : ones == 2                ? "nd"
                       : ones == 3                ? "rd"
                                                  : "th";
  return std::to_string(n) + suffix;
}

Result<float> parse_quiz_number(const std::string& typed) {
  std::string text;
  for (size_t i = 0; i < typed.size(); ++i) {
    if (typed.compare(i, 3, kMinus) == 0) {
      text += '-';
      i += 2;
    } else if (typed[i] != ' ' && typed[i] != '\t') {
      text += typed[i];
    }
  }
  const std::string shown = "\"" + typed + "\"";
  const auto fail = [&] {
    return make_error(text.empty() ? std::string("Type a number first, e.g. 4, −0.5 or 1/9.")
                                   : shown + " is not a number: type e.g. 4, −0.5 or 1/9.");
  };
  if (text.empty() || text.size() > 40) return fail();
  const auto number = [](const std::string& s, float* out) {
    if (s.empty()) return false;
    char* end = nullptr;
    const float v = std::strtof(s.c_str(), &end);
    if (end != s.c_str() + s.size() || !std::isfinite(v)) return false;
    *out = v;
    return true;
  };
  const size_t slash = text.find('/');
  float a = 0, b = 1;
  if (slash == std::string::npos) {
    if (!number(text, &a)) return fail();
    return a;
  }
  if (!number(text.substr(0, slash), &a) || !number(text.substr(slash + 1), &b)) return fail();
  if (b == 0) return make_error(shown + " divides by zero: type e.g. 4, −0.5 or 1/9.");
  return a / b;
}

bool is_integer_scene(const Scene& scene) {
  const auto whole = [](const Tensor& t) {
    return std::all_of(t.values().begin(), t.values().end(),
                       [](float v) { return std::isfinite(v) && v == std::floor(v); });
  };
  const Op op = scene.params.op;
  if (op == Op::kAvgPool1d || op == Op::kAvgPool2d) return false;
  if (!whole(scene.input)) return false;
  if (!is_conv(op)) return true;
  return whole(scene.weight) && (!scene.bias || whole(*scene.bias));
}

bool value_matches(float typed, float answer, bool exact) {
  if (std::isnan(typed) || std::isnan(answer)) return false;
  if (typed == answer) return true;
  if (exact || !std::isfinite(answer)) return false;
  const double d = std::fabs(static_cast<double>(typed) - answer);
  return d <= 1e-3 || d <= 0.005 * std::fabs(static_cast<double>(answer));
}

QuizFeedback check_next_value(const Geometry& g, const Snapshot& s, bool exact, float typed) {
  QuizFeedback f;
  const std::string label = output_label(g, s);
  f.correct = value_matches(typed, s.result, exact);
  if (f.correct) {
    f.verdict = "Right: " + label + " = " + display_number(s.result) + ".";
    return f;
  }
  f.verdict =
      "Not quite: " + label + " = " + display_number(s.result) + ", not " + display_number(typed) + ".";
  explain_wrong_value(
      g, s, [&](double v) { return value_matches(typed, static_cast<float>(v), exact); }, typed, f);
  return f;
}

Result<std::vector<int64_t>> parse_shape_answer(const std::string& typed, int dims) {
  std::vector<int64_t> sizes;
  std::string digits;
  bool bad = false;
  const auto flush = [&] {
    if (digits.empty()) return;
    sizes.push_back(digits.size() > 9 ? -1 : std::stoll(digits));
    digits.clear();
  };
  for (size_t i = 0; i < typed.size(); ++i) {
    const char c = typed[i];
    if (c >= '0' && c <= '9') {
      digits += c;
    } else if (c == ' ' || c == ',' || c == 'x' || c == 'X' || c == '*' || c == '[' || c == ']' || c == '(' ||
               c == ')') {
      flush();
    } else if (typed.compare(i, 2, kTimes) == 0) {
      flush();
      ++i;
    } else {
      bad = true;
    }
  }
  flush();
  const std::string want = dims == 1 ? "one size, e.g. 3" : "a height and a width, e.g. 3x3";
  if (bad || std::find(sizes.begin(), sizes.end(), -1) != sizes.end())
    return make_error("\"" + typed + "\" is not a size: type " + want + ".");
  if (static_cast<int>(sizes.size()) != dims)
    return make_error(sizes.empty() ? "Type " + want + "."
                                    : "\"" + typed + "\" has " + std::to_string(sizes.size()) +
                                          (sizes.size() == 1 ? " size" : " sizes") + ": type " + want + ".");
  return sizes;
}

QuizFeedback check_output_shape(const Scene& scene, const std::vector<int64_t>& typed) {
  QuizFeedback f;
  const Result<Geometry> resolved = resolve_geometry(scene);
  if (!resolved) {
    f.verdict = resolved.message();
    return f;
  }
  const Geometry& g = *resolved;
  const Dims in = g.dims == 1 ? Dims{g.w.in, g.w.in} : Dims{g.h.in, g.w.in};
  const Dims kernel = g.dims == 1 ? Dims{g.w.kernel, g.w.kernel} : Dims{g.h.kernel, g.w.kernel};
  const std::vector<DimFormula> formulas = output_size_formulas(scene.params, in, kernel);
  std::string answer, said;
  f.correct = typed.size() == formulas.size();
  for (size_t d = 0; d < formulas.size(); ++d) {
    const int64_t guess = d < typed.size() ? typed[d] : -1;
    const bool right = guess == formulas[d].out;
    f.correct = f.correct && right;
    answer += (d > 0 ? std::string(" ") + kTimes + " " : "") + std::to_string(formulas[d].out);
    said += (d > 0 ? std::string(" ") + kTimes + " " : "") + (guess >= 0 ? std::to_string(guess) : "?");
    f.lines.push_back(formulas[d].name +
                      (right ? "" : " (not " + (guess >= 0 ? std::to_string(guess) : "?") + ")") + ": " +
                      formulas[d].text);
  }
  f.verdict = f.correct ? "Right: the feature map is " + answer + "."
                        : "Not quite: the feature map is " + answer + ", not " + said + ".";
  f.lines.push_back("output " + shape_to_string(g.output_shape()));
  return f;
}

std::vector<QuizCell> receptive_field(const Snapshot& s) {
  std::vector<QuizCell> cells;
  std::set<QuizCell> seen;
  for (const Tap& t : s.taps) {
    const QuizCell c{t.in_channel, t.padded_y, t.padded_x};
    if (seen.insert(c).second) cells.push_back(c);
  }
  return cells;
}

QuizFeedback check_receptive_field(const Geometry& g, const Snapshot& s,
                                   const std::vector<QuizCell>& chosen) {
  QuizFeedback f;
  const std::vector<QuizCell> field = receptive_field(s);
  const std::set<QuizCell> want(field.begin(), field.end()), got(chosen.begin(), chosen.end());
  for (const QuizCell& c : field)
    if (!got.count(c)) f.missed.push_back(c);
  for (const QuizCell& c : got)
    if (!want.count(c)) f.extra.push_back(c);
  f.correct = f.missed.empty() && f.extra.empty();
  const std::string label = output_label(g, s);
  const std::string count = std::to_string(field.size()) + (field.size() == 1 ? " cell" : " cells");
  if (f.correct) {
    f.verdict = "Right: " + label + " reads these " + count + ".";
  } else {
    f.verdict = "Not quite: " + label + " reads " + count + "; " + std::to_string(f.missed.size()) +
                " missed (outlined), " + std::to_string(f.extra.size()) + " extra (crossed).";
  }
  const ChannelRange read = g.in_channels_read(s.out_channel);
  std::string where = "The window starts at ";
  if (g.dims == 2)
    where += "row " + std::to_string(s.out_y) + kTimes + std::to_string(g.h.stride) + " = " +
             std::to_string(s.origin_y) + ", ";
  where += "column " + std::to_string(s.out_x) + kTimes + std::to_string(g.w.stride) + " = " +
           std::to_string(s.origin_x) + " of the padded input (output index " + kTimes + " stride)";
  std::string span = "and covers " + (g.dims == 2 ? std::to_string(g.h.kernel) + kTimes : std::string()) +
                     std::to_string(g.w.kernel) + " cells";
  if (g.h.dilation > 1 || g.w.dilation > 1)
    span += ", every " + ordinal(std::max(g.h.dilation, g.w.dilation)) + " cell (dilation)";
  if (is_conv(g.op)) {
    span += read.count == 1
                ? " of input channel " + std::to_string(read.first)
                : " of input channels " + std::to_string(read.first) + "–" + std::to_string(read.end() - 1);
  } else {
    span += " of its own channel";
  }
  f.lines.push_back(where + " " + span + ".");
  if (s.partial_window) f.lines.push_back("Past the padded input (ceil_mode), the window reads nothing.");
  return f;
}

bool has_copied_padding(const Geometry& g) {
  return is_conv(g.op) && g.padding_mode != PaddingMode::kZeros &&
         (g.h.pad_before + g.h.pad_after + g.w.pad_before + g.w.pad_after) > 0;
}

std::optional<PaddingQuestion> padding_question(const Stepper& stepper, const Snapshot& s, int64_t n) {
  const Geometry& g = stepper.geometry();
  if (!has_copied_padding(g)) return std::nullopt;
  const int64_t channel = g.in_channels_read(s.out_channel).first;
  const int64_t rows = g.dims == 2 ? g.h.padded() : 1;
  std::vector<PaddingQuestion> all;
  const float* data = stepper.scene().input.data();
  for (int64_t py = 0; py < rows; ++py) {
    const int64_t sy = g.dims == 2 ? padded_source_index(py, g.h.in, g.h.pad_before, g.padding_mode) : 0;
    const bool inside_y = g.dims == 1 || (py >= g.h.pad_before && py < g.h.pad_before + g.h.in);
    for (int64_t px = 0; px < g.w.padded(); ++px) {
      // Rows of the input hold padding only at their ends: skip to the right padding.
      if (inside_y && px == g.w.pad_before) px = g.w.pad_before + g.w.in;
      if (px >= g.w.padded()) break;
      const bool inside = inside_y && px >= g.w.pad_before && px < g.w.pad_before + g.w.in;
      const int64_t sx = padded_source_index(px, g.w.in, g.w.pad_before, g.padding_mode);
      if (inside || sy < 0 || sx < 0) continue;
      PaddingQuestion q;
      q.cell = {channel, py, px};
      q.source = {channel, g.dims == 2 ? sy + g.h.pad_before : 0, sx + g.w.pad_before};
      q.value = data[((s.batch * g.in_channels + channel) * g.h.in + sy) * g.w.in + sx];
      all.push_back(q);
    }
  }
  if (all.empty()) return std::nullopt;
  // A stride through the ring that is coprime with most ring sizes, so successive questions move round it.
  const int64_t count = static_cast<int64_t>(all.size());
  const int64_t index = ((std::max<int64_t>(n, 0) % count) * 7 + 3) % count;
  return all[static_cast<size_t>(index)];
}

namespace {

// Why the padding cell copies its source, one clause per dimension that lies outside the input.
std::string padding_reason(const Geometry& g, const PaddingQuestion& q) {
  std::string moves;
  const auto dim = [&](const char* name, int64_t padded, int64_t source, int64_t pad_before) {
    if (padded == source) return;
    if (!moves.empty()) moves += ", ";
    moves += std::string(name) + " " + position_text(padded, pad_before) + kArrow +
             position_text(source, pad_before);
  };
  if (g.dims == 2) dim("row", q.cell.y, q.source.y, g.h.pad_before);
  dim(g.dims == 2 ? "column" : "position", q.cell.x, q.source.x, g.w.pad_before);
  switch (g.padding_mode) {
    case PaddingMode::kReflect:
      return "reflect mirrors the input at its edge without repeating the edge: " + moves + ".";
    case PaddingMode::kReplicate:
      return "replicate repeats the edge cell outwards: " + moves + ".";
    case PaddingMode::kCircular:
      return "circular wraps round to the other side: " + moves + ".";
    case PaddingMode::kZeros:
      break;
  }
  return "zero padding holds 0.";
}

std::string cell_text(const Geometry& g, const QuizCell& c) {
  std::string text = g.dims == 2 ? "(" + position_text(c.y, g.h.pad_before) + ", " : "(";
  return text + position_text(c.x, g.w.pad_before) + ")";
}

QuizFeedback padding_feedback(const Geometry& g, const PaddingQuestion& q, bool right,
                              const std::string& got) {
  QuizFeedback f;
  f.correct = right;
  f.source = q.source;
  const std::string source = input_name(g, q.source.channel, q.source.y - (g.dims == 2 ? g.h.pad_before : 0),
                                        q.source.x - g.w.pad_before);
  const std::string copies =
      "the padding cell " + cell_text(g, q.cell) + " copies " + source + " = " + display_number(q.value);
  f.verdict = right ? "Right: " + copies + "." : "Not quite: " + copies + ", not " + got + ".";
  f.lines.push_back(std::string(1, static_cast<char>(std::toupper(padding_reason(g, q)[0]))) +
                    padding_reason(g, q).substr(1));
  return f;
}

}  // namespace

QuizFeedback check_padding_cell(const Stepper& stepper, const Snapshot& s, const PaddingQuestion& q,
                                const QuizCell& chosen) {
  const Geometry& g = stepper.geometry();
  const bool inside = chosen.x >= g.w.pad_before && chosen.x < g.w.pad_before + g.w.in &&
                      (g.dims == 1 || (chosen.y >= g.h.pad_before && chosen.y < g.h.pad_before + g.h.in)) &&
                      chosen.channel >= 0 && chosen.channel < g.in_channels;
  float value = NAN;
  if (inside) {
    const int64_t y = g.dims == 2 ? chosen.y - g.h.pad_before : 0, x = chosen.x - g.w.pad_before;
    value =
        stepper.scene().input.data()[((s.batch * g.in_channels + chosen.channel) * g.h.in + y) * g.w.in + x];
  }
  const bool right = chosen == q.source || (inside && chosen.channel == q.source.channel && value == q.value);
  const std::string got = inside ? input_name(g, chosen.channel, g.dims == 2 ? chosen.y - g.h.pad_before : 0,
                                              chosen.x - g.w.pad_before) +
                                       " = " + display_number(value)
                                 : "a padding cell";
  QuizFeedback f = padding_feedback(g, q, right, got);
  if (right && !(chosen == q.source))
    f.lines.push_back("The cell you chose holds the same value; the copy comes from the one outlined.");
  return f;
}

QuizFeedback check_padding_value(const Stepper& stepper, const PaddingQuestion& q, bool exact, float typed) {
  return padding_feedback(stepper.geometry(), q, value_matches(typed, q.value, exact), display_number(typed));
}

void QuizScore::record(bool right) {
  ++answered;
  if (right) {
    ++correct;
    ++streak;
    best_streak = std::max(best_streak, streak);
  } else {
    streak = 0;
  }
}

std::string QuizScore::text() const {
  return std::to_string(correct) + " of " + std::to_string(answered) + " right" + kMiddle + "streak " +
         std::to_string(streak) + kMiddle + "best " + std::to_string(best_streak);
}

void follow_quiz(QuizState& quiz, uint64_t scene_version, int64_t step) {
  if (quiz.scene_version == scene_version && quiz.step == step) return;
  if (quiz.scene_version != scene_version) {
    quiz.pending.reset();
    quiz.pending_edits.clear();
  }
  quiz.scene_version = scene_version;
  quiz.step = step;
  quiz.answered = false;
  quiz.feedback = {};
  quiz.input_error.clear();
}

void record_answer(QuizState& quiz, QuizFeedback feedback) {
  quiz.score.record(feedback.correct);
  quiz.feedback = std::move(feedback);
  quiz.answered = true;
  quiz.input_error.clear();
}

}  // namespace convstep
