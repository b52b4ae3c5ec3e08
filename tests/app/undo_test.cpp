// Undo and redo in the App, without a window: a sweep of random changes through apply_actions (the
// same Actions the panels record) undone one by one gives back every earlier state bit for bit and
// redone gives every later one; labels name the change; a large tensor edited many times stays
// within the history's cap; Ctrl+Z, Ctrl+Shift+Z and Ctrl+Y reach the actions through the key queue;
// a dropped .npy asks which tensor it becomes; imports that do not fit keep the scene and say why;
// exports round-trip and ask before replacing a file.
#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <unistd.h>

#include <glad/gl.h>

#include <GLFW/glfw3.h>
#include <imgui.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <random>
#include <sstream>

#include "app/app.h"
#include "app/app_history.h"
#include "app/gui_options.h"
#include "app/panels/tensors_panel.h"
#include "core/npy.h"
#include "core/presets.h"
#include "tests/app/headless_imgui_support.h"

namespace convstep {
namespace {

namespace fs = std::filesystem;
using ::testing::HasSubstr;

App started_app(const GuiOptions& options = {}) {
  App app;
  std::ostringstream err;
  init_app(app, options, err);
  return app;
}

const Scene& scene_of(const App& app) {
  return app.model.lesson.stepper->scene();
}

class TempDir {
 public:
  TempDir() : dir_(fs::temp_directory_path() / ("convstep_undo_test_" + std::to_string(::getpid()))) {
    fs::create_directories(dir_);
  }
  ~TempDir() { fs::remove_all(dir_); }
  std::string path(const std::string& name) const { return (dir_ / name).string(); }
  std::string save(const std::string& name, const Tensor& t) const {
    const std::string p = path(name);
    EXPECT_TRUE(write_npy(p, t).ok());
    return p;
  }

 private:
  fs::path dir_;
};

Tensor counting(const Shape& shape, float start = 1) {
  Tensor t(shape);
  for (int64_t i = 0; i < t.numel(); ++i)
    t.values()[static_cast<size_t>(i)] = start + static_cast<float>(i % 7);
  return t;
}

// Random changes of every kind the window makes, and transport moves between them.
class UndoSweep {
 public:
  UndoSweep(uint32_t seed, const TempDir& dir) : rng_(seed) {
    npy_files_ = {
        {TensorSlot::kInput, dir.save("in_1x6x6.npy", counting({1, 6, 6}))},
        {TensorSlot::kInput, dir.save("in_2x5x5.npy", counting({2, 5, 5}, 2))},
        {TensorSlot::kWeight, dir.save("w_2x1x3x3.npy", counting({2, 1, 3, 3}, -1))},
        {TensorSlot::kWeight, dir.save("w_1x2x2x2.npy", counting({1, 2, 2, 2}))},
        {TensorSlot::kBias, dir.save("b_1.npy", counting({1}, 5))},
        {TensorSlot::kBias, dir.save("b_2.npy", counting({2}, 3))},
    };
  }

  int uniform(int lo, int hi) { return std::uniform_int_distribution<int>(lo, hi)(rng_); }
  bool chance(double p) { return std::bernoulli_distribution(p)(rng_); }

