// The App's whole UI drawn without a window, for the tests that drive an App frame by frame: the app's
// fonts in a headless ImGui context (headless_imgui_support.h) with the dark theme.
#pragma once

#include <imgui.h>

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

}  // namespace convstep::test_support
