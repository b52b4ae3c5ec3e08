// Grid cells come from the scene's tensors through the engine's own padding rule
// (padded_source_index) and from the snapshot's taps; nothing is summed here. The colours are the
// stepping view's article look on its dark background: input blue, kernel green, feature map red,
// padding grey and the magenta highlight of the window and the current output.
#include "print/print_grid.h"

#include <algorithm>
#include <cmath>
#include <limits>

#include "core/ops.h"
#include "core/step_text.h"

namespace convstep {

namespace {

const Rgb kInputLow{0.12, 0.22, 0.40}, kInputHigh{0.18, 0.42, 0.82};
const Rgb kKernelLow{0.11, 0.30, 0.19}, kKernelHigh{0.16, 0.60, 0.32};
const Rgb kOutputLow{0.42, 0.13, 0.15}, kOutputHigh{0.84, 0.26, 0.22};
const Rgb kPaddingFill = Rgb::bytes(44, 48, 56), kPaddingText = Rgb::bytes(150, 156, 168);
const Rgb kPendingFill = Rgb::bytes(28, 31, 38), kPendingBorder = Rgb::bytes(70, 76, 88);
const Rgb kGridLine = Rgb::bytes(12, 14, 18), kCellText = Rgb::bytes(245, 246, 248);
const Rgb kHighlight = Rgb::bytes(255, 64, 200), kHalo = Rgb::bytes(8, 10, 14);
const Rgb kNote = Rgb::bytes(160, 235, 180);

Rgb mix(Rgb a, Rgb b, double t) {
  t = std::clamp(t, 0.0, 1.0);
  return {a.r + (b.r - a.r) * t, a.g + (b.g - a.g) * t, a.b + (b.b - a.b) * t};
}

Rgb role_colour(GridRole role, double t) {
  switch (role) {
    case GridRole::kInput:
      return mix(kInputLow, kInputHigh, t);
    case GridRole::kKernel:
      return mix(kKernelLow, kKernelHigh, t);
    case GridRole::kOutput:
      return mix(kOutputLow, kOutputHigh, t);
  }
  return kInputHigh;
}

// The range of the finite values among the grids' value cells.
void set_range(std::vector<PrintGrid>& grids) {
  float lo = std::numeric_limits<float>::infinity(), hi = -lo;
  for (const PrintGrid& g : grids)
    for (const PrintCell& c : g.cells)
      if (c.look == CellLook::kValue && std::isfinite(c.value)) {
        lo = std::min(lo, c.value);
        hi = std::max(hi, c.value);
      }
  if (!(lo <= hi)) lo = 0, hi = 1;
  if (hi - lo < 1e-6f) hi = lo + 1;
  for (PrintGrid& g : grids) g.lo = lo, g.hi = hi;
}

PrintCell value_cell(float v) {
  PrintCell c;
  c.value = v;
  c.text = display_number(v);
  return c;
}

std::string numbered(const std::string& prefix, int64_t n) {
  return prefix + std::to_string(n);
}

// The grid of one slice of the (padded) input or of the output, labelled, its cells to be filled: a 2-D
// op's slice is a channel; a 1-D op's one grid has a row per channel.
PrintGrid sized_grid(GridRole role, const Geometry& g, int64_t slice) {
  const bool input = role == GridRole::kInput;
  const int64_t channels = input ? g.in_channels : g.out_channels;
  const std::string word = input ? "input" : "output";
  PrintGrid grid;
  grid.role = role;
  grid.rows = static_cast<int>(g.dims == 2 ? (input ? g.h.padded() : g.h.out) : channels);
  grid.cols = static_cast<int>(input ? g.w.padded() : g.w.out);
  grid.label = channels == 1 ? word
               : g.dims == 1 ? word + ", a row per channel"
                             : numbered(word + " channel ", slice);
  grid.short_label =
      g.dims == 1 || channels == 1 ? (input ? "in" : "out") : numbered(input ? "c" : "out ", slice);
  grid.cells.resize(static_cast<size_t>(grid.rows) * grid.cols);
  return grid;
}

constexpr double kLabelGap = 4;

double label_height(const PrintGrid& grid, const GridStyle& style) {
  return grid.label.empty() ? 0 : style.font * 1.1 + kLabelGap;
}

}  // namespace

std::vector<PrintGrid> input_grids(const Scene& scene, const Geometry& g, int64_t batch,
                                   bool blank_copied_padding) {
  const PaddingMode mode = is_conv(g.op) ? g.padding_mode : PaddingMode::kZeros;
  const float pad_value = is_max_pool(g.op) ? -std::numeric_limits<float>::infinity() : 0.0f;
  const float* data = scene.input.data();
  const int64_t slices = g.dims == 2 ? g.in_channels : 1;
  std::vector<PrintGrid> grids;
  for (int64_t slice = 0; slice < slices; ++slice) {
    PrintGrid grid = sized_grid(GridRole::kInput, g, slice);
    for (int r = 0; r < grid.rows; ++r) {
      const int64_t c = g.dims == 2 ? slice : r;
      const int64_t sy = g.dims == 2 ? padded_source_index(r, g.h.in, g.h.pad_before, mode) : 0;
      const bool inside_y = g.dims == 1 || (r >= g.h.pad_before && r < g.h.pad_before + g.h.in);
      for (int px = 0; px < grid.cols; ++px) {
        const int64_t sx = padded_source_index(px, g.w.in, g.w.pad_before, mode);
        const bool inside = inside_y && px >= g.w.pad_before && px < g.w.pad_before + g.w.in;
        PrintCell& cell = grid.at(r, px);
        if (sy >= 0 && sx >= 0) {
          cell = value_cell(data[((batch * g.in_channels + c) * g.h.in + sy) * g.w.in + sx]);
          if (!inside) cell.look = blank_copied_padding ? CellLook::kBlank : CellLook::kPadding;
          if (cell.look == CellLook::kBlank) cell.text.clear();
        } else {
          cell = value_cell(pad_value);
          cell.look = CellLook::kPadding;
        }
      }
    }
    grids.push_back(std::move(grid));
  }
  set_range(grids);
  return grids;
}

std::vector<PrintGrid> kernel_grids(const Scene& scene, const Geometry& g, int64_t out_channel) {
  std::vector<PrintGrid> grids;
  if (!is_conv(g.op)) return grids;
  const int64_t per_group = g.in_channels_per_group();
  const int64_t kh = g.h.kernel, kw = g.w.kernel;
  const float* w = scene.weight.data();
  const ChannelRange read = g.in_channels_read(out_channel);
  const int64_t slices = g.dims == 2 ? per_group : 1;
  for (int64_t slice = 0; slice < slices; ++slice) {
    PrintGrid grid;
    grid.role = GridRole::kKernel;
    grid.rows = static_cast<int>(g.dims == 2 ? kh : per_group);
    grid.cols = static_cast<int>(kw);
    if (g.out_channels == 1 && per_group == 1)
      grid.label = "kernel";
    else if (g.dims == 2)
      grid.label = "weight[" + std::to_string(out_channel) + ", " + std::to_string(slice) +
                   "] · input channel " + std::to_string(read.first + slice);
    else
      grid.label = numbered("weight[", out_channel) + "]";
    grid.short_label = g.dims == 2 ? "w[" + std::to_string(out_channel) + "," + std::to_string(slice) + "]"
                                   : numbered("w[", out_channel) + "]";
    grid.cells.resize(static_cast<size_t>(grid.rows) * grid.cols);
    for (int r = 0; r < grid.rows; ++r) {
      const int64_t ci = g.dims == 2 ? slice : r;
      const int64_t ky = g.dims == 2 ? r : 0;
      for (int kx = 0; kx < grid.cols; ++kx)
        grid.at(r, kx) = value_cell(w[((out_channel * per_group + ci) * kh + ky) * kw + kx]);
    }
    grids.push_back(std::move(grid));
  }
  set_range(grids);
  return grids;
}

std::vector<PrintGrid> output_grids(const Tensor& output, const Geometry& g, int64_t batch, bool blank) {
  const int64_t slices = g.dims == 2 ? g.out_channels : 1;
  const float* data = output.data();
  std::vector<PrintGrid> grids;
  for (int64_t slice = 0; slice < slices; ++slice) {
    PrintGrid grid = sized_grid(GridRole::kOutput, g, slice);
    for (int r = 0; r < grid.rows; ++r) {
      const int64_t c = g.dims == 2 ? slice : r;
      const int64_t y = g.dims == 2 ? r : 0;
      for (int x = 0; x < grid.cols; ++x) {
        PrintCell& cell = grid.at(r, x);
        cell = value_cell(data[((batch * g.out_channels + c) * g.h.out + y) * g.w.out + x]);
        if (blank) cell.look = CellLook::kBlank;
        if (std::isnan(cell.value) && !blank) cell.look = CellLook::kPending;
        if (cell.look != CellLook::kValue) cell.text.clear();
      }
    }
    grids.push_back(std::move(grid));
  }
  set_range(grids);
  return grids;
}

void mark_step(const Geometry& g, const Snapshot& s, int64_t tap, std::vector<PrintGrid>& inputs,
               std::vector<PrintGrid>& kernels, std::vector<PrintGrid>& outputs) {
  const ChannelRange read = g.in_channels_read(s.out_channel);
  for (size_t i = 0; i < s.taps.size(); ++i) {
    const Tap& t = s.taps[i];
    const bool lit = tap >= 0 && static_cast<int64_t>(i) <= tap;
    const bool current = tap >= 0 && static_cast<int64_t>(i) == tap;
    const size_t in_slice = g.dims == 2 ? static_cast<size_t>(t.in_channel) : 0;
    const int in_row = static_cast<int>(g.dims == 2 ? t.padded_y : t.in_channel);
    if (in_slice < inputs.size()) {
      PrintGrid& grid = inputs[in_slice];
      if (in_row < grid.rows && t.padded_x < grid.cols) {
        PrintCell& cell = grid.at(in_row, static_cast<int>(t.padded_x));
        cell.window = true;
        cell.lit = cell.lit || lit;
        cell.current = cell.current || current;
        if (is_conv(g.op)) cell.note = "×" + display_number(t.weight);
      }
    }
    const int64_t local = t.in_channel - read.first;
    const size_t k_slice = g.dims == 2 ? static_cast<size_t>(local) : 0;
    const int k_row = static_cast<int>(g.dims == 2 ? t.ky : local);
    if (k_slice < kernels.size() && k_row < kernels[k_slice].rows && t.kx < kernels[k_slice].cols) {
      PrintCell& cell = kernels[k_slice].at(k_row, static_cast<int>(t.kx));
      cell.window = true;
      cell.lit = cell.lit || lit;
      cell.current = cell.current || current;
    }
  }
  const size_t o_slice = g.dims == 2 ? static_cast<size_t>(s.out_channel) : 0;
  const int o_row = static_cast<int>(g.dims == 2 ? s.out_y : s.out_channel);
  if (o_slice < outputs.size() && o_row < outputs[o_slice].rows && s.out_x < outputs[o_slice].cols)
    outputs[o_slice].at(o_row, static_cast<int>(s.out_x)).current = true;
}

double grid_width(const PrintGrid& grid, const GridStyle& style) {
  return grid.cols * style.cell;
}

double grid_height(const PrintGrid& grid, const GridStyle& style) {
  return label_height(grid, style) + grid.rows * style.cell;
}

void draw_grid(Canvas& canvas, const PrintGrid& grid, double x, double y, const GridStyle& style) {
  const double cell = style.cell;
  if (!grid.label.empty()) {
    // The label, or its short form, no wider than the grid so neighbours' labels never collide.
    const double room = style.fit_label ? grid.cols * cell : 1e9;
    double size = style.font * 0.85;
    std::string label = grid.label;
    if (canvas.text_width(label, size) > room && !grid.short_label.empty()) label = grid.short_label;
    const double w = canvas.text_width(label, size);
    if (w > room) size = std::max(size * 0.6, size * room / w);
    canvas.text(x, y + style.font * 0.9, label, size, style.label, Align::kLeft);
  }
  y += label_height(grid, style);
  const double line = std::max(0.5, cell / 40);
  for (int r = 0; r < grid.rows; ++r) {
    for (int c = 0; c < grid.cols; ++c) {
      const PrintCell& p = grid.at(r, c);
      const double cx = x + c * cell, cy = y + r * cell;
      Rgb fill{1, 1, 1}, ink = style.text;
      if (style.colour) {
        const double t = (p.value - grid.lo) / (grid.hi - grid.lo);
        fill = p.look == CellLook::kValue
                   ? role_colour(grid.role, std::isfinite(t) ? t : (p.value > 0 ? 1 : 0))
               : p.look == CellLook::kPending ? kPendingFill
                                              : kPaddingFill;
        ink = p.look == CellLook::kValue ? kCellText : kPaddingText;
      } else if (p.look == CellLook::kPadding) {
        fill = {0.84, 0.84, 0.84};
        ink = {0.35, 0.35, 0.35};
      } else if (p.look == CellLook::kBlank && grid.role == GridRole::kInput) {
        fill = {0.9, 0.9, 0.9};
      }
      canvas.fill_rect(cx, cy, cell, cell, fill);
      canvas.stroke_rect(cx, cy, cell, cell, style.colour ? kGridLine : style.line, line);
      if (style.colour && p.look == CellLook::kPending)
        canvas.stroke_rect(cx + line * 2, cy + line * 2, cell - line * 4, cell - line * 4, kPendingBorder,
                           line);
      if (p.text.empty()) continue;
      const bool noted = !p.note.empty();
      double size = style.font;
      const double room = cell * 0.9;
      const double w = canvas.text_width(p.text, size);
      if (w > room) size *= room / w;
      const double base = noted ? cy + cell * 0.5 : cy + cell * 0.5 + size * 0.36;
      canvas.text(cx + cell / 2, base, p.text, size, ink, Align::kCentre);
      if (noted) {
        double note_size = style.font * 0.62;
        const double nw = canvas.text_width(p.note, note_size);
        if (nw > room) note_size *= room / nw;
        canvas.text(cx + cell / 2, cy + cell * 0.84, p.note, note_size, style.colour ? kNote : ink,
                    Align::kCentre);
      }
    }
  }
  // Highlights last, so no neighbouring cell covers them: one outline around the window on the input
  // (its span, as the stepping view draws it), the taps added so far and the one being added, and
  // the current output.
  const Rgb accent = style.colour ? kHighlight : Rgb{0, 0, 0};
  auto outline = [&](double x0, double y0, double w, double h, double thickness, bool dashed) {
    const double inset = thickness / 2 + line;
    if (style.colour)
      canvas.stroke_rect(x0 + inset, y0 + inset, w - 2 * inset, h - 2 * inset, kHalo, thickness + 2);
    canvas.stroke_rect(x0 + inset, y0 + inset, w - 2 * inset, h - 2 * inset, accent, thickness, dashed);
  };
  int r0 = grid.rows, c0 = grid.cols, r1 = -1, c1 = -1;
  for (int r = 0; r < grid.rows; ++r)
    for (int c = 0; c < grid.cols; ++c) {
      const PrintCell& p = grid.at(r, c);
      if (p.window && grid.role == GridRole::kInput) {
        r0 = std::min(r0, r), c0 = std::min(c0, c), r1 = std::max(r1, r), c1 = std::max(c1, c);
      }
      const double cx = x + c * cell, cy = y + r * cell;
      if (p.current)
        outline(cx, cy, cell, cell, std::max(2.0, cell / 10), false);
      else if (p.lit)
        outline(cx, cy, cell, cell, std::max(1.0, cell / 24), false);
    }
  if (r1 >= 0)
    outline(x + c0 * cell, y + r0 * cell, (c1 - c0 + 1) * cell, (r1 - r0 + 1) * cell,
            std::max(2.0, cell / 14), false);
}

}  // namespace convstep
