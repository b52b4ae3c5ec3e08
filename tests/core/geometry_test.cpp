// Geometry resolution (core/geometry.h): shapes, 'same' padding splits, pool defaults, the trivial
// height of 1-D ops, and the output-size formula text the UI shows, including unused input cells.
// The article's twelve shapes (PRODUCT.md) are checked here as the first thing a learner would try.
#include "core/geometry.h"

#include <gtest/gtest.h>

#include <string>
#include <vector>

namespace convstep {
namespace {

Geometry resolve_ok(const Scene& scene) {
  Result<Geometry> g = resolve_geometry(scene);
  EXPECT_TRUE(g.ok()) << (g.ok() ? "" : g.message());
  return g.ok() ? g.value() : Geometry{};
}

Scene conv_scene(Op op, Shape input, Shape weight) {
  Scene s;
  s.params.op = op;
  s.input = Tensor(std::move(input));
  s.weight = Tensor(std::move(weight));
  return s;
}

Scene pool_scene(Op op, Shape input, int64_t kernel) {
  Scene s;
  s.params.op = op;
  s.params.kernel_size = {kernel, kernel};
  s.params.stride_set = false;
  s.input = Tensor(std::move(input));
  return s;
}

struct ArticleCase {
  Op op;
  Shape input;
  int64_t in_channels, out_channels, kernel, stride;
  Shape expected;
};

TEST(Geometry, GivesEveryShapeTheArticleLists) {
  const std::vector<ArticleCase> cases{
      {Op::kConv1d, {1, 1, 10}, 1, 1, 3, 1, {1, 1, 8}},
      {Op::kConv1d, {1, 1, 10}, 1, 1, 3, 2, {1, 1, 4}},
      {Op::kConv1d, {1, 1, 10}, 1, 1, 2, 1, {1, 1, 9}},
      {Op::kConv1d, {1, 1, 10}, 1, 5, 3, 1, {1, 5, 8}},
      {Op::kConv1d, {1, 2, 5}, 2, 1, 3, 1, {1, 1, 3}},
      {Op::kConv1d, {1, 2, 5}, 2, 1, 3, 2, {1, 1, 2}},
      {Op::kConv1d, {1, 2, 5}, 2, 1, 2, 1, {1, 1, 4}},
      {Op::kConv1d, {1, 2, 5}, 2, 5, 3, 1, {1, 5, 3}},
      {Op::kConv2d, {1, 3, 3, 10}, 3, 1, 3, 1, {1, 1, 1, 8}},
      {Op::kConv2d, {1, 3, 3, 10}, 3, 1, 3, 2, {1, 1, 1, 4}},
      {Op::kConv2d, {1, 3, 3, 10}, 3, 1, 2, 1, {1, 1, 2, 9}},
      {Op::kConv2d, {1, 3, 3, 10}, 3, 5, 3, 1, {1, 5, 1, 8}},
  };
  for (const ArticleCase& c : cases) {
    Shape weight{c.out_channels, c.in_channels, c.kernel};
    if (c.op == Op::kConv2d) weight.push_back(c.kernel);
    Scene s = conv_scene(c.op, c.input, weight);
    s.params.stride = {c.stride, c.stride};
    EXPECT_EQ(resolve_ok(s).output_shape(), c.expected) << shape_to_string(c.input) << " k" << c.kernel;
  }
}

TEST(Geometry, OneDimensionalOpsHaveATrivialHeight) {
  Scene s = conv_scene(Op::kConv1d, {2, 3, 10}, {4, 3, 3});
  s.params.stride = {2, 7};  // index 1 is unused by 1-D ops
  s.params.padding = {1, 9};
  const Geometry g = resolve_ok(s);
  EXPECT_EQ(g.dims, 1);
  EXPECT_EQ(g.h.in, 1);
  EXPECT_EQ(g.h.kernel, 1);
  EXPECT_EQ(g.h.stride, 1);
  EXPECT_EQ(g.h.dilation, 1);
  EXPECT_EQ(g.h.pad_before + g.h.pad_after, 0);
  EXPECT_EQ(g.h.out, 1);
  EXPECT_EQ(g.w.in, 10);
  EXPECT_EQ(g.w.stride, 2);
  EXPECT_EQ(g.w.pad_before, 1);
  EXPECT_EQ(g.w.out, 5);
  EXPECT_EQ(g.output_shape(), (Shape{2, 4, 5}));
  EXPECT_EQ(g.input_shape(), (Shape{2, 3, 10}));
  EXPECT_EQ(g.output_count(), 2 * 4 * 5);
}

TEST(Geometry, UnbatchedShapesLeaveOutTheBatchDimension) {
  const Geometry g = resolve_ok(conv_scene(Op::kConv2d, {3, 6, 7}, {2, 3, 3, 3}));
  EXPECT_FALSE(g.batched);
  EXPECT_EQ(g.batch, 1);
  EXPECT_EQ(g.input_shape(), (Shape{3, 6, 7}));
  EXPECT_EQ(g.output_shape(), (Shape{2, 4, 5}));
}

TEST(Geometry, ReadsChannelsGroupsAndBiasFromTheScene) {
  Scene s = conv_scene(Op::kConv2d, {2, 4, 5, 5}, {6, 2, 3, 3});
  s.params.groups = 2;
  s.bias = Tensor({6});
  const Geometry g = resolve_ok(s);
  EXPECT_TRUE(g.batched);
  EXPECT_EQ(g.batch, 2);
  EXPECT_EQ(g.in_channels, 4);
  EXPECT_EQ(g.out_channels, 6);
  EXPECT_EQ(g.groups, 2);
  EXPECT_EQ(g.in_channels_per_group(), 2);
  EXPECT_EQ(g.out_channels_per_group(), 3);
  EXPECT_TRUE(g.has_bias);
}

TEST(Geometry, SamePaddingPutsTheSmallerHalfBeforeTheLarger) {
  struct Case {
    int64_t kernel, dilation, before, after;
  };
  for (const Case& c :
       std::vector<Case>{{3, 1, 1, 1}, {4, 1, 1, 2}, {2, 1, 0, 1}, {3, 2, 2, 2}, {2, 3, 1, 2}}) {
    Scene s = conv_scene(Op::kConv1d, {1, 9}, {1, 1, c.kernel});
    s.params.padding_kind = PaddingKind::kSame;
    s.params.dilation = {c.dilation, 1};
    const Geometry g = resolve_ok(s);
    EXPECT_EQ(g.w.pad_before, c.before) << "k" << c.kernel << " d" << c.dilation;
    EXPECT_EQ(g.w.pad_after, c.after) << "k" << c.kernel << " d" << c.dilation;
    EXPECT_EQ(g.w.out, 9);
  }
}

TEST(Geometry, ValidPaddingMeansNoPadding) {
  Scene s = conv_scene(Op::kConv2d, {1, 5, 5}, {1, 1, 3, 3});
  s.params.padding_kind = PaddingKind::kValid;
  s.params.padding = {2, 2};
  const Geometry g = resolve_ok(s);
  EXPECT_EQ(g.h.padded(), 5);
  EXPECT_EQ(g.w.padded(), 5);
  EXPECT_EQ(g.output_shape(), (Shape{1, 3, 3}));
}

TEST(Geometry, PoolStrideDefaultsToTheKernelSize) {
  Scene s = pool_scene(Op::kMaxPool2d, {1, 1, 7, 9}, 3);
  s.params.kernel_size = {2, 3};
  s.params.stride = {1, 1};  // ignored while stride_set is false
  const Geometry g = resolve_ok(s);
  EXPECT_EQ(g.h.stride, 2);
  EXPECT_EQ(g.w.stride, 3);
  EXPECT_EQ(g.output_shape(), (Shape{1, 1, 3, 3}));
  s.params.stride_set = true;
  EXPECT_EQ(resolve_ok(s).output_shape(), (Shape{1, 1, 6, 7}));
}

TEST(Geometry, PoolsKeepTheChannelsAndIgnoreGroupsAndBias) {
  Scene s = pool_scene(Op::kAvgPool1d, {3, 8}, 2);
  s.params.groups = 5;
  s.bias = Tensor({2});
  const Geometry g = resolve_ok(s);
  EXPECT_EQ(g.in_channels, 3);
  EXPECT_EQ(g.out_channels, 3);
  EXPECT_EQ(g.groups, 1);
  EXPECT_FALSE(g.has_bias);
  EXPECT_EQ(g.output_shape(), (Shape{3, 4}));
}

TEST(Geometry, CeilModeAppliesOnlyToPools) {
  Scene conv = conv_scene(Op::kConv1d, {1, 5}, {1, 1, 2});
  conv.params.stride = {2, 1};
  conv.params.ceil_mode = true;
  EXPECT_EQ(resolve_ok(conv).w.out, 2);
  Scene pool = pool_scene(Op::kMaxPool1d, {1, 5}, 2);
  pool.params.ceil_mode = true;
  EXPECT_EQ(resolve_ok(pool).w.out, 3);
}

// ---- Formulas ----

LayerParams params_for(Op op) {
  LayerParams p;
  p.op = op;
  return p;
}

TEST(OutputSizeFormulas, WriteTheFormulaWithTheUsersNumbers) {
  const std::vector<DimFormula> f = output_size_formulas(params_for(Op::kConv1d), {5, 0}, {3, 0});
  ASSERT_EQ(f.size(), 1u);
  EXPECT_EQ(f[0].name, "length");
  EXPECT_EQ(f[0].text, "\u230a(5 + 2\u00b70 \u2212 1\u00b7(3\u22121) \u2212 1)/1\u230b + 1 = 3");
  EXPECT_EQ(f[0].ascii_text, "floor((5 + 2*0 - 1*(3-1) - 1)/1) + 1 = 3");
  EXPECT_EQ(f[0].out, 3);
  EXPECT_EQ(f[0].unused_inputs, 0);
}

TEST(OutputSizeFormulas, NameHeightThenWidthForTwoDimensionalOps) {
  LayerParams p = params_for(Op::kConv2d);
  p.stride = {2, 1};
  p.padding = {1, 0};
  p.dilation = {1, 2};
  const std::vector<DimFormula> f = output_size_formulas(p, {6, 8}, {3, 2});
  ASSERT_EQ(f.size(), 2u);
  EXPECT_EQ(f[0].name, "height");
  EXPECT_EQ(f[0].ascii_text, "floor((6 + 2*1 - 1*(3-1) - 1)/2) + 1 = 3");
  EXPECT_EQ(f[1].name, "width");
  EXPECT_EQ(f[1].ascii_text, "floor((8 + 2*0 - 2*(2-1) - 1)/1) + 1 = 6");
}

TEST(OutputSizeFormulas, ShowAsymmetricSamePaddingAsTwoTerms) {
  LayerParams p = params_for(Op::kConv1d);
  p.padding_kind = PaddingKind::kSame;
  const std::vector<DimFormula> f = output_size_formulas(p, {5, 0}, {4, 0});
  EXPECT_EQ(f[0].text, "\u230a(5 + 1 + 2 \u2212 1\u00b7(4\u22121) \u2212 1)/1\u230b + 1 = 5");
  EXPECT_EQ(f[0].ascii_text, "floor((5 + 1 + 2 - 1*(4-1) - 1)/1) + 1 = 5");
}

TEST(OutputSizeFormulas, UseCeilingBracketsInCeilMode) {
  LayerParams p = params_for(Op::kMaxPool1d);
  p.kernel_size = {2, 2};
  p.stride_set = false;
  p.ceil_mode = true;
  const std::vector<DimFormula> f = output_size_formulas(p, {5, 0}, {2, 0});
  EXPECT_EQ(f[0].text, "\u2308(5 + 2\u00b70 \u2212 1\u00b7(2\u22121) \u2212 1)/2\u2309 + 1 = 3");
  EXPECT_EQ(f[0].ascii_text, "ceil((5 + 2*0 - 1*(2-1) - 1)/2) + 1 = 3");
  EXPECT_EQ(f[0].out, 3);
}

TEST(OutputSizeFormulas, ExplainAWindowDroppedByTheCeilModeRule) {
  LayerParams p = params_for(Op::kMaxPool1d);
  p.kernel_size = {2, 2};
  p.stride_set = false;
  p.padding = {1, 1};
  p.ceil_mode = true;
  const std::vector<DimFormula> f = output_size_formulas(p, {5, 0}, {2, 0});
  EXPECT_EQ(f[0].out, 3);
  EXPECT_EQ(
      f[0].ascii_text,
      "ceil((5 + 2*1 - 1*(2-1) - 1)/2) + 1 - 1 = 3 (the last window would start in the right padding, so it "
      "is dropped)");
}

TEST(OutputSizeFormulas, AreComputedEvenWhenTheResultIsInvalid) {
  const std::vector<DimFormula> f = output_size_formulas(params_for(Op::kConv1d), {5, 0}, {7, 0});
  EXPECT_EQ(f[0].out, -1);
  EXPECT_EQ(f[0].text, "\u230a(5 + 2\u00b70 \u2212 1\u00b7(7\u22121) \u2212 1)/1\u230b + 1 = \u22121");
  EXPECT_EQ(f[0].ascii_text, "floor((5 + 2*0 - 1*(7-1) - 1)/1) + 1 = -1");
  EXPECT_EQ(f[0].unused_inputs, 5);  // no window, so no cell is read
}

TEST(OutputSizeFormulas, FloorNegativeQuotientsDownward) {
  // (4 + 2·0 − 1·(7−1) − 1) = −3 over stride 2 is −1.5: floored to −2, plus 1 = −1 (truncation would give 0).
  LayerParams p = params_for(Op::kConv1d);
  p.stride = {2, 1};
  const std::vector<DimFormula> f = output_size_formulas(p, {4, 0}, {7, 0});
  EXPECT_EQ(f[0].out, -1);
}

TEST(OutputSizeFormulas, SurviveAZeroStride) {
  LayerParams p = params_for(Op::kConv1d);
  p.stride = {0, 1};
  const std::vector<DimFormula> f = output_size_formulas(p, {5, 0}, {3, 0});
  EXPECT_NE(f[0].text.find("undefined"), std::string::npos) << f[0].text;
  EXPECT_EQ(f[0].out, 0);
}

TEST(OutputSizeFormulas, CountTheTrailingInputsTheFloorLeavesUnread) {
  struct Case {
    int64_t in, kernel, stride, dilation, padding, unused;
  };
  const std::vector<Case> cases{
      {6, 3, 2, 1, 0, 1},   // windows 0-2, 2-4: cell 5 unread
      {10, 3, 2, 1, 0, 1},  // last window 6-8: cell 9 unread
      {7, 2, 3, 1, 0, 2},   // windows 0-1, 3-4: cells 5 and 6 unread
      {5, 3, 1, 1, 0, 0},   // stride 1 reads everything
      {10, 2, 3, 2, 0, 1},  // dilated taps 0,2 / 3,5 / 6,8: cell 9 unread
      {9, 3, 3, 1, 1, 1},   // padded windows 0-2, 3-5, 6-8 end at input 7: cell 8 unread
  };
  for (const Case& c : cases) {
    LayerParams p = params_for(Op::kConv1d);
    p.stride = {c.stride, 1};
    p.dilation = {c.dilation, 1};
    p.padding = {c.padding, 0};
    const std::vector<DimFormula> f = output_size_formulas(p, {c.in, 0}, {c.kernel, 0});
    EXPECT_EQ(f[0].unused_inputs, c.unused) << "in " << c.in << " k " << c.kernel << " s " << c.stride;
  }
}

TEST(OutputSizeFormulas, UseThePoolKernelAsDefaultStride) {
  LayerParams p = params_for(Op::kAvgPool2d);
  p.kernel_size = {2, 3};
  p.stride_set = false;
  const std::vector<DimFormula> f = output_size_formulas(p, {7, 9}, {2, 3});
  EXPECT_EQ(f[0].ascii_text, "floor((7 + 2*0 - 1*(2-1) - 1)/2) + 1 = 3");
  EXPECT_EQ(f[0].unused_inputs, 1);
  EXPECT_EQ(f[1].ascii_text, "floor((9 + 2*0 - 1*(3-1) - 1)/3) + 1 = 3");
  EXPECT_EQ(f[1].unused_inputs, 0);
}

// ---- Groups, windows and ceil_mode overhang: the one place the stepper, the stage and hover ask ----

TEST(GeometryGroups, AnOutputChannelReadsOnlyItsGroupsInputChannels) {
  // conv2d(in_channels=6, out_channels=4, groups=2): weight (4, 3, 1, 1).
  Scene scene = conv_scene(Op::kConv2d, {6, 3, 3}, {4, 3, 1, 1});
  scene.params.groups = 2;
  const Geometry g = resolve_ok(scene);
  EXPECT_EQ(g.group_of_out_channel(0), 0);
  EXPECT_EQ(g.group_of_out_channel(1), 0);
  EXPECT_EQ(g.group_of_out_channel(2), 1);
  EXPECT_EQ(g.group_of_out_channel(3), 1);
  EXPECT_EQ(g.group_of_in_channel(2), 0);
  EXPECT_EQ(g.group_of_in_channel(3), 1);
  EXPECT_EQ(g.in_channels_read(1), (ChannelRange{0, 3}));
  EXPECT_EQ(g.in_channels_read(2), (ChannelRange{3, 3}));
  EXPECT_EQ(g.out_channels_reading(0), (ChannelRange{0, 2}));
  EXPECT_EQ(g.out_channels_reading(5), (ChannelRange{2, 2}));
}

TEST(GeometryGroups, DepthwiseConvolutionPairsEachOutputWithItsInputs) {
  // groups = in_channels = 2, out_channels = 4: two outputs per input channel.
  Scene scene = conv_scene(Op::kConv2d, {2, 3, 3}, {4, 1, 1, 1});
  scene.params.groups = 2;
  const Geometry g = resolve_ok(scene);
  EXPECT_EQ(g.in_channels_read(3), (ChannelRange{1, 1}));
  EXPECT_EQ(g.out_channels_reading(1), (ChannelRange{2, 2}));
  EXPECT_TRUE(g.out_channels_reading(1).contains(3));
  EXPECT_FALSE(g.out_channels_reading(1).contains(1));
  EXPECT_EQ(g.out_channels_reading(1).end(), 4);
}

TEST(GeometryGroups, WithoutGroupsEveryOutputReadsEveryInput) {
  const Geometry g = resolve_ok(conv_scene(Op::kConv2d, {3, 4, 4}, {5, 3, 3, 3}));
  EXPECT_EQ(g.in_channels_read(4), (ChannelRange{0, 3}));
  EXPECT_EQ(g.out_channels_reading(2), (ChannelRange{0, 5}));
  EXPECT_EQ(g.group_of_out_channel(4), 0);
}

TEST(GeometryGroups, APoolChannelReadsOnlyItself) {
  const Geometry g = resolve_ok(pool_scene(Op::kMaxPool2d, {3, 4, 4}, 2));
  EXPECT_EQ(g.in_channels_read(2), (ChannelRange{2, 1}));
  EXPECT_EQ(g.out_channels_reading(1), (ChannelRange{1, 1}));
  EXPECT_EQ(g.group_of_out_channel(2), 0);
}

TEST(GeometryWindows, ACeilModeLastWindowOverhangsThePaddedInput) {
  // max_pool2d(kernel_size=2, stride=2, ceil_mode=True) on 5 wide: windows start at 0, 2, 4; the last
  // reads column 4 only, its second column is past the input.
  Scene scene = pool_scene(Op::kMaxPool2d, {1, 5, 5}, 2);
  scene.params.ceil_mode = true;
  const Geometry g = resolve_ok(scene);
  ASSERT_EQ(g.w.out, 3);
  EXPECT_EQ(g.w.window_overhang(0), 0);
  EXPECT_EQ(g.w.window_overhang(1), 0);
  EXPECT_EQ(g.w.window_overhang(2), 1);
  EXPECT_EQ(g.w.last_window_overhang(), 1);
  EXPECT_FALSE(g.window_is_partial(1, 1));
  EXPECT_TRUE(g.window_is_partial(2, 0));
  EXPECT_TRUE(g.window_is_partial(0, 2));
}

TEST(GeometryWindows, DilationCountsTheCellsAndTapsPastTheEdgeApart) {
  // kernel 2, dilation 3 (a window spans 4 cells), stride 3, on 8 padded cells.
  DimGeometry d;
  d.in = 8;
  d.kernel = 2;
  d.dilation = 3;
  d.stride = 3;
  d.out = 3;  // starts 0, 3, 6: the last window's second tap (9) is past 8 cells
  EXPECT_EQ(d.window_overhang(2), 1);
  EXPECT_EQ(d.last_window_overhang(), 2);  // 6 + 4 − 8 cells, with one tap among them
  d.out = 2;
  EXPECT_EQ(d.window_overhang(1), 0);
  EXPECT_EQ(d.last_window_overhang(), 0);
}

TEST(GeometryWindows, WithoutCeilModeNoWindowOverhangs) {
  const Geometry g = resolve_ok(pool_scene(Op::kMaxPool2d, {1, 5, 5}, 2));
  ASSERT_EQ(g.w.out, 2);
  for (int64_t o = 0; o < g.w.out; ++o) EXPECT_EQ(g.w.window_overhang(o), 0);
  EXPECT_EQ(g.w.last_window_overhang(), 0);
}

TEST(GeometryWindows, TheWindowsCoveringACellAreListedInOrder) {
  // kernel 3, stride 1 on 5: cell 2 is in windows 0, 1 and 2; cell 0 only in window 0.
  const Geometry g = resolve_ok(conv_scene(Op::kConv2d, {1, 5, 5}, {1, 1, 3, 3}));
  EXPECT_EQ(g.w.windows_covering(2), (std::vector<int64_t>{0, 1, 2}));
  EXPECT_EQ(g.w.windows_covering(0), (std::vector<int64_t>{0}));
  EXPECT_EQ(g.w.windows_covering(4), (std::vector<int64_t>{2}));
  EXPECT_TRUE(g.w.windows_covering(-1).empty());
}

TEST(GeometryWindows, StrideAndDilationSkipTheCellsBetweenTaps) {
  DimGeometry d;
  d.in = 9;
  d.kernel = 2;
  d.stride = 2;
  d.dilation = 2;
  d.out = 3;  // windows at 0, 2, 4 with taps {0,2}, {2,4}, {4,6}
  EXPECT_EQ(d.windows_covering(4), (std::vector<int64_t>{1, 2}));
  EXPECT_TRUE(d.windows_covering(3).empty());
  EXPECT_TRUE(d.windows_covering(8).empty());
  EXPECT_EQ(d.windows_covering(6), (std::vector<int64_t>{2}));
}

}  // namespace
}  // namespace convstep
