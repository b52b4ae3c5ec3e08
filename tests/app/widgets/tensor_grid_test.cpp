// One grid drawn into a headless ImGui draw list: the cells start after the index gutter, cells
// outside the clip rectangle cost nothing, and a grid too small for numbers draws fewer vertices.
#include "app/widgets/tensor_grid.h"

#include <gtest/gtest.h>

#include <imgui.h>

#include "tests/app/headless_imgui_support.h"

namespace convstep {
namespace {

GridModel value_grid(int n) {
  GridModel grid;
  grid.rows = grid.cols = grid.inner_rows = grid.inner_cols = n;
  grid.cells.resize(static_cast<size_t>(n) * n);
  for (size_t i = 0; i < grid.cells.size(); ++i) grid.cells[i].value = static_cast<float>(i % 7);
  grid.range = ValueRange{0, 6, false};
  return grid;
}

class TensorGrid : public ::testing::Test {
 protected:
  void SetUp() override {
    test_support::create_headless_imgui(&fonts_);
    ImGui::NewFrame();
    ImGui::SetNextWindowPos(ImVec2(0, 0));
    ImGui::SetNextWindowSize(ImVec2(1200, 780));
    ImGui::Begin("grid", nullptr, ImGuiWindowFlags_NoTitleBar);
  }
  void TearDown() override {
    ImGui::End();
    ImGui::EndFrame();
    ImGui::DestroyContext();
  }

  // Vertices `draw_grid` adds for `grid`, drawn at (10, 10) inside `clip`.
  int vertices_for(const GridModel& grid, const GridStyle& style, ImVec2 clip_min, ImVec2 clip_max) {
    ImDrawList* draw = ImGui::GetWindowDrawList();
    draw->PushClipRect(clip_min, clip_max);
    const int before = draw->VtxBuffer.Size;
    draw_grid(draw, ImVec2(10, 10), grid, style, fonts_);
    const int added = draw->VtxBuffer.Size - before;
    draw->PopClipRect();
    return added;
  }

  Fonts fonts_;
};

TEST_F(TensorGrid, TheCellsStartAfterTheIndexGutter) {
  GridStyle style;
  style.pitch = 40;
  style.show_indices = true;
  const float gutter = grid_gutter(style, fonts_);
  ASSERT_GT(gutter, 0);
  const GridPlacement placement =
      draw_grid(ImGui::GetWindowDrawList(), ImVec2(10, 10), value_grid(3), style, fonts_);
  EXPECT_EQ(placement.first_cell.x, 10 + gutter);
  EXPECT_EQ(placement.first_cell.y, 10 + gutter);
  EXPECT_EQ(placement.pitch, 40);
  EXPECT_EQ(placement.rows, 3);
}

TEST_F(TensorGrid, CellsOutsideTheClipRectangleAreNotDrawn) {
  GridStyle style;
  style.pitch = 40;
  const GridModel grid = value_grid(12);
  const int all = vertices_for(grid, style, ImVec2(0, 0), ImVec2(1200, 780));
  const int corner = vertices_for(grid, style, ImVec2(0, 0), ImVec2(100, 100));
  EXPECT_GT(corner, 0);
  EXPECT_LT(corner * 10, all);
}

TEST_F(TensorGrid, AGridTooSmallForNumbersDrawsOnlyItsCells) {
  const GridModel grid = value_grid(6);
  GridStyle numbers;
  numbers.pitch = 40;
  GridStyle heatmap;
  heatmap.pitch = kHeatmapBelowPitch - 4;
  // With numbers every cell adds its glyphs; as a heatmap each cell is one filled rectangle.
  EXPECT_EQ(vertices_for(grid, heatmap, ImVec2(0, 0), ImVec2(1200, 780)), 4 * 36);
  EXPECT_GT(vertices_for(grid, numbers, ImVec2(0, 0), ImVec2(1200, 780)), 4 * 36 * 2);
}

TEST_F(TensorGrid, ReportsTheSizeOfTheValuesItDrewAndWhetherAnyWasLeftOut) {
  GridStyle style;
  style.pitch = 40;
  GridTextStats stats;
  draw_grid(ImGui::GetWindowDrawList(), ImVec2(10, 10), value_grid(3), style, fonts_, &stats);
  EXPECT_TRUE(stats.values_shown);
  EXPECT_NEAR(stats.value_px, 40 * 0.46f, 0.5f);

  style.pitch = 12;  // a heatmap: colour only
  draw_grid(ImGui::GetWindowDrawList(), ImVec2(10, 10), value_grid(3), style, fonts_, &stats);
  EXPECT_FALSE(stats.values_shown);
  EXPECT_EQ(stats.value_px, 0);
}

TEST_F(TensorGrid, AtTheLegiblePitchEveryValueIsDrawnAtLeastThatTall) {
  GridModel grid = value_grid(2);
  grid.cells[0].value = -0.0625f;  // the widest number decides
  grid.range = ValueRange{-1, 6, true};
  for (float px : {14.0f, 20.0f}) {
    GridStyle style;
    style.pitch = legible_pitch(grid, fonts_, px);
    GridTextStats stats;
    draw_grid(ImGui::GetWindowDrawList(), ImVec2(10, 10), grid, style, fonts_, &stats);
    EXPECT_TRUE(stats.values_shown) << px;
    EXPECT_GE(stats.value_px, px - 0.01f) << "at pitch " << style.pitch;
    // A few pixels less and "-0.0625" has to shrink below the size.
    style.pitch -= 6;
    draw_grid(ImGui::GetWindowDrawList(), ImVec2(10, 10), grid, style, fonts_, &stats);
    EXPECT_LT(stats.value_px, px) << "at pitch " << style.pitch;
  }
}

}  // namespace
}  // namespace convstep
