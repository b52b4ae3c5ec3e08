// The window's sessions: Save As through the built-in dialog, clicked as a user would; the title's
// unsaved mark; the Save / Discard / Cancel question before unsaved work is left; a bad session file
// keeps the current state and says which file and field; the autosave is written after a change and
// offered after a crash; and `--save` writes what the command line set up.
#include "app/app.h"

#include <gtest/gtest.h>

#include <glad/gl.h>

#include <GLFW/glfw3.h>

#include <filesystem>
#include <fstream>
#include <random>
#include <sstream>

#include <unistd.h>

#include "app/gui_options.h"
#include "core/atomic_write.h"
#include "core/json_read.h"
#include "core/session.h"
#include "tests/app/gui_support.h"
#include "tests/app/headless_app.h"

namespace convstep {
namespace {

namespace fs = std::filesystem;

class HeadlessImGui : public test_support::HeadlessAppUi {
 public:
  explicit HeadlessImGui(App& app) : HeadlessAppUi(app, /*identity_key_map=*/true) {
    app.ui.file.native_dialogs = false;
  }

  // One frame, its actions applied as the loop applies them.
  Actions frame(App& app) {
    Actions actions = HeadlessAppUi::frame(app);
    apply_actions(app, actions);
    return actions;
  }

  bool click(App& app, const std::string& label) {
    return test_support::click_widget(app, label, [this](App& a) { return frame(a); });
  }
};

class TempFolder {
 public:
  TempFolder() {
    path_ = fs::temp_directory_path() / ("convstep_session_window_" + std::to_string(std::random_device{}()));
    fs::create_directories(path_);
  }
  ~TempFolder() {
    std::error_code ec;
    fs::remove_all(path_, ec);
  }
  std::string file(const std::string& name) const { return (path_ / name).string(); }
  std::string str() const { return path_.string(); }

