// The parameter table of core/params.h and the parsing and printing that follow from each entry's
// kind. What an edit does to the tensors (the `apply` functions) is core/scene_model.cpp's.
#include "core/params.h"

#include "core/scene_model.h"
#include "core/scene_text.h"

namespace convstep {

namespace {

using scene_model::Model;
using scene_text::quoted;
using scene_text::trim;

constexpr const char* kOpList =
    "conv1d, conv2d, max_pool1d, max_pool2d, avg_pool1d, avg_pool2d, sum_pool1d, sum_pool2d, "
    "conv_transpose1d, conv_transpose2d";
constexpr const char* kConvs = "conv1d and conv2d";

bool every_op(Op) {
  return true;
}
bool conv_only(Op op) {
  return is_conv(op);
}
bool plain_conv_only(Op op) {
  return is_conv(op) && !is_conv_transpose(op);
}
bool transpose_only(Op op) {
  return is_conv_transpose(op);
}
bool pool_only(Op op) {
  return is_pool(op);
}
bool conv_or_max_pool(Op op) {
  return is_conv(op) || is_max_pool(op);
}
bool avg_or_sum_pool(Op op) {
  return is_pool(op) && !is_max_pool(op);
}

std::string no_out_channels(Op op) {
  return std::string(op_name(op)) +
         " has no out_channels: a pool keeps the number of channels (out_channels = in_channels); "
         "change in_channels instead";
}
std::string no_padding_mode(Op op) {
  if (is_conv_transpose(op))
    return std::string(op_name(op)) + " has no padding_mode other than zeros (PyTorch's transposed " +
           "convolutions pad with zeros only)";
  return std::string(op_name(op)) + " has no padding_mode (it pads with " +
         (is_max_pool(op) ? "\u2212\u221e" : "zeros") + "; only " + kConvs + " have padding modes)";
}

// A Model keeps (height, width) with a trivial height for 1-D ops; values are in LayerParams order.
Dims scene_form(const Model& m, const Dims& v) {
  return m.dims() == 1 ? Dims{v[1], v[1]} : v;
}

template <class T>
const T& as(const ParamValue& v) {
  return std::get<T>(v);
}

// The table in three parts, each appending its entries in Param order: what the tensors' shapes say,
// the window's geometry, then the rest of each op's arguments.
void add_shape_specs(std::vector<ParamSpec>& t) {
  t.push_back({Param::kOp,
               "op",
               ParamKind::kOp,
               1,
               every_op,
               nullptr,
               "The operation, named as in torch.nn.functional: a convolution or a max, avg or sum pool",
               nullptr,
               true,
               false,
               nullptr,
               nullptr,
               nullptr,
               {},
               nullptr,
               nullptr,
               [](const Model& m) -> ParamValue { return m.p.op; },
               scene_model::apply_op});
  t.push_back({Param::kInputSize,
               "input_size",
               ParamKind::kSize,
               1,
               every_op,
               nullptr,
               "The input's spatial size: L for a 1-D op, height x width for a 2-D op",
               nullptr,
               true,
               false,
               nullptr,
               nullptr,
               nullptr,
               {},
               nullptr,
               nullptr,
               [](const Model& m) -> ParamValue { return scene_form(m, m.in_size()); },
               scene_model::apply_input_size});
  t.push_back({Param::kBatch,
               "batch",
               ParamKind::kBool,
               1,
               every_op,
               nullptr,
               "Whether the input has a batch dimension N in front: (N, C, ...) rather than (C, ...)",
               nullptr,
               false,
               false,
               nullptr,
               nullptr,
               nullptr,
               {},
               nullptr,
               nullptr,
               [](const Model& m) -> ParamValue { return m.batched; },
               scene_model::apply_batch});
  t.push_back({Param::kInChannels,
               "in_channels",
               ParamKind::kCount,
               1,
               every_op,
               nullptr,
               "The input's channels C; a convolution's weight follows",
               nullptr,
               true,
               false,
               nullptr,
               nullptr,
               nullptr,
               {Param::kGroups},
               nullptr,
               nullptr,
               [](const Model& m) -> ParamValue { return m.c(); },
               scene_model::apply_in_channels});
  t.push_back({Param::kOutChannels,
               "out_channels",
               ParamKind::kCount,
               1,
               conv_only,
               kConvs,
               "The output's channels: one kernel (and one bias) per output channel",
               nullptr,
               true,
               false,
               nullptr,
               nullptr,
               nullptr,
               {Param::kGroups},
               no_out_channels,
               nullptr,
               [](const Model& m) -> ParamValue { return m.out_channels(); },
               scene_model::apply_out_channels});
}

void add_window_specs(std::vector<ParamSpec>& t) {
  t.push_back({Param::kKernelSize,
               "kernel_size",
               ParamKind::kDims,
               1,
               every_op,
               nullptr,
               "The kernel's (or pooling window's) size, height first",
               nullptr,
               true,
               true,
               "--kernel-size",
               "K",
               "Pooling window, K or KH,KW (for a convolution it must match the weight)",
               {},
               nullptr,
               [](LayerParams& p, const ParamValue& v) { p.kernel_size = as<Dims>(v); },
               [](const Model& m) -> ParamValue { return scene_form(m, m.kernel()); },
               scene_model::apply_kernel_size});
  t.push_back({Param::kStride,
               "stride",
               ParamKind::kStride,
               1,
               every_op,
               nullptr,
               "How far the window moves per step, height first; a pool's default (none) is its kernel size",
               nullptr,
               true,
               true,
               "--stride",
               "S",
               "Stride, S or SH,SW (default 1; pools default to the kernel size)",
               {},
               nullptr,
               [](LayerParams& p, const ParamValue& v) {
                 const auto& s = as<std::optional<Dims>>(v);
                 p.stride_set = s.has_value();
                 if (s) p.stride = *s;
               },
               [](const Model& m) -> ParamValue {
                 if (is_pool(m.p.op) && !m.p.stride_set) return std::optional<Dims>();
                 return std::optional<Dims>(scene_form(m, m.p.stride));
               },
               nullptr});
  t.push_back({Param::kPadding,
               "padding",
               ParamKind::kPadding,
               0,
               every_op,
               nullptr,
               "Cells added on both sides of each dimension: numbers, same (keeps the size) or valid (none)",
               nullptr,
               true,
               true,
               "--padding",
               "P",
               "Padding, P or PH,PW, or same / valid (convolutions)",
               {Param::kKernelSize},
               nullptr,
               [](LayerParams& p, const ParamValue& v) {
                 const auto& pad = as<PaddingValue>(v);
                 p.padding_kind = pad.kind;
                 if (pad.kind == PaddingKind::kExplicit) p.padding = pad.padding;
               },
               [](const Model& m) -> ParamValue {
                 if (m.p.padding_kind != PaddingKind::kExplicit)
                   return PaddingValue{m.p.padding_kind, {0, 0}};
                 return PaddingValue{PaddingKind::kExplicit, scene_form(m, m.p.padding)};
               },
               nullptr});
  t.push_back({Param::kOutputPadding,
               "output_padding",
               ParamKind::kDims,
               0,
               transpose_only,
               "conv_transpose1d and conv_transpose2d",
               "Extra output cells on the far side, height first; each less than max(stride, dilation)",
               "0",
               true,
               true,
               "--output-padding",
               "OP",
               "Transposed convolutions: extra output cells on the far side, OP or OPH,OPW (default 0)",
               {Param::kStride, Param::kDilation},
               nullptr,
               [](LayerParams& p, const ParamValue& v) { p.output_padding = as<Dims>(v); },
               [](const Model& m) -> ParamValue { return scene_form(m, m.p.output_padding); },
               nullptr});
  t.push_back({Param::kPaddingMode,
               "padding_mode",
               ParamKind::kPaddingMode,
               1,
               plain_conv_only,
               kConvs,
               "What the padding cells hold: zeros, or the input reflected, replicated or wrapped around",
               "zeros",
               true,
               true,
               "--padding-mode",
               "MODE",
               "Convolutions: zeros, reflect, replicate or circular",
               {},
               no_padding_mode,
               [](LayerParams& p, const ParamValue& v) { p.padding_mode = as<PaddingMode>(v); },
               [](const Model& m) -> ParamValue { return m.p.padding_mode; },
               nullptr});
  t.push_back({Param::kDilation,
               "dilation",
               ParamKind::kDims,
               1,
               conv_or_max_pool,
               "convolutions and max pools",
               "The spacing between the kernel's taps, height first (1: adjacent)",
               "1",
               true,
               true,
               "--dilation",
               "D",
               "Dilation, D or DH,DW (convolutions and max pools)",
               {},
               nullptr,
               [](LayerParams& p, const ParamValue& v) { p.dilation = as<Dims>(v); },
               [](const Model& m) -> ParamValue { return scene_form(m, m.p.dilation); },
               nullptr});
}

void add_other_specs(std::vector<ParamSpec>& t) {
  t.push_back({Param::kGroups,
               "groups",
               ParamKind::kCount,
               1,
               conv_only,
               kConvs,
               "Splits the channels into groups: each output channel reads only its group's inputs",
               nullptr,
               true,
               true,
               "--groups",
               "G",
               "Groups (convolutions): in and out channels are split into G groups",
               {Param::kOutChannels, Param::kInChannels},
               nullptr,
               [](LayerParams& p, const ParamValue& v) { p.groups = as<int64_t>(v); },
               [](const Model& m) -> ParamValue { return m.p.groups; },
               scene_model::apply_groups});
  t.push_back({Param::kBias,
               "bias",
               ParamKind::kBool,
               1,
               conv_only,
               kConvs,
               "Adds one number per output channel after the sum",
               nullptr,
               true,
               false,
               nullptr,
               nullptr,
               nullptr,
               {},
               nullptr,
               nullptr,
               [](const Model& m) -> ParamValue { return m.bias.has_value(); },
               scene_model::apply_bias});
  t.push_back({Param::kCeilMode,
               "ceil_mode",
               ParamKind::kBool,
               1,
               pool_only,
               "pools",
               "Rounds the output size up, keeping a last partial window",
               nullptr,
               true,
               true,
               "--ceil-mode",
               nullptr,
               "Pools: round the output size up, keeping a last partial window",
               {},
               nullptr,
               [](LayerParams& p, const ParamValue& v) { p.ceil_mode = as<bool>(v); },
               [](const Model& m) -> ParamValue { return m.p.ceil_mode; },
               nullptr});
  t.push_back({Param::kCountIncludePad,
               "count_include_pad",
               ParamKind::kBool,
               1,
               avg_or_sum_pool,
               "avg and sum pools",
               "Whether padding cells count in the divisor of an average",
               nullptr,
               true,
               true,
               "--count-include-pad",
               "true|false",
               "Avg/sum pools: whether padding cells count in the divisor (default true)",
               {},
               nullptr,
               [](LayerParams& p, const ParamValue& v) { p.count_include_pad = as<bool>(v); },
               [](const Model& m) -> ParamValue { return m.p.count_include_pad; },
               nullptr});
}

std::vector<ParamSpec> make_specs() {
  std::vector<ParamSpec> t;
  add_shape_specs(t);
  add_window_specs(t);
  add_other_specs(t);
  return t;
}

std::string dims_text(const Dims& v, Op op) {
  const int dims = spatial_dims(op);
  if (dims == 1 || v[0] == v[1]) return std::to_string(v[0]);
  return std::to_string(v[0]) + "," + std::to_string(v[1]);
}

template <class T>
Result<ParamValue> widen(Result<T> r) {
  if (!r) return r.error();
  return ParamValue(std::move(*r));
}

}  // namespace

const std::vector<ParamSpec>& param_specs() {
  static const std::vector<ParamSpec> specs = make_specs();
  return specs;
}

const ParamSpec& param_spec(Param param) {
  return param_specs()[static_cast<size_t>(param)];
}

const ParamSpec* find_param(const std::string& name) {
  for (const ParamSpec& s : param_specs())
    if (name == s.name) return &s;
  return nullptr;
}

std::string param_names_text() {
  std::string keys;
  for (const ParamSpec& s : param_specs()) keys += (keys.empty() ? "" : ", ") + std::string(s.name);
  return keys;
}

bool op_has_param(Op op, Param param) {
  return param_spec(param).has(op);
}

std::string absent_message(const ParamSpec& spec, Op op) {
  if (spec.absent) return spec.absent(op);
  return std::string(op_name(op)) + " has no " + spec.name + " (only " + (spec.owners ? spec.owners : "") +
         " do)";
}

bool op_accepts_value(const ParamSpec& spec, Op op, const ParamValue& value) {
  if (spec.has(op)) return true;
  if (!spec.neutral) return false;
  const auto neutral = parse_param(spec, spec.name, spec.neutral, op);
  return neutral && *neutral == value;
}

Result<ParamValue> parse_param(const ParamSpec& spec, const std::string& key, const std::string& text,
                               Op op) {
  const int dims = spatial_dims(op);
  switch (spec.kind) {
    case ParamKind::kOp: {
      const auto parsed = parse_op(trim(text));
      if (!parsed) return make_error(key + ": expected one of " + kOpList + ", got " + quoted(text));
      return ParamValue(*parsed);
    }
    case ParamKind::kSize:
      return widen(parse_input_size(key, text, dims));
    case ParamKind::kBool:
      return widen(parse_bool_value(key, text));
    case ParamKind::kCount:
      return widen(parse_int_value(key, text, spec.min_value));
    case ParamKind::kDims:
      return widen(parse_dims_value(key, text, dims, spec.min_value));
    case ParamKind::kStride: {
      if (is_pool(op) && trim(text) == "none") return ParamValue(std::optional<Dims>());
      auto s = parse_dims_value(key, text, dims, spec.min_value);
      if (!s) return s.error();
      return ParamValue(std::optional<Dims>(*s));
    }
    case ParamKind::kPadding:
      return widen(parse_padding_value(key, text, dims));
    case ParamKind::kPaddingMode: {
      const auto mode = parse_padding_mode(trim(text));
      if (!mode)
        return make_error(key + ": expected zeros, reflect, replicate or circular, got " + quoted(text));
      return ParamValue(*mode);
    }
  }
  return make_error(key + ": cannot be read");
}

std::string format_param(const ParamSpec& spec, const ParamValue& value, Op op) {
  switch (spec.kind) {
    case ParamKind::kOp:
      return op_name(as<Op>(value));
    case ParamKind::kSize:
      return scene_model::size_text(as<Dims>(value), spatial_dims(op));
    case ParamKind::kBool:
      return as<bool>(value) ? "true" : "false";
    case ParamKind::kCount:
      return std::to_string(as<int64_t>(value));
    case ParamKind::kDims:
      return dims_text(as<Dims>(value), op);
    case ParamKind::kStride: {
      const auto& s = as<std::optional<Dims>>(value);
      return s ? dims_text(*s, op) : "none";
    }
    case ParamKind::kPadding: {
      const auto& pad = as<PaddingValue>(value);
      if (pad.kind == PaddingKind::kSame) return "same";
      if (pad.kind == PaddingKind::kValid) return "valid";
      return dims_text(pad.padding, op);
    }
    case ParamKind::kPaddingMode:
      return padding_mode_name(as<PaddingMode>(value));
  }
  return "";
}

}  // namespace convstep
