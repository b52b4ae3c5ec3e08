// Lessons as JSON: the file format, its strict reader (every error names the file and the field path),
// the writer that the reader reads back, and where the built-in lessons are found.
//
// Format (one JSON object per file; // and /* */ comments are allowed; unknown fields are errors so that a
// typo such as "strid" is reported instead of silently ignored):
//   "name"     required  string of letters, digits, '-', '_' or '.'; the id used by `--lesson NAME`
//   "title"    required  string, the heading
//   "caption"  required  string, one or two sentences under the title
//   "order"    optional  integer; built-in lessons are listed by order, then name (no order = last)
//   "op"       optional  conv1d (default conv2d), conv2d, max_pool1d, max_pool2d, avg_pool1d, avg_pool2d,
//                        sum_pool1d, sum_pool2d
//   "params"   optional  object with PyTorch's names; which ones an op accepts follows PyTorch's layers:
//                kernel_size  pools (required); convolutions may repeat it, but it must match the weight
//                stride       all; pools default to kernel_size
//                padding      all; an integer, a list, or (convolutions) "same" / "valid"
//                dilation     convolutions and max pools
//                groups       convolutions
//                padding_mode convolutions: "zeros", "reflect", "replicate", "circular"
//                ceil_mode    pools (true/false)
//                count_include_pad  avg/sum pools (true/false)
//              Per-dimension values are an integer (all dimensions) or a list with one entry per spatial
//              dimension: [length] for 1-D ops, [height, width] for 2-D ops.
//   "input"    required  a tensor; "weight" required for convolutions, "bias" optional; pools take neither.
//              A tensor is a nested list ([[1, 2], [3, 4]]) or {"shape": [...], "data": [...]} with data flat
//              (row-major) or nested to that shape, or {"shape": [...], "fill": 0.5} or
//              {"shape": [...], "fill": "arange", "start": 1, "step": 1}. Values are numbers or
//              "inf"/"-inf"/"nan".
//   "step_captions" optional  [{"from": 0, "to": 2, "text": "..."}], inclusive step ranges ("to" defaults to
//              "from"); steps count output elements in PyTorch's order (batch, channel, row, column).
// After reading, the scene is validated by resolve_geometry; its message is reported with the file name.
#include "core/lesson.h"

#include <algorithm>
#include <cctype>
#include <cfloat>
#include <charconv>
#include <cmath>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <limits>
#include <map>
#include <nlohmann/json.hpp>
#include <optional>
#include <sstream>

#include "core/geometry.h"

namespace convstep {

namespace {

using nlohmann::json;
namespace fs = std::filesystem;

// Lesson tensors are meant to be read by a person; this also bounds what a hostile "fill" can allocate.
constexpr int64_t kMaxLessonElements = int64_t{1} << 24;
constexpr int64_t kNoOrder = std::numeric_limits<int64_t>::max();

constexpr const char* kParamNames[] = {"kernel_size", "stride",       "padding",   "dilation",
                                       "groups",      "padding_mode", "ceil_mode", "count_include_pad"};
constexpr const char* kOpList =
    "conv1d, conv2d, max_pool1d, max_pool2d, avg_pool1d, avg_pool2d, sum_pool1d, sum_pool2d";

// Which params fields an op accepts, mirroring the arguments of PyTorch's layers.
bool op_accepts_param(Op op, const std::string& key) {
  if (key == "kernel_size" || key == "stride" || key == "padding") return true;
  if (key == "dilation") return is_conv(op) || is_max_pool(op);
  if (key == "groups" || key == "padding_mode") return is_conv(op);
  if (key == "ceil_mode") return is_pool(op);
  if (key == "count_include_pad") return is_pool(op) && !is_max_pool(op);
  return false;
}

std::string join_path(const std::string& path, const std::string& key) {
  return path.empty() ? key : path + "." + key;
}
std::string index_path(const std::string& path, size_t i) {
  return path + "[" + std::to_string(i) + "]";
}

// A short rendering of a JSON value for "got ..." in messages.
// Containers are only dumped when flat and short: dumping recurses, and a hostile file may nest deeply.
std::string describe(const json& j) {
  if (j.is_object()) return "an object";
  if (j.is_array() &&
      (j.size() > 8 || std::any_of(j.begin(), j.end(), [](const json& e) { return e.is_structured(); })))
    return "a list of " + std::to_string(j.size());
  std::string s = j.dump(-1, ' ', false, json::error_handler_t::replace);
  if (s.size() > 40) s = s.substr(0, 37) + "...";
  return s;
}

std::string format_float(float v) {
  if (std::isnan(v)) return "\"nan\"";
  if (std::isinf(v)) return v < 0 ? "\"-inf\"" : "\"inf\"";
  char buf[32];
  // Shortest text that reads back to the same float: the written lesson round-trips exactly.
  auto [end, ec] = std::to_chars(buf, buf + sizeof buf, v);
  if (ec != std::errc()) return "0";
  return std::string(buf, end);
}

class LessonReader {
 public:
  explicit LessonReader(std::string source) : source_(std::move(source)) {}

