#include "app/panels/progress_panel.h"

#include <cstdio>
#include <string>

#include <imgui.h>

#include "app/widgets/widget_log.h"
#include "core/ops_work.h"

namespace convstep {

void draw_progress_panel(const AppModel& model, UiState& ui, Actions& actions) {
  const std::shared_ptr<BackgroundRun>& run = model.full_output.run;
  if (!run || ui.main_view != MainView::kStepper || ui.presentation.blanked) return;
  const ImGuiViewport* viewport = ImGui::GetMainViewport();
  const float width = std::min(560.0f, viewport->WorkSize.x - 40.0f);
  ImGui::SetNextWindowPos(ImVec2(viewport->WorkPos.x + viewport->WorkSize.x * 0.5f,
                                 viewport->WorkPos.y + viewport->WorkSize.y - 16.0f),
                          ImGuiCond_Always, ImVec2(0.5f, 1.0f));
  ImGui::SetNextWindowSize(ImVec2(width, 0));
  const ImGuiWindowFlags flags = ImGuiWindowFlags_NoTitleBar | ImGuiWindowFlags_NoResize |
                                 ImGuiWindowFlags_NoMove | ImGuiWindowFlags_NoSavedSettings |
                                 ImGuiWindowFlags_NoCollapse | ImGuiWindowFlags_NoFocusOnAppearing;
  if (ImGui::Begin("Computing the full output", nullptr, flags)) {
    const double fraction = run->progress();
    const std::string line = "Computing the full output: " + grouped_number(run->done_outputs()) + " of " +
                             grouped_number(run->total()) + " outputs. Stepping works meanwhile.";
    ImGui::TextWrapped("%s", line.c_str());
    ui.stage.layout.texts.push_back(line);
    char percent[16];
    std::snprintf(percent, sizeof percent, "%.0f %%", fraction * 100.0);
    const float cancel_width = ImGui::CalcTextSize("Cancel").x + 2 * ImGui::GetStyle().FramePadding.x;
    ImGui::ProgressBar(
        static_cast<float>(fraction),
        ImVec2(ImGui::GetContentRegionAvail().x - cancel_width - ImGui::GetStyle().ItemSpacing.x, 0),
        percent);
    record_last_item("full output progress");
    ImGui::SameLine();
    if (ui::button("Cancel")) actions.cancel_output = true;
    if (ImGui::IsItemHovered()) ImGui::SetTooltip("Stop, and put back the scene shown before this change");
  }
  ImGui::End();
}

}  // namespace convstep