  Actions random_actions(const App& app) {
    Actions a;
    switch (uniform(0, 11)) {
      case 0:
      case 1: {
        static const std::vector<SceneEdit> kEdits = {
            {"stride", "2"},
            {"stride", "1"},
            {"padding", "1"},
            {"padding", "same"},
            {"padding", "0"},
            {"kernel_size", "2"},
            {"kernel_size", "3"},
            {"in_channels", "2"},
            {"in_channels", "1"},
            {"out_channels", "3"},
            {"bias", "true"},
            {"bias", "false"},
            {"dilation", "2"},
            {"dilation", "1"},
            {"input_size", "6x7"},
            {"input_size", "5x5"},
            {"padding_mode", "reflect"},
            {"padding_mode", "zeros"},
            {"op", "max_pool2d"},
            {"op", "conv2d"},
            {"op", "conv1d"},
            {"batch", "true"},
            {"kernel_size", "9"},  // refused: too large
        };
        a.edits.push_back(kEdits[static_cast<size_t>(uniform(0, static_cast<int>(kEdits.size()) - 1))]);
        break;
      }
      case 2: {
        CellEdit e;
        e.weight = chance(0.4);
        e.channel = uniform(0, 1);
        e.y = uniform(0, 4);
        e.x = uniform(0, 4);
        e.value = chance(0.1) ? -0.0f : static_cast<float>(uniform(-9, 9)) / 2;
        a.cell_edits.push_back(e);
        if (chance(0.3)) {
          e.x = uniform(0, 2);
          a.cell_edits.push_back(e);
        }
        break;
      }
      case 3:
        a.fills.randomize_input = chance(0.6);
        a.fills.randomize_weight = !a.fills.randomize_input || chance(0.3);
        break;
      case 4:
        (chance(0.5) ? a.fills.clear_input : a.fills.clear_weight) = true;
        break;
      case 5: {
        const auto& presets = kernel_presets();
        a.fills.weight_preset =
            presets[static_cast<size_t>(uniform(0, static_cast<int>(presets.size()) - 1))].id;
        break;
      }
      case 6: {
        static const char* kLines[] = {"nn.Conv2d(1, 2, kernel_size=3, padding=1)",
                                       "nn.Conv2d(1, 1, 2, stride=2)",
                                       "nn.MaxPool2d(2)",
                                       "nn.Conv1d(1, 1, 3)",
                                       "nn.Conv2d(1, 1, (3, 2), bias=False)",
                                       "nn.Conv2d(1, 1, kernel_size=)"};
        a.layer_line = kLines[uniform(0, 5)];
        break;
      }
      case 7:
        a.imports.push_back(
            npy_files_[static_cast<size_t>(uniform(0, static_cast<int>(npy_files_.size()) - 1))]);
        break;
      case 8: {
        const auto& lessons = app.ui.lessons;
        a.load_lesson = lessons[static_cast<size_t>(uniform(0, static_cast<int>(lessons.size()) - 1))].name;
        break;
      }
      case 9:
        a.seek = uniform(0, static_cast<int>(app.model.lesson.stepper->step_count()) - 1);
        break;
      case 10:
        (chance(0.5) ? a.step_forward : a.tap_forward) = true;
        break;
      default:
        a.tap_mode = chance(0.5);
        break;
    }
    return a;
  }