 private:
  fs::path path_;
};

App started_app() {
  App app;
  std::ostringstream err;
  init_app(app, GuiOptions{}, err);
  app.ui.file.native_dialogs = false;
  return app;
}

void edit(App& app, const std::string& key, const std::string& value) {
  Actions a;
  a.edits.push_back({key, value});
  apply_actions(app, a);
}

void file_action(App& app, void (*set)(FileActions&)) {
  Actions a;
  set(a.file);
  apply_actions(app, a);
}

TEST(SessionWindow, TheTitleMarksUnsavedChangesUntilSaved) {
  App app = started_app();
  EXPECT_FALSE(has_unsaved_changes(app.model));
  EXPECT_EQ(window_title(app.model), std::string(kDefaultLesson) + " \xE2\x80\x94 convstep");
  edit(app, "stride", "2");
  ASSERT_EQ(app.model.lesson.stepper->scene().params.stride, (Dims{2, 2}));
  EXPECT_TRUE(has_unsaved_changes(app.model));
  EXPECT_EQ(window_title(app.model).rfind("\xE2\x80\xA2 ", 0), 0u) << window_title(app.model);
  TempFolder dir;
  ASSERT_TRUE(save_session(app, dir.file("class.convstep")).ok());
  EXPECT_EQ(window_title(app.model), "class.convstep \xE2\x80\x94 convstep");
}

TEST(SessionWindow, SaveAsThroughTheBuiltInDialogWritesTheSession) {
  App app = started_app();
  HeadlessImGui imgui(app);
  edit(app, "padding", "1");
  Actions seek;
  seek.seek = 4;
  apply_actions(app, seek);
  TempFolder dir;
  // Ctrl+Shift+S asks for the dialog; with native dialogs off the built-in browser opens.
  ImGuiIO& io = ImGui::GetIO();
  io.KeyCtrl = io.KeyShift = true;
  io.KeysDown[GLFW_KEY_S] = true;
  imgui.frame(app);
  io.KeysDown[GLFW_KEY_S] = false;
  io.KeyCtrl = io.KeyShift = false;
  imgui.frame(app);
  imgui.frame(app);
  ASSERT_TRUE(app.ui.file.browser.is_open);
  EXPECT_TRUE(app.ui.file.browser.saving);
  EXPECT_EQ(std::string(app.ui.file.browser.save_name), std::string(kDefaultLesson) + ".convstep");
  ASSERT_TRUE(navigate_to(app.ui.file.browser, dir.str()));
  std::snprintf(app.ui.file.browser.save_name, sizeof app.ui.file.browser.save_name, "%s", "homework");
  imgui.frame(app);
  ASSERT_TRUE(imgui.click(app, "Save"));
  EXPECT_FALSE(app.ui.file.browser.is_open);

  const std::string path = dir.file("homework.convstep");  // the extension is added
  ASSERT_TRUE(fs::exists(path));
  EXPECT_EQ(app.model.document.path, path);
  EXPECT_FALSE(has_unsaved_changes(app.model));
  Result<Session> saved = load_session_file(path);
  ASSERT_TRUE(saved.ok()) << saved.message();
  EXPECT_EQ(saved->lesson.scene.params.padding, (Dims{1, 1}));
  ASSERT_TRUE(saved->state.has_value());
  EXPECT_EQ(saved->state->step, 4);
  EXPECT_EQ(app.ui.file.recent_files.front(), path);
}

TEST(SessionWindow, OpeningASessionPutsBackItsStepTapAndPalette) {
  App app = started_app();
  TempFolder dir;
  SessionState state;
  state.step = 2;
  state.tap = 3;
  state.tap_by_tap = true;
  state.palette = 1;
  state.loop = true;
  Lesson lesson = *find_builtin_lesson("stride-2");
  const std::string path = dir.file("s.convstep");
  ASSERT_TRUE(atomic_write(path, session_to_json(lesson, state)).ok());
  Actions open;
  open.file.open = path;
  apply_actions(app, open);
  ASSERT_EQ(app.model.lesson.lesson.name, "stride-2") << app.model.lesson.error;
  EXPECT_EQ(app.model.walk.position, (WalkPosition{2, 3}));
  EXPECT_TRUE(app.model.walk.tap_mode);
  EXPECT_TRUE(app.model.walk.loop);
  EXPECT_EQ(app.ui.stage.palette, 1);
  EXPECT_EQ(app.model.view.tap, 3);
  EXPECT_EQ(app.model.document.path, path);
  EXPECT_FALSE(has_unsaved_changes(app.model));
}

TEST(SessionWindow, SwitchingLessonsWithUnsavedChangesAsksFirst) {
  App app = started_app();
  edit(app, "stride", "2");
  Actions load;
  load.load_lesson = "max-pool";
  apply_actions(app, load);
  ASSERT_TRUE(app.ui.file.pending.has_value());
  EXPECT_EQ(app.model.lesson.lesson.name, kDefaultLesson);  // nothing is left until answered
  file_action(app, [](FileActions& f) { f.unsaved_choice = UnsavedChoice::kCancel; });
  EXPECT_FALSE(app.ui.file.pending.has_value());
  EXPECT_EQ(app.model.lesson.stepper->scene().params.stride, (Dims{2, 2}));

  apply_actions(app, load);
  file_action(app, [](FileActions& f) { f.unsaved_choice = UnsavedChoice::kDiscard; });
  EXPECT_EQ(app.model.lesson.lesson.name, "max-pool");
  EXPECT_FALSE(has_unsaved_changes(app.model));
}

TEST(SessionWindow, SaveInTheQuestionAsksWhereThenLeaves) {
  App app = started_app();
  HeadlessImGui imgui(app);
  edit(app, "stride", "2");
  file_action(app, [](FileActions& f) { f.new_session = true; });
  ASSERT_TRUE(app.ui.file.pending.has_value());
  imgui.frame(app);  // the question appears (an auto-sized popup takes a frame to find its size)
  imgui.frame(app);
  ASSERT_TRUE(imgui.click(app, "Save"));
  EXPECT_TRUE(app.ui.file.save_as_requested);
  // No file yet: the Save As dialog opens with the question waiting behind it.
  imgui.frame(app);
  ASSERT_TRUE(app.ui.file.browser.is_open);
  ASSERT_TRUE(app.ui.file.pending.has_value());
  TempFolder dir;
  Actions chosen;
  chosen.file.save_as = dir.file("kept.convstep");
  apply_actions(app, chosen);
  EXPECT_TRUE(fs::exists(dir.file("kept.convstep")));
  EXPECT_FALSE(app.ui.file.pending.has_value());
  EXPECT_EQ(app.model.lesson.stepper->scene().params.stride, (Dims{1, 1}));  // the new session
  EXPECT_TRUE(app.model.document.path.empty());
}

TEST(SessionWindow, QuittingWithUnsavedChangesAsksAndDiscardQuits) {
  App app = started_app();
  EXPECT_TRUE(may_close_window(app));
  edit(app, "stride", "2");
  EXPECT_FALSE(may_close_window(app));
  ASSERT_TRUE(app.ui.file.pending.has_value());
  EXPECT_EQ(app.ui.file.pending->kind, LeaveKind::kQuit);
  EXPECT_FALSE(app.ui.file.quit_now);
  file_action(app, [](FileActions& f) { f.unsaved_choice = UnsavedChoice::kDiscard; });
  EXPECT_TRUE(app.ui.file.quit_now);
}

TEST(SessionWindow, ABadSessionFileKeepsTheCurrentStateAndNamesTheFileAndField) {
  TempFolder dir;
  const std::string good = session_to_json(*find_builtin_lesson("stride-2"), SessionState{});
  std::string newer = good;
  newer.replace(newer.find("\"convstep_session\": 1"), 21, "\"convstep_session\": 9");
  std::string malformed = good;
  malformed.replace(malformed.find("\"step\": 0"), 9, "\"step\": \"two\"");
  struct Case {
    std::string name, text, expected;
  };
  const Case cases[] = {
      {"newer.convstep", newer,
       "convstep_session: made by a newer convstep: schema 9, this version reads up to 1"},
      {"malformed.convstep", malformed, "state.step: expected a step number"},
      {"truncated.convstep", good.substr(0, good.size() / 2), "invalid JSON"},
  };
  App app = started_app();
  edit(app, "padding", "1");
  Actions seek;
  seek.seek = 7;
  apply_actions(app, seek);
  const std::string before = current_session_text(app);
  for (const Case& c : cases) {
    const std::string path = dir.file(c.name);
    ASSERT_TRUE(atomic_write(path, c.text).ok());
    Actions open;
    open.file.open = path;
    apply_actions(app, open);
    // Unsaved changes ask first; discarding them still must not lose them to a file that fails.
    if (app.ui.file.pending)
      file_action(app, [](FileActions& f) { f.unsaved_choice = UnsavedChoice::kDiscard; });
    EXPECT_EQ(app.model.lesson.error.rfind(path + ": " + c.expected, 0), 0u) << app.model.lesson.error;
    EXPECT_EQ(current_session_text(app), before) << c.name;
    EXPECT_TRUE(has_unsaved_changes(app.model));
  }
  const std::string huge = dir.file("huge.convstep");
  ASSERT_TRUE(atomic_write(huge, good).ok());
  fs::resize_file(huge, static_cast<uintmax_t>(JsonLimits{}.max_bytes) + 1);
  EXPECT_FALSE(load_lesson(app, huge));
  EXPECT_NE(app.model.lesson.error.find(huge + ": the file is "), std::string::npos)
      << app.model.lesson.error;
  EXPECT_EQ(current_session_text(app), before);
}

TEST(SessionWindow, TheAutosaveIsWrittenAfterAChangeAndOfferedAfterACrash) {
  TempFolder dir;
  std::string edited;
  {
    App app = started_app();
    start_autosave(app, true, dir.str());
    EXPECT_FALSE(app.ui.file.restore_offer.has_value());
    tick_autosave(app, 0.0);
    EXPECT_FALSE(fs::exists(autosave_path(dir.str())));  // nothing changed yet
    edit(app, "stride", "2");
    tick_autosave(app, 0.5);
    ASSERT_TRUE(fs::exists(autosave_path(dir.str())));
    edited = current_session_text(app);
    edit(app, "padding", "1");
    tick_autosave(app, 1.5);  // within 2 s of the last write: not yet
    EXPECT_EQ(load_session_file(autosave_path(dir.str()))->lesson.scene.params.padding, (Dims{0, 0}));
    tick_autosave(app, 2.6);
    EXPECT_EQ(load_session_file(autosave_path(dir.str()))->lesson.scene.params.padding, (Dims{1, 1}));
    edited = current_session_text(app);
    // The App goes without finish_autosave, as after a crash.
  }
  App next = started_app();
  start_autosave(next, true, dir.str());
  ASSERT_TRUE(next.ui.file.restore_offer.has_value());
  tick_autosave(next, 10.0);  // the offer's file is not replaced while it waits
  EXPECT_EQ(load_session_file(autosave_path(dir.str()))->lesson.scene.params.padding, (Dims{1, 1}));
  file_action(next, [](FileActions& f) { f.restore = true; });
  EXPECT_FALSE(next.ui.file.restore_offer.has_value());
  EXPECT_EQ(current_session_text(next), edited);
  EXPECT_TRUE(has_unsaved_changes(next.model));
  EXPECT_TRUE(next.model.document.path.empty());
  finish_autosave(next);  // a clean exit
  EXPECT_FALSE(fs::exists(autosave_path(dir.str())));

  App third = started_app();
  start_autosave(third, true, dir.str());
  EXPECT_FALSE(third.ui.file.restore_offer.has_value());
}

TEST(SessionWindow, DiscardingTheRestoreOfferRemovesTheAutosave) {
  TempFolder dir;
  ASSERT_TRUE(
      write_autosave(dir.str(), session_to_json(*find_builtin_lesson("max-pool"), SessionState{})).ok());
  App app = started_app();
  start_autosave(app, true, dir.str());
  ASSERT_TRUE(app.ui.file.restore_offer.has_value());
  file_action(app, [](FileActions& f) { f.restore = false; });
  EXPECT_FALSE(fs::exists(autosave_path(dir.str())));
  EXPECT_EQ(app.model.lesson.lesson.name, kDefaultLesson);
}

// A stand-in for zenity on the PATH, answering with `script`'s output and exit status.
class FakeZenity {
 public:
  FakeZenity(const TempFolder& dir, const std::string& script) : old_path_(std::getenv("PATH")) {
    const std::string program = dir.file("zenity");
    std::ofstream(program) << "#!/bin/sh\n" << script << "\n";
    fs::permissions(program, fs::perms::owner_all);
    setenv("PATH", (dir.str() + ":" + old_path_).c_str(), 1);
    if (std::getenv("DISPLAY") == nullptr) setenv("DISPLAY", ":99", 1);
  }
  ~FakeZenity() { setenv("PATH", old_path_.c_str(), 1); }