  Result<Lesson> read(const std::string& text, int64_t* order) {
    json root;
    try {
      root = json::parse(text, nullptr, true, /*ignore_comments=*/true);
    } catch (const json::parse_error& e) {
      // nlohmann's text already carries "line L, column C"; drop its "[json.exception...] " prefix.
      std::string what = e.what();
      if (auto p = what.find("] "); p != std::string::npos) what = what.substr(p + 2);
      return make_error(source_ + ": invalid JSON: " + what);
    }
    Lesson lesson;
    if (!read_lesson(root, &lesson, order)) return make_error(*error_);
    return lesson;
  }

 private:
  bool fail(const std::string& path, const std::string& what) {
    if (!error_) error_ = source_ + ": " + (path.empty() ? "" : path + ": ") + what;
    return false;
  }

  bool check_keys(const json& obj, const std::string& path, std::initializer_list<const char*> allowed) {
    for (const auto& [key, value] : obj.items()) {
      if (std::find_if(allowed.begin(), allowed.end(), [&](const char* a) { return key == a; }) !=
          allowed.end())
        continue;
      std::string list;
      for (const char* a : allowed) list += (list.empty() ? "" : ", ") + std::string(a);
      return fail(join_path(path, key), "unknown field; expected one of " + list);
    }
    return true;
  }

  bool read_string(const json& obj, const char* key, bool required, std::string* out) {
    auto it = obj.find(key);
    if (it == obj.end()) return required ? fail(key, "required field is missing") : true;
    if (!it->is_string()) return fail(key, "expected a string, got " + describe(*it));
    *out = it->get<std::string>();
    return true;
  }

  // An integer >= min_value; `expected` says what was wanted, for the message.
  bool read_int(const json& j, const std::string& path, int64_t min_value, const std::string& expected,
                int64_t* out) {
    if (!j.is_number_integer()) return fail(path, "expected " + expected + ", got " + describe(j));
    if (j.is_number_unsigned() &&
        j.get<uint64_t>() > static_cast<uint64_t>(std::numeric_limits<int64_t>::max()))
      return fail(path, "expected " + expected + ", got " + describe(j) + " (too large)");
    const auto v = j.get<int64_t>();
    if (v < min_value) return fail(path, "expected " + expected + ", got " + describe(j));
    *out = v;
    return true;
  }

  bool read_bool(const json& j, const std::string& path, bool* out) {
    if (!j.is_boolean()) return fail(path, "expected true or false, got " + describe(j));
    *out = j.get<bool>();
    return true;
  }

