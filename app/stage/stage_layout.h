// Where the last frame drew each grid, highlight and formula, in window pixels. The views record it
// as they draw; `convstep --layout FILE` writes it as JSON so GUI tests can check the screenshot's
// pixels at the cells that matter (the window, the current output) instead of guessing positions.
#pragma once

#include <string>
#include <vector>

#include "app/widgets/widget_log.h"
#include "core/result.h"

namespace convstep {

struct DrawnGrid {
  std::string role;               // "input", "kernel", "output"
  int channel = 0;                // which slice: input channel, kernel in-channel, output channel
  float x = 0, y = 0;             // top-left corner of the first drawn cell (padding included)
  float cell = 0;                 // cell pitch in pixels (one cell plus the gap after it)
  int rows = 0, cols = 0;         // drawn cells, padding ring included
  int pad_top = 0, pad_left = 0;  // drawn padding rows/columns before the tensor's row 0 / column 0
  bool values_shown = true;       // every cell drawn (on screen, not empty) has its value drawn
  float value_px = 0;             // the smallest value text drawn, in pixels (its font size); 0 when none
};

struct DrawnRect {
  std::string what;  // "window", "ghost", "current_output", "receptive_field", ...
  int channel = 0;
  float x0 = 0, y0 = 0, x1 = 0, y1 = 0;
};

struct StageLayout {
  std::vector<DrawnGrid> grids;
  std::vector<DrawnRect> rects;
  std::vector<std::string> texts;    // formula and arithmetic lines as shown
  std::vector<DrawnWidget> widgets;  // every button, field and checkbox drawn (app/widgets/widget_log.h)

  void clear() {
    grids.clear();
    rects.clear();
    texts.clear();
    widgets.clear();
  }
};

// Writes the layout as JSON, atomically (temporary file, then rename).
Status write_layout_json(const StageLayout& layout, const std::string& path);

}  // namespace convstep
