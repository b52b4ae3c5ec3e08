// `convstep trace` text: numbers with true minus signs (or ASCII), negative operands in brackets, the
// output index in the output's own form, one line per step and the "… N more steps" tail.
#include "core/trace_text.h"

#include <gtest/gtest.h>

#include <limits>
#include <sstream>

#include "core/stepper.h"

namespace convstep {
namespace {

Stepper stepper_for(Scene scene) {
  Result<Stepper> stepper = Stepper::create(std::move(scene));
  EXPECT_TRUE(stepper.ok()) << stepper.message();
  return std::move(stepper).value();
}

Scene conv_scene() {
  Scene scene;
  scene.params.op = Op::kConv2d;
  scene.input = Tensor({1, 3, 3}, {1, -2, 3, 4, 5, 6, 7, 8, 9});
  scene.weight = Tensor({1, 1, 2, 2}, {1, 0, -1, 2});
  return scene;
}

Scene pool_scene(Op op) {
  Scene scene;
  scene.params.op = op;
  scene.params.kernel_size = {2, 2};
  scene.input = Tensor({1, 2, 4}, {1, 5, 3, 2, -1, 0, 4, 8});
  return scene;
}

TEST(TraceText, NumbersUseATrueMinusSignUnlessAsciiIsAsked) {
  const TraceStyle ascii{true, 200};
  EXPECT_EQ(format_number(-1.5f, TraceStyle{}), "\u22121.5");
  EXPECT_EQ(format_number(-1.5f, ascii), "-1.5");
  EXPECT_EQ(format_number(2.0f, TraceStyle{}), "2");
  const float inf = std::numeric_limits<float>::infinity();
  EXPECT_EQ(format_number(-inf, TraceStyle{}), "\u2212\u221e");
  EXPECT_EQ(format_number(inf, TraceStyle{}), "\u221e");
  EXPECT_EQ(format_number(-inf, ascii), "-inf");
}

TEST(TraceText, OnlyNegativeOperandsGoInBrackets) {
  EXPECT_EQ(bracket_negative(-1.0f, "-1"), "(-1)");
  EXPECT_EQ(bracket_negative(1.0f, "1"), "1");
  EXPECT_EQ(bracket_negative(0.0f, "0"), "0");
  EXPECT_EQ(bracket_negative(-0.0f, "-0"), "-0");
  EXPECT_EQ(bracket_negative(std::numeric_limits<float>::quiet_NaN(), "nan"), "nan");
}

TEST(TraceText, TheOutputIndexHasTheOutputsOwnForm) {
  const Stepper unbatched = stepper_for(conv_scene());
  EXPECT_EQ(format_output_index(unbatched.snapshot(3), unbatched.geometry()), "out[0,1,1]");

  Scene batched = conv_scene();
  batched.input = Tensor({2, 1, 3, 3}, std::vector<float>(18, 1.0f));
  const Stepper two = stepper_for(batched);
  const int64_t last = two.step_count() - 1;
  EXPECT_EQ(format_output_index(two.snapshot(last), two.geometry()), "out[1,0,1,1]");

  Scene one_d;
  one_d.params.op = Op::kConv1d;
  one_d.input = Tensor({1, 4}, {1, 2, 3, 4});
  one_d.weight = Tensor({1, 1, 2}, {1, 1});
  const Stepper line = stepper_for(one_d);
  EXPECT_EQ(format_output_index(line.snapshot(2), line.geometry()), "out[0,2]");
}

TEST(TraceText, AConvolutionStepIsASumOfBracketedProducts) {
  const Stepper stepper = stepper_for(conv_scene());
  // 1×1 + (−2)×0 + 4×(−1) + 5×2 = 7
  EXPECT_EQ(format_step(stepper.snapshot(0), stepper.geometry(), TraceStyle{}),
            "out[0,0,0] = 1\u00d71 + (\u22122)\u00d70 + 4\u00d7(\u22121) + 5\u00d72 = 7");
  EXPECT_EQ(format_step(stepper.snapshot(0), stepper.geometry(), TraceStyle{true, 200}),
            "out[0,0,0] = 1x1 + (-2)x0 + 4x(-1) + 5x2 = 7");
}

TEST(TraceText, PoolsWriteTheirAggregate) {
  const Stepper max_pool = stepper_for(pool_scene(Op::kMaxPool2d));
  EXPECT_EQ(format_step(max_pool.snapshot(0), max_pool.geometry(), TraceStyle{true, 200}),
            "out[0,0,0] = max(1, 5, -1, 0) = 5");
  const Stepper avg_pool = stepper_for(pool_scene(Op::kAvgPool2d));
  EXPECT_EQ(format_step(avg_pool.snapshot(2), avg_pool.geometry(), TraceStyle{true, 200}),
            "out[0,0,2] = (3 + 2 + 4 + 8)/4 = 4.25");
  const Stepper sum_pool = stepper_for(pool_scene(Op::kSumPool2d));
  EXPECT_EQ(format_step(sum_pool.snapshot(0), sum_pool.geometry(), TraceStyle{true, 200}),
            "out[0,0,0] = sum(1, 5, -1, 0) = 5");
}

TEST(TraceText, ATraceStopsAtMaxStepsAndSaysHowManyAreLeft) {
  const Stepper stepper = stepper_for(conv_scene());
  std::ostringstream out;
  write_trace(stepper, TraceStyle{true, 3}, out);
  const std::string text = out.str();
  EXPECT_NE(text.find("out[0,1,0] ="), std::string::npos) << text;
  EXPECT_EQ(text.find("out[0,1,1] ="), std::string::npos) << text;
  EXPECT_NE(text.find("... 1 more step (--max-steps 0 shows all)"), std::string::npos) << text;
  EXPECT_NE(text.find("output [1, 2, 2]:"), std::string::npos) << text;
}

TEST(TraceText, MaxStepsZeroWritesEveryStep) {
  const Stepper stepper = stepper_for(conv_scene());
  std::ostringstream out;
  write_trace(stepper, TraceStyle{false, 0}, out);
  const std::string text = out.str();
  EXPECT_NE(text.find("out[0,1,1] ="), std::string::npos) << text;
  EXPECT_EQ(text.find("more step"), std::string::npos) << text;
}

}  // namespace
}  // namespace convstep
