// The look of convstep: the fonts (DejaVu Sans with the maths glyphs the formulas use) and a dark
// theme, plus the colour families that tie each tensor to its role: input blue, kernel green,
// output red, the current window amber.
#pragma once

#include <imgui.h>

namespace convstep {

struct Fonts {
  ImFont* ui = nullptr;       // body text and widgets
  ImFont* heading = nullptr;  // the lesson title
  ImFont* large = nullptr;    // the step's arithmetic and grid values (drawn at or below its size)
  ImFont* small = nullptr;    // indices and "×weight" notes inside cells
};

// Adds the fonts to the ImGui atlas, rasterized at `scale` times their size (the window's content
// scale on a HiDPI screen, so text stays sharp there). When DejaVu Sans is missing, falls back to
// ImGui's built-in font and says so on stderr.
Fonts load_fonts(ImGuiIO& io, float scale = 1.0f);

// The dark theme, its paddings and spacings multiplied by `scale` like the fonts.
void apply_dark_theme(float scale = 1.0f);

// The scale fonts and sizes use for a window content scale of (x, y), as GLFW reports it: the larger
// axis, within 1..4.
float ui_scale_for(float content_scale_x, float content_scale_y);
// The window moved to a screen of another content scale: the atlas is emptied and the fonts rasterized
// again at `scale` (so text stays sharp, never a stretched bitmap), and the theme sized to match. The
// renderer's font texture must be made again before the next frame.
void rescale_ui(ImGuiIO& io, Fonts* fonts, float scale);

// A colour family: cells are shaded from `low` (smallest value) to `high` (largest).
struct ColorFamily {
  ImVec4 low;
  ImVec4 high;
};

namespace palette {
inline const ColorFamily kInput{{0.12f, 0.22f, 0.40f, 1.0f}, {0.18f, 0.42f, 0.82f, 1.0f}};
inline const ColorFamily kKernel{{0.11f, 0.30f, 0.19f, 1.0f}, {0.16f, 0.60f, 0.32f, 1.0f}};
inline const ColorFamily kOutput{{0.42f, 0.13f, 0.15f, 1.0f}, {0.84f, 0.26f, 0.22f, 1.0f}};
inline constexpr ImU32 kBackground = IM_COL32(20, 23, 28, 255);
inline constexpr ImU32 kPaddingFill = IM_COL32(44, 48, 56, 255);
inline constexpr ImU32 kPaddingText = IM_COL32(150, 156, 168, 255);
inline constexpr ImU32 kEmptyFill = IM_COL32(28, 31, 38, 255);
inline constexpr ImU32 kGridLine = IM_COL32(12, 14, 18, 255);
inline constexpr ImU32 kEmptyBorder = IM_COL32(70, 76, 88, 255);
inline constexpr ImU32 kCellText = IM_COL32(245, 246, 248, 255);
inline constexpr ImU32 kDimText = IM_COL32(140, 148, 160, 255);
// Magenta: distinct from both ends of the colour-blind-safe scale (navy, yellow) and from the article's
// blue, green and red, so the window and the current output stand out on every cell colour.
inline constexpr ImU32 kHighlight = IM_COL32(255, 64, 200, 255);
// Drawn under highlight outlines so they stay visible on light cells as well as dark ones.
inline constexpr ImU32 kHighlightHalo = IM_COL32(8, 10, 14, 235);
inline constexpr ImU32 kWeightNote = IM_COL32(160, 235, 180, 255);
inline const ImVec4 kErrorText{1.0f, 0.55f, 0.50f, 1.0f};
inline const ImVec4 kMutedText{0.62f, 0.66f, 0.72f, 1.0f};
inline const ImVec4 kAccentText{1.0f, 0.76f, 0.03f, 1.0f};
}  // namespace palette

// An amber outline with a dark halo on both sides: legible on every cell colour of every palette.
// `thickness` is the amber line's; the halo adds 1 px each side.
void draw_highlight_rect(ImDrawList* draw, ImVec2 min, ImVec2 max, float rounding = 0.0f,
                         float thickness = 2.0f, ImU32 color = palette::kHighlight);

}  // namespace convstep
