// Undo and redo in the window, and the .npy files a user opens and exports: the parts of applying a
// frame's Actions that keep the history (core/history.h) and answer the tensor questions
// (app/tensor_files.h). Called from apply_actions only.
#pragma once

#include <optional>

#include "app/app.h"

namespace convstep {

// The lesson on screen and the walk's position, as the history keeps them.
HistoryState history_state(const AppModel& model);

// The state before this frame's actions when they may change the lesson on screen; nullopt otherwise
// (so a frame that only moves the walk copies nothing).
std::optional<HistoryState> state_before_changes(const AppModel& model, const Actions& actions);

// Records what the actions changed since `before` as one undo step, named for the tooltips
// ("stride 1 → 2"); a held control's changes join one step. Also lets go of a finished drag.
void record_changes(App& app, const std::optional<HistoryState>& before, const Actions& actions);

// What the frame's actions changed, for "Undo: …": the parameters with both values, the cell, the
// fill, the file opened or the lesson switched to.
std::string change_label(const HistoryState& before, const HistoryState& after, const Actions& actions);

// One step back or forward. A step that cannot be put back (it never fails for states the history
// recorded) is explained in the edit error and the history stays where it was.
bool undo_or_redo(App& app, bool undo);

// Puts a state from the history on screen: the lesson with its scene, its source, the step and tap.
// Defined with the other scene installs in app.cpp.
Status restore_history_state(App& app, const HistoryState& state);

// A dropped .npy waits for its question; the answer (Actions::imports or cancel_drop) clears it.
void ask_about_dropped_npy(App& app, const std::string& path);
bool is_npy_file_name(const std::string& path);
// Exports, the replace question and its answers.
void apply_tensor_exports(App& app, const Actions& actions);
// The tensor an export writes, from the scene on screen; nullopt when the scene has none (a pool's
// weight, an absent bias).
std::optional<Tensor> exported_tensor(const AppModel& model, ExportedTensor what);

}  // namespace convstep
