// Strict readers for the JSON fields of a lesson file, shared by core/lesson.cpp and
// core/lesson_library.cpp: every error names the file and the field path (e.g. "input.data[3]").
// Internal to core; callers use core/lesson.h.
#pragma once

#include <cstddef>
#include <cstdint>
#include <initializer_list>
#include <limits>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "core/lesson.h"
#include "core/params.h"
#include "core/result.h"
#include "core/scene.h"
#include "core/tensor.h"

namespace convstep::lesson_json {

// The order of a lesson without an "order" field: such lessons are listed last.
inline constexpr int64_t kNoOrder = std::numeric_limits<int64_t>::max();

std::string join_path(const std::string& path, const std::string& key);
std::string index_path(const std::string& path, size_t i);
// A short rendering of a JSON value for "got ..." in messages.
std::string describe(const nlohmann::json& j);

// Readers return false after recording the first failure as "source: path: what"; later failures are
// consequences of the first, so only that one is kept.
class FieldReader {
 public:
  explicit FieldReader(std::string source) : source_(std::move(source)) {}

  const std::string& source() const { return source_; }
  const std::optional<std::string>& error() const { return error_; }

  bool fail(const std::string& path, const std::string& what);
  bool check_keys(const nlohmann::json& obj, const std::string& path,
                  std::initializer_list<const char*> allowed);
  bool read_string(const nlohmann::json& obj, const char* key, bool required, std::string* out);
  // An integer >= min_value; `expected` says what was wanted, for the message.
  bool read_int(const nlohmann::json& j, const std::string& path, int64_t min_value,
                const std::string& expected, int64_t* out);
  bool read_bool(const nlohmann::json& j, const std::string& path, bool* out);
  // One value for all spatial dimensions, or a list with one value per dimension.
  bool read_dims(const nlohmann::json& j, const std::string& path, int dims, int64_t min_value, Dims* out);
  // A parameter's value in its JSON form: per-dimension values as for read_dims, padding also "same" or
  // "valid", padding_mode a string, switches true/false.
  bool read_param(const ParamSpec& spec, const nlohmann::json& j, const std::string& path, int dims,
                  ParamValue* out);
  // A nested list, or an object with "shape" and "data" or "fill" (see core/lesson.cpp for the format).
  bool read_tensor(const nlohmann::json& j, const std::string& path, Tensor* out);

 private:
  bool read_scalar(const nlohmann::json& j, const std::string& path, float* out);
  bool read_shape(const nlohmann::json& j, const std::string& path, Shape* shape);
  bool nested_shape(const nlohmann::json& j, const std::string& path, Shape* shape);
  bool flatten_nested(const nlohmann::json& j, const std::string& path, const Shape& shape, size_t depth,
                      std::vector<float>* data);
  bool read_nested_tensor(const nlohmann::json& j, const std::string& path, Tensor* out);

  std::string source_;
  std::optional<std::string> error_;
};

// Reads a lesson file and its "order" field (kNoOrder when absent); defined in core/lesson.cpp.
Result<Lesson> load_lesson_with_order(const std::string& path, int64_t* order);
// For session files (core/session.cpp), defined in core/lesson.cpp: a file's text, refused before
// reading when past JsonLimits::max_bytes, and a lesson from JSON already parsed within those limits.
Result<std::string> read_lesson_text(const std::string& path);
Result<Lesson> read_lesson_value(const nlohmann::json& root, const std::string& source);

}  // namespace convstep::lesson_json
