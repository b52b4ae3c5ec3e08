// The App's whole UI drawn without a window, for the tests that drive an App frame by frame: the app's
// fonts in a headless ImGui context (headless_imgui_support.h) with the dark theme.
#pragma once

#include <imgui.h>

#include <string>

#include "app/app.h"
#include "tests/app/headless_imgui_support.h"

namespace convstep::test_support {

class HeadlessAppUi {
 public:
  // `identity_key_map`: every ImGui key maps to itself, so a test can press it by index.
  explicit HeadlessAppUi(App& app, bool identity_key_map = false) {
    create_headless_imgui(&app.ui.fonts, identity_key_map);
    apply_dark_theme();
  }
  ~HeadlessAppUi() { ImGui::DestroyContext(); }
  HeadlessAppUi(const HeadlessAppUi&) = delete;
  HeadlessAppUi& operator=(const HeadlessAppUi&) = delete;

  // One frame's UI: what it asked for, not yet applied.
  Actions frame(App& app) {
    ImGui::NewFrame();
    Actions actions = build_ui(app);
    ImGui::Render();
    return actions;
  }
};

// Moves the mouse onto the widget drawn last frame as `label` and clicks it: a frame to hover, one
// pressed, one released (`frame(app)` draws one frame and returns its actions). Returns false when no
// such widget was drawn; `released` receives the last frame's actions, where the click lands.
template <typename Frame>
bool click_widget(App& app, const std::string& label, Frame frame, Actions* released = nullptr) {
  const DrawnWidget* widget = nullptr;
  for (const DrawnWidget& w : app.ui.stage.layout.widgets)
    if (w.label == label) widget = &w;
  if (widget == nullptr) return false;
  ImGuiIO& io = ImGui::GetIO();
  io.MousePos = ImVec2((widget->x0 + widget->x1) / 2, (widget->y0 + widget->y1) / 2);
  frame(app);
  io.MouseDown[0] = true;
  frame(app);
  io.MouseDown[0] = false;
  const Actions last = frame(app);
  if (released != nullptr) *released = last;
  return true;
}

}  // namespace convstep::test_support
