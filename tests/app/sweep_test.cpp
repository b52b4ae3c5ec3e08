// A sweep through the UI's apply path: thousands of random parameter edits across every key and op,
// cell edits, fills and presets, mixed with random transport actions and dts (some absurd). After each
// frame the App must be in a usable state: a stepper, a valid scene, the walk in range, the view in step
// with the walk, and an explanation whenever a change was refused.
#include <gtest/gtest.h>

#include <cmath>
#include <limits>
#include <random>
#include <sstream>

#include <imgui.h>

#include "app/app.h"
#include "app/gui_options.h"
#include "core/geometry.h"
#include "core/presets.h"
#include "tests/app/headless_imgui_support.h"

namespace convstep {
namespace {

constexpr int kFrames = 4000;
constexpr uint32_t kSeed = 20261128;
// Every this many frames the whole UI is built too (headless ImGui), so panels see every odd scene.
constexpr int kUiEvery = 20;

class Sweep {
 public:
  explicit Sweep(uint32_t seed) : rng_(seed) {}

  int uniform(int lo, int hi) { return std::uniform_int_distribution<int>(lo, hi)(rng_); }
  bool chance(double p) { return std::bernoulli_distribution(p)(rng_); }

  std::string dims_value(int lo, int hi) {
    if (chance(0.3)) return std::to_string(uniform(lo, hi)) + "," + std::to_string(uniform(lo, hi));
    return std::to_string(uniform(lo, hi));
  }

  // Mostly plausible values, some out of range or malformed, for every key scene_edit knows.
  SceneEdit random_edit() {
    const auto& keys = scene_edit_keys();
    const std::string key = keys[static_cast<size_t>(uniform(0, static_cast<int>(keys.size()) - 1))];
    if (chance(0.03)) return {key, chance(0.5) ? "" : "nonsense"};
    if (key == "op") {
      const char* ops[] = {"conv1d",     "conv2d",     "max_pool1d", "max_pool2d",
                           "avg_pool1d", "avg_pool2d", "sum_pool1d", "sum_pool2d"};
      return {key, ops[uniform(0, 7)]};
    }
    if (key == "input_size") {
      return {key, chance(0.5) ? std::to_string(uniform(0, 12))
                               : std::to_string(uniform(1, 12)) + "x" + std::to_string(uniform(1, 12))};
    }
    if (key == "batch" || key == "bias" || key == "ceil_mode" || key == "count_include_pad")
      return {key, chance(0.5) ? "true" : "false"};
    if (key == "in_channels" || key == "out_channels" || key == "groups")
      return {key, std::to_string(uniform(0, 6))};
    if (key == "kernel_size") return {key, dims_value(0, 7)};
    if (key == "stride") return {key, dims_value(0, 4)};
    if (key == "dilation") return {key, dims_value(0, 3)};
    if (key == "padding") {
      const int pick = uniform(0, 5);
      if (pick == 0) return {key, "same"};
      if (pick == 1) return {key, "valid"};
      return {key, dims_value(0, 4)};
    }
    const char* modes[] = {"zeros", "reflect", "replicate", "circular"};
    return {key, modes[uniform(0, 3)]};
  }

  Actions random_actions(const App& app) {
    Actions a;
    const int kind = uniform(0, 9);
    if (kind <= 3) {
      const int n = chance(0.8) ? 1 : uniform(2, 3);
      for (int i = 0; i < n; ++i) a.edits.push_back(random_edit());
    } else if (kind == 4) {
      CellEdit e;
      e.weight = chance(0.5);
      e.batch = uniform(0, 1);
      e.channel = uniform(0, 5);
      e.in_channel = uniform(0, 3);
      e.y = uniform(-1, 8);
      e.x = uniform(-1, 8);
      e.value = chance(0.05) ? std::numeric_limits<float>::quiet_NaN() : static_cast<float>(uniform(-5, 5));
      a.cell_edits.push_back(e);
    } else if (kind == 5) {
      a.fills.randomize_input = chance(0.5);
      a.fills.randomize_weight = chance(0.5);
      a.fills.clear_input = chance(0.2);
      a.fills.clear_weight = chance(0.2);
      if (chance(0.4)) {
        const auto& presets = kernel_presets();
        a.fills.weight_preset =
            chance(0.1) ? std::string("no-such-preset")
                        : presets[static_cast<size_t>(uniform(0, static_cast<int>(presets.size()) - 1))].id;
      }
    } else {
      switch (uniform(0, 13)) {
        case 0:
          a.play = true;
          break;
        case 1:
          a.pause = true;
          break;
        case 2:
          a.toggle_play = true;
          break;
        case 3:
          a.step_forward = true;
          break;
        case 4:
          a.step_back = true;
          break;
        case 5:
          a.tap_forward = true;
          break;
        case 6:
          a.tap_back = true;
          break;
        case 7:
          a.jump_start = true;
          break;
        case 8:
          a.jump_end = true;
          break;
        case 9:
          a.seek = uniform(-3, static_cast<int>(app.model.lesson.stepper->step_count()) + 3);
          break;
        case 10:
          a.faster = chance(0.5);
          a.slower = !a.faster;
          break;
        case 11:
          a.speed = chance(0.1) ? std::nan("") : uniform(0, 100) / 4.0;
          break;
        case 12:
          a.loop = chance(0.5);
          break;
        default:
          a.tap_mode = chance(0.5);
          break;
      }
    }
    if (chance(0.01))
      a.load_lesson = chance(0.5) ? std::string("no-such-lesson") : std::string(kDefaultLesson);
    return a;
  }

