// The full output of a large scene is computed off the UI thread: frames keep being built and the
// stepper steps while it computes, a progress bar with Cancel is drawn, the output arrives with run()'s
// bits, and Cancel puts back the last scene whose output was complete. Frames are counted, never timed.
#include "app/full_output.h"

#include <gtest/gtest.h>

#include <imgui.h>

#include <chrono>
#include <cstring>
#include <sstream>
#include <thread>

#include "app/app.h"
#include "app/gui_options.h"
#include "core/ops.h"
#include "tests/app/headless_app.h"

namespace convstep {
namespace {

class HeadlessImGui : public test_support::HeadlessAppUi {
 public:
  using HeadlessAppUi::HeadlessAppUi;

  // One frame as the main loop runs it: advance, build the UI, apply what it asked (plus `extra`).
  Actions frame(App& app, void (*extra)(Actions&) = nullptr) {
    advance(app, 1.0 / 60.0);
    Actions actions = HeadlessAppUi::frame(app);
    if (extra) extra(actions);
    apply_actions(app, actions);
    return actions;
  }
};

App started_app() {
  App app;
  std::ostringstream err;
  init_app(app, GuiOptions{}, err);
  return app;
}

bool same_bits(const Tensor& a, const Tensor& b) {
  return a.shape() == b.shape() &&
         std::memcmp(a.data(), b.data(), static_cast<size_t>(a.numel()) * sizeof(float)) == 0;
}

bool drew_text(const App& app, const std::string& part) {
  for (const std::string& t : app.ui.stage.layout.texts)
    if (t.find(part) != std::string::npos) return true;
  return false;
}

bool drew_widget(const App& app, const std::string& label) {
  for (const DrawnWidget& w : app.ui.stage.layout.widgets)
    if (w.label == label) return true;
  return false;
}

void edit(App& app, std::vector<SceneEdit> edits) {
  Actions a;
  a.edits = std::move(edits);
  apply_actions(app, a);
}

// Frames until the background output has arrived (each frame polls it); returns how many were drawn.
int frames_until_done(App& app, HeadlessImGui& imgui) {
  int frames = 0;
  while (computing_full_output(app.model)) {
    imgui.frame(app);
    ++frames;
    if (computing_full_output(app.model)) std::this_thread::sleep_for(std::chrono::milliseconds(2));
  }
  return frames;
}

// A scene far past the interactive limit (about 2·10¹¹ multiply-adds, minutes of work), installed as
// the window would: frames are built and steps taken while it computes, then Cancel.
TEST(FullOutput, AScenePastTheInteractiveLimitLeavesTheWindowResponsive) {
  App app = started_app();
  HeadlessImGui imgui(app);
  const Scene before = app.model.lesson.stepper->scene();
  const Tensor before_output = app.model.view.full_output;
  Scene big;
  big.params.op = Op::kConv2d;
  big.input = Tensor({1, 1, 2048, 2048}, 0.5f);
  big.weight = Tensor({1, 1, 255, 255}, 0.25f);
  Result<Stepper> stepper = Stepper::create(big);
  ASSERT_TRUE(stepper.ok());
  app.model.lesson.stepper.emplace(std::move(stepper).value());
  app.model.lesson.lesson.scene = big;
  start_full_output(app.model);
  ASSERT_TRUE(computing_full_output(app.model));
  EXPECT_TRUE(app.model.view.full_output.empty());
  EXPECT_TRUE(is_animating(app)) << "the loop keeps drawing while the output computes";

  // Two frames, each stepping: both are built while the output computes (minutes of work, against the
  // seconds a frame of a 2048 × 2048 grid takes), and the stepper moves at once.
  int frames_while_computing = 0;
  bool progress_drawn = false;
  for (int i = 0; i < 2; ++i) {
    imgui.frame(app, [](Actions& a) { a.step_forward = true; });
    if (!computing_full_output(app.model)) break;
    ++frames_while_computing;
    progress_drawn = drew_text(app, "Computing the full output:") && drew_widget(app, "Cancel") &&
                     drew_widget(app, "full output progress");
  }
  ASSERT_EQ(frames_while_computing, 2);
  EXPECT_TRUE(progress_drawn) << "the progress bar and Cancel are drawn";
  EXPECT_EQ(app.model.walk.position.step, 2) << "stepping works while the output computes";
  EXPECT_EQ(app.model.view.snapshot.step, 2);
  EXPECT_EQ(app.model.view.snapshot.result, 0.125f * 255 * 255);

  imgui.frame(app, [](Actions& a) { a.cancel_output = true; });
  EXPECT_FALSE(computing_full_output(app.model));
  EXPECT_EQ(app.model.lesson.stepper->scene().input.shape(), before.input.shape());
  EXPECT_EQ(app.model.lesson.stepper->scene().input.values(), before.input.values());
  EXPECT_EQ(app.model.lesson.lesson.scene.input.values(), before.input.values());
  EXPECT_TRUE(same_bits(app.model.view.full_output, before_output));
  imgui.frame(app);
  EXPECT_FALSE(drew_widget(app, "Cancel")) << "the progress bar goes with the computation";
}

// An edit (as the parameter panel makes it) past the foreground size computes in the background and
// arrives with run()'s bits; the feature map fills in from it.
TEST(FullOutput, ABackgroundOutputArrivesWithRunsBits) {
  App app = started_app();
  HeadlessImGui imgui(app);
  edit(app, {{"input_size", "512"}, {"kernel_size", "9"}});
  ASSERT_TRUE(app.model.edit_error.message.empty()) << app.model.edit_error.message;
  ASSERT_TRUE(computing_full_output(app.model)) << "504 × 504 outputs of 81 taps: past the foreground size";
  frames_until_done(app, imgui);
  const Scene& scene = app.model.lesson.stepper->scene();
  Result<Tensor> expected = run(scene);
  ASSERT_TRUE(expected.ok());
  EXPECT_TRUE(same_bits(app.model.view.full_output, *expected));

  Actions end;
  end.jump_end = true;
  apply_actions(app, end);
  EXPECT_TRUE(same_bits(app.model.view.output, *expected)) << "the map at the end is the whole output";
}

TEST(FullOutput, CancelRestoresThePreviousScene) {
  App app = started_app();
  HeadlessImGui imgui(app);
  Actions forward;
  forward.step_forward = true;
  apply_actions(app, forward);
  const Scene before = app.model.lesson.stepper->scene();
  const Tensor before_output = app.model.view.full_output;

  edit(app, {{"input_size", "1024"}, {"kernel_size", "31"}});
  ASSERT_TRUE(computing_full_output(app.model));
  EXPECT_EQ(app.model.lesson.stepper->scene().input.size(-1), 1024);
  // A second change while the first computes replaces it; Cancel still goes back to the last complete.
  edit(app, {{"input_size", "1000"}});
  ASSERT_TRUE(computing_full_output(app.model));
  EXPECT_EQ(app.model.lesson.stepper->scene().input.size(-1), 1000);

  Actions cancel;
  cancel.cancel_output = true;
  EXPECT_TRUE(asks_anything(cancel));
  apply_actions(app, cancel);
  EXPECT_FALSE(computing_full_output(app.model));
  EXPECT_EQ(app.model.lesson.stepper->scene().input.shape(), before.input.shape());
  EXPECT_EQ(app.model.lesson.stepper->scene().input.values(), before.input.values());
  EXPECT_EQ(app.model.lesson.stepper->scene().weight.values(), before.weight.values());
  EXPECT_TRUE(same_bits(app.model.view.full_output, before_output));
  EXPECT_EQ(app.model.walk.position.step, 1) << "the walk keeps its place in the restored scene";
  EXPECT_EQ(app.model.view.snapshot.step, 1);
  EXPECT_TRUE(app.model.edit_error.message.empty());
  imgui.frame(app);
  EXPECT_FALSE(computing_full_output(app.model));
}

// Scenes up to the foreground size get their output at once, as before: no progress bar.
TEST(FullOutput, SmallScenesAreComputedAtOnce) {
  App app = started_app();
  HeadlessImGui imgui(app);
  edit(app, {{"input_size", "64"}});
  EXPECT_FALSE(computing_full_output(app.model));
  Result<Tensor> expected = run(app.model.lesson.stepper->scene());
  ASSERT_TRUE(expected.ok());
  EXPECT_TRUE(same_bits(app.model.view.full_output, *expected));
  imgui.frame(app);
  EXPECT_FALSE(drew_widget(app, "Cancel"));
}

}  // namespace
}  // namespace convstep
