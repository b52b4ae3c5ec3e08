// Reads only the valid scene on screen; the texts come from core/pytorch_text so the window, the CLI and
// the tests write the layer identically.
#include "app/panels/layer_panel.h"

#include <string>

#include <imgui.h>

#include "app/panels/header_panel.h"
#include "app/widgets/theme.h"
#include "app/widgets/widget_log.h"
#include "core/pytorch_text.h"

namespace convstep {

void draw_layer_panel(const AppModel& model, UiState& ui) {
  if (!model.lesson.stepper) return;
  const Scene& scene = model.lesson.stepper->scene();
  const std::string layer = pytorch_layer(scene);
  const Result<std::string> shapes = pytorch_shapes(scene);

  ImGui::AlignTextToFramePadding();
  ImGui::TextColored(palette::kAccentText, "%s", layer.c_str());
  if (shapes) {
    ImGui::SameLine(0, 24);
    ImGui::TextUnformatted(shapes->c_str());
  }
  ImGui::SameLine(0, 24);
  if (ui::small_button("Copy")) ImGui::SetClipboardText(layer.c_str());
  if (ImGui::IsItemHovered()) ImGui::SetTooltip("Copy the layer line");
  ImGui::SameLine();
  // In a narrow window the script button takes a short label, so the caption toggle keeps its place.
  const float rest = ImGui::CalcTextSize("Copy runnable PyTorch").x + ImGui::CalcTextSize("show caption").x +
                     4 * ImGui::GetStyle().FramePadding.x + 2 * ImGui::GetStyle().ItemSpacing.x;
  const bool roomy = ImGui::GetCursorPosX() + rest <= ImGui::GetWindowContentRegionMax().x;
  if (ui::small_button(roomy ? "Copy runnable PyTorch" : "Copy script##runnable")) {
    if (Result<std::string> snippet = pytorch_snippet(scene)) ImGui::SetClipboardText(snippet->c_str());
  }
  if (ImGui::IsItemHovered())
    ImGui::SetTooltip("A Python script that builds this layer with these weights and prints its output");
  if (!model.lesson.lesson.caption.empty()) {
    const bool shown = caption_shown(ui);
    // Right-aligned; in a narrow window a short label, so it never runs off the edge.
    const char* label = shown ? "hide caption" : "show caption";
    const float padding = 2 * ImGui::GetStyle().FramePadding.x;
    ImGui::SameLine();
    const float end = ImGui::GetWindowContentRegionMax().x;
    if (ImGui::GetCursorPosX() + ImGui::CalcTextSize(label).x + padding > end)
      label = shown ? "\xE2\x88\x92##caption" : "+##caption";
    const float right = end - ImGui::CalcTextSize(label, nullptr, true).x - padding;
    if (right > ImGui::GetCursorPosX()) ImGui::SetCursorPosX(right);
    if (ui::small_button(label)) ui.show_caption = !shown;
    if (ImGui::IsItemHovered())
      ImGui::SetTooltip(shown ? "Hide the lesson's description, so the grids get the room"
                              : "Show the lesson's description under its title");
  }
  const std::string note = pytorch_layer_note(scene);
  if (!note.empty()) {
    ImGui::PushStyleColor(ImGuiCol_Text, palette::kMutedText);
    ImGui::PushTextWrapPos(0.0f);
    ImGui::TextUnformatted(note.c_str());
    ImGui::PopTextWrapPos();
    ImGui::PopStyleColor();
  }
}

}  // namespace convstep
