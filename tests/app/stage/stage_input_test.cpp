// The stage's input phase turns a confirmed typed value into an edit in the tensor's own coordinates:
// an input cell loses the padding ring it was clicked in, a kernel cell names the current filter.
#include <gtest/gtest.h>

#include "app/stage/stage_frame.h"
#include "tests/app/stage/stage_test_support.h"

namespace convstep {
namespace {

using test_support::lesson_stepper;

TEST(CellEditFor, AnInputCellIsEditedWithoutThePaddingRingItWasClickedIn) {
  const Stepper stepper = lesson_stepper("padding-same");
  const Geometry& g = stepper.geometry();
  ASSERT_GT(g.h.pad_before, 0);
  ASSERT_GT(g.w.pad_before, 0);
  const Snapshot now = stepper.snapshot(2);
  const CellEdit edit = cell_edit_for(g, now, CellRef{StageRole::kInput, 0, 3, 2}, 1.5f);
  EXPECT_FALSE(edit.weight);
  EXPECT_EQ(edit.batch, now.batch);
  EXPECT_EQ(edit.channel, 0);
  EXPECT_EQ(edit.y, 3 - g.h.pad_before);
  EXPECT_EQ(edit.x, 2 - g.w.pad_before);
  EXPECT_EQ(edit.value, 1.5f);
}

TEST(CellEditFor, AOneDimensionalInputCellIsEditedInRowZero) {
  const Stepper stepper = lesson_stepper("input-1d-k3-s1");
  ASSERT_EQ(stepper.geometry().dims, 1);
  const CellEdit edit =
      cell_edit_for(stepper.geometry(), stepper.snapshot(0), CellRef{StageRole::kInput, 0, 0, 4}, -2.0f);
  EXPECT_EQ(edit.y, 0);
  EXPECT_EQ(edit.x, 4 - stepper.geometry().w.pad_before);
}

TEST(CellEditFor, AKernelCellEditsTheWeightOfTheFilterBeingApplied) {
  const Stepper stepper = lesson_stepper("depthwise");
  const Snapshot now = stepper.snapshot(10);  // 3×3 outputs per channel: step 10 is in out channel 1
  ASSERT_EQ(now.out_channel, 1);
  const CellEdit edit = cell_edit_for(stepper.geometry(), now, CellRef{StageRole::kKernel, 0, 1, 2}, 0.25f);
  EXPECT_TRUE(edit.weight);
  EXPECT_EQ(edit.channel, 1);
  EXPECT_EQ(edit.in_channel, 0);
  EXPECT_EQ(edit.y, 1);
  EXPECT_EQ(edit.x, 2);
  EXPECT_EQ(edit.value, 0.25f);
}

}  // namespace
}  // namespace convstep
