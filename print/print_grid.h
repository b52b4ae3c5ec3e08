// The grids of a printed or exported picture as data: input slices with their padding ring, kernel
// slices and feature maps, each cell with its text and how it is drawn. Built from the scene and the
// stepper's snapshot (never recomputed), and drawn onto a Canvas by draw_grid.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "core/geometry.h"
#include "core/scene.h"
#include "core/stepper.h"
#include "print/canvas.h"

namespace convstep {

enum class GridRole { kInput, kKernel, kOutput };

enum class CellLook {
  kValue,    // a tensor element
  kPadding,  // a padding cell showing the value it holds (0, −∞ or a copied value)
  kBlank,    // a cell left for the learner to fill in (a worksheet's feature map or copied padding)
  kPending,  // an output not computed yet at this step
};

struct PrintCell {
  CellLook look = CellLook::kValue;
  float value = 0;
  std::string text;
  std::string note;      // "×1": the weight a window cell meets
  bool window = false;   // read by the current window
  bool lit = false;      // tap by tap: already added (or being added)
  bool current = false;  // the output being computed, or the tap being added
};

struct PrintGrid {
  GridRole role = GridRole::kInput;
  std::string label;
  std::string short_label;  // drawn instead when the label is wider than the grid: "w[1,0]", "c2"
  int rows = 0, cols = 0;
  std::vector<PrintCell> cells;  // row-major
  float lo = 0, hi = 1;          // values the colour scale spans
  PrintCell& at(int r, int c) { return cells[static_cast<size_t>(r) * cols + c]; }
  const PrintCell& at(int r, int c) const { return cells[static_cast<size_t>(r) * cols + c]; }
};

// The input of batch `batch` as grids: one per channel for 2-D ops, one with a row per channel for 1-D,
// padding ring included. Zero padding shows "0" (−∞ for max pools); copied padding shows the value it
// copies, or is blank when `blank_copied_padding` (a worksheet asks the learner to fill it in).
std::vector<PrintGrid> input_grids(const Scene& scene, const Geometry& g, int64_t batch,
                                   bool blank_copied_padding);
// The filter of output channel `out_channel`: one grid per input channel it reads (2-D), or one with a
// row per input channel (1-D). Empty for pools.
std::vector<PrintGrid> kernel_grids(const Scene& scene, const Geometry& g, int64_t out_channel);
// The feature maps of batch `batch`, one per output channel (2-D) or one with a row per channel (1-D);
// NaN values are pending cells, and `blank` leaves every cell empty for the learner.
std::vector<PrintGrid> output_grids(const Tensor& output, const Geometry& g, int64_t batch, bool blank);

// Marks the snapshot on the grids: the window's taps on the input (with the weight each meets), the
// kernel taps, the current output; with tap ≥ 0 the taps [0, tap] are lit and `tap` is the current one.
void mark_step(const Geometry& g, const Snapshot& s, int64_t tap, std::vector<PrintGrid>& inputs,
               std::vector<PrintGrid>& kernels, std::vector<PrintGrid>& outputs);

struct GridStyle {
  double cell = 24;    // cell pitch
  double font = 11;    // value size
  bool colour = true;  // role colours (the stepping view's article look); false: print in black on white
  Rgb line{0, 0, 0};
  Rgb text{0, 0, 0};
  Rgb label{0, 0, 0};
  bool fit_label = true;  // shorten (or shrink) a label wider than its grid
};

// The size of a grid drawn with `style`, its label above included.
double grid_width(const PrintGrid& grid, const GridStyle& style);
double grid_height(const PrintGrid& grid, const GridStyle& style);
// Draws the grid with its label above, top-left at (x, y).
void draw_grid(Canvas& canvas, const PrintGrid& grid, double x, double y, const GridStyle& style);

}  // namespace convstep
