// The text the window shows for a step: written from the stepper's snapshot as a person writes it by
// hand, with true minus signs, and the layer described in PyTorch's parameter names.
#include "app/widgets/step_text.h"

#include <gtest/gtest.h>

#include <cmath>

#include "app/cli/trace_format.h"
#include "core/stepper.h"

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
