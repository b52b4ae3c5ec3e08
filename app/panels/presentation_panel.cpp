// The mode's keys are read before the panels are built, so a press enters or leaves the mode in the
// same frame the layout changes; the type size takes effect from the next frame (ImGui reads its global
// scale when a frame begins).
#include "app/panels/presentation_panel.h"

#include <algorithm>
#include <cmath>

#include <glad/gl.h>

#include <GLFW/glfw3.h>
#include <imgui.h>

#include "core/settings.h"

namespace convstep {
namespace {

constexpr float kTextScaleStep = 1.1f;

bool pressed(const UiState& ui, int key) {
  return key_presses(ui.key_presses, key, ImGui::IsKeyPressed(key, false)) > 0;
}

}  // namespace

void set_presentation(UiState& ui, bool on) {
  ui.presentation.on = on;
  ui.presentation.blanked = false;
  // The stepping view and the Network view present themselves; the playground's photos do not.
  if (on && ui.main_view == MainView::kPlayground) {
    ui.main_view = MainView::kStepper;
    ui.select_view = true;
  }
}

void read_presentation_keys(UiState& ui) {
  const ImGuiIO& io = ImGui::GetIO();
  if (io.WantTextInput || ui.lesson_browser.is_open || is_file_dialog_open(ui.file)) return;
  PresentationState& p = ui.presentation;
  if (pressed(ui, GLFW_KEY_F5)) set_presentation(ui, !p.on);
  if (!p.on) return;
  if (pressed(ui, GLFW_KEY_ESCAPE)) {
    // Esc first lifts a blank screen, as slide software does, then leaves the mode.
    if (p.blanked) {
      p.blanked = false;
    } else {
      set_presentation(ui, false);
      return;
    }
  }
  if (pressed(ui, GLFW_KEY_B)) p.blanked = !p.blanked;
  if (io.KeyCtrl) {
    if (pressed(ui, GLFW_KEY_EQUAL) || pressed(ui, GLFW_KEY_KP_ADD)) p.text_scale *= kTextScaleStep;
    if (pressed(ui, GLFW_KEY_MINUS) || pressed(ui, GLFW_KEY_KP_SUBTRACT)) p.text_scale /= kTextScaleStep;
    if (pressed(ui, GLFW_KEY_0) || pressed(ui, GLFW_KEY_KP_0)) p.text_scale = 1.0f;
    p.text_scale = std::clamp(p.text_scale, kMinTextScale, kMaxTextScale);
  }
}

float presentation_type_scale(const PresentationState& presentation) {
  return presentation.on ? kPresentationType * presentation.text_scale : 1.0f;
}

void draw_blank_screen(const UiState& ui) {
  if (!ui.presentation.on || !ui.presentation.blanked) return;
  const ImGuiViewport* viewport = ImGui::GetMainViewport();
  ImGui::GetForegroundDrawList()->AddRectFilled(
      viewport->Pos, ImVec2(viewport->Pos.x + viewport->Size.x, viewport->Pos.y + viewport->Size.y),
      IM_COL32(0, 0, 0, 255));
}

}  // namespace convstep
