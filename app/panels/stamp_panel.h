// The stepping view of a transposed convolution: the switch between its stamping and direct views,
// the stamping grids and step line, and the marks the direct view adds to the stage's input grid.
#pragma once

#include <string>

#include <imgui.h>

#include "app/app.h"

namespace convstep {

// The stepping view's grids and the step text under them: the stage and step panel, or for a
// transposed convolution the view switch, then the stamping grids or the stage with the direct marks.
void draw_stepping_grids(const AppModel& model, UiState& ui, Actions& actions, ImVec2 size);
float stepping_text_height(const AppModel& model, const UiState& ui, float width);
void draw_stepping_text(const AppModel& model, UiState& ui);

// "Transposed: (•) Stamping ( ) Direct convolution [x] Overlap counts", for a transposed scene only.
void draw_transpose_toolbar(const AppModel& model, UiState& ui, Actions& actions);
// Input (the stamped cell outlined), kernel, and output with its partial sums, the stamp's window and
// each cell's overlap count; records the grids, rects and overlap rows in ui.stage.layout.
void draw_stamp_panel(const AppModel& model, UiState& ui, ImVec2 size);
// The stamping step's arithmetic ("in[0,0,1] = 2 stamps out[…]: 0 + 2×1 = 2, …") and its height.
float stamp_step_height(const AppModel& model, const UiState& ui, float width);
void draw_stamp_step(const AppModel& model, UiState& ui);
// After the stage drew the direct view: the inserted zeros and output_padding's zeros marked on the
// input grid, each recorded as a rect ("inserted_zero", "output_padding_zero").
void draw_direct_marks(const AppModel& model, UiState& ui, ImVec2 clip_min, ImVec2 clip_max);
// What the direct view is, in one line, for the header of the view ("" when not shown).
std::string direct_view_note(const AppModel& model);

}  // namespace convstep
