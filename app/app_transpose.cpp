// A transposed convolution in the window: the stepper walks its equivalent direct convolution, the
// stamping walk is the Stamper, and the walk follows whichever view is shown. Switching views keeps
// the output state: the start stays the start, the finished output stays finished, and a position in
// between keeps its share of the walk.
#include "app/app_transpose.h"

#include <algorithm>
#include <cmath>
#include <utility>

namespace convstep {

const WalkTrack& walk_track(const AppModel& model) {
  if (shows_stamping(model)) return *model.lesson.transpose->stamper;
  return *model.lesson.stepper;
}

bool shows_stamping(const AppModel& model) {
  return model.lesson.transpose && model.lesson.transpose->stamper && !model.lesson.transpose->direct_view;
}

const Scene& shown_scene(const AppModel& model) {
  if (model.lesson.transpose) return model.lesson.lesson.scene;
  return model.lesson.stepper->scene();
}

Result<Stepper> stepper_for_scene(Scene scene, std::optional<TransposeState>* transpose) {
  if (!is_conv_transpose(scene.params.op)) {
    Result<Stepper> stepper = Stepper::create(std::move(scene));
    if (stepper) transpose->reset();
    return stepper;
  }
  Result<Stamper> stamper = Stamper::create(scene);
  if (!stamper) return stamper.error();
  Result<DirectEquivalent> direct = direct_equivalent(scene);
  if (!direct) return direct.error();
  Result<Stepper> stepper = Stepper::create(direct->scene);
  if (!stepper) return stepper.error();
  const bool direct_view = *transpose && (*transpose)->direct_view;
  TransposeState state;
  state.stamper.emplace(std::move(stamper).value());
  state.direct = std::move(direct).value();
  state.direct_view = direct_view;
  *transpose = std::move(state);
  return stepper;
}

void sync_stamp_view(AppModel& model, bool force) {
  StampView& view = model.stamp_view;
  if (!shows_stamping(model)) {
    view.step = -1;
    return;
  }
  const Stamper& stamper = *model.lesson.transpose->stamper;
  const WalkPosition at = model.walk.position;
  if (!force && view.step == at.step && view.tap == at.tap) return;
  view.step = at.step;
  view.tap = at.tap;
  view.snapshot = stamper.snapshot(at.step);
  const int64_t done = completed_outputs(model.walk);
  view.output = stamper.partial_output(done);
  view.counts = stamper.overlap_counts(done);
  if (at.tap != kWholeStep) {
    // Within a step, its stamps land one output cell at a time.
    const Geometry& g = stamper.geometry();
    const auto last = static_cast<size_t>(std::min<int64_t>(at.tap + 1, view.snapshot.stamps.size()));
    for (size_t k = 0; k < last; ++k) {
      const Stamp& st = view.snapshot.stamps[k];
      const int64_t flat =
          ((view.snapshot.batch * g.out_channels + st.out_channel) * g.h.out + st.out_y) * g.w.out + st.out_x;
      view.output.data()[flat] = st.after;
      view.counts.data()[flat] += 1.0f;
    }
  }
}

void switch_transposed_view(AppModel& model, bool direct_view) {
  if (!model.lesson.transpose || !model.lesson.transpose->stamper) return;
  TransposeState& t = *model.lesson.transpose;
  if (t.direct_view == direct_view) return;
  const WalkTrack& from = walk_track(model);
  const int64_t from_last = std::max<int64_t>(from.step_count() - 1, 0);
  const bool was_end = at_end(model.walk, from);
  const int64_t step = model.walk.position.step;
  t.direct_view = direct_view;
  const WalkTrack& to = walk_track(model);
  const int64_t to_last = std::max<int64_t>(to.step_count() - 1, 0);
  const int64_t mapped =
      was_end ? to_last
              : (from_last == 0 ? 0
                                : static_cast<int64_t>(
                                      std::llround(static_cast<double>(step) * static_cast<double>(to_last) /
                                                   static_cast<double>(from_last))));
  const bool playing = model.walk.playing;
  seek(model.walk, to, mapped);
  model.walk.from_step = -1;
  if (model.walk.tap_mode && !was_end) model.walk.position.tap = to.tap_count(mapped) > 0 ? 0 : kWholeStep;
  if (playing) play(model.walk, to);
}

}  // namespace convstep
