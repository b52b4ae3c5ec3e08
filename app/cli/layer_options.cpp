// Turns command-line layer options into a Scene. The options only say which numbers the user typed;
// whether PyTorch would accept them is decided by resolve_geometry, whose explanation is passed on as is.
// Options that a layer does not have (ceil_mode on a convolution, groups on a pool) are refused here,
// because the engine would otherwise ignore them silently. Which flags there are, how their values read
// and which ops have them is core/params.h's table.
#include "app/cli/layer_options.h"

#include <filesystem>
#include <variant>
#include <vector>

#include "core/geometry.h"
#include "core/layer_parser.h"
#include "core/npy.h"
#include "core/params.h"

namespace convstep {

namespace {

constexpr const char* kOpList =
    "conv1d, conv2d, max_pool1d, max_pool2d, avg_pool1d, avg_pool2d, sum_pool1d, sum_pool2d, "
    "conv_transpose1d, conv_transpose2d";

std::string quoted(const std::string& s) {
  return "\"" + s + "\"";
}

// Each given flag is read by its table entry's parser, refused when the op lacks the parameter, and
// stored into the params; only --kernel-size on a convolution is special: the weight is the kernel.
Status apply_layer_options(const LayerOptions& o, const Tensor& weight, bool from_lesson, LayerParams* p) {
  const Op op = p->op;
  const int dims = spatial_dims(op);
  bool kernel_given = false;
  for (const ParamSpec& spec : param_specs()) {
    if (!spec.flag) continue;
    const auto given = o.params.find(spec.param);
    if (given == o.params.end() || given->second.empty()) continue;
    const std::string& text = given->second;
    auto value = parse_param(spec, spec.flag, text, op);
    if (!value) return value.error();
    if (!op_accepts_value(spec, op, *value))
      return make_error(std::string(spec.flag) + ": " + absent_message(spec, op));
    if (spec.param == Param::kKernelSize) {
      kernel_given = true;
      // A convolution's kernel is its weight; --kernel-size may only restate it.
      if (is_conv(op)) {
        if (weight.dim() == dims + 2) {
          const Dims from_weight =
              dims == 1 ? Dims{weight.size(-1), weight.size(-1)} : Dims{weight.size(-2), weight.size(-1)};
          if (std::get<Dims>(*value) != from_weight)
            return make_error("--kernel-size " + text + " disagrees with the weight's shape " +
                              weight.shape_string() + " (a convolution's kernel size comes from its weight)");
        }
        continue;
      }
    }
    spec.store(*p, *value);
  }
  if (is_pool(op) && !kernel_given && !from_lesson)
    return make_error("--op " + std::string(op_name(op)) +
                      " needs --kernel-size (the pooling window, e.g. --kernel-size 2)");
  return Ok{};
}

Result<Scene> scene_from_files(const LayerOptions& o) {
  if (o.op.empty()) return make_error("missing --op (one of " + std::string(kOpList) + ") or --lesson NAME");
  const auto op = parse_op(o.op);
  if (!op) return make_error("--op: unknown operation " + quoted(o.op) + "; expected one of " + kOpList);
  if (o.input.empty()) return make_error("missing --input X.npy");

  Scene scene;
  scene.params.op = *op;
  // PyTorch's pools default the stride to the kernel size; --stride turns this off.
  scene.params.stride_set = is_conv(*op);
  auto input = read_npy(o.input);
  if (!input) return input.error();
  scene.input = std::move(*input);

  if (is_conv(*op)) {
    if (o.weight.empty())
      return make_error("--op " + o.op +
                        " needs --weight W.npy (the kernel size and channels come from its shape)");
    auto weight = read_npy(o.weight);
    if (!weight) return weight.error();
    scene.weight = std::move(*weight);
    if (!o.bias.empty()) {
      auto bias = read_npy(o.bias);
      if (!bias) return bias.error();
      scene.bias = std::move(*bias);
    }
  } else {
    if (!o.weight.empty())
      return make_error("--weight is only for convolutions; " + o.op + " has no weights");
    if (!o.bias.empty()) return make_error("--bias is only for convolutions; " + o.op + " has no bias");
  }
  if (auto applied = apply_layer_options(o, scene.weight, false, &scene.params); !applied)
    return applied.error();
  return scene;
}

// --layer stands for --op and the layer flags, so none of them may be given beside it.
Result<ParsedLayer> read_layer_option(const LayerOptions& o) {
  if (!o.op.empty()) return make_error("--op cannot be combined with --layer (the layer line names its op)");
  for (const ParamSpec& spec : param_specs()) {
    if (!spec.flag) continue;
    const auto given = o.params.find(spec.param);
    if (given != o.params.end() && !given->second.empty())
      return make_error(std::string(spec.flag) + " cannot be combined with --layer (write " + spec.name +
                        "=... in the layer line instead)");
  }
  LayerParse parsed = parse_layer(o.layer);
  if (!parsed.ok()) return make_error("--layer: " + parsed.error.message);
  return *parsed.layer;
}

// The .npy files under a layer line: the files give the values, the line the parameters, and their shapes
// must agree with each other.
Result<Scene> scene_from_layer_files(const LayerOptions& o, const ParsedLayer& layer) {
  if (o.input.empty()) return make_error("missing --input X.npy");
  Scene scene;
  scene.params.op = layer.op;
  auto input = read_npy(o.input);
  if (!input) return input.error();
  scene.input = std::move(*input);
  if (is_conv(layer.op)) {
    if (o.weight.empty())
      return make_error("--layer " + std::string(op_name(layer.op)) +
                        " needs --weight W.npy with the layer's weight values");
    auto weight = read_npy(o.weight);
    if (!weight) return weight.error();
    scene.weight = std::move(*weight);
    if (!o.bias.empty()) {
      auto bias = read_npy(o.bias);
      if (!bias) return bias.error();
      scene.bias = std::move(*bias);
    }
  } else {
    if (!o.weight.empty())
      return make_error("--weight is only for convolutions; the layer is " + std::string(op_name(layer.op)));
    if (!o.bias.empty())
      return make_error("--bias is only for convolutions; the layer is " + std::string(op_name(layer.op)));
  }
  if (const std::string mismatch = layer_shape_mismatch(scene, layer); !mismatch.empty())
    return make_error("--layer: " + mismatch);
  return apply_layer(scene, layer);
}

}  // namespace

std::string layer_option_caret(const LayerOptions& o) {
  if (o.layer.empty()) return "";
  LayerParse parsed = parse_layer(o.layer);
  return parsed.ok() ? "" : caret_lines(o.layer, parsed.error.column);
}

Result<Scene> scene_from_options(const LayerOptions& o) {
  Scene scene;
  if (!o.layer.empty()) {
    Result<ParsedLayer> layer = read_layer_option(o);
    if (!layer) return layer.error();
    if (!o.lesson.empty()) {
      for (const auto& [flag, value] : {std::pair<const char*, const std::string&>{"--input", o.input},
                                        {"--weight", o.weight},
                                        {"--bias", o.bias}}) {
        if (!value.empty())
          return make_error(std::string(flag) +
                            " cannot be combined with --lesson (the lesson brings its own " + (flag + 2) +
                            ")");
      }
      auto lesson = load_lesson_argument(o.lesson);
      if (!lesson) return lesson.error();
      Result<Scene> applied = apply_layer(lesson->scene, *layer);
      if (!applied) return make_error("--layer: " + applied.message());
      return applied;
    }
    return scene_from_layer_files(o, *layer);
  }
  if (!o.lesson.empty()) {
    for (const auto& [flag, value] : {std::pair<const char*, const std::string&>{"--op", o.op},
                                      {"--input", o.input},
                                      {"--weight", o.weight},
                                      {"--bias", o.bias}}) {
      if (!value.empty())
        return make_error(std::string(flag) +
                          " cannot be combined with --lesson (the lesson brings its own " + (flag + 2) + ")");
    }
    auto lesson = load_lesson_argument(o.lesson);
    if (!lesson) return lesson.error();
    scene = std::move(lesson->scene);
    if (auto applied = apply_layer_options(o, scene.weight, true, &scene.params); !applied)
      return applied.error();
  } else {
    auto from_files = scene_from_files(o);
    if (!from_files) return from_files.error();
    scene = std::move(*from_files);
  }
  const auto geometry = resolve_geometry(scene);
  if (!geometry) return geometry.error();
  return scene;
}

}  // namespace convstep
