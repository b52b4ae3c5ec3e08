// The Network view: a stack of layers (core/stack_session.h) drawn map by map, with the receptive field
// of the hovered or clicked cell in every map below it and its projective field above, the numbers of
// every layer beside it (output size, r, jump, start with their recurrences) and the path counts to the
// input. The sidebar edits the stack: presets, the input size, each layer's PyTorch line, add, remove
// and reorder. It reads the session and records NetworkActions; apply_network_actions changes it.
#pragma once

#include <array>
#include <cstddef>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include <imgui.h>

#include "app/stage/stage_layout.h"
#include "app/widgets/theme.h"
#include "core/stack_session.h"

namespace convstep {

// A cell of map `map` (0 = the input, l = layer l's output), height first (a 1-D map uses cell[0]).
struct NetworkCell {
  int map = 0;
  Dims cell{0, 0};
  friend bool operator==(const NetworkCell&, const NetworkCell&) = default;
};

inline constexpr size_t kLayerFieldBytes = 256;
// Orange below the cell, sky blue above it: apart from each other, from the cell's own highlight and from
// both palettes' cell colours.
inline constexpr ImU32 kReceptiveFieldColor = IM_COL32(255, 150, 40, 255);
inline constexpr ImU32 kProjectiveFieldColor = IM_COL32(70, 200, 255, 255);

// UI-only state of the view.
struct NetworkUi {
  std::vector<std::array<char, kLayerFieldBytes>> fields;  // each layer's line as being typed
  std::vector<std::string> fields_from;                    // the session's lines the fields were filled from
  char input_size[32] = {};
  Dims input_size_from{0, 0};
  std::optional<NetworkCell> hovered;  // under the mouse in the last frame
  std::optional<NetworkCell> pinned;   // clicked: stays until clicked again or the stack changes
  // The mouse has moved since the view opened: until then a pointer resting on a cell (as in a headless
  // run) does not count as hovering it.
  bool mouse_moved = false;
  int palette = 0;  // 0: colour-blind safe; 1: the article's colours
};

// What the user asked for in one frame; apply_network_actions applies it.
struct NetworkActions {
  std::optional<std::pair<size_t, std::string>> set_line;
  std::optional<size_t> add_after, remove;
  std::optional<std::pair<size_t, int>> move;  // layer, +1 (up the stack) or −1
  std::optional<std::string> preset;           // a core/stack_presets.h id
  std::optional<std::string> input_size;
};

bool asks_anything(const NetworkActions& actions);
// The one place the session changes; a change of stack drops the pinned cell. True when it changed.
bool apply_network_actions(StackSession& session, NetworkUi& ui, const NetworkActions& actions);

// The cell whose fields are shown: the pinned one, else the hovered one, else the centre of the top map.
NetworkCell shown_network_cell(const StackSession& session, const NetworkUi& ui);

// Draws the whole view into the current window's remaining room, recording grids, highlights and the
// numbers' lines into `layout`.
void draw_network_panel(const StackSession& session, NetworkUi& ui, const Fonts& fonts, StageLayout& layout,
                        NetworkActions& actions, bool presenting = false);

// The maps, the highlights and the path counts, in [origin, origin + size) (app/panels/network_maps.cpp).
void draw_network_maps(const StackSession& session, NetworkUi& ui, const Fonts& fonts, StageLayout& layout,
                       ImVec2 origin, ImVec2 size);

}  // namespace convstep
