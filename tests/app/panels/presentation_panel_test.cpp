// Presentation mode's keys, fed as GLFW would queue them: F5 enters and leaves, B blanks, Esc lifts the
// blank before it leaves, Ctrl+= / Ctrl+− / Ctrl+0 change the type within its bounds, and entering
// from the playground shows the stepping view. The transport keys a clicker sends step the walk.
#include "app/panels/presentation_panel.h"

#include <gtest/gtest.h>

#include <glad/gl.h>

#include <GLFW/glfw3.h>
#include <imgui.h>

#include "app/panels/controls_panel.h"
#include "core/settings.h"
#include "tests/app/headless_imgui_support.h"

namespace convstep {
namespace {

class PresentationKeys : public ::testing::Test {
 protected:
  void SetUp() override { test_support::create_headless_imgui(); }
  void TearDown() override { ImGui::DestroyContext(); }

  // One frame in which `key` was pressed (Ctrl held or not).
  void press(int key, bool ctrl = false) {
    ImGui::GetIO().KeyCtrl = ctrl;
    ImGui::NewFrame();
    ui_.key_presses = {KeyPress{key, false, false}};
    read_presentation_keys(ui_);
    ImGui::EndFrame();
  }

  UiState ui_;
};

TEST_F(PresentationKeys, F5EntersAndLeavesAndEscLiftsTheBlankBeforeLeaving) {
  press(GLFW_KEY_F5);
  EXPECT_TRUE(ui_.presentation.on);
  press(GLFW_KEY_B);
  EXPECT_TRUE(ui_.presentation.blanked);
  press(GLFW_KEY_ESCAPE);
  EXPECT_FALSE(ui_.presentation.blanked);
  EXPECT_TRUE(ui_.presentation.on);
  press(GLFW_KEY_ESCAPE);
  EXPECT_FALSE(ui_.presentation.on);
  press(GLFW_KEY_F5);
  press(GLFW_KEY_F5);
  EXPECT_FALSE(ui_.presentation.on);
}

TEST_F(PresentationKeys, BlankingNeedsTheMode) {
  press(GLFW_KEY_B);
  EXPECT_FALSE(ui_.presentation.blanked);
}

TEST_F(PresentationKeys, CtrlPlusAndMinusScaleTheTypeWithinBoundsAndCtrlZeroResets) {
  press(GLFW_KEY_F5);
  press(GLFW_KEY_EQUAL, true);
  EXPECT_GT(ui_.presentation.text_scale, 1.0f);
  EXPECT_GT(presentation_type_scale(ui_.presentation), kPresentationType);
  for (int i = 0; i < 40; ++i) press(GLFW_KEY_EQUAL, true);
  EXPECT_FLOAT_EQ(ui_.presentation.text_scale, kMaxTextScale);
  for (int i = 0; i < 40; ++i) press(GLFW_KEY_MINUS, true);
  EXPECT_FLOAT_EQ(ui_.presentation.text_scale, kMinTextScale);
  press(GLFW_KEY_0, true);
  EXPECT_FLOAT_EQ(ui_.presentation.text_scale, 1.0f);
  press(GLFW_KEY_EQUAL);  // without Ctrl: the transport's "faster", not the type
  EXPECT_FLOAT_EQ(ui_.presentation.text_scale, 1.0f);
}

TEST_F(PresentationKeys, OutsideTheModeTheTypeIsNotScaled) {
  ui_.presentation.text_scale = 2.0f;
  EXPECT_FLOAT_EQ(presentation_type_scale(ui_.presentation), 1.0f);
}

TEST_F(PresentationKeys, EnteringFromThePlaygroundShowsTheLesson) {
  ui_.main_view = MainView::kPlayground;
  press(GLFW_KEY_F5);
  EXPECT_EQ(ui_.main_view, MainView::kStepper);
  EXPECT_TRUE(ui_.select_view);
}

TEST_F(PresentationKeys, AClickersPageKeysStepAndCtrlPlusDoesNotChangeTheSpeed) {
  const auto transport = [&](int key, bool ctrl) {
    ImGui::GetIO().KeyCtrl = ctrl;
    ImGui::NewFrame();
    ui_.key_presses = {KeyPress{key, false, false}};
    Actions actions;
    read_transport_keys(ui_, actions);
    ImGui::EndFrame();
    return actions;
  };
  EXPECT_TRUE(transport(GLFW_KEY_PAGE_DOWN, false).step_forward);
  EXPECT_TRUE(transport(GLFW_KEY_PAGE_UP, false).step_back);
  EXPECT_TRUE(transport(GLFW_KEY_EQUAL, false).faster);
  EXPECT_FALSE(transport(GLFW_KEY_EQUAL, true).faster);
}

}  // namespace
}  // namespace convstep
