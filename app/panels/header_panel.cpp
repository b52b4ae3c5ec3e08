// Title, caption, the layer summary and any load error.
#include "app/panels/header_panel.h"

#include <string>

#include <imgui.h>

#include "app/widgets/step_text.h"
#include "app/widgets/theme.h"

namespace convstep {
namespace {

constexpr float kPickerWidth = 360;

// Choosing a lesson records an action; the lesson is replaced in apply_actions.
void lesson_picker(const App& app, Actions& actions) {
  if (app.ui.lessons.empty()) return;
  ImGui::SetNextItemWidth(kPickerWidth);
  if (ImGui::BeginCombo("##lesson", "Choose a lesson", ImGuiComboFlags_HeightLarge)) {
    for (const LessonEntry& entry : app.ui.lessons) {
      const bool selected = entry.name == app.lesson.lesson.name;
      const std::string label = entry.title + "   (" + entry.name + ")";
      if (ImGui::Selectable(label.c_str(), selected)) actions.load_lesson = entry.name;
      if (selected) ImGui::SetItemDefaultFocus();
    }
    ImGui::EndCombo();
  }
}

}  // namespace

void draw_header_panel(const App& app, Actions& actions) {
  const Fonts& fonts = app.ui.fonts;
  const Lesson& lesson = app.lesson.lesson;

  ImGui::PushFont(fonts.heading);
  ImGui::PushTextWrapPos(0.0f);
  ImGui::TextUnformatted(lesson.title.empty() ? "convstep" : lesson.title.c_str());
  ImGui::PopTextWrapPos();
  ImGui::PopFont();
  // The picker shares the title's line when both fit, and is vertically centred on it.
  const float title_end = ImGui::GetItemRectMax().x;
  const float title_mid = (ImGui::GetItemRectMin().y + ImGui::GetItemRectMax().y) * 0.5f;
  const float right = ImGui::GetWindowPos().x + ImGui::GetWindowContentRegionMax().x;
  if (right - title_end > kPickerWidth + 32) {
    ImGui::SameLine(ImGui::GetWindowContentRegionMax().x - kPickerWidth);
    ImGui::SetCursorScreenPos(
        ImVec2(ImGui::GetCursorScreenPos().x, title_mid - ImGui::GetFrameHeight() * 0.5f));
  }
  lesson_picker(app, actions);
  if (!lesson.caption.empty()) {
    ImGui::PushTextWrapPos(0.0f);
    ImGui::TextUnformatted(lesson.caption.c_str());
    ImGui::PopTextWrapPos();
  }
  if (app.lesson.stepper) {
    const Stepper& stepper = *app.lesson.stepper;
    const std::string summary = layer_summary(stepper.scene().params, stepper.geometry());
    const std::string shapes = shape_summary(stepper.geometry());
    ImGui::PushStyleColor(ImGuiCol_Text, palette::kMutedText);
    ImGui::PushTextWrapPos(0.0f);
    ImGui::TextUnformatted(summary.c_str());
    ImGui::PopTextWrapPos();
    // The shapes follow on the same line when they fit, else on the next.
    const float gap = 28;
    if (ImGui::GetItemRectMax().x + gap + ImGui::CalcTextSize(shapes.c_str()).x <
        ImGui::GetWindowPos().x + ImGui::GetWindowContentRegionMax().x) {
      ImGui::SameLine(0, gap);
    }
    ImGui::TextUnformatted(shapes.c_str());
    ImGui::PopStyleColor();
  }

  if (!app.lesson.error.empty() && !app.ui.error_dismissed) {
    ImGui::Spacing();
    ImGui::PushStyleColor(ImGuiCol_ChildBg, ImVec4(0.30f, 0.10f, 0.10f, 1.0f));
    const float wrap = ImGui::GetContentRegionAvail().x - 140;
    const float text_height = ImGui::CalcTextSize(app.lesson.error.c_str(), nullptr, false, wrap).y;
    ImGui::BeginChild("load_error", ImVec2(0, text_height + 2 * ImGui::GetStyle().WindowPadding.y * 0.6f),
                      false, ImGuiWindowFlags_NoScrollbar);
    ImGui::SetCursorPos(ImVec2(14, 8));
    ImGui::PushTextWrapPos(wrap);
    ImGui::TextColored(palette::kErrorText, "%s", app.lesson.error.c_str());
    ImGui::PopTextWrapPos();
    ImGui::SameLine(ImGui::GetWindowWidth() - 110);
    if (ImGui::SmallButton("Dismiss")) actions.dismiss_error = true;
    ImGui::EndChild();
    ImGui::PopStyleColor();
  }
}

}  // namespace convstep
