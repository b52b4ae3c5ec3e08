// Shared by the GUI tests that draw without a window: an ImGui context with a display size and a built
// font atlas is all NewFrame needs, so no OpenGL or GLFW window is opened.
#pragma once

#include <imgui.h>

#include "app/widgets/theme.h"

namespace convstep::test_support {

// Creates the current ImGui context (the caller destroys it). With `fonts` the app's fonts are loaded
// into the atlas first; `identity_key_map` maps every key to itself so a test can press it by index.
inline void create_headless_imgui(Fonts* fonts = nullptr, bool identity_key_map = false) {
  ImGui::CreateContext();
  ImGuiIO& io = ImGui::GetIO();
  io.IniFilename = nullptr;
  io.DisplaySize = ImVec2(1280, 800);
  io.DeltaTime = 1.0f / 60.0f;
  if (identity_key_map)
    for (int key = 0; key < ImGuiKey_COUNT; ++key) io.KeyMap[key] = key;
  if (fonts != nullptr) *fonts = load_fonts(io);
  unsigned char* pixels = nullptr;
  int width = 0, height = 0;
  io.Fonts->GetTexDataAsRGBA32(&pixels, &width, &height);
}

}  // namespace convstep::test_support
