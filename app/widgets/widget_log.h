// The buttons, fields and checkboxes a frame drew, with their screen rectangles, so `--layout` can tell
// GUI tests where every widget went (overlaps, anything cut off). Panels call these thin wrappers in
// place of ImGui's own; each records the item ImGui just laid out, clipped to what its window shows.
#pragma once

#include <cstddef>
#include <string>
#include <vector>

#include <imgui.h>

namespace convstep {

struct DrawnWidget {
  std::string label;  // ImGui's label, "##id" suffix included
  float x0 = 0, y0 = 0, x1 = 0, y1 = 0;
};

// Where the wrappers record this frame (nullptr: nowhere). The App points it at its layout while it
// builds the UI, so nothing is kept beyond the frame.
void set_widget_log(std::vector<DrawnWidget>* log);

// Records the last item ImGui laid out. In a scrolling region it is clipped to the part shown (items
// scrolled out of view are left out); elsewhere its whole rectangle is kept, even past the window's edge.
void record_last_item(const char* label);

namespace ui {
bool button(const char* label, const ImVec2& size = ImVec2(0, 0));
bool small_button(const char* label);
// A small button for copying to the clipboard: after a press it reads "Copied" for a moment, so the
// press is seen; `label` ("Copy", "Copy script##runnable") keeps its ID either way. True when pressed
// (the caller puts the text on the clipboard).
bool copy_button(const char* label);
bool checkbox(const char* label, bool* value);
bool radio_button(const char* label, bool active);
bool slider_int(const char* label, int* v, int v_min, int v_max, const char* format = "%d",
                ImGuiSliderFlags flags = 0);
bool slider_float(const char* label, float* v, float v_min, float v_max, const char* format = "%.3f",
                  ImGuiSliderFlags flags = 0);
bool drag_float(const char* label, float* v, float speed, float v_min, float v_max, const char* format);
bool input_int(const char* label, int* v, int step = 1, int step_fast = 100);
bool input_text_with_hint(const char* label, const char* hint, char* buffer, size_t size,
                          ImGuiInputTextFlags flags = 0);
bool begin_combo(const char* label, const char* preview, ImGuiComboFlags flags = 0);
// The last item's tooltip, placed just above it rather than under the mouse, so it does not cover the
// fields beside and below (a parameter's height field and its width field).
void tooltip_above(const char* text);
}  // namespace ui

}  // namespace convstep