 private:
  std::mt19937 rng_;
  std::vector<TensorFile> npy_files_;
};

std::string describe(const HistoryState& s) {
  return s.lesson.name + " " + s.lesson.scene.input.shape_string() + " " +
         s.lesson.scene.weight.shape_string() + " step " + std::to_string(s.step) + " tap " +
         std::to_string(s.tap);
}

// Answers "Save the changes?" with Discard, as the window's question does.
void discard_unsaved(App& app) {
  Actions discard;
  discard.file.unsaved_choice = UnsavedChoice::kDiscard;
  apply_actions(app, discard);
}

TEST(UndoSweep, RandomChangesUndoToEveryEarlierStateAndRedoToEveryLaterOne) {
  TempDir dir;
  App app = started_app();
  ASSERT_TRUE(app.model.lesson.stepper);
  UndoSweep sweep(20261201, dir);
  // The changes on the undo path: change i went from before_of[i] to after_of[i]. `at` changes are done;
  // undoing to `at` gives before_of[at] (the walk as it was when that change was made), redoing to
  // `at` gives after_of[at - 1] (the walk as the change left it).
  std::vector<HistoryState> before_of, after_of;
  size_t at = 0;
  int changes = 0, undos = 0, redos = 0;
  const auto check = [&](const HistoryState& expected, const std::string& what) {
    const HistoryState now = history_state(app.model);
    return same_state(now, expected) ? ::testing::AssertionSuccess()
                                     : ::testing::AssertionFailure() << what << " gave " << describe(now)
                                                                     << ", expected " << describe(expected);
  };
  const auto undo = [&app] {
    Actions a;
    a.undo = true;
    apply_actions(app, a);
  };
  const auto redo = [&app] {
    Actions a;
    a.redo = true;
    apply_actions(app, a);
  };
  for (int frame = 0; frame < 600; ++frame) {
    const std::string when = "frame " + std::to_string(frame) + ": ";
    if (app.model.history.can_undo() && sweep.chance(0.12)) {
      undo();
      ASSERT_GT(at, 0u);
      --at;
      ++undos;
      ASSERT_TRUE(check(before_of[at], when + "undo"));
      continue;
    }
    if (app.model.history.can_redo() && sweep.chance(0.35)) {
      redo();
      ++at;
      ++redos;
      ASSERT_TRUE(check(after_of[at - 1], when + "redo"));
      continue;
    }
    const size_t before = app.model.history.undo_count();
    const HistoryState state_before = history_state(app.model);
    const Actions actions = sweep.random_actions(app);
    apply_actions(app, actions);
    // Leaving edited work asks first (Save / Discard / Cancel); the sweep discards, as a user may.
    if (app.ui.file.pending) discard_unsaved(app);
    const size_t after = app.model.history.undo_count();
    ASSERT_LE(after, before + 1) << when << "one frame's change is one undo step";
    if (after == before + 1) {
      ++changes;
      EXPECT_FALSE(actions.seek || actions.step_forward || actions.tap_forward || actions.tap_mode)
          << when << "moving the walk is not a change";
      before_of.resize(at);
      after_of.resize(at);
      before_of.push_back(state_before);
      after_of.push_back(history_state(app.model));
      ++at;
    } else {
      // Nothing recorded: the lesson and its scene are as they were (a refusal, or only the walk moved).
      HistoryState now = history_state(app.model);
      now.step = state_before.step;
      now.tap = state_before.tap;
      ASSERT_TRUE(same_state(now, state_before)) << when << "the scene changed unrecorded";
    }
  }
  ASSERT_GT(changes, 150);
  ASSERT_GT(undos, 30);
  ASSERT_GT(redos, 10);
  ASSERT_EQ(app.model.history.dropped(), 0u);
  ASSERT_EQ(app.model.history.undo_count(), at);

  // Undo everything: each earlier state in turn, down to the start exactly.
  while (at > 0) {
    undo();
    --at;
    ASSERT_TRUE(check(before_of[at], "undoing to " + std::to_string(at)));
  }
  EXPECT_FALSE(app.model.history.can_undo());
  // Redo everything: each later state in turn, to the last change exactly.
  while (at < after_of.size()) {
    redo();
    ++at;
    ASSERT_TRUE(check(after_of[at - 1], "redoing to " + std::to_string(at)));
  }
  EXPECT_FALSE(app.model.history.can_redo());
  // The restored scene is the one the stepper runs and the views draw.
  EXPECT_TRUE(scene_of(app).input == after_of.back().lesson.scene.input);
  EXPECT_EQ(app.model.view.step, app.model.walk.position.step);
}

TEST(Undo, AParameterEditIsNamedWithBothValuesAndUndoesToTheSameStep) {
  App app = started_app();
  Actions seek;
  seek.seek = 2;
  apply_actions(app, seek);
  const HistoryState start = history_state(app.model);
  Actions edit;
  edit.edits.push_back({"stride", "2"});
  apply_actions(app, edit);
  EXPECT_EQ(app.model.history.undo_label(), "stride 1 \xE2\x86\x92 2");
  Actions undo;
  undo.undo = true;
  apply_actions(app, undo);
  EXPECT_TRUE(same_state(history_state(app.model), start));
  EXPECT_EQ(app.model.walk.position.step, 2);
  EXPECT_EQ(app.model.history.redo_label(), "stride 1 \xE2\x86\x92 2");
}

TEST(Undo, CellsFillsPresetsAndLessonSwitchesAreNamed) {
  App app = started_app();
  const std::string first = app.model.lesson.lesson.name;
  Actions cell;
  cell.cell_edits.push_back({false, 0, 0, 0, 1, 2, 5.0f});
  apply_actions(app, cell);
  EXPECT_THAT(app.model.history.undo_label(), HasSubstr("input[0, 1, 2]"));
  EXPECT_THAT(app.model.history.undo_label(), HasSubstr("\xE2\x86\x92 5"));
  Actions fill;
  fill.fills.randomize_input = true;
  apply_actions(app, fill);
  EXPECT_EQ(app.model.history.undo_label(), "randomize input");
  Actions preset;
  preset.fills.weight_preset = kernel_presets().front().id;
  apply_actions(app, preset);
  EXPECT_THAT(app.model.history.undo_label(), HasSubstr("kernel preset " + kernel_presets().front().id));
  const HistoryState edited = history_state(app.model);
  Actions lesson;
  lesson.load_lesson = "stride-2";
  apply_actions(app, lesson);
  ASSERT_TRUE(app.ui.file.pending.has_value()) << "leaving edited work asks first";
  discard_unsaved(app);
  EXPECT_EQ(app.model.history.undo_label(), "lesson " + first + " \xE2\x86\x92 stride-2");
  // Switching lessons no longer throws the edits away: undo brings them back.
  Actions undo;
  undo.undo = true;
  apply_actions(app, undo);
  EXPECT_EQ(app.model.lesson.lesson.name, first);
  EXPECT_TRUE(same_state(history_state(app.model), edited));
  EXPECT_EQ(app.model.history.undo_label(), "kernel preset " + kernel_presets().front().id);
  // Opening the same lesson again throws the edits away, and that too is a step.
  Actions reopen;
  reopen.load_lesson = first;
  apply_actions(app, reopen);
  if (app.ui.file.pending) discard_unsaved(app);
  EXPECT_EQ(app.model.history.undo_label(), "reopen lesson " + first);
  apply_actions(app, undo);
  EXPECT_TRUE(same_state(history_state(app.model), edited));
}

TEST(Undo, ARefusedChangeRecordsNothing) {
  App app = started_app();
  Actions edit;
  edit.edits.push_back({"kernel_size", "9"});
  apply_actions(app, edit);
  ASSERT_FALSE(app.model.edit_error.message.empty());
  EXPECT_FALSE(app.model.history.can_undo());
}

TEST(Undo, AHeldControlsChangesAreOneStep) {
  App app = started_app();
  const HistoryState start = history_state(app.model);
  for (int p = 1; p <= 4; ++p) {
    Actions drag;
    drag.edits.push_back({"padding", std::to_string(p)});
    drag.held = true;
    apply_actions(app, drag);
  }
  apply_actions(app, Actions{});  // let go
  EXPECT_EQ(app.model.history.undo_count(), 1u);
  EXPECT_EQ(app.model.history.undo_label(), "padding 0 \xE2\x86\x92 4");
  Actions edit;
  edit.edits.push_back({"padding", "1"});
  apply_actions(app, edit);
  EXPECT_EQ(app.model.history.undo_count(), 2u) << "a change after letting go is a step of its own";
  Actions undo;
  undo.undo = true;
  apply_actions(app, undo);
  apply_actions(app, undo);
  EXPECT_TRUE(same_state(history_state(app.model), start));
}

TEST(Undo, ALargeTensorEditedManyTimesStaysWithinTheCap) {
  TempDir dir;
  App app = started_app();
  // A 1×512×512 input (1 MiB a copy) under an 8 MiB cap, randomized and edited cell by cell many times.
  HistoryLimits limits;
  limits.max_bytes = size_t{8} << 20;
  app.model.history = History(limits);
  Actions open;
  open.imports.push_back({TensorSlot::kInput, dir.save("big.npy", Tensor({1, 512, 512}, 1.0f))});
  apply_actions(app, open);
  ASSERT_EQ(scene_of(app).input.numel(), 512 * 512) << app.model.edit_error.message;
  for (int i = 0; i < 60; ++i) {
    Actions a;
    if (i % 4 == 0) {
      a.fills.randomize_input = true;
    } else {
      a.cell_edits.push_back({false, 0, 0, 0, i, i, static_cast<float>(i)});
    }
    apply_actions(app, a);
    ASSERT_LE(app.model.history.bytes(), app.model.history.limits().max_bytes) << "after change " << i;
  }
  EXPECT_GT(app.model.history.dropped(), 0u) << "15 randomized 1 MiB inputs do not fit in 8 MiB";
  // Each randomize keeps the input it replaced (the last one with its edited cells) and its own: 2 MiB
  // per four changes, so about four groups of four fit.
  EXPECT_GE(app.model.history.undo_count(), 12u);
}

// A frame of the headless UI with the given key presses queued by GLFW.
class KeysTest : public ::testing::Test {
 protected:
  void SetUp() override {
    app_ = started_app();
    test_support::create_headless_imgui(&app_.ui.fonts);
    apply_dark_theme();
  }
  void TearDown() override { ImGui::DestroyContext(); }
  Actions frame_with(int key, int mods) {
    KeyQueue queue;
    queue_key_event(queue, key, GLFW_PRESS, mods);
    queue_key_event(queue, key, GLFW_RELEASE, mods);
    app_.ui.key_presses = take_key_presses(queue);
    ImGui::NewFrame();
    Actions actions = build_ui(app_);
    ImGui::Render();
    return actions;
  }
  App app_;
};

TEST_F(KeysTest, CtrlZUndoesCtrlShiftZAndCtrlYRedo) {
  EXPECT_TRUE(frame_with(GLFW_KEY_Z, GLFW_MOD_CONTROL).undo);
  const Actions shifted = frame_with(GLFW_KEY_Z, GLFW_MOD_CONTROL | GLFW_MOD_SHIFT);
  EXPECT_TRUE(shifted.redo);
  EXPECT_FALSE(shifted.undo);
  EXPECT_TRUE(frame_with(GLFW_KEY_Y, GLFW_MOD_CONTROL).redo);
  // The control cases: Z and Y without Ctrl do nothing to the history.
  const Actions plain = frame_with(GLFW_KEY_Z, 0);
  EXPECT_FALSE(plain.undo || plain.redo);
  EXPECT_FALSE(frame_with(GLFW_KEY_Y, GLFW_MOD_SHIFT).redo);
}

TEST_F(KeysTest, CtrlZThroughTheKeysUndoesAnEdit) {
  Actions edit;
  edit.edits.push_back({"stride", "2"});
  apply_actions(app_, edit);
  ASSERT_EQ(scene_of(app_).params.stride[0], 2);
  apply_actions(app_, frame_with(GLFW_KEY_Z, GLFW_MOD_CONTROL));
  EXPECT_EQ(scene_of(app_).params.stride[0], 1);
  apply_actions(app_, frame_with(GLFW_KEY_Y, GLFW_MOD_CONTROL));
  EXPECT_EQ(scene_of(app_).params.stride[0], 2);
}

TEST_F(KeysTest, ADroppedNpyAsksWhichTensorAndTheAnswerIsOneUndoStep) {
  TempDir dir;
  const std::string path = dir.save("w.npy", counting({1, 1, 2, 2}));
  Actions drop;
  drop.open_dropped = path;
  apply_actions(app_, drop);
  ASSERT_EQ(app_.model.tensor_files.dropped, path) << "the drop waits for its question";
  EXPECT_EQ(open_failure(app_.model, path), "") << "a headless --drop of a .npy is not a failure";
  EXPECT_FALSE(app_.model.history.can_undo()) << "nothing changed yet";
  // The question is on screen.
  ImGui::NewFrame();
  build_ui(app_);
  EXPECT_TRUE(ImGui::IsPopupOpen("", ImGuiPopupFlags_AnyPopupId));
  const std::vector<std::string>& shown = app_.ui.stage.layout.texts;
  EXPECT_TRUE(std::any_of(shown.begin(), shown.end(), [](const std::string& t) {
    return t.find("w.npy holds a [1, 1, 2, 2] tensor") != std::string::npos &&
           t.find("input, its weight or its bias") != std::string::npos;
  })) << "the question names the file and the three choices";
  ImGui::Render();
  // The answer, as the Weight button records it.
  Actions answer;
  answer.imports.push_back({TensorSlot::kWeight, path});
  apply_actions(app_, answer);
  EXPECT_FALSE(app_.model.tensor_files.dropped);
  EXPECT_EQ(scene_of(app_).weight.shape(), (Shape{1, 1, 2, 2})) << app_.model.edit_error.message;
  EXPECT_EQ(app_.model.history.undo_label(), "open w.npy as the weight");
  Actions undo;
  undo.undo = true;
  apply_actions(app_, undo);
  EXPECT_EQ(scene_of(app_).weight.shape(), (Shape{1, 1, 3, 3}));
}

TEST_F(KeysTest, CancellingTheDropQuestionKeepsTheScene) {
  TempDir dir;
  const std::string path = dir.save("x.npy", counting({1, 4, 4}));
  const HistoryState start = history_state(app_.model);
  Actions drop;
  drop.open_dropped = path;
  apply_actions(app_, drop);
  Actions cancel;
  cancel.cancel_drop = true;
  apply_actions(app_, cancel);
  EXPECT_FALSE(app_.model.tensor_files.dropped);
  EXPECT_TRUE(same_state(history_state(app_.model), start));
  EXPECT_FALSE(app_.model.history.can_undo());
}

TEST_F(KeysTest, ADroppedFileThatIsNotANpyIsRefusedAtOnce) {
  TempDir dir;
  std::ofstream(dir.path("fake.npy")) << "\x93NUMPY broken";
  Actions drop;
  drop.open_dropped = dir.path("fake.npy");
  apply_actions(app_, drop);
  EXPECT_FALSE(app_.model.tensor_files.dropped) << "nothing to ask about";
  EXPECT_THAT(app_.model.edit_error.message, HasSubstr("fake.npy"));
  EXPECT_EQ(open_failure(app_.model, dir.path("fake.npy")), app_.model.edit_error.message);
}

TEST_F(KeysTest, OpenNpyInTheTensorsWindowOpensTheFileBrowser) {
  app_.ui.tensors.open = true;
  ImGui::NewFrame();
  build_ui(app_);
  ImGui::Render();
  open_file_browser(app_.ui.tensors.browser, "Open a .npy as the weight", {".npy"}, ".", {});
  for (int i = 0; i < 2; ++i) {
    ImGui::NewFrame();
    build_ui(app_);
    ImGui::Render();
  }
  EXPECT_TRUE(app_.ui.tensors.browser.is_open);
  // While it is open, Ctrl+Z belongs to the browser's path field, not the history.
  EXPECT_FALSE(frame_with(GLFW_KEY_Z, GLFW_MOD_CONTROL).undo);
}

// Each kind of mismatch, opened through the window: the message has the numbers, the scene stays.
TEST(NpyImport, EachMismatchIsExplainedAndTheSceneStays) {
  TempDir dir;
  const struct {
    const char* name;
    Tensor tensor;
    TensorSlot slot;
    const char* says;
  } cases[] = {
      {"w_in3.npy", counting({8, 3, 3, 3}), TensorSlot::kWeight,
       "weight [8, 3, 3, 3] needs in_channels = 3, but the input [1, 5, 5] has 1 channel"},
      {"x_1d.npy", counting({5}), TensorSlot::kInput, "input [5] has 1 dimensions, but conv2d takes"},
      {"w_3d.npy", counting({1, 3, 3}), TensorSlot::kWeight, "weight [1, 1, 3, 3]"},
      {"b_3.npy", counting({3}), TensorSlot::kBias, "the bias must be [1]"},
      {"x_small.npy", counting({1, 2, 2}), TensorSlot::kInput, "kernel"},
      {"x_c2.npy", counting({2, 5, 5}), TensorSlot::kInput, "needs in_channels = 1"},
  };
  App app = started_app();
  for (const auto& c : cases) {
    const HistoryState start = history_state(app.model);
    Actions open;
    open.imports.push_back({c.slot, dir.save(c.name, c.tensor)});
    apply_actions(app, open);
    const std::string& message = app.model.edit_error.message;
    if (std::string(c.name) == "w_3d.npy") {
      EXPECT_THAT(message, HasSubstr("has 3 dimensions, but conv2d takes 4")) << c.name;
    } else {
      EXPECT_THAT(message, HasSubstr(c.says)) << c.name;
    }
    EXPECT_THAT(message, HasSubstr(c.name)) << "the message names the file";
    EXPECT_TRUE(same_state(history_state(app.model), start)) << c.name << " changed the scene";
    EXPECT_FALSE(app.model.history.can_undo()) << c.name;
  }
  // A pool takes no weight.
  Actions pool;
  pool.edits.push_back({"op", "max_pool2d"});
  apply_actions(app, pool);
  Actions open;
  open.imports.push_back({TensorSlot::kWeight, dir.save("w.npy", counting({1, 1, 3, 3}))});
  apply_actions(app, open);
  EXPECT_THAT(app.model.edit_error.message, HasSubstr("max_pool2d has no weight"));
  // A file that is not a .npy at all.
  std::ofstream(dir.path("broken.npy")) << "not a numpy file";
  Actions broken;
  broken.imports.push_back({TensorSlot::kInput, dir.path("broken.npy")});
  apply_actions(app, broken);
  EXPECT_THAT(app.model.edit_error.message, HasSubstr("broken.npy"));
  EXPECT_EQ(app.model.history.undo_count(), 1u) << "only the op change was recorded";
}

TEST(NpyExport, EachTensorRoundTripsAndAnExistingFileIsAskedAbout) {
  TempDir dir;
  App app = started_app();
  Actions bias;
  bias.edits.push_back({"bias", "true"});
  apply_actions(app, bias);
  for (ExportedTensor what :
       {ExportedTensor::kInput, ExportedTensor::kWeight, ExportedTensor::kBias, ExportedTensor::kOutput}) {
    const std::string path = dir.path(std::string(exported_tensor_name(what)) + ".npy");
    Actions a;
    a.export_npy = TensorExport{what, path, false};
    apply_actions(app, a);
    ASSERT_FALSE(app.model.tensor_files.failed) << app.model.tensor_files.message;
    Result<Tensor> back = read_npy(path);
    ASSERT_TRUE(back) << back.message();
    EXPECT_TRUE(*back == *exported_tensor(app.model, what)) << exported_tensor_name(what);
  }
  const Result<Tensor> output = read_npy(dir.path("output.npy"));
  EXPECT_EQ(output->shape(), (Shape{1, 3, 3}));

  // Again over the same file: asked first, and the file stays until the answer.
  Actions randomize;
  randomize.fills.randomize_input = true;
  apply_actions(app, randomize);
  Actions again;
  again.export_npy = TensorExport{ExportedTensor::kInput, dir.path("input.npy"), false};
  apply_actions(app, again);
  ASSERT_TRUE(app.model.tensor_files.replace);
  EXPECT_FALSE(*read_npy(dir.path("input.npy")) == scene_of(app).input) << "not replaced before the answer";
  Actions cancel;
  cancel.cancel_export = true;
  apply_actions(app, cancel);
  EXPECT_FALSE(app.model.tensor_files.replace);
  EXPECT_FALSE(*read_npy(dir.path("input.npy")) == scene_of(app).input);
  apply_actions(app, again);
  Actions replace;
  replace.export_npy = *app.model.tensor_files.replace;
  replace.export_npy->replace = true;
  apply_actions(app, replace);
  EXPECT_TRUE(*read_npy(dir.path("input.npy")) == scene_of(app).input);

  // Nothing to export, and a folder in place of a file name, are explained.
  Actions no_bias;
  no_bias.edits.push_back({"bias", "false"});
  apply_actions(app, no_bias);
  Actions missing;
  missing.export_npy = TensorExport{ExportedTensor::kBias, dir.path("b.npy"), false};
  apply_actions(app, missing);
  EXPECT_TRUE(app.model.tensor_files.failed);
  EXPECT_THAT(app.model.tensor_files.message, HasSubstr("no bias"));
  EXPECT_FALSE(fs::exists(dir.path("b.npy")));
  Actions folder;
  folder.export_npy = TensorExport{ExportedTensor::kInput, dir.path(""), false};
  apply_actions(app, folder);
  EXPECT_TRUE(app.model.tensor_files.failed);
  EXPECT_THAT(app.model.tensor_files.message, HasSubstr("is a folder"));
}

}  // namespace
}  // namespace convstep
