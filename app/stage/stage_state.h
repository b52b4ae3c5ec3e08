// UI-only state of the stage (the grids): hover, pinned highlights, zoom, colour palette, the cell
// being edited and the layout the last frame drew. Widgets may edit it directly; it never changes the
// scene (edits go out as actions).
#pragma once

#include <cstdint>
#include <optional>

#include "app/stage/stage_layout.h"
#include "app/widgets/heatmap.h"

namespace convstep {

// Which grid a cell belongs to.
enum class StageRole { kInput, kKernel, kOutput };

// One cell of the stage. Input cells use padded coordinates (the padding ring included); kernel
// cells use (in-channel within the current filter, ky, kx); output cells use the output's (c, y, x).
// 1-D tensors have y = 0.
struct CellRef {
  StageRole role = StageRole::kInput;
  int64_t channel = 0;
  int64_t y = 0, x = 0;
  friend bool operator==(const CellRef&, const CellRef&) = default;
};

struct StageState {
  StageLayout layout;  // rebuilt every frame by the grids panel

  std::optional<CellRef> hovered;  // the cell under the mouse this frame
  // Hover starts once the mouse has moved: a pointer resting where the window opened (a headless
  // screenshot, a test) must not light anything up.
  bool mouse_moved = false;
  std::optional<CellRef> pinned;  // clicked: stays highlighted until clicked again or Esc

  // Multiplies the cell size that fits the region; Ctrl+wheel over the stage or the zoom slider.
  float zoom = 1.0f;
  int palette = 0;  // index into the palettes offered by the colour legend (0 = default)
  // Values are never drawn smaller than this (at zoom 100 % and above): a scene too big for the region
  // at this size scrolls instead. Presentation mode raises it.
  float least_value_px = 14.0f;
  // Presentation mode: the colour-blind-safe palette whatever the toggle says, and no edit toolbar.
  bool presentation = false;
  // The step the scroll last followed, so the window is brought into view once per move and the user
  // may scroll elsewhere in between.
  int64_t followed_step = -1;

  // GPU heatmaps of the slices too small for numbers, one per slice on screen.
  HeatmapCache heatmaps;

  // The cell whose value is being typed (double-click), and the text typed so far.
  std::optional<CellRef> editing;
  bool editing_opened = false;
  char edit_text[32] = {};
};

}  // namespace convstep
