// The layer stack: every layer is validated by resolve_geometry on a one-channel scene (the channels do
// not change where a window reaches), whose resolved dimensions give the recurrences their numbers.
// Fields are hulls of cell ranges pushed through each layer's windows; path counts factor over the
// dimensions because every window is a rectangle of taps.
#include "core/layer_stack.h"

#include <algorithm>
#include <cmath>
#include <cstdio>

#include "core/geometry.h"
#include "core/ops.h"
#include "core/params.h"
#include "core/scene_edit.h"

namespace convstep {

namespace {

std::string layer_name(size_t index, const StackLayer& layer) {
  return "layer " + std::to_string(index + 1) + " (" + layer.line + ")";
}

// The one-channel scene that stands for the layer on an input of `in` cells per dimension.
Scene one_channel_scene(const StackLayer& layer, int dims, Dims in) {
  Scene scene;
  scene.params = layer.params;
  scene.params.groups = 1;
  scene.input = dims == 2 ? Tensor({1, in[0], in[1]}) : Tensor({1, in[0]});
  if (is_conv(layer.params.op)) {
    const Dims& k = layer.params.kernel_size;
    scene.weight = dims == 2 ? Tensor({1, 1, k[0], k[1]}) : Tensor({1, 1, k[0]});
  }
  return scene;
}

const DimGeometry& geometry_dim(const Geometry& g, int i) {
  return g.dims == 1 || i == 1 ? g.w : g.h;
}

}  // namespace

StackLayer stack_layer(const ParsedLayer& parsed, const std::string& line) {
  StackLayer layer;
  layer.line = line;
  layer.params.op = parsed.op;
  if (is_pool(parsed.op)) layer.params.stride_set = false;
  for (const SceneEdit& edit : parsed.edits) {
    const ParamSpec* spec = find_param(edit.key);
    if (!spec || !spec->store) continue;
    // The parser wrote these values itself from the table's own syntax, so they read back.
    Result<ParamValue> value = parse_param(*spec, edit.key, edit.value, parsed.op);
    if (value) spec->store(layer.params, *value);
  }
  layer.params.kernel_size = parsed.kernel_size;
  layer.in_channels = parsed.in_channels;
  layer.out_channels = parsed.out_channels;
  return layer;
}

StackLayerParse parse_stack_layer(const std::string& line) {
  StackLayerParse out;
  LayerParse parsed = parse_layer(line);
  if (!parsed.ok()) {
    out.error = parsed.error;
    return out;
  }
  out.layer = stack_layer(*parsed.layer, line);
  return out;
}

int64_t LayerStack::map_size(int m, int i) const {
  if (m == 0) return input_size ? (*input_size)[static_cast<size_t>(dims == 1 ? 0 : i)] : 0;
  return levels[static_cast<size_t>(m - 1)].dims[static_cast<size_t>(dims == 1 ? 0 : i)].out;
}

Result<LayerStack> build_layer_stack(const std::vector<StackLayer>& layers, std::optional<Dims> input_size) {
  if (layers.empty()) return make_error("the stack has no layers: add at least one");
  if (layers.size() > static_cast<size_t>(kMaxStackLayers))
    return make_error("the stack has " + std::to_string(layers.size()) + " layers; convstep shows at most " +
                      std::to_string(kMaxStackLayers));
  LayerStack stack;
  stack.dims = spatial_dims(layers.front().params.op);
  if (input_size) {
    const int64_t n0 = (*input_size)[0], n1 = stack.dims == 2 ? (*input_size)[1] : 1;
    if (n0 < 1 || n1 < 1) return make_error("the input size must be at least 1 in every dimension");
    if (n0 > kMaxStackInputCells / n1)
      return make_error("the input (" + std::to_string(n0) +
                        (stack.dims == 2 ? "\u00d7" + std::to_string(n1) : "") +
                        " cells) is too large: the stack takes at most " +
                        std::to_string(kMaxStackInputCells) + " input cells");
    if (stack.dims == 1) input_size = Dims{n0, n0};
  }
  stack.input_size = input_size;

  std::optional<int64_t> channels;
  size_t channels_from = 0;
  std::array<double, 2> jump{1, 1}, r{1, 1}, start{0, 0};
  Dims in = input_size.value_or(Dims{1, 1});
  for (size_t l = 0; l < layers.size(); ++l) {
    const StackLayer& layer = layers[l];
    const LayerParams& p = layer.params;
    if (spatial_dims(p.op) != stack.dims)
      return make_error(layer_name(l, layer) + " is " + std::to_string(spatial_dims(p.op)) +
                        "-D, but the stack is " + std::to_string(stack.dims) +
                        "-D: every layer must have the same dimensions");
    if (is_conv(p.op)) {
      if (layer.in_channels && channels && *layer.in_channels != *channels)
        return make_error(layer_name(l, layer) + " takes in_channels=" + std::to_string(*layer.in_channels) +
                          ", but layer " + std::to_string(channels_from + 1) + " gives it " +
                          std::to_string(*channels) + " channels");
      for (const auto& [count, name] :
           {std::pair{layer.in_channels, "in_channels"}, std::pair{layer.out_channels, "out_channels"}})
        if (count && (*count < 1 || *count % p.groups != 0))
          return make_error(layer_name(l, layer) + ": " + name + "=" + std::to_string(*count) +
                            " is not divisible by groups=" + std::to_string(p.groups));
      if (layer.out_channels) {
        channels = layer.out_channels;
        channels_from = l;
      }
    }
    // Without an input size, an input just large enough for every window stands in for it, so only
    // the layer's own numbers are checked.
    Dims probe = in;
    if (!input_size)
      for (size_t i = 0; i < 2; ++i)
        probe[i] = p.dilation[i] * (p.kernel_size[i] - 1) + 1 + 2 * p.padding[i] + 1;
    const Result<Geometry> g = resolve_geometry(one_channel_scene(layer, stack.dims, probe));
    if (!g) return make_error(layer_name(l, layer) + ": " + g.message());

    StackLevel level;
    level.layer = layer;
    for (int i = 0; i < stack.dims; ++i) {
      const size_t u = static_cast<size_t>(i);
      const DimGeometry& d = geometry_dim(*g, i);
      StackDim dim;
      dim.kernel = d.kernel;
      dim.stride = d.stride;
      dim.dilation = d.dilation;
      dim.pad_before = d.pad_before;
      dim.pad_after = d.pad_after;
      dim.effective_kernel = d.effective_kernel();
      dim.transposed = is_conv_transpose(p.op);
      dim.output_padding = dim.transposed ? d.output_padding : 0;
      const int64_t grow = dim.effective_kernel - 1;
      // A transposed layer as its direct form: stride 1 over cells 1/s apart, padded by q = d·(k − 1) − p.
      const double step = dim.transposed ? jump[u] / static_cast<double>(dim.stride) : jump[u];
      const int64_t pad = dim.transposed ? grow - dim.pad_before : dim.pad_before;
      const double offset = grow / 2.0 - static_cast<double>(pad);
      dim.receptive_field = r[u] + static_cast<double>(grow) * step;
      dim.jump = dim.transposed ? step : jump[u] * static_cast<double>(dim.stride);
      dim.start = start[u] + offset * step;
      const std::string k_less_one = "(" + std::to_string(dim.effective_kernel) + " \u2212 1)";
      dim.receptive_field_text = "r = " + stack_number_text(r[u]) + " + " + k_less_one + "\u00b7" +
                                 stack_number_text(step) + " = " + stack_number_text(dim.receptive_field);
      dim.jump_text = "jump = " + stack_number_text(jump[u]) + (dim.transposed ? " \u00f7 " : "\u00b7") +
                      std::to_string(dim.stride) + " = " + stack_number_text(dim.jump);
      dim.start_text = "start = " + stack_number_text(start[u]) + " + (" + k_less_one + "/2 \u2212 " +
                       std::to_string(pad) + ")\u00b7" + stack_number_text(step) + " = " +
                       stack_number_text(dim.start);
      if (dim.transposed)
        dim.start_text += "   (q = d\u00b7(k \u2212 1) \u2212 p = " + std::to_string(pad) + ")";
      if (input_size) {
        dim.in = d.in;
        dim.out = d.out;
        const std::vector<DimFormula> formulas =
            output_size_formulas(p, stack.dims == 2 ? in : Dims{in[0], in[0]}, p.kernel_size);
        dim.out_formula = formulas[u].text;
      }
      r[u] = dim.receptive_field;
      jump[u] = dim.jump;
      start[u] = dim.start;
      level.dims.push_back(std::move(dim));
    }
    if (input_size) {
      // Sizes are at most 2^30 a dimension (resolve_geometry), so these products stay inside int64.
      const int64_t cells = stack.dims == 2 ? g->h.out * g->w.out : g->w.out;
      if (cells > kMaxStackInputCells)
        return make_error(layer_name(l, layer) + " makes a map of " + std::to_string(cells) +
                          " cells; the stack takes at most " + std::to_string(kMaxStackInputCells) +
                          " cells in a map");
      for (const StackDim& dim : level.dims)
        if (dim.kernel * std::max(dim.in, dim.out) > kMaxStackWalk)
          return make_error(layer_name(l, layer) + ": a kernel of " + std::to_string(dim.kernel) + " over " +
                            std::to_string(std::max(dim.in, dim.out)) +
                            " cells is more than the stack follows (at most " +
                            std::to_string(kMaxStackWalk) + " kernel taps × cells a dimension)");
      in = stack.dims == 2 ? Dims{g->h.out, g->w.out} : Dims{g->w.out, g->w.out};
    }
    stack.levels.push_back(std::move(level));
  }
  return stack;
}

Result<LayerStack> build_layer_stack(const std::vector<std::string>& lines, std::optional<Dims> input_size) {
  std::vector<StackLayer> layers;
  for (size_t l = 0; l < lines.size() && l <= static_cast<size_t>(kMaxStackLayers); ++l) {
    StackLayerParse parsed = parse_stack_layer(lines[l]);
    if (!parsed.ok())
      return make_error("layer " + std::to_string(l + 1) + ": " + layer_error_text(lines[l], parsed.error));
    layers.push_back(std::move(*parsed.layer));
  }
  if (lines.size() > layers.size()) layers.resize(lines.size());  // too many: build_layer_stack says so
  return build_layer_stack(layers, input_size);
}

namespace {

// The cells of map m (offset by `lowest`, its first padding cell) as a mask, and their hull.
struct CellSet {
  int64_t lowest = 0;
  std::vector<char> in;
  CellRange hull() const {
    CellRange r;
    for (size_t x = 0; x < in.size(); ++x)
      if (in[x]) {
        if (r.empty()) r.first = lowest + static_cast<int64_t>(x);
        r.last = lowest + static_cast<int64_t>(x);
      }
    return r;
  }
  bool has(int64_t x) const {
    const int64_t at = x - lowest;
    return at >= 0 && at < static_cast<int64_t>(in.size()) && in[static_cast<size_t>(at)];
  }
};

CellSet single_cell(int64_t n, int64_t cell) {
  CellSet set{0, std::vector<char>(static_cast<size_t>(n), 0)};
  set.in[static_cast<size_t>(cell)] = 1;
  return set;
}

// The cells of map m − 1 (padding included) that some tap of a window over a real cell of `here` reads.
CellSet cells_below(const CellSet& here, int64_t n_here, const StackDim& d, int64_t n_below) {
  if (d.transposed) {
    // Input i adds onto outputs i·s − p + t·d: no padding cells, and each output reads the inputs whose
    // stamps cover it.
    CellSet below{0, std::vector<char>(static_cast<size_t>(n_below), 0)};
    for (int64_t i = 0; i < n_below; ++i)
      for (int64_t t = 0; t < d.kernel && !below.in[static_cast<size_t>(i)]; ++t)
        if (here.has(i * d.stride - d.pad_before + t * d.dilation)) below.in[static_cast<size_t>(i)] = 1;
    return below;
  }
  CellSet below{-d.pad_before,
                std::vector<char>(static_cast<size_t>(n_below + d.pad_before + d.pad_after), 0)};
  for (int64_t o = 0; o < n_here; ++o) {
    if (!here.has(o)) continue;
    for (int64_t t = 0; t < d.kernel; ++t) {
      const int64_t x = o * d.stride - d.pad_before + t * d.dilation;
      const int64_t at = x - below.lowest;  // past the padded map: a ceil_mode window's missing taps
      if (at >= 0 && at < static_cast<int64_t>(below.in.size())) below.in[static_cast<size_t>(at)] = 1;
    }
  }
  return below;
}

// The cells of map m whose windows read a cell of `here` (cells of map m − 1).
CellSet cells_above(const CellSet& here, const StackDim& d, int64_t n_above) {
  CellSet above{0, std::vector<char>(static_cast<size_t>(n_above), 0)};
  if (d.transposed) {
    for (size_t x = 0; x < here.in.size(); ++x) {
      const int64_t i = here.lowest + static_cast<int64_t>(x);
      if (!here.in[x] || i < 0) continue;
      for (int64_t t = 0; t < d.kernel; ++t) {
        const int64_t o = i * d.stride - d.pad_before + t * d.dilation;
        if (o >= 0 && o < n_above) above.in[static_cast<size_t>(o)] = 1;
      }
    }
    return above;
  }
  for (int64_t o = 0; o < n_above; ++o)
    for (int64_t t = 0; t < d.kernel && !above.in[static_cast<size_t>(o)]; ++t)
      if (here.has(o * d.stride - d.pad_before + t * d.dilation)) above.in[static_cast<size_t>(o)] = 1;
  return above;
}

// A 1-D map is one row; a 2-D map has a field only where both dimensions have one.
void finish_field(const LayerStack& stack, StackField& field) {
  for (auto& ranges : field.maps) {
    if (stack.dims == 1 && !ranges[0].empty()) ranges[1] = {0, 0};
    if (ranges[0].empty() || ranges[1].empty()) ranges = {CellRange{}, CellRange{}};
  }
}

// The cells of every map that `cell` of map `map` is linked to: down to the input (what it reads) or up
// to the last map (what reads it).
StackField linked_field(const LayerStack& stack, int map, Dims cell, bool towards_input) {
  StackField field;
  field.maps.assign(static_cast<size_t>(stack.maps()), {CellRange{}, CellRange{}});
  for (int i = 0; i < stack.dims; ++i) {
    const size_t u = static_cast<size_t>(i);
    CellSet here = single_cell(stack.map_size(map, i), cell[u]);
    field.maps[static_cast<size_t>(map)][u] = here.hull();
    if (towards_input) {
      for (int m = map; m >= 1; --m) {
        const StackDim& d = stack.levels[static_cast<size_t>(m - 1)].dims[u];
        here = cells_below(here, stack.map_size(m, i), d, stack.map_size(m - 1, i));
        field.maps[static_cast<size_t>(m - 1)][u] = here.hull();
      }
    } else {
      for (int m = map + 1; m < stack.maps(); ++m) {
        here = cells_above(here, stack.levels[static_cast<size_t>(m - 1)].dims[u], stack.map_size(m, i));
        field.maps[static_cast<size_t>(m)][u] = here.hull();
      }
    }
  }
  finish_field(stack, field);
  return field;
}

}  // namespace

StackField receptive_field(const LayerStack& stack, int map, Dims cell) {
  return linked_field(stack, map, cell, true);
}

StackField projective_field(const LayerStack& stack, int map, Dims cell) {
  return linked_field(stack, map, cell, false);
}

std::vector<double> path_counts(const LayerStack& stack, int map, Dims cell) {
  std::array<std::vector<double>, 2> counts;
  for (int i = 0; i < stack.dims; ++i) {
    std::vector<double> here(static_cast<size_t>(stack.map_size(map, i)), 0.0);
    here[static_cast<size_t>(cell[static_cast<size_t>(i)])] = 1;
    for (int m = map; m >= 1; --m) {
      const StackDim& d = stack.levels[static_cast<size_t>(m - 1)].dims[static_cast<size_t>(i)];
      const int64_t n_below = stack.map_size(m - 1, i);
      std::vector<double> below(static_cast<size_t>(n_below), 0.0);
      if (d.transposed) {
        // Every tap t of input i that lands on an output leads one path down from it.
        for (int64_t i = 0; i < n_below; ++i)
          for (int64_t t = 0; t < d.kernel; ++t) {
            const int64_t o = i * d.stride - d.pad_before + t * d.dilation;
            if (o >= 0 && o < static_cast<int64_t>(here.size()))
              below[static_cast<size_t>(i)] += here[static_cast<size_t>(o)];
          }
      } else {
        for (size_t o = 0; o < here.size(); ++o) {
          if (here[o] == 0) continue;
          for (int64_t t = 0; t < d.kernel; ++t) {
            const int64_t x = static_cast<int64_t>(o) * d.stride - d.pad_before + t * d.dilation;
            if (x >= 0 && x < n_below) below[static_cast<size_t>(x)] += here[o];
          }
        }
      }
      here = std::move(below);
    }
    counts[static_cast<size_t>(i)] = std::move(here);
  }
  if (stack.dims == 1) return counts[0];
  std::vector<double> grid;
  grid.reserve(counts[0].size() * counts[1].size());
  for (double a : counts[0])
    for (double b : counts[1]) grid.push_back(a * b);
  return grid;
}

Result<std::vector<Tensor>> stack_feature_maps(const LayerStack& stack) {
  if (!stack.input_size) return make_error("the stack has no input size, so it has no maps to show");
  const int64_t h = stack.dims == 2 ? (*stack.input_size)[0] : 1;
  const int64_t w = stack.dims == 2 ? (*stack.input_size)[1] : (*stack.input_size)[0];
  Tensor x({h, w});
  for (int64_t y = 0; y < h; ++y)
    for (int64_t c = 0; c < w; ++c) x.at({y, c}) = input_fill_value(0, 0, y, c);
  std::vector<Tensor> maps{x};
  for (const StackLevel& level : stack.levels) {
    Scene scene = one_channel_scene(level.layer, stack.dims, Dims{h, w});
    scene.input = stack.dims == 2 ? maps.back().reshaped({1, maps.back().size(0), maps.back().size(1)})
                                  : maps.back().reshaped({1, maps.back().size(1)});
    if (is_conv(level.layer.params.op))
      scene.weight = Tensor(scene.weight.shape(), 1.0f / static_cast<float>(scene.weight.numel()));
    Result<Tensor> out = run(scene, RunOptions{1, std::nullopt});
    if (!out) return out.error();
    const Tensor& y = *out;
    maps.push_back(stack.dims == 2 ? y.reshaped({y.size(1), y.size(2)}) : y.reshaped({1, y.size(1)}));
  }
  return maps;
}

std::string stack_number_text(double v) {
  if (v == std::floor(v) && std::fabs(v) < 1e15) return std::to_string(static_cast<int64_t>(v));
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.4f", v);
  std::string text = buf;
  while (text.back() == '0') text.pop_back();
  if (text.back() == '.') text.pop_back();
  return text;
}

std::string stack_op_name(const StackLayer& layer) {
  return op_name(layer.params.op);
}

}  // namespace convstep