  double random_dt() {
    if (chance(0.02)) return std::nan("");
    if (chance(0.02)) return -1.0;
    if (chance(0.02)) return 5.0;
    return uniform(0, 100) / 200.0;
  }

 private:
  std::mt19937 rng_;
};

bool same_scene(const Scene& a, const Scene& b) {
  return scene_settings_text(a) == scene_settings_text(b) && a.input == b.input && a.weight == b.weight &&
         a.bias.has_value() == b.bias.has_value() && (!a.bias || *a.bias == *b.bias);
}

TEST(Sweep, RandomEditsAndTransportNeverLeaveTheAppUnusable) {
  App app;
  std::ostringstream err;
  init_app(app, GuiOptions{}, err);
  ASSERT_TRUE(app.model.lesson.stepper.has_value());
  test_support::create_headless_imgui(&app.ui.fonts);
  Sweep sweep(kSeed);
  int refused = 0, accepted = 0;

  for (int frame = 0; frame < kFrames; ++frame) {
    SCOPED_TRACE("frame " + std::to_string(frame));
    const Scene before = app.model.lesson.stepper->scene();
    const Actions actions = sweep.random_actions(app);
    std::optional<bool> expect_valid;
    if (!actions.edits.empty() && !actions.load_lesson)
      expect_valid = apply_edits(before, actions.edits).ok();
    app.model.edit_error = {};
    apply_actions(app, actions);
    advance(app, sweep.random_dt());

    ASSERT_TRUE(app.model.lesson.stepper.has_value());
    const Stepper& stepper = *app.model.lesson.stepper;
    ASSERT_TRUE(resolve_geometry(stepper.scene()).ok());
    const int64_t count = stepper.step_count();
    ASSERT_GT(count, 0);
    ASSERT_GE(app.model.walk.position.step, 0);
    ASSERT_LT(app.model.walk.position.step, count);
    ASSERT_GE(app.model.walk.position.tap, kWholeStep);
    ASSERT_LT(app.model.walk.position.tap,
              static_cast<int64_t>(stepper.snapshot(app.model.walk.position.step).taps.size()));
    ASSERT_EQ(app.model.view.snapshot.step, app.model.walk.position.step);
    ASSERT_EQ(app.model.view.tap, app.model.walk.position.tap);
    ASSERT_EQ(app.model.view.output.shape(), stepper.geometry().output_shape());
    ASSERT_EQ(app.model.view.full_output.shape(), stepper.geometry().output_shape());
    ASSERT_GE(app.model.view.slide, 0.0f);
    ASSERT_LE(app.model.view.slide, 1.0f);
    if (app.model.view.from) {
      ASSERT_LT(app.model.view.from->step, count);
    }
    ASSERT_GE(app.model.walk.speed, kMinSpeed);
    ASSERT_LE(app.model.walk.speed, kMaxSpeed);

    if (expect_valid && !*expect_valid) {
      ++refused;
      ASSERT_FALSE(app.model.edit_error.message.empty()) << "a refused edit must say why";
      ASSERT_EQ(app.model.edit_error.edits, actions.edits);
      ASSERT_TRUE(same_scene(stepper.scene(), before)) << "a refused edit keeps the last valid scene";
    } else if (expect_valid) {
      ++accepted;
    }
    if (frame % kUiEvery == 0) {
      ImGui::NewFrame();
      const Actions none = build_ui(app);  // no input: the UI must ask for nothing
      ImGui::Render();
      ASSERT_TRUE(none.edits.empty() && none.cell_edits.empty() && !none.load_lesson);
    }
    if (!app.model.edit_error.message.empty() && actions.edits.empty() && actions.cell_edits.empty() &&
        !actions.fills.weight_preset && !actions.fills.randomize_input && !actions.fills.randomize_weight &&
        !actions.fills.clear_input && !actions.fills.clear_weight) {
      FAIL() << "an error appeared without a change to refuse: " << app.model.edit_error.message;
    }
  }
  ImGui::DestroyContext();
  // The sweep must actually exercise both outcomes, or it proves nothing.
  EXPECT_GT(refused, 100);
  EXPECT_GT(accepted, 100);
}

}  // namespace
}  // namespace convstep
