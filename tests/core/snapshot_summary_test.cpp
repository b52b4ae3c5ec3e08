// A window of millions of taps: the snapshot keeps its first and last taps with the count between
// (bounded memory), its result is still run()'s, running values past the gap count the hidden taps,
// and the arithmetic and the trace write "… (N terms) …" between the terms kept.
#include <gtest/gtest.h>

#include <cmath>
#include <cstring>
#include <random>

#include "core/ops.h"
#include "core/step_text.h"
#include "core/stepper.h"
#include "core/trace_text.h"
#include "core/walk.h"
#include "tests/test_tensors.h"

namespace convstep {
namespace {

using test_support::random_tensor;

bool same_bits(float a, float b) {
  return std::memcmp(&a, &b, sizeof a) == 0;
}

// One output reading a 4096×4096 window: 16,777,216 taps, which listed whole would take over a gigabyte.
TEST(SnapshotSummary, ASixteenMillionTapStepKeepsItsFirstAndLastTaps) {
  Scene scene;
  scene.params.op = Op::kConv2d;
  scene.input = random_tensor({1, 1, 4096, 4096}, 1);
  scene.weight = random_tensor({1, 1, 4096, 4096}, 2);
  scene.bias = Tensor({1}, 0.25f);
  Result<Stepper> stepper = Stepper::create(scene);
  ASSERT_TRUE(stepper.ok()) << stepper.message();
  const Snapshot s = stepper->snapshot(0);

  EXPECT_EQ(s.tap_count, int64_t{4096} * 4096);
  ASSERT_EQ(static_cast<int64_t>(s.taps.size()), kSummaryTaps);
  EXPECT_LE(static_cast<int64_t>(s.taps.capacity()), kSummaryTaps) << "memory stays bounded";
  EXPECT_EQ(s.hidden_taps(), int64_t{4096} * 4096 - kSummaryTaps);
  EXPECT_TRUE(s.summarised());
  EXPECT_EQ(s.head_taps, kSummaryTaps / 2);
  EXPECT_EQ(s.taps.front().ky, 0);
  EXPECT_EQ(s.taps.front().kx, 0);
  EXPECT_EQ(s.taps[static_cast<size_t>(s.head_taps - 1)].kx, kSummaryTaps / 2 - 1);
  EXPECT_EQ(s.taps[static_cast<size_t>(s.head_taps)].ky, 4095);
  EXPECT_EQ(s.taps[static_cast<size_t>(s.head_taps)].kx, 4096 - kSummaryTaps / 2);
  EXPECT_EQ(s.taps.back().ky, 4095);
  EXPECT_EQ(s.taps.back().kx, 4095);
  EXPECT_FLOAT_EQ(s.taps.back().value, scene.input.values().back());

  Result<Tensor> expected = run(scene);
  ASSERT_TRUE(expected.ok());
  EXPECT_TRUE(same_bits(s.result, expected->values()[0]));
  // Past the gap the running sum counts every hidden tap: the last one, plus the bias, is the result.
  EXPECT_TRUE(same_bits(Stepper::running_value(s, kSummaryTaps - 1, Op::kConv2d) + 0.25f, s.result));

  const StepArithmetic view = step_arithmetic_view(stepper->geometry(), s, kWholeStep, s.result);
  ASSERT_EQ(view.lines.size(), 1u);
  const std::string line = view.lines[0].text();
  EXPECT_NE(line.find("\xE2\x80\xA6 (16777152 terms) \xE2\x80\xA6"), std::string::npos) << line;
  EXPECT_NE(line.find(" + 0.25 (bias) = " + display_number(s.result)), std::string::npos) << line;
  EXPECT_LT(line.size(), 4000u);

  TraceStyle ascii;
  ascii.ascii = true;
  const std::string trace = format_step(s, stepper->geometry(), ascii);
  EXPECT_NE(trace.find("... (16777152 terms) ..."), std::string::npos) << trace;
  EXPECT_LT(trace.size(), 4000u);
}

// 300×300 pool windows (90,000 taps): the max is planted among the hidden taps, then in the kept tail.
TEST(SnapshotSummary, APoolsWinnerAndRunningMaxSurviveTheGap) {
  Scene scene;
  scene.params.op = Op::kMaxPool2d;
  scene.params.kernel_size = {300, 300};
  scene.input = random_tensor({1, 300, 300}, 3);
  for (int64_t planted : {int64_t{150} * 300 + 7, int64_t{300} * 300 - 2}) {
    Scene s2 = scene;
    s2.input.values()[static_cast<size_t>(planted)] = 5.0f;
    Result<Stepper> stepper = Stepper::create(s2);
    ASSERT_TRUE(stepper.ok());
    const Snapshot s = stepper->snapshot(0);
    ASSERT_TRUE(s.summarised());
    EXPECT_EQ(s.result, 5.0f);
    const bool in_tail = planted >= s.tap_count - kSummaryTaps / 2;
    if (in_tail) {
      ASSERT_GE(s.winner, s.head_taps);
      EXPECT_EQ(s.taps[static_cast<size_t>(s.winner)].value, 5.0f);
    } else {
      EXPECT_EQ(s.winner, -1) << "a hidden winner is not pointed at";
    }
    EXPECT_EQ(Stepper::running_value(s, kSummaryTaps - 1, Op::kMaxPool2d), 5.0f);
    EXPECT_LT(Stepper::running_value(s, s.head_taps - 1, Op::kMaxPool2d), 5.0f) << "the head has no 5";
    Result<Tensor> expected = run(s2);
    ASSERT_TRUE(expected.ok());
    EXPECT_EQ(expected->values()[0], s.result);
  }
}

// 100 input channels of 30×30 taps: the partial sums keep the first and last channels.
TEST(SnapshotSummary, ManyChannelPartialsKeepTheFirstAndLast) {
  Scene scene;
  scene.params.op = Op::kConv2d;
  scene.input = random_tensor({1, 100, 30, 30}, 4);
  scene.weight = random_tensor({1, 100, 30, 30}, 5);
  Result<Stepper> stepper = Stepper::create(scene);
  ASSERT_TRUE(stepper.ok());
  const Snapshot s = stepper->snapshot(0);
  ASSERT_TRUE(s.summarised());
  EXPECT_EQ(s.tap_count, 90000);
  EXPECT_EQ(s.partial_count, 100);
  ASSERT_EQ(static_cast<int64_t>(s.partials.size()), kSummaryTaps);
  EXPECT_EQ(s.hidden_partials(), 100 - kSummaryTaps);
  EXPECT_EQ(s.partials.front().in_channel, 0);
  EXPECT_EQ(s.partials[static_cast<size_t>(s.head_partials - 1)].in_channel, kSummaryTaps / 2 - 1);
  EXPECT_EQ(s.partials[static_cast<size_t>(s.head_partials)].in_channel, 100 - kSummaryTaps / 2);
  EXPECT_EQ(s.partials.back().in_channel, 99);
  // The last channel's partial is the sum of its 900 products in tap order.
  float last = 0;
  for (int64_t i = 0; i < 900; ++i)
    last += scene.input.values()[static_cast<size_t>(99 * 900 + i)] *
            scene.weight.values()[static_cast<size_t>(99 * 900 + i)];
  EXPECT_TRUE(same_bits(s.partials.back().sum, last));
  Result<Tensor> expected = run(scene);
  ASSERT_TRUE(expected.ok());
  EXPECT_TRUE(same_bits(expected->values()[0], s.result));
}

// Windows the window accepts (at most kSnapshotTapLimit taps) are listed whole, as before.
TEST(SnapshotSummary, WindowsUpToTheLimitAreListedWhole) {
  Scene scene;
  scene.params.op = Op::kAvgPool2d;
  scene.params.kernel_size = {256, 256};
  scene.input = random_tensor({1, 256, 256}, 6);
  Result<Stepper> stepper = Stepper::create(scene);
  ASSERT_TRUE(stepper.ok());
  const Snapshot s = stepper->snapshot(0);
  EXPECT_FALSE(s.summarised());
  EXPECT_EQ(static_cast<int64_t>(s.taps.size()), kSnapshotTapLimit);
  EXPECT_EQ(s.tap_count, kSnapshotTapLimit);
  EXPECT_EQ(s.head_taps, kSnapshotTapLimit);
}

}  // namespace
}  // namespace convstep
