// The stage as data: what each cell of the input, kernel and output grids shows at the walk's
// position (value, padding ghost, window tap, lit tap, winner, not yet computed), built only from the
// stepper, its snapshots and the partial output. No ImGui here, so tests can check it without a window.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "app/stage/stage_state.h"
#include "app/widgets/palette.h"
#include "core/stepper.h"
#include "core/tensor.h"

namespace convstep {

struct StageQuiz;

// What the stage is drawn from; the grids panel fills it from the App's StepView.
struct StageInput {
  const Stepper* stepper = nullptr;
  const Snapshot* snapshot = nullptr;   // the current step
  const Snapshot* from = nullptr;       // the step the window slides from (and its ghost); may be null
  float slide = 1;                      // eased 0..1
  int64_t tap = -1;                     // tap of the snapshot shown, −1 = the whole step
  const Tensor* output = nullptr;       // partial output: NaN where not computed yet
  const Tensor* full_output = nullptr;  // for colour ranges that do not shift while the map fills in
  bool editable = true;                 // false while playing
  const StageQuiz* quiz = nullptr;      // quiz mode's blanks and marks (app/stage/stage_quiz.h)
  int64_t weight_denominator = 1;       // > 1: weights are shown as integers n of n/D (core/weight_factor.h)
};

enum class CellKind : uint8_t {
  kValue,          // a tensor element
  kZeroPadding,    // a padding cell holding 0 (−∞ for max pooling)
  kCopiedPadding,  // a reflect/replicate/circular cell showing the value it copies
  kEmpty,          // an output not computed yet
};

// Per-cell flags, combined as a bit set.
enum CellFlag : uint16_t {
  kInWindow = 1 << 0,     // read by the current window
  kLitTap = 1 << 1,       // tap mode: a tap already summed
  kCurrentTap = 1 << 2,   // tap mode: the tap being added now
  kHighlighted = 1 << 3,  // in the hovered/pinned cell's set
  kCurrent = 1 << 4,      // the output being computed
  kWinner = 1 << 5,       // max pool: the winning tap
  kUnused = 1 << 6,       // an input cell no window reads (the floor's leftover)
  kHoverSource = 1 << 7,  // the hovered or pinned cell itself
};

struct CellModel {
  CellKind kind = CellKind::kValue;
  uint16_t flags = 0;
  float value = 0;
  float weight = 0;                      // input cells in the window of a convolution: the weight they meet
  int16_t source_y = -1, source_x = -1;  // copied padding: the cell it copies, in padded coordinates
  bool has(CellFlag f) const { return (flags & f) != 0; }
};

// One drawn grid: a 2-D slice, or a 1-D tensor with one row per channel.
struct GridModel {
  StageRole role = StageRole::kInput;
  int64_t channel = 0;             // the slice's channel (2-D), or the first row's channel (1-D)
  bool rows_are_channels = false;  // 1-D: row r is channel channel + r
  int rows = 0, cols = 0;          // drawn cells, padding ring included
  int pad_top = 0, pad_left = 0;
  int inner_rows = 0, inner_cols = 0;  // the tensor's own cells, inside the padding ring
  // ceil_mode: how far the last windows reach past the padded input, in cells (room kept for them).
  int overhang_rows = 0, overhang_cols = 0;
  std::vector<CellModel> cells;  // row-major
  ValueRange range;              // values the colour scale spans
  bool dimmed = false;           // an input slice (or kernel) the current output does not read
  int group = -1;                // the group this slice belongs to when groups > 1
  std::string label;             // "channel 1 · group 0", "weight[0, 2]", ...
  std::string short_label;       // the same when the slice is narrow: "c1", "w[0,2]"
  // Kernel grids: the values are shown as integers n of n/D; input grids: so are the weights in their
  // value×weight notes. 1: as they are. Colours, tooltips and edits keep the real values.
  int64_t weight_denominator = 1;

  CellModel& at(int r, int c) { return cells[static_cast<size_t>(r) * cols + c]; }
  const CellModel& at(int r, int c) const { return cells[static_cast<size_t>(r) * cols + c]; }
  // Row of the cell for channel c / y (1-D grids put channels on rows); −1 when not in this grid.
  int row_of(int64_t c, int64_t y) const;
  bool holds_channel(int64_t c) const;
};

// A window outline in cell units of an input grid (fractional while sliding).
struct WindowRect {
  float y0 = 0, x0 = 0, y1 = 0, x1 = 0;
};

struct StageModel {
  std::vector<GridModel> inputs;   // one per input channel (2-D) or one (1-D)
  std::vector<GridModel> kernels;  // the current output channel's filter (convolutions only)
  std::vector<GridModel> outputs;  // one per output channel (2-D) or one (1-D)
  // Per input grid: the window now (slid), where the slide started (the ghost), both only on grids
  // the current output reads.
  std::vector<std::optional<WindowRect>> windows;
  std::vector<std::optional<WindowRect>> ghosts;
  bool partial_window = false;  // ceil_mode: the window overhangs the padded input
};

// The text of a padding ghost cell: "0", "−∞" for max pooling, or the copied value.
std::string padding_label(const CellModel& cell);
// The number a cell shows: its value, or in a kernel grid with a weight denominator, the integer n.
std::string shown_value(const GridModel& grid, const CellModel& cell);
// The weight a window cell's value×weight note shows (the integer n with a weight denominator).
std::string shown_weight(const GridModel& grid, const CellModel& cell);

// Builds the grids from the stepper and snapshot.
StageModel build_stage_model(const StageInput& in);
// Marks the cells `focus` (the pinned cell, else the hovered one) lights up, and the focus itself.
void mark_focus(StageModel& model, const Stepper& stepper, const Snapshot& current, const CellRef& focus);
// The cell of the model that `ref` names, or null.
const CellModel* find_cell(const StageModel& model, const CellRef& ref);

}  // namespace convstep
