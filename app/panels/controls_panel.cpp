// Buttons and keys map one-to-one onto the transport Actions; the walk moves only in apply_actions.
// Buttons are disabled where their move would do nothing, so the bar also shows where the walk is.
#include "app/panels/controls_panel.h"

#include <algorithm>
#include <cstdio>
#include <string>

#include <glad/gl.h>

#include <GLFW/glfw3.h>
#include <imgui.h>

#include "app/panels/presentation_panel.h"
#include "app/widgets/theme.h"
#include "app/widgets/widget_log.h"

namespace convstep {
namespace {

constexpr float kGap = 18;
// The scrubber is never narrower than its "step N of N" text needs, nor than this.
constexpr float kLeastScrubberWidth = 96;
constexpr const char* kPresentLabel = "Present";

// Whether `key` was pressed this frame: a press GLFW queued (never lost, however short the tap) or
// seen by ImGui; with `repeat`, also ImGui's auto-repeat while the key is held.
bool pressed(const UiState& ui, int key, bool repeat = true) {
  if (key_presses(ui.key_presses, key, ImGui::IsKeyPressed(key, false)) > 0) return true;
  return repeat && ImGui::IsKeyPressed(key, true);
}

// Shift as it was when a queued press arrived, or as it is now for a press ImGui saw.
bool shift_with(const UiState& ui, int key) {
  for (const KeyPress& press : ui.key_presses)
    if (press.key == key && !press.repeat) return press.shift;
  return ImGui::GetIO().KeyShift;
}

// A button with a tooltip naming what it does and its key.
bool transport_button(const char* label, const char* tip, bool enabled = true) {
  ImGui::BeginDisabled(!enabled);
  const bool clicked = ui::button(label);
  ImGui::EndDisabled();
  if (ImGui::IsItemHovered(ImGuiHoveredFlags_AllowWhenDisabled)) ImGui::SetTooltip("%s", tip);
  return clicked;
}

// At the right end of the current row, from `x` (window coordinates).
void present_button(UiState& ui, float x) {
  // Never back over the buttons before it, however narrow the window.
  const float after = ImGui::GetItemRectMax().x - ImGui::GetWindowPos().x + ImGui::GetStyle().ItemSpacing.x;
  ImGui::SameLine(std::max(x, after));
  if (ui::button(kPresentLabel)) set_presentation(ui, true);
  if (ImGui::IsItemHovered())
    ImGui::SetTooltip("Presentation mode (F5): full screen, large type, the grids alone; Esc leaves");
}

}  // namespace

void read_transport_keys(UiState& ui, Actions& actions) {
  const ImGuiIO& io = ImGui::GetIO();
  // Keys belong to whatever is typing or to an open popup (the lesson file browser), not the transport.
  if (io.WantTextInput || ui.lesson_browser.is_open || is_file_dialog_open(ui.file)) return;
  // `?` is Shift+/ on most layouts; the typed character catches the others.
  bool question = pressed(ui, GLFW_KEY_SLASH, false) && shift_with(ui, GLFW_KEY_SLASH);
  for (ImWchar c : io.InputQueueCharacters) question = question || c == '?';
  if (question) ui.show_shortcuts = !ui.show_shortcuts;
  if (pressed(ui, GLFW_KEY_SPACE, false)) actions.toggle_play = true;
  if (pressed(ui, GLFW_KEY_D, false)) actions.toggle_direct_view = true;
  if (pressed(ui, GLFW_KEY_RIGHT))
    (shift_with(ui, GLFW_KEY_RIGHT) ? actions.tap_forward : actions.step_forward) = true;
  if (pressed(ui, GLFW_KEY_LEFT))
    (shift_with(ui, GLFW_KEY_LEFT) ? actions.tap_back : actions.step_back) = true;
  // A presentation clicker sends Page Down / Page Up for its forward and back buttons.
  if (pressed(ui, GLFW_KEY_PAGE_DOWN)) actions.step_forward = true;
  if (pressed(ui, GLFW_KEY_PAGE_UP)) actions.step_back = true;
  if (pressed(ui, GLFW_KEY_HOME, false)) actions.jump_start = true;
  if (pressed(ui, GLFW_KEY_END, false)) actions.jump_end = true;
  // With Ctrl, + and − change the type size (presentation_panel), not the speed.
  if (io.KeyCtrl) return;
  if (pressed(ui, GLFW_KEY_EQUAL, false) || pressed(ui, GLFW_KEY_KP_ADD, false)) actions.faster = true;
  if (pressed(ui, GLFW_KEY_MINUS, false) || pressed(ui, GLFW_KEY_KP_SUBTRACT, false)) actions.slower = true;
}

void draw_controls_panel(const AppModel& model, UiState& ui, Actions& actions) {
  if (!model.lesson.stepper) return;
  const WalkTrack& stepper = walk_track(model);
  const Walk& walk = model.walk;
  const int64_t count = stepper.step_count();
  const WalkPosition at = walk.position;
  const bool at_start = at.step == 0 && (at.tap == kWholeStep || at.tap == 0);
  const bool finished = at_end(walk, stepper);

  if (ui.sidebar_hidden) {
    if (ui::button("\xC2\xBB##show_sidebar")) ui.sidebar_hidden = false;
    if (ImGui::IsItemHovered())
      ImGui::SetTooltip("Show the layer panel: parameters and output size (Ctrl+B)");
    ImGui::SameLine();
  }
  if (transport_button("|\xE2\x97\x80##start", "Jump to the start (Home)", !at_start))
    actions.jump_start = true;
  ImGui::SameLine();
  if (transport_button("\xE2\x97\x80\xE2\x97\x80##step_back", "Step back one output (\xE2\x86\x90)",
                       !at_start))
    actions.step_back = true;
  ImGui::SameLine();
  if (transport_button("\xE2\x97\x80##tap_back", "Back one tap (Shift+\xE2\x86\x90)", !at_start))
    actions.tap_back = true;
  ImGui::SameLine();
  const char* play_label = walk.playing ? "Pause##play" : "Play##play";
  ImGui::PushStyleColor(ImGuiCol_Button, ImVec4(0.16f, 0.36f, 0.62f, 1.0f));
  if (ui::button(play_label, ImVec2(ImGui::CalcTextSize("Pause").x + 36, 0))) actions.toggle_play = true;
  ImGui::PopStyleColor();
  if (ImGui::IsItemHovered()) ImGui::SetTooltip("Play or pause (Space)");
  ImGui::SameLine();
  if (transport_button("\xE2\x96\xB6##tap_forward", "Forward one tap (Shift+\xE2\x86\x92)", !finished))
    actions.tap_forward = true;
  ImGui::SameLine();
  if (transport_button("\xE2\x96\xB6\xE2\x96\xB6##step_forward", "Step forward one output (\xE2\x86\x92)",
                       !finished))
    actions.step_forward = true;
  ImGui::SameLine();
  if (transport_button("\xE2\x96\xB6|##end", "Jump to the end (End)", !finished)) actions.jump_end = true;

  // Speed: moves per second, halved and doubled by the buttons and −/+. In a narrow window it starts
  // the second row instead of running off the first.
  const float speed_width = 2 * ImGui::GetFrameHeight() + ImGui::CalcTextSize("0.25 steps/s").x + 8 +
                            2 * ImGui::GetStyle().FramePadding.x;
  const float present_width = ImGui::CalcTextSize(kPresentLabel).x + 2 * ImGui::GetStyle().FramePadding.x;
  ImGui::SameLine(0, kGap);
  const float row_room = ImGui::GetContentRegionAvail().x;
  const bool speed_fits = row_room >= speed_width + kGap + present_width;
  // The Present button ends the first row; the speed joins it when there is room, else starts the second.
  if (!speed_fits) {
    present_button(ui, ImGui::GetContentRegionMax().x - present_width);  // the next item starts row two
  }
  if (transport_button("\xE2\x88\x92##slower", "Slower (\xE2\x88\x92)", walk.speed > kMinSpeed))
    actions.slower = true;
  ImGui::SameLine(0, 4);
  char speed[32];
  std::snprintf(speed, sizeof speed, "%g %s%s/s", walk.speed, walk.tap_mode ? "tap" : "step",
                walk.speed == 1 ? "" : "s");
  ImGui::AlignTextToFramePadding();
  ImGui::TextUnformatted(speed);
  ImGui::SameLine(0, 4);
  if (transport_button("+##faster", "Faster (+)", walk.speed < kMaxSpeed)) actions.faster = true;
  if (speed_fits) present_button(ui, ImGui::GetContentRegionMax().x - present_width);

  // Second row: the scrubber counts steps 1-based, as a teacher counts them, and takes the room the
  // toggles at its right leave.
  const ImGuiStyle& style = ImGui::GetStyle();
  const float toggles = ImGui::CalcTextSize("loop").x + ImGui::CalcTextSize("tap by tap").x +
                        ImGui::CalcTextSize("?").x + ImGui::CalcTextSize(kPresentLabel).x +
                        2 * ImGui::GetFrameHeight() + 4 * style.FramePadding.x +
                        4 * style.ItemInnerSpacing.x + 3 * kGap + style.ItemSpacing.x + 8;
  if (!speed_fits) ImGui::SameLine(0, kGap);
  const std::string longest = "step " + std::to_string(count) + " of " + std::to_string(count);
  const float least =
      std::max(kLeastScrubberWidth, ImGui::CalcTextSize(longest.c_str()).x + 2 * style.FramePadding.x);
  const float scrubber = std::max(least, ImGui::GetContentRegionAvail().x - toggles);
  ImGui::SetNextItemWidth(scrubber);
  int shown = static_cast<int>(at.step + 1);
  std::string format = "step %d of " + std::to_string(count);
  if (at.tap != kWholeStep) {
    const std::string taps = std::to_string(model.view.snapshot.taps.size());
    format += ", tap " + std::to_string(at.tap + 1) + " of " + taps;
    // A narrow scrubber keeps the whole text in the short form rather than cutting it off.
    const std::string wide =
        "step " + std::to_string(count) + " of " + std::to_string(count) + ", tap " + taps + " of " + taps;
    if (ImGui::CalcTextSize(wide.c_str()).x + 2 * style.FramePadding.x > scrubber)
      format = "%d/" + std::to_string(count) + " tap " + std::to_string(at.tap + 1) + "/" + taps;
  }
  if (ui::slider_int("##scrubber", &shown, 1, static_cast<int>(count > 0 ? count : 1), format.c_str(),
                     ImGuiSliderFlags_AlwaysClamp)) {
    actions.seek = shown - 1;
  }
  ImGui::SameLine(0, kGap);
  bool loop = walk.loop;
  if (ui::checkbox("loop", &loop)) actions.loop = loop;
  if (ImGui::IsItemHovered()) ImGui::SetTooltip("At the end, start again from the first step");
  ImGui::SameLine(0, kGap);
  bool tap_mode = walk.tap_mode;
  if (ui::checkbox("tap by tap", &tap_mode)) actions.tap_mode = tap_mode;
  if (ImGui::IsItemHovered())
    ImGui::SetTooltip("Play adds one product at a time, so the running sum grows term by term");
  ImGui::SameLine(0, kGap);
  if (ui::button("?##shortcuts")) ui.show_shortcuts = !ui.show_shortcuts;
  if (ImGui::IsItemHovered()) ImGui::SetTooltip("Keyboard shortcuts (?)");
}

}  // namespace convstep
