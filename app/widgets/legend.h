// A horizontal colour bar explaining a grid's colours: the scale from its lowest to its highest
// value with ticks at min, 0 (when 0 is inside the range: the neutral centre of a diverging scale)
// and max, drawn with ImDrawList under or beside the grid it belongs to.
#pragma once

#include <string>

#include <imgui.h>

#include "app/widgets/palette.h"

namespace convstep {

struct LegendSpec {
  PaletteKind palette = PaletteKind::kColorBlindSafe;
  TensorRole role = TensorRole::kInput;
  ValueRange range;
  std::string title;  // drawn left of the bar, e.g. "input"; empty for none
};

// Size of the legend for a bar `bar_width` pixels wide (plus the title), in `font`.
ImVec2 legend_extent(const LegendSpec& spec, float bar_width, ImFont* font);

// Draws the legend with its top-left corner at `origin`.
void draw_legend(ImDrawList* draw, ImVec2 origin, float bar_width, const LegendSpec& spec, ImFont* font);

// A tick label: up to 3 significant digits (whole numbers from 1000 to a million in full), a real
// minus sign (U+2212), "0" for ±0.
std::string legend_tick_label(float value);

}  // namespace convstep