  // One value for all spatial dimensions, or a list with one value per dimension.
  bool read_dims(const json& j, const std::string& path, int dims, int64_t min_value, Dims* out) {
    const std::string what = std::string(min_value > 0 ? "a positive integer" : "a non-negative integer") +
                             " or a list of " + std::to_string(dims);
    if (j.is_array()) {
      if (static_cast<int>(j.size()) != dims) return fail(path, "expected " + what + ", got " + describe(j));
      Dims d{};
      for (int i = 0; i < dims; ++i) {
        const json& e = j[static_cast<size_t>(i)];
        if (!e.is_number_integer() || e.get<int64_t>() < min_value || e.get<int64_t>() > (int64_t{1} << 40))
          return fail(path, "expected " + what + ", got " + describe(j));
        d[static_cast<size_t>(i)] = e.get<int64_t>();
      }
      *out = dims == 1 ? Dims{d[0], d[0]} : d;
      return true;
    }
    if (!j.is_number_integer() || j.get<int64_t>() < min_value || j.get<int64_t>() > (int64_t{1} << 40))
      return fail(path, "expected " + what + ", got " + describe(j));
    *out = Dims{j.get<int64_t>(), j.get<int64_t>()};
    return true;
  }

  bool read_params(const json& j, Op op, LayerParams* p, std::optional<Dims>* kernel_size) {
    const std::string path = "params";
    if (!j.is_object()) return fail(path, "expected an object, got " + describe(j));
    const int dims = spatial_dims(op);
    for (const auto& [key, value] : j.items()) {
      const std::string field = join_path(path, key);
      const bool known = std::find_if(std::begin(kParamNames), std::end(kParamNames),
                                      [&](const char* n) { return key == n; }) != std::end(kParamNames);
      std::string accepted;
      for (const char* n : kParamNames)
        if (op_accepts_param(op, n)) accepted += (accepted.empty() ? "" : ", ") + std::string(n);
      if (!known) return fail(field, "unknown field; " + std::string(op_name(op)) + " takes " + accepted);
      if (!op_accepts_param(op, key))
        return fail(field, std::string(op_name(op)) + " has no " + key + " (it takes " + accepted + ")");
      if (key == "kernel_size") {
        Dims k{};
        if (!read_dims(value, field, dims, 1, &k)) return false;
        *kernel_size = k;
      } else if (key == "stride") {
        if (!read_dims(value, field, dims, 1, &p->stride)) return false;
        p->stride_set = true;
      } else if (key == "padding") {
        if (value.is_string()) {
          const auto s = value.get<std::string>();
          if (s == "same") {
            p->padding_kind = PaddingKind::kSame;
          } else if (s == "valid") {
            p->padding_kind = PaddingKind::kValid;
          } else {
            return fail(field, "expected a non-negative integer, a list of " + std::to_string(dims) +
                                   ", \"same\" or \"valid\", got " + describe(value));
          }
        } else {
          if (!read_dims(value, field, dims, 0, &p->padding)) return false;
          p->padding_kind = PaddingKind::kExplicit;
        }
      } else if (key == "dilation") {
        if (!read_dims(value, field, dims, 1, &p->dilation)) return false;
      } else if (key == "groups") {
        if (!read_int(value, field, 1, "a positive integer", &p->groups)) return false;
      } else if (key == "padding_mode") {
        const auto mode = value.is_string() ? parse_padding_mode(value.get<std::string>()) : std::nullopt;
        if (!mode)
          return fail(field, "expected \"zeros\", \"reflect\", \"replicate\" or \"circular\", got " +
                                 describe(value));
        p->padding_mode = *mode;
      } else if (key == "ceil_mode") {
        if (!read_bool(value, field, &p->ceil_mode)) return false;
      } else if (key == "count_include_pad") {
        if (!read_bool(value, field, &p->count_include_pad)) return false;
      }
    }
    return true;
  }

