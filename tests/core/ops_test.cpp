// Hand-checked cases for the direct engine (core/ops.h): the article's 5×5 example, every padding mode,
// stride, dilation, groups, bias, batched/unbatched input and each pool. Weights like [1, 10, 100] make
// every output digit name the input cell it came from, so the expected values can be checked by eye.
#include "core/ops.h"

#include <gtest/gtest.h>

#include <cmath>
#include <cstdint>
#include <limits>
#include <vector>

namespace convstep {
namespace {

constexpr float kNan = std::numeric_limits<float>::quiet_NaN();
constexpr float kInf = std::numeric_limits<float>::infinity();

Tensor iota(Shape shape, float start = 1.0f) {
  Tensor t(std::move(shape));
  for (int64_t i = 0; i < t.numel(); ++i) t.values()[static_cast<size_t>(i)] = start + static_cast<float>(i);
  return t;
}

Tensor article_input() {
  return Tensor({1, 1, 5, 5}, {1, 1, 1, 0, 0,  //
                               0, 1, 1, 1, 0,  //
                               0, 0, 1, 1, 1,  //
                               0, 0, 1, 1, 0,  //
                               0, 1, 1, 0, 0});
}

Tensor article_filter() {
  return Tensor({1, 1, 3, 3}, {1, 0, 1, 0, 1, 0, 1, 0, 1});
}

LayerParams with_padding(int64_t padding, PaddingMode mode) {
  LayerParams p;
  p.padding = {padding, padding};
  p.padding_mode = mode;
  return p;
}

Tensor ok(const Result<Tensor>& r) {
  EXPECT_TRUE(r.ok()) << (r.ok() ? "" : r.message());
  return r.ok() ? r.value() : Tensor();
}

TEST(Conv2d, ReproducesTheArticleFiveByFiveExample) {
  const Tensor out = ok(conv2d(article_input(), article_filter(), std::nullopt, LayerParams{}));
  EXPECT_EQ(out, Tensor({1, 1, 3, 3}, {4, 3, 4, 2, 4, 3, 2, 3, 4}));
}

TEST(Conv2d, UnbatchedInputGivesAnUnbatchedOutput) {
  const Tensor out = ok(conv2d(article_input().reshaped({1, 5, 5}), article_filter(), std::nullopt, {}));
  EXPECT_EQ(out, Tensor({1, 3, 3}, {4, 3, 4, 2, 4, 3, 2, 3, 4}));
}

TEST(Conv2d, EachBatchItemIsConvolvedOnItsOwn) {
  Tensor input({2, 1, 5, 5});
  for (int64_t i = 0; i < 25; ++i) {
    input.values()[static_cast<size_t>(i)] = article_input().values()[static_cast<size_t>(i)];
    input.values()[static_cast<size_t>(25 + i)] = 2 * article_input().values()[static_cast<size_t>(i)];
  }
  const Tensor out = ok(conv2d(input, article_filter(), std::nullopt, {}));
  EXPECT_EQ(out, Tensor({2, 1, 3, 3}, {4, 3, 4, 2, 4, 3, 2, 3, 4, 8, 6, 8, 4, 8, 6, 4, 6, 8}));
}

TEST(Conv2d, BiasIsAddedToEveryOutputOfItsChannel) {
  // Two output channels: the article filter and its double, with biases 0.5 and -1.
  Tensor weight({2, 1, 3, 3});
  for (int64_t i = 0; i < 9; ++i) {
    weight.values()[static_cast<size_t>(i)] = article_filter().values()[static_cast<size_t>(i)];
    weight.values()[static_cast<size_t>(9 + i)] = 2 * article_filter().values()[static_cast<size_t>(i)];
  }
  const Tensor out = ok(conv2d(article_input(), weight, Tensor({2}, {0.5f, -1.0f}), {}));
  EXPECT_EQ(out, Tensor({1, 2, 3, 3}, {4.5f, 3.5f, 4.5f, 2.5f, 4.5f, 3.5f, 2.5f, 3.5f, 4.5f,  //
                                       7, 5, 7, 3, 7, 5, 3, 5, 7}));
}

TEST(Conv2d, SumsOverAllInputChannels) {
  // Three channels of ones under a 2x2 kernel of ones: every output is 3 * 4 = 12.
  const Tensor out = ok(conv2d(Tensor({3, 3, 3}, 1.0f), Tensor({1, 3, 2, 2}, 1.0f), std::nullopt, {}));
  EXPECT_EQ(out, Tensor({1, 2, 2}, 12.0f));
}

// A 1x1 kernel of weight 1 with padding 1 copies the padded input, so the output shows the padding.
TEST(Conv2d, ZerosPaddingSurroundsTheInputWithZeros) {
  const Tensor out = ok(conv2d(iota({1, 1, 3, 3}), Tensor({1, 1, 1, 1}, 1.0f), std::nullopt,
                               with_padding(1, PaddingMode::kZeros)));
  EXPECT_EQ(
      out, Tensor({1, 1, 5, 5}, {0, 0, 0, 0, 0, 0, 1, 2, 3, 0, 0, 4, 5, 6, 0, 0, 7, 8, 9, 0, 0, 0, 0, 0, 0}));
}

TEST(Conv2d, ReflectPaddingMirrorsWithoutRepeatingTheEdge) {
  const Tensor out = ok(conv2d(iota({1, 1, 3, 3}), Tensor({1, 1, 1, 1}, 1.0f), std::nullopt,
                               with_padding(1, PaddingMode::kReflect)));
  EXPECT_EQ(out, Tensor({1, 1, 5, 5}, {5, 4, 5, 6, 5,  //
                                       2, 1, 2, 3, 2,  //
                                       5, 4, 5, 6, 5,  //
                                       8, 7, 8, 9, 8,  //
                                       5, 4, 5, 6, 5}));
}

TEST(Conv2d, ReplicatePaddingRepeatsTheEdge) {
  const Tensor out = ok(conv2d(iota({1, 1, 3, 3}), Tensor({1, 1, 1, 1}, 1.0f), std::nullopt,
                               with_padding(1, PaddingMode::kReplicate)));
  EXPECT_EQ(out, Tensor({1, 1, 5, 5}, {1, 1, 2, 3, 3,  //
                                       1, 1, 2, 3, 3,  //
                                       4, 4, 5, 6, 6,  //
                                       7, 7, 8, 9, 9,  //
                                       7, 7, 8, 9, 9}));
}

TEST(Conv2d, CircularPaddingWrapsAround) {
  const Tensor out = ok(conv2d(iota({1, 1, 3, 3}), Tensor({1, 1, 1, 1}, 1.0f), std::nullopt,
                               with_padding(1, PaddingMode::kCircular)));
  EXPECT_EQ(out, Tensor({1, 1, 5, 5}, {9, 7, 8, 9, 7,  //
                                       3, 1, 2, 3, 1,  //
                                       6, 4, 5, 6, 4,  //
                                       9, 7, 8, 9, 7,  //
                                       3, 1, 2, 3, 1}));
}

TEST(Conv2d, NonSquareKernelAndPerDimensionStride) {
  // 4x5 input 1..20, kernel 2x3 of ones, stride (2, 1): windows at rows 0 and 2, columns 0..2.
  LayerParams p;
  p.stride = {2, 1};
  const Tensor out = ok(conv2d(iota({1, 1, 4, 5}), Tensor({1, 1, 2, 3}, 1.0f), std::nullopt, p));
  // Row 0, col 0: 1+2+3+6+7+8 = 27; each column step adds 6; each row step (2 rows) adds 2*5*6 = 60.
  EXPECT_EQ(out, Tensor({1, 1, 2, 3}, {27, 33, 39, 87, 93, 99}));
}

TEST(Conv2d, DilationSpreadsTheKernelTaps) {
  // 2x2 ones with dilation 2 read x[y][x] + x[y][x+2] + x[y+2][x] + x[y+2][x+2] of the 5x5 input 1..25.
  LayerParams p;
  p.dilation = {2, 2};
  const Tensor out = ok(conv2d(iota({1, 1, 5, 5}), Tensor({1, 1, 2, 2}, 1.0f), std::nullopt, p));
  EXPECT_EQ(out, Tensor({1, 1, 3, 3}, {28, 32, 36, 48, 52, 56, 68, 72, 76}));
}

TEST(Conv2d, DepthwiseConvolutionScalesEachChannelByItsOwnFilter) {
  // groups = in_channels = 3, one 1x1 filter per channel with weights 1, 10, 100.
  LayerParams p;
  p.groups = 3;
  const Tensor out =
      ok(conv2d(Tensor({3, 1, 2}, {1, 2, 3, 4, 5, 6}), Tensor({3, 1, 1, 1}, {1, 10, 100}), std::nullopt, p));
  EXPECT_EQ(out, Tensor({3, 1, 2}, {1, 2, 30, 40, 500, 600}));
}

TEST(Conv2d, DepthwiseMultiplierGivesEachInputChannelSeveralOutputs) {
  // groups = 2, out_channels = 4: outputs 0 and 1 read channel 0, outputs 2 and 3 read channel 1.
  LayerParams p;
  p.groups = 2;
  const Tensor out =
      ok(conv2d(Tensor({2, 1, 1}, {3, 5}), Tensor({4, 1, 1, 1}, {1, 10, 100, 1000}), std::nullopt, p));
  EXPECT_EQ(out, Tensor({4, 1, 1}, {3, 30, 500, 5000}));
}

TEST(Conv2d, ReflectSameWithAnEvenKernelPadsMoreOnTheBottomRight) {
  // Same numbers as the 1-D case below, laid out as a single row of a 2-D op.
  LayerParams p;
  p.padding_kind = PaddingKind::kSame;
  p.padding_mode = PaddingMode::kReflect;
  const Tensor out = ok(
      conv2d(Tensor({1, 1, 1, 4}, {1, 2, 3, 4}), Tensor({1, 1, 1, 4}, {1, 10, 100, 1000}), std::nullopt, p));
  EXPECT_EQ(out, Tensor({1, 1, 1, 4}, {3212, 4321, 3432, 2343}));
}

TEST(Conv1d, ZerosPadding) {
  const Tensor out = ok(conv1d(Tensor({1, 1, 4}, {1, 2, 3, 4}), Tensor({1, 1, 3}, {1, 10, 100}), std::nullopt,
                               with_padding(1, PaddingMode::kZeros)));
  EXPECT_EQ(out, Tensor({1, 1, 4}, {210, 321, 432, 43}));
}

TEST(Conv1d, ReflectPadding) {
  const Tensor out = ok(conv1d(Tensor({1, 1, 4}, {1, 2, 3, 4}), Tensor({1, 1, 3}, {1, 10, 100}), std::nullopt,
                               with_padding(1, PaddingMode::kReflect)));
  EXPECT_EQ(out, Tensor({1, 1, 4}, {212, 321, 432, 343}));
}

TEST(Conv1d, ReplicatePadding) {
  const Tensor out = ok(conv1d(Tensor({1, 1, 4}, {1, 2, 3, 4}), Tensor({1, 1, 3}, {1, 10, 100}), std::nullopt,
                               with_padding(1, PaddingMode::kReplicate)));
  EXPECT_EQ(out, Tensor({1, 1, 4}, {211, 321, 432, 443}));
}

TEST(Conv1d, CircularPadding) {
  const Tensor out = ok(conv1d(Tensor({1, 1, 4}, {1, 2, 3, 4}), Tensor({1, 1, 3}, {1, 10, 100}), std::nullopt,
                               with_padding(1, PaddingMode::kCircular)));
  EXPECT_EQ(out, Tensor({1, 1, 4}, {214, 321, 432, 143}));
}

TEST(Conv1d, CircularPaddingAsLargeAsTheInputWrapsExactlyOnce) {
  const Tensor out = ok(conv1d(Tensor({1, 1, 3}, {1, 2, 3}), Tensor({1, 1, 1}, 1.0f), std::nullopt,
                               with_padding(3, PaddingMode::kCircular)));
  EXPECT_EQ(out, Tensor({1, 1, 9}, {1, 2, 3, 1, 2, 3, 1, 2, 3}));
}

TEST(Conv1d, ReflectPaddingOfSizeMinusOneMirrorsTheWholeInput) {
  const Tensor out = ok(conv1d(Tensor({1, 1, 3}, {1, 2, 3}), Tensor({1, 1, 1}, 1.0f), std::nullopt,
                               with_padding(2, PaddingMode::kReflect)));
  EXPECT_EQ(out, Tensor({1, 1, 7}, {3, 2, 1, 2, 3, 2, 1}));
}

TEST(Conv1d, CircularPaddingWorksOnUnbatchedInput) {
  // PyTorch 1.13 refuses this (a bug fixed later); the result is the batched one without N.
  const Tensor out = ok(conv1d(Tensor({1, 4}, {1, 2, 3, 4}), Tensor({1, 1, 3}, {1, 10, 100}), std::nullopt,
                               with_padding(1, PaddingMode::kCircular)));
  EXPECT_EQ(out, Tensor({1, 4}, {214, 321, 432, 143}));
}

TEST(Conv1d, StrideSkipsPositions) {
  LayerParams p;
  p.stride = {2, 1};
  const Tensor out = ok(conv1d(iota({1, 1, 10}), Tensor({1, 1, 3}, 1.0f), std::nullopt, p));
  EXPECT_EQ(out, Tensor({1, 1, 4}, {6, 12, 18, 24}));
}

TEST(Conv1d, DilationSkipsInputsBetweenTaps) {
  LayerParams p;
  p.dilation = {3, 1};
  const Tensor out = ok(conv1d(iota({1, 1, 10}), Tensor({1, 1, 2}, {1, 10}), std::nullopt, p));
  EXPECT_EQ(out, Tensor({1, 1, 7}, {41, 52, 63, 74, 85, 96, 107}));
}

TEST(Conv1d, SamePaddingWithAnEvenKernelPadsOnTheRight) {
  LayerParams p;
  p.padding_kind = PaddingKind::kSame;
  const Tensor out = ok(conv1d(Tensor({1, 1, 4}, {1, 2, 3, 4}), Tensor({1, 1, 2}, {1, 10}), std::nullopt, p));
  EXPECT_EQ(out, Tensor({1, 1, 4}, {21, 32, 43, 4}));
}

TEST(Conv1d, SamePaddingSplitsOddTotalsWithTheSmallerHalfFirst) {
  // Kernel 4: total padding 3, one cell on the left, two on the right.
  LayerParams p;
  p.padding_kind = PaddingKind::kSame;
  const Tensor out =
      ok(conv1d(Tensor({1, 1, 4}, {1, 2, 3, 4}), Tensor({1, 1, 4}, {1, 10, 100, 1000}), std::nullopt, p));
  EXPECT_EQ(out, Tensor({1, 1, 4}, {3210, 4321, 432, 43}));
}

TEST(Conv1d, ValidPaddingIgnoresTheExplicitPaddingValue) {
  LayerParams p;
  p.padding_kind = PaddingKind::kValid;
  p.padding = {5, 5};
  const Tensor out =
      ok(conv1d(Tensor({1, 1, 4}, {1, 2, 3, 4}), Tensor({1, 1, 3}, {1, 10, 100}), std::nullopt, p));
  EXPECT_EQ(out, Tensor({1, 1, 2}, {321, 432}));
}

TEST(Conv1d, GroupsSplitChannelsIntoIndependentConvolutions) {
  // 4 input channels, groups 2: output 0 reads channels 0-1, output 1 reads channels 2-3.
  LayerParams p;
  p.groups = 2;
  const Tensor input({4, 2}, {1, 2, 3, 4, 5, 6, 7, 8});
  const Tensor weight({2, 2, 1}, {1, 10, 100, 1000});
  const Tensor out = ok(conv1d(input, weight, std::nullopt, p));
  EXPECT_EQ(out, Tensor({2, 2}, {31, 42, 7500, 8600}));
}

TEST(Conv1d, ArticleMultiChannelInputGivesTheArticleShape) {
  // input_2d: 2 channels of length 5; Conv1d(2, 1, 3) gives [1, 1, 3].
  const Tensor out = ok(conv1d(iota({1, 2, 5}), Tensor({1, 2, 3}, 1.0f), std::nullopt, {}));
  // Window 0: 1+2+3 + 6+7+8 = 27; each step right adds 1 to each of the six cells.
  EXPECT_EQ(out, Tensor({1, 1, 3}, {27, 33, 39}));
}

TEST(Conv1d, NanInTheInputPropagates) {
  const Tensor out = ok(conv1d(Tensor({1, 4}, {1, kNan, 3, 4}), Tensor({1, 1, 2}, 1.0f), std::nullopt, {}));
  ASSERT_EQ(out.numel(), 3);
  EXPECT_TRUE(std::isnan(out.values()[0]));
  EXPECT_TRUE(std::isnan(out.values()[1]));
  EXPECT_EQ(out.values()[2], 7.0f);
}

TEST(Conv2d, LargeImagesAreComputedCorrectly) {
  // 1080x1920 with a box filter of ones on an image of ones: every output is 9. No timing asserted.
  const Tensor out = ok(conv2d(Tensor({1, 1080, 1920}, 1.0f), Tensor({1, 1, 3, 3}, 1.0f), std::nullopt,
                               with_padding(1, PaddingMode::kReplicate)));
  EXPECT_EQ(out, Tensor({1, 1080, 1920}, 9.0f));
}

TEST(Ops, RunRefusesAnInvalidSceneWithAMessage) {
  Scene scene;
  scene.input = Tensor({1, 1, 5, 5});
  scene.weight = Tensor({1, 1, 7, 7});
  const Result<Tensor> out = run(scene);
  ASSERT_FALSE(out.ok());
  EXPECT_NE(out.message().find("7"), std::string::npos) << out.message();
}

// ---- Pools ----

LayerParams pool(int64_t kernel, int64_t padding = 0) {
  LayerParams p;
  p.kernel_size = {kernel, kernel};
  p.stride_set = false;
  p.padding = {padding, padding};
  return p;
}

TEST(MaxPool2d, StrideDefaultsToTheKernelSize) {
  const Tensor out = ok(max_pool2d(iota({1, 1, 4, 4}), pool(2)));
  EXPECT_EQ(out, Tensor({1, 1, 2, 2}, {6, 8, 14, 16}));
}

TEST(MaxPool2d, UnbatchedInputKeepsItsForm) {
  const Tensor out = ok(max_pool2d(iota({2, 2, 2}), pool(2)));
  EXPECT_EQ(out, Tensor({2, 1, 1}, {4, 8}));
}

TEST(MaxPool1d, PadsWithMinusInfinitySoNegativeValuesWin) {
  const Tensor out = ok(max_pool1d(Tensor({1, 1, 2}, {-5, -3}), pool(2, 1)));
  EXPECT_EQ(out, Tensor({1, 1, 2}, {-5, -3}));
}

TEST(MaxPool1d, CeilModeKeepsALastPartialWindow) {
  LayerParams p = pool(2);
  EXPECT_EQ(ok(max_pool1d(iota({1, 1, 5}), p)), Tensor({1, 1, 2}, {2, 4}));
  p.ceil_mode = true;
  EXPECT_EQ(ok(max_pool1d(iota({1, 1, 5}), p)), Tensor({1, 1, 3}, {2, 4, 5}));
}

TEST(MaxPool1d, CeilModeDropsAWindowThatWouldStartInTheRightPadding) {
  // Input 0..4, kernel 2, stride 2, padding 1: the ceil gives 4 windows, but the 4th would start at
  // padded index 6 = 5 + 1, inside the right padding, so only 3 remain.
  LayerParams p = pool(2, 1);
  p.ceil_mode = true;
  EXPECT_EQ(ok(max_pool1d(iota({1, 1, 5}, 0), p)), Tensor({1, 1, 3}, {0, 2, 4}));
}

TEST(MaxPool1d, CeilModeAllowsAWindowLargerThanTheInput) {
  // PyTorch accepts kernel 6 over 5 inputs with stride 2 in ceil_mode: one window that overhangs.
  LayerParams p = pool(6);
  p.stride_set = true;
  p.stride = {2, 2};
  p.ceil_mode = true;
  EXPECT_EQ(ok(max_pool1d(iota({1, 1, 5}), p)), Tensor({1, 1, 1}, std::vector<float>{5}));
}

TEST(MaxPool1d, DilationWithCeilMode) {
  LayerParams p = pool(2, 1);
  p.stride_set = true;
  p.stride = {3, 3};
  p.dilation = {2, 2};
  p.ceil_mode = true;
  EXPECT_EQ(ok(max_pool1d(iota({1, 1, 7}), p)), Tensor({1, 1, 3}, {2, 5, 6}));
}

TEST(MaxPool1d, TheFirstOfEqualMaximaWins) {
  // -0 and +0 compare equal; the sign of the result shows which one was kept.
  const Tensor neg_first = ok(max_pool1d(Tensor({1, 2}, {-0.0f, 0.0f}), pool(2)));
  const Tensor pos_first = ok(max_pool1d(Tensor({1, 2}, {0.0f, -0.0f}), pool(2)));
  EXPECT_TRUE(std::signbit(neg_first.values()[0]));
  EXPECT_FALSE(std::signbit(pos_first.values()[0]));
}

TEST(MaxPool1d, NanPropagatesWhereverItIsInTheWindow) {
  const Tensor out = ok(max_pool1d(Tensor({1, 6}, {1, kNan, kNan, 5, 3, 2}), pool(2)));
  ASSERT_EQ(out.numel(), 3);
  EXPECT_TRUE(std::isnan(out.values()[0]));
  EXPECT_TRUE(std::isnan(out.values()[1]));
  EXPECT_EQ(out.values()[2], 3.0f);
}

TEST(MaxPool1d, AllMinusInfinityGivesMinusInfinity) {
  const Tensor out = ok(max_pool1d(Tensor({1, 2}, {-kInf, -kInf}), pool(2, 1)));
  EXPECT_EQ(out, Tensor({1, 2}, -kInf));
}

TEST(AvgPool1d, CountIncludePadDividesByTheWholeWindow) {
  LayerParams p = pool(3, 1);
  p.stride_set = true;
  p.stride = {2, 2};
  p.ceil_mode = true;
  EXPECT_EQ(ok(avg_pool1d(iota({1, 1, 5}), p)), Tensor({1, 1, 3}, {1, 3, 3}));
  p.count_include_pad = false;
  EXPECT_EQ(ok(avg_pool1d(iota({1, 1, 5}), p)), Tensor({1, 1, 3}, {1.5f, 3, 4.5f}));
}

TEST(AvgPool1d, CeilOverhangIsNeverCounted) {
  // Input 1..6, kernel 3, stride 2, padding 1, ceil: the last window covers 6, a padding cell and one
  // cell past the padding; count_include_pad counts the padding (divisor 2), not the overhang.
  LayerParams p = pool(3, 1);
  p.stride_set = true;
  p.stride = {2, 2};
  p.ceil_mode = true;
  EXPECT_EQ(ok(avg_pool1d(iota({1, 1, 6}), p)), Tensor({1, 1, 4}, {1, 3, 5, 3}));
}

TEST(AvgPool2d, PaddedCeilModeMatchesPyTorch) {
  LayerParams p = pool(3, 1);
  p.stride_set = true;
  p.stride = {2, 2};
  p.ceil_mode = true;
  const Tensor out = ok(avg_pool2d(iota({1, 1, 5, 5}), p));
  // Top-left window: 1+2+6+7 = 16 over 9 cells (padding counted).
  const std::vector<float> expected{16.0f / 9, 33.0f / 9, 28.0f / 9,  69.0f / 9, 117.0f / 9,
                                    87.0f / 9, 76.0f / 9, 123.0f / 9, 88.0f / 9};
  ASSERT_EQ(out.shape(), (Shape{1, 1, 3, 3}));
  for (size_t i = 0; i < expected.size(); ++i) EXPECT_FLOAT_EQ(out.values()[i], expected[i]) << i;
  p.count_include_pad = false;
  EXPECT_EQ(ok(avg_pool2d(iota({1, 1, 5, 5}), p)),
            Tensor({1, 1, 3, 3}, {4, 5.5f, 7, 11.5f, 13, 14.5f, 19, 20.5f, 22}));
}

TEST(AvgPool2d, StrideDefaultsToTheKernelSize) {
  EXPECT_EQ(ok(avg_pool2d(iota({1, 4, 4}), pool(2))), Tensor({1, 2, 2}, {3.5f, 5.5f, 11.5f, 13.5f}));
}

TEST(SumPool1d, IsTheAverageWithoutTheDivision) {
  LayerParams p = pool(3, 1);
  p.stride_set = true;
  p.stride = {2, 2};
  p.ceil_mode = true;
  EXPECT_EQ(ok(sum_pool1d(iota({1, 1, 5}), p)), Tensor({1, 1, 3}, {3, 9, 9}));
}

TEST(SumPool2d, SumsEachNeighbourhood) {
  EXPECT_EQ(ok(sum_pool2d(iota({2, 1, 2, 2}), pool(2))), Tensor({2, 1, 1, 1}, {10, 26}));
}

TEST(Pools, IgnoreAWeightAndBiasLeftInTheScene) {
  Scene scene;
  scene.params = pool(2);
  scene.params.op = Op::kMaxPool2d;
  scene.input = iota({1, 1, 4, 4});
  scene.weight = Tensor({3, 3});
  scene.bias = Tensor({7});
  EXPECT_EQ(ok(run(scene)), Tensor({1, 1, 2, 2}, {6, 8, 14, 16}));
}

// ---- The summation order shared with the stepper ----

// Values with many significant bits, so that a different summation order would change the result.
Tensor noisy(Shape shape, uint32_t seed) {
  Tensor t(std::move(shape));
  for (float& v : t.values()) {
    seed = seed * 1664525u + 1013904223u;
    v = static_cast<float>(static_cast<int32_t>(seed >> 8) % 20000) / 7919.0f;
  }
  return t;
}

// One output element computed the way core/ops.h documents it (and the stepper does): acc = 0; for
// each input channel of the group, ky, kx: acc += x * w; then + bias.
float conv_element_in_documented_order(const Scene& scene, const Geometry& g, int64_t n, int64_t oc,
                                       int64_t oy, int64_t ox) {
  const int64_t icpg = g.in_channels_per_group();
  const int64_t first_ic = (oc / g.out_channels_per_group()) * icpg;
  float acc = 0.0f;
  for (int64_t ic = 0; ic < icpg; ++ic) {
    for (int64_t ky = 0; ky < g.h.kernel; ++ky) {
      for (int64_t kx = 0; kx < g.w.kernel; ++kx) {
        const int64_t sy =
            padded_source_index(oy * g.h.stride + ky * g.h.dilation, g.h.in, g.h.pad_before, g.padding_mode);
        const int64_t sx =
            padded_source_index(ox * g.w.stride + kx * g.w.dilation, g.w.in, g.w.pad_before, g.padding_mode);
        const int64_t c = first_ic + ic;
        const float x =
            (sy < 0 || sx < 0)
                ? 0.0f
                : scene.input
                      .values()[static_cast<size_t>(((n * g.in_channels + c) * g.h.in + sy) * g.w.in + sx)];
        const float w =
            scene.weight
                .values()[static_cast<size_t>(((oc * icpg + ic) * g.h.kernel + ky) * g.w.kernel + kx)];
        acc += x * w;
      }
    }
  }
  return g.has_bias ? acc + scene.bias->values()[static_cast<size_t>(oc)] : acc;
}

TEST(Conv2d, SumsInTheDocumentedOrderBitForBit) {
  struct Case {
    Shape input, weight;
    int64_t groups, stride, dilation, padding;
    PaddingMode mode;
  };
  const std::vector<Case> cases{
      {{2, 3, 9, 11}, {4, 3, 3, 3}, 1, 1, 1, 1, PaddingMode::kZeros},
      {{1, 4, 8, 7}, {6, 2, 3, 2}, 2, 2, 1, 2, PaddingMode::kReflect},
      {{1, 3, 10, 10}, {3, 1, 3, 3}, 3, 3, 2, 2, PaddingMode::kCircular},
      {{2, 2, 6, 9}, {2, 2, 2, 4}, 1, 1, 2, 3, PaddingMode::kReplicate},
  };
  uint32_t seed = 1;
  for (const Case& c : cases) {
    Scene scene;
    scene.params.groups = c.groups;
    scene.params.stride = {c.stride, c.stride};
    scene.params.dilation = {c.dilation, c.dilation};
    scene.params.padding = {c.padding, c.padding};
    scene.params.padding_mode = c.mode;
    scene.input = noisy(c.input, seed++);
    scene.weight = noisy(c.weight, seed++);
    scene.bias = noisy({c.weight[0]}, seed++);
    const Result<Geometry> g = resolve_geometry(scene);
    ASSERT_TRUE(g.ok()) << g.message();
    const Tensor out = ok(run(scene));
    Tensor expected(g->output_shape());
    size_t i = 0;
    for (int64_t n = 0; n < g->batch; ++n)
      for (int64_t oc = 0; oc < g->out_channels; ++oc)
        for (int64_t oy = 0; oy < g->h.out; ++oy)
          for (int64_t ox = 0; ox < g->w.out; ++ox)
            expected.values()[i++] = conv_element_in_documented_order(scene, *g, n, oc, oy, ox);
    EXPECT_EQ(out, expected) << "case with input " << shape_to_string(c.input);
  }
}

TEST(AvgPool2d, SumsInRowMajorWindowOrderBitForBit) {
  Scene scene;
  scene.params.op = Op::kAvgPool2d;
  scene.params.kernel_size = {3, 2};
  scene.params.stride = {2, 3};
  scene.params.padding = {1, 1};
  scene.params.ceil_mode = true;
  scene.input = noisy({2, 7, 8}, 42);
  const Result<Geometry> g = resolve_geometry(scene);
  ASSERT_TRUE(g.ok()) << g.message();
  const Tensor out = ok(run(scene));
  Tensor expected(g->output_shape());
  size_t i = 0;
  for (int64_t c = 0; c < g->in_channels; ++c) {
    for (int64_t oy = 0; oy < g->h.out; ++oy) {
      for (int64_t ox = 0; ox < g->w.out; ++ox) {
        float sum = 0.0f;
        for (int64_t ky = 0; ky < g->h.kernel; ++ky) {
          for (int64_t kx = 0; kx < g->w.kernel; ++kx) {
            const int64_t y = oy * g->h.stride + ky - g->h.pad_before;
            const int64_t x = ox * g->w.stride + kx - g->w.pad_before;
            if (y >= 0 && y < g->h.in && x >= 0 && x < g->w.in) sum += scene.input.at({c, y, x});
          }
        }
        expected.values()[i++] = sum / static_cast<float>(avg_pool_divisor(*g, oy, ox));
      }
    }
  }
  EXPECT_EQ(out, expected);
}

// ---- Shared helpers ----

TEST(PaddedSourceIndex, MapsEachPaddingModeAsPyTorch) {
  // n = 3 with 2 cells of padding on each side: padded -2..4 relative to the input.
  const std::vector<int64_t> zeros{-1, -1, 0, 1, 2, -1, -1};
  const std::vector<int64_t> reflect{2, 1, 0, 1, 2, 1, 0};
  const std::vector<int64_t> replicate{0, 0, 0, 1, 2, 2, 2};
  const std::vector<int64_t> circular{1, 2, 0, 1, 2, 0, 1};
  for (int64_t p = 0; p < 7; ++p) {
    const size_t i = static_cast<size_t>(p);
    EXPECT_EQ(padded_source_index(p, 3, 2, PaddingMode::kZeros), zeros[i]) << p;
    EXPECT_EQ(padded_source_index(p, 3, 2, PaddingMode::kReflect), reflect[i]) << p;
    EXPECT_EQ(padded_source_index(p, 3, 2, PaddingMode::kReplicate), replicate[i]) << p;
    EXPECT_EQ(padded_source_index(p, 3, 2, PaddingMode::kCircular), circular[i]) << p;
  }
}

TEST(PaddedSourceIndex, StaysInsideTheInputEvenForPaddingPyTorchWouldRefuse) {
  for (PaddingMode mode : {PaddingMode::kReflect, PaddingMode::kReplicate, PaddingMode::kCircular}) {
    for (int64_t n : {1, 2, 3}) {
      for (int64_t p = 0; p < 20; ++p) {
        const int64_t i = padded_source_index(p, n, 7, mode);
        EXPECT_GE(i, 0);
        EXPECT_LT(i, n);
      }
    }
  }
}

TEST(AvgPoolDivisor, CountsPaddingButNotTheCeilOverhang) {
  Scene scene;
  scene.params = pool(3, 1);
  scene.params.op = Op::kAvgPool1d;
  scene.params.stride_set = true;
  scene.params.stride = {2, 2};
  scene.params.ceil_mode = true;
  scene.input = iota({1, 1, 6});
  Result<Geometry> g = resolve_geometry(scene);
  ASSERT_TRUE(g.ok()) << g.message();
  EXPECT_EQ(avg_pool_divisor(*g, 0, 0), 3);  // padding cell counted
  EXPECT_EQ(avg_pool_divisor(*g, 0, 3), 2);  // input 6 and the right padding; the overhang is not
  g->count_include_pad = false;
  EXPECT_EQ(avg_pool_divisor(*g, 0, 0), 2);
  EXPECT_EQ(avg_pool_divisor(*g, 0, 3), 1);
}

}  // namespace
}  // namespace convstep
