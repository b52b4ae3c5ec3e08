// The stage's grids as data, without a window: which cells the window covers and with which weight,
// padding ghosts and their labels, cells the floor leaves unused, tap mode, the max-pool winner, the
// window's slide, and which input slices a grouped convolution dims.
#include "app/stage/stage_model.h"

#include <gtest/gtest.h>

#include <cmath>

#include "app/widgets/signal_plot.h"
#include "core/lesson.h"
#include "core/step_text.h"
#include "tests/app/stage/stage_test_support.h"

namespace convstep {
namespace {

using test_support::lesson_stepper;

Stepper scene_stepper(Op op, Shape input_shape, Shape weight_shape, LayerParams params) {
  Scene scene;
  params.op = op;
  scene.params = params;
  Tensor input(input_shape);
  for (int64_t i = 0; i < input.numel(); ++i)
    input.values()[static_cast<size_t>(i)] = static_cast<float>(i + 1);
  scene.input = input;
  if (!weight_shape.empty()) scene.weight = Tensor(weight_shape, 1.0f);
  Result<Stepper> stepper = Stepper::create(scene);
  EXPECT_TRUE(stepper) << stepper.message();
  return std::move(stepper).value();
}

// A StageInput for step `step` of `stepper`, holding its own snapshot and output.
struct Fixture {
  Snapshot snapshot;
  std::optional<Snapshot> from;
  Tensor output;
  StageInput in;
  Fixture(const Stepper& stepper, int64_t step, int64_t tap = -1) {
    snapshot = stepper.snapshot(step);
    output = stepper.partial_output(tap >= 0 ? step : step + 1);
    in.stepper = &stepper;
    in.snapshot = &snapshot;
    in.tap = tap;
    in.output = &output;
  }
};

int count_flag(const GridModel& grid, CellFlag flag) {
  int n = 0;
  for (const CellModel& cell : grid.cells) n += cell.has(flag) ? 1 : 0;
  return n;
}

TEST(StageModel, TheArticlesFifthStepCoversTheNineCellsAroundTheCentreWithTheirWeights) {
  const Stepper stepper = lesson_stepper("article-5x5");
  Fixture f(stepper, 4);
  const StageModel model = build_stage_model(f.in);
  ASSERT_EQ(model.inputs.size(), 1u);
  const GridModel& input = model.inputs[0];
  EXPECT_EQ(count_flag(input, kInWindow), 9);
  for (int r = 1; r <= 3; ++r)
    for (int c = 1; c <= 3; ++c) EXPECT_TRUE(input.at(r, c).has(kInWindow)) << r << "," << c;
  EXPECT_FALSE(input.at(0, 0).has(kInWindow));
  // The filter is 1 0 1 / 0 1 0 / 1 0 1: the window's top-left cell meets 1, the next one 0.
  EXPECT_EQ(input.at(1, 1).weight, 1.0f);
  EXPECT_EQ(input.at(1, 2).weight, 0.0f);
  ASSERT_TRUE(model.windows[0].has_value());
  EXPECT_EQ(model.windows[0]->x0, 1.0f);
  EXPECT_EQ(model.windows[0]->y1, 4.0f);
}

TEST(StageModel, OutputsNotComputedYetAreEmptyAndTheCurrentOneIsMarked) {
  const Stepper stepper = lesson_stepper("article-5x5");
  Fixture f(stepper, 4);
  const StageModel model = build_stage_model(f.in);
  const GridModel& output = model.outputs[0];
  EXPECT_EQ(output.at(0, 0).kind, CellKind::kValue);
  EXPECT_EQ(output.at(0, 0).value, 4.0f);
  EXPECT_EQ(output.at(1, 1).kind, CellKind::kValue);
  EXPECT_TRUE(output.at(1, 1).has(kCurrent));
  EXPECT_EQ(output.at(1, 2).kind, CellKind::kEmpty);
  EXPECT_EQ(output.at(2, 2).kind, CellKind::kEmpty);
  EXPECT_EQ(count_flag(output, kCurrent), 1);
}

TEST(StageModel, ZeroPaddingGhostsReadZeroAndMaxPoolPaddingReadsMinusInfinity) {
  LayerParams params;
  params.padding = {1, 1};
  const Stepper conv = scene_stepper(Op::kConv2d, {1, 3, 3}, {1, 1, 3, 3}, params);
  Fixture f(conv, 0);
  const StageModel model1 = build_stage_model(f.in);
  const GridModel& input = model1.inputs[0];
  EXPECT_EQ(input.rows, 5);
  EXPECT_EQ(input.pad_top, 1);
  EXPECT_EQ(input.at(0, 0).kind, CellKind::kZeroPadding);
  EXPECT_EQ(padding_label(input.at(0, 0)), "0");
  EXPECT_EQ(input.at(1, 1).kind, CellKind::kValue);
  EXPECT_EQ(input.at(1, 1).value, 1.0f);

  LayerParams pool_params;
  pool_params.kernel_size = {2, 2};
  pool_params.padding = {1, 1};
  const Stepper pool = scene_stepper(Op::kMaxPool2d, {1, 3, 3}, {}, pool_params);
  Fixture g(pool, 0);
  const StageModel model2 = build_stage_model(g.in);
  const GridModel& pooled = model2.inputs[0];
  EXPECT_EQ(pooled.at(0, 0).kind, CellKind::kZeroPadding);
  EXPECT_EQ(padding_label(pooled.at(0, 0)), "\xE2\x88\x92\xE2\x88\x9E");
}

TEST(StageModel, ReflectPaddingGhostsShowTheValueTheyCopyAndWhere) {
  const Stepper stepper = lesson_stepper("reflect-padding");
  Fixture f(stepper, 0);
  const StageModel model3 = build_stage_model(f.in);
  const GridModel& input = model3.inputs[0];
  // Padded (0, 0) mirrors input (1, 1) = 6, which sits at padded (2, 2).
  const CellModel& corner = input.at(0, 0);
  EXPECT_EQ(corner.kind, CellKind::kCopiedPadding);
  EXPECT_EQ(corner.value, 6.0f);
  EXPECT_EQ(corner.source_y, 2);
  EXPECT_EQ(corner.source_x, 2);
  EXPECT_EQ(padding_label(corner), "6");
  // Padded (1, 0) is left of input row 0: it mirrors input (0, 1) = 2.
  EXPECT_EQ(input.at(1, 0).value, 2.0f);
}

TEST(StageModel, InputCellsTheFloorLeavesOutAreShaded) {
  LayerParams params;
  params.stride = {2, 2};
  // 6 wide, kernel 3, stride 2: outputs at 0 and 2 read columns 0..4; column 5 is never read.
  const Stepper stepper = scene_stepper(Op::kConv2d, {1, 6, 6}, {1, 1, 3, 3}, params);
  Fixture f(stepper, 0);
  const StageModel model4 = build_stage_model(f.in);
  const GridModel& input = model4.inputs[0];
  EXPECT_TRUE(input.at(0, 5).has(kUnused));
  EXPECT_TRUE(input.at(5, 0).has(kUnused));
  EXPECT_FALSE(input.at(4, 4).has(kUnused));
}

TEST(StageModel, TapModeLightsTheTapsSummedSoFarAndMarksTheCurrentOne) {
  const Stepper stepper = lesson_stepper("article-5x5");
  Fixture f(stepper, 0, 3);
  const StageModel model = build_stage_model(f.in);
  EXPECT_EQ(count_flag(model.inputs[0], kLitTap), 4);
  EXPECT_EQ(count_flag(model.inputs[0], kCurrentTap), 1);
  EXPECT_TRUE(model.inputs[0].at(1, 0).has(kCurrentTap));  // taps run along rows: tap 3 is (1, 0)
  EXPECT_EQ(count_flag(model.kernels[0], kLitTap), 4);
  // The output being summed is not filled yet.
  EXPECT_EQ(model.outputs[0].at(0, 0).kind, CellKind::kEmpty);
}

TEST(StageModel, MaxPoolMarksTheWinningCell) {
  const Stepper stepper = lesson_stepper("max-pool");
  Fixture f(stepper, 0);
  const StageModel model5 = build_stage_model(f.in);
  const GridModel& input = model5.inputs[0];
  EXPECT_EQ(count_flag(input, kWinner), 1);
  EXPECT_TRUE(input.at(1, 0).has(kWinner));  // 3 9 / 12 5: the maximum is 12
}

TEST(StageModel, TheWindowSlidesFromThePreviousPositionAndLeavesAGhostThere) {
  const Stepper stepper = lesson_stepper("article-5x5");
  Fixture f(stepper, 1);
  f.from = stepper.snapshot(0);
  f.in.from = &*f.from;
  f.in.slide = 0.5f;
  const StageModel model = build_stage_model(f.in);
  ASSERT_TRUE(model.windows[0] && model.ghosts[0]);
  EXPECT_FLOAT_EQ(model.windows[0]->x0, 0.5f);
  EXPECT_FLOAT_EQ(model.ghosts[0]->x0, 0.0f);
}

TEST(StageModel, AGroupedConvolutionDimsTheInputSlicesTheCurrentOutputDoesNotRead) {
  const Stepper stepper = lesson_stepper("depthwise");
  Fixture f(stepper, 0);
  const StageModel model = build_stage_model(f.in);
  ASSERT_EQ(model.inputs.size(), 3u);
  EXPECT_FALSE(model.inputs[0].dimmed);
  EXPECT_TRUE(model.inputs[1].dimmed);
  EXPECT_TRUE(model.inputs[2].dimmed);
  EXPECT_TRUE(model.windows[0].has_value());
  EXPECT_FALSE(model.windows[1].has_value());
  EXPECT_EQ(model.inputs[2].group, 2);
}

TEST(StageModel, AOneDimensionalInputIsOneGridWithAChannelPerRow) {
  const Stepper stepper = lesson_stepper("input-2d-k3-s1");
  Fixture f(stepper, 1);
  const StageModel model = build_stage_model(f.in);
  ASSERT_EQ(model.inputs.size(), 1u);
  EXPECT_TRUE(model.inputs[0].rows_are_channels);
  EXPECT_EQ(model.inputs[0].rows, 2);
  EXPECT_EQ(model.inputs[0].cols, 5);
  // The filter spans both channels: the window covers both rows, columns 1..3.
  EXPECT_EQ(count_flag(model.inputs[0], kInWindow), 6);
  EXPECT_EQ(model.windows[0]->y0, 0.0f);
  EXPECT_EQ(model.windows[0]->y1, 2.0f);
  EXPECT_EQ(model.kernels[0].rows, 2);
}

TEST(StageModel, OneDimensionalBarsKeepOneScaleWhileTheMapFillsIn) {
  const Stepper stepper = lesson_stepper("input-1d-out5");
  const Tensor full = stepper.partial_output(stepper.step_count());
  Fixture early(stepper, 0), later(stepper, 20);
  early.in.full_output = &full;
  later.in.full_output = &full;
  const auto at_start = signal_plot_bounds(build_stage_model(early.in).outputs[0]);
  const auto further_on = signal_plot_bounds(build_stage_model(later.in).outputs[0]);
  EXPECT_EQ(at_start, further_on);
  float hi = 0;
  for (float v : full.values()) hi = std::max(hi, v);
  EXPECT_EQ(at_start.second, hi);
  // Without the whole walk's range the scale would follow the cells computed so far.
  Fixture bare(stepper, 0);
  EXPECT_NE(signal_plot_bounds(build_stage_model(bare.in).outputs[0]), at_start);
}

}  // namespace
}  // namespace convstep
