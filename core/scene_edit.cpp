// Applies parameter edits to a scene. Internally a scene becomes a Model whose tensors are always 4-D
// (input N,C,H,W; weight O,I/g,kH,kW) and whose per-dimension params are (height, width) even for 1-D
// ops, where the height is a trivial one (size 1, kernel 1, stride 1, no padding). That makes resizing
// one code path and 1-D ↔ 2-D a change of the op alone: a 1-D layer is a 2-D layer one row high.
#include "core/scene_edit.h"

#include <algorithm>
#include <array>
#include <cstdlib>
#include <optional>
#include <set>
#include <tuple>
#include <utility>
#include <variant>

#include "core/geometry.h"
#include "core/scene_text.h"

namespace convstep {

namespace {

using scene_text::kMaxValue;
using scene_text::quoted;
using scene_text::trim;

// How far from the requested (and from the previous) value the suggestion search looks.
constexpr int64_t kSearchRadius = 6;
constexpr size_t kMaxCandidates = 400;
constexpr const char* kOpList =
    "conv1d, conv2d, max_pool1d, max_pool2d, avg_pool1d, avg_pool2d, sum_pool1d, sum_pool2d";

// "3" when every dimension agrees, else "3,2"; v in LayerParams order.
std::string dims_text(const Dims& v, int dims) {
  if (dims == 1 || v[0] == v[1]) return std::to_string(v[0]);
  return std::to_string(v[0]) + "," + std::to_string(v[1]);
}

std::string size_text(const Dims& hw, int dims) {
  if (dims == 1) return std::to_string(hw[1]);
  return std::to_string(hw[0]) + "x" + std::to_string(hw[1]);
}

// A failure while building the edited scene; `fixable` when nearby values might work (a number out of
// range) rather than a value that cannot be read or a key the op does not have.
struct EditError {
  std::string message;
  bool fixable = false;
};
template <class T>
using EditResult = std::variant<T, EditError>;

EditError hard(std::string message) {
  return EditError{std::move(message), false};
}
EditError soft(std::string message) {
  return EditError{std::move(message), true};
}

// The scene in a uniform form; see the file comment.
struct Model {
  LayerParams p;  // kernel_size/stride/padding/dilation as (height, width)
  bool batched = true;
  Tensor input;   // (N, C, H, W)
  Tensor weight;  // convolutions: (O, I/g, kH, kW); empty for pools
  std::optional<Tensor> bias;
  bool shapes_only = false;  // see resize4

