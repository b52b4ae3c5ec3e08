// Fills the grid models from the stepper: tensor values and padding ghosts (through
// padded_source_index, the engine's own rule), the window's taps from the snapshot, and the partial
// output. Nothing is summed here; the numbers on the stage are the snapshot's.
#include "app/stage/stage_model.h"

#include <algorithm>
#include <cmath>
#include <limits>
#include <span>

#include "app/stage/stage_hover.h"
#include "core/geometry.h"
#include "core/ops.h"
#include "core/step_text.h"
#include "core/weight_factor.h"

namespace convstep {
namespace {

ValueRange range_of(const Tensor& t) {
  return ValueRange::of(std::span<const float>(t.data(), static_cast<size_t>(t.numel())));
}

// "c2", "channel 2": a prefix and a number (appended, which also keeps GCC's -Wrestrict quiet).
std::string named(const char* prefix, int64_t n) {
  std::string text = prefix;
  text += std::to_string(n);
  return text;
}

// Trailing input cells no window reads, per dimension, from the formula the formula panel shows.
void unused_inputs(const Stepper& stepper, int64_t* rows, int64_t* cols) {
  const Geometry& g = stepper.geometry();
  const Scene& scene = stepper.scene();
  Dims in{0, 0}, kernel{0, 0};
  if (g.dims == 2) {
    in = {g.h.in, g.w.in};
    kernel = {g.h.kernel, g.w.kernel};
  } else {
    in = {g.w.in, 0};
    kernel = {g.w.kernel, 0};
  }
  const std::vector<DimFormula> formulas = output_size_formulas(scene.params, in, kernel);
  *rows = 0;
  *cols = 0;
  if (g.dims == 2 && formulas.size() >= 2) {
    *rows = std::max<int64_t>(0, formulas[0].unused_inputs);
    *cols = std::max<int64_t>(0, formulas[1].unused_inputs);
  } else if (!formulas.empty()) {
    *cols = std::max<int64_t>(0, formulas[0].unused_inputs);
  }
}

GridModel input_grid(const StageInput& in, int64_t slice, int64_t unused_rows, int64_t unused_cols) {
  const Stepper& stepper = *in.stepper;
  const Geometry& g = stepper.geometry();
  const Snapshot& s = *in.snapshot;
  const Tensor& input = stepper.scene().input;
  const PaddingMode mode = is_conv(g.op) ? g.padding_mode : PaddingMode::kZeros;
  const float pad_value = is_max_pool(g.op) ? -std::numeric_limits<float>::infinity() : 0.0f;

  GridModel grid;
  grid.role = StageRole::kInput;
  grid.rows_are_channels = g.dims == 1;
  grid.channel = g.dims == 2 ? slice : 0;
  grid.rows = static_cast<int>(g.dims == 2 ? g.h.padded() : g.in_channels);
  grid.cols = static_cast<int>(g.w.padded());
  grid.pad_top = static_cast<int>(g.dims == 2 ? g.h.pad_before : 0);
  grid.pad_left = static_cast<int>(g.w.pad_before);
  grid.inner_rows = static_cast<int>(g.dims == 2 ? g.h.in : g.in_channels);
  grid.inner_cols = static_cast<int>(g.w.in);
  grid.cells.resize(static_cast<size_t>(grid.rows) * grid.cols);
  grid.overhang_rows = g.dims == 2 ? static_cast<int>(g.h.last_window_overhang()) : 0;
  grid.overhang_cols = static_cast<int>(g.w.last_window_overhang());
  const float* data = input.data();
  for (int r = 0; r < grid.rows; ++r) {
    const int64_t c = g.dims == 2 ? slice : r;
    const int64_t py = g.dims == 2 ? r : 0;
    const int64_t sy = g.dims == 2 ? padded_source_index(py, g.h.in, g.h.pad_before, mode) : 0;
    const bool inside_y = g.dims == 1 || (py >= g.h.pad_before && py < g.h.pad_before + g.h.in);
    for (int px = 0; px < grid.cols; ++px) {
      CellModel& cell = grid.at(r, px);
      const int64_t sx = padded_source_index(px, g.w.in, g.w.pad_before, mode);
      const bool inside = inside_y && px >= g.w.pad_before && px < g.w.pad_before + g.w.in;
      if (inside) {
        cell.kind = CellKind::kValue;
        cell.value = data[((s.batch * g.in_channels + c) * g.h.in + sy) * g.w.in + sx];
        const bool unused_y = g.dims == 2 && sy >= g.h.in - unused_rows;
        if (unused_y || sx >= g.w.in - unused_cols) cell.flags |= kUnused;
      } else if (sy >= 0 && sx >= 0) {
        cell.kind = CellKind::kCopiedPadding;
        cell.value = data[((s.batch * g.in_channels + c) * g.h.in + sy) * g.w.in + sx];
        cell.source_y = static_cast<int16_t>(g.dims == 2 ? sy + g.h.pad_before : r);
        cell.source_x = static_cast<int16_t>(sx + g.w.pad_before);
      } else {
        cell.kind = CellKind::kZeroPadding;
        cell.value = pad_value;
      }
    }
  }
  grid.range = range_of(input);
  grid.weight_denominator = in.weight_denominator;
  return grid;
}

GridModel kernel_grid(const StageInput& in, int64_t slice) {
  const Stepper& stepper = *in.stepper;
  const Geometry& g = stepper.geometry();
  const Snapshot& s = *in.snapshot;
  const Tensor& weight = stepper.scene().weight;
  const int64_t per_group = g.in_channels_per_group();
  const int64_t kh = g.h.kernel, kw = g.w.kernel;

  GridModel grid;
  grid.role = StageRole::kKernel;
  grid.rows_are_channels = g.dims == 1;
  grid.channel = g.dims == 2 ? slice : 0;
  grid.rows = static_cast<int>(g.dims == 2 ? kh : per_group);
  grid.cols = static_cast<int>(kw);
  grid.inner_rows = grid.rows;
  grid.inner_cols = grid.cols;
  grid.cells.resize(static_cast<size_t>(grid.rows) * grid.cols);
  for (int r = 0; r < grid.rows; ++r) {
    const int64_t j = g.dims == 2 ? slice : r;
    const int64_t ky = g.dims == 2 ? r : 0;
    for (int kx = 0; kx < grid.cols; ++kx)
      grid.at(r, kx).value = weight.data()[((s.out_channel * per_group + j) * kh + ky) * kw + kx];
  }
  grid.range = range_of(weight);
  grid.weight_denominator = in.weight_denominator;
  return grid;
}

GridModel output_grid(const StageInput& in, int64_t slice) {
  const Geometry& g = in.stepper->geometry();
  const Snapshot& s = *in.snapshot;
  const Tensor& output = *in.output;

  GridModel grid;
  grid.role = StageRole::kOutput;
  grid.rows_are_channels = g.dims == 1;
  grid.channel = g.dims == 2 ? slice : 0;
  grid.rows = static_cast<int>(g.dims == 2 ? g.h.out : g.out_channels);
  grid.cols = static_cast<int>(g.w.out);
  grid.inner_rows = grid.rows;
  grid.inner_cols = grid.cols;
  grid.cells.resize(static_cast<size_t>(grid.rows) * grid.cols);
  const bool has_output = output.numel() == g.output_count();
  for (int r = 0; r < grid.rows; ++r) {
    const int64_t c = g.dims == 2 ? slice : r;
    const int64_t y = g.dims == 2 ? r : 0;
    for (int x = 0; x < grid.cols; ++x) {
      CellModel& cell = grid.at(r, x);
      const float v =
          has_output ? output.data()[((s.batch * g.out_channels + c) * g.h.out + y) * g.w.out + x] : NAN;
      cell.kind = std::isnan(v) ? CellKind::kEmpty : CellKind::kValue;
      cell.value = v;
      if (c == s.out_channel && y == s.out_y && x == s.out_x) cell.flags |= kCurrent;
    }
  }
  const Tensor& range_source = in.full_output && !in.full_output->empty() ? *in.full_output : output;
  grid.range = range_of(range_source);
  return grid;
}

// The cell of `grids` that ref names, or null (const or not, as the grids are).
template <typename Grids>
auto find_in(Grids& grids, const CellRef& ref) -> decltype(&grids.front().cells.front()) {
  for (auto& grid : grids) {
    if (!grid.holds_channel(ref.channel)) continue;
    const int r = grid.row_of(ref.channel, ref.y);
    if (r < 0 || r >= grid.rows || ref.x < 0 || ref.x >= grid.cols) return nullptr;
    return &grid.cells[static_cast<size_t>(r) * grid.cols + static_cast<size_t>(ref.x)];
  }
  return nullptr;
}

template <typename Model>
auto& grids_of(Model& model, StageRole role) {
  switch (role) {
    case StageRole::kInput:
      return model.inputs;
    case StageRole::kKernel:
      return model.kernels;
    case StageRole::kOutput:
      break;
  }
  return model.outputs;
}

// The window of snapshot `s` on an input grid, in cell units; rows for a 1-D grid are the channels read.
WindowRect window_of(const Geometry& g, const Snapshot& s) {
  WindowRect w;
  w.x0 = static_cast<float>(s.origin_x);
  w.x1 = w.x0 + static_cast<float>(g.w.effective_kernel());
  if (g.dims == 2) {
    w.y0 = static_cast<float>(s.origin_y);
    w.y1 = w.y0 + static_cast<float>(g.h.effective_kernel());
  } else {
    const ChannelRange read = g.in_channels_read(s.out_channel);
    w.y0 = static_cast<float>(read.first);
    w.y1 = static_cast<float>(read.end());
  }
  return w;
}

bool grid_reads(const GridModel& grid, int64_t first, int64_t count) {
  if (grid.rows_are_channels) return true;
  return grid.channel >= first && grid.channel < first + count;
}

}  // namespace

int GridModel::row_of(int64_t c, int64_t y) const {
  if (rows_are_channels) return static_cast<int>(c - channel);
  return c == channel ? static_cast<int>(y) : -1;
}

bool GridModel::holds_channel(int64_t c) const {
  return rows_are_channels ? c >= channel && c < channel + rows : c == channel;
}

std::string padding_label(const CellModel& cell) {
  return display_number(cell.value);
}

std::string shown_value(const GridModel& grid, const CellModel& cell) {
  if (grid.role == StageRole::kKernel && grid.weight_denominator > 1 && cell.kind == CellKind::kValue)
    return display_number(weight_numerator(cell.value, grid.weight_denominator));
  return display_number(cell.value);
}

std::string shown_weight(const GridModel& grid, const CellModel& cell) {
  return display_number(grid.weight_denominator > 1 ? weight_numerator(cell.weight, grid.weight_denominator)
                                                    : cell.weight);
}

StageModel build_stage_model(const StageInput& in) {
  StageModel model;
  if (!in.stepper || !in.snapshot) return model;
  const Stepper& stepper = *in.stepper;
  const Geometry& g = stepper.geometry();
  const Snapshot& s = *in.snapshot;
  const bool conv = is_conv(g.op);
  const ChannelRange read = g.in_channels_read(s.out_channel);
  const int64_t first = read.first, count = read.count;

  int64_t unused_rows = 0, unused_cols = 0;
  unused_inputs(stepper, &unused_rows, &unused_cols);
  const int64_t input_slices = g.dims == 2 ? g.in_channels : 1;
  for (int64_t k = 0; k < input_slices; ++k) {
    GridModel grid = input_grid(in, k, unused_rows, unused_cols);
    if (g.dims == 2 && g.in_channels > 1) {
      grid.label = named("channel ", k);
      grid.short_label = named("c", k);
      grid.dimmed = !grid_reads(grid, first, count);
      if (conv && g.groups > 1) {
        grid.group = static_cast<int>(g.group_of_in_channel(k));
        grid.label += named(", group ", grid.group);
      }
    }
    model.inputs.push_back(std::move(grid));
  }
  if (conv) {
    const int64_t kernel_slices = g.dims == 2 ? count : 1;
    for (int64_t j = 0; j < kernel_slices; ++j) {
      GridModel grid = kernel_grid(in, j);
      if (g.dims == 2 && (kernel_slices > 1 || g.in_channels > 1)) {
        grid.label = "weight[" + std::to_string(s.out_channel) + ", " + std::to_string(j) + "]";
        grid.short_label = named("w", j);
      }
      if (g.groups > 1) grid.group = static_cast<int>(g.group_of_out_channel(s.out_channel));
      model.kernels.push_back(std::move(grid));
    }
  }
  const int64_t output_slices = g.dims == 2 ? g.out_channels : 1;
  for (int64_t k = 0; k < output_slices; ++k) {
    GridModel grid = output_grid(in, k);
    if (output_slices > 1) {
      grid.label = named("channel ", k);
      grid.short_label = named("c", k);
    }
    if (conv && g.groups > 1 && g.dims == 2) {
      grid.group = static_cast<int>(g.group_of_out_channel(k));
      grid.label += named(", group ", grid.group);
    }
    model.outputs.push_back(std::move(grid));
  }

  // The window's taps: every one in the window, those summed so far lit in tap mode.
  for (size_t i = 0; i < s.taps.size(); ++i) {
    const Tap& tap = s.taps[i];
    const int64_t t = static_cast<int64_t>(i);
    uint16_t flags = kInWindow;
    if (in.tap >= 0 && t <= in.tap) flags |= kLitTap;
    if (in.tap >= 0 && t == in.tap) flags |= kCurrentTap;
    if (in.tap < 0 && t == s.winner && is_max_pool(g.op)) flags |= kWinner;
    if (CellModel* cell =
            find_in(model.inputs, {StageRole::kInput, tap.in_channel, tap.padded_y, tap.padded_x})) {
      cell->flags |= flags;
      cell->weight = tap.weight;
    }
    if (conv) {
      const CellRef kernel_cell{StageRole::kKernel, tap.in_channel - first, tap.ky, tap.kx};
      if (CellModel* cell = find_in(model.kernels, kernel_cell)) cell->flags |= flags;
    }
  }

  const WindowRect now = window_of(g, s);
  std::optional<WindowRect> before;
  if (in.from && in.from->step != s.step) before = window_of(g, *in.from);
  const bool same_channels =
      before && g.group_of_out_channel(in.from->out_channel) == g.group_of_out_channel(s.out_channel);
  for (const GridModel& grid : model.inputs) {
    if (!grid_reads(grid, first, count)) {
      model.windows.push_back(std::nullopt);
      model.ghosts.push_back(std::nullopt);
      continue;
    }
    WindowRect shown = now;
    // Slides only within one slice; moving to another channel's slices is a cut.
    if (before && same_channels && in.slide < 1) {
      const float t = std::clamp(in.slide, 0.0f, 1.0f);
      shown.y0 = before->y0 + (now.y0 - before->y0) * t;
      shown.y1 = before->y1 + (now.y1 - before->y1) * t;
      shown.x0 = before->x0 + (now.x0 - before->x0) * t;
      shown.x1 = before->x1 + (now.x1 - before->x1) * t;
    }
    model.windows.push_back(shown);
    model.ghosts.push_back(same_channels ? before : std::nullopt);
  }
  model.partial_window = s.partial_window;
  return model;
}

void mark_focus(StageModel& model, const Stepper& stepper, const Snapshot& current, const CellRef& focus) {
  for (const CellRef& ref : highlighted_cells(stepper, current, focus)) {
    if (CellModel* cell = find_in(grids_of(model, ref.role), ref)) cell->flags |= kHighlighted;
  }
  if (CellModel* cell = find_in(grids_of(model, focus.role), focus)) cell->flags |= kHoverSource;
}

const CellModel* find_cell(const StageModel& model, const CellRef& ref) {
  return find_in(grids_of(model, ref.role), ref);
}

}  // namespace convstep
