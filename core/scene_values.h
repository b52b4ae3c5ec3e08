// Parsers for the values of scene parameters as a person types them ("3,2", "same", "5x7", "true"),
// in one place so that scene edits (core/scene_edit.h), the CLI's layer options and the GUI's parameter
// panel accept the same text and refuse it with the same messages.
#pragma once

#include <cstdint>
#include <string>

#include "core/result.h"
#include "core/scene.h"

namespace convstep {

// Value parsers with messages that name the key and quote the text (also usable for CLI options:
// `key` may be "--stride"). Per-dimension values: one integer for every dimension, or (2-D) two
// separated by a comma, height first.
Result<int64_t> parse_int_value(const std::string& key, const std::string& text, int64_t min_value);
Result<Dims> parse_dims_value(const std::string& key, const std::string& text, int dims, int64_t min_value);
Result<bool> parse_bool_value(const std::string& key, const std::string& text);
struct PaddingValue {
  PaddingKind kind = PaddingKind::kExplicit;
  Dims padding{0, 0};  // for kExplicit
  friend bool operator==(const PaddingValue&, const PaddingValue&) = default;
};
// An int, "h,w", "same" or "valid".
Result<PaddingValue> parse_padding_value(const std::string& key, const std::string& text, int dims);
// L for 1-D; "HxW", "H,W" or one number for a square input for 2-D.
Result<Dims> parse_input_size(const std::string& key, const std::string& text, int dims);

}  // namespace convstep
