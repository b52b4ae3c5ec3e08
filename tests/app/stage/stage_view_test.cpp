// The stage drawn in a headless ImGui context (fonts built, no OpenGL): the layout it records is where
// the cells really are — the window over the right input cells, the current output cell, the ghost —
// nothing lights up while the mouse has not moved, and typed cell values parse as a person writes them.
#include "app/stage/stage_view.h"

#include <gtest/gtest.h>

#include <imgui.h>

#include "core/lesson.h"
#include "tests/app/headless_imgui_support.h"
#include "tests/app/stage/stage_test_support.h"

namespace convstep {
namespace {

class HeadlessStage : public ::testing::Test {
 protected:
  void SetUp() override { test_support::create_headless_imgui(&fonts_); }
  void TearDown() override { ImGui::DestroyContext(); }

  // Draws one frame of the stage for `in` in a 900×420 region and returns what it recorded.
  StageLayout frame(const StageInput& in) {
    ImGui::NewFrame();
    ImGui::SetNextWindowPos(ImVec2(0, 0));
    ImGui::SetNextWindowSize(ImVec2(1000, 500));
    ImGui::Begin("test", nullptr, ImGuiWindowFlags_NoTitleBar);
    requests_ = draw_stage(in, 0, state_, fonts_, ImVec2(900, 420));
    ImGui::End();
    ImGui::Render();
    return state_.layout;
  }