  int dims() const { return spatial_dims(p.op); }
  int64_t n() const { return input.size(0); }
  int64_t c() const { return input.size(1); }
  Dims in_size() const { return {input.size(2), input.size(3)}; }
  int64_t out_channels() const { return is_conv(p.op) ? weight.size(0) : c(); }
  Dims kernel() const { return is_conv(p.op) ? Dims{weight.size(2), weight.size(3)} : p.kernel_size; }
};

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

Dims to_canonical(const Dims& v, int dims, int64_t trivial) {
  return dims == 1 ? Dims{trivial, v[0]} : v;
}
Dims from_canonical(const Dims& v, int dims) {
  return dims == 1 ? Dims{v[1], v[1]} : v;
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

// Applies all edits without validating: the scene, or why it could not be built.
EditResult<Scene> build(const Scene& scene, const std::vector<SceneEdit>& edits, bool shapes_only = false) {
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

bool valid_after(const Scene& scene, const std::vector<SceneEdit>& edits) {
  auto built = build(scene, edits, true);
  return std::holds_alternative<Scene>(built) && resolve_geometry(std::get<Scene>(built)).ok();
}

// The value of a per-dimension key as numbers, for the suggestion search.
std::optional<Dims> dims_of(const Scene& scene, const std::string& key) {
  auto model = to_model(scene);
  if (!std::holds_alternative<Model>(model)) return std::nullopt;
  const Model& m = std::get<Model>(model);
  if (key == "kernel_size") return m.kernel();
  if (key == "stride") return m.p.stride_set || is_conv(m.p.op) ? m.p.stride : m.kernel();
  if (key == "dilation") return m.p.dilation;
  if (key == "input_size") return m.in_size();
  if (key == "padding") {
    if (m.p.padding_kind == PaddingKind::kExplicit) return m.p.padding;
    if (m.p.padding_kind == PaddingKind::kValid) return Dims{0, 0};
    const Dims k = m.kernel();
    return Dims{m.p.dilation[0] * (k[0] - 1) / 2, m.p.dilation[1] * (k[1] - 1) / 2};
  }
  if (key == "in_channels") return Dims{m.c(), m.c()};
  if (key == "out_channels") return Dims{m.out_channels(), m.out_channels()};
  if (key == "groups") return Dims{m.p.groups, m.p.groups};
  return std::nullopt;
}

// Integers within kSearchRadius of `center` (and at least min_value), closest first.
std::vector<int64_t> nearby(int64_t center, int64_t min_value) {
  std::vector<int64_t> out;
  for (int64_t d = 0; d <= kSearchRadius; ++d) {
    for (int64_t v : {center - d, center + d}) {
      if (v >= min_value && v <= kMaxValue && (out.empty() || out.back() != v)) out.push_back(v);
    }
  }
  return out;
}

// Candidate values (as edit text) for a per-dimension or integer key, nearest to `want` first, then
// nearest to `previous`; for two dimensions, square values and changes of one dimension. Values are taken
// around both, so a far-off request (kernel_size=1000) still reaches values near the previous one.
// `want`/`previous` are canonical (height, width); a key with one number uses index 1.
std::vector<std::string> candidates(const std::string& key, Dims want, Dims previous, int dims) {
  const int64_t min_value = key == "padding" ? 0 : 1;
  const bool per_dim = key != "in_channels" && key != "out_channels" && key != "groups";
  const bool pairs = per_dim && dims == 2;
  struct Candidate {
    Dims v;
    int64_t distance, uneven, from_previous;
  };
  const auto distance = [&](const Dims& v, const Dims& to) {
    return pairs ? std::llabs(v[0] - to[0]) + std::llabs(v[1] - to[1]) : std::llabs(v[1] - to[1]);
  };
  std::vector<Candidate> all;
  std::set<Dims> seen;
  for (const Dims& center : {want, previous}) {
    const std::vector<int64_t> heights = pairs ? nearby(center[0], min_value) : std::vector<int64_t>{0};
    for (int64_t a : heights) {
      for (int64_t b : nearby(center[1], min_value)) {
        const Dims v = pairs ? Dims{a, b} : Dims{b, b};
        // Square values, or one dimension kept: the changes a person would make, and few enough that
        // checking each stays quick when every candidate allocates a large weight.
        if (pairs && v[0] != v[1] && v[0] != center[0] && v[1] != center[1]) continue;
        if (!seen.insert(v).second) continue;
        all.push_back({v, distance(v, want), v[0] != v[1] ? 1 : 0, distance(v, previous)});
      }
    }
  }
  std::stable_sort(all.begin(), all.end(), [](const Candidate& x, const Candidate& y) {
    return std::tie(x.distance, x.uneven, x.from_previous) < std::tie(y.distance, y.uneven, y.from_previous);
  });
  std::vector<std::string> out;
  for (const Candidate& c : all) {
    if (out.size() >= kMaxCandidates) break;
    out.push_back(key == "input_size" ? size_text(c.v, dims) : dims_text(c.v, pairs ? 2 : 1));
  }
  return out;
}

std::string setting_value(const Scene& scene, const std::string& key) {
  for (const SceneSetting& s : scene_settings(scene))
    if (s.key == key) return s.value;
  return "";
}

// The first candidate value of `key` that makes `edits + {key=value}` valid, skipping `skip`.
std::optional<SceneEdit> first_fix(const Scene& scene, const std::vector<SceneEdit>& edits,
                                   const std::string& key, const std::vector<std::string>& values,
                                   const std::string& skip) {
  for (const std::string& v : values) {
    if (v == skip) continue;
    std::vector<SceneEdit> tried = edits;
    tried.push_back({key, v});
    if (valid_after(scene, tried)) return SceneEdit{key, v};
  }
  return std::nullopt;
}

std::string with_suggestions(std::string message, const std::vector<SceneEdit>& fixes) {
  if (fixes.empty()) return message;
  message += " \u2014 try ";
  for (size_t i = 0; i < fixes.size(); ++i) {
    if (i > 0) message += " or ";
    message += edit_text(fixes[i]);
  }
  return message;
}

}  // namespace

float input_fill_value(int64_t n, int64_t c, int64_t y, int64_t x) {
  return static_cast<float>(1 + (n + c + y + x) % 4);
}
float weight_fill_value(int64_t o, int64_t i, int64_t y, int64_t x) {
  return (o + i + y + x) % 2 == 0 ? 1.0f : 0.0f;
}
float bias_fill_value(int64_t o) {
  return static_cast<float>(1 + o % 3);
}

const std::vector<std::string>& scene_edit_keys() {
  static const std::vector<std::string> keys{"op",           "input_size",       "batch",  "in_channels",
                                             "out_channels", "kernel_size",      "stride", "padding",
                                             "padding_mode", "dilation",         "groups", "bias",
                                             "ceil_mode",    "count_include_pad"};
  return keys;
}

Result<SceneEdit> parse_scene_edit(const std::string& text) {
  const size_t eq = text.find('=');
  std::string keys;
  for (const std::string& k : scene_edit_keys()) keys += (keys.empty() ? "" : ", ") + k;
  if (eq == std::string::npos)
    return make_error("expected key=value (e.g. stride=2), got " + quoted(text) + "; keys: " + keys);
  SceneEdit edit{trim(text.substr(0, eq)), trim(text.substr(eq + 1))};
  const auto& all = scene_edit_keys();
  if (std::find(all.begin(), all.end(), edit.key) == all.end())
    return make_error("unknown parameter " + quoted(edit.key) + " in " + quoted(text) + "; expected one of " +
                      keys);
  return edit;
}

std::string edit_text(const SceneEdit& edit) {
  return edit.key + "=" + edit.value;
}

std::vector<SceneEdit> edits_with_fix(const std::vector<SceneEdit>& edits, const SceneEdit& fix) {
  std::vector<SceneEdit> out = edits;
  if (!out.empty() && out.back().key == fix.key) out.pop_back();
  out.push_back(fix);
  return out;
}

Result<Scene> apply_edit(const Scene& scene, const SceneEdit& edit) {
  return apply_edits(scene, {edit});
}

Result<Scene> apply_edits(const Scene& scene, const std::vector<SceneEdit>& edits) {
  auto built = build(scene, edits);
  if (auto* e = std::get_if<EditError>(&built)) {
    if (!e->fixable) return make_error(e->message);
    return make_error(with_suggestions(e->message, suggest_fixes(scene, edits)));
  }
  Scene& edited = std::get<Scene>(built);
  const auto geometry = resolve_geometry(edited);
  if (!geometry) return make_error(with_suggestions(geometry.message(), suggest_fixes(scene, edits)));
  return std::move(edited);
}

std::vector<SceneEdit> suggest_fixes(const Scene& scene, const std::vector<SceneEdit>& edits) {
  std::vector<SceneEdit> fixes;
  if (edits.empty()) return fixes;
  const SceneEdit& last = edits.back();
  const std::vector<SceneEdit> before(edits.begin(), edits.end() - 1);
  auto base = build(scene, before);
  if (!std::holds_alternative<Scene>(base)) return fixes;
  const Scene& previous = std::get<Scene>(base);
  auto edited = build(scene, edits);
  if (const auto* e = std::get_if<EditError>(&edited); e && !e->fixable) return fixes;
  const int dims = spatial_dims(previous.params.op);

  // 1. Padding, keeping the user's change (only when the change itself could be built).
  if (last.key != "padding" && std::holds_alternative<Scene>(edited)) {
    const Scene& s = std::get<Scene>(edited);
    if (auto pad = dims_of(s, "padding")) {
      const auto values = candidates("padding", *pad, *pad, spatial_dims(s.params.op));
      if (auto fix = first_fix(scene, edits, "padding", values, "")) fixes.push_back(*fix);
    }
  }
  // 2. The edited parameter itself (or, for padding, also the kernel that bounds it): the nearest
  // other value, never the one the scene already had.
  std::vector<std::string> keys{last.key};
  if (last.key == "padding") keys.push_back("kernel_size");
  if (last.key == "groups") keys.insert(keys.end(), {"out_channels", "in_channels"});
  if (last.key == "in_channels" || last.key == "out_channels") keys.push_back("groups");
  for (const std::string& key : keys) {
    if (fixes.size() >= 2) break;
    const std::string current = setting_value(previous, key);
    std::vector<std::string> values;
    if (key == "padding_mode") {
      values = {"replicate", "circular", "zeros", "reflect"};
    } else if (auto had = dims_of(previous, key)) {
      Dims want = *had;
      if (key == last.key) {
        if (auto s = std::get_if<Scene>(&edited)) {
          if (auto d = dims_of(*s, key)) want = *d;
        } else if (key == "in_channels" || key == "out_channels" || key == "groups") {
          if (auto v = parse_int_value(key, last.value, 1)) want = {*v, *v};
        } else if (key == "input_size") {
          if (auto v = parse_input_size(key, last.value, dims)) want = to_canonical(*v, dims, 1);
        } else if (auto v = parse_dims_value(key, last.value, dims, key == "padding" ? 0 : 1)) {
          want = to_canonical(*v, dims, key == "padding" ? 0 : 1);
        }
      }
      values = candidates(key, want, *had, dims);
    }
    std::vector<SceneEdit> tried = key == last.key ? before : edits;
    if (auto fix = first_fix(scene, tried, key, values, current)) {
      if (std::find(fixes.begin(), fixes.end(), *fix) == fixes.end()) fixes.push_back(*fix);
    }
  }
  return fixes;
}

std::vector<SceneSetting> scene_settings(const Scene& scene) {
  std::vector<SceneSetting> out;
  auto model = to_model(scene);
  if (!std::holds_alternative<Model>(model)) return out;
  const Model& m = std::get<Model>(model);
  const Op op = m.p.op;
  const int dims = m.dims();
  const bool conv = is_conv(op);
  const auto b = [](bool v) { return std::string(v ? "true" : "false"); };
  const auto d = [&](const Dims& v) { return dims_text(dims == 1 ? Dims{v[1], v[1]} : v, dims); };
  std::string padding = d(m.p.padding);
  if (m.p.padding_kind == PaddingKind::kSame) padding = "same";
  if (m.p.padding_kind == PaddingKind::kValid) padding = "valid";

  out.push_back({"op", op_name(op), true});
  out.push_back({"input_size", size_text(m.in_size(), dims), true});
  out.push_back({"batch", b(m.batched), true});
  out.push_back({"in_channels", std::to_string(m.c()), true});
  out.push_back({"out_channels", std::to_string(m.out_channels()), conv});
  out.push_back({"kernel_size", d(m.kernel()), true});
  out.push_back({"stride", !conv && !m.p.stride_set ? "none" : d(m.p.stride), true});
  out.push_back({"padding", padding, true});
  out.push_back({"padding_mode", padding_mode_name(m.p.padding_mode), conv});
  out.push_back({"dilation", d(m.p.dilation), conv || is_max_pool(op)});
  out.push_back({"groups", std::to_string(m.p.groups), conv});
  out.push_back({"bias", b(m.bias.has_value()), conv});
  out.push_back({"ceil_mode", b(m.p.ceil_mode), !conv});
  out.push_back({"count_include_pad", b(m.p.count_include_pad), !conv && !is_max_pool(op)});
  return out;
}

std::string scene_settings_text(const Scene& scene) {
  std::string text;
  for (const SceneSetting& s : scene_settings(scene))
    if (s.applies) text += s.key + "=" + s.value + "\n";
  return text;
}

}  // namespace convstep
