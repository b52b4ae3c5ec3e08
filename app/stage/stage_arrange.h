// Where the stage's grids go: sections (input, kernel, output) of stacks of grids, and the largest
// cell pitch at which they fit the region. Multi-channel convolutions may pair each input slice with
// its filter slice beneath it (the kernel section then folds into the input's), whichever gives the
// bigger cells. Pure layout arithmetic over font metrics; the stage view draws the plan.
#pragma once

#include <string>
#include <vector>

#include <imgui.h>

#include "app/stage/stage_model.h"
#include "app/widgets/theme.h"
#include "core/stepper.h"

namespace convstep {

// Grids drawn one under the other: one slice, or an input slice over its filter slice.
using GridStack = std::vector<const GridModel*>;

struct StageSection {
  StageRole role = StageRole::kInput;
  std::string title;
  std::string subtitle;
  ImVec4 color;
  std::vector<GridStack> stacks;
  // Slices the step does not read, when the stage cannot show every slice with legible numbers: a strip
  // of small tiles under the stacks (a thumbnail and the slice's short name; clicking one goes there).
  std::vector<const GridModel*> tiles;
  bool tiles_beside = false;  // the strip is a column right of the stacks rather than a row under them
};

struct StageMetrics {
  float pitch = 40;
  bool two_line_titles = false;
  float title_height = 0;
  float label_height = 0;
  float slice_gap = 0;       // between stacks
  float stack_gap = 0;       // between the grids of a stack (holds a small ∗)
  float operator_width = 0;  // ∗, = or → between sections
  float plot_height = 0;     // 1-D signal bars above input and output rows
  bool indices = false;      // row/column numbers fit
  float tile_height = 0;     // a tile of the strip: its thumbnail over its name, with margins
  float thumb_height = 0;    // the thumbnail's height
  float tile_gap = 0;        // between tiles
};

struct StageArrangement {
  ImVec2 size;
  std::vector<ImVec2> positions;       // top-left of each stack, relative to the section's block
  std::vector<ImVec2> tile_positions;  // top-left of each tile, likewise
};

struct StagePlan {
  std::vector<StageSection> sections;
  std::vector<int> per_row;  // per section: stacks per row (all of them, or wrapped)
  StageMetrics metrics;
  std::string operator_label;  // "max_pool2d 2×2" under the arrow of a pool
  bool paired = false;         // input slices carry their filter slices
};

StageMetrics stage_metrics(float pitch, const Fonts& fonts, float operator_label_width, bool two_line,
                           bool one_d);
float stack_label_height(const GridModel& grid, const StageMetrics& m);
ImVec2 stack_extent(const GridStack& stack, const StageMetrics& m, const Fonts& fonts);
StageArrangement arrange_section(const StageSection& section, const StageMetrics& m, int per_row,
                                 const Fonts& fonts);
// A tile's width: its thumbnail (the slice's aspect, within limits) or its name, the wider.
float tile_width(const GridModel& grid, const StageMetrics& m, const Fonts& fonts);
// The thumbnail's width in a tile of the strip.
float thumb_width(const GridModel& grid, const StageMetrics& m);
// The name a tile shows: the slice's short label ("c2").
std::string tile_label(const GridModel& grid);
float section_title_width(const StageSection& section, const Fonts& fonts, bool two_line);
ImVec2 stage_extent(const StagePlan& plan, const Fonts& fonts);

// The plan with the biggest cells for `room`, then scaled by `zoom`. When no plan of every slice fits at
// the legible pitch, plans that draw only the slices the step reads (the current output channel, the
// input channels and filter it reads) are tried, the others becoming tiles. The operator between the last two
// sections is made at least `badge_width` wide, for a pool's "sum 10 ÷ 4 = 2.5". At zoom 100 % and
// above the pitch never drops below the one at which every value (those of `full_output`, the whole
// feature map, included, so cells do not shrink as it fills in) is `least_value_px` tall: a scene that
// does not fit then overflows the room and the stage scrolls.
StagePlan plan_stage(const StageModel& model, const Stepper& stepper, const Snapshot& snapshot, ImVec2 room,
                     float zoom, const Fonts& fonts, float badge_width, float least_value_px = 0,
                     const Tensor* full_output = nullptr);

// The pitch below which some value of `model` (or of `full_output`) would be drawn under `px` tall.
float least_legible_pitch(const StageModel& model, const Tensor* full_output, const Fonts& fonts, float px);

}  // namespace convstep
