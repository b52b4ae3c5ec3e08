// The document behind the window: saving the session, the title's unsaved mark, the File menu's
// actions with the Save / Discard / Cancel question before unsaved work is left, and the autosave.
#include "app/document.h"

#include <filesystem>

#include "app/app.h"
#include "core/atomic_write.h"
#include "core/session.h"
#include "core/settings.h"

namespace convstep {

namespace fs = std::filesystem;

namespace {

void remember_recent(FileUi& file, const std::string& path) {
  Settings settings;
  settings.recent_files = file.recent_files;
  add_recent_file(settings, path);
  file.recent_files = std::move(settings.recent_files);
}

void show_stepper(App& app) {
  app.ui.main_view = MainView::kStepper;
  app.ui.select_view = true;
}

// Opens a file from the File menu: a lesson or session in the stepper; an image, a .npy or anything else
// through the same entry a drop uses.
void open_file(App& app, const std::string& path) {
  if (is_lesson_file_name(path)) {
    if (load_lesson(app, path)) {
      show_stepper(app);
      remember_recent(app.ui.file, path);
    }
    return;
  }
  Actions dropped;
  dropped.open_dropped = path;
  apply_actions(app, dropped);
  if (open_failure(app.model, path).empty()) remember_recent(app.ui.file, path);
}

void new_session(App& app) {
  if (load_lesson(app, kDefaultLesson)) show_stepper(app);
}

// What the question was asked for, now that the user has saved or discarded.
void leave(App& app, const PendingLeave& pending) {
  app.ui.file.pending.reset();
  app.ui.file.leaving_confirmed = true;
  switch (pending.kind) {
    case LeaveKind::kNew:
      new_session(app);
      break;
    case LeaveKind::kOpen:
      open_file(app, pending.target);
      break;
    case LeaveKind::kLesson:
      if (load_lesson(app, pending.target)) app.ui.open_file = false;
      break;
    case LeaveKind::kQuit:
      app.ui.file.quit_now = true;
      break;
  }
  app.ui.file.leaving_confirmed = false;
}

// Save: to the document's file, or through Save As when there is none yet. True once written.
bool save(App& app) {
  if (app.model.document.path.empty()) {
    app.ui.file.save_as_requested = true;
    return false;
  }
  return save_session(app, app.model.document.path).ok();
}

void restore(App& app, bool yes) {
  const std::optional<FoundAutosave> offer = app.ui.file.restore_offer;
  app.ui.file.restore_offer.reset();
  DocumentState& document = app.model.document;
  if (!offer) return;
  if (!yes) {
    remove_autosave(document.autosave_dir);
    return;
  }
  if (!load_lesson(app, offer->path)) return;  // the header says why; the file stays for another try
  // The restored work is unsaved: it belongs to no file, and the autosave keeps it until it is saved.
  document.path.clear();
  app.model.lesson.source.clear();
  ++document.generation;
  show_stepper(app);
}

}  // namespace

bool has_unsaved_changes(const AppModel& model) {
  return model.document.generation != model.document.saved_generation;
}

std::string window_title(const AppModel& model) {
  std::string name;
  if (!model.document.path.empty()) {
    name = fs::path(model.document.path).filename().string();
  } else if (!model.lesson.lesson.name.empty()) {
    name = model.lesson.lesson.name;
  }
  std::string title = has_unsaved_changes(model) ? "\xE2\x80\xA2 " : "";
  if (!name.empty()) title += name + " \xE2\x80\x94 ";
  return title + "convstep";
}

std::string suggested_session_name(const AppModel& model) {
  if (!model.document.path.empty()) return fs::path(model.document.path).filename().string();
  const std::string& name = model.lesson.lesson.name;
  return (name.empty() ? std::string("session") : name) + kSessionExtension;
}

std::string current_session_text(const App& app) {
  SessionState state;
  const Walk& walk = app.model.walk;
  state.step = walk.position.step;
  state.tap = walk.position.tap;
  state.tap_by_tap = walk.tap_mode;
  state.speed = walk.speed;
  state.loop = walk.loop;
  state.palette = app.ui.stage.palette;
  return session_to_json(app.model.lesson.lesson, state);
}

Status save_session(App& app, const std::string& path) {
  DocumentState& document = app.model.document;
  if (!app.model.lesson.stepper) return make_error(path + ": no lesson is open to save");
  Status written = atomic_write(path, current_session_text(app));
  if (!written) {
    document.save_error = "Could not save: " + written.message();
    return written;
  }
  document.path = path;
  document.saved_generation = document.generation;
  document.save_error.clear();
  app.model.lesson.source = path;
  remember_recent(app.ui.file, path);
  return Ok{};
}

bool ask_before_leaving(App& app, LeaveKind kind, const std::string& target) {
  if (app.ui.file.leaving_confirmed || !has_unsaved_changes(app.model)) return false;
  app.ui.file.pending = PendingLeave{kind, target};
  return true;
}

bool apply_file_actions(App& app, const FileActions& file) {
  FileUi& ui = app.ui.file;
  if (file.dismiss_save_error) app.model.document.save_error.clear();
  if (file.restore) {
    restore(app, *file.restore);
    return true;
  }
  if (file.unsaved_choice && ui.pending) {
    const PendingLeave pending = *ui.pending;
    switch (*file.unsaved_choice) {
      case UnsavedChoice::kCancel:
        ui.pending.reset();
        break;
      case UnsavedChoice::kDiscard:
        leave(app, pending);
        break;
      case UnsavedChoice::kSave:
        // Without a file yet, the question waits behind the Save As dialog and is answered by it.
        if (save(app)) leave(app, pending);
        if (!app.model.document.save_error.empty()) ui.pending.reset();
        break;
    }
    return true;
  }
  if (file.save_as) {
    std::string path = *file.save_as;
    if (fs::path(path).extension().empty()) path += kSessionExtension;
    if (save_session(app, path) && ui.pending) leave(app, *ui.pending);
    if (!app.model.document.save_error.empty()) ui.pending.reset();
    return false;
  }
  if (file.save) save(app);
  if (file.new_session) {
    if (!ask_before_leaving(app, LeaveKind::kNew, "")) new_session(app);
    return true;
  }
  if (file.open) {
    if (!is_lesson_file_name(*file.open) || !ask_before_leaving(app, LeaveKind::kOpen, *file.open))
      open_file(app, *file.open);
    return true;
  }
  if (file.quit && may_close_window(app)) ui.quit_now = true;
  return false;
}

bool may_close_window(App& app) {
  if (app.ui.file.quit_now || !has_unsaved_changes(app.model)) return true;
  app.ui.file.pending = PendingLeave{LeaveKind::kQuit, ""};
  return false;
}

void start_autosave(App& app, bool enabled, const std::string& dir) {
  DocumentState& document = app.model.document;
  document.autosave = enabled && !dir.empty();
  document.autosave_dir = dir;
  document.autosave_clock.written_generation = document.saved_generation;
  if (!document.autosave) return;
  app.ui.file.restore_offer = find_autosave(dir);
}

void tick_autosave(App& app, double now) {
  DocumentState& document = app.model.document;
  // While the restore offer is open the file on disk is the work to restore: it must not be replaced.
  if (!document.autosave || app.ui.file.restore_offer) return;
  if (!autosave_due(document.autosave_clock, document.generation, now)) return;
  if (has_unsaved_changes(app.model)) {
    Status written = write_autosave(document.autosave_dir, current_session_text(app));
    document.autosave_error = written ? "" : written.message();
  } else {
    remove_autosave(document.autosave_dir);  // saved: nothing to restore after a crash
  }
  mark_autosaved(document.autosave_clock, document.generation, now);
}

void finish_autosave(App& app) {
  if (app.model.document.autosave && !app.ui.file.restore_offer)
    remove_autosave(app.model.document.autosave_dir);
}

}  // namespace convstep
