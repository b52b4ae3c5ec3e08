// Reading JSON from outside (lesson and session files) within fixed bounds: the text's size is checked
// before parsing, nesting depth and value count while parsing (a SAX parse, so nothing is built past a
// limit), and every failure, including numbers that overflow a double ("1e400"), is an error naming the
// source and the place, never an exception.
//
// Memory: long lists of numbers (tensor data) are stored packed as float32, 4 bytes a value, instead of
// one 16-byte JSON value each, so a file of N numbers parses into about 4·N bytes beside its text.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

#include "core/result.h"

namespace convstep {

struct JsonLimits {
  int64_t max_bytes = int64_t{256} << 20;      // the text, checked before parsing
  int max_depth = 64;                          // nested lists and objects
  int64_t max_values = int64_t{1} << 26;       // numbers, strings, booleans and nulls in all
  int64_t max_list_length = int64_t{1} << 24;  // elements of one list
  // What the parsed values may take, estimated as they are built: this many bytes per byte of text,
  // but never less than min_memory_bytes. Plain values count 32 bytes, lists and objects 64, packed
  // numbers 4, so a file of many short lists is refused long before it can take gigabytes.
  int64_t memory_per_text_byte = 2;
  int64_t min_memory_bytes = int64_t{64} << 20;
};

// A list of this many numbers or more, each finite and within float32's range, is stored packed.
inline constexpr size_t kPackedListMinLength = 64;

// Parses `text` (comments allowed); `source` starts every message. Errors give line and column.
Result<nlohmann::json> parse_json_bounded(std::string_view text, const std::string& source,
                                          const JsonLimits& limits = {});

// A packed list of numbers (see above): its length and values. Readers treat it as a list of numbers.
bool is_packed_numbers(const nlohmann::json& j);
size_t packed_size(const nlohmann::json& j);
float packed_value(const nlohmann::json& j, size_t i);
void append_packed(const nlohmann::json& j, std::vector<float>* out);

}  // namespace convstep
