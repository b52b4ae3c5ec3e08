// A stack of layers (convolutions, pools and transposed convolutions) on a 1-D or 2-D input, and how its
// receptive field grows: per layer and per spatial dimension the output size, the receptive field r, the
// jump (effective stride) and the start, from the recurrences (k' = d·(k − 1) + 1 is the dilated kernel,
// p the padding before):
//   jump_l  = jump_{l−1} · s_l
//   r_l     = r_{l−1} + (k'_l − 1) · jump_{l−1}
//   start_l = start_{l−1} + ((k'_l − 1)/2 − p_l) · jump_{l−1}
// from jump_0 = 1, r_0 = 1, start_0 = 0 (start is the centre of output cell 0's field in input pixels,
// with input pixel 0 centred at 0). A transposed convolution is read as its direct form, as the stepping
// view draws it: the input with s − 1 zeros between cells (cells 1/s apart), convolved with stride 1 and
// padding q = d·(k − 1) − p, so
//   jump_l  = jump_{l−1} / s_l
//   r_l     = r_{l−1} + (k'_l − 1) · jump_l
//   start_l = start_{l−1} + ((k'_l − 1)/2 − q_l) · jump_l
// (r then counts the inserted zeros' places too; fractions appear). With an input size, each layer is
// validated as `compute` does and a cell of any map has a receptive field in every map below (padding cells
// included), a projective field in every map above, and a count of the paths reaching each input cell.
#pragma once

#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "core/layer_parser.h"
#include "core/result.h"
#include "core/scene.h"
#include "core/tensor.h"

namespace convstep {

// Enough for VGG-16's first three blocks (ten layers), the longest preset.
inline constexpr int kMaxStackLayers = 12;
// The input's cells, all dimensions together (2048 × 2048): the view computes every map's values.
inline constexpr int64_t kMaxStackInputCells = int64_t{1} << 22;
// Every map likewise (a transposed layer grows its map), and per dimension a layer's kernel times the
// larger of its input and output size: what a field walk through the layer costs.
inline constexpr int64_t kMaxStackWalk = int64_t{1} << 26;

// One layer as the stack holds it: its PyTorch line and the parameters it was read into. For a
// convolution params.kernel_size is the kernel's size (the scene keeps it in the weight's shape).
struct StackLayer {
  std::string line;
  LayerParams params;
  std::optional<int64_t> in_channels, out_channels;  // convolutions
};

// Reads a PyTorch line with core/layer_parser; on failure the parser's error (message and column).
struct StackLayerParse {
  std::optional<StackLayer> layer;
  LayerError error;
  bool ok() const { return layer.has_value(); }
};
StackLayerParse parse_stack_layer(const std::string& line);
// The layer a parsed line stands for; `line` is kept as its text.
StackLayer stack_layer(const ParsedLayer& parsed, const std::string& line);

// One spatial dimension of one layer, all numbers resolved.
struct StackDim {
  int64_t kernel = 1, stride = 1, dilation = 1, pad_before = 0, pad_after = 0;
  int64_t output_padding = 0;  // transposed convolutions
  bool transposed = false;  // a transposed convolution: output o takes input i's taps at o = i·s − p + t·d
  int64_t effective_kernel = 1;  // k' = d·(k − 1) + 1
  double receptive_field = 1;    // r, in input pixels (whole but after a transposed layer)
  double jump = 1;
  double start = 0;
  int64_t in = 0, out = 0;  // sizes; 0 without an input size
  std::string out_formula;  // "⌊(224 + 2·3 − 1·(7−1) − 1)/2⌋ + 1 = 112"; "" without an input size
  // The recurrences with this layer's numbers, e.g. "r = 7 + (3 − 1)·2 = 11".
  std::string receptive_field_text, jump_text, start_text;
};

struct StackLevel {
  StackLayer layer;
  std::vector<StackDim> dims;  // one per spatial dimension, height first
};

struct LayerStack {
  int dims = 2;                    // spatial dimensions of every layer
  std::optional<Dims> input_size;  // height first; a 1-D input's length is [0] (and [1])
  std::vector<StackLevel> levels;  // one per layer, bottom (next to the input) first
  int maps() const { return static_cast<int>(levels.size()) + 1; }  // the input is map 0
  // Map m's size in dimension i (needs input_size).
  int64_t map_size(int m, int i) const;
};

// Builds the stack. Refused, with the layer named and the numbers: no layers or more than
// kMaxStackLayers, layers of different dimensions, a convolution whose in_channels differs from the
// channels below it, and (with an input size) a layer that leaves no output, with its formula, or whose map
// or kernel is past kMaxStackInputCells or kMaxStackWalk.
Result<LayerStack> build_layer_stack(const std::vector<StackLayer>& layers, std::optional<Dims> input_size);
// Reads every line, then builds; an unreadable line is "layer 2: column 17: …" with its caret lines.
Result<LayerStack> build_layer_stack(const std::vector<std::string>& lines, std::optional<Dims> input_size);

// An inclusive range of cells of one dimension. Cells below 0 or at or past the map's size are padding.
struct CellRange {
  int64_t first = 0, last = -1;
  bool empty() const { return last < first; }
  int64_t size() const { return empty() ? 0 : last - first + 1; }
  friend bool operator==(const CellRange&, const CellRange&) = default;
};

// A field in every map: maps[m][i] is the range in map m, dimension i (empty where there is none).
struct StackField {
  std::vector<std::array<CellRange, 2>> maps;
};

// The cells of every map below `map` that cell `cell` of `map` depends on (its own map holds the cell):
// in each map the hull of the windows' taps, padding cells included; below a map only its real cells
// lead on. Needs input_size; `cell` is height first (a 1-D stack uses cell[0]).
StackField receptive_field(const LayerStack& stack, int map, Dims cell);
// The cells of every map above `map` whose value depends on cell `cell` of `map`.
StackField projective_field(const LayerStack& stack, int map, Dims cell);

// How many paths through the stack's taps lead from cell `cell` of `map` down to each input cell (the
// effective receptive field): input height × width values (1-D: one row), row-major.
std::vector<double> path_counts(const LayerStack& stack, int map, Dims cell);

// Every map's values when the stack runs on one channel: the input is scene_edit's fill pattern
// (1 2 3 4 1 …) and every convolution averages its window (each weight 1/(kernel cells), no bias), so
// the values stay in the input's range as the maps blur; each map is (height, width), a 1-D map one
// row high. Needs input_size.
Result<std::vector<Tensor>> stack_feature_maps(const LayerStack& stack);

// A stack number as the texts write it: whole numbers without a point, fractions with up to 4 places
// ("0.25", "-0.75").
std::string stack_number_text(double v);

// "conv2d", as the CLI's JSON names the op.
std::string stack_op_name(const StackLayer& layer);

}  // namespace convstep
