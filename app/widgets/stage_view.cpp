// Lays the stage out (the largest pitch at which input ∗ kernel = output fit side by side, channel
// slices in a row or wrapped when that gives clearly bigger cells, times the zoom), handles hover, pin,
// zoom and the cell editor, draws the grids and overlays, and records the layout for GUI tests.
#include "app/widgets/stage_view.h"

#include <algorithm>
#include <cmath>
#include <cstdlib>
#include <cstring>

#include "app/widgets/legend.h"
#include "app/widgets/signal_plot.h"
#include "app/widgets/stage_arrange.h"
#include "app/widgets/stage_overlay.h"
#include "app/widgets/tensor_grid.h"
#include "core/step_text.h"

namespace convstep {
namespace {

constexpr float kMinZoom = 0.25f, kMaxZoom = 6.0f;
constexpr ImU32 kGroupColors[] = {IM_COL32(94, 160, 255, 255),  IM_COL32(255, 150, 60, 255),
                                  IM_COL32(120, 210, 120, 255), IM_COL32(220, 120, 220, 255),
                                  IM_COL32(240, 220, 90, 255),  IM_COL32(90, 220, 220, 255)};
constexpr ImU32 kKernelLabel = IM_COL32(128, 224, 153, 255);

float text_width(ImFont* font, const std::string& text) {
  return font->CalcTextSizeA(font->FontSize, FLT_MAX, 0, text.c_str()).x;
}

// One colour bar per role shown (input, kernel, feature map), each over the range its cells are
// coloured by, so a signed tensor's diverging scale is read with its 0 in the middle.
std::vector<LegendSpec> stage_legends(const StageModel& model, PaletteKind palette) {
  std::vector<LegendSpec> legends;
  const auto add = [&](const std::vector<GridModel>& grids, TensorRole role, const char* title) {
    if (grids.empty()) return;
    ValueRange range = grids.front().range;
    for (const GridModel& g : grids) range = range.merged(g.range);
    legends.push_back({palette, role, range, title});
  };
  add(model.inputs, TensorRole::kInput, "input");
  add(model.kernels, TensorRole::kKernel, "kernel");
  add(model.outputs, TensorRole::kOutput, "feature map");
  return legends;
}

constexpr float kLegendBarWidth = 150;
constexpr float kLegendGap = 36;

float legend_row_height(const std::vector<LegendSpec>& legends, const Fonts& fonts) {
  float h = 0;
  for (const LegendSpec& l : legends) h = std::max(h, legend_extent(l, kLegendBarWidth, fonts.small).y);
  return legends.empty() ? 0 : h + 6;
}

// The legends side by side, centred in `width` from `top_left`.
void draw_legend_row(ImDrawList* draw, const std::vector<LegendSpec>& legends, const Fonts& fonts,
                     ImVec2 top_left, float width, float height) {
  // An opaque band: grids scrolled or zoomed under the legend must not show through its labels.
  if (!legends.empty()) {
    draw->AddRectFilled(top_left, ImVec2(top_left.x + width, top_left.y + height),
                        ImGui::GetColorU32(ImGuiCol_ChildBg));
  }
  float total = 0;
  for (const LegendSpec& l : legends) total += legend_extent(l, kLegendBarWidth, fonts.small).x + kLegendGap;
  total -= kLegendGap;
  float x = std::floor(top_left.x + std::max(0.0f, (width - total) * 0.5f));
  for (const LegendSpec& l : legends) {
    draw_legend(draw, ImVec2(x, top_left.y), kLegendBarWidth, l, fonts.small);
    x += legend_extent(l, kLegendBarWidth, fonts.small).x + kLegendGap;
  }
}

GridStyle style_for(const StageMetrics& m, PaletteKind palette) {
  GridStyle style;
  style.palette = palette;
  style.pitch = m.pitch;
  style.show_indices = m.indices;
  return style;
}

// "[c, y, x]" in the tensor's own coordinates (the padded ones minus the padding).
std::string cell_name(const Geometry& g, const CellRef& ref) {
  const char* role = ref.role == StageRole::kInput    ? "input"
                     : ref.role == StageRole::kKernel ? "weight"
                                                      : "output";
  const int64_t y = ref.role == StageRole::kInput ? ref.y - g.h.pad_before : ref.y;
  const int64_t x = ref.role == StageRole::kInput ? ref.x - g.w.pad_before : ref.x;
  std::string text = std::string(role) + "[" + std::to_string(ref.channel);
  if (g.dims == 2) text += ", " + std::to_string(y);
  return text + ", " + std::to_string(x) + "]";
}

// What a hovered cell is, for its tooltip: the value, and for padding where it comes from.
std::string cell_tooltip(const Geometry& g, const GridModel& grid, const CellModel& cell,
                         const CellRef& ref) {
  switch (cell.kind) {
    case CellKind::kEmpty:
      return cell_name(g, ref) + ": not computed yet";
    case CellKind::kZeroPadding:
      return std::string(is_max_pool(g.op) ? "padding: \xE2\x88\x92\xE2\x88\x9E (never the max)"
                                           : "zero padding: 0");
    case CellKind::kCopiedPadding: {
      const CellRef source{StageRole::kInput, ref.channel, grid.rows_are_channels ? ref.y : cell.source_y,
                           cell.source_x};
      return std::string(padding_mode_name(g.padding_mode)) + " padding: copies " + cell_name(g, source) +
             " = " + display_number(cell.value);
    }
    case CellKind::kValue:
      break;
  }
  std::string text = cell_name(g, ref) + " = " + display_number(cell.value);
  if (cell.has(kUnused)) text += "  (no window reads it: the floor leaves it out)";
  return text;
}

struct Placed {
  const GridModel* grid;
  GridPlacement placement;
  ImVec2 label;     // where the slice's label goes
  float width = 0;  // the label's room: the stack's width plus the gap after it
};

CellRef ref_of(const GridModel& grid, int r, int c) {
  CellRef ref;
  ref.role = grid.role;
  ref.channel = grid.rows_are_channels ? grid.channel + r : grid.channel;
  ref.y = grid.rows_are_channels ? 0 : r;
  ref.x = c;
  return ref;
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

void record_rect(StageLayout& layout, const char* what, int channel, ImVec2 min, ImVec2 max) {
  layout.rects.push_back(DrawnRect{what, channel, min.x, min.y, max.x, max.y});
}

// The bounding box of the highlighted cells of a placed grid, if any.
bool highlight_bounds(const Placed& p, ImVec2* min, ImVec2* max) {
  bool any = false;
  for (int r = 0; r < p.grid->rows; ++r)
    for (int c = 0; c < p.grid->cols; ++c) {
      if (!p.grid->at(r, c).has(kHighlighted)) continue;
      const ImVec2 a = p.placement.cell_min(r, c);
      const ImVec2 b(a.x + p.placement.pitch, a.y + p.placement.pitch);
      if (!any) {
        *min = a;
        *max = b;
        any = true;
      }
      min->x = std::min(min->x, a.x);
      min->y = std::min(min->y, a.y);
      max->x = std::max(max->x, b.x);
      max->y = std::max(max->y, b.y);
    }
  return any;
}

std::string pool_badge(const Geometry& g, const Snapshot& s, int64_t tap, float running) {
  if (!is_pool(g.op)) return "";
  if (is_max_pool(g.op))
    return (tap >= 0 ? "max so far " : "max ") + display_number(tap >= 0 ? running : s.result);
  if (tap >= 0) return "sum so far " + display_number(running);
  if (g.op == Op::kAvgPool1d || g.op == Op::kAvgPool2d)
    return "sum " + display_number(s.sum) + " \xC3\xB7 " + std::to_string(s.divisor) + " = " +
           display_number(s.result);
  return "sum of " + std::to_string(s.taps.size()) + " = " + display_number(s.result);
}

}  // namespace

std::optional<float> parse_cell_value(const std::string& typed) {
  std::string text;
  for (size_t i = 0; i < typed.size(); ++i) {
    if (typed.compare(i, 3, "\xE2\x88\x92") == 0) {  // U+2212 minus
      text += '-';
      i += 2;
    } else if (typed[i] != ' ') {
      text += typed[i];
    }
  }
  if (text.empty()) return std::nullopt;
  const size_t slash = text.find('/');
  auto number = [](const std::string& s) -> std::optional<float> {
    if (s.empty()) return std::nullopt;
    char* end = nullptr;
    const float v = std::strtof(s.c_str(), &end);
    if (end != s.c_str() + s.size() || !std::isfinite(v)) return std::nullopt;
    return v;
  };
  if (slash == std::string::npos) return number(text);
  const std::optional<float> a = number(text.substr(0, slash)), b = number(text.substr(slash + 1));
  if (!a || !b || *b == 0) return std::nullopt;
  return *a / *b;
}

StageRequests draw_stage(const StageInput& in, float running, StageState& state, const Fonts& fonts,
                         ImVec2 size) {
  StageRequests requests;
  state.layout.grids.clear();
  state.layout.rects.clear();
  if (!in.stepper || !in.snapshot || size.x < 10 || size.y < 10) {
    ImGui::Dummy(size);
    return requests;
  }
  const Stepper& stepper = *in.stepper;
  const Geometry& g = stepper.geometry();
  const Snapshot& s = *in.snapshot;
  const PaletteKind palette = state.palette == 1 ? PaletteKind::kArticle : PaletteKind::kColorBlindSafe;
  StageModel model = build_stage_model(in);

  state.zoom = std::clamp(state.zoom, kMinZoom, kMaxZoom);
  const std::string badge = pool_badge(g, s, in.tap, running);
  const float badge_width = badge.empty() ? 0 : text_width(fonts.small, badge) + 16;
  const std::vector<LegendSpec> legends = stage_legends(model, palette);
  const float legend_height = legend_row_height(legends, fonts);
  const StagePlan plan = plan_stage(model, stepper, s, ImVec2(size.x - 16, size.y - 8 - legend_height),
                                    state.zoom, fonts, badge_width);
  const StageMetrics& m = plan.metrics;
  const bool two_line = m.two_line_titles;
  const std::string& op_label = plan.operator_label;
  const ImVec2 total = stage_extent(plan, fonts);

  ImGui::BeginChild("stage", size, false,
                    ImGuiWindowFlags_HorizontalScrollbar | ImGuiWindowFlags_NoScrollWithMouse);
  ImDrawList* draw = ImGui::GetWindowDrawList();
  const ImVec2 origin = ImGui::GetCursorScreenPos();
  const ImVec2 avail = ImGui::GetContentRegionAvail();
  const float top = std::floor(origin.y + std::max(0.0f, (avail.y - legend_height - total.y) * 0.5f));
  float x = std::floor(origin.x + std::max(0.0f, (avail.x - total.x) * 0.5f));

  // Place every slice first, so hover is known before the cells are drawn.
  std::vector<Placed> placed_inputs, placed_kernels, placed_outputs;
  std::vector<float> operator_x;
  std::vector<ImVec2> stars;  // the small ∗ between an input slice and its filter slice
  struct TitleDraw {
    const StageSection* section;
    float x, width, top;
  };
  std::vector<TitleDraw> titles;
  const GridStyle base_style = style_for(m, palette);
  const float gut = grid_gutter(base_style, fonts);
  const float block_center = top + m.title_height + (total.y - m.title_height) * 0.5f;
  for (size_t i = 0; i < plan.sections.size(); ++i) {
    const StageSection& section = plan.sections[i];
    if (i > 0) {
      operator_x.push_back(x);
      x += m.operator_width;
    }
    const StageArrangement a = arrange_section(section, m, plan.per_row[i], fonts);
    const float width = std::max(a.size.x, section_title_width(section, fonts, two_line));
    // Whole pixels, so cell edges stay crisp.
    const ImVec2 block(std::floor(x + (width - a.size.x) * 0.5f), std::floor(block_center - a.size.y * 0.5f));
    titles.push_back({&section, x, width, block.y - m.title_height});
    for (size_t k = 0; k < section.stacks.size(); ++k) {
      const GridStack& stack = section.stacks[k];
      const float stack_width = stack_extent(stack, m, fonts).x;
      ImVec2 pos(std::floor(block.x + a.positions[k].x), std::floor(block.y + a.positions[k].y));
      for (size_t j = 0; j < stack.size(); ++j) {
        const GridModel& grid = *stack[j];
        if (j > 0) {
          stars.push_back(ImVec2(pos.x + gut + grid.cols * m.pitch * 0.5f, pos.y + m.stack_gap * 0.5f));
          pos.y += m.stack_gap;
        }
        const ImVec2 label = pos;
        pos.y += stack_label_height(grid, m);
        if (grid.rows_are_channels && grid.role != StageRole::kKernel) pos.y += m.plot_height + 6;
        const GridPlacement placement{ImVec2(pos.x + gut, pos.y + gut), m.pitch, grid.rows, grid.cols};
        std::vector<Placed>& into = grid.role == StageRole::kInput    ? placed_inputs
                                    : grid.role == StageRole::kKernel ? placed_kernels
                                                                      : placed_outputs;
        into.push_back({&grid, placement, label, stack_width + m.slice_gap - 4});
        pos.y += grid_extent(grid, base_style, fonts).y;
      }
    }
    x += width;
  }

  // Hover and pin.
  const ImGuiIO& io = ImGui::GetIO();
  if (io.MouseDelta.x != 0 || io.MouseDelta.y != 0) state.mouse_moved = true;
  const bool hovering_stage = state.mouse_moved && ImGui::IsWindowHovered();
  state.hovered.reset();
  const Placed* hovered_grid = nullptr;
  int hovered_r = 0, hovered_c = 0;
  if (hovering_stage) {
    for (const std::vector<Placed>* list : {&placed_inputs, &placed_kernels, &placed_outputs})
      for (const Placed& p : *list)
        if (p.placement.hit(io.MousePos, &hovered_r, &hovered_c)) {
          hovered_grid = &p;
          state.hovered = ref_of(*p.grid, hovered_r, hovered_c);
        }
  }
  const bool popup_open = ImGui::IsPopupOpen("stage_cell_edit");
  if (hovering_stage && !popup_open && ImGui::IsMouseReleased(ImGuiMouseButton_Left) &&
      io.MouseDragMaxDistanceSqr[0] <= io.MouseDragThreshold * io.MouseDragThreshold) {
    if (state.hovered) {
      state.pinned = state.pinned == state.hovered ? std::nullopt : state.hovered;
    }
  }
  if (!popup_open && ImGui::IsKeyPressed(ImGui::GetKeyIndex(ImGuiKey_Escape), false)) state.pinned.reset();
  if (hovering_stage && io.KeyCtrl && io.MouseWheel != 0) {
    state.zoom = std::clamp(state.zoom * std::pow(1.15f, io.MouseWheel), kMinZoom, kMaxZoom);
  } else if (ImGui::IsWindowHovered() && io.MouseWheel != 0) {
    // The child takes no wheel by itself (Ctrl+wheel is zoom), so plain wheel scrolls a zoomed stage.
    ImGui::SetScrollY(ImGui::GetScrollY() - io.MouseWheel * m.pitch * 2);
  }
  // A pin outlives a scene change only while its cell still exists.
  if (state.pinned && !find_cell(model, *state.pinned)) state.pinned.reset();
  const std::optional<CellRef> focus = state.pinned ? state.pinned : state.hovered;
  if (focus) mark_focus(model, stepper, s, *focus);

  // Editing: double-click an input or kernel value while paused.
  if (hovering_stage && hovered_grid && in.editable && ImGui::IsMouseDoubleClicked(ImGuiMouseButton_Left)) {
    const CellModel& cell = hovered_grid->grid->at(hovered_r, hovered_c);
    if (hovered_grid->grid->role != StageRole::kOutput && cell.kind == CellKind::kValue) {
      state.editing = state.hovered;
      state.pinned = state.hovered;
      std::snprintf(state.edit_text, sizeof(state.edit_text), "%s", format_value(cell.value).c_str());
      state.editing_opened = true;
      ImGui::OpenPopup("stage_cell_edit");
    }
  }

  // Titles and operators.
  for (const TitleDraw& t : titles) {
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
  const float center_y = block_center;
  for (size_t i = 0; i < operator_x.size(); ++i) {
    const bool last = i + 1 == operator_x.size();
    const char* symbol = is_pool(g.op) ? "\xE2\x86\x92" : (last ? "=" : "\xE2\x88\x97");
    const float fs = fonts.large->FontSize;
    const ImVec2 e = fonts.large->CalcTextSizeA(fs, FLT_MAX, 0, symbol);
    const float ox = operator_x[i];
    draw->AddText(fonts.large, fs, ImVec2(ox + (m.operator_width - e.x) * 0.5f, center_y - e.y * 0.5f),
                  palette::kCellText, symbol);
    if (!op_label.empty()) {
      const float lw = text_width(fonts.small, op_label);
      draw->AddText(
          fonts.small, fonts.small->FontSize,
          ImVec2(ox + (m.operator_width - lw) * 0.5f, center_y - e.y * 0.5f - fonts.small->FontSize - 4),
          palette::kDimText, op_label.c_str());
    }
    if (!badge.empty() && last) {
      draw_badge(draw, fonts.small, fonts.small->FontSize,
                 ImVec2(ox + m.operator_width * 0.5f, center_y + e.y * 0.5f + fonts.small->FontSize), badge,
                 palette::kHighlight);
    }
  }

  // The connector goes under the grids, so it links the window to the output without hiding cells.
  {
    std::optional<ScreenRect> from, to;
    for (size_t i = 0; i < placed_inputs.size(); ++i)
      if (model.windows[i])
        from = clipped_to_grid(placed_inputs[i].placement,
                               window_pixels(placed_inputs[i].placement, *model.windows[i]));
    for (const Placed& p : placed_outputs)
      for (int r = 0; r < p.grid->rows; ++r)
        for (int c = 0; c < p.grid->cols; ++c)
          if (p.grid->at(r, c).has(kCurrent)) {
            const ImVec2 a = p.placement.cell_min(r, c);
            to = ScreenRect{a, ImVec2(a.x + p.placement.pitch, a.y + p.placement.pitch)};
          }
    if (from && to) draw_connector(draw, *from, *to);
  }

  // Grids, labels and signal plots.
  for (const ImVec2& star : stars) {
    const float size = std::min(fonts.large->FontSize, std::max(16.0f, m.stack_gap * 1.1f));
    const ImVec2 e = fonts.large->CalcTextSizeA(size, FLT_MAX, 0, "\xE2\x88\x97");
    draw->AddText(fonts.large, size, ImVec2(star.x - e.x * 0.5f, star.y - e.y * 0.5f + 2), palette::kCellText,
                  "\xE2\x88\x97");
  }
  GridStyle style = base_style;
  const bool dilated = g.h.dilation > 1 || g.w.dilation > 1;
  for (const std::vector<Placed>* list : {&placed_inputs, &placed_kernels, &placed_outputs}) {
    for (const Placed& p : *list) {
      const GridModel& grid = *p.grid;
      if (!grid.label.empty()) {
        float lx = p.label.x;
        if (grid.group >= 0) {
          const ImU32 band = kGroupColors[grid.group % static_cast<int>(std::size(kGroupColors))];
          draw->AddRectFilled(ImVec2(lx, p.label.y + 3),
                              ImVec2(lx + 6, p.label.y + fonts.small->FontSize + 1), band, 2);
          lx += 10;
        }
        // The long label when it fits over the slice, else the short one, clipped to the slice.
        const std::string& text =
            text_width(fonts.small, grid.label) <= p.label.x + p.width - lx ? grid.label : grid.short_label;
        const ImU32 color = grid.dimmed                       ? IM_COL32(100, 106, 118, 255)
                            : grid.role == StageRole::kKernel ? kKernelLabel
                                                              : palette::kDimText;
        draw->PushClipRect(ImVec2(lx, p.label.y), ImVec2(p.label.x + p.width, p.label.y + m.label_height),
                           true);
        draw->AddText(fonts.small, fonts.small->FontSize, ImVec2(lx, p.label.y), color, text.c_str());
        draw->PopClipRect();
      }
      if (grid.rows_are_channels && grid.role != StageRole::kKernel)
        draw_signal_plot(draw, grid, p.placement,
                         p.placement.first_cell.y - m.plot_height - 6 - grid_gutter(style, fonts),
                         m.plot_height, palette);
      style.heatmap = nullptr;
      if (m.pitch < kHeatmapBelowPitch) {
        std::string key = role_name(grid.role);
        key += '/';
        key += std::to_string(grid.channel);
        style.heatmap = &state.heatmaps.get(key);
      }
      style.weight_notes = grid.role == StageRole::kInput && is_conv(g.op);
      style.outline_taps = dilated && grid.role == StageRole::kInput;
      draw_grid(draw, ImVec2(p.placement.first_cell.x - gut, p.placement.first_cell.y - gut), grid, style,
                fonts);
      state.layout.grids.push_back(DrawnGrid{
          role_name(grid.role), static_cast<int>(grid.channel), p.placement.first_cell.x,
          p.placement.first_cell.y, p.placement.pitch, grid.rows, grid.cols, grid.pad_top, grid.pad_left});
    }
  }

  // Overlays: ghost, window, connector, current output, winner, highlights, copy arrows.
  for (size_t i = 0; i < placed_inputs.size(); ++i) {
    const Placed& p = placed_inputs[i];
    const int channel = static_cast<int>(p.grid->channel);
    if (model.ghosts[i]) {
      draw_ghost(draw, p.placement, *model.ghosts[i]);
      const ScreenRect r = clipped_to_grid(p.placement, window_pixels(p.placement, *model.ghosts[i]));
      record_rect(state.layout, "ghost", channel, r.min, r.max);
    }
    if (model.windows[i]) {
      draw_window(draw, p.placement, *model.windows[i]);
      const ScreenRect full = window_pixels(p.placement, *model.windows[i]);
      const ScreenRect inside = clipped_to_grid(p.placement, full);
      record_rect(state.layout, "window", channel, inside.min, inside.max);
      if (model.partial_window) record_rect(state.layout, "partial_window", channel, full.min, full.max);
    }
  }
  for (const Placed& p : placed_outputs)
    for (int r = 0; r < p.grid->rows; ++r)
      for (int c = 0; c < p.grid->cols; ++c) {
        if (!p.grid->at(r, c).has(kCurrent)) continue;
        const ImVec2 a = p.placement.cell_min(r, c);
        const ScreenRect cell{a, ImVec2(a.x + p.placement.pitch, a.y + p.placement.pitch)};
        record_rect(state.layout, "current_output", static_cast<int>(ref_of(*p.grid, r, c).channel), cell.min,
                    cell.max);
      }
  for (const Placed& p : placed_inputs)
    for (int r = 0; r < p.grid->rows; ++r)
      for (int c = 0; c < p.grid->cols; ++c) {
        if (!p.grid->at(r, c).has(kWinner)) continue;
        const ImVec2 a = p.placement.cell_min(r, c);
        record_rect(state.layout, "winner", static_cast<int>(ref_of(*p.grid, r, c).channel), a,
                    ImVec2(a.x + p.placement.pitch, a.y + p.placement.pitch));
      }
  if (focus) {
    const char* what = focus->role == StageRole::kOutput  ? "receptive_field"
                       : focus->role == StageRole::kInput ? "outputs_reading"
                                                          : "kernel_meets";
    for (const std::vector<Placed>* list : {&placed_inputs, &placed_outputs}) {
      for (const Placed& p : *list) {
        ImVec2 a, b;
        if (highlight_bounds(p, &a, &b))
          record_rect(state.layout, what, static_cast<int>(p.grid->channel), a, b);
      }
    }
  }
  // A padding copy under the mouse (or pinned) points at the cell it copies.
  if (focus && focus->role == StageRole::kInput) {
    for (const Placed& p : placed_inputs) {
      if (!p.grid->holds_channel(focus->channel)) continue;
      const int r = p.grid->row_of(focus->channel, focus->y);
      if (r < 0 || r >= p.grid->rows || focus->x < 0 || focus->x >= p.grid->cols) continue;
      const CellModel& cell = p.grid->at(r, static_cast<int>(focus->x));
      if (cell.kind != CellKind::kCopiedPadding) continue;
      const int sr = p.grid->rows_are_channels ? r : cell.source_y;
      draw_copy_arrow(draw, p.placement.cell_center(r, static_cast<int>(focus->x)),
                      p.placement.cell_center(sr, cell.source_x));
      const ImVec2 a = p.placement.cell_min(sr, cell.source_x);
      record_rect(state.layout, "copy_source", static_cast<int>(focus->channel), a,
                  ImVec2(a.x + p.placement.pitch, a.y + p.placement.pitch));
    }
  }

  // Tooltip: the value of a heatmap cell, where a padding cell comes from, an empty output.
  if (hovered_grid && state.hovered && !ImGui::IsPopupOpen("stage_cell_edit")) {
    const CellModel& cell = hovered_grid->grid->at(hovered_r, hovered_c);
    if (m.pitch < kHeatmapBelowPitch || cell.kind != CellKind::kValue || cell.has(kUnused)) {
      ImGui::BeginTooltip();
      ImGui::TextUnformatted(cell_tooltip(g, *hovered_grid->grid, cell, *state.hovered).c_str());
      ImGui::EndTooltip();
    }
  }

  // The cell editor.
  if (ImGui::BeginPopup("stage_cell_edit")) {
    if (state.editing) {
      ImGui::TextUnformatted(cell_name(g, *state.editing).c_str());
      if (state.editing_opened) {
        ImGui::SetKeyboardFocusHere();
        state.editing_opened = false;
      }
      ImGui::SetNextItemWidth(140);
      const bool enter =
          ImGui::InputText("##value", state.edit_text, sizeof(state.edit_text),
                           ImGuiInputTextFlags_EnterReturnsTrue | ImGuiInputTextFlags_AutoSelectAll);
      const std::optional<float> value = parse_cell_value(state.edit_text);
      if (!value) ImGui::TextColored(palette::kErrorText, "type a number, e.g. 3, -0.5 or 1/9");
      if (enter && value) {
        StageCellEdit edit;
        const CellRef& ref = *state.editing;
        edit.value = *value;
        if (ref.role == StageRole::kInput) {
          edit.batch = s.batch;
          edit.channel = ref.channel;
          edit.y = g.dims == 2 ? ref.y - g.h.pad_before : 0;
          edit.x = ref.x - g.w.pad_before;
        } else {
          edit.weight = true;
          edit.channel = s.out_channel;
          edit.in_channel = ref.channel;
          edit.y = ref.y;
          edit.x = ref.x;
        }
        requests.cell_edits.push_back(edit);
        state.editing.reset();
        ImGui::CloseCurrentPopup();
      }
    } else {
      ImGui::CloseCurrentPopup();
    }
    ImGui::EndPopup();
  } else if (state.editing && !state.editing_opened) {
    state.editing.reset();
  }

  state.heatmaps.end_frame();
  // The legend stays at the bottom of the visible stage, whatever the scroll.
  const ImVec2 window_pos = ImGui::GetWindowPos();
  ImVec2 window_size = ImGui::GetWindowSize();
  if (ImGui::GetScrollMaxX() > 0) window_size.y -= ImGui::GetStyle().ScrollbarSize;
  draw_legend_row(draw, legends, fonts, ImVec2(window_pos.x, window_pos.y + window_size.y - legend_height),
                  window_size.x, legend_height);
  ImGui::SetCursorScreenPos(origin);
  ImGui::Dummy(
      ImVec2(std::max(total.x + 16, avail.x - 1), std::max(total.y + legend_height + 8, avail.y - 1)));
  ImGui::EndChild();
  return requests;
}

}  // namespace convstep
