// The stage panel: turns the App's StepView into the stage's input, draws the toolbar and the stage,
// and turns the stage's requests into Actions. The only file of the stage that knows the App.
#include "app/panels/grids_panel.h"

#include <algorithm>
#include <string>

#include "app/stage/stage_view.h"
#include "app/widgets/widget_log.h"
#include "core/presets.h"

namespace convstep {
namespace {

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
  ImGui::AlignTextToFramePadding();
  ImGui::TextDisabled("input");
  ImGui::SameLine();
  if (ui::button("random##input")) actions.fills.randomize_input = true;
  if (ImGui::IsItemHovered()) ImGui::SetTooltip("Small integers, easy to multiply by hand");
  ImGui::SameLine();
  if (ui::button("clear##input")) actions.fills.clear_input = true;
  if (conv) {
    ImGui::SameLine(0, 18);
    ImGui::TextDisabled("kernel");
    ImGui::SameLine();
    if (ui::button("random##kernel")) actions.fills.randomize_weight = true;
    if (ImGui::IsItemHovered()) ImGui::SetTooltip("Small integers, easy to multiply by hand");
    ImGui::SameLine();
    if (ui::button("clear##kernel")) actions.fills.clear_weight = true;
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

  const float right_width = 330;
  ImGui::SameLine(std::max(ImGui::GetCursorPosX() + 12, ImGui::GetWindowContentRegionMax().x - right_width));
  bool article = stage.palette == 1;
  if (ui::checkbox("article colours", &article)) stage.palette = article ? 1 : 0;
  if (ImGui::IsItemHovered())
    ImGui::SetTooltip(
        "The article's blue input, green filter and red feature map;\noff: a colour-blind-safe scale");
  ImGui::SameLine(0, 14);
  ImGui::SetNextItemWidth(110);
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
  draw_toolbar(model, ui, actions);
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
  const StageRequests requests =
      draw_stage(in, model.view.running, stage, ui.fonts, ImVec2(size.x, std::max(40.0f, size.y - used)));
  actions.cell_edits.insert(actions.cell_edits.end(), requests.cell_edits.begin(), requests.cell_edits.end());
}

}  // namespace convstep
