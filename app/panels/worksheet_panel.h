// "Worksheet…": a small dialog that prints the lesson on screen (with the window's edits) or a seed's
// generated exercises as a PDF worksheet with its answer key, to a path the user picks; an existing
// file is replaced only after asking, and the full path written (or what went wrong) is shown.
// The choosing and writing are plain functions of the state, so tests run them without a window.
#pragma once

#include <string>
#include <vector>

#include "core/result.h"
#include "print/worksheet.h"

namespace convstep {

struct AppModel;

// UI-only state of the dialog: widgets edit it directly.
struct WorksheetPanelState {
  bool open_requested = false;  // the button was pressed: the dialog opens on the next draw
  bool from_lesson = true;      // the lesson on screen, or exercises from a seed
  int seed = 1, count = 5;      // `convstep exercises`'s defaults
  int difficulty = 0;           // easy, medium, hard
  bool letter = false;          // US Letter instead of A4
  char path[1024] = {};
  std::string confirm_replace;  // a path that exists, waiting for "Replace" or "Cancel"
  std::string message;          // "Wrote /full/path.pdf …" or why nothing was written
  bool failed = false;
};

// What the dialog would print now: the exercises and the sheet's options (paper, subtitle).
std::vector<WorksheetExercise> worksheet_panel_exercises(const AppModel& model,
                                                         const WorksheetPanelState& state,
                                                         WorksheetOptions* options);
// The file name the dialog suggests, in the working folder: worksheet-LESSON.pdf or worksheet-seed-N.pdf.
std::string default_worksheet_path(const AppModel& model, const WorksheetPanelState& state);
// Writes the PDF to state.path. An existing file without `replace` is not touched: confirm_replace is set
// so the dialog asks. Sets message/failed either way; returns whether the file was written.
bool write_worksheet_from_panel(const AppModel& model, WorksheetPanelState& state, bool replace);

// The "Worksheet…" button (on the current line, after the item before it) and the room it takes, and
// the dialog it opens (call every frame).
void draw_worksheet_button(const AppModel& model, WorksheetPanelState& state);
// Opens the dialog with the suggested path, as the button and File ▸ Worksheet (PDF)… do.
void open_worksheet_dialog(const AppModel& model, WorksheetPanelState& state);
float worksheet_button_width();
void draw_worksheet_dialog(const AppModel& model, WorksheetPanelState& state);

}  // namespace convstep
