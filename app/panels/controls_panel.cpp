// Buttons and keys map one-to-one onto Actions; the step itself changes in apply_actions.
#include "app/panels/controls_panel.h"

#include <string>

#include <glad/gl.h>

#include <GLFW/glfw3.h>
#include <imgui.h>

#include "app/widgets/theme.h"

namespace convstep {
namespace {

void read_keys(Actions& actions) {
  const ImGuiIO& io = ImGui::GetIO();
  if (io.WantTextInput) return;
  if (ImGui::IsKeyPressed(GLFW_KEY_SPACE) || ImGui::IsKeyPressed(GLFW_KEY_RIGHT)) actions.step_forward = true;
  if (ImGui::IsKeyPressed(GLFW_KEY_LEFT)) actions.step_back = true;
  if (ImGui::IsKeyPressed(GLFW_KEY_HOME, false)) actions.reset = true;
  if (ImGui::IsKeyPressed(GLFW_KEY_P, false)) actions.toggle_play = true;
}

}  // namespace

void draw_controls_panel(const App& app, Actions& actions) {
  read_keys(actions);
  const bool has_steps = app.lesson.stepper.has_value();
  const int64_t count = has_steps ? app.lesson.stepper->step_count() : 0;
  const int64_t step = app.playback.step;

  ImGui::BeginDisabled(!has_steps);
  ImGui::BeginDisabled(step <= 0);
  if (ImGui::Button("\xE2\x97\x80  Back")) actions.step_back = true;
  ImGui::EndDisabled();
  ImGui::SameLine();
  ImGui::BeginDisabled(step + 1 >= count);
  if (ImGui::Button("Step  \xE2\x96\xB6")) actions.step_forward = true;
  ImGui::EndDisabled();
  ImGui::SameLine();
  if (ImGui::Button("Reset")) actions.reset = true;
  ImGui::SameLine();
  if (ImGui::Button(app.playback.playing ? "Pause" : "Play",
                    ImVec2(ImGui::CalcTextSize("Pause").x + 28, 0))) {
    actions.toggle_play = true;
  }
  ImGui::SameLine(0, 24);

  // The slider shows steps 1-based, as a teacher counts them.
  int shown = static_cast<int>(step + 1);
  ImGui::SetNextItemWidth(260);
  const std::string format = "step %d of " + std::to_string(count);
  if (ImGui::SliderInt("##step", &shown, 1, static_cast<int>(count > 0 ? count : 1), format.c_str(),
                       ImGuiSliderFlags_AlwaysClamp)) {
    actions.seek = shown - 1;
  }
  ImGui::EndDisabled();

  // The key hint is left out when the window is too narrow for it; the buttons do the same.
  const char* hint =
      "Space/\xE2\x86\x92 step  \xC2\xB7  \xE2\x86\x90 back  \xC2\xB7  Home reset  \xC2\xB7  P play";
  const float right = ImGui::GetWindowPos().x + ImGui::GetWindowContentRegionMax().x;
  if (ImGui::GetItemRectMax().x + 24 + ImGui::CalcTextSize(hint).x > right) return;
  ImGui::SameLine(0, 24);
  ImGui::PushStyleColor(ImGuiCol_Text, palette::kMutedText);
  ImGui::TextUnformatted(hint);
  ImGui::PopStyleColor();
}

}  // namespace convstep
