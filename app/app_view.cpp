// Keeping the stepping view in step with the walk (snapshots, the partial output, the eased slide from the
// last step) and putting a validated scene on screen.
#include <algorithm>
#include <optional>
#include <utility>

#include "app/app_internal.h"
#include "app/app_transpose.h"
#include "core/weight_factor.h"

namespace convstep {
namespace {

float eased(double t) {
  const float f = static_cast<float>(std::clamp(t, 0.0, 1.0));
  return f * f * (3 - 2 * f);
}

}  // namespace

void sync_view(App& app, bool force) {
  if (!app.model.lesson.stepper) return;
  const Stepper& stepper = *app.model.lesson.stepper;
  const Walk& walk = app.model.walk;
  StepView& view = app.model.view;
  if (shows_stamping(app.model)) {
    // The walk counts stamps: the direct view's snapshot is not what is shown.
    sync_stamp_view(app.model, force);
    return;
  }
  const bool moved = force || view.step != walk.position.step || view.tap != walk.position.tap;
  const int64_t shown_from = view.from ? view.from->step : -1;
  if (moved) {
    view.step = walk.position.step;
    view.tap = walk.position.tap;
    view.snapshot = stepper.snapshot(view.step);
    view.output = partial_view_output(stepper, view.full_output, completed_outputs(walk));
    view.running = shown_value(walk, view.snapshot, stepper.scene().params.op);
  }
  if (moved || shown_from != walk.from_step) {
    if (walk.from_step >= 0) {
      view.from = stepper.snapshot(walk.from_step);
    } else {
      view.from.reset();
    }
  }
  view.slide = view.from ? eased(slide_fraction(walk)) : 1.0f;
  sync_stamp_view(app.model, force);
}

Status install_scene(App& app, Scene scene, bool keep_position) {
  std::optional<TransposeState> transpose = app.model.lesson.transpose;
  Scene shown = scene;
  Result<Stepper> stepper = stepper_for_scene(std::move(scene), &transpose);
  if (!stepper) return stepper.error();
  app.model.lesson.stepper.emplace(std::move(stepper).value());
  ++app.model.lesson.scene_version;
  const Scene& stepped = app.model.lesson.stepper->scene();
  app.model.lesson.weight_denominator = is_conv(stepped.params.op) ? weight_denominator(stepped.weight) : 1;
  app.model.lesson.transpose = std::move(transpose);
  app.model.lesson.lesson.scene = std::move(shown);
  start_full_output(app.model);
  app.model.view.step = -1;
  app.model.stamp_view.step = -1;
  const WalkTrack& track = walk_track(app.model);
  if (keep_position) {
    rebind(app.model.walk, track);
  } else {
    pause(app.model.walk);
    app.model.walk.from_step = -1;
    jump_to_start(app.model.walk, track);
  }
  sync_view(app, true);
  return Ok{};
}

void show_view(App& app, MainView view) {
  app.ui.main_view = view;
  app.ui.select_view = true;
}

}  // namespace convstep
