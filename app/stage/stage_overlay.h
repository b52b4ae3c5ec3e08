// Marks drawn over the stage's grids: the window outline (solid inside the padded input, dashed where
// a ceil_mode window overhangs it), the faint ghost of the previous position, the connector from the
// window to the current output cell, the arrow from a padding copy to the cell it copies, and badges.
#pragma once

#include <string>

#include <imgui.h>

#include "app/stage/stage_model.h"
#include "app/widgets/tensor_grid.h"
#include "app/widgets/theme.h"

namespace convstep {

struct ScreenRect {
  ImVec2 min, max;
};

// The window (in cell units) on a placed grid, in pixels, and the part of it inside the grid.
ScreenRect window_pixels(const GridPlacement& placement, const WindowRect& window);
ScreenRect clipped_to_grid(const GridPlacement& placement, const ScreenRect& rect);

void draw_window(ImDrawList* draw, const GridPlacement& placement, const WindowRect& window);
void draw_ghost(ImDrawList* draw, const GridPlacement& placement, const WindowRect& ghost);
// A curve from the window's right edge to the output cell, ending in a dot on each side.
void draw_connector(ImDrawList* draw, const ScreenRect& from, const ScreenRect& to);
// An arrow from a padding ghost to the input cell whose value it copies.
void draw_copy_arrow(ImDrawList* draw, ImVec2 from, ImVec2 to);
// A rounded label centred at `center`, e.g. "sum 10 ÷ 4 = 2.5".
void draw_badge(ImDrawList* draw, ImFont* font, float size, ImVec2 center, const std::string& text,
                ImU32 color);
void dashed_rect(ImDrawList* draw, ImVec2 min, ImVec2 max, ImU32 color, float thickness, float dash);

}  // namespace convstep
