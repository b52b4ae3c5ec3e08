// The window's side of a transposed convolution (core/transpose.h): building its stepper (on the
// equivalent direct convolution) and stamping walk, keeping the stamping view in step with the walk,
// and switching between the stamping and the direct view at the same output state.
#pragma once

#include <optional>

#include "app/app.h"

namespace convstep {

// The stepper a scene is walked with: the scene's own, or for a transposed convolution the one of its
// direct convolution, with `transpose` filled in (its view kept); `transpose` is reset for other ops.
Result<Stepper> stepper_for_scene(Scene scene, std::optional<TransposeState>* transpose);

// Refreshes model.stamp_view for the walk's position (when the stamping view is shown).
void sync_stamp_view(AppModel& model, bool force);

// Shows the direct view (true) or the stamping view (false), moving the walk to the same output state.
void switch_transposed_view(AppModel& model, bool direct_view);

}  // namespace convstep
