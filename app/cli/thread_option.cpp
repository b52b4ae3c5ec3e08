#include "app/cli/thread_option.h"

#include <charconv>
#include <cstdint>

namespace convstep {

Result<int> parse_thread_option(const std::string& text) {
  if (text.empty()) return 0;
  int64_t v = 0;
  const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), v);
  if (ec != std::errc() || end != text.data() + text.size() || v < 1 || v > kMaxThreadOption)
    return make_error("--threads: expected a number of threads from 1 to " +
                      std::to_string(kMaxThreadOption) + ", got \"" + text + "\"");
  return static_cast<int>(v);
}

}  // namespace convstep
