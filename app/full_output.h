// The full output of the scene on screen. A small scene's is computed at once; a large one's runs off the
// UI thread (core/background_run.h) while the window keeps drawing and the stepper, which needs only the
// current window, steps at once. A progress bar offers Cancel, which puts back the last scene whose
// output was complete.
#pragma once

#include <cstdint>
#include <memory>

#include "core/background_run.h"
#include "core/stepper.h"
#include "core/tensor.h"

namespace convstep {

struct AppModel;
struct LessonState;

// Scenes up to this much work (multiply-adds, or window reads for a pool) are computed on the UI
// thread: a millisecond or so, less than starting a thread and drawing a progress bar is worth.
inline constexpr int64_t kForegroundWork = int64_t{1} << 22;

struct FullOutputJob {
  std::shared_ptr<BackgroundRun> run;  // the computation under way, or null
  // The last scene whose full output was complete, with that output: what Cancel restores.
  std::shared_ptr<const LessonState> last_complete;
  Tensor last_complete_output;
};

// Starts the full output of the stepper just installed in `model`: computed here when small (then the
// scene is remembered as the last complete one), else started in the background, with
// model.view.full_output empty until it arrives. A computation still running for an earlier scene
// is cancelled.
void start_full_output(AppModel& model);

// Called every frame: true when a background output arrived (or failed, putting back the last
// complete scene with the reason in model.edit_error), so the view must be refreshed.
bool poll_full_output(AppModel& model);

// Cancel: stops the background computation and puts back the last complete scene. True when something
// was cancelled (the view must be refreshed).
bool cancel_full_output(AppModel& model);

// True while a background output is being computed.
bool computing_full_output(const AppModel& model);

// The feature map as filled after `done` steps (core/walk.h completed_outputs): taken from the full
// output when it is there (same bits as the stepper's, by the engine's contract), from the stepper
// when that is cheap, otherwise all NaN (not computed yet) until the full output arrives.
Tensor partial_view_output(const Stepper& stepper, const Tensor& full_output, int64_t done);

}  // namespace convstep
