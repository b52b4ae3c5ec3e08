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
  s.params.output_padding = from_canonical(m.p.output_padding, dims);
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
    m.p.padding[0] = m.p.output_padding[0] = 0;
  }
  if (!is_conv_transpose(op)) m.p.output_padding = {0, 0};
  if (is_conv(old) && is_conv(op) && is_conv_transpose(old) != is_conv_transpose(op)) {
    // The weight's first two axes swap meaning: keep in/out channels, groups and the kernel's size.
    const int64_t out_channels = m.out_channels();
    const Dims k = m.kernel();
    const Shape4 shape = is_conv_transpose(op) ? Shape4{m.c(), out_channels / m.p.groups, k[0], k[1]}
                                               : Shape4{out_channels, m.c() / m.p.groups, k[0], k[1]};
    auto w = resize4(Tensor(), shape, "weight", m.shapes_only, weight_fill_value);
    if (auto* e = std::get_if<EditError>(&w)) return *e;
    m.weight = std::move(std::get<Tensor>(w));
    if (is_conv_transpose(op)) {
      m.p.padding_mode = PaddingMode::kZeros;
      if (m.p.padding_kind != PaddingKind::kExplicit) {
        for (size_t i = 0; i < 2; ++i) {
          const int64_t total = m.p.dilation[i] * (k[i] - 1);
          m.p.padding[i] = m.p.padding_kind == PaddingKind::kSame ? total / 2 : 0;
        }
        m.p.padding_kind = PaddingKind::kExplicit;
      }
    }
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

// Resizes the weight for new channel counts or kernel, keeping groups consistent.
EditResult<Ok> reshape_weight(Model& m, int64_t in_channels, int64_t out_channels, Dims kernel) {
  if (in_channels % m.p.groups != 0) {
    return soft("in_channels (" + std::to_string(in_channels) + ") must be divisible by groups (" +
                std::to_string(m.p.groups) + "), but " + std::to_string(in_channels) + " = " +
                std::to_string(m.p.groups) + "\u00b7" + std::to_string(in_channels / m.p.groups) + " + " +
                std::to_string(in_channels % m.p.groups));
  }
  if (is_conv_transpose(m.p.op) && out_channels % m.p.groups != 0) {
    return soft("out_channels (" + std::to_string(out_channels) + ") must be divisible by groups (" +
                std::to_string(m.p.groups) + "), but " + std::to_string(out_channels) + " = " +
                std::to_string(m.p.groups) + "\u00b7" + std::to_string(out_channels / m.p.groups) + " + " +
                std::to_string(out_channels % m.p.groups));
  }
  const Shape4 shape = is_conv_transpose(m.p.op)
                           ? Shape4{in_channels, out_channels / m.p.groups, kernel[0], kernel[1]}
                           : Shape4{out_channels, in_channels / m.p.groups, kernel[0], kernel[1]};
  auto w = resize4(m.weight, shape, "weight", m.shapes_only, weight_fill_value);
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

// The layer's params as a Scene holds them, and back: the table stores values in that form.
LayerParams scene_params(const Model& m) {
  LayerParams p = m.p;
  const int dims = m.dims();
  p.kernel_size = from_canonical(m.p.kernel_size, dims);
  p.stride = from_canonical(m.p.stride, dims);
  p.padding = from_canonical(m.p.padding, dims);
  p.dilation = from_canonical(m.p.dilation, dims);
  p.output_padding = from_canonical(m.p.output_padding, dims);
  return p;
}
LayerParams model_params(const LayerParams& scene, int dims) {
  LayerParams p = scene;
  p.kernel_size = to_canonical(scene.kernel_size, dims, 1);
  p.stride = to_canonical(scene.stride, dims, 1);
  p.padding = to_canonical(scene.padding, dims, 0);
  p.dilation = to_canonical(scene.dilation, dims, 1);
  p.output_padding = to_canonical(scene.output_padding, dims, 0);
  return p;
}

// One edit: the table says which parameter it names, how its value reads and whether the op has it;
// the parameter's entry applies it.
EditResult<Ok> apply_to_model(Model& m, const SceneEdit& edit) {
  const ParamSpec* spec = find_param(edit.key);
  if (!spec) return hard("unknown parameter " + quoted(edit.key) + "; expected one of " + param_names_text());
  auto value = parse_param(*spec, edit.key, edit.value, m.p.op);
  if (!value) return hard(value.message());
  if (!op_accepts_value(*spec, m.p.op, *value)) return hard(absent_message(*spec, m.p.op));
  if (spec->apply) return spec->apply(m, *value);
  LayerParams p = scene_params(m);
  spec->store(p, *value);
  m.p = model_params(p, m.dims());
  return Ok{};
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
  m.p.output_padding = to_canonical(m.p.output_padding, dims, 0);
  return m;
}

EditResult<Ok> apply_op(Model& m, const ParamValue& v) {
  return change_op(m, std::get<Op>(v));
}

EditResult<Ok> apply_input_size(Model& m, const ParamValue& v) {
  return set_input(m, m.n(), m.c(), to_canonical(std::get<Dims>(v), m.dims(), 1));
}

EditResult<Ok> apply_batch(Model& m, const ParamValue& v) {
  m.batched = std::get<bool>(v);
  // An unbatched input is one sample: keep the first.
  if (!m.batched && m.n() > 1) return set_input(m, 1, m.c(), m.in_size());
  return Ok{};
}

EditResult<Ok> apply_in_channels(Model& m, const ParamValue& v) {
  const int64_t n = std::get<int64_t>(v);
  if (is_conv(m.p.op)) {
    if (auto r = reshape_weight(m, n, m.out_channels(), m.kernel()); std::holds_alternative<EditError>(r))
      return r;
  }
  return set_input(m, m.n(), n, m.in_size());
}

EditResult<Ok> apply_out_channels(Model& m, const ParamValue& v) {
  return reshape_weight(m, m.c(), std::get<int64_t>(v), m.kernel());
}

EditResult<Ok> apply_kernel_size(Model& m, const ParamValue& v) {
  const Dims k = to_canonical(std::get<Dims>(v), m.dims(), 1);
  if (is_conv(m.p.op)) return reshape_weight(m, m.c(), m.out_channels(), k);
  m.p.kernel_size = k;
  return Ok{};
}

EditResult<Ok> apply_groups(Model& m, const ParamValue& v) {
  // Read with the groups the weight was made for: a transposed weight holds out_channels/groups.
  const int64_t out_channels = m.out_channels();
  m.p.groups = std::get<int64_t>(v);
  return reshape_weight(m, m.c(), out_channels, m.kernel());
}

EditResult<Ok> apply_bias(Model& m, const ParamValue& v) {
  if (!std::get<bool>(v)) {
    m.bias.reset();
  } else if (!m.bias) {
    m.bias = resize_bias(Tensor(Shape{0}), m.out_channels());
  }
  return Ok{};
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
