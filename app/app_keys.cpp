// Key presses queued from GLFW's key callback between frames, so a tap shorter than a frame still
// counts, and read once by the UI step.
#include "app/app.h"

#include <algorithm>

#include <GLFW/glfw3.h>
#include <imgui.h>

namespace convstep {

void queue_key_event(KeyQueue& queue, int key, int action, int mods) {
  if (action != GLFW_PRESS && action != GLFW_REPEAT) return;
  queue.presses.push_back(
      {key, (mods & GLFW_MOD_SHIFT) != 0, action == GLFW_REPEAT, (mods & GLFW_MOD_CONTROL) != 0});
}

std::vector<KeyPress> take_key_presses(KeyQueue& queue) {
  std::vector<KeyPress> taken;
  taken.swap(queue.presses);
  return taken;
}

int key_presses(const std::vector<KeyPress>& presses, int key, bool imgui_pressed) {
  const auto queued = std::count_if(presses.begin(), presses.end(),
                                    [key](const KeyPress& p) { return p.key == key && !p.repeat; });
  // A press held across frames is both queued and seen by ImGui: count it once.
  return queued > 0 ? static_cast<int>(queued) : (imgui_pressed ? 1 : 0);
}

bool ctrl_pressed(const std::vector<KeyPress>& presses, int key, bool repeats, bool* shift) {
  bool queued = false;
  for (const KeyPress& p : presses) {
    if (p.key != key) continue;
    queued = true;
    if (p.ctrl && (repeats || !p.repeat)) {
      *shift = p.shift;
      return true;
    }
  }
  const ImGuiIO& io = ImGui::GetIO();
  *shift = io.KeyShift;
  return !queued && io.KeyCtrl && ImGui::IsKeyPressed(key, repeats);
}

}  // namespace convstep
