// Turns command-line layer options into a Scene. The options only say which numbers the user typed;
// whether PyTorch would accept them is decided by resolve_geometry, whose explanation is passed on as is.
// Options that a layer does not have (ceil_mode on a convolution, groups on a pool) are refused here,
// because the engine would otherwise ignore them silently.
#include "app/cli/layer_options.h"

#include <filesystem>
#include <vector>

#include "core/geometry.h"
#include "core/npy.h"
#include "core/scene_edit.h"

namespace convstep {

namespace {

constexpr const char* kOpList =
    "conv1d, conv2d, max_pool1d, max_pool2d, avg_pool1d, avg_pool2d, sum_pool1d, sum_pool2d";

std::string quoted(const std::string& s) {
  return "\"" + s + "\"";
}

Result<int64_t> parse_int_option(const std::string& option, const std::string& text, int64_t min_value) {
  return parse_int_value(option, text, min_value);
}

Status apply_layer_options(const LayerOptions& o, const Tensor& weight, bool from_lesson, LayerParams* p) {
  const Op op = p->op;
  const int dims = spatial_dims(op);
  const std::string name = op_name(op);

  if (!o.kernel_size.empty()) {
    auto k = parse_dims_option("--kernel-size", o.kernel_size, dims, 1);
    if (!k) return k.error();
    if (is_conv(op)) {
      // A convolution's kernel is its weight; --kernel-size may only restate it.
      if (weight.dim() == dims + 2) {
        const Dims from_weight =
            dims == 1 ? Dims{weight.size(-1), weight.size(-1)} : Dims{weight.size(-2), weight.size(-1)};
        if (*k != from_weight)
          return make_error("--kernel-size " + o.kernel_size + " disagrees with the weight's shape " +
                            weight.shape_string() + " (a convolution's kernel size comes from its weight)");
      }
    } else {
      p->kernel_size = *k;
    }
  } else if (is_pool(op) && !from_lesson) {
    return make_error("--op " + name + " needs --kernel-size (the pooling window, e.g. --kernel-size 2)");
  }
  if (!o.stride.empty()) {
    auto s = parse_dims_option("--stride", o.stride, dims, 1);
    if (!s) return s.error();
    p->stride = *s;
    p->stride_set = true;
  }
  if (o.padding == "same") {
    p->padding_kind = PaddingKind::kSame;
  } else if (o.padding == "valid") {
    p->padding_kind = PaddingKind::kValid;
  } else if (!o.padding.empty()) {
    auto pad = parse_dims_option("--padding", o.padding, dims, 0);
    if (!pad) return make_error(pad.message() + " (or same / valid)");
    p->padding = *pad;
    p->padding_kind = PaddingKind::kExplicit;
  }
  if (!o.dilation.empty()) {
    auto d = parse_dims_option("--dilation", o.dilation, dims, 1);
    if (!d) return d.error();
    p->dilation = *d;
  }
  if (!o.groups.empty()) {
    if (!is_conv(op)) return make_error("--groups is only for conv1d and conv2d; " + name + " has no groups");
    auto g = parse_int_option("--groups", o.groups, 1);
    if (!g) return g.error();
    p->groups = *g;
  }
  if (!o.padding_mode.empty()) {
    const auto mode = parse_padding_mode(o.padding_mode);
    if (!mode)
      return make_error("--padding-mode: expected zeros, reflect, replicate or circular, got " +
                        quoted(o.padding_mode));
    p->padding_mode = *mode;
  }
  if (o.ceil_mode) {
    if (!is_pool(op)) return make_error("--ceil-mode is only for pools; " + name + " has no ceil_mode");
    p->ceil_mode = true;
  }
  if (!o.count_include_pad.empty()) {
    if (!is_pool(op) || is_max_pool(op))
      return make_error("--count-include-pad is only for avg and sum pools; " + name +
                        " has no count_include_pad");
    if (o.count_include_pad == "true") {
      p->count_include_pad = true;
    } else if (o.count_include_pad == "false") {
      p->count_include_pad = false;
    } else {
      return make_error("--count-include-pad: expected true or false, got " + quoted(o.count_include_pad));
    }
  }
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
      return make_error("--weight is only for conv1d and conv2d; " + o.op + " has no weights");
    if (!o.bias.empty()) return make_error("--bias is only for conv1d and conv2d; " + o.op + " has no bias");
  }
  if (auto applied = apply_layer_options(o, scene.weight, false, &scene.params); !applied)
    return applied.error();
  return scene;
}

}  // namespace

// The one parser of per-dimension values lives in core/scene_edit, shared with `--set` and the window.
Result<Dims> parse_dims_option(const std::string& option, const std::string& text, int dims,
                               int64_t min_value) {
  return parse_dims_value(option, text, dims, min_value);
}

Result<Scene> scene_from_options(const LayerOptions& o) {
  Scene scene;
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