  bool read_scalar(const json& j, const std::string& path, float* out) {
    if (j.is_number()) {
      const double d = j.get<double>();
      if (std::isfinite(d) && std::fabs(d) > static_cast<double>(FLT_MAX))
        return fail(path, describe(j) + " does not fit in float32");
      *out = static_cast<float>(d);
      return true;
    }
    if (j.is_string()) {
      const auto s = j.get<std::string>();
      if (s == "inf") return *out = std::numeric_limits<float>::infinity(), true;
      if (s == "-inf") return *out = -std::numeric_limits<float>::infinity(), true;
      if (s == "nan") return *out = std::numeric_limits<float>::quiet_NaN(), true;
    }
    return fail(path, "expected a number (or \"inf\", \"-inf\", \"nan\"), got " + describe(j));
  }

  bool read_shape(const json& j, const std::string& path, Shape* shape) {
    const std::string what = "a list of 1 to 4 positive integers";
    if (!j.is_array() || j.empty() || j.size() > static_cast<size_t>(Tensor::kMaxDims))
      return fail(path, "expected " + what + ", got " + describe(j));
    int64_t numel = 1;
    for (const json& e : j) {
      if (!e.is_number_integer() || e.get<int64_t>() < 1)
        return fail(path, "expected " + what + ", got " + describe(j));
      const auto n = e.get<int64_t>();
      if (n > kMaxLessonElements || numel * n > kMaxLessonElements)
        return fail(path, describe(j) + " has more than " + std::to_string(kMaxLessonElements) +
                              " elements, the most a lesson tensor may hold");
      numel *= n;
      shape->push_back(n);
    }
    return true;
  }

  // The shape a nested list implies, following first elements; checked for being rectangular later.
  bool nested_shape(const json& j, const std::string& path, Shape* shape) {
    const json* level = &j;
    std::string p = path;
    while (level->is_array()) {
      if (level->empty()) return fail(p, "expected a non-empty list");
      if (shape->size() == static_cast<size_t>(Tensor::kMaxDims))
        return fail(path, "lists nested more than " + std::to_string(Tensor::kMaxDims) + " deep");
      shape->push_back(static_cast<int64_t>(level->size()));
      level = &(*level)[0];
      p = index_path(p, 0);
    }
    if (shape_numel(*shape) > kMaxLessonElements)
      return fail(path, "more than " + std::to_string(kMaxLessonElements) + " values");
    return true;
  }

  bool flatten_nested(const json& j, const std::string& path, const Shape& shape, size_t depth,
                      std::vector<float>* data) {
    if (depth == shape.size()) {
      if (j.is_array())
        return fail(path, "expected a number, got " + describe(j) + " (lists nested unevenly)");
      float v = 0;
      if (!read_scalar(j, path, &v)) return false;
      data->push_back(v);
      return true;
    }
    if (!j.is_array() || static_cast<int64_t>(j.size()) != shape[depth])
      return fail(path, "expected a list of " + std::to_string(shape[depth]) +
                            " (lists must be rectangular), got " + describe(j));
    for (size_t i = 0; i < j.size(); ++i)
      if (!flatten_nested(j[i], index_path(path, i), shape, depth + 1, data)) return false;
    return true;
  }

  bool read_nested_tensor(const json& j, const std::string& path, Tensor* out) {
    Shape shape;
    std::vector<float> data;
    if (!nested_shape(j, path, &shape) || !flatten_nested(j, path, shape, 0, &data)) return false;
    *out = Tensor(std::move(shape), std::move(data));
    return true;
  }

