// What every subcommand shares: the exit codes, the one-line error, and reading a number from an option.
#pragma once

#include <charconv>
#include <cstdint>
#include <iosfwd>
#include <optional>
#include <string>
#include <system_error>

namespace convstep {

inline constexpr int kExitError = 1;  // the command was understood, but its input is wrong or unusable
inline constexpr int kExitUsage = 2;  // the command line itself is wrong

// Writes "convstep: error: MESSAGE" as one line (a message from a file or the engine never breaks the
// format) and returns `code`.
int fail(std::ostream& err, const std::string& message, int code = kExitError);

// The whole text must be one number of type T (no sign for an unsigned type, no spaces, nothing after it),
// else nothing, so that each option can say what it expected.
template <typename T>
std::optional<T> parse_number(const std::string& text) {
  T v{};
  const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), v);
  if (text.empty() || ec != std::errc() || end != text.data() + text.size()) return std::nullopt;
  return v;
}

// A count, step or size: a whole number of at least 0, else nothing.
inline std::optional<int64_t> parse_count(const std::string& text) {
  const std::optional<int64_t> v = parse_number<int64_t>(text);
  if (!v || *v < 0) return std::nullopt;
  return v;
}

}  // namespace convstep
