#include "app/cli/thread_option.h"

#include <cstdint>
#include <optional>

#include "app/cli/cli_support.h"

namespace convstep {

Result<int> parse_thread_option(const std::string& text) {
  if (text.empty()) return 0;
  const std::optional<int64_t> v = parse_number<int64_t>(text);
  if (!v || *v < 1 || *v > kMaxThreadOption)
    return make_error("--threads: expected a number of threads from 1 to " +
                      std::to_string(kMaxThreadOption) + ", got \"" + text + "\"");
  return static_cast<int>(*v);
}

}  // namespace convstep
