// The text the window shows for a step: written from the stepper's snapshot as a person writes it by
// hand, with true minus signs, and the layer described in PyTorch's parameter names.
#include "core/step_text.h"

#include <gtest/gtest.h>

#include <cmath>

#include "core/lesson.h"
#include "core/stepper.h"
#include "core/trace_text.h"
#include "core/transpose.h"

namespace convstep {
namespace {

Scene article_scene() {
  Scene scene;
  scene.params.op = Op::kConv2d;
  scene.input =
      Tensor({1, 5, 5}, {1, 1, 1, 0, 0, 0, 1, 1, 1, 0, 0, 0, 1, 1, 1, 0, 0, 1, 1, 0, 0, 1, 1, 0, 0});
  scene.weight = Tensor({1, 1, 3, 3}, {1, 0, 1, 0, 1, 0, 1, 0, 1});
  return scene;
}

TEST(StepText, TheFirstArticleStepReadsLikeTheArticle) {
  Result<Stepper> stepper = Stepper::create(article_scene());
  ASSERT_TRUE(stepper.ok()) << stepper.message();
  const Snapshot s = stepper->snapshot(0);
  const std::vector<std::string> lines = step_arithmetic(stepper->geometry(), s);
  ASSERT_EQ(lines.size(), 1u);
  EXPECT_EQ(lines[0], "1×1 + 1×0 + 1×1 + 0×0 + 1×1 + 1×0 + 0×1 + 0×0 + 1×1 = 4");
  EXPECT_EQ(output_label(stepper->geometry(), s), "out[0,0,0]");
  EXPECT_EQ(output_label(stepper->geometry(), stepper->snapshot(4)), "out[0,1,1]");
}

TEST(StepText, EveryArticleStepReadsExactlyAsConvstepTracePrintsIt) {
  Result<Stepper> stepper = Stepper::create(article_scene());
  ASSERT_TRUE(stepper.ok()) << stepper.message();
  for (int64_t i = 0; i < stepper->step_count(); ++i) {
    const Snapshot s = stepper->snapshot(i);
    const std::vector<std::string> lines = step_arithmetic(stepper->geometry(), s);
    ASSERT_EQ(lines.size(), 1u);
    EXPECT_EQ(output_label(stepper->geometry(), s) + " = " + lines[0],
              format_step(s, stepper->geometry(), TraceStyle{}));
  }
}

TEST(StepText, NegativeNumbersUseAMinusSignAndBrackets) {
  EXPECT_EQ(display_number(-0.5f), "−0.5");
  EXPECT_EQ(display_number(-INFINITY), "−∞");
  EXPECT_EQ(display_number(std::nanf("")), "NaN");

  Geometry g;
  g.op = Op::kConv1d;
  g.dims = 1;
  Snapshot s;
  Tap a;
  a.value = 2;
  a.weight = -1;
  Tap b;
  b.value = -3;
  b.weight = 2;
  s.taps = {a, b};
  s.partials = {ChannelPartial{0, -8}};
  s.has_bias = true;
  s.bias = -0.5f;
  s.result = -8.5f;
  ASSERT_EQ(step_arithmetic(g, s).size(), 1u);
  EXPECT_EQ(step_arithmetic(g, s)[0], "2×(−1) + (−3)×2 + (−0.5) (bias) = −8.5");
}

TEST(StepText, SeveralInputChannelsGetALineEachThenTheirSum) {
  Geometry g;
  g.op = Op::kConv2d;
  Snapshot s;
  for (int c = 0; c < 2; ++c) {
    Tap t;
    t.in_channel = c;
    t.value = static_cast<float>(c + 1);
    t.weight = 3;
    s.taps.push_back(t);
    s.partials.push_back(ChannelPartial{c, 3.0f * (c + 1)});
  }
  s.result = 9;
  const std::vector<std::string> lines = step_arithmetic(g, s);
  ASSERT_EQ(lines.size(), 3u);
  EXPECT_EQ(lines[0], "channel 0:  1×3 = 3");
  EXPECT_EQ(lines[1], "channel 1:  2×3 = 6");
  EXPECT_EQ(lines[2], "3 + 6 = 9");
}

// A Gaussian's weights n/16 are written as the integers n with the factor once, and the result is the
// engine's; without a denominator the same step reads with the decimals.
TEST(StepText, FractionalWeightsReadAsIntegersTimesTheirFactor) {
  Scene scene;
  scene.params.op = Op::kConv2d;
  scene.input = Tensor({1, 3, 3}, {2, 5, 9, 0, 7, 4, 8, 8, 7});
  scene.weight = Tensor({1, 1, 3, 3}, {1 / 16.f, 2 / 16.f, 1 / 16.f, 2 / 16.f, 4 / 16.f, 2 / 16.f, 1 / 16.f,
                                       2 / 16.f, 1 / 16.f});
  Result<Stepper> stepper = Stepper::create(scene);
  ASSERT_TRUE(stepper.ok()) << stepper.message();
  const Snapshot s = stepper->snapshot(0);
  const StepArithmetic factored =
      step_arithmetic_view(stepper->geometry(), s, -1, s.result, kMaxTermsPerLine, 16);
  ASSERT_EQ(factored.lines.size(), 1u);
  EXPECT_EQ(factored.lines[0].text(),
            "(1/16)·(2×1 + 5×2 + 9×1 + 0×2 + 7×4 + 4×2 + 8×1 + 8×2 + 7×1) = " + display_number(s.result));
  EXPECT_EQ(s.result, 5.5f);
  const StepArithmetic plain = step_arithmetic_view(stepper->geometry(), s, -1, s.result);
  EXPECT_EQ(plain.lines[0].text().rfind("2×0.0625 + 5×0.125", 0), 0u) << plain.lines[0].text();
}

TEST(StepText, PoolsShowTheirAggregate) {
  Snapshot s;
  for (float v : {1.0f, 5.0f, 3.0f, 2.0f}) {
    Tap t;
    t.value = v;
    s.taps.push_back(t);
  }
  Geometry g;
  g.op = Op::kMaxPool2d;
  s.result = 5;
  EXPECT_EQ(step_arithmetic(g, s)[0], "max(1, 5, 3, 2) = 5");
  g.op = Op::kAvgPool2d;
  s.divisor = 4;
  s.result = 2.75f;
  EXPECT_EQ(step_arithmetic(g, s)[0], "(1 + 5 + 3 + 2)/4 = 2.75");
  g.op = Op::kSumPool2d;
  s.result = 11;
  EXPECT_EQ(step_arithmetic(g, s)[0], "sum(1, 5, 3, 2) = 11");
}

// A conv2d scene of `channels` input channels with a k×k kernel on a k×k input: one step of
// channels·k·k terms, values 1, 2, 3, … so every term is distinct.
Scene big_window_scene(int64_t channels, int64_t k) {
  Scene scene;
  scene.params.op = Op::kConv2d;
  std::vector<float> input(static_cast<size_t>(channels * k * k));
  for (size_t i = 0; i < input.size(); ++i) input[i] = static_cast<float>(i + 1);
  scene.input = Tensor({channels, k, k}, input);
  scene.weight = Tensor({1, channels, k, k}, std::vector<float>(input.size(), 1.0f));
  return scene;
}

std::string piece_texts(const ArithmeticLine& line, TermState state) {
  std::string out;
  for (const ArithmeticPiece& piece : line.pieces)
    if (piece.state == state) out += "[" + piece.text + "]";
  return out;
}

int tap_pieces(const StepArithmetic& a) {
  int n = 0;
  for (const ArithmeticLine& line : a.lines)
    for (const ArithmeticPiece& piece : line.pieces) n += piece.tap >= 0 ? 1 : 0;
  return n;
}

bool mentions(const StepArithmetic& a, const std::string& text) {
  for (const ArithmeticLine& line : a.lines)
    if (line.text().find(text) != std::string::npos) return true;
  return false;
}

TEST(StepText, InTapModeTheCurrentTermIsLitEarlierOnesDoneAndTheRestDimmed) {
  Result<Stepper> stepper = Stepper::create(article_scene());
  ASSERT_TRUE(stepper.ok()) << stepper.message();
  const Snapshot s = stepper->snapshot(0);
  const Op op = stepper->geometry().op;
  const StepArithmetic a = step_arithmetic_view(stepper->geometry(), s, 3, Stepper::running_value(s, 3, op));
  ASSERT_EQ(a.lines.size(), 1u);
  const ArithmeticLine& line = a.lines[0];
  EXPECT_EQ(piece_texts(line, TermState::kDone), "[1×1 + ][1×0 + ][1×1 + ]");
  EXPECT_EQ(piece_texts(line, TermState::kCurrent), "[0×0 + ]");
  EXPECT_EQ(piece_texts(line, TermState::kLater), "[1×1 + ][1×0 + ][0×1 + ][0×0 + ][1×1][ = 4]");
  EXPECT_EQ(a.progress, "term 4 of 9 · running sum: 2");
  // The content is the whole step's, only the states differ.
  EXPECT_EQ(line.text(), step_arithmetic(stepper->geometry(), s)[0]);
  // The current piece points at the tap the grid lights.
  for (const ArithmeticPiece& piece : line.pieces) {
    if (piece.state == TermState::kCurrent) {
      EXPECT_EQ(piece.tap, 3);
    }
  }
}

TEST(StepText, TheRunningSumGrowsTapByTap) {
  Result<Stepper> stepper = Stepper::create(article_scene());
  ASSERT_TRUE(stepper.ok()) << stepper.message();
  const Snapshot s = stepper->snapshot(4);
  std::vector<std::string> progress;
  for (int64_t t = 0; t < static_cast<int64_t>(s.taps.size()); ++t)
    progress.push_back(
        step_arithmetic_view(stepper->geometry(), s, t, Stepper::running_value(s, t, Op::kConv2d)).progress);
  ASSERT_EQ(progress.size(), 9u);
  EXPECT_EQ(progress.front(), "term 1 of 9 · running sum: 1");
  EXPECT_EQ(progress.back(), "term 9 of 9 · running sum: 4");
  EXPECT_EQ(step_arithmetic_view(stepper->geometry(), s, -1, s.result).progress, "");
}

TEST(StepText, AThreeChannelFiveByFiveWindowKeepsAll75Terms) {
  Result<Stepper> stepper = Stepper::create(big_window_scene(3, 5));
  ASSERT_TRUE(stepper.ok()) << stepper.message();
  const StepArithmetic a = step_arithmetic_view(stepper->geometry(), stepper->snapshot(0), -1, 0);
  ASSERT_EQ(a.lines.size(), 4u);
  EXPECT_EQ(tap_pieces(a), 75);
  EXPECT_FALSE(mentions(a, "terms)"));
  EXPECT_EQ(a.lines[0].text().rfind("channel 0:  1×1 + 2×1", 0), 0u) << a.lines[0].text();
  EXPECT_EQ(a.lines[3].text(), "325 + 950 + 1575 = 2850");
}

TEST(StepText, HundredsOfTermsShowTheFirstAndLastAroundACount) {
  Result<Stepper> stepper = Stepper::create(big_window_scene(1, 15));
  ASSERT_TRUE(stepper.ok()) << stepper.message();
  const Snapshot s = stepper->snapshot(0);
  ASSERT_EQ(s.taps.size(), 225u);
  const StepArithmetic a = step_arithmetic_view(stepper->geometry(), s, -1, s.result);
  ASSERT_EQ(a.lines.size(), 1u);
  const std::string text = a.lines[0].text();
  EXPECT_LE(tap_pieces(a), static_cast<int>(kMaxTermsPerLine));
  EXPECT_EQ(text.rfind("1×1 + 2×1 + ", 0), 0u) << text;
  EXPECT_NE(text.find("… (193 terms) … + "), std::string::npos) << text;
  EXPECT_NE(text.find("225×1 = 25425"), std::string::npos) << text;
  // Written out in full, nothing is elided.
  EXPECT_EQ(step_arithmetic(stepper->geometry(), s)[0].find("terms)"), std::string::npos);
}

TEST(StepText, AnElidedLineStillShowsTheCurrentTapInTapMode) {
  Result<Stepper> stepper = Stepper::create(big_window_scene(1, 15));
  ASSERT_TRUE(stepper.ok()) << stepper.message();
  const Snapshot s = stepper->snapshot(0);
  const StepArithmetic a =
      step_arithmetic_view(stepper->geometry(), s, 112, Stepper::running_value(s, 112, Op::kConv2d));
  EXPECT_EQ(piece_texts(a.lines[0], TermState::kCurrent), "[113×1 + ]");
  EXPECT_NE(a.lines[0].text().find("111×1 + 112×1 + 113×1 + 114×1 + 115×1"), std::string::npos);
  EXPECT_EQ(a.progress, "term 113 of 225 · running sum: 6441");
}

TEST(StepText, ManyInputChannelsKeepTheFirstAndLastChannelLines) {
  Result<Stepper> stepper = Stepper::create(big_window_scene(20, 2));
  ASSERT_TRUE(stepper.ok()) << stepper.message();
  const Snapshot s = stepper->snapshot(0);
  const StepArithmetic a = step_arithmetic_view(stepper->geometry(), s, -1, s.result);
  EXPECT_LE(a.lines.size(), kMaxChannelLines + 2);
  EXPECT_TRUE(mentions(a, "… (16 channels) …"));
  EXPECT_EQ(a.lines.front().text().rfind("channel 0:", 0), 0u);
  EXPECT_EQ(a.lines[a.lines.size() - 2].text().rfind("channel 19:", 0), 0u);
  // The total still adds all twenty channel sums.
  EXPECT_EQ(a.lines.back().text().find("… ("), std::string::npos);
  EXPECT_EQ(step_arithmetic(stepper->geometry(), s).size(), 21u);
}

TEST(StepText, TheMaxPoolWinnerIsSingledOut) {
  Result<Lesson> lesson = find_builtin_lesson("max-pool");
  ASSERT_TRUE(lesson.ok()) << lesson.message();
  Result<Stepper> stepper = Stepper::create(lesson->scene);
  ASSERT_TRUE(stepper.ok()) << stepper.message();
  for (int64_t i = 0; i < stepper->step_count(); ++i) {
    const Snapshot s = stepper->snapshot(i);
    const StepArithmetic a = step_arithmetic_view(stepper->geometry(), s, -1, s.result);
    int winners = 0;
    for (const ArithmeticPiece& piece : a.lines[0].pieces) {
      if (piece.state != TermState::kWinner) continue;
      ++winners;
      EXPECT_EQ(piece.tap, s.winner);
      EXPECT_EQ(piece.text.rfind(display_number(s.result), 0), 0u) << piece.text;
    }
    EXPECT_EQ(winners, 1) << a.lines[0].text();
  }
}

// Every built-in lesson, every step: the window's arithmetic has the same terms, in the same order, and
// the same result as `convstep trace` (one line per input channel only regroups them).
TEST(StepText, EveryLessonsArithmeticHasTheTracesTermsAndResult) {
  Result<std::vector<Lesson>> lessons = load_builtin_lessons();
  ASSERT_TRUE(lessons.ok()) << lessons.message();
  for (const Lesson& lesson : *lessons) {
    // A transposed convolution's arithmetic is that of its direct convolution (core/transpose.h).
    Scene scene = lesson.scene;
    if (is_conv_transpose(scene.params.op)) {
      auto direct = direct_equivalent(scene);
      ASSERT_TRUE(direct.ok()) << lesson.name << ": " << direct.message();
      scene = direct->scene;
    }
    Result<Stepper> stepper = Stepper::create(scene);
    ASSERT_TRUE(stepper.ok()) << lesson.name << ": " << stepper.message();
    const Geometry& g = stepper->geometry();
    for (int64_t i = 0; i < stepper->step_count(); ++i) {
      const Snapshot s = stepper->snapshot(i);
      const std::string trace = format_step(s, g, TraceStyle{});
      const StepArithmetic a = step_arithmetic_view(g, s, -1, s.result);
      if (is_pool(g.op) || (s.partials.size() <= 1 && !s.has_bias)) {
        ASSERT_EQ(a.lines.size(), 1u);
        EXPECT_EQ(a.label + " = " + a.lines[0].text(), trace) << lesson.name << " step " << i;
        continue;
      }
      std::string terms;
      for (const ArithmeticLine& line : a.lines) {
        for (const ArithmeticPiece& piece : line.pieces) {
          if (piece.tap < 0) continue;
          std::string term = piece.text.substr(0, piece.text.find(" + "));
          terms += (terms.empty() ? "" : " + ") + term;
        }
      }
      EXPECT_EQ(trace.rfind(a.label + " = " + terms, 0), 0u) << lesson.name << " step " << i << "\n" << trace;
      const std::string result = " = " + display_number(s.result);
      EXPECT_EQ(trace.substr(trace.size() - result.size()), result) << trace;
      EXPECT_EQ(a.lines.back().text().substr(a.lines.back().text().size() - result.size()), result);
    }
  }
}

TEST(StepText, AShortenedMaxPoolStillShowsItsWinner) {
  // A 10×10 max pool over values 0..99 with the maximum (1000) in the middle of the window.
  Scene scene;
  scene.params.op = Op::kMaxPool2d;
  scene.params.kernel_size = {10, 10};
  scene.params.stride_set = false;
  std::vector<float> values(100);
  for (size_t i = 0; i < values.size(); ++i) values[i] = static_cast<float>(i);
  values[55] = 1000;
  scene.input = Tensor({1, 10, 10}, values);
  Result<Stepper> stepper = Stepper::create(scene);
  ASSERT_TRUE(stepper.ok()) << stepper.message();
  const Snapshot s = stepper->snapshot(0);
  ASSERT_EQ(s.winner, 55);
  const StepArithmetic a = step_arithmetic_view(stepper->geometry(), s, -1, s.result);
  EXPECT_NE(a.lines[0].text().find("terms) …"), std::string::npos) << a.lines[0].text();
  EXPECT_EQ(piece_texts(a.lines[0], TermState::kWinner), "[1000, ]");
}

TEST(StepText, TheLayerIsDescribedInPyTorchWords) {
  Result<Stepper> stepper = Stepper::create(article_scene());
  ASSERT_TRUE(stepper.ok()) << stepper.message();
  EXPECT_EQ(layer_summary(stepper->scene().params, stepper->geometry()),
            "conv2d · in_channels 1 · out_channels 1 · kernel_size 3 · stride 1 · padding 0 · dilation 1 · "
            "bias False");
  EXPECT_EQ(shape_summary(stepper->geometry()), "input [1, 5, 5] → output [1, 3, 3]");
}

}  // namespace
}  // namespace convstep
