// Builds the edited scene: a scene becomes a Model (see core/scene_model.h), each edit resizes its
// tensors readably or changes its op, and the Model turns back into a scene. Validation and the search
// for suggestions happen in the callers (core/scene_edit.cpp, core/scene_suggest.cpp).
#include "core/scene_model.h"

#include <array>
#include <utility>

#include "core/scene_text.h"
#include "core/scene_values.h"

namespace convstep::scene_model {

namespace {

using scene_text::quoted;
using scene_text::trim;

constexpr const char* kOpList =
    "conv1d, conv2d, max_pool1d, max_pool2d, avg_pool1d, avg_pool2d, sum_pool1d, sum_pool2d";

EditError hard(std::string message) {
  return EditError{std::move(message), false};
}
EditError soft(std::string message) {
  return EditError{std::move(message), true};
}

using Shape4 = std::array<int64_t, 4>;

// Overflow-safe element count; nullopt past kMaxEditedTensorValues.
std::optional<int64_t> checked_numel(const Shape4& s) {
  int64_t n = 1;
  for (int64_t d : s) {
    if (d < 1) return std::nullopt;
    if (n > kMaxEditedTensorValues / d) return std::nullopt;
    n *= d;
  }
  return n;
}

std::string product_text(const Shape4& s) {
  std::string t;
  for (int64_t d : s) t += (t.empty() ? "" : "\u00b7") + std::to_string(d);
  return t;
}

// Copies the index-aligned overlap of a 4-D tensor into a tensor of `shape`; other cells come from fill.
// With shapes_only the values are left at 0: the suggestion search validates hundreds of candidate
// scenes, and validation reads shapes only.
template <class Fill>
EditResult<Tensor> resize4(const Tensor& src, const Shape4& shape, const char* what, bool shapes_only,
                           Fill fill) {
  if (!checked_numel(shape)) {
    return soft("the " + std::string(what) + " would have " + product_text(shape) +
                " values; convstep edits scenes of at most " + std::to_string(kMaxEditedTensorValues) +
                " values per tensor");
  }
  Tensor out(Shape(shape.begin(), shape.end()));
  if (shapes_only) return out;
  const Shape4 old = src.dim() == 4 ? Shape4{src.size(0), src.size(1), src.size(2), src.size(3)} : Shape4{};
  float* o = out.data();
  for (int64_t a = 0; a < shape[0]; ++a)
    for (int64_t b = 0; b < shape[1]; ++b)
      for (int64_t y = 0; y < shape[2]; ++y) {
        const bool row_inside = a < old[0] && b < old[1] && y < old[2];
        const float* row = row_inside ? src.data() + ((a * old[1] + b) * old[2] + y) * old[3] : nullptr;
        for (int64_t x = 0; x < shape[3]; ++x) *o++ = row && x < old[3] ? row[x] : fill(a, b, y, x);
      }
  return out;
}

std::optional<Tensor> resize_bias(const std::optional<Tensor>& bias, int64_t out_channels) {
  if (!bias) return std::nullopt;
  Tensor out({out_channels});
  for (int64_t o = 0; o < out_channels; ++o)
    out.at({o}) = o < bias->numel() ? bias->at({o}) : bias_fill_value(o);
  return out;
}

Dims from_canonical(const Dims& v, int dims) {
  return dims == 1 ? Dims{v[1], v[1]} : v;
}

Scene to_scene(const Model& m) {
  Scene s;
  s.params = m.p;
  const int dims = m.dims();
  s.params.kernel_size = from_canonical(m.p.kernel_size, dims);
  s.params.stride = from_canonical(m.p.stride, dims);
  s.params.padding = from_canonical(m.p.padding, dims);
  s.params.dilation = from_canonical(m.p.dilation, dims);
  Shape shape;
  if (m.batched) shape.push_back(m.n());
  shape.push_back(m.c());
  if (dims == 2) shape.push_back(m.input.size(2));
  shape.push_back(m.input.size(3));
  s.input = m.input.reshaped(shape);
  if (is_conv(m.p.op)) {
    const Tensor& w = m.weight;
    s.weight = dims == 2 ? w : w.reshaped({w.size(0), w.size(1), w.size(3)});
    s.bias = m.bias;
  }
  return s;
}

// Keeps the middle row of every (a, b) slice: a 2-D input or kernel seen as 1-D.
Tensor middle_row(const Tensor& t) {
  const int64_t row = (t.size(2) - 1) / 2;
  Tensor out({t.size(0), t.size(1), 1, t.size(3)});
  for (int64_t a = 0; a < t.size(0); ++a)
    for (int64_t b = 0; b < t.size(1); ++b)
      for (int64_t x = 0; x < t.size(3); ++x) out.at({a, b, 0, x}) = t.at({a, b, row, x});
  return out;
}

EditResult<Ok> change_op(Model& m, Op op) {
  const Op old = m.p.op;
  if (spatial_dims(old) == 2 && spatial_dims(op) == 1) {
    m.input = middle_row(m.input);
    if (is_conv(old)) m.weight = middle_row(m.weight);
    m.p.kernel_size[0] = m.p.stride[0] = m.p.dilation[0] = 1;
    m.p.padding[0] = 0;
  }
  if (is_conv(old) && is_pool(op)) {
    // Defaults map to defaults: a convolution's stride 1 becomes a pool's stride = kernel_size.
    m.p.kernel_size = {m.weight.size(2), m.weight.size(3)};
    m.p.stride_set = m.p.stride != Dims{1, 1};
    if (m.p.padding_kind != PaddingKind::kExplicit) {
      // A pool takes numbers only; 'same' becomes its symmetric part, 'valid' 0.
      for (size_t i = 0; i < 2; ++i) {
        const int64_t total = m.p.dilation[i] * (m.p.kernel_size[i] - 1);
        m.p.padding[i] = m.p.padding_kind == PaddingKind::kSame ? total / 2 : 0;
      }
      m.p.padding_kind = PaddingKind::kExplicit;
    }
    m.p.padding_mode = PaddingMode::kZeros;
    m.p.groups = 1;
    m.weight = Tensor();
    m.bias.reset();
  } else if (is_pool(old) && is_conv(op)) {
    const Dims k = m.p.kernel_size;
    if (!m.p.stride_set) m.p.stride = {1, 1};
    m.p.stride_set = true;
    m.p.groups = 1;
    auto w = resize4(Tensor(), {m.c(), m.c(), k[0], k[1]}, "weight", m.shapes_only, weight_fill_value);
    if (auto* e = std::get_if<EditError>(&w)) return *e;
    m.weight = std::move(std::get<Tensor>(w));
    m.bias.reset();
  }
  // Avg and sum pools have no dilation.
  if (is_pool(op) && !is_max_pool(op)) m.p.dilation = {1, 1};
  m.p.op = op;
  return Ok{};
}

EditResult<Dims> parsed_dims(const std::string& key, const std::string& value, int dims, int64_t min) {
  auto r = parse_dims_value(key, value, dims, min);
  if (!r) return hard(r.message());
  return to_canonical(*r, dims, min == 0 ? 0 : 1);
}

EditError not_for(const Model& m, const std::string& key, const std::string& who) {
  return hard(std::string(op_name(m.p.op)) + " has no " + key + " (only " + who + " do)");
}

// Resizes the weight for new channel counts or kernel, keeping groups consistent.
EditResult<Ok> reshape_weight(Model& m, int64_t in_channels, int64_t out_channels, Dims kernel) {
  if (in_channels % m.p.groups != 0) {
    return soft("in_channels (" + std::to_string(in_channels) + ") must be divisible by groups (" +
                std::to_string(m.p.groups) + "), but " + std::to_string(in_channels) + " = " +
                std::to_string(m.p.groups) + "\u00b7" + std::to_string(in_channels / m.p.groups) + " + " +
                std::to_string(in_channels % m.p.groups));
  }
  auto w = resize4(m.weight, {out_channels, in_channels / m.p.groups, kernel[0], kernel[1]}, "weight",
                   m.shapes_only, weight_fill_value);
  if (auto* e = std::get_if<EditError>(&w)) return *e;
  m.weight = std::move(std::get<Tensor>(w));
  m.bias = resize_bias(m.bias, out_channels);
  return Ok{};
}

EditResult<Ok> set_input(Model& m, int64_t n, int64_t c, Dims hw) {
  auto x = resize4(m.input, {n, c, hw[0], hw[1]}, "input", m.shapes_only, input_fill_value);
  if (auto* e = std::get_if<EditError>(&x)) return *e;
  m.input = std::move(std::get<Tensor>(x));
  return Ok{};
}

template <class T>
EditResult<T> from_result(Result<T> r) {
  if (!r) return hard(r.message());
  return std::move(*r);
}

EditResult<Ok> apply_to_model(Model& m, const SceneEdit& edit) {
  const std::string& key = edit.key;
  const std::string& value = edit.value;
  const int dims = m.dims();
  const bool conv = is_conv(m.p.op);
  const std::string convs = "conv1d and conv2d";

  if (key == "op") {
    const auto op = parse_op(trim(value));
    if (!op) return hard("op: expected one of " + std::string(kOpList) + ", got " + quoted(value));
    return change_op(m, *op);
  }
  if (key == "input_size") {
    auto size = from_result(parse_input_size(key, value, dims));
    if (auto* e = std::get_if<EditError>(&size)) return *e;
    return set_input(m, m.n(), m.c(), to_canonical(std::get<Dims>(size), dims, 1));
  }
  if (key == "batch") {
    auto b = from_result(parse_bool_value(key, value));
    if (auto* e = std::get_if<EditError>(&b)) return *e;
    m.batched = std::get<bool>(b);
    // An unbatched input is one sample: keep the first.
    if (!m.batched && m.n() > 1) return set_input(m, 1, m.c(), m.in_size());
    return Ok{};
  }
  if (key == "in_channels" || key == "out_channels" || key == "groups") {
    auto v = from_result(parse_int_value(key, value, 1));
    if (auto* e = std::get_if<EditError>(&v)) return *e;
    const int64_t n = std::get<int64_t>(v);
    if (key == "in_channels") {
      if (conv) {
        if (auto r = reshape_weight(m, n, m.out_channels(), m.kernel()); std::holds_alternative<EditError>(r))
          return r;
      }
      return set_input(m, m.n(), n, m.in_size());
    }
    if (!conv) {
      if (key == "out_channels")
        return hard(std::string(op_name(m.p.op)) +
                    " has no out_channels: a pool keeps the number of channels (" + std::to_string(m.c()) +
                    "); change in_channels instead");
      return not_for(m, key, convs);
    }
    if (key == "out_channels") return reshape_weight(m, m.c(), n, m.kernel());
    m.p.groups = n;
    return reshape_weight(m, m.c(), m.out_channels(), m.kernel());
  }
  if (key == "kernel_size") {
    auto k = parsed_dims(key, value, dims, 1);
    if (auto* e = std::get_if<EditError>(&k)) return *e;
    if (conv) return reshape_weight(m, m.c(), m.out_channels(), std::get<Dims>(k));
    m.p.kernel_size = std::get<Dims>(k);
    return Ok{};
  }
  if (key == "stride") {
    if (!conv && trim(value) == "none") {
      m.p.stride_set = false;
      return Ok{};
    }
    auto s = parsed_dims(key, value, dims, 1);
    if (auto* e = std::get_if<EditError>(&s)) return *e;
    m.p.stride = std::get<Dims>(s);
    m.p.stride_set = true;
    return Ok{};
  }
  if (key == "dilation") {
    auto d = parsed_dims(key, value, dims, 1);
    if (auto* e = std::get_if<EditError>(&d)) return *e;
    m.p.dilation = std::get<Dims>(d);
    return Ok{};
  }
  if (key == "padding") {
    auto pad = from_result(parse_padding_value(key, value, dims));
    if (auto* e = std::get_if<EditError>(&pad)) return *e;
    m.p.padding_kind = std::get<PaddingValue>(pad).kind;
    if (m.p.padding_kind == PaddingKind::kExplicit)
      m.p.padding = to_canonical(std::get<PaddingValue>(pad).padding, dims, 0);
    return Ok{};
  }
  if (key == "padding_mode") {
    const auto mode = parse_padding_mode(trim(value));
    if (!mode)
      return hard("padding_mode: expected zeros, reflect, replicate or circular, got " + quoted(value));
    if (!conv && *mode != PaddingMode::kZeros) {
      return hard(std::string(op_name(m.p.op)) + " has no padding_mode (it pads with " +
                  (is_max_pool(m.p.op) ? "\u2212\u221e" : "zeros") + "; only " + convs +
                  " have padding modes)");
    }
    m.p.padding_mode = *mode;
    return Ok{};
  }
  if (key == "bias" || key == "ceil_mode" || key == "count_include_pad") {
    auto b = from_result(parse_bool_value(key, value));
    if (auto* e = std::get_if<EditError>(&b)) return *e;
    const bool on = std::get<bool>(b);
    if (key == "bias") {
      if (!conv) return not_for(m, key, convs);
      if (!on) {
        m.bias.reset();
      } else if (!m.bias) {
        m.bias = resize_bias(Tensor(Shape{0}), m.out_channels());
      }
      return Ok{};
    }
    if (conv) return not_for(m, key, "pools");
    if (key == "ceil_mode") {
      m.p.ceil_mode = on;
      return Ok{};
    }
    if (is_max_pool(m.p.op)) return not_for(m, key, "avg and sum pools");
    m.p.count_include_pad = on;
    return Ok{};
  }
  std::string keys;
  for (const std::string& k : scene_edit_keys()) keys += (keys.empty() ? "" : ", ") + k;
  return hard("unknown parameter " + quoted(key) + "; expected one of " + keys);
}

}  // namespace

// "3" when every dimension agrees, else "3,2"; v in LayerParams order.
std::string dims_text(const Dims& v, int dims) {
  if (dims == 1 || v[0] == v[1]) return std::to_string(v[0]);
  return std::to_string(v[0]) + "," + std::to_string(v[1]);
}

std::string size_text(const Dims& hw, int dims) {
  if (dims == 1) return std::to_string(hw[1]);
  return std::to_string(hw[0]) + "x" + std::to_string(hw[1]);
}

Dims to_canonical(const Dims& v, int dims, int64_t trivial) {
  return dims == 1 ? Dims{trivial, v[0]} : v;
}

EditResult<Model> to_model(const Scene& scene) {
  Model m;
  m.p = scene.params;
  const int dims = spatial_dims(m.p.op);
  const Tensor& x = scene.input;
  if (x.dim() != dims + 1 && x.dim() != dims + 2) {
    return hard(std::string("cannot edit this scene: ") + op_name(m.p.op) + " needs a " +
                std::to_string(dims + 1) + "-D or " + std::to_string(dims + 2) + "-D input, but it is " +
                x.shape_string());
  }
  for (int64_t d = 0; d < x.dim(); ++d) {
    if (x.size(d) < 1) return hard("cannot edit this scene: the input " + x.shape_string() + " is empty");
  }
  m.batched = x.dim() == dims + 2;
  const int64_t n = m.batched ? x.size(0) : 1;
  m.input = x.reshaped({n, x.size(m.batched ? 1 : 0), dims == 2 ? x.size(-2) : 1, x.size(-1)});
  if (is_conv(m.p.op)) {
    const Tensor& w = scene.weight;
    if (w.dim() != dims + 2) {
      return hard(std::string("cannot edit this scene: ") + op_name(m.p.op) + " needs a " +
                  std::to_string(dims + 2) + "-D weight, but it is " + w.shape_string());
    }
    for (int64_t d = 0; d < w.dim(); ++d) {
      if (w.size(d) < 1) return hard("cannot edit this scene: the weight " + w.shape_string() + " is empty");
    }
    m.weight = w.reshaped({w.size(0), w.size(1), dims == 2 ? w.size(-2) : 1, w.size(-1)});
    m.bias = scene.bias;
  }
  m.p.kernel_size = to_canonical(m.p.kernel_size, dims, 1);
  m.p.stride = to_canonical(m.p.stride, dims, 1);
  m.p.padding = to_canonical(m.p.padding, dims, 0);
  m.p.dilation = to_canonical(m.p.dilation, dims, 1);
  return m;
}

// Applies all edits without validating: the scene, or why it could not be built.
EditResult<Scene> build(const Scene& scene, const std::vector<SceneEdit>& edits, bool shapes_only) {
  auto model = to_model(scene);
  if (auto* e = std::get_if<EditError>(&model)) return *e;
  Model& m = std::get<Model>(model);
  m.shapes_only = shapes_only;
  for (const SceneEdit& edit : edits) {
    auto r = apply_to_model(m, edit);
    if (auto* e = std::get_if<EditError>(&r)) return *e;
  }
  return to_scene(m);
}

}  // namespace convstep::scene_model
