// One frame of the stage, phase by phase: plan (the largest pitch at which input ∗ kernel = output fit
// side by side, channel slices in a row or wrapped when that gives clearly bigger cells, times the zoom,
// and where each slice lands), input (stage_input.cpp), the draw passes and the layout record
// (stage_draw.cpp), then the legend band.
#include "app/stage/stage_view.h"

#include <algorithm>
#include <cmath>
#include <cstdlib>
#include <cstring>

#include "app/stage/stage_frame.h"
#include "app/stage/stage_overlay.h"
#include "app/stage/stage_quiz.h"
#include "app/widgets/legend.h"
#include "core/step_text.h"

namespace convstep {
namespace {

constexpr float kMinZoom = 0.25f, kMaxZoom = 6.0f;

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
constexpr float kLeastLegendBarWidth = 56, kLeastLegendGap = 16;

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
  // Full-width bars when the row fits; otherwise the bars (and gaps) shrink so that no legend runs past
  // the stage's edge.
  float bar = kLegendBarWidth, gap = kLegendGap;
  const auto total_width = [&] {
    float total = 0;
    for (const LegendSpec& l : legends) total += legend_extent(l, bar, fonts.small).x + gap;
    return total - gap;
  };
  float total = total_width();
  if (total > width && !legends.empty()) {
    const float n = static_cast<float>(legends.size());
    gap = kLeastLegendGap;
    const float labels = total - n * kLegendBarWidth - (n - 1) * kLegendGap;
    bar = std::max(kLeastLegendBarWidth, std::floor((width - labels - (n - 1) * gap) / n));
    total = total_width();
  }
  float x = std::floor(top_left.x + std::max(0.0f, (width - total) * 0.5f));
  for (const LegendSpec& l : legends) {
    draw_legend(draw, ImVec2(x, top_left.y), bar, l, fonts.small);
    x += legend_extent(l, bar, fonts.small).x + gap;
  }
}

GridStyle style_for(const StageMetrics& m, PaletteKind palette) {
  GridStyle style;
  style.palette = palette;
  style.pitch = m.pitch;
  style.show_indices = m.indices;
  return style;
}

std::string pool_badge(const Geometry& g, const Snapshot& s, int64_t tap, float running) {
  if (!is_pool(g.op)) return "";
  if (is_max_pool(g.op))
    return (tap >= 0 ? "max so far " : "max ") + display_number(tap >= 0 ? running : s.result);
  if (tap >= 0) return "sum so far " + display_number(running);
  if (g.op == Op::kAvgPool1d || g.op == Op::kAvgPool2d)
    return "sum " + display_number(s.sum) + " \xC3\xB7 " + std::to_string(s.divisor) + " = " +
           display_number(s.result);
  return "sum of " + std::to_string(s.tap_count) + " = " + display_number(s.result);
}

// One section's stacks, slice by slice, from the block's top-left `block`.
void place_section(const StageSection& section, const StageArrangement& a, ImVec2 block,
                   const StageMetrics& m, const Fonts& fonts, PlacedStage& placed) {
  for (size_t k = 0; k < section.stacks.size(); ++k) {
    const GridStack& stack = section.stacks[k];
    const float stack_width = stack_extent(stack, m, fonts).x;
    ImVec2 pos(std::floor(block.x + a.positions[k].x), std::floor(block.y + a.positions[k].y));
    for (size_t j = 0; j < stack.size(); ++j) {
      const GridModel& grid = *stack[j];
      if (j > 0) {
        placed.stars.push_back(
            ImVec2(pos.x + placed.gutter + grid.cols * m.pitch * 0.5f, pos.y + m.stack_gap * 0.5f));
        pos.y += m.stack_gap;
      }
      const ImVec2 label = pos;
      pos.y += stack_label_height(grid, m);
      if (grid.rows_are_channels && grid.role != StageRole::kKernel) pos.y += m.plot_height + 6;
      const GridPlacement placement{ImVec2(pos.x + placed.gutter, pos.y + placed.gutter), m.pitch, grid.rows,
                                    grid.cols};
      std::vector<PlacedGrid>& into = grid.role == StageRole::kInput    ? placed.inputs
                                      : grid.role == StageRole::kKernel ? placed.kernels
                                                                        : placed.outputs;
      into.push_back({&grid, placement, label, stack_width + m.slice_gap - 4});
      pos.y += grid_extent(grid, placed.style, fonts).y;
    }
  }
  for (size_t k = 0; k < section.tiles.size(); ++k) {
    const ImVec2 at(std::floor(block.x + a.tile_positions[k].x), std::floor(block.y + a.tile_positions[k].y));
    placed.tiles.push_back(
        {section.tiles[k], at, ImVec2(at.x + tile_width(*section.tiles[k], m, fonts), at.y + m.tile_height)});
  }
}

// A stage too big for its region scrolls; when the walk moves, the scroll brings the window (and the
// output it fills) into view, once, so the user can still scroll elsewhere between steps.
void follow_window(const StageModel& model, const PlacedStage& placed, int64_t step, float legend_room,
                   StageState& state) {
  if (state.followed_step == step) return;
  // ImGui knows what scrolls only once the stage has been laid out: until then there is nothing to do.
  if (ImGui::GetScrollMaxX() <= 0 && ImGui::GetScrollMaxY() <= 0) return;
  state.followed_step = step;
  std::optional<ScreenRect> window;
  for (const PlacedGrid& p : placed.inputs)
    if (const auto& w = model.windows[model_index(model, p)]; w && !window)
      window = window_pixels(p.placement, *w);
  if (!window) return;
  // The output it fills joins it when both fit in view together.
  for (const PlacedGrid& p : placed.outputs)
    for (int r = 0; r < p.grid->rows; ++r)
      for (int c = 0; c < p.grid->cols; ++c) {
        if (!p.grid->at(r, c).has(kCurrent)) continue;
        const ImVec2 a = p.placement.cell_min(r, c);
        const ScreenRect both{ImVec2(std::min(window->min.x, a.x), std::min(window->min.y, a.y)),
                              ImVec2(std::max(window->max.x, a.x + p.placement.pitch),
                                     std::max(window->max.y, a.y + p.placement.pitch))};
        const ImVec2 view = ImGui::GetContentRegionAvail();
        if (both.max.x - both.min.x <= view.x && both.max.y - both.min.y <= view.y - legend_room)
          window = both;
      }
  const ImVec2 pos = ImGui::GetWindowPos();
  const ImVec2 view = ImGui::GetContentRegionAvail();
  const float margin = 24;
  const auto follow = [&](float lo, float hi, float scroll, float visible, float window_pos, auto set) {
    // In content coordinates: where the window sits relative to the scrolled region.
    const float a = lo - window_pos + scroll, b = hi - window_pos + scroll;
    if (a - margin < scroll) {
      set(std::max(0.0f, a - margin));
    } else if (b + margin > scroll + visible) {
      set(std::max(0.0f, std::min(a - margin, b + margin - visible)));
    }
  };
  follow(window->min.x, window->max.x, ImGui::GetScrollX(), view.x, pos.x,
         [](float v) { ImGui::SetScrollX(v); });
  follow(window->min.y, window->max.y, ImGui::GetScrollY(), view.y - legend_room, pos.y,
         [](float v) { ImGui::SetScrollY(v); });
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

PlacedStage place_stage(const StagePlan& plan, ImVec2 total, ImVec2 origin, ImVec2 avail, float legend_height,
                        PaletteKind palette, const Fonts& fonts) {
  const StageMetrics& m = plan.metrics;
  PlacedStage placed;
  placed.style = style_for(m, palette);
  placed.gutter = grid_gutter(placed.style, fonts);
  const float top = std::floor(origin.y + std::max(0.0f, (avail.y - legend_height - total.y) * 0.5f));
  float x = std::floor(origin.x + std::max(0.0f, (avail.x - total.x) * 0.5f));
  placed.block_center = top + m.title_height + (total.y - m.title_height) * 0.5f;
  for (size_t i = 0; i < plan.sections.size(); ++i) {
    const StageSection& section = plan.sections[i];
    if (i > 0) {
      placed.operator_x.push_back(x);
      x += m.operator_width;
    }
    const StageArrangement a = arrange_section(section, m, plan.per_row[i], fonts);
    const float width = std::max(a.size.x, section_title_width(section, fonts, m.two_line_titles));
    // Whole pixels, so cell edges stay crisp.
    const ImVec2 block(std::floor(x + (width - a.size.x) * 0.5f),
                       std::floor(placed.block_center - a.size.y * 0.5f));
    placed.titles.push_back({&section, x, width, block.y - m.title_height});
    place_section(section, a, block, m, fonts, placed);
    x += width;
  }
  return placed;
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
  const Geometry& g = in.stepper->geometry();
  const Snapshot& s = *in.snapshot;
  const PaletteKind palette =
      state.palette == 1 && !state.presentation ? PaletteKind::kArticle : PaletteKind::kColorBlindSafe;
  StageModel model = build_stage_model(in);
  if (in.quiz) apply_stage_quiz(model, *in.quiz);

  // Plan: the pitch that fits, then where each slice goes.
  state.zoom = std::clamp(state.zoom, kMinZoom, kMaxZoom);
  const std::string badge = in.quiz && in.quiz->blank_current ? "" : pool_badge(g, s, in.tap, running);
  const float badge_width = badge.empty() ? 0 : text_width(fonts.small, badge) + 16;
  const std::vector<LegendSpec> legends = stage_legends(model, palette);
  const float legend_height = legend_row_height(legends, fonts);
  const StagePlan plan = plan_stage(model, *in.stepper, s, ImVec2(size.x - 16, size.y - 8 - legend_height),
                                    state.zoom, fonts, badge_width, state.least_value_px, in.full_output);
  const ImVec2 total = stage_extent(plan, fonts);

  ImGui::BeginChild("stage", size, false,
                    ImGuiWindowFlags_HorizontalScrollbar | ImGuiWindowFlags_NoScrollWithMouse);
  ImDrawList* draw = ImGui::GetWindowDrawList();
  const ImVec2 origin = ImGui::GetCursorScreenPos();
  const ImVec2 avail = ImGui::GetContentRegionAvail();
  // Every slice is placed first, so hover is known before the cells are drawn.
  PlacedStage placed = place_stage(plan, total, origin, avail, legend_height, palette, fonts);
  placed.style.least_value_px = state.least_value_px;
  follow_window(model, placed, s.step, legend_height, state);

  const StageHover hover = read_stage_input(in, model, placed, plan.metrics.pitch, state);

  // The grids stop where the legend band starts, so a cell under the band is not drawn (nor counted as
  // showing its value) only to be covered.
  const ImVec2 band_pos = ImGui::GetWindowPos();
  ImVec2 band_size = ImGui::GetWindowSize();
  if (ImGui::GetScrollMaxX() > 0) band_size.y -= ImGui::GetStyle().ScrollbarSize;
  if (ImGui::GetScrollMaxY() > 0)
    band_size.x -= ImGui::GetStyle().ScrollbarSize;  // the legends stay clear of it
  const float band_top = band_pos.y + band_size.y - legend_height;
  draw->PushClipRect(draw->GetClipRectMin(), ImVec2(draw->GetClipRectMax().x, band_top), true);
  draw_titles_and_operators(draw, placed, plan, g.op, badge, fonts);
  draw_connector_pass(draw, model, placed);
  const std::vector<GridTextStats> text =
      draw_grids_pass(draw, placed, plan.metrics, g, state.heatmaps, fonts);
  draw_windows_pass(draw, model, placed);
  draw_copy_arrows_pass(draw, placed, hover.focus);
  if (const std::optional<int64_t> step = draw_tiles(draw, placed, plan.metrics, *in.stepper, s, fonts))
    requests.seek = step;
  record_stage_layout(state.layout, model, placed, hover.focus, text);
  if (in.quiz) draw_stage_quiz(draw, placed, *in.quiz, fonts, state.layout);
  draw->PopClipRect();
  requests.picked = hover.picked;
  // Where grids show: above the legend band, within the stage as scrolled (overlays clip to it).
  state.layout.rects.push_back({"grid_area", 0, band_pos.x, band_pos.y, band_pos.x + band_size.x, band_top});

  if (!in.quiz || !in.quiz->quiet()) show_cell_tooltip(*in.stepper, s, hover, state, plan.metrics.pitch);
  if (hover.jump) requests.seek = hover.jump;
  edit_cell_popup(g, s, state, requests);

  state.heatmaps.end_frame();
  // The legend stays at the bottom of the visible stage, whatever the scroll.
  draw_legend_row(draw, legends, fonts, ImVec2(band_pos.x, band_top), band_size.x, legend_height);
  ImGui::SetCursorScreenPos(origin);
  ImGui::Dummy(
      ImVec2(std::max(total.x + 16, avail.x - 1), std::max(total.y + legend_height + 8, avail.y - 1)));
  ImGui::EndChild();
  return requests;
}

}  // namespace convstep
