#include "app/full_output.h"

#include <algorithm>
#include <limits>
#include <utility>

#include "app/app.h"
#include "core/ops_work.h"

namespace convstep {
namespace {

// The stepper fills a partial map in the foreground up to this many taps.
constexpr int64_t kForegroundTaps = int64_t{1} << 22;

void remember_complete(AppModel& model) {
  model.full_output.last_complete = std::make_shared<const LessonState>(model.lesson);
  model.full_output.last_complete_output = model.view.full_output;
}

// Puts back the last complete scene; the walk keeps its position where that scene has it.
void restore_last_complete(AppModel& model) {
  FullOutputJob& job = model.full_output;
  if (!job.last_complete) return;
  model.lesson = *job.last_complete;
  model.view.full_output = job.last_complete_output;
  if (model.lesson.stepper) rebind(model.walk, *model.lesson.stepper);
}

}  // namespace

void start_full_output(AppModel& model) {
  FullOutputJob& job = model.full_output;
  job.run.reset();  // cancels and joins an earlier scene's run
  const Stepper& stepper = *model.lesson.stepper;
  if (work_of(stepper.geometry()).total <= kForegroundWork) {
    Result<Tensor> out = run(stepper.scene());
    model.view.full_output = out ? std::move(out).value() : Tensor();
    remember_complete(model);
    return;
  }
  model.view.full_output = Tensor();
  job.run = std::make_shared<BackgroundRun>(stepper.scene());
}

bool poll_full_output(AppModel& model) {
  FullOutputJob& job = model.full_output;
  if (!job.run || !job.run->finished()) return false;
  Result<Tensor> out = job.run->take();
  job.run.reset();
  if (!out) {
    // Out of memory, most likely: the scene cannot be shown whole, so the last complete one returns.
    restore_last_complete(model);
    model.edit_error = {"could not compute the full output: " + out.message(), {}, {}};
    return true;
  }
  model.view.full_output = std::move(out).value();
  remember_complete(model);
  return true;
}

bool cancel_full_output(AppModel& model) {
  FullOutputJob& job = model.full_output;
  if (!job.run) return false;
  job.run.reset();
  restore_last_complete(model);
  return true;
}

bool computing_full_output(const AppModel& model) {
  return model.full_output.run != nullptr;
}

Tensor partial_view_output(const Stepper& stepper, const Tensor& full_output, int64_t done) {
  const Shape shape = stepper.geometry().output_shape();
  done = std::clamp<int64_t>(done, 0, stepper.step_count());
  if (!full_output.empty() && full_output.shape() == shape) {
    Tensor out(shape, std::numeric_limits<float>::quiet_NaN());
    std::copy(full_output.values().begin(), full_output.values().begin() + done, out.values().begin());
    return out;
  }
  const int64_t taps = std::max<int64_t>(work_of(stepper.geometry()).taps_per_step, 1);
  if (done <= kForegroundTaps / taps) return stepper.partial_output(done);
  return Tensor(shape, std::numeric_limits<float>::quiet_NaN());
}

}  // namespace convstep
