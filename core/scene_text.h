// Small text helpers shared by the scene edit, model, suggestion and value parsing code
// (core/scene_*.cpp); internal to core, kept out of the public headers so that callers' own
// helpers of the same names do not clash.
#pragma once

#include <cstdint>
#include <string>

namespace convstep::scene_text {

// The largest number any edited value may take: large enough for every real layer, small enough that
// products of a few such values cannot overflow int64_t.
inline constexpr int64_t kMaxValue = int64_t{1} << 30;

inline std::string quoted(const std::string& s) {
  return "\"" + s + "\"";
}

inline std::string trim(const std::string& s) {
  const auto first = s.find_first_not_of(" \t");
  if (first == std::string::npos) return "";
  return s.substr(first, s.find_last_not_of(" \t") - first + 1);
}

}  // namespace convstep::scene_text
