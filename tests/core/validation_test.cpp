// Every validation rule of resolve_geometry (PyTorch 1.13's, plus convstep's size limits) has a test
// here: the scene is refused with a message that names the numbers involved, never an assert or a crash.
// run() is called too, to show the engine refuses the same scenes instead of computing garbage.
#include <gtest/gtest.h>

#include <initializer_list>
#include <string>

#include "core/geometry.h"
#include "core/ops.h"

namespace convstep {
namespace {

Scene conv(Op op, Shape input, Shape weight) {
  Scene s;
  s.params.op = op;
  s.input = Tensor(std::move(input));
  s.weight = Tensor(std::move(weight));
  return s;
}

Scene conv2d_scene(Shape input = {1, 1, 5, 5}, Shape weight = {1, 1, 3, 3}) {
  return conv(Op::kConv2d, std::move(input), std::move(weight));
}

Scene pool(Op op, Shape input, int64_t kernel) {
  Scene s;
  s.params.op = op;
  s.params.kernel_size = {kernel, kernel};
  s.params.stride_set = false;
  s.input = Tensor(std::move(input));
  return s;
}

// The scene must be refused by both resolve_geometry and run, with every fragment in the message.
void expect_refused(const Scene& scene, std::initializer_list<std::string> fragments) {
  const Result<Geometry> g = resolve_geometry(scene);
  ASSERT_FALSE(g.ok()) << "accepted a scene that should be refused";
  for (const std::string& fragment : fragments) {
    EXPECT_NE(g.message().find(fragment), std::string::npos)
        << "message: " << g.message() << "\nmissing: " << fragment;
  }
  const Result<Tensor> out = run(scene);
  ASSERT_FALSE(out.ok());
  EXPECT_EQ(out.message(), g.message());
}

void expect_accepted(const Scene& scene) {
  const Result<Geometry> g = resolve_geometry(scene);
  EXPECT_TRUE(g.ok()) << g.message();
}

// ---- Input and weight shapes ----

TEST(Validation, Conv2dNeedsAThreeOrFourDimensionalInput) {
  expect_refused(conv2d_scene({5, 5}),
                 {"conv2d", "3-D (C, H, W)", "4-D (N, C, H, W)", "2 dimensions", "[5, 5]"});
}

TEST(Validation, Conv1dNeedsATwoOrThreeDimensionalInput) {
  expect_refused(conv(Op::kConv1d, {1, 1, 1, 5}, {1, 1, 3}),
                 {"conv1d", "2-D (C, L)", "3-D (N, C, L)", "4 dimensions", "[1, 1, 1, 5]"});
}

TEST(Validation, AnEmptySceneIsRefusedNotCrashedOn) {
  expect_refused(Scene{}, {"conv2d", "0 dimensions", "[]"});
}

TEST(Validation, AnInputWithAZeroSizedDimensionIsEmpty) {
  expect_refused(conv2d_scene({1, 1, 0, 5}), {"[1, 1, 0, 5]", "height H is 0"});
  expect_refused(conv2d_scene({0, 1, 5, 5}), {"[0, 1, 5, 5]", "batch size N is 0"});
  expect_refused(pool(Op::kMaxPool1d, {0, 5}, 2), {"[0, 5]", "channels C is 0"});
}

TEST(Validation, TheWeightRankMustMatchTheOp) {
  expect_refused(conv2d_scene({1, 1, 5, 5}, {1, 3, 3}),
                 {"conv2d", "4-D weight", "3 dimensions", "[1, 3, 3]"});
  expect_refused(conv(Op::kConv1d, {1, 1, 5}, {1, 1, 3, 3}), {"conv1d", "3-D weight", "4 dimensions"});
}

TEST(Validation, TheWeightNeedsAtLeastOneOutputChannel) {
  expect_refused(conv2d_scene({1, 1, 5, 5}, {0, 1, 3, 3}), {"[0, 1, 3, 3]", "0 output channels"});
}

TEST(Validation, TheKernelMustHaveAtLeastOneCellPerDimension) {
  expect_refused(conv2d_scene({1, 1, 5, 5}, {1, 1, 3, 0}), {"kernel width = 0", "[1, 1, 3, 0]"});
}

// ---- Channels and groups ----

TEST(Validation, GroupsMustBePositive) {
  Scene s = conv2d_scene();
  s.params.groups = 0;
  expect_refused(s, {"groups = 0", "at least 1"});
  s.params.groups = -2;
  expect_refused(s, {"groups = \u22122"});
}

TEST(Validation, OutChannelsMustBeDivisibleByGroups) {
  Scene s = conv2d_scene({1, 4, 5, 5}, {3, 2, 3, 3});
  s.params.groups = 2;
  expect_refused(s, {"out_channels (3", "groups (2)", "3 = 2\u00b71 + 1"});
}

TEST(Validation, InChannelsMustEqualWeightChannelsTimesGroups) {
  Scene s = conv2d_scene({1, 3, 5, 5}, {4, 2, 3, 3});
  s.params.groups = 2;
  expect_refused(s, {"input has 3 channels", "[4, 2, 3, 3]", "groups = 2", "in_channels = 2\u00b72 = 4"});
}

TEST(Validation, BiasMustHaveOneValuePerOutputChannel) {
  Scene s = conv2d_scene({1, 1, 5, 5}, {2, 1, 3, 3});
  s.bias = Tensor(Shape{3});
  expect_refused(s, {"[out_channels] = [2]", "has shape [3]"});
  s.bias = Tensor(Shape{1, 2});
  expect_refused(s, {"[out_channels] = [2]", "has shape [1, 2]"});
}

// ---- Stride, dilation, padding ----

TEST(Validation, StrideMustBeAtLeastOne) {
  Scene s = conv2d_scene();
  s.params.stride = {1, 0};
  expect_refused(s, {"stride must be at least 1", "stride width = 0", "(1, 0)"});
}

TEST(Validation, DilationMustBeAtLeastOne) {
  Scene s = conv(Op::kConv1d, {1, 5}, {1, 1, 3});
  s.params.dilation = {0, 1};
  expect_refused(s, {"dilation must be at least 1", "dilation length = 0"});
}

TEST(Validation, PaddingMustNotBeNegative) {
  Scene s = conv2d_scene();
  s.params.padding = {-1, 0};
  expect_refused(s, {"padding must be at least 0", "padding height = \u22121"});
}

TEST(Validation, SamePaddingNeedsStrideOne) {
  Scene s = conv2d_scene();
  s.params.padding_kind = PaddingKind::kSame;
  s.params.stride = {2, 1};
  expect_refused(s, {"padding='same'", "stride 1", "(2, 1)"});
}

TEST(Validation, HugeValuesAreRefusedInsteadOfOverflowing) {
  Scene s = conv2d_scene();
  s.params.padding = {int64_t{1} << 40, 0};
  expect_refused(s, {"padding height = 1099511627776", "too large"});
  s.params.padding = {0, 0};
  s.params.groups = int64_t{1} << 40;
  expect_refused(s, {"groups = 1099511627776", "too large"});
}

TEST(Validation, OutputsTooLargeForMemoryAreRefused) {
  Scene s = conv2d_scene();
  s.params.padding = {100000, 100000};
  expect_refused(s, {"200005", "too large"});
}

// ---- Output size ----

TEST(Validation, AKernelLargerThanThePaddedInputShowsTheFormula) {
  expect_refused(
      conv2d_scene({1, 1, 5, 5}, {1, 1, 7, 7}),
      {"output height = \u230a(5 + 2\u00b70 \u2212 1\u00b7(7\u22121) \u2212 1)/1\u230b + 1 = \u22121: "
       "the kernel (7) is taller than the padded input (5)",
       "output width = \u230a(5 + 2\u00b70 \u2212 1\u00b7(7\u22121) \u2212 1)/1\u230b + 1 = \u22121: "
       "the kernel (7) is wider than the padded input (5)"});
}

TEST(Validation, OnlyTheFailingDimensionIsReported) {
  const Result<Geometry> g = resolve_geometry(conv2d_scene({1, 1, 9, 5}, {1, 1, 7, 7}));
  ASSERT_FALSE(g.ok());
  EXPECT_EQ(g.message().find("height"), std::string::npos) << g.message();
  EXPECT_NE(g.message().find("output width"), std::string::npos) << g.message();
}

TEST(Validation, ADilatedKernelIsMeasuredWithItsGaps) {
  Scene s = conv(Op::kConv1d, {1, 4}, {1, 1, 3});
  s.params.dilation = {2, 1};
  expect_refused(s, {"output length", "= 0", "dilated kernel (2\u00b7(3\u22121) + 1 = 5)", "longer",
                     "padded input (4)"});
}

TEST(Validation, ThePaddedInputSizeIsSpelledOut) {
  Scene s = conv(Op::kConv1d, {1, 3}, {1, 1, 6});
  s.params.padding = {1, 0};
  expect_refused(s, {"padded input (3 + 1 + 1 = 5)", "kernel (6)"});
}

// ---- Padding modes ----

TEST(Validation, ReflectPaddingMustBeSmallerThanTheInput) {
  Scene s = conv2d_scene({1, 1, 3, 5}, {1, 1, 3, 3});
  s.params.padding_mode = PaddingMode::kReflect;
  s.params.padding = {2, 4};
  expect_accepted(s);  // height 3 > 2, width 5 > 4
  s.params.padding = {3, 2};
  expect_refused(s, {"reflect", "height padding 3", "input height 3", "at most 2"});
  s.params.padding = {2, 5};
  expect_refused(s, {"reflect", "width padding 5", "input width 5", "at most 4"});
}

TEST(Validation, ReflectChecksTheLargerSideOfAsymmetricSamePadding) {
  // Kernel 4 under 'same' pads 1 before and 2 after; an input of 2 cannot mirror 2 cells.
  Scene s = conv(Op::kConv1d, {1, 2}, {1, 1, 4});
  s.params.padding_kind = PaddingKind::kSame;
  s.params.padding_mode = PaddingMode::kReflect;
  expect_refused(s, {"reflect", "length padding 2", "input length 2"});
}

TEST(Validation, CircularPaddingMayWrapAtMostOnce) {
  Scene s = conv(Op::kConv1d, {1, 3}, {1, 1, 3});
  s.params.padding_mode = PaddingMode::kCircular;
  s.params.padding = {3, 0};
  expect_accepted(s);
  s.params.padding = {4, 0};
  expect_refused(s, {"circular", "length padding 4 > input length 3"});
}

TEST(Validation, ReplicatePaddingAcceptsAnyAmount) {
  Scene s = conv(Op::kConv1d, {1, 2}, {1, 1, 3});
  s.params.padding_mode = PaddingMode::kReplicate;
  s.params.padding = {9, 0};
  expect_accepted(s);
}

// ---- Pools ----

TEST(Validation, PoolInputRankFollowsTheOp) {
  expect_refused(pool(Op::kMaxPool1d, {5}, 2), {"max_pool1d", "2-D (C, L)", "1 dimension", "[5]"});
  expect_refused(pool(Op::kAvgPool2d, {5, 5}, 2), {"avg_pool2d", "3-D (C, H, W)", "2 dimensions"});
}

TEST(Validation, PoolsHaveNoPaddingMode) {
  Scene s = pool(Op::kMaxPool2d, {1, 5, 5}, 2);
  s.params.padding_mode = PaddingMode::kReflect;
  expect_refused(s, {"max_pool2d has no padding_mode", "\u2212\u221e", "'reflect'"});
  s.params.op = Op::kAvgPool2d;
  expect_refused(s, {"avg_pool2d has no padding_mode", "zeros"});
}

TEST(Validation, PoolsTakeOnlyExplicitPadding) {
  Scene s = pool(Op::kSumPool1d, {1, 5}, 2);
  s.params.padding_kind = PaddingKind::kSame;
  expect_refused(s, {"padding='same'", "sum_pool1d"});
  s.params.padding_kind = PaddingKind::kValid;
  expect_refused(s, {"padding='valid'"});
}

TEST(Validation, PoolKernelSizeMustBePositive) {
  expect_refused(pool(Op::kMaxPool2d, {1, 5, 5}, 0),
                 {"kernel_size must be at least 1", "kernel_size height = 0"});
}

TEST(Validation, PoolStrideMustBePositiveWhenGiven) {
  Scene s = pool(Op::kAvgPool1d, {1, 5}, 2);
  s.params.stride_set = true;
  s.params.stride = {0, 0};
  expect_refused(s, {"stride must be at least 1", "stride length = 0"});
}

TEST(Validation, MaxPoolDilationMustBePositive) {
  Scene s = pool(Op::kMaxPool2d, {1, 5, 5}, 2);
  s.params.dilation = {1, 0};
  expect_refused(s, {"dilation must be at least 1", "dilation width = 0"});
}

TEST(Validation, AverageAndSumPoolsHaveNoDilation) {
  Scene s = pool(Op::kAvgPool2d, {1, 5, 5}, 2);
  s.params.dilation = {1, 2};
  expect_refused(s, {"avg_pool2d has no dilation", "(1, 2)"});
  s.params.op = Op::kSumPool1d;
  s.input = Tensor(Shape{1, 5});
  s.params.dilation = {3, 1};
  expect_refused(s, {"sum_pool1d has no dilation", "dilation = 3"});
}

TEST(Validation, PoolPaddingMustNotBeNegative) {
  Scene s = pool(Op::kMaxPool1d, {1, 5}, 2);
  s.params.padding = {-1, 0};
  expect_refused(s, {"padding must be at least 0", "padding length = \u22121"});
}

TEST(Validation, PoolPaddingIsAtMostHalfTheKernel) {
  Scene s = pool(Op::kMaxPool2d, {1, 5, 5}, 3);
  s.params.padding = {1, 2};
  expect_refused(s, {"pad should be at most half of kernel size", "padding width = 2", "kernel width 3",
                     "\u230a3/2\u230b = 1"});
  s.params.padding = {1, 1};
  expect_accepted(s);
}

TEST(Validation, APoolWindowLargerThanThePaddedInputShowsTheFormula) {
  expect_refused(pool(Op::kMaxPool2d, {1, 5, 5}, 6),
                 {"output width = \u230a(5 + 2\u00b70 \u2212 1\u00b7(6\u22121) \u2212 1)/6\u230b + 1 = 0: "
                  "the pooling window (6) is wider than the padded input (5)"});
}

TEST(Validation, CeilModeLetsAPoolWindowOverhangTheInput) {
  // PyTorch accepts this: ⌈(5 − 6)/2⌉ + 1 = 1 window that starts inside the input.
  Scene s = pool(Op::kMaxPool1d, {1, 5}, 6);
  s.params.stride_set = true;
  s.params.stride = {2, 2};
  s.params.ceil_mode = true;
  expect_accepted(s);
}

}  // namespace
}  // namespace convstep
