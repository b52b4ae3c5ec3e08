// The strip of tiles for slices the step does not read: when a scene has more channels than fit with
// legible numbers, the stage draws the slices the step reads whole and each other one as a small
// thumbnail with its name. A tile is a button: it goes to the same output position in that channel.
#include <algorithm>
#include <cfloat>
#include <cmath>
#include <string>

#include "app/stage/stage_frame.h"
#include "app/widgets/widget_log.h"

namespace convstep {
namespace {

constexpr int kThumbCells = 16;  // at most this many cells a side: a thumbnail shows the slice's look
constexpr ImU32 kTileFill = IM_COL32(34, 38, 46, 255);
constexpr ImU32 kTileHover = IM_COL32(52, 58, 70, 255);
constexpr ImU32 kTileBorder = IM_COL32(78, 86, 100, 255);

// The slice's own cells (padding left out), sampled down to at most kThumbCells a side.
void draw_thumbnail(ImDrawList* draw, const GridModel& grid, ImVec2 min, ImVec2 max, PaletteKind palette) {
  const int r0 = grid.inner_rows > 0 ? grid.pad_top : 0, c0 = grid.inner_cols > 0 ? grid.pad_left : 0;
  const int rows = grid.inner_rows > 0 ? grid.inner_rows : grid.rows;
  const int cols = grid.inner_cols > 0 ? grid.inner_cols : grid.cols;
  if (rows <= 0 || cols <= 0) return;
  const int shown_rows = std::min(rows, kThumbCells), shown_cols = std::min(cols, kThumbCells);
  const float h = (max.y - min.y) / shown_rows, w = (max.x - min.x) / shown_cols;
  for (int r = 0; r < shown_rows; ++r)
    for (int c = 0; c < shown_cols; ++c) {
      const CellModel& cell = grid.at(r0 + r * rows / shown_rows, c0 + c * cols / shown_cols);
      draw->AddRectFilled(ImVec2(min.x + c * w, min.y + r * h),
                          ImVec2(min.x + (c + 1) * w, min.y + (r + 1) * h), cell_fill(grid, cell, palette));
    }
  draw->AddRect(min, max, kTileBorder);
}

// The step a tile leads to: the same output position in its output channel, or in the first output
// channel that reads its input channel.
int64_t tile_step(const GridModel& grid, const Stepper& stepper, const Snapshot& s) {
  const Geometry& g = stepper.geometry();
  const int64_t channel =
      grid.role == StageRole::kOutput ? grid.channel : g.out_channels_reading(grid.channel).first;
  return stepper.step_of(s.batch, channel, s.out_y, s.out_x);
}

std::string tile_tooltip(const GridModel& grid, const Stepper& stepper, const Snapshot& s) {
  const Geometry& g = stepper.geometry();
  const bool output = grid.role == StageRole::kOutput;
  std::string text = std::string(output ? "output " : "input ") + grid.label;
  if (output) {
    text += ": another output channel.\nClick to compute the same position in it";
  } else {
    const ChannelRange reading = g.out_channels_reading(grid.channel);
    text += ": output channel " + std::to_string(s.out_channel) +
            " does not read it.\nClick to go to output channel " + std::to_string(reading.first) +
            ", which does";
  }
  return text + " (step " + std::to_string(tile_step(grid, stepper, s) + 1) + ").";
}

}  // namespace

std::optional<int64_t> draw_tiles(ImDrawList* draw, const PlacedStage& placed, const StageMetrics& m,
                                  const Stepper& stepper, const Snapshot& s, const Fonts& fonts) {
  std::optional<int64_t> clicked;
  for (const PlacedTile& tile : placed.tiles) {
    const GridModel& grid = *tile.grid;
    const std::string id = tile_label(grid) +
                           (grid.role == StageRole::kOutput ? "##tile-output" : "##tile-input") +
                           std::to_string(grid.channel);
    ImGui::SetCursorScreenPos(tile.min);
    const bool pressed =
        ImGui::InvisibleButton(id.c_str(), ImVec2(tile.max.x - tile.min.x, tile.max.y - tile.min.y));
    record_last_item(id.c_str());
    const bool hovered = ImGui::IsItemHovered();
    draw->AddRectFilled(tile.min, tile.max, hovered ? kTileHover : kTileFill, 4);
    draw->AddRect(tile.min, tile.max, kTileBorder, 4);
    // The thumbnail over the name, both centred.
    const float width = tile.max.x - tile.min.x, thumb = thumb_width(grid, m);
    const ImVec2 thumb_min(std::floor(tile.min.x + (width - thumb) * 0.5f), tile.min.y + 5);
    const ImVec2 thumb_max(thumb_min.x + thumb, thumb_min.y + m.thumb_height);
    draw_thumbnail(draw, grid, thumb_min, thumb_max, placed.style.palette);
    const std::string label = tile_label(grid);
    const float label_width = fonts.small->CalcTextSizeA(fonts.small->FontSize, FLT_MAX, 0, label.c_str()).x;
    draw->AddText(fonts.small, fonts.small->FontSize,
                  ImVec2(std::floor(tile.min.x + (width - label_width) * 0.5f), thumb_max.y + 3),
                  palette::kCellText, label.c_str());
    if (hovered) ImGui::SetTooltip("%s", tile_tooltip(grid, stepper, s).c_str());
    if (pressed) clicked = tile_step(grid, stepper, s);
  }
  return clicked;
}

}  // namespace convstep
