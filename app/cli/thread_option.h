// `--threads N`, shared by the commands that run the engine (compute, filter): how many threads it
// may use; unset, every core (core/ops.h RunOptions::threads = 0).
#pragma once

#include <string>

#include "core/result.h"

namespace convstep {

// More threads than this is a typo, not a machine; refusing it keeps the count an int.
inline constexpr int kMaxThreadOption = 1024;

// The count in `text` (1 … kMaxThreadOption), or the message naming what was given; "" gives 0
// (every core).
Result<int> parse_thread_option(const std::string& text);

}  // namespace convstep
