// Layout arithmetic for the stage. Extents grow with the pitch, so a bisection finds the largest pitch
// that fits; every candidate arrangement is fitted and the first one wins unless another gives clearly
// (12 %) bigger cells, so the familiar "all in a row" look is kept when it costs little.
#include "app/stage/stage_arrange.h"

#include <algorithm>
#include <cmath>
#include <cstring>

#include "app/widgets/tensor_grid.h"
#include "core/step_text.h"

namespace convstep {
namespace {

constexpr float kMaxPitch = 88.0f;
constexpr float kMinPitch = 3.0f;
constexpr float kIndicesFromPitch = 30.0f;  // smaller cells leave no room for row/column numbers
constexpr float kClearlyBigger = 1.12f;
const ImVec4 kInputTitle{0.50f, 0.70f, 1.00f, 1.0f};
const ImVec4 kKernelTitle{0.50f, 0.88f, 0.60f, 1.0f};
const ImVec4 kOutputTitle{1.00f, 0.55f, 0.50f, 1.0f};

float text_width(ImFont* font, const std::string& text) {
  return font->CalcTextSizeA(font->FontSize, FLT_MAX, 0, text.c_str()).x;
}

float fit_pitch(StagePlan plan, ImVec2 room, const Fonts& fonts, float operator_label_width, bool one_d) {
  float lo = kMinPitch, hi = kMaxPitch;
  for (int i = 0; i < 20; ++i) {
    const float mid = 0.5f * (lo + hi);
    plan.metrics = stage_metrics(mid, fonts, operator_label_width, plan.metrics.two_line_titles, one_d);
    const ImVec2 e = stage_extent(plan, fonts);
    (e.x <= room.x && e.y <= room.y ? lo : hi) = mid;
  }
  return std::floor(lo);
}

// Adds `plan` with every combination of wrappings: each section's stacks all in one row, in two rows,
// or one per row, and a section's tiles under or beside its stacks. The first added (no wrapping,
// tiles under) is the preferred look.
void add_wrappings(const StagePlan& plan, std::vector<StagePlan>& candidates) {
  // Per section: (stacks per row, tiles beside).
  std::vector<std::vector<std::pair<int, bool>>> choices;
  for (const StageSection& section : plan.sections) {
    const int n = std::max(1, static_cast<int>(section.stacks.size()));
    std::vector<int> per_row{n};
    for (int k : {(n + 1) / 2, 1})
      if (std::find(per_row.begin(), per_row.end(), k) == per_row.end()) per_row.push_back(k);
    std::vector<std::pair<int, bool>> options;
    for (bool beside : {false, true}) {
      if (beside && section.tiles.empty()) continue;
      for (int k : per_row) options.push_back({k, beside});
    }
    choices.push_back(options);
  }
  std::vector<size_t> pick(choices.size(), 0);
  while (true) {
    StagePlan p = plan;
    p.per_row.clear();
    for (size_t i = 0; i < choices.size(); ++i) {
      p.per_row.push_back(choices[i][pick[i]].first);
      p.sections[i].tiles_beside = choices[i][pick[i]].second;
    }
    candidates.push_back(std::move(p));
    size_t i = 0;
    while (i < pick.size() && ++pick[i] == choices[i].size()) pick[i++] = 0;
    if (i == pick.size()) break;
  }
}

}  // namespace

StageMetrics stage_metrics(float pitch, const Fonts& fonts, float operator_label_width, bool two_line,
                           bool one_d) {
  StageMetrics m;
  m.pitch = pitch;
  m.two_line_titles = two_line;
  m.title_height = two_line ? fonts.ui->FontSize + fonts.small->FontSize + 12 : fonts.ui->FontSize + 10;
  m.label_height = fonts.small->FontSize + 6;
  m.slice_gap = std::floor(std::max(14.0f, pitch * 0.4f));
  m.stack_gap = std::floor(std::max(16.0f, pitch * 0.5f));
  m.operator_width = std::floor(std::max({48.0f, pitch * 1.1f, operator_label_width + 24}));
  m.plot_height = one_d ? std::floor(std::clamp(pitch * 1.6f, 28.0f, 110.0f)) : 0;
  m.indices = pitch >= kIndicesFromPitch;
  m.thumb_height = std::floor(fonts.small->FontSize * 1.4f);
  m.tile_height = std::floor(m.thumb_height + fonts.small->FontSize + 12);
  m.tile_gap = 8;
  return m;
}

std::string tile_label(const GridModel& grid) {
  if (!grid.short_label.empty()) return grid.short_label;
  if (!grid.label.empty()) return grid.label;
  std::string name = "c";
  name += std::to_string(grid.channel);
  return name;
}

float thumb_width(const GridModel& grid, const StageMetrics& m) {
  const float rows = static_cast<float>(std::max(1, grid.inner_rows > 0 ? grid.inner_rows : grid.rows));
  const float cols = static_cast<float>(std::max(1, grid.inner_cols > 0 ? grid.inner_cols : grid.cols));
  return std::floor(std::clamp(m.thumb_height * cols / rows, m.thumb_height * 0.6f, m.thumb_height * 2.5f));
}

float tile_width(const GridModel& grid, const StageMetrics& m, const Fonts& fonts) {
  return std::floor(std::max(thumb_width(grid, m), text_width(fonts.small, tile_label(grid))) + 10);
}

float stack_label_height(const GridModel& grid, const StageMetrics& m) {
  return grid.label.empty() ? 0 : m.label_height;
}

ImVec2 stack_extent(const GridStack& stack, const StageMetrics& m, const Fonts& fonts) {
  GridStyle style;
  style.pitch = m.pitch;
  style.show_indices = m.indices;
  ImVec2 e(0, 0);
  for (size_t i = 0; i < stack.size(); ++i) {
    const GridModel& grid = *stack[i];
    ImVec2 g = grid_extent(grid, style, fonts);
    g.x += grid.overhang_cols * m.pitch;
    g.y += grid.overhang_rows * m.pitch;
    e.x = std::max(e.x, g.x);
    e.y += g.y + stack_label_height(grid, m) + (i > 0 ? m.stack_gap : 0);
    if (grid.rows_are_channels && grid.role != StageRole::kKernel) e.y += m.plot_height + 6;
  }
  return e;
}

StageArrangement arrange_section(const StageSection& section, const StageMetrics& m, int per_row,
                                 const Fonts& fonts) {
  StageArrangement a;
  const size_t n = section.stacks.size();
  const size_t columns = std::max<size_t>(1, std::min<size_t>(static_cast<size_t>(per_row), n));
  std::vector<ImVec2> extents;
  bool paired = false;
  for (const GridStack& stack : section.stacks) {
    extents.push_back(stack_extent(stack, m, fonts));
    paired = paired || stack.size() > 1;
  }
  float y = 0;
  for (size_t first = 0; first < n; first += columns) {
    const size_t last = std::min(n, first + columns);
    float row_height = 0;
    for (size_t i = first; i < last; ++i) row_height = std::max(row_height, extents[i].y);
    float x = 0;
    for (size_t i = first; i < last; ++i) {
      // Paired stacks align at the top, so every input slice sits on one line; single slices centre.
      a.positions.push_back(ImVec2(x, y + (paired ? 0 : (row_height - extents[i].y) * 0.5f)));
      x += extents[i].x + (i + 1 < last ? m.slice_gap : 0);
    }
    a.size.x = std::max(a.size.x, x);
    y += row_height + (last < n ? m.slice_gap : 0);
  }
  if (section.tiles.empty()) {
    a.size.y = y;
    return a;
  }
  std::vector<float> widths;
  float widest = 0;
  for (const GridModel* grid : section.tiles) {
    widths.push_back(tile_width(*grid, m, fonts));
    widest = std::max(widest, widths.back());
  }
  if (section.tiles_beside) {
    // Columns of tiles right of the stacks, as many to a column as the stacks are tall, centred on them.
    const float step = m.tile_height + m.tile_gap;
    const size_t per_column =
        std::max<size_t>(1, static_cast<size_t>((std::max(y, m.tile_height) + m.tile_gap) / step));
    const size_t columns = (widths.size() + per_column - 1) / per_column;
    const size_t in_first = std::min(per_column, widths.size());
    const float column_height = in_first * step - m.tile_gap;
    const float top = std::max(0.0f, (y - column_height) * 0.5f);
    float x = a.size.x + (n > 0 ? m.slice_gap : 0);
    for (size_t col = 0; col < columns; ++col) {
      float column_width = 0;
      for (size_t i = col * per_column; i < std::min(widths.size(), (col + 1) * per_column); ++i) {
        a.tile_positions.push_back(ImVec2(std::floor(x), std::floor(top + (i - col * per_column) * step)));
        column_width = std::max(column_width, widths[i]);
      }
      x += column_width + (col + 1 < columns ? m.tile_gap : 0);
    }
    a.size.x = x;
    a.size.y = std::max(y, column_height);
    return a;
  }
  // A row of tiles under the stacks, in lines no wider than the stacks (or the section's title, or one
  // tile), each line centred.
  if (n > 0) y += m.slice_gap;
  const float wrap = std::max({a.size.x, section_title_width(section, fonts, m.two_line_titles), widest});
  size_t first = 0;
  while (first < widths.size()) {
    size_t last = first;
    float line = 0;
    while (last < widths.size() && (last == first || line + m.tile_gap + widths[last] <= wrap)) {
      line += (last > first ? m.tile_gap : 0) + widths[last];
      ++last;
    }
    a.size.x = std::max(a.size.x, line);
    float x = (std::max(a.size.x, line) - line) * 0.5f;
    for (size_t i = first; i < last; ++i) {
      a.tile_positions.push_back(ImVec2(std::floor(x), y));
      x += widths[i] + m.tile_gap;
    }
    y += m.tile_height + (last < widths.size() ? m.tile_gap : 0);
    first = last;
  }
  a.size.y = y;
  return a;
}

float section_title_width(const StageSection& s, const Fonts& fonts, bool two_line) {
  if (two_line) return std::max(text_width(fonts.ui, s.title), text_width(fonts.small, s.subtitle));
  return text_width(fonts.ui, s.title + "   " + s.subtitle);
}

ImVec2 stage_extent(const StagePlan& plan, const Fonts& fonts) {
  const StageMetrics& m = plan.metrics;
  ImVec2 total(0, 0);
  for (size_t i = 0; i < plan.sections.size(); ++i) {
    const ImVec2 e = arrange_section(plan.sections[i], m, plan.per_row[i], fonts).size;
    total.x += std::max(e.x, section_title_width(plan.sections[i], fonts, m.two_line_titles)) +
               (i > 0 ? m.operator_width : 0);
    total.y = std::max(total.y, e.y + m.title_height);
  }
  return total;
}

namespace {

// The grids whose values are measured. The output grids show values of the full output (the steps done
// so far), so with the full output measured they add nothing, and stepping changes nothing measured.
std::vector<const std::vector<GridModel>*> legibility_grids(const StageModel& model,
                                                            const Tensor* full_output) {
  if (full_output && !full_output->empty()) return {&model.inputs, &model.kernels};
  return {&model.inputs, &model.kernels, &model.outputs};
}

// FNV-1a over what decides the least legible pitch: every grid's non-empty cell values, the full
// output's values, the type size and the font.
uint64_t legibility_key(const StageModel& model, const Tensor* full_output, const Fonts& fonts, float px) {
  uint64_t h = 1469598103934665603ull;
  const auto mix = [&h](uint64_t v) {
    h ^= v;
    h *= 1099511628211ull;
  };
  const auto mix_float = [&mix](float v) {
    uint32_t bits = 0;
    std::memcpy(&bits, &v, sizeof bits);
    mix(bits);
  };
  mix_float(px);
  mix(reinterpret_cast<uintptr_t>(fonts.large));
  for (const std::vector<GridModel>* list : legibility_grids(model, full_output)) {
    for (const GridModel& grid : *list) {
      mix(static_cast<uint64_t>(grid.rows) << 32 | static_cast<uint32_t>(grid.cols));
      for (int r = 0; r < grid.rows; ++r)
        for (int c = 0; c < grid.cols; ++c)
          if (const CellModel& cell = grid.at(r, c); cell.kind != CellKind::kEmpty) mix_float(cell.value);
    }
  }
  if (full_output)
    for (float v : full_output->values()) mix_float(v);
  return h;
}

}  // namespace

float least_legible_pitch(const StageModel& model, const Tensor* full_output, const Fonts& fonts, float px) {
  if (px <= 0) return 0;
  // Measuring every value's text costs milliseconds a frame on a 64×64 scene; the values rarely change
  // between frames, so the last answer is kept with a hash of what it was measured from.
  struct Memo {
    uint64_t key = 0;
    float least = 0;
    bool valid = false;
  };
  static thread_local Memo memo;
  const uint64_t key = legibility_key(model, full_output, fonts, px);
  if (memo.valid && memo.key == key) return memo.least;
  float least = 0;
  for (const std::vector<GridModel>* list : legibility_grids(model, full_output))
    for (const GridModel& grid : *list) least = std::max(least, legible_pitch(grid, fonts, px));
  if (full_output) {
    float widest = 0;
    for (float v : full_output->values())
      widest = std::max(widest, fonts.large->CalcTextSizeA(px, FLT_MAX, 0, display_number(v).c_str()).x);
    least = std::max(least, legible_pitch_for_width(widest, px));
  }
  memo = {key, least, true};
  return least;
}

StagePlan plan_stage(const StageModel& model, const Stepper& stepper, const Snapshot& s, ImVec2 room,
                     float zoom, const Fonts& fonts, float badge_width, float least_value_px,
                     const Tensor* full_output) {
  const Geometry& g = stepper.geometry();
  StagePlan base;
  if (is_pool(g.op)) {
    base.operator_label =
        std::string(op_name(g.op)) + " " +
        (g.dims == 1 ? std::to_string(g.w.kernel)
                     : std::to_string(g.h.kernel) + "\xC3\x97" + std::to_string(g.w.kernel));
  }
  StageSection input{StageRole::kInput, "Input", shape_to_string(g.input_shape()), kInputTitle, {}, {}};
  if (g.batch > 1) input.subtitle += "  batch " + std::to_string(s.batch);
  StageSection kernel{StageRole::kKernel, "Kernel", stepper.scene().weight.shape_string(),
                      kKernelTitle,       {},       {}};
  if (g.out_channels > 1)
    kernel.subtitle = "weight[" + std::to_string(s.out_channel) + "] of " + kernel.subtitle;
  // Integer weights times one factor, as articles write a blur: the factor goes with the title.
  if (!model.kernels.empty() && model.kernels.front().weight_denominator > 1)
    kernel.title += " \xC3\x97 1/" + std::to_string(model.kernels.front().weight_denominator);
  const StageSection output_title{StageRole::kOutput,
                                  is_conv(g.op) ? "Feature map" : "Output",
                                  shape_to_string(g.output_shape()),
                                  kOutputTitle,
                                  {},
                                  {}};

  // `focus`: only the slices the step reads are drawn whole, the others are tiles.
  const auto shown = [&](const GridModel& grid, bool focus) {
    if (!focus) return true;
    return grid.role == StageRole::kOutput ? grid.channel == s.out_channel || grid.rows_are_channels
                                           : !grid.dimmed;
  };
  // `section` with one stack a slice of `grids`, or a tile for those not shown.
  const auto filled = [&](StageSection section, const std::vector<GridModel>& grids, bool focus) {
    for (const GridModel& grid : grids) {
      if (shown(grid, focus))
        section.stacks.push_back({&grid});
      else
        section.tiles.push_back(&grid);
    }
    return section;
  };
  const auto output_section = [&](bool focus) { return filled(output_title, model.outputs, focus); };
  std::vector<StagePlan> candidates;
  const auto add_candidates = [&](bool focus) {
    // Input ∗ kernel = output, each section's slices side by side (or wrapped).
    StagePlan row = base;
    row.sections.push_back(filled(input, model.inputs, focus));
    if (!model.kernels.empty()) {
      StageSection k = kernel;
      for (const GridModel& grid : model.kernels) k.stacks.push_back({&grid});
      row.sections.push_back(k);
    }
    row.sections.push_back(output_section(focus));
    add_wrappings(row, candidates);
    // Each input slice over the filter slice it meets, then = output.
    if (is_conv(g.op) && g.dims == 2 && model.inputs.size() > 1 && !model.kernels.empty()) {
      StagePlan paired = base;
      paired.paired = true;
      StageSection pin = input;
      pin.title = "Input and filter";
      const int64_t first = g.in_channels_read(s.out_channel).first;
      for (const GridModel& grid : model.inputs) {
        if (!shown(grid, focus)) {
          pin.tiles.push_back(&grid);
          continue;
        }
        GridStack stack{&grid};
        const int64_t j = grid.channel - first;
        if (j >= 0 && j < static_cast<int64_t>(model.kernels.size())) stack.push_back(&model.kernels[j]);
        pin.stacks.push_back(stack);
      }
      paired.sections.push_back(pin);
      paired.sections.push_back(output_section(focus));
      add_wrappings(paired, candidates);
    }
  };

  const bool one_d = g.dims == 1;
  const float op_width =
      std::max(badge_width, base.operator_label.empty() ? 0 : text_width(fonts.small, base.operator_label));
  std::vector<float> pitches;
  const auto fit_candidates = [&](size_t from) {
    for (size_t i = from; i < candidates.size(); ++i) {
      StagePlan& p = candidates[i];
      float one_line = 0;
      for (const StageSection& section : p.sections)
        one_line += section_title_width(section, fonts, false) + 56;
      p.metrics.two_line_titles = one_line > room.x * 0.8f;
      pitches.push_back(fit_pitch(p, room, fonts, op_width, one_d));
    }
  };
  // The biggest cells in [from, end) win, but the first of them (unwrapped) stays unless beaten clearly.
  const auto best_of = [&](size_t from) {
    size_t chosen = from;
    for (size_t i = from + 1; i < candidates.size(); ++i)
      if (pitches[i] > pitches[chosen]) chosen = i;
    if (pitches[chosen] <= pitches[from] * kClearlyBigger) chosen = from;
    return chosen;
  };
  add_candidates(false);
  fit_candidates(0);
  size_t chosen = best_of(0);
  const float least = zoom >= 1 ? least_legible_pitch(model, full_output, fonts, least_value_px) : 0;
  size_t focus_from = 0;
  if (std::floor(pitches[chosen] * zoom) < least) {
    // Too many slices for legible numbers: the slices the step reads, the others as tiles.
    const bool some_unread = !one_d && (model.outputs.size() > 1 ||
                                        std::any_of(model.inputs.begin(), model.inputs.end(),
                                                    [](const GridModel& grid) { return grid.dimmed; }));
    if (some_unread) {
      focus_from = candidates.size();
      add_candidates(true);
      fit_candidates(focus_from);
      chosen = best_of(focus_from);
    }
  }
  if (std::floor(pitches[chosen] * zoom) < least) {
    // Numbers stay legible unless the user zooms out on purpose: no arrangement fits at the legible
    // pitch, so the one that overflows the room least is taken, and the stage scrolls. With slices the
    // step does not read, that is among the plans that make them tiles: less to scroll past.
    float least_overflow = FLT_MAX;
    for (size_t i = focus_from; i < candidates.size(); ++i) {
      StagePlan p = candidates[i];
      p.metrics = stage_metrics(least, fonts, op_width, p.metrics.two_line_titles, one_d);
      const ImVec2 e = stage_extent(p, fonts);
      const float overflow = std::max(0.0f, e.x - room.x) + std::max(0.0f, e.y - room.y);
      if (overflow < least_overflow - 1) {
        least_overflow = overflow;
        chosen = i;
      }
    }
  }
  StagePlan best = candidates[chosen];
  const float pitch = std::max({kMinPitch, std::floor(pitches[chosen] * zoom), least});
  best.metrics = stage_metrics(pitch, fonts, op_width, best.metrics.two_line_titles, one_d);
  return best;
}

}  // namespace convstep
