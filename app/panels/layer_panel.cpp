// Reads only the valid scene on screen; the texts come from core/pytorch_text so the window, the CLI and
// the tests write the layer identically.
#include "app/panels/layer_panel.h"

#include <algorithm>
#include <cstdio>
#include <string>

#include <imgui.h>

#include "app/panels/header_panel.h"
#include "app/widgets/theme.h"
#include "app/widgets/widget_log.h"
#include "core/pytorch_text.h"

namespace convstep {

void draw_layer_panel(const AppModel& model, UiState& ui) {
  if (!model.lesson.stepper) return;
  const Scene& scene = shown_scene(model);
  const std::string layer = pytorch_layer(scene);
  const Result<std::string> shapes = pytorch_shapes(scene);

  ImGui::AlignTextToFramePadding();
  ImGui::TextColored(palette::kAccentText, "%s", layer.c_str());
  if (shapes) {
    ImGui::SameLine(0, 24);
    ImGui::TextUnformatted(shapes->c_str());
  }
  ImGui::SameLine(0, 24);
  if (ui::copy_button("Copy")) ImGui::SetClipboardText(layer.c_str());
  if (ImGui::IsItemHovered()) ImGui::SetTooltip("Copy the layer line");
  ImGui::SameLine();
  // In a narrow window the script button takes a short label, so the caption toggle keeps its place.
  const float rest = ImGui::CalcTextSize("Copy runnable PyTorch").x + ImGui::CalcTextSize("show caption").x +
                     4 * ImGui::GetStyle().FramePadding.x + 2 * ImGui::GetStyle().ItemSpacing.x;
  const bool roomy = ImGui::GetCursorPosX() + rest <= ImGui::GetWindowContentRegionMax().x;
  if (ui::copy_button(roomy ? "Copy runnable PyTorch##runnable" : "Copy script##runnable")) {
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

void draw_layer_field(const AppModel& model, UiState& ui, Actions& actions) {
  if (!model.lesson.stepper) return;
  if (!ui.layer_field_open) {
    // Closed, the field is one button at the end of the layer line and takes no row from the grids.
    ImGui::SameLine(0, 24);
    if (ImGui::SmallButton("Type a layer\u2026")) {
      ui.layer_field_open = true;
      // Starts from the scene's own line, so a learner edits what is there.
      std::snprintf(ui.layer_text, sizeof ui.layer_text, "%s", pytorch_layer(shown_scene(model)).c_str());
    }
    if (ImGui::IsItemHovered()) ImGui::SetTooltip("Type or paste a PyTorch layer for the scene to take");
    return;
  }
  ImGui::AlignTextToFramePadding();
  ImGui::TextUnformatted("Type a layer:");
  ImGui::SameLine();
  const float apply_width = ImGui::CalcTextSize("ApplyClose").x + 4 * ImGui::GetStyle().FramePadding.x +
                            ImGui::GetStyle().ItemSpacing.x;
  ImGui::SetNextItemWidth(
      std::max(200.0f, ImGui::GetContentRegionAvail().x - apply_width - ImGui::GetStyle().ItemSpacing.x));
  const float field_x = ImGui::GetCursorScreenPos().x;
  const bool entered =
      ImGui::InputTextWithHint("##layer_line", "nn.Conv2d(3, 8, kernel_size=3, stride=2, padding=1)",
                               ui.layer_text, sizeof ui.layer_text, ImGuiInputTextFlags_EnterReturnsTrue);
  if (ImGui::IsItemHovered())
    ImGui::SetTooltip("A PyTorch layer (nn.Conv1d/2d, nn.MaxPool1d/2d, nn.AvgPool1d/2d); Enter applies it");
  ImGui::SameLine();
  const bool clicked = ImGui::Button("Apply");
  if ((entered || clicked) && ui.layer_text[0] != '\0') actions.layer_line = std::string(ui.layer_text);
  ImGui::SameLine();
  if (ImGui::Button("Close")) ui.layer_field_open = false;

  const LayerLineError& error = model.layer_error;
  if (error.message.empty()) return;
  if (error.column > 0) {
    // The caret sits under the character at fault, measured in the field's own font.
    size_t bytes = 0;
    for (size_t seen = 1; bytes < error.line.size() && seen < error.column; ++seen) {
      ++bytes;
      while (bytes < error.line.size() && (static_cast<unsigned char>(error.line[bytes]) & 0xC0) == 0x80)
        ++bytes;
    }
    const float x = field_x + ImGui::GetStyle().FramePadding.x +
                    ImGui::CalcTextSize(error.line.c_str(), error.line.c_str() + bytes).x;
    ImGui::SetCursorScreenPos(ImVec2(x, ImGui::GetCursorScreenPos().y));
    ImGui::TextColored(palette::kErrorText, "^");
  }
  ImGui::PushTextWrapPos(0.0f);
  ImGui::TextColored(palette::kErrorText, "%s", error.message.c_str());
  ImGui::PopTextWrapPos();
}

}  // namespace convstep
