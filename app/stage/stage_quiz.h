// What quiz mode changes on the stage: the current output left blank while its value is asked, the
// window and its highlights hidden while the receptive field is asked, padding copies blank while their
// source is asked, clicks on input cells taken as answers, and the marks of a checked answer (chosen,
// missed and extra cells, the padding cell asked and the cell it copies).
#pragma once

#include <optional>
#include <string>
#include <vector>

#include <imgui.h>

#include "app/stage/stage_model.h"
#include "app/stage/stage_state.h"
#include "app/widgets/theme.h"

namespace convstep {

struct PlacedStage;

struct StageQuiz {
  bool blank_current = false;          // the current output (and the pool's badge) shows no value
  bool hide_window = false;            // no window, taps, ghost, connector or hover highlights
  bool pick_cells = false;             // a click on an input cell is an answer, not a pin
  bool blank_copies = false;           // reflect/replicate/circular padding cells show no value
  std::vector<CellRef> chosen;         // input cells picked so far
  std::vector<CellRef> missed, extra;  // a checked receptive field
  std::optional<CellRef> asked;        // the padding cell asked about
  std::optional<CellRef> source;       // after the check: the cell it copies
  std::optional<CellRef> fault;        // a checked value: the input cell of the term that went astray
  // Whether anything on the stage could give the answer away, so tooltips stay quiet.
  bool quiet() const { return hide_window || blank_copies; }
};

// Blanks and hides in the model what the quiz asks for.
void apply_stage_quiz(StageModel& model, const StageQuiz& quiz);
// Draws the quiz's marks over the placed grids and records them in `layout` as "quiz_chosen",
// "quiz_missed", "quiz_extra", "quiz_asked", "quiz_source" and "quiz_fault".
void draw_stage_quiz(ImDrawList* draw, const PlacedStage& placed, const StageQuiz& quiz, const Fonts& fonts,
                     StageLayout& layout);

}  // namespace convstep
