// Draws exercises level by level (the ranges are core/exercises.h's), checks each by resolve_geometry,
// computes its answer with the engine, and writes the set as JSON or as a listing to read.
#include "core/exercises.h"

#include <charconv>
#include <cmath>
#include <cstdlib>
#include <sstream>

#include "core/geometry.h"
#include "core/ops.h"
#include "core/pytorch_text.h"

namespace convstep {

namespace {

// The ranges of one level; see core/exercises.h.
struct Level {
  int conv1d_percent;
  int pool_percent;
  bool only_max_pool;
  int64_t size_lo, size_hi;
  int64_t kernel_lo, kernel_hi;
  bool rectangular;
  int64_t stride_hi;
  int64_t padding_hi;
  int same_percent;
  int padding_mode_percent;
  int dilation_percent;
  int64_t channels_hi, out_channels_hi;
  int groups_percent;
  int bias_percent;
  int ceil_percent;
  int exclude_pad_percent;
  int64_t x_lo, x_hi, w_lo, w_hi, b_lo, b_hi;
};

Level level(Difficulty d) {
  switch (d) {
    case Difficulty::kEasy:
      return {30, 20, true, 4, 5, 2, 3, false, 1, 0, 0, 0, 0, 1, 1, 0, 0, 0, 0, 0, 3, -1, 1, 0, 0};
    case Difficulty::kMedium:
      return {35, 35, false, 5, 6, 2, 3, false, 2, 1, 0, 0, 0, 2, 2, 0, 40, 0, 0, 0, 4, -1, 2, -2, 2};
    case Difficulty::kHard:
      break;
  }
  return {35, 35, false, 5, 8, 2, 4, true, 3, 2, 15, 40, 25, 3, 3, 25, 50, 30, 30, -2, 5, -2, 2, -3, 3};
}

Dims draw_dims(SplitMix64& r, int dims, int64_t lo, int64_t hi, bool independent) {
  const int64_t a = r.between(lo, hi);
  if (dims == 1 || !independent) return {a, a};
  return {a, r.between(lo, hi)};
}

Tensor draw_tensor(SplitMix64& r, Shape shape, int64_t lo, int64_t hi) {
  Tensor t(std::move(shape));
  for (float& v : t.values()) v = static_cast<float>(r.between(lo, hi));
  return t;
}

Shape with_spatial(Shape front, int dims, const Dims& size) {
  if (dims == 2) front.push_back(size[0]);
  front.push_back(size[1]);
  return front;
}

Scene draw_conv(SplitMix64& r, const Level& l, int dims) {
  Scene s;
  LayerParams& p = s.params;
  p.op = dims == 1 ? Op::kConv1d : Op::kConv2d;
  int64_t c = r.between(1, l.channels_hi);
  int64_t o = r.between(1, l.out_channels_hi);
  if (r.chance(l.groups_percent)) {
    p.groups = r.between(2, 3);
    c = p.groups;
    o = p.groups * r.between(1, 2);
  }
  const Dims size = draw_dims(r, dims, l.size_lo, l.size_hi, l.rectangular);
  const Dims kernel = draw_dims(r, dims, l.kernel_lo, l.kernel_hi, l.rectangular);
  p.stride = draw_dims(r, dims, 1, l.stride_hi, false);
  if (r.chance(l.same_percent)) {
    p.padding_kind = PaddingKind::kSame;
    p.stride = {1, 1};
  } else {
    p.padding = draw_dims(r, dims, 0, l.padding_hi, false);
  }
  if (r.chance(l.padding_mode_percent))
    p.padding_mode = static_cast<PaddingMode>(r.between(1, 3));  // reflect, replicate or circular
  if (r.chance(l.dilation_percent)) p.dilation = {2, 2};
  s.input = draw_tensor(r, with_spatial({c}, dims, size), l.x_lo, l.x_hi);
  s.weight = draw_tensor(r, with_spatial({o, c / p.groups}, dims, kernel), l.w_lo, l.w_hi);
  if (r.chance(l.bias_percent)) s.bias = draw_tensor(r, {o}, l.b_lo, l.b_hi);
  return s;
}

Scene draw_pool(SplitMix64& r, const Level& l, int dims) {
  Scene s;
  LayerParams& p = s.params;
  const int64_t kind = l.only_max_pool ? 0 : r.between(0, 2);
  const Op ops[3][2] = {
      {Op::kMaxPool1d, Op::kMaxPool2d}, {Op::kAvgPool1d, Op::kAvgPool2d}, {Op::kSumPool1d, Op::kSumPool2d}};
  p.op = ops[kind][dims - 1];
  const int64_t c = l.channels_hi > 2 ? r.between(1, 2) : 1;
  const Dims size = draw_dims(r, dims, l.size_lo, l.size_hi, l.rectangular);
  p.kernel_size = l.only_max_pool ? Dims{2, 2} : draw_dims(r, dims, 2, 3, false);
  p.stride_set = !l.only_max_pool && r.chance(50);
  if (p.stride_set) p.stride = draw_dims(r, dims, 1, l.stride_hi, false);
  if (l.padding_hi > 1) p.padding = draw_dims(r, dims, 0, p.kernel_size[0] / 2, false);
  if (is_max_pool(p.op) && r.chance(l.dilation_percent)) p.dilation = {2, 2};
  p.ceil_mode = r.chance(l.ceil_percent);
  if (!is_max_pool(p.op)) p.count_include_pad = !r.chance(l.exclude_pad_percent);
  s.input = draw_tensor(r, with_spatial({c}, dims, size), l.x_lo, l.x_hi);
  return s;
}

// Keeps exercises hand-sized: a scene whose output is larger is drawn again.
constexpr int64_t kMostOutputs = 100;

bool usable(const Scene& s) {
  const Result<Geometry> g = resolve_geometry(s);
  return g && g->output_count() <= kMostOutputs;
}

// A value as JSON: integers as integers; others by the shortest text that reads back as the float.
nlohmann::json value_json(float v) {
  if (std::isfinite(v) && v == std::floor(v) && std::fabs(v) < 1e15f) return static_cast<int64_t>(v);
  if (!std::isfinite(v)) return nullptr;
  char buf[32];
  const auto [end, ec] = std::to_chars(buf, buf + sizeof buf, v);
  if (ec != std::errc()) return static_cast<double>(v);
  return std::strtod(std::string(buf, end).c_str(), nullptr);
}

nlohmann::json nested(const Tensor& t, size_t dim, int64_t offset) {
  if (dim == t.shape().size()) return value_json(t.values()[static_cast<size_t>(offset)]);
  int64_t stride = 1;
  for (size_t d = dim + 1; d < t.shape().size(); ++d) stride *= t.shape()[d];
  nlohmann::json list = nlohmann::json::array();
  for (int64_t i = 0; i < t.shape()[dim]; ++i) list.push_back(nested(t, dim + 1, offset + i * stride));
  return list;
}

nlohmann::json tensor_json(const Tensor& t) {
  return nested(t, 0, 0);
}

nlohmann::json dims_json(const Dims& d, int dims) {
  if (dims == 1 || d[0] == d[1]) return d[0];
  return nlohmann::json::array({d[0], d[1]});
}

// The params object as a lesson file writes it: only the parameters the op has.
nlohmann::json params_json(const Scene& scene) {
  const LayerParams& p = scene.params;
  const int dims = spatial_dims(p.op);
  nlohmann::json j = nlohmann::json::object();
  if (is_pool(p.op)) {
    j["kernel_size"] = dims_json(p.kernel_size, dims);
  } else {
    j["kernel_size"] = dims_json(dims == 1 ? Dims{scene.weight.size(-1), scene.weight.size(-1)}
                                           : Dims{scene.weight.size(-2), scene.weight.size(-1)},
                                 dims);
  }
  if (is_conv(p.op) || p.stride_set) j["stride"] = dims_json(p.stride, dims);
  if (p.padding_kind == PaddingKind::kSame) {
    j["padding"] = "same";
  } else if (p.padding_kind == PaddingKind::kValid) {
    j["padding"] = "valid";
  } else {
    j["padding"] = dims_json(p.padding, dims);
  }
  if (is_conv(p.op) || is_max_pool(p.op)) j["dilation"] = dims_json(p.dilation, dims);
  if (is_conv(p.op)) {
    j["groups"] = p.groups;
    j["padding_mode"] = padding_mode_name(p.padding_mode);
  } else {
    j["ceil_mode"] = p.ceil_mode;
    if (!is_max_pool(p.op)) j["count_include_pad"] = p.count_include_pad;
  }
  return j;
}

}  // namespace

uint64_t SplitMix64::next() {
  uint64_t z = (state_ += 0x9E3779B97F4A7C15ull);
  z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
  z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
  return z ^ (z >> 31);
}

int64_t SplitMix64::between(int64_t lo, int64_t hi) {
  const uint64_t span = static_cast<uint64_t>(hi - lo) + 1;
  if (span == 0) return static_cast<int64_t>(next());  // the whole 64-bit range
  // The largest multiple of span that fits; draws above it are redrawn so no value is favoured.
  const uint64_t limit = UINT64_MAX - UINT64_MAX % span;
  uint64_t x = next();
  while (x >= limit) x = next();
  return lo + static_cast<int64_t>(x % span);
}

const char* difficulty_name(Difficulty d) {
  switch (d) {
    case Difficulty::kEasy:
      return "easy";
    case Difficulty::kMedium:
      return "medium";
    case Difficulty::kHard:
      return "hard";
  }
  return "easy";
}

std::optional<Difficulty> parse_difficulty(const std::string& name) {
  for (Difficulty d : {Difficulty::kEasy, Difficulty::kMedium, Difficulty::kHard})
    if (name == difficulty_name(d)) return d;
  return std::nullopt;
}

Exercise generate_exercise(uint64_t seed, int64_t index, Difficulty difficulty) {
  // Each exercise has its own stream, so exercise i does not depend on how many come before it.
  SplitMix64 rng(SplitMix64(seed).next() ^ (static_cast<uint64_t>(index) * 0xD1B54A32D192ED03ull));
  const Level l = level(difficulty);
  for (int attempt = 0; attempt < 1000; ++attempt) {
    const int dims = rng.chance(l.conv1d_percent) ? 1 : 2;
    Scene scene = rng.chance(l.pool_percent) ? draw_pool(rng, l, dims) : draw_conv(rng, l, dims);
    if (!usable(scene)) continue;
    Result<Tensor> answer = run(scene);
    if (answer) return {std::move(scene), std::move(*answer)};
  }
  // Not reached for the levels above (a draw is refused rarely); a fixed exercise keeps the promise.
  Scene scene;
  scene.input = Tensor({1, 4, 4}, 1.0f);
  scene.weight = Tensor({1, 1, 2, 2}, 1.0f);
  Tensor answer = *run(scene);
  return {std::move(scene), std::move(answer)};
}

std::vector<Exercise> generate_exercises(uint64_t seed, int64_t count, Difficulty difficulty) {
  std::vector<Exercise> out;
  for (int64_t i = 0; i < count; ++i) out.push_back(generate_exercise(seed, i, difficulty));
  return out;
}

nlohmann::json exercise_json(const Exercise& e) {
  nlohmann::json j = nlohmann::json::object();
  j["op"] = op_name(e.scene.params.op);
  j["layer"] = pytorch_layer(e.scene);
  j["params"] = params_json(e.scene);
  j["input"] = tensor_json(e.scene.input);
  if (is_conv(e.scene.params.op)) {
    j["weight"] = tensor_json(e.scene.weight);
    if (e.scene.bias) j["bias"] = tensor_json(*e.scene.bias);
  }
  j["answer"] = tensor_json(e.answer);
  j["output_shape"] = e.answer.shape();
  return j;
}

nlohmann::json exercises_json(uint64_t seed, Difficulty difficulty, const std::vector<Exercise>& exercises) {
  nlohmann::json list = nlohmann::json::array();
  for (const Exercise& e : exercises) list.push_back(exercise_json(e));
  return {{"seed", seed}, {"difficulty", difficulty_name(difficulty)}, {"exercises", std::move(list)}};
}

std::string exercise_text(const Exercise& e, int64_t number) {
  std::ostringstream out;
  const std::string indent = "    ";
  auto block = [&](const std::string& title, const Tensor& t) {
    out << "  " << title << " " << t.shape_string() << ":\n" << indent;
    for (char c : format_tensor(t)) {
      out << c;
      if (c == '\n') out << indent;
    }
    out << "\n";
  };
  out << "Exercise " << number << ": " << pytorch_layer(e.scene) << "\n";
  const std::string note = pytorch_layer_note(e.scene);
  if (!note.empty()) out << "  (" << note << ")\n";
  block("input", e.scene.input);
  if (is_conv(e.scene.params.op)) {
    block("weight", e.scene.weight);
    if (e.scene.bias) block("bias", *e.scene.bias);
  }
  out << "  output shape: " << e.answer.shape_string() << "\n";
  block("answer", e.answer);
  return out.str();
}

}  // namespace convstep
