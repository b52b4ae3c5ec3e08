// Hover both ways, without a window: an output lights its receptive field, an input every output that
// reads it (padding copies included), a padding ghost only the windows covering it, a kernel cell the
// input cell it meets now; highlighted cells are marked in the stage model.
#include "app/stage/stage_hover.h"

#include <gtest/gtest.h>

#include <algorithm>

#include "app/stage/stage_model.h"
#include "core/lesson.h"
#include "tests/app/stage/stage_test_support.h"

namespace convstep {
namespace {

using test_support::lesson_stepper;

bool contains(const std::vector<CellRef>& cells, CellRef ref) {
  return std::find(cells.begin(), cells.end(), ref) != cells.end();
}

TEST(StageHover, HoveringAnOutputLightsItsReceptiveField) {
  const Stepper stepper = lesson_stepper("article-5x5");
  const Snapshot now = stepper.snapshot(0);
  const std::vector<CellRef> cells = highlighted_cells(stepper, now, {StageRole::kOutput, 0, 1, 2});
  ASSERT_EQ(cells.size(), 9u);
  for (int64_t y = 1; y <= 3; ++y)
    for (int64_t x = 2; x <= 4; ++x)
      EXPECT_TRUE(contains(cells, {StageRole::kInput, 0, y, x})) << y << "," << x;
}

TEST(StageHover, HoveringAnInputLightsEveryOutputThatReadsIt) {
  const Stepper stepper = lesson_stepper("article-5x5");
  const Snapshot now = stepper.snapshot(0);
  EXPECT_EQ(highlighted_cells(stepper, now, {StageRole::kInput, 0, 2, 2}).size(), 9u);  // the centre: all
  const std::vector<CellRef> corner = highlighted_cells(stepper, now, {StageRole::kInput, 0, 0, 0});
  ASSERT_EQ(corner.size(), 1u);
  EXPECT_EQ(corner[0], (CellRef{StageRole::kOutput, 0, 0, 0}));
  EXPECT_EQ(highlighted_cells(stepper, now, {StageRole::kInput, 0, 0, 2}).size(), 3u);
}

TEST(StageHover, AnInputCellCopiedIntoThePaddingLightsTheOutputsReadingTheCopyToo) {
  const Stepper stepper = lesson_stepper("reflect-padding");
  const Snapshot now = stepper.snapshot(0);
  // Input (1, 1) sits at padded (2, 2); reflect padding also copies it to padded (0, 0), (0, 2), (2, 0).
  const std::vector<CellRef> cells = highlighted_cells(stepper, now, {StageRole::kInput, 0, 2, 2});
  EXPECT_EQ(cells.size(), stepper.steps_reading(0, 0, 1, 1).size());
  EXPECT_TRUE(contains(cells, {StageRole::kOutput, 0, 0, 0}));
  EXPECT_TRUE(contains(cells, {StageRole::kOutput, 0, 2, 2}));
}

TEST(StageHover, APaddingGhostLightsOnlyTheWindowsCoveringIt) {
  const Stepper stepper = lesson_stepper("reflect-padding");
  const Snapshot now = stepper.snapshot(0);
  const std::vector<CellRef> cells = highlighted_cells(stepper, now, {StageRole::kInput, 0, 0, 0});
  ASSERT_EQ(cells.size(), 1u);
  EXPECT_EQ(cells[0], (CellRef{StageRole::kOutput, 0, 0, 0}));
  EXPECT_EQ(steps_covering_padded(stepper, 0, 0, 0, 1).size(), 2u);  // outputs (0,0) and (0,1)
}

TEST(StageHover, HoveringAKernelCellLightsTheInputCellItMeetsNow) {
  const Stepper stepper = lesson_stepper("article-5x5");
  const Snapshot now = stepper.snapshot(4);  // window at (1, 1)
  const std::vector<CellRef> cells = highlighted_cells(stepper, now, {StageRole::kKernel, 0, 2, 1});
  ASSERT_EQ(cells.size(), 1u);
  EXPECT_EQ(cells[0], (CellRef{StageRole::kInput, 0, 3, 2}));
}

TEST(StageHover, WithGroupsAnInputLightsOnlyTheOutputsOfItsGroup) {
  const Stepper stepper = lesson_stepper("depthwise");
  const Snapshot now = stepper.snapshot(0);
  const std::vector<CellRef> cells = highlighted_cells(stepper, now, {StageRole::kInput, 1, 2, 2});
  ASSERT_FALSE(cells.empty());
  for (const CellRef& ref : cells) EXPECT_EQ(ref.channel, 1);
}

TEST(StageHover, MarkFocusFlagsTheFocusAndItsHighlightInTheModel) {
  const Stepper stepper = lesson_stepper("article-5x5");
  const Snapshot now = stepper.snapshot(0);
  const Tensor output = stepper.partial_output(1);
  StageInput in;
  in.stepper = &stepper;
  in.snapshot = &now;
  in.output = &output;
  StageModel model = build_stage_model(in);
  mark_focus(model, stepper, now, {StageRole::kOutput, 0, 2, 2});
  EXPECT_TRUE(model.outputs[0].at(2, 2).has(kHoverSource));
  EXPECT_TRUE(model.inputs[0].at(4, 4).has(kHighlighted));
  EXPECT_FALSE(model.inputs[0].at(1, 1).has(kHighlighted));
}

}  // namespace
}  // namespace convstep
