// The work in the window as a document: the session file it was opened from or saved to, whether it has
// changes since (the title's mark), the File menu's actions, the questions asked before unsaved work is
// left, and the autosave with its offer to restore after an unclean exit. The types are held by the App
// (app/app.h); the functions below are called by apply_actions and by the loop in main.cpp.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "app/widgets/file_browser.h"
#include "app/widgets/native_dialog.h"
#include "core/autosave.h"
#include "core/result.h"

namespace convstep {

struct App;
struct AppModel;

// What the document is and whether it changed; part of the model.
struct DocumentState {
  std::string path;         // the session file Save writes; "" until the work is saved or opened from one
  uint64_t generation = 0;  // counts every change to the scene
  uint64_t saved_generation = 0;  // the generation last saved or opened: equal means no unsaved changes
  // Autosave: off for tests and headless runs unless CONVSTEP_STATE_DIR names a folder.
  bool autosave = false;
  std::string autosave_dir;
  AutosaveClock autosave_clock;
  std::string autosave_error;  // the last failed autosave, shown in the File menu
  std::string save_error;      // the last failed Save, shown until the next save or dismissal
};

// What leaving the current work was asked for, held while the user answers Save / Discard / Cancel.
enum class LeaveKind { kNew, kOpen, kLesson, kQuit };
struct PendingLeave {
  LeaveKind kind = LeaveKind::kNew;
  std::string target;  // the file or lesson to open
};

enum class UnsavedChoice { kSave, kDiscard, kCancel };

// UI-only state of the File menu and its dialogs.
struct FileUi {
  std::optional<PendingLeave> pending;         // the unsaved-changes question is open
  bool save_as_requested = false;              // Save found no file yet: the Save As dialog opens next frame
  bool open_requested = false;                 // Ctrl+O: the Open dialog opens
  std::optional<FoundAutosave> restore_offer;  // "Restore the work from HH:MM?" is open
  bool quit_now = false;                       // the loop closes the window after this frame
  bool native_dialogs = true;                  // use zenity/kdialog when installed (never in headless runs)
  FileBrowserState browser;                    // the built-in dialog, for Open and Save As
  bool browser_saves = false;                  // the built-in dialog is choosing where to save
  NativeDialog native;                         // a desktop dialog running in a child process
  bool native_saves = false;
  std::vector<std::string> recent_files;  // newest first (core/settings)
  bool leaving_confirmed = false;         // set while a confirmed leave runs, so it is not asked again
};

// True while a file dialog or a File question is open: the window's own keys wait.
inline bool is_file_dialog_open(const FileUi& file) {
  return file.browser.is_open || file.native.running() || file.pending || file.restore_offer;
}

// What the File menu and its dialogs asked for this frame.
struct FileActions {
  bool new_session = false;
  std::optional<std::string> open;     // a lesson, session, image or .npy file
  bool save = false;                   // to the document's file, or Save As when it has none
  std::optional<std::string> save_as;  // the file chosen in the Save As dialog
  bool quit = false;
  std::optional<UnsavedChoice> unsaved_choice;  // the answer to "Save the changes?"
  std::optional<bool> restore;                  // the answer to the restore offer
  bool dismiss_save_error = false;
  bool any() const {
    return new_session || open || save || save_as || quit || unsaved_choice || restore || dismiss_save_error;
  }
};

// True when the scene changed since it was last saved or opened.
bool has_unsaved_changes(const AppModel& model);
// "name.convstep • — convstep": the file (or lesson) name and a mark while changes are unsaved.
std::string window_title(const AppModel& model);
// The name Save As suggests: the document's, else the lesson's, with .convstep.
std::string suggested_session_name(const AppModel& model);

// The session on screen as JSON text (core/session.h).
std::string current_session_text(const App& app);
// Writes the session to `path` through atomic_write and makes it the document's file. On failure the
// document stays as it was and the message (naming the file) is returned.
Status save_session(App& app, const std::string& path);

// Applies the File menu's actions, asking first where unsaved work would be left. Returns true when it
// handled a request that replaces the lesson (the frame's other actions were aimed at the old one).
bool apply_file_actions(App& app, const FileActions& file);
// Called by apply_actions before it switches lessons or opens a file: when there are unsaved changes,
// the question is asked instead and true returned (the switch waits for the answer).
bool ask_before_leaving(App& app, LeaveKind kind, const std::string& target);

// The autosave: `enabled` turns it on in `dir` (core/autosave.h); an autosave found there (left by an
// unclean exit) is offered for restoring.
void start_autosave(App& app, bool enabled, const std::string& dir);
// Writes the autosave when changes are waiting and the last write is kAutosaveInterval old; `now` in
// seconds, passed in by the loop.
void tick_autosave(App& app, double now);
// A clean exit: the autosave goes (unless its restore offer was never answered).
void finish_autosave(App& app);

// The window's close button or Quit: true when the window may close now; otherwise the unsaved-changes
// question is asked and the loop runs on.
bool may_close_window(App& app);

}  // namespace convstep
