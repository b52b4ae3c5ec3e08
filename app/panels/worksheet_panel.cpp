// The dialog writes the file itself: printing reads the model and changes nothing on screen, so it
// needs no action. The scene printed is the stepper's, i.e. the lesson as edited in the window.
#include "app/panels/worksheet_panel.h"

#include <algorithm>
#include <cstdio>
#include <filesystem>

#include <imgui.h>

#include "app/app.h"
#include "app/widgets/theme.h"
#include "app/widgets/widget_log.h"
#include "core/exercises.h"

namespace convstep {

namespace {

constexpr Difficulty kDifficulties[] = {Difficulty::kEasy, Difficulty::kMedium, Difficulty::kHard};
constexpr const char* kTitle = "Worksheet##dialog";
constexpr const char* kButtonLabel = "Worksheet\xE2\x80\xA6";

void set_path(WorksheetPanelState& state, const std::string& path) {
  std::snprintf(state.path, sizeof state.path, "%s", path.c_str());
}

}  // namespace

std::vector<WorksheetExercise> worksheet_panel_exercises(const AppModel& model,
                                                         const WorksheetPanelState& state,
                                                         WorksheetOptions* options) {
  options->paper = state.letter ? Paper::kLetter : Paper::kA4;
  std::vector<WorksheetExercise> exercises;
  if (state.from_lesson) {
    if (!model.lesson.stepper) return exercises;
    exercises.push_back({model.lesson.stepper->scene(), model.lesson.lesson.title});
    options->subtitle = "lesson " + model.lesson.lesson.name;
    return exercises;
  }
  const Difficulty d = kDifficulties[std::clamp(state.difficulty, 0, 2)];
  const int count = std::clamp(state.count, 1, 1000);
  const uint64_t seed = static_cast<uint64_t>(std::max(0, state.seed));
  exercises = worksheet_exercises(generate_exercises(seed, count, d));
  options->subtitle = "seed " + std::to_string(seed) + " · " + difficulty_name(d) + " · " +
                      std::to_string(count) + (count == 1 ? " exercise" : " exercises") +
                      " (the same as convstep exercises --seed " + std::to_string(seed) + ")";
  return exercises;
}

std::string default_worksheet_path(const AppModel& model, const WorksheetPanelState& state) {
  std::error_code ec;
  std::filesystem::path folder = std::filesystem::current_path(ec);
  const std::string name =
      state.from_lesson
          ? "worksheet-" +
                (model.lesson.lesson.name.empty() ? std::string("lesson") : model.lesson.lesson.name) + ".pdf"
          : "worksheet-seed-" + std::to_string(std::max(0, state.seed)) + ".pdf";
  return (folder / name).string();
}

bool write_worksheet_from_panel(const AppModel& model, WorksheetPanelState& state, bool replace) {
  state.confirm_replace.clear();
  const std::string path = state.path;
  state.failed = true;
  if (path.empty()) {
    state.message = "Type where to write the worksheet (a .pdf path).";
    return false;
  }
  std::error_code ec;
  if (!replace && std::filesystem::is_regular_file(path, ec)) {
    state.confirm_replace = path;
    state.message.clear();
    state.failed = false;
    return false;
  }
  WorksheetOptions options;
  const std::vector<WorksheetExercise> exercises = worksheet_panel_exercises(model, state, &options);
  options.force = true;  // asked above
  if (Status written = write_worksheet_pdf(exercises, options, path); !written) {
    state.message = written.message();
    return false;
  }
  const std::filesystem::path full = std::filesystem::absolute(path, ec);
  state.message = "Wrote " + (ec ? path : full.lexically_normal().string()) + ": " +
                  std::to_string(exercises.size()) + (exercises.size() == 1 ? " exercise" : " exercises") +
                  " and the answer key.";
  state.failed = false;
  return true;
}

float worksheet_button_width() {
  return ImGui::CalcTextSize(kButtonLabel).x + 2 * ImGui::GetStyle().FramePadding.x +
         ImGui::GetStyle().ItemSpacing.x;
}

void open_worksheet_dialog(const AppModel& model, WorksheetPanelState& state) {
  state.open_requested = true;
  state.message.clear();
  state.confirm_replace.clear();
  set_path(state, default_worksheet_path(model, state));
}

void draw_worksheet_button(const AppModel& model, WorksheetPanelState& state) {
  ImGui::SameLine();
  if (ui::button(kButtonLabel)) open_worksheet_dialog(model, state);
  if (ImGui::IsItemHovered())
    ImGui::SetTooltip("Print this lesson, or exercises from a seed, as a PDF worksheet with an answer key");
}

void draw_worksheet_dialog(const AppModel& model, WorksheetPanelState& state) {
  if (state.open_requested) {
    ImGui::OpenPopup(kTitle);
    state.open_requested = false;
  }
  ImGui::SetNextWindowSize(ImVec2(ImGui::GetFontSize() * 40, 0), ImGuiCond_Appearing);
  if (!ImGui::BeginPopupModal(kTitle, nullptr, ImGuiWindowFlags_NoSavedSettings)) return;
  const std::string before = default_worksheet_path(model, state);
  ImGui::TextUnformatted("Print a worksheet: each exercise with an empty feature map, then the answer key.");
  ImGui::Spacing();
  const std::string lesson = "This lesson: " + model.lesson.lesson.title;
  if (ui::radio_button(lesson.c_str(), state.from_lesson)) state.from_lesson = true;
  if (ui::radio_button("Exercises from a seed (as convstep exercises)", !state.from_lesson))
    state.from_lesson = false;
  if (!state.from_lesson) {
    ImGui::Indent();
    ImGui::SetNextItemWidth(ImGui::GetFontSize() * 9);
    if (ui::input_int("seed", &state.seed)) state.seed = std::max(0, state.seed);
    ImGui::SetNextItemWidth(ImGui::GetFontSize() * 9);
    if (ui::input_int("exercises", &state.count)) state.count = std::clamp(state.count, 1, 1000);
    const char* names[] = {"easy", "medium", "hard"};
    ImGui::SetNextItemWidth(ImGui::GetFontSize() * 9);
    if (ui::begin_combo("difficulty", names[std::clamp(state.difficulty, 0, 2)])) {
      for (int i = 0; i < 3; ++i)
        if (ImGui::Selectable(names[i], state.difficulty == i)) state.difficulty = i;
      ImGui::EndCombo();
    }
    ImGui::Unindent();
  }
  if (state.path == before || state.path[0] == '\0') set_path(state, default_worksheet_path(model, state));
  ImGui::Spacing();
  ImGui::AlignTextToFramePadding();
  ImGui::TextUnformatted("Paper");
  ImGui::SameLine();
  if (ui::radio_button("A4", !state.letter)) state.letter = false;
  ImGui::SameLine();
  if (ui::radio_button("Letter", state.letter)) state.letter = true;
  ImGui::AlignTextToFramePadding();
  ImGui::TextUnformatted("Save as");
  ImGui::SameLine();
  ImGui::SetNextItemWidth(-1);
  const bool entered = ui::input_text_with_hint("##worksheet_path", "/path/to/worksheet.pdf", state.path,
                                                sizeof state.path, ImGuiInputTextFlags_EnterReturnsTrue);
  ImGui::Spacing();
  if (!state.confirm_replace.empty()) {
    ImGui::TextColored(palette::kAccentText, "%s already exists. Replace it?", state.confirm_replace.c_str());
    if (ui::button("Replace")) write_worksheet_from_panel(model, state, true);
    ImGui::SameLine();
    if (ui::button("Cancel##replace")) state.confirm_replace.clear();
  } else {
    if (ui::button("Write PDF") || entered) write_worksheet_from_panel(model, state, false);
    ImGui::SameLine();
    if (ui::button("Close")) ImGui::CloseCurrentPopup();
  }
  if (!state.message.empty()) {
    ImGui::PushTextWrapPos(0);
    ImGui::TextColored(state.failed ? palette::kErrorText : palette::kMutedText, "%s", state.message.c_str());
    ImGui::PopTextWrapPos();
  }
  if (ImGui::IsKeyPressed(ImGui::GetKeyIndex(ImGuiKey_Escape))) ImGui::CloseCurrentPopup();
  ImGui::EndPopup();
}

}  // namespace convstep
