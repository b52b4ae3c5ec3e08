// Fonts and the dark theme. The glyph ranges add the maths signs the formulas and the arithmetic use
// (× − · ∗ ⌊ ⌋ ⌈ ⌉ ∞ → …), which ImGui's default Latin range leaves out.
#include "app/widgets/theme.h"

#include <algorithm>
#include <cmath>
#include <filesystem>
#include <iostream>

namespace convstep {
namespace {

constexpr const char* kFontPath = "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf";
constexpr const char* kBoldFontPath = "/usr/share/fonts/truetype/dejavu/DejaVuSans-Bold.ttf";

// ImGui keeps a pointer to the ranges until the atlas is built, so they must outlive this call.
const ImWchar kGlyphRanges[] = {
    0x0020, 0x00FF,  // Basic Latin and Latin-1 (× U+00D7, · U+00B7)
    0x2013, 0x2014,  // – —
    0x2026, 0x2026,  // …
    0x2190, 0x2194,  // ← ↑ → ↓ ↔
    0x2212, 0x2212,  // − (minus)
    0x2217, 0x2217,  // ∗ (convolution)
    0x221E, 0x221E,  // ∞
    0x2264, 0x2265,  // ≤ ≥
    0x22C5, 0x22C5,  // ⋅
    0x2308, 0x230B,  // ⌈ ⌉ ⌊ ⌋
    0x25B6, 0x25B6,  // ▶
    0x25C0, 0x25C0,  // ◀
    0,
};

ImFont* add_font(ImGuiIO& io, const char* path, float size) {
  ImFontConfig config;
  config.OversampleH = 2;
  config.OversampleV = 2;
  return io.Fonts->AddFontFromFileTTF(path, size, &config, kGlyphRanges);
}

}  // namespace

Fonts load_fonts(ImGuiIO& io, float scale) {
  Fonts fonts;
  std::error_code ec;
  if (!std::filesystem::exists(kFontPath, ec)) {
    std::cerr << "convstep: font " << kFontPath
              << " not found (install fonts-dejavu-core); using ImGui's built-in font, which lacks × − ⌊ ⌋\n";
    ImFont* fallback = io.Fonts->AddFontDefault();
    fonts = {fallback, fallback, fallback, fallback};
    return fonts;
  }
  fonts.ui = add_font(io, kFontPath, 20.0f * scale);  // the first font added is ImGui's default
  const bool has_bold = std::filesystem::exists(kBoldFontPath, ec);
  fonts.heading = add_font(io, has_bold ? kBoldFontPath : kFontPath, 30.0f * scale);
  fonts.large = add_font(io, kFontPath, 34.0f * scale);
  fonts.small = add_font(io, kFontPath, 15.0f * scale);
  return fonts;
}

float ui_scale_for(float content_scale_x, float content_scale_y) {
  const float scale = std::max(content_scale_x, content_scale_y);
  return std::isfinite(scale) ? std::clamp(scale, 1.0f, 4.0f) : 1.0f;
}

void rescale_ui(ImGuiIO& io, Fonts* fonts, float scale) {
  io.Fonts->Clear();
  *fonts = load_fonts(io, scale);
  apply_dark_theme(scale);
}

void apply_dark_theme(float scale) {
  ImGui::StyleColorsDark();
  ImGuiStyle& style = ImGui::GetStyle();
  style.WindowPadding = ImVec2(24, 18);
  style.FramePadding = ImVec2(14, 7);
  style.ItemSpacing = ImVec2(10, 9);
  style.ItemInnerSpacing = ImVec2(8, 6);
  style.WindowRounding = 0;
  style.FrameRounding = 5;
  style.GrabRounding = 5;
  style.PopupRounding = 5;
  style.ChildRounding = 6;
  style.WindowBorderSize = 0;
  style.FrameBorderSize = 0;
  style.GrabMinSize = 14;

  ImVec4* c = style.Colors;
  const ImVec4 bg = ImGui::ColorConvertU32ToFloat4(palette::kBackground);
  c[ImGuiCol_WindowBg] = bg;
  c[ImGuiCol_ChildBg] = ImVec4(0.10f, 0.11f, 0.14f, 1.0f);
  c[ImGuiCol_PopupBg] = ImVec4(0.12f, 0.13f, 0.16f, 0.98f);
  c[ImGuiCol_Text] = ImVec4(0.92f, 0.93f, 0.95f, 1.0f);
  c[ImGuiCol_TextDisabled] = palette::kMutedText;
  c[ImGuiCol_Border] = ImVec4(0.22f, 0.24f, 0.28f, 1.0f);
  c[ImGuiCol_Separator] = ImVec4(0.22f, 0.24f, 0.28f, 1.0f);
  c[ImGuiCol_FrameBg] = ImVec4(0.16f, 0.18f, 0.22f, 1.0f);
  c[ImGuiCol_FrameBgHovered] = ImVec4(0.21f, 0.23f, 0.28f, 1.0f);
  c[ImGuiCol_FrameBgActive] = ImVec4(0.25f, 0.28f, 0.34f, 1.0f);
  c[ImGuiCol_Button] = ImVec4(0.20f, 0.23f, 0.29f, 1.0f);
  c[ImGuiCol_ButtonHovered] = ImVec4(0.27f, 0.31f, 0.39f, 1.0f);
  c[ImGuiCol_ButtonActive] = ImVec4(0.33f, 0.38f, 0.48f, 1.0f);
  // A muted grab, so the "step 5 of 9" text over it stays readable.
  c[ImGuiCol_SliderGrab] = ImVec4(0.40f, 0.46f, 0.58f, 1.0f);
  c[ImGuiCol_SliderGrabActive] = ImVec4(0.52f, 0.60f, 0.74f, 1.0f);
  c[ImGuiCol_Header] = ImVec4(0.20f, 0.23f, 0.29f, 1.0f);
  c[ImGuiCol_HeaderHovered] = ImVec4(0.27f, 0.31f, 0.39f, 1.0f);
  c[ImGuiCol_HeaderActive] = ImVec4(0.33f, 0.38f, 0.48f, 1.0f);
  c[ImGuiCol_CheckMark] = ImVec4(1.0f, 0.76f, 0.03f, 1.0f);
  if (scale != 1.0f) style.ScaleAllSizes(scale);
}

void draw_highlight_rect(ImDrawList* draw, ImVec2 min, ImVec2 max, float rounding, float thickness,
                         ImU32 color) {
  draw->AddRect(min, max, palette::kHighlightHalo, rounding, 0, thickness + 2.0f);
  draw->AddRect(min, max, color, rounding, 0, thickness);
}

}  // namespace convstep
