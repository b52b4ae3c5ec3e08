// The widget wrappers and the per-frame record behind them. The record is a pointer the App sets for
// the length of build_ui, as ImGui itself keeps its current context: widgets are drawn from many panels
// that should not all take the layout as a parameter just to report where they went.
#include "app/widgets/widget_log.h"

#include <cstring>

#include <algorithm>

namespace convstep {
namespace {

std::vector<DrawnWidget>* g_log = nullptr;

}  // namespace

void set_widget_log(std::vector<DrawnWidget>* log) {
  g_log = log;
}

void record_last_item(const char* label) {
  if (g_log == nullptr) return;
  const ImVec2 min = ImGui::GetItemRectMin(), max = ImGui::GetItemRectMax();
  DrawnWidget w{label, min.x, min.y, max.x, max.y};
  // Along an axis a region scrolls, what lies past its edge is meant to be scrolled to: only the part
  // shown counts. Along the others the whole widget is kept, so one pushed off the edge is seen cut off.
  const bool scrolls_x = ImGui::GetScrollMaxX() > 0, scrolls_y = ImGui::GetScrollMaxY() > 0;
  if (scrolls_x || scrolls_y) {
    ImDrawList* draw = ImGui::GetWindowDrawList();
    const ImVec2 clip_min = draw->GetClipRectMin(), clip_max = draw->GetClipRectMax();
    if (scrolls_x) {
      w.x0 = std::max(w.x0, clip_min.x);
      w.x1 = std::min(w.x1, clip_max.x);
    }
    if (scrolls_y) {
      w.y0 = std::max(w.y0, clip_min.y);
      w.y1 = std::min(w.y1, clip_max.y);
    }
    if (w.x1 <= w.x0 || w.y1 <= w.y0) return;
  }
  g_log->push_back(std::move(w));
}

namespace ui {

bool button(const char* label, const ImVec2& size) {
  const bool pressed = ImGui::Button(label, size);
  record_last_item(label);
  return pressed;
}

bool small_button(const char* label) {
  const bool pressed = ImGui::SmallButton(label);
  record_last_item(label);
  return pressed;
}

void tooltip_above(const char* text) {
  const ImVec2 min = ImGui::GetItemRectMin();
  ImGui::SetNextWindowPos(ImVec2(min.x, min.y - 4), ImGuiCond_Always, ImVec2(0, 1));
  ImGui::BeginTooltip();
  ImGui::TextUnformatted(text);
  ImGui::EndTooltip();
}

bool copy_button(const char* label) {
  constexpr float kConfirmSeconds = 1.5f;
  ImGuiStorage* storage = ImGui::GetStateStorage();
  const ImGuiID id = ImGui::GetID(label);
  const bool confirming =
      static_cast<float>(ImGui::GetTime()) - storage->GetFloat(id, -100.0f) < kConfirmSeconds;
  // "###" keeps one ID under both texts, so the button stays one item while its text changes.
  const char* id_part = std::strstr(label, "##");
  const std::string text =
      confirming ? std::string("Copied") : std::string(label, id_part ? id_part : label + std::strlen(label));
  const bool pressed = ImGui::SmallButton((text + "###" + label).c_str());
  record_last_item(label);
  if (pressed) storage->SetFloat(id, static_cast<float>(ImGui::GetTime()));
  return pressed;
}

bool checkbox(const char* label, bool* value) {
  const bool changed = ImGui::Checkbox(label, value);
  record_last_item(label);
  return changed;
}

bool radio_button(const char* label, bool active) {
  const bool pressed = ImGui::RadioButton(label, active);
  record_last_item(label);
  return pressed;
}

bool slider_int(const char* label, int* v, int v_min, int v_max, const char* format, ImGuiSliderFlags flags) {
  const bool changed = ImGui::SliderInt(label, v, v_min, v_max, format, flags);
  record_last_item(label);
  return changed;
}

bool slider_float(const char* label, float* v, float v_min, float v_max, const char* format,
                  ImGuiSliderFlags flags) {
  const bool changed = ImGui::SliderFloat(label, v, v_min, v_max, format, flags);
  record_last_item(label);
  return changed;
}

bool drag_float(const char* label, float* v, float speed, float v_min, float v_max, const char* format) {
  const bool changed = ImGui::DragFloat(label, v, speed, v_min, v_max, format);
  record_last_item(label);
  return changed;
}

bool input_int(const char* label, int* v, int step, int step_fast) {
  const bool changed = ImGui::InputInt(label, v, step, step_fast);
  record_last_item(label);
  return changed;
}

bool input_text_with_hint(const char* label, const char* hint, char* buffer, size_t size,
                          ImGuiInputTextFlags flags) {
  const bool changed = ImGui::InputTextWithHint(label, hint, buffer, size, flags);
  record_last_item(label);
  return changed;
}

bool begin_combo(const char* label, const char* preview, ImGuiComboFlags flags) {
  const bool open = ImGui::BeginCombo(label, preview, flags);
  // An open combo has begun its popup window, whose last item is no longer the box: the box is
  // recorded only while closed (an open list covers the panel anyway).
  if (!open) record_last_item(label);
  return open;
}

}  // namespace ui
}  // namespace convstep