  bool read_tensor(const json& j, const std::string& path, Tensor* out) {
    if (j.is_array()) return read_nested_tensor(j, path, out);
    if (!j.is_object())
      return fail(path, "expected a nested list or {\"shape\": [...], \"data\": [...]}, got " + describe(j));
    if (!check_keys(j, path, {"shape", "data", "fill", "start", "step"})) return false;
    auto shape_it = j.find("shape");
    if (shape_it == j.end()) return fail(join_path(path, "shape"), "required field is missing");
    Shape shape;
    if (!read_shape(*shape_it, join_path(path, "shape"), &shape)) return false;
    const int64_t numel = shape_numel(shape);
    const bool has_data = j.contains("data"), has_fill = j.contains("fill");
    if (has_data == has_fill) return fail(path, "expected exactly one of \"data\" and \"fill\"");
    if ((j.contains("start") || j.contains("step")) && !(has_fill && j["fill"] == "arange"))
      return fail(join_path(path, j.contains("start") ? "start" : "step"),
                  "only used with \"fill\": \"arange\"");

    if (has_data) {
      const std::string data_path = join_path(path, "data");
      const json& data = j["data"];
      if (!data.is_array()) return fail(data_path, "expected a list of numbers, got " + describe(data));
      const bool flat = std::none_of(data.begin(), data.end(), [](const json& e) { return e.is_array(); });
      if (flat) {
        if (static_cast<int64_t>(data.size()) != numel)
          return fail(data_path, "has " + std::to_string(data.size()) + " values but shape " +
                                     shape_to_string(shape) + " needs " + std::to_string(numel));
        std::vector<float> values(static_cast<size_t>(numel));
        for (size_t i = 0; i < data.size(); ++i)
          if (!read_scalar(data[i], index_path(data_path, i), &values[i])) return false;
        *out = Tensor(std::move(shape), std::move(values));
        return true;
      }
      Tensor nested;
      if (!read_nested_tensor(data, data_path, &nested)) return false;
      if (nested.shape() != shape)
        return fail(data_path, "nested lists have shape " + nested.shape_string() + " but shape is " +
                                   shape_to_string(shape));
      *out = std::move(nested);
      return true;
    }

    const json& fill = j["fill"];
    const std::string fill_path = join_path(path, "fill");
    if (fill.is_string() && fill.get<std::string>() == "arange") {
      float start = 0, step = 1;
      if (j.contains("start") && !read_scalar(j["start"], join_path(path, "start"), &start)) return false;
      if (j.contains("step") && !read_scalar(j["step"], join_path(path, "step"), &step)) return false;
      std::vector<float> values(static_cast<size_t>(numel));
      for (int64_t i = 0; i < numel; ++i)
        values[static_cast<size_t>(i)] = start + static_cast<float>(i) * step;
      *out = Tensor(std::move(shape), std::move(values));
      return true;
    }
    float value = 0;
    if (!fill.is_number()) return fail(fill_path, "expected a number or \"arange\", got " + describe(fill));
    if (!read_scalar(fill, fill_path, &value)) return false;
    *out = Tensor(std::move(shape), value);
    return true;
  }

  bool read_step_captions(const json& j, int64_t step_count, std::vector<StepCaption>* out) {
    const std::string path = "step_captions";
    if (!j.is_array())
      return fail(path, "expected a list of {\"from\", \"to\", \"text\"}, got " + describe(j));
    for (size_t i = 0; i < j.size(); ++i) {
      const std::string item = index_path(path, i);
      const json& c = j[i];
      if (!c.is_object())
        return fail(item, "expected {\"from\": ..., \"to\": ..., \"text\": ...}, got " + describe(c));
      if (!check_keys(c, item, {"from", "to", "text"})) return false;
      StepCaption caption;
      if (!c.contains("from")) return fail(join_path(item, "from"), "required field is missing");
      if (!read_int(c["from"], join_path(item, "from"), 0, "a step number (0 or more)", &caption.first))
        return false;
      caption.last = caption.first;
      if (c.contains("to") &&
          !read_int(c["to"], join_path(item, "to"), 0, "a step number (0 or more)", &caption.last))
        return false;
      if (caption.last < caption.first)
        return fail(join_path(item, "to"), "step " + std::to_string(caption.last) +
                                               " comes before \"from\" (" + std::to_string(caption.first) +
                                               ")");
      if (caption.last >= step_count)
        return fail(join_path(item, c.contains("to") ? "to" : "from"),
                    "step " + std::to_string(caption.last) + " is past the last step (" +
                        std::to_string(step_count - 1) + "; the output has " + std::to_string(step_count) +
                        " elements)");
      if (!c.contains("text")) return fail(join_path(item, "text"), "required field is missing");
      if (!c["text"].is_string())
        return fail(join_path(item, "text"), "expected a string, got " + describe(c["text"]));
      caption.text = c["text"].get<std::string>();
      out->push_back(std::move(caption));
    }
    return true;
  }

