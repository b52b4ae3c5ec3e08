// The phases of one stage frame and what they hand each other: draw_stage places every slice (plan),
// reads hover, pin, zoom and the cell editor's double-click (input, the one phase that writes
// StageState's UI fields), draws its passes from the placed slices, and records the layout last.
// Internal to app/stage/; the rest of the app calls draw_stage.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include <imgui.h>

#include "app/stage/stage_arrange.h"
#include "app/stage/stage_model.h"
#include "app/stage/stage_state.h"
#include "app/stage/stage_view.h"
#include "app/widgets/tensor_grid.h"
#include "app/widgets/theme.h"
#include "core/stepper.h"

namespace convstep {

// One slice on screen.
struct PlacedGrid {
  const GridModel* grid = nullptr;
  GridPlacement placement;
  ImVec2 label;     // where the slice's label goes
  float width = 0;  // the label's room: the stack's width plus the gap after it
};

// A section's title, centred over the section's width.
struct PlacedTitle {
  const StageSection* section = nullptr;
  float x = 0, width = 0, top = 0;
};

// A slice drawn as a tile of the strip (the step does not read it), in screen pixels.
struct PlacedTile {
  const GridModel* grid = nullptr;
  ImVec2 min, max;
};

// Where everything of the plan landed, in screen pixels; the slices in the model's order per role.
struct PlacedStage {
  std::vector<PlacedGrid> inputs, kernels, outputs;
  std::vector<float> operator_x;  // the left edge of each ∗, = or → between sections
  std::vector<ImVec2> stars;      // the small ∗ between an input slice and its filter slice
  std::vector<PlacedTitle> titles;
  std::vector<PlacedTile> tiles;
  float block_center = 0;  // the vertical centre of the grids, where the operators sit
  float gutter = 0;        // room for the row/column numbers before cell (0, 0)
  GridStyle style;         // the look every grid starts from
};

// What the input phase found under the mouse, and the cell whose highlights are shown.
struct StageHover {
  bool over_stage = false;  // the mouse has moved and is over the stage
  const PlacedGrid* grid = nullptr;
  int row = 0, col = 0;
  std::optional<CellRef> focus;   // the pinned cell, else the hovered one
  std::optional<int64_t> jump;    // a computed output cell was clicked: the step that computes it
  std::optional<CellRef> picked;  // quiz mode: an input cell clicked as an answer
};

// The cell of `grid` at drawn row `r`, column `c`.
CellRef ref_of(const GridModel& grid, int r, int c);

// Plan: puts every slice of `plan` in the child region that starts at `origin`, centred in `avail`
// above a legend band of `legend_height`.
PlacedStage place_stage(const StagePlan& plan, ImVec2 total, ImVec2 origin, ImVec2 avail, float legend_height,
                        PaletteKind palette, const Fonts& fonts);

// Input: hover, click to pin, Esc, Ctrl+wheel zoom and wheel scroll, and a double-click that opens the
// cell editor; then marks what the focused cell lights up in `model`. Writes only StageState.
StageHover read_stage_input(const StageInput& in, StageModel& model, const PlacedStage& placed, float pitch,
                            StageState& state);

// The edit a typed `value` for the stage cell `ref` asks for, in tensor coordinates.
CellEdit cell_edit_for(const Geometry& g, const Snapshot& s, const CellRef& ref, float value);

// The hovered cell's tooltip, where a bare cell says too little.
void show_cell_tooltip(const Stepper& stepper, const Snapshot& current, const StageHover& hover,
                       const StageState& state, float pitch);

// The cell editor popup; a confirmed number becomes a request.
void edit_cell_popup(const Geometry& g, const Snapshot& s, StageState& state, StageRequests& requests);

// Draw passes, in this order.
void draw_titles_and_operators(ImDrawList* draw, const PlacedStage& placed, const StagePlan& plan, Op op,
                               const std::string& badge, const Fonts& fonts);
void draw_connector_pass(ImDrawList* draw, const StageModel& model, const PlacedStage& placed);
// Returns how each slice's numbers came out, in the order inputs, kernels, outputs.
std::vector<GridTextStats> draw_grids_pass(ImDrawList* draw, const PlacedStage& placed, const StageMetrics& m,
                                           const Geometry& g, HeatmapCache& heatmaps, const Fonts& fonts);
void draw_windows_pass(ImDrawList* draw, const StageModel& model, const PlacedStage& placed);
void draw_copy_arrows_pass(ImDrawList* draw, const PlacedStage& placed, const std::optional<CellRef>& focus);

// The strip's tiles: each a thumbnail and its name, a button that goes to the step at the same position
// in that channel (an output channel, or the first output channel reading an input channel). Returns
// that step when one is clicked.
std::optional<int64_t> draw_tiles(ImDrawList* draw, const PlacedStage& placed, const StageMetrics& m,
                                  const Stepper& stepper, const Snapshot& s, const Fonts& fonts);

// Where a placed input slice is in the model's inputs (its window and ghost are at that index).
size_t model_index(const StageModel& model, const PlacedGrid& p);

// Layout recording: every grid and mark drawn this frame, for `--layout` and the GUI tests.
// `text`: draw_grids_pass's result (may be empty: every grid is then reported as showing its values).
void record_stage_layout(StageLayout& layout, const StageModel& model, const PlacedStage& placed,
                         const std::optional<CellRef>& focus, const std::vector<GridTextStats>& text = {});

}  // namespace convstep
