// The App without a window: every change goes through apply_actions — transport moves the walk, parameter
// edits go through core/scene_edit and keep the step, refused changes keep the last valid scene and say
// why with the numbers — and the UI (a headless ImGui context, no OpenGL) turns keys into actions.
#include "app/app.h"

#include <gtest/gtest.h>

#include <glad/gl.h>

#include <GLFW/glfw3.h>
#include <imgui.h>

#include <cmath>
#include <cstdio>
#include <fstream>
#include <sstream>

#include "app/gui_options.h"
#include "core/presets.h"
#include "tests/app/headless_app.h"

namespace convstep {
namespace {

using HeadlessImGui = test_support::HeadlessAppUi;

App started_app(const GuiOptions& options = {}) {
  App app;
  std::ostringstream err;
  init_app(app, options, err);
  return app;
}

void apply(App& app, void (*set)(Actions&)) {
  Actions a;
  set(a);
  apply_actions(app, a);
}

void edit(App& app, const std::string& key, const std::string& value) {
  Actions a;
  a.edits.push_back({key, value});
  apply_actions(app, a);
}

int64_t filled(const Tensor& t) {
  int64_t n = 0;
  for (float v : t.values()) n += std::isnan(v) ? 0 : 1;
  return n;
}

TEST(App, StartsOnTheDefaultLessonAtItsFirstStep) {
  const App app = started_app();
  ASSERT_TRUE(app.model.lesson.stepper.has_value()) << app.model.lesson.error;
  EXPECT_EQ(app.model.lesson.lesson.name, kDefaultLesson);
  EXPECT_EQ(app.model.walk.position, (WalkPosition{0, kWholeStep}));
  EXPECT_EQ(app.model.view.snapshot.step, 0);
  EXPECT_FALSE(app.model.view.from.has_value());
  EXPECT_EQ(app.model.view.full_output.numel(), 9);
  EXPECT_FALSE(app.ui.lessons.empty());
}

TEST(App, StepBackSeekAndJumpsMoveTheWalkAndStayInRange) {
  App app = started_app();
  apply(app, [](Actions& a) { a.step_forward = true; });
  apply(app, [](Actions& a) { a.step_forward = true; });
  EXPECT_EQ(app.model.walk.position.step, 2);
  EXPECT_EQ(app.model.view.snapshot.step, 2);
  ASSERT_TRUE(app.model.view.from.has_value()) << "an adjacent step slides from the previous one";
  EXPECT_EQ(app.model.view.from->step, 1);

  apply(app, [](Actions& a) { a.step_back = true; });
  EXPECT_EQ(app.model.walk.position.step, 1);

  Actions seek;
  seek.seek = 100;
  apply_actions(app, seek);
  EXPECT_EQ(app.model.walk.position.step, 8);
  EXPECT_FALSE(app.model.view.from.has_value()) << "a seek is a cut: no slide, no ghost";

  apply(app, [](Actions& a) { a.jump_start = true; });
  EXPECT_EQ(app.model.walk.position.step, 0);
  apply(app, [](Actions& a) { a.step_back = true; });
  EXPECT_EQ(app.model.walk.position.step, 0);
  apply(app, [](Actions& a) { a.jump_end = true; });
  EXPECT_EQ(app.model.walk.position.step, 8);
  EXPECT_EQ(filled(app.model.view.output), 9);
}

TEST(App, TheShownOutputHoldsExactlyTheStepsDoneSoFar) {
  GuiOptions options;
  options.step = 4;
  const App app = started_app(options);
  EXPECT_EQ(filled(app.model.view.output), 5);
  EXPECT_EQ(app.model.view.snapshot.result, 4.0f);  // the article's centre value
  EXPECT_EQ(app.model.view.running, 4.0f);
}

TEST(App, PlayingMovesOneStepPerPeriodOfThePassedInTime) {
  App app = started_app();
  apply(app, [](Actions& a) { a.toggle_play = true; });
  ASSERT_TRUE(app.model.walk.playing);
  const double period = move_period_seconds(app.model.walk);
  advance(app, period * 0.5);
  EXPECT_EQ(app.model.walk.position.step, 0);
  advance(app, period * 0.5);
  EXPECT_EQ(app.model.walk.position.step, 1);
  EXPECT_EQ(app.model.view.snapshot.step, 1);
  EXPECT_LT(app.model.view.slide, 1.0f) << "the window has just started sliding";
  advance(app, period);
  EXPECT_EQ(app.model.walk.position.step, 2);
  for (int i = 0; i < 20; ++i) advance(app, period);
  EXPECT_EQ(app.model.walk.position.step, 8);
  EXPECT_FALSE(app.model.walk.playing) << "playback stops at the last step";
  EXPECT_EQ(app.model.view.slide, 1.0f);
}

TEST(App, SpeedButtonsDoubleAndHalveThePlaybackRate) {
  App app = started_app();
  const double start = app.model.walk.speed;
  apply(app, [](Actions& a) { a.faster = true; });
  EXPECT_DOUBLE_EQ(app.model.walk.speed, 2 * start);
  apply(app, [](Actions& a) { a.slower = true; });
  apply(app, [](Actions& a) { a.slower = true; });
  EXPECT_DOUBLE_EQ(app.model.walk.speed, start / 2);
  Actions set;
  set.speed = 1000.0;
  set.loop = true;
  apply_actions(app, set);
  EXPECT_DOUBLE_EQ(app.model.walk.speed, kMaxSpeed);
  EXPECT_TRUE(app.model.walk.loop);
}

TEST(App, TapSteppingShowsTheRunningSumAndLeavesTheCurrentOutputEmpty) {
  App app = started_app();
  apply(app, [](Actions& a) { a.tap_forward = true; });
  EXPECT_EQ(app.model.walk.position, (WalkPosition{1, 0}));
  EXPECT_EQ(app.model.view.tap, 0);
  EXPECT_EQ(app.model.view.running, app.model.view.snapshot.taps[0].product);
  EXPECT_EQ(filled(app.model.view.output), 1) << "output 1 is still being summed";
  for (int i = 0; i < 9; ++i) apply(app, [](Actions& a) { a.tap_forward = true; });
  EXPECT_EQ(app.model.walk.position, (WalkPosition{1, kWholeStep}));
  EXPECT_EQ(app.model.view.running, 3.0f);  // the article's second value
  EXPECT_EQ(filled(app.model.view.output), 2);
  apply(app, [](Actions& a) { a.tap_back = true; });
  EXPECT_EQ(app.model.walk.position, (WalkPosition{1, 8}));
}

TEST(App, TapModePlaybackMovesOneTapPerPeriod) {
  App app = started_app();
  Actions mode;
  mode.tap_mode = true;
  mode.jump_start = true;  // the start of a tap-mode walk is the first tap
  mode.play = true;
  apply_actions(app, mode);
  EXPECT_EQ(app.model.walk.position, (WalkPosition{0, 0}));
  advance(app, move_period_seconds(app.model.walk));
  EXPECT_EQ(app.model.walk.position, (WalkPosition{0, 1}));
  EXPECT_EQ(app.model.view.tap, 1);
  EXPECT_EQ(app.model.view.running,
            app.model.view.snapshot.taps[0].product + app.model.view.snapshot.taps[1].product);
}

TEST(App, ChangingAParameterMidWalkKeepsTheStep) {
  App app = started_app();
  Actions seek;
  seek.seek = 3;
  apply_actions(app, seek);
  edit(app, "padding", "1");
  ASSERT_TRUE(app.model.edit_error.message.empty()) << app.model.edit_error.message;
  EXPECT_EQ(app.model.lesson.stepper->step_count(), 25);
  EXPECT_EQ(app.model.walk.position.step, 3);
  EXPECT_EQ(app.model.view.snapshot.step, 3);
  EXPECT_EQ(app.model.view.full_output.numel(), 25);

  edit(app, "stride", "2");  // 3×3 outputs: step 3 still exists
  EXPECT_EQ(app.model.lesson.stepper->step_count(), 9);
  EXPECT_EQ(app.model.walk.position.step, 3);
  edit(app, "stride", "3");  // 2×2 outputs: step 3 is the last
  EXPECT_EQ(app.model.walk.position.step, 3);
  edit(app, "padding", "0");  // 1×1: clamped to the only step
  EXPECT_EQ(app.model.walk.position.step, 0);
}

TEST(App, AnInvalidParameterIsExplainedWithItsNumbersAndTheLastValidSceneStays) {
  App app = started_app();
  Actions seek;
  seek.seek = 4;
  apply_actions(app, seek);
  const std::string before = scene_settings_text(app.model.lesson.stepper->scene());

  edit(app, "kernel_size", "7");
  EXPECT_NE(app.model.edit_error.message.find('7'), std::string::npos) << app.model.edit_error.message;
  EXPECT_NE(app.model.edit_error.message.find('5'), std::string::npos)
      << "names the input size: " << app.model.edit_error.message;
  EXPECT_EQ(app.model.edit_error.edits, (std::vector<SceneEdit>{{"kernel_size", "7"}}));
  EXPECT_FALSE(app.model.edit_error.suggestions.empty());
  EXPECT_EQ(scene_settings_text(app.model.lesson.stepper->scene()), before);
  EXPECT_EQ(app.model.walk.position.step, 4);
  EXPECT_EQ(app.model.view.snapshot.result, 4.0f);

  // The first suggestion, applied the way its button does, works.
  Actions fix;
  fix.edits = edits_with_fix(app.model.edit_error.edits, app.model.edit_error.suggestions.front());
  apply_actions(app, fix);
  EXPECT_TRUE(app.model.edit_error.message.empty()) << app.model.edit_error.message;
  EXPECT_NE(scene_settings_text(app.model.lesson.stepper->scene()), before);
}

TEST(App, DismissClearsTheEditError) {
  App app = started_app();
  edit(app, "stride", "0");
  ASSERT_FALSE(app.model.edit_error.message.empty());
  apply(app, [](Actions& a) { a.dismiss_error = true; });
  EXPECT_TRUE(app.model.edit_error.message.empty());
}

TEST(App, ACellEditChangesTheOutput) {
  App app = started_app();
  Actions a;
  a.cell_edits.push_back({.weight = false, .channel = 0, .y = 0, .x = 0, .value = 10});
  apply_actions(app, a);
  ASSERT_TRUE(app.model.edit_error.message.empty()) << app.model.edit_error.message;
  EXPECT_EQ(app.model.view.snapshot.result, 13.0f) << "the top-left input was 1 under weight 1: 4 − 1 + 10";

  Actions w;
  w.cell_edits.push_back({.weight = true, .channel = 0, .in_channel = 0, .y = 1, .x = 1, .value = 0});
  apply_actions(app, w);
  EXPECT_EQ(app.model.view.snapshot.result, 12.0f) << "the centre weight no longer counts input (1,1) = 1";
}

TEST(App, ACellOutsideTheTensorIsRefusedWithItsShape) {
  App app = started_app();
  Actions a;
  a.cell_edits.push_back({.weight = false, .channel = 0, .y = 5, .x = 0, .value = 1});
  apply_actions(app, a);
  EXPECT_NE(app.model.edit_error.message.find("[1, 5, 5]"), std::string::npos)
      << app.model.edit_error.message;
  EXPECT_EQ(app.model.view.snapshot.result, 4.0f);
}

TEST(App, AKernelPresetFillsTheKernelAndSetsItsSize) {
  App app = started_app();
  Actions sharpen;
  sharpen.fills.weight_preset = "sharpen";
  apply_actions(app, sharpen);
  ASSERT_TRUE(app.model.edit_error.message.empty()) << app.model.edit_error.message;
  EXPECT_EQ(app.model.lesson.stepper->scene().weight.values(),
            find_kernel_preset("sharpen")->kernel.values());

  Actions gaussian;
  gaussian.fills.weight_preset = "gaussian-blur-5x5";
  apply_actions(app, gaussian);
  ASSERT_TRUE(app.model.edit_error.message.empty()) << app.model.edit_error.message;
  EXPECT_EQ(app.model.lesson.stepper->scene().weight.shape(), (Shape{1, 1, 5, 5}));
  EXPECT_EQ(app.model.lesson.stepper->step_count(), 1);

  Actions too_big;
  too_big.fills.weight_preset = "motion-blur-9x9";
  apply_actions(app, too_big);
  EXPECT_NE(app.model.edit_error.message.find('9'), std::string::npos) << app.model.edit_error.message;
  EXPECT_EQ(app.model.lesson.stepper->scene().weight.shape(), (Shape{1, 1, 5, 5}));
}

TEST(App, RandomizeWritesSmallIntegersFromAPredictableSeedSequence) {
  App a = started_app();
  App b = started_app();
  Actions randomize;
  randomize.fills.randomize_input = true;
  randomize.fills.randomize_weight = true;
  apply_actions(a, randomize);
  apply_actions(b, randomize);
  const Scene& scene = a.model.lesson.stepper->scene();
  EXPECT_EQ(scene.input, b.model.lesson.stepper->scene().input);
  EXPECT_EQ(scene.input, random_small_integers({1, 5, 5}, 1, 0, 4)) << "the first press uses seed 1";
  EXPECT_EQ(scene.weight, random_small_integers({1, 1, 3, 3}, 2, -1, 2));
  for (float v : scene.input.values()) {
    EXPECT_EQ(v, std::round(v));
    EXPECT_TRUE(v >= 0 && v <= 4) << v;
  }
  const Tensor first = scene.input;
  apply_actions(a, randomize);
  EXPECT_NE(a.model.lesson.stepper->scene().input, first) << "each press takes the next seed";

  Actions clear;
  clear.fills.clear_input = true;
  apply_actions(a, clear);
  EXPECT_EQ(a.model.view.full_output, Tensor({1, 3, 3}, 0.0f));
}

TEST(App, AFailedLoadKeepsTheCurrentLessonAndExplainsWhy) {
  App app = started_app();
  Actions load;
  load.load_lesson = "/nonexistent/lesson.json";
  apply_actions(app, load);
  EXPECT_EQ(app.model.lesson.lesson.name, kDefaultLesson);
  EXPECT_NE(app.model.lesson.error.find("lesson.json"), std::string::npos) << app.model.lesson.error;
  ASSERT_TRUE(app.model.lesson.stepper.has_value());
  EXPECT_EQ(app.model.view.full_output.numel(), 9);
}

TEST(App, ALessonFileOpensThroughThePathField) {
  App app = started_app();
  const std::string path = ::testing::TempDir() + "/convstep_app_test_lesson.json";
  Lesson lesson = app.model.lesson.lesson;
  lesson.name = "from-a-file";
  {
    std::ofstream out(path);
    out << lesson_to_json(lesson);
  }
  app.ui.open_file = true;
  Actions load;
  load.load_lesson = path;
  apply_actions(app, load);
  EXPECT_EQ(app.model.lesson.lesson.name, "from-a-file") << app.model.lesson.error;
  EXPECT_FALSE(app.ui.open_file) << "the path field closes once the file has loaded";
  std::remove(path.c_str());
}

TEST(App, SetOptionsGoThroughSceneEditOrAreRefusedWithTheirReason) {
  GuiOptions options;
  options.set = {"stride=2", "padding=1"};
  App app = started_app(options);
  EXPECT_TRUE(app.model.edit_error.message.empty()) << app.model.edit_error.message;
  EXPECT_EQ(app.model.lesson.stepper->step_count(), 9);  // ⌊(5 + 2 − 3)/2⌋ + 1 = 3 per direction

  EXPECT_FALSE(apply_settings(app, {"colour=blue"}));
  EXPECT_NE(app.model.edit_error.message.find("colour"), std::string::npos) << app.model.edit_error.message;
  EXPECT_EQ(app.model.lesson.stepper->step_count(), 9);
}

TEST(App, KeysBecomeTransportActions) {
  App app = started_app();
  HeadlessImGui imgui(app);
  imgui.frame(app);
  ImGuiIO& io = ImGui::GetIO();

  io.KeysDown[GLFW_KEY_SPACE] = true;
  EXPECT_TRUE(imgui.frame(app).toggle_play);
  io.KeysDown[GLFW_KEY_SPACE] = false;
  EXPECT_FALSE(imgui.frame(app).toggle_play);

  io.KeysDown[GLFW_KEY_LEFT] = true;
  EXPECT_TRUE(imgui.frame(app).step_back);
  io.KeysDown[GLFW_KEY_LEFT] = false;
  imgui.frame(app);

  io.KeyShift = true;
  io.KeysDown[GLFW_KEY_RIGHT] = true;
  const Actions tap = imgui.frame(app);
  EXPECT_TRUE(tap.tap_forward);
  EXPECT_FALSE(tap.step_forward);
  io.KeysDown[GLFW_KEY_RIGHT] = false;
  imgui.frame(app);

  io.KeysDown[GLFW_KEY_SLASH] = true;
  imgui.frame(app);
  EXPECT_TRUE(app.ui.show_shortcuts) << "? opens the shortcuts";
  io.KeysDown[GLFW_KEY_SLASH] = false;
  io.KeyShift = false;
  imgui.frame(app);

  io.KeysDown[GLFW_KEY_ESCAPE] = true;
  imgui.frame(app);
  EXPECT_FALSE(app.ui.show_shortcuts) << "Esc closes them";
  io.KeysDown[GLFW_KEY_ESCAPE] = false;

  io.KeysDown[GLFW_KEY_END] = true;
  EXPECT_TRUE(imgui.frame(app).jump_end);
  io.KeysDown[GLFW_KEY_END] = false;
  io.KeysDown[GLFW_KEY_KP_ADD] = true;
  EXPECT_TRUE(imgui.frame(app).faster);
  io.KeysDown[GLFW_KEY_KP_ADD] = false;
  io.KeysDown[GLFW_KEY_MINUS] = true;
  EXPECT_TRUE(imgui.frame(app).slower);
}

TEST(App, KeysDoNothingWhileAFieldTakesText) {
  App app = started_app();
  HeadlessImGui imgui(app);
  imgui.frame(app);
  ImGuiIO& io = ImGui::GetIO();
  io.KeysDown[GLFW_KEY_SPACE] = true;
  io.AddInputCharacter('?');
  ImGui::NewFrame();
  io.WantTextInput = true;  // as when a parameter field is being typed in
  const Actions actions = build_ui(app);
  ImGui::Render();
  EXPECT_FALSE(actions.toggle_play);
  EXPECT_FALSE(app.ui.show_shortcuts);
}

TEST(App, TypingAQuestionMarkOpensTheShortcuts) {
  App app = started_app();
  HeadlessImGui imgui(app);
  imgui.frame(app);
  const int windows_before = ImGui::GetDrawData()->CmdListsCount;
  ImGui::GetIO().AddInputCharacter('?');
  imgui.frame(app);
  EXPECT_TRUE(app.ui.show_shortcuts);
  EXPECT_GT(ImGui::GetDrawData()->CmdListsCount, windows_before) << "the overlay is drawn as its own window";
}

TEST(App, TheFormulaPanelRecordsItsLinesInTheLayout) {
  App app = started_app();
  HeadlessImGui imgui(app);
  edit(app, "stride", "2");
  edit(app, "input_size", "6");
  ASSERT_TRUE(app.model.edit_error.message.empty()) << app.model.edit_error.message;
  imgui.frame(app);
  std::string all;
  for (const std::string& line : app.ui.stage.layout.texts) all += line + "\n";
  EXPECT_NE(all.find("= 2"), std::string::npos) << all;  // ⌊(6 − 3)/2⌋ + 1 = 2
  EXPECT_NE(all.find("1 input row"), std::string::npos) << "the floor leaves one row unread:\n" << all;

  edit(app, "input_size", "2");
  imgui.frame(app);
  all.clear();
  for (const std::string& line : app.ui.stage.layout.texts) all += line + "\n";
  EXPECT_NE(all.find("Not applied: input_size=2"), std::string::npos) << all;
}

TEST(App, EveryBuiltInLessonDrawsAtItsFirstAndLastStep) {
  App app = started_app();
  HeadlessImGui imgui(app);
  ASSERT_FALSE(app.ui.lessons.empty());
  for (const LessonEntry& entry : app.ui.lessons) {
    ASSERT_TRUE(load_lesson(app, entry.name)) << app.model.lesson.error;
    imgui.frame(app);
    Actions last;
    last.seek = app.model.lesson.stepper->step_count() - 1;
    apply_actions(app, last);
    imgui.frame(app);
    EXPECT_GT(ImGui::GetDrawData()->TotalVtxCount, 1000) << entry.name << " drew next to nothing";
  }
}

TEST(KeyQueue, APressAndReleaseBetweenTwoFramesCountsOnce) {
  KeyQueue queue;
  queue_key_event(queue, GLFW_KEY_SPACE, GLFW_PRESS, 0);
  queue_key_event(queue, GLFW_KEY_SPACE, GLFW_RELEASE, 0);
  const std::vector<KeyPress> presses = take_key_presses(queue);
  EXPECT_EQ(presses, (std::vector<KeyPress>{{GLFW_KEY_SPACE, false, false}}));
  EXPECT_EQ(key_presses(presses, GLFW_KEY_SPACE, false), 1) << "ImGui never saw the key down";
  EXPECT_EQ(key_presses(presses, GLFW_KEY_SPACE, true), 1) << "a held key is both queued and seen by ImGui";
  EXPECT_TRUE(queue.presses.empty()) << "taking empties the queue";
  EXPECT_EQ(key_presses(take_key_presses(queue), GLFW_KEY_SPACE, false), 0) << "the next frame has none";
}

TEST(KeyQueue, KeepsShiftTwoTapsAndRepeatsApart) {
  KeyQueue queue;
  queue_key_event(queue, GLFW_KEY_RIGHT, GLFW_PRESS, GLFW_MOD_SHIFT);
  queue_key_event(queue, GLFW_KEY_RIGHT, GLFW_REPEAT, GLFW_MOD_SHIFT);
  queue_key_event(queue, GLFW_KEY_RIGHT, GLFW_RELEASE, GLFW_MOD_SHIFT);
  queue_key_event(queue, GLFW_KEY_RIGHT, GLFW_PRESS, 0);
  const std::vector<KeyPress> presses = take_key_presses(queue);
  ASSERT_EQ(presses.size(), 3u);
  EXPECT_TRUE(presses[0].shift);
  EXPECT_TRUE(presses[1].repeat);
  EXPECT_FALSE(presses[2].shift);
  EXPECT_EQ(key_presses(presses, GLFW_KEY_RIGHT, false), 2) << "two taps, the repeat aside";
  EXPECT_EQ(key_presses(presses, GLFW_KEY_LEFT, false), 0);
  EXPECT_EQ(key_presses({}, GLFW_KEY_LEFT, true), 1) << "input fed to ImGui alone still counts";
}

TEST(App, AQueuedTapTooShortForImGuiStillPausesPlayback) {
  App app = started_app();
  HeadlessImGui imgui(app);
  imgui.frame(app);
  apply(app, [](Actions& a) { a.play = true; });
  ASSERT_TRUE(app.model.walk.playing);
  KeyQueue queue;
  queue_key_event(queue, GLFW_KEY_SPACE, GLFW_PRESS, 0);
  queue_key_event(queue, GLFW_KEY_SPACE, GLFW_RELEASE, 0);
  app.ui.key_presses = take_key_presses(queue);
  const Actions actions = imgui.frame(app);
  EXPECT_TRUE(actions.toggle_play);
  apply_actions(app, actions);
  EXPECT_FALSE(app.model.walk.playing);
  EXPECT_TRUE(app.ui.key_presses.empty()) << "the UI step consumes the queued presses";
  EXPECT_FALSE(imgui.frame(app).toggle_play) << "and they do not count again next frame";
}

TEST(App, AQueuedShiftArrowStepsATapAndAQueuedShiftSlashOpensTheShortcuts) {
  App app = started_app();
  HeadlessImGui imgui(app);
  imgui.frame(app);
  app.ui.key_presses = {{GLFW_KEY_RIGHT, true, false}};
  const Actions tap = imgui.frame(app);
  EXPECT_TRUE(tap.tap_forward);
  EXPECT_FALSE(tap.step_forward);
  app.ui.key_presses = {{GLFW_KEY_SLASH, true, false}};
  imgui.frame(app);
  EXPECT_TRUE(app.ui.show_shortcuts);
}

TEST(App, AppliedActionsAskForTheNextFrameAtOnceAndAnEmptyFrameDoesNot) {
  App app = started_app();
  EXPECT_FALSE(apply_actions(app, Actions{})) << "nothing asked: the loop may sleep";
  Actions stride;
  stride.edits.push_back({"stride", "2"});
  EXPECT_TRUE(apply_actions(app, stride)) << "a stride edit starts no animation but must be drawn";
  EXPECT_FALSE(is_animating(app));
  Actions home;
  home.jump_start = true;
  EXPECT_TRUE(apply_actions(app, home));
  Actions refused;
  refused.edits.push_back({"stride", "0"});
  EXPECT_TRUE(apply_actions(app, refused)) << "a refusal changes what the window says";
}

TEST(App, TheLoopWaitsForInputOnlyWhenNothingMovesAndNothingWasApplied) {
  EXPECT_FALSE(draw_next_frame_at_once(false, false, false));
  EXPECT_TRUE(draw_next_frame_at_once(false, false, true));
  EXPECT_TRUE(draw_next_frame_at_once(false, true, false));
  EXPECT_TRUE(draw_next_frame_at_once(true, false, false));
}

TEST(App, EveryKindOfActionCountsAsAskingForSomething) {
  const std::vector<void (*)(Actions&)> kinds = {
      [](Actions& a) { a.play = true; },
      [](Actions& a) { a.pause = true; },
      [](Actions& a) { a.toggle_play = true; },
      [](Actions& a) { a.step_forward = true; },
      [](Actions& a) { a.step_back = true; },
      [](Actions& a) { a.tap_forward = true; },
      [](Actions& a) { a.tap_back = true; },
      [](Actions& a) { a.jump_start = true; },
      [](Actions& a) { a.jump_end = true; },
      [](Actions& a) { a.seek = 3; },
      [](Actions& a) { a.faster = true; },
      [](Actions& a) { a.slower = true; },
      [](Actions& a) { a.speed = 2.0; },
      [](Actions& a) { a.loop = false; },
      [](Actions& a) { a.tap_mode = true; },
      [](Actions& a) { a.load_lesson = "stride-2"; },
      [](Actions& a) {
        a.edits.push_back({"stride", "2"});
      },
      [](Actions& a) { a.cell_edits.push_back({}); },
      [](Actions& a) { a.fills.randomize_input = true; },
      [](Actions& a) { a.fills.weight_preset = "sharpen"; },
      [](Actions& a) { a.dismiss_error = true; },
      [](Actions& a) { a.open_dropped = "x.png"; },
      [](Actions& a) { a.playground.open_image = "x.png"; },
      [](Actions& a) { a.playground.kernel.normalize = true; },
      [](Actions& a) { a.playground.display_mode = DisplayMode::kSigned; },
      [](Actions& a) { a.playground.refused = "no"; },
  };
  EXPECT_FALSE(asks_anything(Actions{}));
  for (size_t i = 0; i < kinds.size(); ++i) {
    Actions a;
    kinds[i](a);
    EXPECT_TRUE(asks_anything(a)) << "kind " << i;
  }
}

// Clicks the widget drawn last frame as `label` (the frames' actions are not applied).
bool click(HeadlessImGui& imgui, App& app, const std::string& label, Actions* released = nullptr) {
  return test_support::click_widget(
      app, label, [&imgui](App& a) { return imgui.frame(a); }, released);
}

int drawn(const App& app, const std::string& label) {
  int n = 0;
  for (const DrawnWidget& w : app.ui.stage.layout.widgets) n += w.label == label;
  return n;
}

// kernel_size, stride, padding and dilation of a 2-D op are one field while equal; ↔ splits one into
// height and width, = joins them again, with the height's value when they differ.
TEST(ParamsPanel, PerDimensionParametersAreOneFieldUntilSplit) {
  App app = started_app();
  HeadlessImGui imgui(app);
  imgui.frame(app);
  const std::string split = "\xE2\x86\x94##split_kernel_size", join = "=##join_kernel_size";
  EXPECT_EQ(drawn(app, split), 1);
  EXPECT_EQ(drawn(app, join), 0);
  EXPECT_EQ(drawn(app, "\xE2\x86\x94##split_stride"), 1);
  ASSERT_TRUE(click(imgui, app, split));
  EXPECT_EQ(app.ui.split_params.count("kernel_size"), 1u);
  imgui.frame(app);
  EXPECT_EQ(drawn(app, join), 1);
  EXPECT_EQ(drawn(app, split), 0);
  ASSERT_TRUE(click(imgui, app, join));
  EXPECT_EQ(app.ui.split_params.count("kernel_size"), 0u);

  // Unequal values show two fields whatever was chosen; joining sets both to the height's value.
  ASSERT_TRUE(apply_settings(app, {"kernel_size=3,2"}));
  imgui.frame(app);
  EXPECT_EQ(drawn(app, join), 1);
  Actions joined;
  ASSERT_TRUE(click(imgui, app, join, &joined));
  bool found = false;
  for (const SceneEdit& e : joined.edits) found = found || (e.key == "kernel_size" && e.value == "3,3");
  EXPECT_TRUE(found) << "= sends kernel_size=3,3";
}

// A step of the depthwise lesson reads one input channel of three. At 1024×768 the stage cannot draw
// every slice with legible numbers, so it draws the channel read, its filter and the output channel
// being computed whole, and the other channels as tiles; a tile goes to the same position in its
// channel. At 1920×1080 every slice fits and there is no tile.
TEST(StageTiles, ChannelsTheStepDoesNotReadAreTilesThatGoThere) {
  GuiOptions options;
  options.lesson = "depthwise";
  options.step = 3;
  App app = started_app(options);
  HeadlessImGui imgui(app);
  const auto grids = [&](const char* role) {
    std::vector<int> channels;
    for (const DrawnGrid& g : app.ui.stage.layout.grids)
      if (g.role == role) channels.push_back(g.channel);
    return channels;
  };
  ImGui::GetIO().DisplaySize = ImVec2(1024, 768);
  imgui.frame(app);
  imgui.frame(app);
  ASSERT_EQ(app.model.view.snapshot.out_channel, 0);
  EXPECT_EQ(grids("input"), std::vector<int>{0});
  EXPECT_EQ(grids("kernel"), std::vector<int>{0});
  EXPECT_EQ(grids("output"), std::vector<int>{0});
  for (const char* tile : {"c1##tile-input1", "c2##tile-input2", "c1##tile-output1", "c2##tile-output2"})
    EXPECT_EQ(drawn(app, tile), 1) << tile;
  // Every grid drawn lies inside the stage's grid area, above the legend band.
  const DrawnRect* area = nullptr;
  for (const DrawnRect& r : app.ui.stage.layout.rects)
    if (r.what == "grid_area") area = &r;
  ASSERT_NE(area, nullptr);
  for (const DrawnGrid& g : app.ui.stage.layout.grids) {
    EXPECT_GE(g.x, area->x0) << g.role << " " << g.channel;
    EXPECT_GE(g.y, area->y0) << g.role << " " << g.channel;
    EXPECT_LE(g.x + g.cols * g.cell, area->x1 + 1) << g.role << " " << g.channel;
    EXPECT_LE(g.y + g.rows * g.cell, area->y1 + 1) << g.role << " " << g.channel;
  }

  const Snapshot before = app.model.view.snapshot;
  Actions released;
  ASSERT_TRUE(click(imgui, app, "c2##tile-output2", &released));
  ASSERT_TRUE(released.seek.has_value());
  apply_actions(app, released);
  EXPECT_EQ(app.model.view.snapshot.out_channel, 2);
  EXPECT_EQ(app.model.view.snapshot.out_y, before.out_y);
  EXPECT_EQ(app.model.view.snapshot.out_x, before.out_x);
  imgui.frame(app);
  EXPECT_EQ(grids("input"), std::vector<int>{2}) << "output channel 2 reads input channel 2";
  EXPECT_EQ(drawn(app, "c0##tile-input0"), 1);
  // An input tile goes to the output channel that reads it.
  ASSERT_TRUE(click(imgui, app, "c1##tile-input1", &released));
  ASSERT_TRUE(released.seek.has_value());
  apply_actions(app, released);
  EXPECT_EQ(app.model.view.snapshot.out_channel, 1);

  ImGui::GetIO().DisplaySize = ImVec2(1920, 1080);
  imgui.frame(app);
  imgui.frame(app);
  EXPECT_EQ(grids("input"), (std::vector<int>{0, 1, 2}));
  EXPECT_EQ(grids("output"), (std::vector<int>{0, 1, 2}));
  for (const DrawnWidget& w : app.ui.stage.layout.widgets)
    EXPECT_EQ(w.label.find("##tile-"), std::string::npos) << w.label;
}

// « at the top of the layer panel folds it away and the grids take its width; » before the transport
// brings it back. Both are remembered with the settings.
TEST(LayerPanel, FoldingItAwayGivesTheGridsItsWidth) {
  App app = started_app();
  HeadlessImGui imgui(app);
  ImGui::GetIO().DisplaySize = ImVec2(1024, 768);
  const auto area_width = [&] {
    for (const DrawnRect& r : app.ui.stage.layout.rects)
      if (r.what == "grid_area") return r.x1 - r.x0;
    return 0.0f;
  };
  imgui.frame(app);
  imgui.frame(app);
  const float with_panel = area_width();
  ASSERT_GT(with_panel, 0);
  EXPECT_EQ(drawn(app, "\u00bb##show_sidebar"), 0);
  ASSERT_TRUE(click(imgui, app, "\u00ab##hide_sidebar"));
  EXPECT_TRUE(app.ui.sidebar_hidden);
  imgui.frame(app);
  EXPECT_GT(area_width(), with_panel + 300) << "the grids get the panel's width";
  EXPECT_EQ(drawn(app, "##op"), 0) << "no parameter field while the panel is away";
  EXPECT_FALSE(remembered_settings(app, Settings{}, WindowPlace{}).sidebar);
  ASSERT_TRUE(click(imgui, app, "\u00bb##show_sidebar"));
  EXPECT_FALSE(app.ui.sidebar_hidden);
  imgui.frame(app);
  imgui.frame(app);  // the stage's scrollbars settle a frame late, as at start
  EXPECT_NEAR(area_width(), with_panel, 1.0f);
  EXPECT_TRUE(remembered_settings(app, Settings{}, WindowPlace{}).sidebar);
}

// In the Network view, hovering a cell of the input frames its projective field in blue in every map
// above, on the cells core/layer_stack gives — through a transposed layer too, where one input cell's
// stamps spread over several outputs.
TEST(NetworkHover, AnInputCellsProjectiveFieldIsFramedInEveryMapAbove) {
  GuiOptions options;
  options.lesson = "layers-down-and-up";
  App app = started_app(options);
  HeadlessImGui imgui(app);
  ImGuiIO& io = ImGui::GetIO();
  io.DisplaySize = ImVec2(1280, 800);
  imgui.frame(app);
  imgui.frame(app);
  ASSERT_EQ(app.ui.main_view, MainView::kNetwork);
  const auto grid_of = [&](int map) -> const DrawnGrid* {
    for (const DrawnGrid& g : app.ui.stage.layout.grids)
      if (g.role == "network_map" && g.channel == map) return &g;
    return nullptr;
  };
  const DrawnGrid* input = grid_of(0);
  ASSERT_NE(input, nullptr);
  const Dims cell{2, 5};
  io.MousePos = ImVec2(input->x + (input->pad_left + 5 + 0.5f) * input->cell,
                       input->y + (input->pad_top + 2 + 0.5f) * input->cell);
  imgui.frame(app);
  io.MousePos.x += 1;  // a move (ImGui floors positions), so the view takes the mouse as hovering
  imgui.frame(app);
  imgui.frame(app);
  ASSERT_TRUE(app.ui.network.hovered.has_value());
  EXPECT_EQ(app.ui.network.hovered->map, 0);
  EXPECT_EQ(app.ui.network.hovered->cell, cell);
  const StackField above = projective_field(app.model.network.stack, 0, cell);
  int framed = 0;
  for (int m = 1; m < app.model.network.stack.maps(); ++m) {
    const DrawnGrid* grid = grid_of(m);
    ASSERT_NE(grid, nullptr);
    const CellRange rows = above.maps[static_cast<size_t>(m)][0],
                    cols = above.maps[static_cast<size_t>(m)][1];
    ASSERT_FALSE(rows.empty() || cols.empty()) << "map " << m;
    const DrawnRect* rect = nullptr;
    for (const DrawnRect& r : app.ui.stage.layout.rects)
      if (r.what == "network_projective_field" && r.channel == m) rect = &r;
    ASSERT_NE(rect, nullptr) << "map " << m;
    EXPECT_NEAR(rect->x0, grid->x + (grid->pad_left + cols.first) * grid->cell, 1.0f) << "map " << m;
    EXPECT_NEAR(rect->x1, grid->x + (grid->pad_left + cols.last + 1) * grid->cell, 1.0f) << "map " << m;
    EXPECT_NEAR(rect->y0, grid->y + (grid->pad_top + rows.first) * grid->cell, 1.0f) << "map " << m;
    EXPECT_NEAR(rect->y1, grid->y + (grid->pad_top + rows.last + 1) * grid->cell, 1.0f) << "map " << m;
    ++framed;
  }
  EXPECT_EQ(framed, 2);
  // Input row 2 reaches middle-map rows 1 and 2 (windows 2·j − 1 … 2·j + 1), which stamp top rows 1 to 4.
  EXPECT_EQ(above.maps[1][0], (CellRange{1, 1}));
  EXPECT_EQ(above.maps[2][0], (CellRange{1, 3}));
}

}  // namespace
}  // namespace convstep
