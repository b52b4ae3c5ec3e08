// The stage panel: turns the App's StepView into the stage's input, draws the toolbar and the stage,
// and turns the stage's requests into Actions. The only file of the stage that knows the App.
#include "app/panels/grids_panel.h"

#include <algorithm>
#include <string>

#include "app/panels/quiz_panel.h"
#include "app/stage/stage_view.h"
#include "app/widgets/widget_log.h"
#include "core/presets.h"

namespace convstep {
namespace {

constexpr float kZoomWidth = 110, kNarrowZoomWidth = 84;
constexpr float kCaptionedToolbarWidth = 760;

bool is_playing(const AppModel& model) {
  return model.walk.playing;
}

// One compact row in the small font, so the grids keep the height: input and kernel fills on the left,
// colours and zoom on the right.
void draw_toolbar(const AppModel& model, UiState& ui, Actions& actions) {
  const bool conv = model.lesson.stepper && is_conv(model.lesson.stepper->geometry().op);
  StageState& stage = ui.stage;
  ImGui::PushFont(ui.fonts.small);
  ImGui::PushStyleVar(ImGuiStyleVar_FramePadding, ImVec2(8, 3));
  ImGui::PushStyleVar(ImGuiStyleVar_ItemSpacing, ImVec2(6, 6));
  // Edits wait for a pause: changing the numbers under a moving window would confuse the walk.
  ImGui::BeginDisabled(is_playing(model));
  // A narrow stage drops the "input" / "kernel" captions (the tooltips still say which is which), so
  // the whole toolbar stays on one line.
  const bool captions = ImGui::GetWindowContentRegionMax().x >= kCaptionedToolbarWidth;
  ImGui::AlignTextToFramePadding();
  if (captions) {
    ImGui::TextDisabled("input");
    ImGui::SameLine();
  }
  if (ui::button("random##input")) actions.fills.randomize_input = true;
  if (ImGui::IsItemHovered())
    ImGui::SetTooltip("Fill the input with small integers, easy to multiply by hand");
  ImGui::SameLine();
  if (ui::button("clear##input")) actions.fills.clear_input = true;
  if (ImGui::IsItemHovered()) ImGui::SetTooltip("Set every input value to 0");
  if (conv) {
    ImGui::SameLine(0, 18);
    if (captions) {
      ImGui::TextDisabled("kernel");
      ImGui::SameLine();
    }
    if (ui::button("random##kernel")) actions.fills.randomize_weight = true;
    if (ImGui::IsItemHovered())
      ImGui::SetTooltip("Fill the kernel with small integers, easy to multiply by hand");
    ImGui::SameLine();
    if (ui::button("clear##kernel")) actions.fills.clear_weight = true;
    if (ImGui::IsItemHovered()) ImGui::SetTooltip("Set every weight to 0");
    ImGui::SameLine();
    ImGui::SetNextItemWidth(96);
    if (ui::begin_combo("##preset", "preset", ImGuiComboFlags_HeightLarge)) {
      for (const KernelPreset& preset : kernel_presets()) {
        if (ImGui::Selectable(preset.name.c_str())) actions.fills.weight_preset = preset.id;
        if (ImGui::IsItemHovered()) ImGui::SetTooltip("%s", preset.description.c_str());
      }
      ImGui::EndCombo();
    }
  }
  ImGui::EndDisabled();

  // The palette and zoom group sits at the right end; in a narrow window it takes its short form, and
  // when even that leaves no room it starts a line of its own, never running over the edit buttons.
  const ImGuiStyle& style = ImGui::GetStyle();
  const auto group_width = [&](const char* label, float slider) {
    return ImGui::GetFrameHeight() + style.ItemInnerSpacing.x + ImGui::CalcTextSize(label, nullptr, true).x +
           14 + slider + style.ItemSpacing.x + ImGui::CalcTextSize("fit").x + 2 * style.FramePadding.x;
  };
  ImGui::SameLine();
  const float start = ImGui::GetCursorPosX() + 12;
  const float end = ImGui::GetWindowContentRegionMax().x;
  const bool wide = start + group_width("article colours", kZoomWidth) <= end;
  const char* label = wide ? "article colours" : "article##colours";
  const float slider = wide ? kZoomWidth : kNarrowZoomWidth;
  const float right_width = group_width(label, slider);
  if (start + right_width > end) {
    ImGui::NewLine();
  } else {
    ImGui::SameLine(end - right_width);
  }
  bool article = stage.palette == 1;
  if (ui::checkbox(label, &article)) stage.palette = article ? 1 : 0;
  if (ImGui::IsItemHovered())
    ImGui::SetTooltip(
        "The article's blue input, green filter and red feature map;\noff: a colour-blind-safe scale");
  ImGui::SameLine(0, 14);
  ImGui::SetNextItemWidth(slider);
  float percent = stage.zoom * 100;
  if (ui::slider_float("##zoom", &percent, 25, 600, "zoom %.0f%%", ImGuiSliderFlags_Logarithmic))
    stage.zoom = percent / 100;
  if (ImGui::IsItemHovered()) ImGui::SetTooltip("Ctrl + mouse wheel over the grids zooms too");
  ImGui::SameLine();
  if (ui::button("fit")) stage.zoom = 1;
  ImGui::PopStyleVar(2);
  ImGui::PopFont();
}

}  // namespace

void draw_grids_panel(const AppModel& model, UiState& ui, Actions& actions, ImVec2 size) {
  StageState& stage = ui.stage;
  if (!model.lesson.stepper || model.view.step < 0) {
    stage.layout.grids.clear();
    stage.layout.rects.clear();
    ImGui::Dummy(size);
    return;
  }
  const float top = ImGui::GetCursorPosY();
  if (!stage.presentation) draw_toolbar(model, ui, actions);
  const float used = ImGui::GetCursorPosY() - top;

  StageInput in;
  in.stepper = &*model.lesson.stepper;
  in.snapshot = &model.view.snapshot;
  in.from = model.view.from ? &*model.view.from : nullptr;
  in.slide = model.view.slide;
  in.tap = model.view.tap;
  in.output = &model.view.output;
  in.full_output = &model.view.full_output;
  in.editable = !is_playing(model);
  in.weight_denominator = model.lesson.weight_denominator;
  const StageQuiz quiz = stage_quiz(model, ui);
  if (model.quiz.on) in.quiz = &quiz;
  const StageRequests requests =
      draw_stage(in, model.view.running, stage, ui.fonts, ImVec2(size.x, std::max(40.0f, size.y - used)));
  actions.cell_edits.insert(actions.cell_edits.end(), requests.cell_edits.begin(), requests.cell_edits.end());
  if (requests.seek) actions.seek = requests.seek;
  if (requests.picked) take_stage_pick(model, ui, *requests.picked, actions);
}

}  // namespace convstep
