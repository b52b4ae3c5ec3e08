// A modal-like overlay: the page behind is dimmed and the list sits in the middle, large enough to read
// from the back of a classroom. Esc closes it even while it has no focus.
#include "app/panels/shortcuts_panel.h"

#include <glad/gl.h>

#include <GLFW/glfw3.h>
#include <imgui.h>

#include "app/widgets/theme.h"
#include "app/widgets/widget_log.h"

namespace convstep {
namespace {

struct Shortcut {
  const char* keys;
  const char* what;
};

constexpr Shortcut kShortcuts[] = {
    {"Space", "play / pause"},
    {"\xE2\x86\x92  /  \xE2\x86\x90", "step forward / back one output"},
    {"Shift+\xE2\x86\x92  /  Shift+\xE2\x86\x90", "forward / back one tap (one product of the sum)"},
    {"Home  /  End", "jump to the first / last step"},
    {"+  /  \xE2\x88\x92", "faster / slower (doubles / halves the speed)"},
    {"Page Down  /  Page Up", "step forward / back (a presentation clicker)"},
    {"D", "transposed convolution: stamping / direct view"},
    {"F5", "presentation mode: full screen, large type"},
    {"B", "presentation: blank the screen (again: back)"},
    {"Ctrl+=  /  Ctrl+\xE2\x88\x92  /  Ctrl+0", "presentation: larger / smaller / normal type"},
    {"Ctrl+B", "hide / show the layer panel (more room for the grids)"},
    {"Ctrl+Z", "undo the last change to the lesson"},
    {"Ctrl+Shift+Z  /  Ctrl+Y", "redo"},
    {"Q", "quiz: predict each value, then see it"},
    {"?", "show / hide this list"},
    {"Esc", "close this list; leave presentation mode"},
};

}  // namespace

void draw_shortcuts_panel(UiState& ui) {
  if (!ui.show_shortcuts) return;
  if (ImGui::IsKeyPressed(GLFW_KEY_ESCAPE, false)) {
    ui.show_shortcuts = false;
    return;
  }
  const ImGuiViewport* viewport = ImGui::GetMainViewport();
  ImGui::GetForegroundDrawList()->AddRectFilled(
      viewport->Pos, ImVec2(viewport->Pos.x + viewport->Size.x, viewport->Pos.y + viewport->Size.y),
      IM_COL32(0, 0, 0, 110));
  ImGui::SetNextWindowPos(
      ImVec2(viewport->Pos.x + viewport->Size.x * 0.5f, viewport->Pos.y + viewport->Size.y * 0.5f),
      ImGuiCond_Always, ImVec2(0.5f, 0.5f));
  ImGui::SetNextWindowFocus();
  const ImGuiWindowFlags flags = ImGuiWindowFlags_NoTitleBar | ImGuiWindowFlags_NoResize |
                                 ImGuiWindowFlags_NoMove | ImGuiWindowFlags_NoSavedSettings |
                                 ImGuiWindowFlags_AlwaysAutoResize;
  ImGui::PushStyleVar(ImGuiStyleVar_WindowPadding, ImVec2(28, 22));
  if (ImGui::Begin("Keyboard shortcuts", nullptr, flags)) {
    if (ui.fonts.heading) ImGui::PushFont(ui.fonts.heading);
    ImGui::TextUnformatted("Keyboard shortcuts");
    if (ui.fonts.heading) ImGui::PopFont();
    ImGui::Spacing();
    if (ImGui::BeginTable("shortcuts", 2, ImGuiTableFlags_RowBg | ImGuiTableFlags_PadOuterX)) {
      for (const Shortcut& s : kShortcuts) {
        ImGui::TableNextRow();
        ImGui::TableNextColumn();
        ImGui::TextColored(palette::kAccentText, "%s", s.keys);
        ImGui::TableNextColumn();
        ImGui::TextUnformatted(s.what);
      }
      ImGui::EndTable();
    }
    ImGui::Spacing();
    ImGui::TextColored(palette::kMutedText, "Keys are ignored while you type in a field.");
    ImGui::Spacing();
    if (ui::button("Close")) ui.show_shortcuts = false;
  }
  ImGui::End();
  ImGui::PopStyleVar();
}

}  // namespace convstep
