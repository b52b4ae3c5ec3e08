// The phases of a stage frame on their own, in a headless ImGui context: placing puts every slice of
// the plan once, side by side without overlap, with one operator between sections; recording lists
// the grids in input, kernel, output order and a highlight only when a cell is focused.
#include "app/stage/stage_frame.h"

#include <gtest/gtest.h>

#include <imgui.h>

#include "tests/app/headless_imgui_support.h"
#include "tests/app/stage/stage_test_support.h"

namespace convstep {
namespace {

using test_support::lesson_stepper;

class StageFrame : public ::testing::Test {
 protected:
  void SetUp() override { test_support::create_headless_imgui(&fonts_); }
  void TearDown() override { ImGui::DestroyContext(); }

  PlacedStage place(const StagePlan& plan) {
    return place_stage(plan, stage_extent(plan, fonts_), ImVec2(0, 0), kRegion, 0,
                       PaletteKind::kColorBlindSafe, fonts_);
  }

  const ImVec2 kRegion{900, 420};
  Fonts fonts_;
};

bool overlap(const GridPlacement& a, const GridPlacement& b) {
  const float ax1 = a.first_cell.x + a.cols * a.pitch, ay1 = a.first_cell.y + a.rows * a.pitch;
  const float bx1 = b.first_cell.x + b.cols * b.pitch, by1 = b.first_cell.y + b.rows * b.pitch;
  return a.first_cell.x < bx1 && b.first_cell.x < ax1 && a.first_cell.y < by1 && b.first_cell.y < ay1;
}

TEST_F(StageFrame, PlacingPutsEverySliceOnceWithoutOverlapAndAnOperatorBetweenSections) {
  const Stepper stepper = lesson_stepper("conv2d-3-channel");
  const Snapshot now = stepper.snapshot(2);
  const Tensor output = stepper.partial_output(3);
  StageInput in;
  in.stepper = &stepper;
  in.snapshot = &now;
  in.output = &output;
  const StageModel model = build_stage_model(in);
  const StagePlan plan = plan_stage(model, stepper, now, kRegion, 1.0f, fonts_, 0);
  const PlacedStage placed = place(plan);

  ASSERT_EQ(placed.inputs.size(), 3u);
  ASSERT_EQ(placed.kernels.size(), 3u);
  ASSERT_EQ(placed.outputs.size(), 1u);
  EXPECT_EQ(placed.titles.size(), plan.sections.size());
  EXPECT_EQ(placed.operator_x.size(), plan.sections.size() - 1);
  // Paired slices carry a small ∗ between each input slice and its filter slice.
  EXPECT_EQ(placed.stars.size(), plan.paired ? 3u : 0u);
  std::vector<const PlacedGrid*> all;
  for (const std::vector<PlacedGrid>* list : {&placed.inputs, &placed.kernels, &placed.outputs})
    for (const PlacedGrid& p : *list) all.push_back(&p);
  for (size_t i = 0; i < all.size(); ++i) {
    EXPECT_GE(all[i]->placement.first_cell.x, 0);
    EXPECT_LE(all[i]->placement.first_cell.x + all[i]->grid->cols * all[i]->placement.pitch, kRegion.x);
    for (size_t j = i + 1; j < all.size(); ++j)
      EXPECT_FALSE(overlap(all[i]->placement, all[j]->placement)) << "slices " << i << " and " << j;
  }
  // The model's own slices, in its order.
  for (size_t i = 0; i < placed.inputs.size(); ++i) EXPECT_EQ(placed.inputs[i].grid, &model.inputs[i]);
}

TEST_F(StageFrame, RecordingListsTheGridsByRoleAndAHighlightOnlyForAFocusedCell) {
  const Stepper stepper = lesson_stepper("article-5x5");
  const Snapshot now = stepper.snapshot(4);
  const Tensor output = stepper.partial_output(5);
  StageInput in;
  in.stepper = &stepper;
  in.snapshot = &now;
  in.output = &output;
  StageModel model = build_stage_model(in);
  const StagePlan plan = plan_stage(model, stepper, now, kRegion, 1.0f, fonts_, 0);
  const PlacedStage placed = place(plan);

  StageLayout plain;
  record_stage_layout(plain, model, placed, std::nullopt);
  ASSERT_EQ(plain.grids.size(), 3u);
  EXPECT_EQ(plain.grids[0].role, "input");
  EXPECT_EQ(plain.grids[1].role, "kernel");
  EXPECT_EQ(plain.grids[2].role, "output");
  ASSERT_FALSE(plain.rects.empty());
  EXPECT_EQ(plain.rects.front().what, "window");
  for (const DrawnRect& r : plain.rects) EXPECT_NE(r.what, "receptive_field");

  const CellRef focus{StageRole::kOutput, 0, 0, 0};
  mark_focus(model, stepper, now, focus);
  StageLayout focused;
  record_stage_layout(focused, model, placed, focus);
  const DrawnGrid& input = focused.grids[0];
  bool found = false;
  for (const DrawnRect& r : focused.rects)
    if (r.what == "receptive_field") {
      found = true;
      // Output (0, 0) of a 3×3 kernel reads input rows and columns 0..2.
      EXPECT_NEAR(r.x0, input.x, 0.5f);
      EXPECT_NEAR(r.x1, input.x + 3 * input.cell, 0.5f);
    }
  EXPECT_TRUE(found);
}

}  // namespace
}  // namespace convstep
