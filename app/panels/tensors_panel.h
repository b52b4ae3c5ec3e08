// Undo and redo buttons and keys, and the Tensors window: open a .npy as the input, weight or bias,
// export any of them (or the output) as .npy, and the questions a drop or an export asks.
#pragma once

#include "app/app.h"

namespace convstep {

// Ctrl+Z undoes; Ctrl+Shift+Z and Ctrl+Y redo (queued presses or ImGui's key state), unless a field
// is being typed in or a file browser is open.
void read_undo_keys(const UiState& ui, Actions& actions);

// "Undo", "Redo" (tooltips name the change: "Undo: stride 1 → 2") and "Tensors…", on one row.
void draw_history_toolbar(const AppModel& model, UiState& ui, Actions& actions);
// The menu bar's Edit menu: Undo and Redo naming the change, and Tensors (.npy)….
void draw_edit_menu(const AppModel& model, UiState& ui, Actions& actions);

// The Tensors window when open, and the two questions when the model asks them: which tensor a
// dropped .npy becomes, and whether an export may replace an existing file.
void draw_tensors_window(const AppModel& model, UiState& ui, Actions& actions);
void draw_tensor_questions(const AppModel& model, UiState& ui, Actions& actions);

// Titles of the two questions' popups, for tests that look for them.
inline constexpr const char* kDropQuestionTitle = "Open the dropped .npy as\xE2\x80\xA6";
inline constexpr const char* kReplaceQuestionTitle = "Replace the file?";

}  // namespace convstep