  bool read_lesson(const json& root, Lesson* lesson, int64_t* order) {
    if (!root.is_object()) return fail("", "expected a JSON object at the top level, got " + describe(root));
    if (!check_keys(root, "",
                    {"name", "title", "caption", "order", "op", "params", "input", "weight", "bias",
                     "step_captions"}))
      return false;

    if (!read_string(root, "name", true, &lesson->name)) return false;
    if (lesson->name.empty() || !std::all_of(lesson->name.begin(), lesson->name.end(), [](char ch) {
          return std::isalnum(static_cast<unsigned char>(ch)) || ch == '-' || ch == '_' || ch == '.';
        }))
      return fail("name", "expected letters, digits, '-', '_' or '.', got " + describe(root["name"]));
    if (!read_string(root, "title", true, &lesson->title)) return false;
    if (!read_string(root, "caption", true, &lesson->caption)) return false;

    *order = kNoOrder;
    if (root.contains("order") &&
        !read_int(root["order"], "order", std::numeric_limits<int64_t>::min(), "an integer", order))
      return false;

    Scene& scene = lesson->scene;
    scene.params = LayerParams{};
    if (root.contains("op")) {
      const json& op = root["op"];
      const auto parsed = op.is_string() ? parse_op(op.get<std::string>()) : std::nullopt;
      if (!parsed) return fail("op", "expected one of " + std::string(kOpList) + ", got " + describe(op));
      scene.params.op = *parsed;
    }
    const Op op = scene.params.op;
    // PyTorch's pools default the stride to the kernel size; a "stride" field turns this back on.
    if (is_pool(op)) scene.params.stride_set = false;

    std::optional<Dims> kernel_size;
    if (root.contains("params") && !read_params(root["params"], op, &scene.params, &kernel_size))
      return false;

    if (!root.contains("input")) return fail("input", "required field is missing");
    if (!read_tensor(root["input"], "input", &scene.input)) return false;

    if (is_conv(op)) {
      if (!root.contains("weight"))
        return fail("weight", std::string("required field is missing (") + op_name(op) +
                                  " takes its kernel from the weight)");
      if (!read_tensor(root["weight"], "weight", &scene.weight)) return false;
      if (root.contains("bias")) {
        Tensor bias;
        if (!read_tensor(root["bias"], "bias", &bias)) return false;
        scene.bias = std::move(bias);
      }
      const int dims = spatial_dims(op);
      if (kernel_size && scene.weight.dim() == dims + 2) {
        const Dims from_weight = dims == 1 ? Dims{scene.weight.size(-1), scene.weight.size(-1)}
                                           : Dims{scene.weight.size(-2), scene.weight.size(-1)};
        if (*kernel_size != from_weight)
          return fail("params.kernel_size", describe(root["params"]["kernel_size"]) +
                                                " disagrees with the weight's shape " +
                                                scene.weight.shape_string());
      }
    } else {
      for (const char* key : {"weight", "bias"})
        if (root.contains(key)) return fail(key, std::string(op_name(op)) + " takes no " + key);
      if (!kernel_size)
        return fail("params.kernel_size", std::string("required field is missing for ") + op_name(op));
      scene.params.kernel_size = *kernel_size;
    }

    const Result<Geometry> geometry = resolve_geometry(scene);
    if (!geometry) return fail("", geometry.message());

    if (root.contains("step_captions") &&
        !read_step_captions(root["step_captions"], geometry->output_count(), &lesson->step_captions))
      return false;
    return true;
  }

