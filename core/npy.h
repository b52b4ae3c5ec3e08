// Reading and writing NumPy .npy files (format versions 1.0, 2.0 and 3.0 headers, C order).
// Reads little-endian <f4, <f8, <i4, <i8 and |u1 (converted to float32); always writes <f4 version 1.0.
// Every malformed file is an error naming the file and what is wrong, never a crash.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "core/result.h"
#include "core/tensor.h"

namespace convstep {

// Largest element count a file may declare; beyond it the file is refused before any allocation.
inline constexpr int64_t kNpyMaxElements = int64_t{1} << 28;

// Parses .npy bytes; `name` is used in error messages (usually the file path).
Result<Tensor> parse_npy(const std::vector<uint8_t>& bytes, const std::string& name);
Result<Tensor> read_npy(const std::string& path);

std::vector<uint8_t> encode_npy(const Tensor& tensor);
// Writes atomically: to a temporary file beside `path`, then renamed into place.
Status write_npy(const std::string& path, const Tensor& tensor);

}  // namespace convstep
