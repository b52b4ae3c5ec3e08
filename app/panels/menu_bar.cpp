// The main menu bar and the File menu's dialogs. The dialogs' outcomes become FileActions; a desktop
// dialog runs as a child process that is polled here once a frame, so the window never waits for it.
#include "app/panels/menu_bar.h"

#include <filesystem>

#include <glad/gl.h>

#include <GLFW/glfw3.h>
#include <imgui.h>

#include "app/panels/presentation_panel.h"
#include "app/panels/tensors_panel.h"
#include "app/panels/worksheet_panel.h"
#include "app/widgets/theme.h"
#include "app/widgets/widget_log.h"
#include "core/lesson.h"
#include "core/session.h"

namespace convstep {
namespace {

namespace fs = std::filesystem;

constexpr const char* kUnsavedPopup = "Unsaved changes";
constexpr const char* kRestorePopup = "Restore the autosave";
constexpr float kMenuBarFramePadding = 4.0f;

// Where a dialog starts: the document's folder, else the built-in lessons.
std::string start_folder(const AppModel& model) {
  if (!model.document.path.empty()) return fs::path(model.document.path).parent_path().string();
  return lessons_dir();
}

std::string leave_question(const PendingLeave& pending) {
  switch (pending.kind) {
    case LeaveKind::kNew:
      return "Save the changes before starting a new session?";
    case LeaveKind::kOpen:
    case LeaveKind::kLesson:
      return "Save the changes before opening " + fs::path(pending.target).filename().string() + "?";
    case LeaveKind::kQuit:
      return "Save the changes before quitting?";
  }
  return "";
}

void draw_recent_menu(const UiState& ui, Actions& actions) {
  if (!ImGui::BeginMenu("Recent", !ui.file.recent_files.empty())) return;
  for (const std::string& path : ui.file.recent_files) {
    const std::string label = fs::path(path).filename().string() + "##" + path;
    if (ImGui::MenuItem(label.c_str())) actions.file.open = path;
    if (ImGui::IsItemHovered()) ImGui::SetTooltip("%s", path.c_str());
  }
  ImGui::EndMenu();
}

void draw_file_menu(const AppModel& model, UiState& ui, Actions& actions) {
  const bool open = ImGui::BeginMenu("File");
  record_last_item("File");
  if (!open) return;
  const bool has_lesson = model.lesson.stepper.has_value();
  if (ImGui::MenuItem("New", "Ctrl+N")) actions.file.new_session = true;
  if (ImGui::MenuItem("Open\xE2\x80\xA6", "Ctrl+O")) start_open_dialog(model, ui);
  draw_recent_menu(ui, actions);
  ImGui::Separator();
  if (ImGui::MenuItem("Save", "Ctrl+S", false, has_lesson)) actions.file.save = true;
  if (ImGui::MenuItem("Save As\xE2\x80\xA6", "Ctrl+Shift+S", false, has_lesson)) start_save_dialog(model, ui);
  ImGui::Separator();
  if (ImGui::MenuItem("Export animation\xE2\x80\xA6", nullptr, false, has_lesson)) actions.open_export = true;
  if (ImGui::MenuItem("Worksheet (PDF)\xE2\x80\xA6", nullptr, false, has_lesson))
    open_worksheet_dialog(model, ui.worksheet);
  if (!model.document.autosave_error.empty()) {
    ImGui::Separator();
    ImGui::TextColored(palette::kErrorText, "Autosave failed: %s", model.document.autosave_error.c_str());
  }
  ImGui::Separator();
  if (ImGui::MenuItem("Quit", "Ctrl+Q")) actions.file.quit = true;
  ImGui::EndMenu();
}

// The right end of the bar: the file's name with the unsaved mark, or why the last save failed.
void draw_document_status(const AppModel& model, Actions& actions) {
  const DocumentState& document = model.document;
  if (!document.save_error.empty()) {
    ImGui::TextColored(palette::kErrorText, "%s", document.save_error.c_str());
    if (ui::small_button("Dismiss##save_error")) actions.file.dismiss_save_error = true;
    return;
  }
  const bool unsaved = has_unsaved_changes(model);
  // A lesson opened as it ships has nothing to say; edits to it, or a session file, are named.
  if (document.path.empty() && !unsaved) return;
  const std::string name =
      document.path.empty() ? model.lesson.lesson.name : fs::path(document.path).filename().string();
  const std::string status = unsaved ? name + ", unsaved changes" : name;
  const float width = ImGui::CalcTextSize(status.c_str()).x + ImGui::GetStyle().ItemSpacing.x * 2;
  const float room = ImGui::GetWindowContentRegionMax().x - ImGui::GetCursorPosX();
  if (room > width) ImGui::SameLine(ImGui::GetWindowContentRegionMax().x - width);
  ImGui::TextColored(unsaved ? palette::kAccentText : palette::kMutedText, "%s", status.c_str());
}

// A desktop dialog's answer, once it has one.
void poll_native_dialog(const AppModel& model, UiState& ui, Actions& actions) {
  FileUi& file = ui.file;
  if (!file.native.running()) return;
  std::string path;
  switch (poll_dialog(file.native, &path)) {
    case DialogPoll::kRunning:
    case DialogPoll::kCancelled:
      break;
    case DialogPoll::kChosen:
      if (file.native_saves) {
        actions.file.save_as = path;
      } else {
        actions.file.open = path;
      }
      break;
    case DialogPoll::kFailed:
      // The program is there but would not run: the built-in browser takes over, now and from now on.
      file.native_dialogs = false;
      if (file.native_saves) {
        start_save_dialog(model, ui);
      } else {
        start_open_dialog(model, ui);
      }
      break;
  }
}

void draw_builtin_dialog(UiState& ui, Actions& actions) {
  if (std::optional<std::string> chosen = draw_file_browser(ui.file.browser)) {
    if (ui.file.browser_saves) {
      actions.file.save_as = *chosen;
    } else {
      actions.file.open = *chosen;
    }
  }
}

void draw_unsaved_question(const AppModel& model, UiState& ui, Actions& actions) {
  FileUi& file = ui.file;
  const bool dialog_open = file.browser.is_open || file.native.running() || file.save_as_requested;
  if (!file.pending || dialog_open) return;
  if (!ImGui::IsPopupOpen(kUnsavedPopup)) ImGui::OpenPopup(kUnsavedPopup);
  const ImVec2 display = ImGui::GetIO().DisplaySize;
  ImGui::SetNextWindowPos(ImVec2(display.x * 0.5f, display.y * 0.5f), ImGuiCond_Appearing,
                          ImVec2(0.5f, 0.5f));
  if (!ImGui::BeginPopupModal(kUnsavedPopup, nullptr, ImGuiWindowFlags_AlwaysAutoResize)) return;
  const std::string name = model.document.path.empty() ? model.lesson.lesson.title
                                                       : fs::path(model.document.path).filename().string();
  ImGui::Text("\"%s\" has changes that are not saved.", name.c_str());
  ImGui::TextUnformatted(leave_question(*file.pending).c_str());
  ui.stage.layout.texts.push_back(leave_question(*file.pending));
  ImGui::Spacing();
  std::optional<UnsavedChoice> choice;
  if (ui::button("Save")) choice = UnsavedChoice::kSave;
  ImGui::SameLine();
  if (ui::button("Discard")) choice = UnsavedChoice::kDiscard;
  ImGui::SameLine();
  if (ui::button("Cancel") || ImGui::IsKeyPressed(ImGui::GetKeyIndex(ImGuiKey_Escape)))
    choice = UnsavedChoice::kCancel;
  if (choice) {
    actions.file.unsaved_choice = choice;
    ImGui::CloseCurrentPopup();
  }
  ImGui::EndPopup();
}

void draw_restore_offer(UiState& ui, Actions& actions) {
  if (!ui.file.restore_offer) return;
  if (!ImGui::IsPopupOpen(kRestorePopup)) ImGui::OpenPopup(kRestorePopup);
  const ImVec2 display = ImGui::GetIO().DisplaySize;
  ImGui::SetNextWindowPos(ImVec2(display.x * 0.5f, display.y * 0.5f), ImGuiCond_Appearing,
                          ImVec2(0.5f, 0.5f));
  if (!ImGui::BeginPopupModal(kRestorePopup, nullptr, ImGuiWindowFlags_AlwaysAutoResize)) return;
  const std::string question = "Restore the work from " + ui.file.restore_offer->time + "?";
  ImGui::TextUnformatted(question.c_str());
  ui.stage.layout.texts.push_back(question);
  ImGui::TextColored(palette::kMutedText, "convstep did not close normally last time; its autosave is kept.");
  ImGui::Spacing();
  if (ui::button("Restore")) {
    actions.file.restore = true;
    ImGui::CloseCurrentPopup();
  }
  ImGui::SameLine();
  if (ui::button("Discard##restore")) {
    actions.file.restore = false;
    ImGui::CloseCurrentPopup();
  }
  ImGui::EndPopup();
}

}  // namespace

const std::vector<std::string>& openable_extensions() {
  static const std::vector<std::string> kExtensions = {".convstep", ".json", ".png", ".jpg", ".jpeg",
                                                       ".bmp",      ".gif",  ".tga", ".npy"};
  return kExtensions;
}

void start_open_dialog(const AppModel& model, UiState& ui) {
  FileUi& file = ui.file;
  if (file.browser.is_open || file.native.running()) return;
  const DialogTool tool = file.native_dialogs ? find_dialog_tool() : DialogTool::kNone;
  if (tool != DialogTool::kNone &&
      start_dialog(file.native,
                   dialog_command(tool, false, "Open", start_folder(model) + "/", openable_extensions()))) {
    file.native_saves = false;
    return;
  }
  file.browser_saves = false;
  open_file_browser(file.browser, "Open a lesson, session, image or .npy", openable_extensions(),
                    start_folder(model), standard_places("Lessons", lessons_dir()));
}

void start_save_dialog(const AppModel& model, UiState& ui) {
  FileUi& file = ui.file;
  if (file.browser.is_open || file.native.running()) return;
  // A new session is saved beside the document, or in the working folder (not among the built-in lessons).
  const std::string folder = model.document.path.empty() ? std::string(".") : start_folder(model);
  const std::string name = suggested_session_name(model);
  const DialogTool tool = file.native_dialogs ? find_dialog_tool() : DialogTool::kNone;
  if (tool != DialogTool::kNone &&
      start_dialog(file.native,
                   dialog_command(tool, true, "Save the session as", (fs::absolute(folder) / name).string(),
                                  {kSessionExtension}))) {
    file.native_saves = true;
    return;
  }
  file.browser_saves = true;
  open_save_browser(file.browser, "Save the session as", {kSessionExtension}, fs::absolute(folder).string(),
                    standard_places("Lessons", lessons_dir()), name);
}

void read_file_keys(UiState& ui, Actions& actions) {
  const ImGuiIO& io = ImGui::GetIO();
  if (io.WantTextInput || is_file_dialog_open(ui.file) || ui.lesson_browser.is_open) return;
  bool shift = false;
  if (ctrl_pressed(ui.key_presses, GLFW_KEY_N, false, &shift)) actions.file.new_session = true;
  if (ctrl_pressed(ui.key_presses, GLFW_KEY_O, false, &shift)) ui.file.open_requested = true;
  if (ctrl_pressed(ui.key_presses, GLFW_KEY_S, false, &shift)) {
    if (shift) {
      ui.file.save_as_requested = true;
    } else {
      actions.file.save = true;
    }
  }
  if (ctrl_pressed(ui.key_presses, GLFW_KEY_Q, false, &shift)) actions.file.quit = true;
  if (ctrl_pressed(ui.key_presses, GLFW_KEY_B, false, &shift) && !ui.presentation.on)
    ui.sidebar_hidden = !ui.sidebar_hidden;
}

namespace {

// What the window shows: the layer panel beside the grids, presentation mode.
void draw_view_menu(UiState& ui) {
  const bool open = ImGui::BeginMenu("View");
  record_last_item("View");
  if (!open) return;
  bool shown = !ui.sidebar_hidden;
  if (ImGui::MenuItem("Layer panel", "Ctrl+B", &shown, ui.main_view == MainView::kStepper))
    ui.sidebar_hidden = !shown;
  if (ImGui::MenuItem("Presentation mode", "F5")) set_presentation(ui, true);
  ImGui::EndMenu();
}

}  // namespace

float draw_menu_bar(const AppModel& model, UiState& ui, Actions& actions) {
  poll_native_dialog(model, ui, actions);
  if (ui.file.save_as_requested) {
    ui.file.save_as_requested = false;
    start_save_dialog(model, ui);
  }
  if (ui.file.open_requested) {
    ui.file.open_requested = false;
    start_open_dialog(model, ui);
  }
  float height = 0;
  if (!ui.presentation.on) {
    // A slimmer bar than the theme's frames would make: the grids below need the height.
    ImGui::PushStyleVar(ImGuiStyleVar_FramePadding,
                        ImVec2(ImGui::GetStyle().FramePadding.x, kMenuBarFramePadding));
    if (ImGui::BeginMainMenuBar()) {
      draw_file_menu(model, ui, actions);
      // Further menus follow File here, each drawn by its own function.
      draw_edit_menu(model, ui, actions);
      draw_view_menu(ui);
      draw_document_status(model, actions);
      height = ImGui::GetWindowSize().y;
      ImGui::EndMainMenuBar();
    }
    ImGui::PopStyleVar();
  }
  return height;
}

void draw_file_dialogs(const AppModel& model, UiState& ui, Actions& actions) {
  draw_builtin_dialog(ui, actions);
  draw_restore_offer(ui, actions);
  draw_unsaved_question(model, ui, actions);
}

}  // namespace convstep
