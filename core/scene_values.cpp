// The value parsers of core/scene_values.h. Every number is range-checked against one limit
// (scene_text::kMaxValue) so a typo is refused with its value quoted before anything is allocated.
#include "core/scene_values.h"

#include <charconv>
#include <optional>
#include <system_error>
#include <vector>

#include "core/scene_text.h"

namespace convstep {

namespace {

using scene_text::kMaxValue;
using scene_text::quoted;
using scene_text::trim;

std::optional<int64_t> to_int(const std::string& text) {
  const std::string t = trim(text);
  int64_t v = 0;
  const auto [end, ec] = std::from_chars(t.data(), t.data() + t.size(), v);
  if (t.empty() || ec != std::errc() || end != t.data() + t.size()) return std::nullopt;
  return v;
}

std::vector<std::string> split(const std::string& text, char sep) {
  std::vector<std::string> parts;
  size_t start = 0;
  while (true) {
    const size_t at = text.find(sep, start);
    parts.push_back(text.substr(start, at == std::string::npos ? std::string::npos : at - start));
    if (at == std::string::npos) return parts;
    start = at + 1;
  }
}

Error too_large(const std::string& key, const std::string& number) {
  return make_error(key + ": " + trim(number) + " is too large (at most " + std::to_string(kMaxValue) + ")");
}

// One number (standing for both dimensions) or two, height first, each at least min_value; `bad` is the
// message for a part that is not such a number.
Result<Dims> parts_to_dims(const std::string& key, const std::vector<std::string>& parts, int64_t min_value,
                           const std::string& bad) {
  Dims out{};
  for (size_t i = 0; i < parts.size(); ++i) {
    const auto v = to_int(parts[i]);
    if (!v || *v < min_value) return make_error(bad);
    if (*v > kMaxValue) return too_large(key, parts[i]);
    out[i] = *v;
  }
  if (parts.size() == 1) out[1] = out[0];
  return out;
}

}  // namespace

Result<int64_t> parse_int_value(const std::string& key, const std::string& text, int64_t min_value) {
  const auto v = to_int(text);
  if (!v || *v < min_value) {
    return make_error(key + ": expected " + (min_value > 0 ? "a positive" : "a non-negative") +
                      " integer, got " + quoted(text));
  }
  if (*v > kMaxValue) return too_large(key, text);
  return *v;
}

Result<Dims> parse_dims_value(const std::string& key, const std::string& text, int dims, int64_t min_value) {
  const std::string one = min_value > 0 ? "a positive integer" : "a non-negative integer";
  const std::string expected =
      dims == 1 ? one + " (a 1-D layer has one spatial dimension)" : one + " or two separated by a comma";
  const std::vector<std::string> parts = split(text, ',');
  const std::string bad = key + ": expected " + expected + ", got " + quoted(text);
  if (parts.size() != 1 && static_cast<int>(parts.size()) != dims) return make_error(bad);
  return parts_to_dims(key, parts, min_value, bad);
}

Result<bool> parse_bool_value(const std::string& key, const std::string& text) {
  const std::string t = trim(text);
  if (t == "true" || t == "True") return true;
  if (t == "false" || t == "False") return false;
  return make_error(key + ": expected true or false, got " + quoted(text));
}

Result<PaddingValue> parse_padding_value(const std::string& key, const std::string& text, int dims) {
  const std::string t = trim(text);
  const std::string bare =
      t.size() >= 2 && (t.front() == '\'' || t.front() == '"') ? t.substr(1, t.size() - 2) : t;
  if (bare == "same") return PaddingValue{PaddingKind::kSame, {0, 0}};
  if (bare == "valid") return PaddingValue{PaddingKind::kValid, {0, 0}};
  auto numbers = parse_dims_value(key, text, dims, 0);
  if (!numbers) {
    const std::string shape =
        dims == 1 ? "a non-negative integer" : "a non-negative integer, two separated by a comma";
    if (numbers.message().find("too large") != std::string::npos) return numbers.error();
    return make_error(key + ": expected " + shape + ", same or valid, got " + quoted(text));
  }
  return PaddingValue{PaddingKind::kExplicit, *numbers};
}

Result<Dims> parse_input_size(const std::string& key, const std::string& text, int dims) {
  const std::string t = trim(text);
  if (dims == 1) {
    return parts_to_dims(
        key, {t}, 1,
        key + ": expected the length L, a positive integer (a 1-D layer has one spatial dimension), got " +
            quoted(text));
  }
  const char sep = t.find('x') != std::string::npos ? 'x' : (t.find('X') != std::string::npos ? 'X' : ',');
  const std::vector<std::string> parts = split(t, sep);
  const std::string expected =
      "expected height x width, e.g. \"5x7\" or \"5,7\" (or one number for a square), got ";
  const std::string bad = key + ": " + expected + quoted(text);
  if (parts.size() > 2) return make_error(bad);
  return parts_to_dims(key, parts, 1, bad);
}

}  // namespace convstep
