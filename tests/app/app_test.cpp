// The App without a window: actions move the step only through apply_actions, playback advances by
// the time passed in, load errors keep the current lesson, and the UI (built with a headless ImGui
// context, no OpenGL) turns keys into actions and draws every built-in lesson without failing.
#include "app/app.h"

#include <gtest/gtest.h>

#include <glad/gl.h>

#include <GLFW/glfw3.h>
#include <imgui.h>

#include <sstream>

#include "app/cli/cli.h"

namespace convstep {
namespace {

// A headless ImGui context: a display size and a built font atlas are all NewFrame needs.
class HeadlessImGui {
 public:
  explicit HeadlessImGui(App& app) {
    ImGui::CreateContext();
    ImGuiIO& io = ImGui::GetIO();
    io.IniFilename = nullptr;
    io.DisplaySize = ImVec2(1280, 800);
    io.DeltaTime = 1.0f / 60.0f;
    app.ui.fonts = load_fonts(io);
    unsigned char* pixels = nullptr;
    int width = 0, height = 0;
    io.Fonts->GetTexDataAsRGBA32(&pixels, &width, &height);
    apply_dark_theme();
  }
  ~HeadlessImGui() { ImGui::DestroyContext(); }

  // One frame: returns what the UI asked for.
  Actions frame(App& app) {
    ImGui::NewFrame();
    Actions actions = build_ui(app);
    ImGui::Render();
    return actions;
  }
};

App started_app(const GuiOptions& options = {}) {
  App app;
  std::ostringstream err;
  init_app(app, options, err);
  return app;
}

TEST(App, StartsOnTheDefaultLessonAtItsFirstStep) {
  const App app = started_app();
  ASSERT_TRUE(app.lesson.stepper.has_value()) << app.lesson.error;
  EXPECT_EQ(app.lesson.lesson.name, kDefaultLesson);
  EXPECT_EQ(app.playback.step, 0);
  EXPECT_EQ(app.view.snapshot.step, 0);
  EXPECT_FALSE(app.ui.lessons.empty());
}

TEST(App, StepBackSeekAndResetGoThroughApplyActionsAndStayInRange) {
  App app = started_app();
  Actions forward;
  forward.step_forward = true;
  apply_actions(app, forward);
  apply_actions(app, forward);
  EXPECT_EQ(app.playback.step, 2);
  EXPECT_EQ(app.view.snapshot.step, 2);

  Actions back;
  back.step_back = true;
  apply_actions(app, back);
  EXPECT_EQ(app.playback.step, 1);

  Actions seek;
  seek.seek = 100;
  apply_actions(app, seek);
  EXPECT_EQ(app.playback.step, app.lesson.stepper->step_count() - 1);

  Actions reset;
  reset.reset = true;
  apply_actions(app, reset);
  EXPECT_EQ(app.playback.step, 0);
  apply_actions(app, back);
  EXPECT_EQ(app.playback.step, 0);
}

TEST(App, TheShownOutputHoldsExactlyTheStepsDoneSoFar) {
  GuiOptions options;
  options.step = 4;
  const App app = started_app(options);
  int filled = 0;
  for (float v : app.view.output.values()) filled += v == v ? 1 : 0;  // NaN marks "not computed yet"
  EXPECT_EQ(filled, 5);
  EXPECT_EQ(app.view.snapshot.result, 4.0f);  // the article's centre value
}

TEST(App, PlayingAdvancesOneStepPerIntervalOfThePassedInTime) {
  App app = started_app();
  Actions play;
  play.toggle_play = true;
  apply_actions(app, play);
  ASSERT_TRUE(app.playback.playing);
  advance(app, app.playback.seconds_per_step * 0.5);
  EXPECT_EQ(app.playback.step, 0);
  advance(app, app.playback.seconds_per_step * 2);
  EXPECT_EQ(app.playback.step, 2);
  advance(app, app.playback.seconds_per_step * 100);
  EXPECT_EQ(app.playback.step, app.lesson.stepper->step_count() - 1);
  EXPECT_FALSE(app.playback.playing) << "playback stops at the last step";
}

TEST(App, AFailedLoadKeepsTheCurrentLessonAndExplainsWhy) {
  App app = started_app();
  EXPECT_FALSE(load_lesson(app, "/nonexistent/lesson.json"));
  EXPECT_EQ(app.lesson.lesson.name, kDefaultLesson);
  EXPECT_NE(app.lesson.error.find("lesson.json"), std::string::npos) << app.lesson.error;
  ASSERT_TRUE(app.lesson.stepper.has_value());
}

TEST(App, SettingsChangeTheLayerOrAreRefusedWithTheirReason) {
  App app = started_app();
  ASSERT_TRUE(apply_settings(app, {"stride=2"})) << app.lesson.error;
  EXPECT_EQ(app.lesson.stepper->step_count(), 4);  // ⌊(5 − 3)/2⌋ + 1 = 2 per direction

  EXPECT_FALSE(apply_settings(app, {"colour=blue"}));
  EXPECT_NE(app.lesson.error.find("colour"), std::string::npos) << app.lesson.error;
  EXPECT_EQ(app.lesson.stepper->step_count(), 4);
}

TEST(App, SpaceAndTheArrowKeysBecomeStepActions) {
  App app = started_app();
  HeadlessImGui imgui(app);
  imgui.frame(app);
  ImGuiIO& io = ImGui::GetIO();

  io.KeysDown[GLFW_KEY_SPACE] = true;
  EXPECT_TRUE(imgui.frame(app).step_forward);
  io.KeysDown[GLFW_KEY_SPACE] = false;
  EXPECT_FALSE(imgui.frame(app).step_forward);

  io.KeysDown[GLFW_KEY_LEFT] = true;
  EXPECT_TRUE(imgui.frame(app).step_back);
  io.KeysDown[GLFW_KEY_LEFT] = false;
  imgui.frame(app);

  io.KeysDown[GLFW_KEY_RIGHT] = true;
  EXPECT_TRUE(imgui.frame(app).step_forward);
}

TEST(App, EveryBuiltInLessonDrawsAtItsFirstAndLastStep) {
  App app = started_app();
  HeadlessImGui imgui(app);
  ASSERT_FALSE(app.ui.lessons.empty());
  for (const LessonEntry& entry : app.ui.lessons) {
    ASSERT_TRUE(load_lesson(app, entry.name)) << app.lesson.error;
    imgui.frame(app);
    Actions last;
    last.seek = app.lesson.stepper->step_count() - 1;
    apply_actions(app, last);
    imgui.frame(app);
    EXPECT_GT(ImGui::GetDrawData()->TotalVtxCount, 1000) << entry.name << " drew next to nothing";
  }
}

}  // namespace
}  // namespace convstep