 private:
  std::string old_path_;
};

TEST(SessionWindow, SaveAsUsesTheDesktopDialogWithoutWaitingForIt) {
  TempFolder dir;
  const std::string chosen = dir.file("from-zenity.convstep");
  FakeZenity zenity(dir, "sleep 0.3; echo '" + chosen + "'");
  App app = started_app();
  HeadlessImGui imgui(app);
  app.ui.file.native_dialogs = true;
  edit(app, "stride", "2");
  app.ui.file.save_as_requested = true;
  imgui.frame(app);
  ASSERT_TRUE(app.ui.file.native.running());
  EXPECT_FALSE(app.ui.file.browser.is_open);
  // Frames go on while the dialog is open; its answer arrives in one of them.
  int frames = 0;
  while (app.ui.file.native.running() && frames < 1000) {
    imgui.frame(app);
    ++frames;
    usleep(2000);
  }
  imgui.frame(app);
  EXPECT_GT(frames, 1);
  EXPECT_TRUE(fs::exists(chosen));
  EXPECT_EQ(app.model.document.path, chosen);
}

TEST(SessionWindow, ADesktopDialogThatCannotRunFallsBackToTheBuiltInBrowser) {
  TempFolder dir;
  FakeZenity zenity(dir, "exit 127");
  App app = started_app();
  HeadlessImGui imgui(app);
  app.ui.file.native_dialogs = true;
  app.ui.file.open_requested = true;
  for (int i = 0; i < 1000 && !app.ui.file.browser.is_open; ++i) {
    imgui.frame(app);
    usleep(2000);
  }
  EXPECT_TRUE(app.ui.file.browser.is_open);
  EXPECT_FALSE(app.ui.file.native_dialogs);
}

class SaveOption : public gui_test::GuiTest {};

TEST_F(SaveOption, WritesTheSessionTheCommandLineSetUpAndTheRunGoesOn) {
  const std::string path = (dir_ / "class.convstep").string();
  std::string err;
  const int code = run_raw(
      "--no-settings --lesson stride-2 --set padding=1 --step 2 --tap 1 --save '" + path + "' --frames 2",
      &err);
  ASSERT_EQ(code, 0) << err;
  Result<Session> saved = load_session_file(path);
  ASSERT_TRUE(saved.ok()) << saved.message();
  EXPECT_EQ(saved->lesson.name, "stride-2");
  EXPECT_EQ(saved->lesson.scene.params.padding, (Dims{1, 1}));
  ASSERT_TRUE(saved->state.has_value());
  EXPECT_EQ(saved->state->step, 2);
  EXPECT_EQ(saved->state->tap, 1);
  EXPECT_TRUE(saved->state->tap_by_tap);

  // The saved session opens as a lesson, at its step and tap: saved again, it is the same file.
  const std::string again = (dir_ / "again.convstep").string();
  gui_test::AppRun reopened = run("--no-settings --lesson '" + path + "' --save '" + again + "'");
  EXPECT_EQ(reopened.exit_code, 0) << reopened.stderr_text;
  EXPECT_EQ(reopened.image.width, gui_test::kWidth);
  std::ifstream a(path), b(again);
  std::stringstream ta, tb;
  ta << a.rdbuf();
  tb << b.rdbuf();
  EXPECT_EQ(ta.str(), tb.str());
}

TEST_F(SaveOption, AFileThatCannotBeWrittenFailsTheRunWithAMessage) {
  std::string err;
  EXPECT_NE(run_raw("--no-settings --save '" + dir_.string() + "' --frames 1", &err), 0);
  EXPECT_NE(err.find("--save: " + dir_.string()), std::string::npos) << err;
  EXPECT_NE(run_raw("--no-settings --save '" + dir_.string() + "/missing/x.convstep' --frames 1", &err), 0);
  EXPECT_NE(err.find("--save: the folder"), std::string::npos) << err;
}

}  // namespace
}  // namespace convstep
