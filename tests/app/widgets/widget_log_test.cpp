// The widget record behind --layout's "widgets": each wrapper records its rectangle with its label,
// nothing is recorded without a log, a scrolled region keeps only what it shows, and a widget pushed
// past a window that does not scroll keeps its whole rectangle so the cut is seen.
#include "app/widgets/widget_log.h"

#include <gtest/gtest.h>

#include <imgui.h>

#include <vector>

#include "tests/app/headless_imgui_support.h"

namespace convstep {
namespace {

class WidgetLog : public ::testing::Test {
 protected:
  void SetUp() override {
    test_support::create_headless_imgui();
    ImGui::NewFrame();
    ImGui::SetNextWindowPos(ImVec2(0, 0));
    ImGui::SetNextWindowSize(ImVec2(400, 300));
    ImGui::Begin("log", nullptr, ImGuiWindowFlags_NoTitleBar | ImGuiWindowFlags_NoScrollbar);
  }
  void TearDown() override {
    set_widget_log(nullptr);
    ImGui::End();
    ImGui::EndFrame();
    ImGui::DestroyContext();
  }
  std::vector<DrawnWidget> log_;
};

TEST_F(WidgetLog, EachWrapperRecordsItsLabelAndRectangle) {
  set_widget_log(&log_);
  ui::button("Play##play", ImVec2(80, 30));
  bool on = false;
  ui::checkbox("loop", &on);
  ASSERT_EQ(log_.size(), 2u);
  EXPECT_EQ(log_[0].label, "Play##play");
  EXPECT_FLOAT_EQ(log_[0].x1 - log_[0].x0, 80);
  EXPECT_FLOAT_EQ(log_[0].y1 - log_[0].y0, 30);
  EXPECT_EQ(log_[1].label, "loop");
  EXPECT_GE(log_[1].y0, log_[0].y1) << "the checkbox went on the next line";
}

TEST_F(WidgetLog, NothingIsRecordedWithoutALog) {
  ui::button("a");
  set_widget_log(&log_);
  ui::button("b");
  ASSERT_EQ(log_.size(), 1u);
  EXPECT_EQ(log_[0].label, "b");
}

TEST_F(WidgetLog, AWidgetPastTheEdgeOfAFixedWindowKeepsItsWholeRectangle) {
  set_widget_log(&log_);
  ImGui::SetCursorPos(ImVec2(360, 10));
  ui::button("wide", ImVec2(120, 20));
  ASSERT_EQ(log_.size(), 1u);
  EXPECT_FLOAT_EQ(log_[0].x1, 480);
}

TEST_F(WidgetLog, AScrolledRegionKeepsOnlyWhatItShows) {
  set_widget_log(&log_);
  ImGui::BeginChild("list", ImVec2(200, 100));
  for (int i = 0; i < 20; ++i) ui::button(("row" + std::to_string(i)).c_str(), ImVec2(150, 20));
  ImGui::EndChild();
  // ImGui learns a child's content size as it ends, so the scroll is known from the second frame.
  log_.clear();
  ImGui::End();
  ImGui::EndFrame();
  ImGui::NewFrame();
  ImGui::SetNextWindowPos(ImVec2(0, 0));
  ImGui::SetNextWindowSize(ImVec2(400, 300));
  ImGui::Begin("log", nullptr, ImGuiWindowFlags_NoTitleBar | ImGuiWindowFlags_NoScrollbar);
  ImGui::BeginChild("list", ImVec2(200, 100));
  for (int i = 0; i < 20; ++i) ui::button(("row" + std::to_string(i)).c_str(), ImVec2(150, 20));
  ImGui::EndChild();
  ASSERT_FALSE(log_.empty());
  EXPECT_LT(log_.size(), 20u);
  for (const DrawnWidget& w : log_) EXPECT_LE(w.y1, 100.5f + ImGui::GetStyle().WindowPadding.y) << w.label;
}

// One frame of a window holding a copy button; returns its recorded rectangle and whether it was pressed.
struct CopyFrame {
  DrawnWidget rect;
  bool pressed = false;
};
CopyFrame copy_button_frame(ImVec2 mouse, bool mouse_down, float seconds) {
  ImGuiIO& io = ImGui::GetIO();
  io.DeltaTime = seconds;
  io.MousePos = mouse;
  io.MouseDown[0] = mouse_down;
  std::vector<DrawnWidget> log;
  set_widget_log(&log);
  ImGui::NewFrame();
  ImGui::SetNextWindowPos(ImVec2(0, 0));
  ImGui::SetNextWindowSize(ImVec2(400, 300));
  ImGui::Begin("copy", nullptr, ImGuiWindowFlags_NoTitleBar);
  CopyFrame frame;
  frame.pressed = ui::copy_button("Copy##line");
  ImGui::End();
  ImGui::EndFrame();
  set_widget_log(nullptr);
  if (!log.empty()) frame.rect = log[0];
  return frame;
}

TEST(CopyButton, SaysCopiedForAMomentAfterAPressThenReadsCopyAgain) {
  test_support::create_headless_imgui();
  const CopyFrame idle = copy_button_frame(ImVec2(-100, -100), false, 1.0f / 60);
  ASSERT_EQ(idle.rect.label, "Copy##line");
  const float copy_width = idle.rect.x1 - idle.rect.x0;
  const ImVec2 centre((idle.rect.x0 + idle.rect.x1) / 2, (idle.rect.y0 + idle.rect.y1) / 2);
  copy_button_frame(centre, false, 1.0f / 60);
  copy_button_frame(centre, true, 1.0f / 60);
  const CopyFrame release = copy_button_frame(centre, false, 1.0f / 60);
  EXPECT_TRUE(release.pressed);
  // The next frame shows "Copied", wider than "Copy", under the same label.
  const CopyFrame confirming = copy_button_frame(centre, false, 1.0f / 60);
  EXPECT_FALSE(confirming.pressed);
  EXPECT_EQ(confirming.rect.label, "Copy##line");
  EXPECT_GT(confirming.rect.x1 - confirming.rect.x0, copy_width);
  const CopyFrame later = copy_button_frame(centre, false, 2.0f);
  copy_button_frame(centre, false, 1.0f / 60);
  const CopyFrame back = copy_button_frame(centre, false, 1.0f / 60);
  EXPECT_FLOAT_EQ(back.rect.x1 - back.rect.x0, copy_width) << later.rect.label;
  ImGui::DestroyContext();
}

}  // namespace
}  // namespace convstep
