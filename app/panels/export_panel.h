// The Export animation dialog: the walk (or one step) as a GIF, MP4 or PNG with the options of
// `convstep export`, a progress bar and Cancel while the frames are drawn — a few per frame of the
// window, which keeps drawing — then the file's full path and a button that opens its folder.
#pragma once

#include <memory>
#include <optional>
#include <string>

#include "app/export_request.h"

namespace convstep {

class ExportJob;
struct App;
struct AppModel;
struct UiState;
struct Actions;

// The dialog's fields and the export it runs. UI state: widgets edit it directly.
struct ExportPanelState {
  bool open = false;     // the dialog is shown
  bool opening = false;  // open was just asked for: the popup opens (and the fields fill) next frame
  int kind = 0;          // index into the dialog's kinds: GIF, MP4, PNG
  char path[1024] = {};
  int width = 1280, height = 720;
  float steps_per_second = 1.0f;
  int frames_per_step = 15;
  int from = 1, to = 1;  // 1-based, as the scrubber counts steps
  bool tap = false, present = false, loop = true, replace = false;
  float pause_seconds = 2.0f;
  std::shared_ptr<ExportJob> job;      // the export being drawn
  std::optional<ExportRequest> start;  // asked for this frame: started after the frame is drawn
  std::string error;                   // why the last export did not happen
  std::string written;                 // the full path of the last file written
  std::string written_note;            // its kind, size and frame count
};

// The entry point: a button at the right end of the row that starts at `row_y` (window coordinates),
// asking for the dialog (Actions::open_export). The cursor is left where it was.
void draw_export_button(Actions& actions, float row_y);
// The dialog, when open: reads the model (its lesson and step count), edits its own state.
void draw_export_panel(const AppModel& model, UiState& ui, Actions& actions);
// Applies the dialog's actions (open, start, cancel) from apply_actions.
void apply_export_actions(App& app, const Actions& actions);
// Called by the frame loop after the window's frame is drawn, with its GL context current: starts an
// asked-for export, draws its next frames for about `budget_seconds`, writes the file when done.
void run_export_frames(App& app, double budget_seconds);
// True while an export is being drawn (the window must keep redrawing).
bool export_running(const App& app);

}  // namespace convstep