  std::string source_;
  std::optional<std::string> error_;
};

Result<std::string> read_text_file(const std::string& path) {
  std::error_code ec;
  if (fs::is_directory(path, ec)) return make_error(path + ": is a folder, not a lesson file");
  std::ifstream in(path, std::ios::binary);
  if (!in) return make_error(path + ": cannot open the file (does it exist?)");
  std::ostringstream text;
  text << in.rdbuf();
  if (in.bad()) return make_error(path + ": could not be read");
  return text.str();
}

Result<Lesson> load_lesson_with_order(const std::string& path, int64_t* order) {
  auto text = read_text_file(path);
  if (!text) return text.error();
  return LessonReader(path).read(*text, order);
}

// --- writing ---

std::string dims_json(const Dims& d, int dims) {
  if (dims == 1 || d[0] == d[1]) return std::to_string(d[0]);
  return "[" + std::to_string(d[0]) + ", " + std::to_string(d[1]) + "]";
}

void write_tensor(std::ostringstream& out, const char* key, const Tensor& t) {
  out << "  \"" << key << "\": {\n    \"shape\": " << shape_to_string(t.shape()) << ",\n    \"data\": [";
  const int64_t row = t.dim() > 0 ? std::max<int64_t>(1, t.size(-1)) : 1;
  for (int64_t i = 0; i < t.numel(); ++i) {
    if (i > 0) out << (i % row == 0 ? ",\n      " : ", ");
    if (i == 0) out << "\n      ";
    out << format_float(t.values()[static_cast<size_t>(i)]);
  }
  out << "\n    ]\n  }";
}

}  // namespace

const std::string& Lesson::caption_for_step(int64_t i) const {
  static const std::string kNone;
  for (const StepCaption& c : step_captions)
    if (i >= c.first && i <= c.last) return c.text;
  return kNone;
}

Result<Lesson> parse_lesson(const std::string& json_text, const std::string& source) {
  int64_t order = 0;
  return LessonReader(source).read(json_text, &order);
}

Result<Lesson> load_lesson_file(const std::string& path) {
  int64_t order = 0;
  return load_lesson_with_order(path, &order);
}

std::string lesson_to_json(const Lesson& lesson) {
  const LayerParams& p = lesson.scene.params;
  const Op op = p.op;
  const int dims = spatial_dims(op);
  std::ostringstream out;
  auto str = [](const std::string& s) {
    return json(s).dump(-1, ' ', false, json::error_handler_t::replace);
  };
  out << "{\n";
  out << "  \"name\": " << str(lesson.name) << ",\n";
  out << "  \"title\": " << str(lesson.title) << ",\n";
  out << "  \"caption\": " << str(lesson.caption) << ",\n";
  out << "  \"op\": \"" << op_name(op) << "\",\n";

  std::vector<std::string> params;
  if (is_pool(op)) params.push_back("\"kernel_size\": " + dims_json(p.kernel_size, dims));
  if (is_conv(op) || p.stride_set) params.push_back("\"stride\": " + dims_json(p.stride, dims));
  if (p.padding_kind == PaddingKind::kSame) {
    params.push_back("\"padding\": \"same\"");
  } else if (p.padding_kind == PaddingKind::kValid) {
    params.push_back("\"padding\": \"valid\"");
  } else {
    params.push_back("\"padding\": " + dims_json(p.padding, dims));
  }
  if (op_accepts_param(op, "dilation")) params.push_back("\"dilation\": " + dims_json(p.dilation, dims));
  if (is_conv(op)) {
    params.push_back("\"groups\": " + std::to_string(p.groups));
    params.push_back(std::string("\"padding_mode\": \"") + padding_mode_name(p.padding_mode) + "\"");
  }
  if (is_pool(op)) params.push_back(std::string("\"ceil_mode\": ") + (p.ceil_mode ? "true" : "false"));
  if (op_accepts_param(op, "count_include_pad"))
    params.push_back(std::string("\"count_include_pad\": ") + (p.count_include_pad ? "true" : "false"));
  out << "  \"params\": {";
  for (size_t i = 0; i < params.size(); ++i) out << (i ? ", " : "") << params[i];
  out << "},\n";

  write_tensor(out, "input", lesson.scene.input);
  if (is_conv(op)) {
    out << ",\n";
    write_tensor(out, "weight", lesson.scene.weight);
    if (lesson.scene.bias) {
      out << ",\n";
      write_tensor(out, "bias", *lesson.scene.bias);
    }
  }
  if (!lesson.step_captions.empty()) {
    out << ",\n  \"step_captions\": [";
    for (size_t i = 0; i < lesson.step_captions.size(); ++i) {
      const StepCaption& c = lesson.step_captions[i];
      out << (i ? "," : "") << "\n    {\"from\": " << c.first << ", \"to\": " << c.last
          << ", \"text\": " << str(c.text) << "}";
    }
    out << "\n  ]";
  }
  out << "\n}\n";
  return out.str();
}

std::string lessons_dir() {
  if (const char* assets = std::getenv("CONVSTEP_ASSETS"); assets && *assets)
    return (fs::path(assets) / "lessons").string();
  std::error_code ec;
  const fs::path exe = fs::read_symlink("/proc/self/exe", ec);
  if (!ec) {
    // An installed or copied binary carries its assets beside it; a build tree sits one level below them.
    for (const fs::path& candidate :
         {exe.parent_path() / "assets" / "lessons", exe.parent_path().parent_path() / "assets" / "lessons"}) {
      if (fs::is_directory(candidate, ec)) return candidate.lexically_normal().string();
    }
  }
  return CONVSTEP_SOURCE_ASSETS_DIR "/lessons";
}

Result<std::vector<Lesson>> load_builtin_lessons() {
  const std::string dir = lessons_dir();
  std::error_code ec;
  if (!fs::is_directory(dir, ec))
    return make_error("no lessons folder at " + dir +
                      " (set CONVSTEP_ASSETS to the folder holding lessons/)");
  std::vector<fs::path> files;
  for (fs::directory_iterator it(dir, ec), end; !ec && it != end; it.increment(ec))
    if (it->path().extension() == ".json") files.push_back(it->path());
  if (ec) return make_error("cannot list the lessons folder " + dir + ": " + ec.message());
  std::sort(files.begin(), files.end());

  struct Loaded {
    int64_t order;
    Lesson lesson;
    std::string file;
  };
  std::vector<Loaded> loaded;
  std::map<std::string, std::string> file_of_name;
  for (const fs::path& file : files) {
    int64_t order = kNoOrder;
    auto lesson = load_lesson_with_order(file.string(), &order);
    if (!lesson) return lesson.error();
    if (auto [it, fresh] = file_of_name.emplace(lesson->name, file.string()); !fresh)
      return make_error(file.string() + ": name: \"" + lesson->name + "\" is already used by " + it->second);
    loaded.push_back({order, std::move(*lesson), file.string()});
  }
  std::stable_sort(loaded.begin(), loaded.end(), [](const Loaded& a, const Loaded& b) {
    return a.order != b.order ? a.order < b.order : a.lesson.name < b.lesson.name;
  });
  std::vector<Lesson> lessons;
  lessons.reserve(loaded.size());
  for (Loaded& l : loaded) lessons.push_back(std::move(l.lesson));
  return lessons;
}

Result<Lesson> find_builtin_lesson(const std::string& name) {
  auto lessons = load_builtin_lessons();
  if (!lessons) return lessons.error();
  std::string names;
  for (Lesson& lesson : *lessons) {
    if (lesson.name == name) return std::move(lesson);
    names += (names.empty() ? "" : ", ") + lesson.name;
  }
  return make_error("no built-in lesson named \"" + name + "\"; the lessons are: " + names);
}

}  // namespace convstep
