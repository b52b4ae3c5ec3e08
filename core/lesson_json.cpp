// The field readers of core/lesson_json.h: numbers, strings, per-dimension values and tensors
// (nested lists, flat data with a shape, or fills), each failure naming the field path.
#include "core/lesson_json.h"

#include <algorithm>
#include <cfloat>
#include <cmath>

#include "core/json_read.h"

namespace convstep::lesson_json {

using nlohmann::json;

namespace {

// Lesson tensors are meant to be read by a person; this also bounds what a hostile "fill" can allocate.
constexpr int64_t kMaxLessonElements = int64_t{1} << 24;

}  // namespace

std::string join_path(const std::string& path, const std::string& key) {
  return path.empty() ? key : path + "." + key;
}
std::string index_path(const std::string& path, size_t i) {
  return path + "[" + std::to_string(i) + "]";
}

// Containers are only dumped when flat and short: dumping recurses, and a hostile file may nest deeply.
std::string describe(const json& j) {
  if (j.is_object()) return "an object";
  if (is_packed_numbers(j)) return "a list of " + std::to_string(packed_size(j));
  if (j.is_array() &&
      (j.size() > 8 || std::any_of(j.begin(), j.end(), [](const json& e) { return e.is_structured(); })))
    return "a list of " + std::to_string(j.size());
  std::string s = j.dump(-1, ' ', false, json::error_handler_t::replace);
  if (s.size() > 40) s = s.substr(0, 37) + "...";
  return s;
}

bool FieldReader::fail(const std::string& path, const std::string& what) {
  if (!error_) error_ = source_ + ": " + (path.empty() ? "" : path + ": ") + what;
  return false;
}

bool FieldReader::check_keys(const json& obj, const std::string& path,
                             std::initializer_list<const char*> allowed) {
  for (const auto& item : obj.items()) {
    const std::string& key = item.key();
    if (std::find_if(allowed.begin(), allowed.end(), [&](const char* a) { return key == a; }) !=
        allowed.end())
      continue;
    std::string list;
    for (const char* a : allowed) list += (list.empty() ? "" : ", ") + std::string(a);
    return fail(join_path(path, key), "unknown field; expected one of " + list);
  }
  return true;
}

bool FieldReader::read_string(const json& obj, const char* key, bool required, std::string* out) {
  auto it = obj.find(key);
  if (it == obj.end()) return required ? fail(key, "required field is missing") : true;
  if (!it->is_string()) return fail(key, "expected a string, got " + describe(*it));
  *out = it->get<std::string>();
  return true;
}

bool FieldReader::read_int(const json& j, const std::string& path, int64_t min_value,
                           const std::string& expected, int64_t* out) {
  if (!j.is_number_integer()) return fail(path, "expected " + expected + ", got " + describe(j));
  if (j.is_number_unsigned() &&
      j.get<uint64_t>() > static_cast<uint64_t>(std::numeric_limits<int64_t>::max()))
    return fail(path, "expected " + expected + ", got " + describe(j) + " (too large)");
  const auto v = j.get<int64_t>();
  if (v < min_value) return fail(path, "expected " + expected + ", got " + describe(j));
  *out = v;
  return true;
}

bool FieldReader::read_bool(const json& j, const std::string& path, bool* out) {
  if (!j.is_boolean()) return fail(path, "expected true or false, got " + describe(j));
  *out = j.get<bool>();
  return true;
}

bool FieldReader::read_dims(const json& j, const std::string& path, int dims, int64_t min_value, Dims* out) {
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

bool FieldReader::read_param(const ParamSpec& spec, const json& j, const std::string& path, int dims,
                             ParamValue* out) {
  switch (spec.kind) {
    case ParamKind::kDims:
    case ParamKind::kStride: {
      Dims d{};
      if (!read_dims(j, path, dims, spec.min_value, &d)) return false;
      *out = spec.kind == ParamKind::kDims ? ParamValue(d) : ParamValue(std::optional<Dims>(d));
      return true;
    }
    case ParamKind::kPadding: {
      if (j.is_string()) {
        const auto s = j.get<std::string>();
        if (s != "same" && s != "valid")
          return fail(path, "expected a non-negative integer, a list of " + std::to_string(dims) +
                                ", \"same\" or \"valid\", got " + describe(j));
        *out = PaddingValue{s == "same" ? PaddingKind::kSame : PaddingKind::kValid, {0, 0}};
        return true;
      }
      PaddingValue pad;
      if (!read_dims(j, path, dims, spec.min_value, &pad.padding)) return false;
      *out = pad;
      return true;
    }
    case ParamKind::kCount: {
      int64_t n = 0;
      if (!read_int(j, path, spec.min_value, "a positive integer", &n)) return false;
      *out = n;
      return true;
    }
    case ParamKind::kPaddingMode: {
      const auto mode = j.is_string() ? parse_padding_mode(j.get<std::string>()) : std::nullopt;
      if (!mode)
        return fail(path,
                    "expected \"zeros\", \"reflect\", \"replicate\" or \"circular\", got " + describe(j));
      *out = *mode;
      return true;
    }
    case ParamKind::kBool: {
      bool b = false;
      if (!read_bool(j, path, &b)) return false;
      *out = b;
      return true;
    }
    case ParamKind::kOp:
    case ParamKind::kSize:
      break;
  }
  return fail(path, "not a field of \"params\"");
}

bool FieldReader::read_scalar(const json& j, const std::string& path, float* out) {
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

bool FieldReader::read_shape(const json& j, const std::string& path, Shape* shape) {
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
bool FieldReader::nested_shape(const json& j, const std::string& path, Shape* shape) {
  const json* level = &j;
  std::string p = path;
  while (level->is_array() || is_packed_numbers(*level)) {
    const bool packed = is_packed_numbers(*level);
    const size_t size = packed ? packed_size(*level) : level->size();
    if (size == 0) return fail(p, "expected a non-empty list");
    if (shape->size() == static_cast<size_t>(Tensor::kMaxDims))
      return fail(path, "lists nested more than " + std::to_string(Tensor::kMaxDims) + " deep");
    shape->push_back(static_cast<int64_t>(size));
    if (packed) break;  // a packed list holds numbers only: the innermost level
    level = &(*level)[0];
    p = index_path(p, 0);
  }
  if (!checked_numel(*shape, kMaxLessonElements))
    return fail(path, "more than " + std::to_string(kMaxLessonElements) + " values");
  return true;
}

bool FieldReader::flatten_nested(const json& j, const std::string& path, const Shape& shape, size_t depth,
                                 std::vector<float>* data) {
  if (depth == shape.size()) {
    if (j.is_array() || is_packed_numbers(j))
      return fail(path, "expected a number, got " + describe(j) + " (lists nested unevenly)");
    float v = 0;
    if (!read_scalar(j, path, &v)) return false;
    data->push_back(v);
    return true;
  }
  if (is_packed_numbers(j) && depth + 1 == shape.size() &&
      static_cast<int64_t>(packed_size(j)) == shape[depth]) {
    append_packed(j, data);
    return true;
  }
  if (!j.is_array() || static_cast<int64_t>(j.size()) != shape[depth])
    return fail(path, "expected a list of " + std::to_string(shape[depth]) +
                          " (lists must be rectangular), got " + describe(j));
  if (data->empty()) data->reserve(static_cast<size_t>(shape_numel(shape)));
  for (size_t i = 0; i < j.size(); ++i)
    if (!flatten_nested(j[i], index_path(path, i), shape, depth + 1, data)) return false;
  return true;
}

bool FieldReader::read_nested_tensor(const json& j, const std::string& path, Tensor* out) {
  Shape shape;
  std::vector<float> data;
  if (!nested_shape(j, path, &shape) || !flatten_nested(j, path, shape, 0, &data)) return false;
  *out = Tensor(std::move(shape), std::move(data));
  return true;
}

bool FieldReader::read_tensor(const json& j, const std::string& path, Tensor* out) {
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
    if (is_packed_numbers(data)) {
      if (static_cast<int64_t>(packed_size(data)) != numel)
        return fail(data_path, "has " + std::to_string(packed_size(data)) + " values but shape " +
                                   shape_to_string(shape) + " needs " + std::to_string(numel));
      std::vector<float> values;
      values.reserve(static_cast<size_t>(numel));
      append_packed(data, &values);
      *out = Tensor(std::move(shape), std::move(values));
      return true;
    }
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
    for (int64_t i = 0; i < numel; ++i) values[static_cast<size_t>(i)] = start + static_cast<float>(i) * step;
    *out = Tensor(std::move(shape), std::move(values));
    return true;
  }
  float value = 0;
  if (!fill.is_number()) return fail(fill_path, "expected a number or \"arange\", got " + describe(fill));
  if (!read_scalar(fill, fill_path, &value)) return false;
  *out = Tensor(std::move(shape), value);
  return true;
}

}  // namespace convstep::lesson_json
