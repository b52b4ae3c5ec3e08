// Undo/redo buttons and keys, the Tensors window and the drop and replace questions. Everything here
// records Actions; apply_actions opens, exports and steps through the history.
#include "app/panels/tensors_panel.h"

#include <cstdio>
#include <filesystem>
#include <string>

#include <glad/gl.h>

#include <GLFW/glfw3.h>
#include <imgui.h>

#include "app/app_history.h"
#include "app/widgets/theme.h"
#include "app/widgets/widget_log.h"

namespace convstep {
namespace {

constexpr const char* kTensorsWindow = "Tensors";
constexpr TensorSlot kSlots[] = {TensorSlot::kInput, TensorSlot::kWeight, TensorSlot::kBias};
constexpr ExportedTensor kExports[] = {ExportedTensor::kInput, ExportedTensor::kWeight, ExportedTensor::kBias,
                                       ExportedTensor::kOutput};

std::string history_tooltip(const History& history, bool undo) {
  const std::string label = undo ? history.undo_label() : history.redo_label();
  std::string tip = label.empty() ? (undo ? "Nothing to undo" : "Nothing to redo")
                                  : std::string(undo ? "Undo: " : "Redo: ") + label;
  tip += undo ? "  (Ctrl+Z)" : "  (Ctrl+Shift+Z or Ctrl+Y)";
  const size_t count = undo ? history.undo_count() : history.redo_count();
  char line[160];
  if (count > 1) {
    std::snprintf(line, sizeof line, "\n%zu steps %s", count, undo ? "back" : "forward");
    tip += line;
  }
  if (undo && history.dropped() > 0) {
    std::snprintf(line, sizeof line,
                  "\nThe oldest %zu changes were dropped to keep the history within %zu steps and %.0f MB",
                  history.dropped(), history.limits().max_entries,
                  static_cast<double>(history.limits().max_bytes) / (1 << 20));
    tip += line;
  }
  return tip;
}

std::string shape_text(const std::optional<Tensor>& t) {
  return t ? t->shape_string() : "\xE2\x80\x94";
}

std::string default_export_name(ExportedTensor what) {
  return std::string(exported_tensor_name(what)) + ".npy";
}

void tensor_row(const AppModel& model, UiState& ui, Actions& actions, ExportedTensor what) {
  TensorsUi& t = ui.tensors;
  const int index = static_cast<int>(what);
  char* path = t.export_path[index];
  if (path[0] == '\0')
    std::snprintf(path, sizeof t.export_path[index], "%s", default_export_name(what).c_str());
  const std::optional<Tensor> tensor = exported_tensor(model, what);
  ImGui::PushID(index);
  ImGui::TableNextRow();
  ImGui::TableNextColumn();
  ImGui::AlignTextToFramePadding();
  ImGui::TextUnformatted(exported_tensor_name(what));
  ImGui::TableNextColumn();
  ImGui::AlignTextToFramePadding();
  ImGui::TextUnformatted(shape_text(tensor).c_str());
  ImGui::TableNextColumn();
  if (what != ExportedTensor::kOutput) {
    const TensorSlot slot = kSlots[index];
    if (ui::button("Open .npy\xE2\x80\xA6")) {
      t.browsing_for = slot;
      open_file_browser(t.browser, std::string("Open a .npy as the ") + tensor_slot_name(slot), {".npy"}, ".",
                        standard_places("Working folder", "."));
    }
    if (ImGui::IsItemHovered())
      ImGui::SetTooltip(
          "Use a NumPy file as the %s; a shape that does not fit is explained and the scene stays",
          tensor_slot_name(slot));
  }
  ImGui::TableNextColumn();
  ImGui::SetNextItemWidth(ImGui::CalcTextSize("a_longer_name.npy").x + 2 * ImGui::GetStyle().FramePadding.x);
  const bool entered = ui::input_text_with_hint("##path", "file.npy", path, sizeof t.export_path[index],
                                                ImGuiInputTextFlags_EnterReturnsTrue);
  ImGui::SameLine();
  ImGui::BeginDisabled(!tensor);
  const bool clicked = ui::button("Export");
  ImGui::EndDisabled();
  if (ImGui::IsItemHovered(ImGuiHoveredFlags_AllowWhenDisabled))
    ImGui::SetTooltip(tensor ? "Write the %s as a float32 .npy (NumPy: np.load)" : "This scene has no %s",
                      exported_tensor_name(what));
  if ((entered || clicked) && tensor) actions.export_npy = TensorExport{what, path, false};
  ImGui::PopID();
}

// A modal question with one row of answers; returns the answer pressed (-1 none). Esc answers `cancel`.
int ask(const char* title, const std::string& question, std::initializer_list<const char*> answers,
        int cancel) {
  if (!ImGui::IsPopupOpen(title)) ImGui::OpenPopup(title);
  const ImGuiViewport* viewport = ImGui::GetMainViewport();
  ImGui::SetNextWindowPos(viewport->GetCenter(), ImGuiCond_Appearing, ImVec2(0.5f, 0.5f));
  if (!ImGui::BeginPopupModal(title, nullptr, ImGuiWindowFlags_AlwaysAutoResize)) return -1;
  ImGui::PushTextWrapPos(ImGui::GetFontSize() * 28);
  ImGui::TextUnformatted(question.c_str());
  ImGui::PopTextWrapPos();
  ImGui::Spacing();
  int chosen = -1, i = 0;
  for (const char* answer : answers) {
    if (i > 0) ImGui::SameLine();
    if (ui::button(answer,
                   ImVec2(ImGui::CalcTextSize("Replace").x + 2 * ImGui::GetStyle().FramePadding.x + 8, 0)))
      chosen = i;
    ++i;
  }
  if (ImGui::IsKeyPressed(GLFW_KEY_ESCAPE, false)) chosen = cancel;
  if (chosen >= 0) ImGui::CloseCurrentPopup();
  ImGui::EndPopup();
  return chosen;
}

}  // namespace

void read_undo_keys(const UiState& ui, Actions& actions) {
  if (ImGui::GetIO().WantTextInput || ui.lesson_browser.is_open || ui.tensors.browser.is_open) return;
  bool shift = false;
  if (ctrl_pressed(ui.key_presses, GLFW_KEY_Z, true, &shift)) (shift ? actions.redo : actions.undo) = true;
  if (ctrl_pressed(ui.key_presses, GLFW_KEY_Y, true, &shift)) actions.redo = true;
}

void draw_history_toolbar(const AppModel& model, UiState& ui, Actions& actions) {
  const History& history = model.history;
  ImGui::BeginDisabled(!history.can_undo());
  if (ui::small_button("Undo")) actions.undo = true;
  ImGui::EndDisabled();
  if (ImGui::IsItemHovered(ImGuiHoveredFlags_AllowWhenDisabled))
    ImGui::SetTooltip("%s", history_tooltip(history, true).c_str());
  ImGui::SameLine();
  ImGui::BeginDisabled(!history.can_redo());
  if (ui::small_button("Redo")) actions.redo = true;
  ImGui::EndDisabled();
  if (ImGui::IsItemHovered(ImGuiHoveredFlags_AllowWhenDisabled))
    ImGui::SetTooltip("%s", history_tooltip(history, false).c_str());
  ImGui::SameLine();
  if (ui::small_button("Tensors\xE2\x80\xA6")) ui.tensors.open = !ui.tensors.open;
  if (ImGui::IsItemHovered())
    ImGui::SetTooltip("Open a .npy as the input, weight or bias, or export them (and the output) as .npy");
}

void draw_edit_menu(const AppModel& model, UiState& ui, Actions& actions) {
  const bool open = ImGui::BeginMenu("Edit");
  record_last_item("Edit");
  if (!open) return;
  const History& history = model.history;
  const std::string undo = history.can_undo() ? "Undo " + history.undo_label() : std::string("Undo");
  const std::string redo = history.can_redo() ? "Redo " + history.redo_label() : std::string("Redo");
  if (ImGui::MenuItem((undo + "###undo").c_str(), "Ctrl+Z", false, history.can_undo())) actions.undo = true;
  if (ImGui::MenuItem((redo + "###redo").c_str(), "Ctrl+Shift+Z", false, history.can_redo()))
    actions.redo = true;
  ImGui::Separator();
  if (ImGui::MenuItem("Tensors (.npy)\xE2\x80\xA6", nullptr, ui.tensors.open,
                      model.lesson.stepper.has_value()))
    ui.tensors.open = !ui.tensors.open;
  if (ImGui::IsItemHovered())
    ImGui::SetTooltip("Open a .npy as the input, weight or bias, or export them (and the output) as .npy");
  ImGui::EndMenu();
}

void draw_tensors_window(const AppModel& model, UiState& ui, Actions& actions) {
  TensorsUi& t = ui.tensors;
  if (std::optional<std::string> chosen = draw_file_browser(t.browser))
    actions.imports.push_back({t.browsing_for, *chosen});
  if (!t.open || !model.lesson.stepper) return;
  const ImGuiViewport* viewport = ImGui::GetMainViewport();
  ImGui::SetNextWindowPos(
      ImVec2(viewport->WorkPos.x + viewport->WorkSize.x * 0.5f, viewport->WorkPos.y + 120),
      ImGuiCond_Appearing, ImVec2(0.5f, 0));
  if (!ImGui::Begin(kTensorsWindow, &t.open,
                    ImGuiWindowFlags_AlwaysAutoResize | ImGuiWindowFlags_NoSavedSettings |
                        ImGuiWindowFlags_NoCollapse)) {
    ImGui::End();
    return;
  }
  if (ImGui::BeginTable("tensors", 4, ImGuiTableFlags_SizingFixedFit)) {
    for (ExportedTensor what : kExports) tensor_row(model, ui, actions, what);
    ImGui::EndTable();
  }
  const TensorQuestions& q = model.tensor_files;
  if (!q.message.empty()) {
    ImGui::PushTextWrapPos(ImGui::GetFontSize() * 30);
    ImGui::TextColored(q.failed ? palette::kErrorText : palette::kMutedText, "%s", q.message.c_str());
    ImGui::PopTextWrapPos();
  }
  ImGui::TextColored(palette::kMutedText, "Dropping a .npy on the window asks which tensor it becomes.");
  ImGui::End();
}

void draw_tensor_questions(const AppModel& model, UiState& ui, Actions& actions) {
  const TensorQuestions& q = model.tensor_files;
  if (q.dropped) {
    const std::string question =
        std::filesystem::path(*q.dropped).filename().string() + " holds a " +
        shape_to_string(q.dropped_shape) +
        " tensor.\nUse it as the scene's input, its weight or its bias? A shape that does not fit "
        "is explained and the scene stays as it is.";
    ui.stage.layout.texts.push_back(question);  // as shown, for a headless run's layout
    const int answer = ask(kDropQuestionTitle, question, {"Input", "Weight", "Bias", "Cancel"}, 3);
    if (answer >= 0 && answer < 3) actions.imports.push_back({kSlots[answer], *q.dropped});
    if (answer == 3) actions.cancel_drop = true;
  } else if (q.replace) {
    const std::string question = q.replace->path + " already exists. Replace it with the " +
                                 exported_tensor_name(q.replace->what) + "?";
    ui.stage.layout.texts.push_back(question);
    const int answer = ask(kReplaceQuestionTitle, question, {"Replace", "Cancel"}, 1);
    if (answer == 0) {
      actions.export_npy = *q.replace;
      actions.export_npy->replace = true;
    }
    if (answer == 1) actions.cancel_export = true;
  }
}

}  // namespace convstep
