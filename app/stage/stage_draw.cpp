// The stage's draw passes over the placed slices, back to front: titles and operators, the connector
// under the grids, the grids with their labels and signal plots, the window and its ghost, the arrows
// from padding copies; then the record of where all of it went, for `--layout` and the GUI tests.
#include <algorithm>
#include <iterator>

#include "app/stage/stage_frame.h"
#include "app/stage/stage_overlay.h"
#include "app/widgets/signal_plot.h"

namespace convstep {
namespace {

constexpr ImU32 kGroupColors[] = {IM_COL32(94, 160, 255, 255),  IM_COL32(255, 150, 60, 255),
                                  IM_COL32(120, 210, 120, 255), IM_COL32(220, 120, 220, 255),
                                  IM_COL32(240, 220, 90, 255),  IM_COL32(90, 220, 220, 255)};
constexpr ImU32 kKernelLabel = IM_COL32(128, 224, 153, 255);
constexpr ImU32 kDimmedLabel = IM_COL32(100, 106, 118, 255);

float text_width(ImFont* font, const std::string& text) {
  return font->CalcTextSizeA(font->FontSize, FLT_MAX, 0, text.c_str()).x;
}

const char* role_name(StageRole role) {
  switch (role) {
    case StageRole::kInput:
      return "input";
    case StageRole::kKernel:
      return "kernel";
    case StageRole::kOutput:
      break;
  }
  return "output";
}

ScreenRect cell_rect(const GridPlacement& placement, int r, int c) {
  const ImVec2 a = placement.cell_min(r, c);
  return ScreenRect{a, ImVec2(a.x + placement.pitch, a.y + placement.pitch)};
}

void record_rect(StageLayout& layout, const char* what, int channel, ImVec2 min, ImVec2 max) {
  layout.rects.push_back(DrawnRect{what, channel, min.x, min.y, max.x, max.y});
}

// The bounding box of the highlighted cells of a placed grid, if any.
bool highlight_bounds(const PlacedGrid& p, ImVec2* min, ImVec2* max) {
  bool any = false;
  for (int r = 0; r < p.grid->rows; ++r)
    for (int c = 0; c < p.grid->cols; ++c) {
      if (!p.grid->at(r, c).has(kHighlighted)) continue;
      const ScreenRect cell = cell_rect(p.placement, r, c);
      if (!any) {
        *min = cell.min;
        *max = cell.max;
        any = true;
      }
      min->x = std::min(min->x, cell.min.x);
      min->y = std::min(min->y, cell.min.y);
      max->x = std::max(max->x, cell.max.x);
      max->y = std::max(max->y, cell.max.y);
    }
  return any;
}

// A focused padding copy and the input cell it copies, on one placed slice.
struct CopyLink {
  const PlacedGrid* grid;
  int row, col;                // the padding cell
  int source_row, source_col;  // the cell it copies
};

std::vector<CopyLink> copy_links(const PlacedStage& placed, const std::optional<CellRef>& focus) {
  std::vector<CopyLink> links;
  if (!focus || focus->role != StageRole::kInput) return links;
  for (const PlacedGrid& p : placed.inputs) {
    if (!p.grid->holds_channel(focus->channel)) continue;
    const int r = p.grid->row_of(focus->channel, focus->y);
    if (r < 0 || r >= p.grid->rows || focus->x < 0 || focus->x >= p.grid->cols) continue;
    const int c = static_cast<int>(focus->x);
    const CellModel& cell = p.grid->at(r, c);
    if (cell.kind != CellKind::kCopiedPadding) continue;
    links.push_back({&p, r, c, p.grid->rows_are_channels ? r : cell.source_y, cell.source_x});
  }
  return links;
}

// The slice's label over its stack: a group's colour band, then the long label when it fits, else the
// short one, clipped to the slice.
void draw_grid_label(ImDrawList* draw, const PlacedGrid& p, float label_height, const Fonts& fonts) {
  const GridModel& grid = *p.grid;
  float lx = p.label.x;
  if (grid.group >= 0) {
    const ImU32 band = kGroupColors[grid.group % static_cast<int>(std::size(kGroupColors))];
    draw->AddRectFilled(ImVec2(lx, p.label.y + 3), ImVec2(lx + 6, p.label.y + fonts.small->FontSize + 1),
                        band, 2);
    lx += 10;
  }
  const std::string& text =
      text_width(fonts.small, grid.label) <= p.label.x + p.width - lx ? grid.label : grid.short_label;
  const ImU32 color = grid.dimmed                       ? kDimmedLabel
                      : grid.role == StageRole::kKernel ? kKernelLabel
                                                        : palette::kDimText;
  draw->PushClipRect(ImVec2(lx, p.label.y), ImVec2(p.label.x + p.width, p.label.y + label_height), true);
  draw->AddText(fonts.small, fonts.small->FontSize, ImVec2(lx, p.label.y), color, text.c_str());
  draw->PopClipRect();
}

void draw_title(ImDrawList* draw, const PlacedTitle& t, bool two_line, const Fonts& fonts) {
  const ImU32 color = ImGui::ColorConvertFloat4ToU32(t.section->color);
  if (two_line) {
    const float tw = text_width(fonts.ui, t.section->title),
                sw = text_width(fonts.small, t.section->subtitle);
    draw->AddText(fonts.ui, fonts.ui->FontSize, ImVec2(t.x + (t.width - tw) * 0.5f, t.top), color,
                  t.section->title.c_str());
    draw->AddText(fonts.small, fonts.small->FontSize,
                  ImVec2(t.x + (t.width - sw) * 0.5f, t.top + fonts.ui->FontSize + 2), palette::kDimText,
                  t.section->subtitle.c_str());
  } else {
    const float left = t.x + (t.width - section_title_width(*t.section, fonts, false)) * 0.5f;
    draw->AddText(fonts.ui, fonts.ui->FontSize, ImVec2(left, t.top), color, t.section->title.c_str());
    draw->AddText(fonts.ui, fonts.ui->FontSize,
                  ImVec2(left + text_width(fonts.ui, t.section->title + "   "), t.top), palette::kDimText,
                  t.section->subtitle.c_str());
  }
}

// The ∗, = or → at `ox`, the pool's label above it and, after the last one, the badge below it.
void draw_operator(ImDrawList* draw, float ox, float center_y, bool last, const StagePlan& plan, Op op,
                   const std::string& badge, const Fonts& fonts) {
  const StageMetrics& m = plan.metrics;
  const char* symbol = is_pool(op) ? "\xE2\x86\x92" : (last ? "=" : "\xE2\x88\x97");
  const float fs = fonts.large->FontSize;
  const ImVec2 e = fonts.large->CalcTextSizeA(fs, FLT_MAX, 0, symbol);
  draw->AddText(fonts.large, fs, ImVec2(ox + (m.operator_width - e.x) * 0.5f, center_y - e.y * 0.5f),
                palette::kCellText, symbol);
  if (!plan.operator_label.empty()) {
    const float lw = text_width(fonts.small, plan.operator_label);
    draw->AddText(
        fonts.small, fonts.small->FontSize,
        ImVec2(ox + (m.operator_width - lw) * 0.5f, center_y - e.y * 0.5f - fonts.small->FontSize - 4),
        palette::kDimText, plan.operator_label.c_str());
  }
  if (!badge.empty() && last) {
    draw_badge(draw, fonts.small, fonts.small->FontSize,
               ImVec2(ox + m.operator_width * 0.5f, center_y + e.y * 0.5f + fonts.small->FontSize), badge,
               palette::kHighlight);
  }
}

}  // namespace

void draw_titles_and_operators(ImDrawList* draw, const PlacedStage& placed, const StagePlan& plan, Op op,
                               const std::string& badge, const Fonts& fonts) {
  for (const PlacedTitle& t : placed.titles) draw_title(draw, t, plan.metrics.two_line_titles, fonts);
  for (size_t i = 0; i < placed.operator_x.size(); ++i)
    draw_operator(draw, placed.operator_x[i], placed.block_center, i + 1 == placed.operator_x.size(), plan,
                  op, badge, fonts);
}

// The connector goes under the grids, so it links the window to the output without hiding cells.
void draw_connector_pass(ImDrawList* draw, const StageModel& model, const PlacedStage& placed) {
  std::optional<ScreenRect> from, to;
  for (const PlacedGrid& p : placed.inputs)
    if (const auto& w = model.windows[model_index(model, p)])
      from = clipped_to_grid(p.placement, window_pixels(p.placement, *w));
  for (const PlacedGrid& p : placed.outputs)
    for (int r = 0; r < p.grid->rows; ++r)
      for (int c = 0; c < p.grid->cols; ++c)
        if (p.grid->at(r, c).has(kCurrent)) to = cell_rect(p.placement, r, c);
  if (from && to) draw_connector(draw, *from, *to);
}

// The small ∗ between stacked slices, then every slice with its label and, for 1-D rows, its plot.
std::vector<GridTextStats> draw_grids_pass(ImDrawList* draw, const PlacedStage& placed, const StageMetrics& m,
                                           const Geometry& g, HeatmapCache& heatmaps, const Fonts& fonts) {
  std::vector<GridTextStats> text;
  for (const ImVec2& star : placed.stars) {
    const float size = std::min(fonts.large->FontSize, std::max(16.0f, m.stack_gap * 1.1f));
    const ImVec2 e = fonts.large->CalcTextSizeA(size, FLT_MAX, 0, "\xE2\x88\x97");
    draw->AddText(fonts.large, size, ImVec2(star.x - e.x * 0.5f, star.y - e.y * 0.5f + 2), palette::kCellText,
                  "\xE2\x88\x97");
  }
  GridStyle style = placed.style;
  const bool dilated = g.h.dilation > 1 || g.w.dilation > 1;
  for (const std::vector<PlacedGrid>* list : {&placed.inputs, &placed.kernels, &placed.outputs}) {
    for (const PlacedGrid& p : *list) {
      const GridModel& grid = *p.grid;
      if (!grid.label.empty()) draw_grid_label(draw, p, m.label_height, fonts);
      if (grid.rows_are_channels && grid.role != StageRole::kKernel)
        draw_signal_plot(draw, grid, p.placement,
                         p.placement.first_cell.y - m.plot_height - 6 - grid_gutter(style, fonts),
                         m.plot_height, style.palette);
      style.heatmap = nullptr;
      if (m.pitch < kHeatmapBelowPitch) {
        std::string key = role_name(grid.role);
        key += '/';
        key += std::to_string(grid.channel);
        style.heatmap = &heatmaps.get(key);
      }
      style.weight_notes = grid.role == StageRole::kInput && is_conv(g.op);
      style.outline_taps = dilated && grid.role == StageRole::kInput;
      GridTextStats stats;
      draw_grid(draw,
                ImVec2(p.placement.first_cell.x - placed.gutter, p.placement.first_cell.y - placed.gutter),
                grid, style, fonts, &stats);
      text.push_back(stats);
    }
  }
  return text;
}

void draw_windows_pass(ImDrawList* draw, const StageModel& model, const PlacedStage& placed) {
  for (const PlacedGrid& p : placed.inputs) {
    const size_t i = model_index(model, p);
    if (model.ghosts[i]) draw_ghost(draw, p.placement, *model.ghosts[i]);
    if (model.windows[i]) draw_window(draw, p.placement, *model.windows[i]);
  }
}

// A padding copy under the mouse (or pinned) points at the cell it copies.
void draw_copy_arrows_pass(ImDrawList* draw, const PlacedStage& placed, const std::optional<CellRef>& focus) {
  for (const CopyLink& link : copy_links(placed, focus))
    draw_copy_arrow(draw, link.grid->placement.cell_center(link.row, link.col),
                    link.grid->placement.cell_center(link.source_row, link.source_col));
}

size_t model_index(const StageModel& model, const PlacedGrid& p) {
  return static_cast<size_t>(p.grid - model.inputs.data());
}

void record_stage_layout(StageLayout& layout, const StageModel& model, const PlacedStage& placed,
                         const std::optional<CellRef>& focus, const std::vector<GridTextStats>& text) {
  size_t index = 0;
  for (const std::vector<PlacedGrid>* list : {&placed.inputs, &placed.kernels, &placed.outputs})
    for (const PlacedGrid& p : *list) {
      const GridTextStats stats = index < text.size() ? text[index] : GridTextStats{};
      ++index;
      layout.grids.push_back(DrawnGrid{role_name(p.grid->role), static_cast<int>(p.grid->channel),
                                       p.placement.first_cell.x, p.placement.first_cell.y, p.placement.pitch,
                                       p.grid->rows, p.grid->cols, p.grid->pad_top, p.grid->pad_left,
                                       stats.values_shown, stats.value_px});
    }
  for (const PlacedGrid& p : placed.inputs) {
    const size_t i = model_index(model, p);
    const GridPlacement& placement = p.placement;
    const int channel = static_cast<int>(p.grid->channel);
    if (model.ghosts[i]) {
      const ScreenRect r = clipped_to_grid(placement, window_pixels(placement, *model.ghosts[i]));
      record_rect(layout, "ghost", channel, r.min, r.max);
    }
    if (model.windows[i]) {
      const ScreenRect full = window_pixels(placement, *model.windows[i]);
      const ScreenRect inside = clipped_to_grid(placement, full);
      record_rect(layout, "window", channel, inside.min, inside.max);
      if (model.partial_window) record_rect(layout, "partial_window", channel, full.min, full.max);
    }
  }
  // Each mark with the channel of its own cell: a 1-D grid holds every channel, one per row.
  const auto record_cells = [&](const std::vector<PlacedGrid>& grids, CellFlag flag, const char* what) {
    for (const PlacedGrid& p : grids)
      for (int r = 0; r < p.grid->rows; ++r)
        for (int c = 0; c < p.grid->cols; ++c) {
          if (!p.grid->at(r, c).has(flag)) continue;
          const ScreenRect cell = cell_rect(p.placement, r, c);
          record_rect(layout, what, static_cast<int>(ref_of(*p.grid, r, c).channel), cell.min, cell.max);
        }
  };
  record_cells(placed.outputs, kCurrent, "current_output");
  record_cells(placed.inputs, kWinner, "winner");
  if (focus) {
    const char* what = focus->role == StageRole::kOutput  ? "receptive_field"
                       : focus->role == StageRole::kInput ? "outputs_reading"
                                                          : "kernel_meets";
    for (const std::vector<PlacedGrid>* list : {&placed.inputs, &placed.outputs}) {
      for (const PlacedGrid& p : *list) {
        ImVec2 a, b;
        if (highlight_bounds(p, &a, &b)) record_rect(layout, what, static_cast<int>(p.grid->channel), a, b);
      }
    }
  }
  for (const CopyLink& link : copy_links(placed, focus)) {
    const ScreenRect source = cell_rect(link.grid->placement, link.source_row, link.source_col);
    record_rect(layout, "copy_source", static_cast<int>(focus->channel), source.min, source.max);
  }
}

}  // namespace convstep