  Fonts fonts_;
  StageState state_;
  StageRequests requests_;
};

using test_support::lesson_stepper;

const DrawnGrid* grid_of(const StageLayout& layout, const std::string& role, int channel = 0) {
  for (const DrawnGrid& g : layout.grids)
    if (g.role == role && g.channel == channel) return &g;
  return nullptr;
}

const DrawnRect* rect_of(const StageLayout& layout, const std::string& what) {
  for (const DrawnRect& r : layout.rects)
    if (r.what == what) return &r;
  return nullptr;
}

TEST_F(HeadlessStage, TheRecordedWindowCoversExactlyTheInputCellsOfTheStep) {
  const Stepper stepper = lesson_stepper("article-5x5");
  const Snapshot now = stepper.snapshot(4);
  const Tensor output = stepper.partial_output(5);
  StageInput in;
  in.stepper = &stepper;
  in.snapshot = &now;
  in.output = &output;
  const StageLayout layout = frame(in);

  const DrawnGrid* input = grid_of(layout, "input");
  const DrawnGrid* out = grid_of(layout, "output");
  ASSERT_TRUE(input && out && grid_of(layout, "kernel"));
  EXPECT_EQ(input->rows, 5);
  EXPECT_EQ(input->cols, 5);
  EXPECT_GE(input->cell, 18.0f);  // numbers fit

  const DrawnRect* window = rect_of(layout, "window");
  ASSERT_TRUE(window);
  EXPECT_NEAR(window->x0, input->x + 1 * input->cell, 0.5f);
  EXPECT_NEAR(window->y0, input->y + 1 * input->cell, 0.5f);
  EXPECT_NEAR(window->x1, input->x + 4 * input->cell, 0.5f);
  EXPECT_NEAR(window->y1, input->y + 4 * input->cell, 0.5f);

  const DrawnRect* current = rect_of(layout, "current_output");
  ASSERT_TRUE(current);
  EXPECT_NEAR(current->x0, out->x + 1 * out->cell, 0.5f);
  EXPECT_NEAR(current->y0, out->y + 1 * out->cell, 0.5f);
  // The mouse never moved: no hover highlight.
  EXPECT_EQ(rect_of(layout, "receptive_field"), nullptr);
  EXPECT_EQ(rect_of(layout, "ghost"), nullptr);
}

TEST_F(HeadlessStage, PaddingIsCountedInTheGridAndTheGhostMarksThePreviousWindow) {
  const Stepper stepper = lesson_stepper("reflect-padding");
  const Snapshot now = stepper.snapshot(1);
  const Snapshot before = stepper.snapshot(0);
  const Tensor output = stepper.partial_output(2);
  StageInput in;
  in.stepper = &stepper;
  in.snapshot = &now;
  in.from = &before;
  in.output = &output;
  const StageLayout layout = frame(in);
  const DrawnGrid* input = grid_of(layout, "input");
  ASSERT_TRUE(input);
  EXPECT_EQ(input->rows, 6);
  EXPECT_EQ(input->pad_top, 1);
  EXPECT_EQ(input->pad_left, 1);
  const DrawnRect* ghost = rect_of(layout, "ghost");
  const DrawnRect* window = rect_of(layout, "window");
  ASSERT_TRUE(ghost && window);
  EXPECT_NEAR(ghost->x0, input->x, 0.5f);
  EXPECT_NEAR(window->x0, input->x + input->cell, 0.5f);  // stride 1: one cell on
}

TEST_F(HeadlessStage, APinnedOutputRecordsItsReceptiveField) {
  const Stepper stepper = lesson_stepper("article-5x5");
  const Snapshot now = stepper.snapshot(0);
  const Tensor output = stepper.partial_output(1);
  StageInput in;
  in.stepper = &stepper;
  in.snapshot = &now;
  in.output = &output;
  state_.pinned = CellRef{StageRole::kOutput, 0, 2, 2};
  const StageLayout layout = frame(in);
  const DrawnGrid* input = grid_of(layout, "input");
  const DrawnRect* field = rect_of(layout, "receptive_field");
  ASSERT_TRUE(input && field);
  EXPECT_NEAR(field->x0, input->x + 2 * input->cell, 0.5f);
  EXPECT_NEAR(field->x1, input->x + 5 * input->cell, 0.5f);
  EXPECT_NEAR(field->y0, input->y + 2 * input->cell, 0.5f);
}

TEST_F(HeadlessStage, APinnedReflectPaddingCellPointsAtTheCellItCopies) {
  const Stepper stepper = lesson_stepper("reflect-padding");
  const Snapshot now = stepper.snapshot(0);
  const Tensor output = stepper.partial_output(1);
  StageInput in;
  in.stepper = &stepper;
  in.snapshot = &now;
  in.output = &output;
  state_.pinned = CellRef{StageRole::kInput, 0, 0, 0};  // mirrors input (1, 1), at padded (2, 2)
  const StageLayout layout = frame(in);
  const DrawnGrid* input = grid_of(layout, "input");
  const DrawnRect* source = rect_of(layout, "copy_source");
  ASSERT_TRUE(input && source);
  EXPECT_NEAR(source->x0, input->x + 2 * input->cell, 0.5f);
  EXPECT_NEAR(source->y0, input->y + 2 * input->cell, 0.5f);
}

TEST_F(HeadlessStage, MaxPoolRecordsTheWinnerCell) {
  const Stepper stepper = lesson_stepper("max-pool");
  const Snapshot now = stepper.snapshot(0);
  const Tensor output = stepper.partial_output(1);
  StageInput in;
  in.stepper = &stepper;
  in.snapshot = &now;
  in.output = &output;
  const StageLayout layout = frame(in);
  const DrawnGrid* input = grid_of(layout, "input");
  const DrawnRect* winner = rect_of(layout, "winner");
  ASSERT_TRUE(input && winner);
  EXPECT_NEAR(winner->x0, input->x, 0.5f);  // 3 9 / 12 5: 12 is at row 1, column 0
  EXPECT_NEAR(winner->y0, input->y + input->cell, 0.5f);
  EXPECT_EQ(grid_of(layout, "kernel"), nullptr);
}

TEST_F(HeadlessStage, HoveringAnInputCellLightsEveryOutputReadingItAndAClickPinsIt) {
  const Stepper stepper = lesson_stepper("article-5x5");
  const Snapshot now = stepper.snapshot(0);
  const Tensor output = stepper.partial_output(1);
  StageInput in;
  in.stepper = &stepper;
  in.snapshot = &now;
  in.output = &output;
  const StageLayout first = frame(in);
  const DrawnGrid input = *grid_of(first, "input");
  const DrawnGrid out = *grid_of(first, "output");

  // The mouse moves onto the centre input cell (2, 2), which every window reads.
  ImGuiIO& io = ImGui::GetIO();
  io.MousePos = ImVec2(input.x + 2.5f * input.cell - 3, input.y + 2.5f * input.cell);
  frame(in);
  io.MousePos = ImVec2(input.x + 2.5f * input.cell, input.y + 2.5f * input.cell);
  const StageLayout hovered = frame(in);
  ASSERT_TRUE(state_.hovered.has_value());
  EXPECT_EQ(*state_.hovered, (CellRef{StageRole::kInput, 0, 2, 2}));
  const DrawnRect* reading = rect_of(hovered, "outputs_reading");
  ASSERT_TRUE(reading);
  EXPECT_NEAR(reading->x0, out.x, 0.5f);
  EXPECT_NEAR(reading->x1, out.x + 3 * out.cell, 0.5f);
  EXPECT_NEAR(reading->y1, out.y + 3 * out.cell, 0.5f);

  // A click pins it; the highlight stays after the mouse leaves the grids.
  io.MouseDown[0] = true;
  frame(in);
  io.MouseDown[0] = false;
  frame(in);
  ASSERT_TRUE(state_.pinned.has_value());
  EXPECT_EQ(*state_.pinned, (CellRef{StageRole::kInput, 0, 2, 2}));
  io.MousePos = ImVec2(2, 2);
  const StageLayout away = frame(in);
  EXPECT_FALSE(state_.hovered.has_value());
  EXPECT_TRUE(rect_of(away, "outputs_reading"));
}

TEST_F(HeadlessStage, ClickingAComputedOutputGoesToItsStepAndAnEmptyOneIsPinned) {
  const Stepper stepper = lesson_stepper("article-5x5");
  const Snapshot now = stepper.snapshot(4);
  const Tensor output = stepper.partial_output(5);
  StageInput in;
  in.stepper = &stepper;
  in.snapshot = &now;
  in.output = &output;
  const DrawnGrid out = *grid_of(frame(in), "output");
  ImGuiIO& io = ImGui::GetIO();
  const auto click = [&](int row, int col) {
    const ImVec2 at(out.x + (col + 0.5f) * out.cell, out.y + (row + 0.5f) * out.cell);
    io.MousePos = ImVec2(at.x - 3, at.y);
    frame(in);
    io.MousePos = at;
    frame(in);
    io.MouseDown[0] = true;
    frame(in);
    io.MouseDown[0] = false;
    frame(in);
  };
  click(0, 1);  // out[0, 0, 1] = 3, computed by step 1
  ASSERT_TRUE(requests_.seek.has_value());
  EXPECT_EQ(*requests_.seek, 1);
  EXPECT_FALSE(state_.pinned.has_value());
  click(2, 2);  // not computed yet: pinned, no jump
  EXPECT_FALSE(requests_.seek.has_value());
  ASSERT_TRUE(state_.pinned.has_value());
  EXPECT_EQ(*state_.pinned, (CellRef{StageRole::kOutput, 0, 2, 2}));
}

TEST(StageCellValue, ParsesNumbersAsPeopleTypeThem) {
  EXPECT_EQ(parse_cell_value("3"), 3.0f);
  EXPECT_EQ(parse_cell_value(" -0.5 "), -0.5f);
  EXPECT_EQ(parse_cell_value("\xE2\x88\x92"
                             "2"),
            -2.0f);
  EXPECT_FLOAT_EQ(*parse_cell_value("1/9"), 1.0f / 9.0f);
  EXPECT_FALSE(parse_cell_value(""));
  EXPECT_FALSE(parse_cell_value("abc"));
  EXPECT_FALSE(parse_cell_value("1/0"));
  EXPECT_FALSE(parse_cell_value("3x"));
}

}  // namespace
}  // namespace convstep
