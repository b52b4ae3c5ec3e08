// The bounded JSON reader of core/json_read.h: a SAX handler that builds nlohmann::json values, counts
// depth and values as they arrive, and packs long numeric lists into float32 bytes.
#include "core/json_read.h"

#include <algorithm>
#include <cfloat>
#include <cmath>
#include <cstring>
#include <optional>

namespace convstep {

namespace {

using json = nlohmann::json;

// The binary subtype that marks a packed list; convstep never reads binary JSON otherwise.
constexpr std::uint8_t kPackedSubtype = 0xC5;

bool fits_float(double d) {
  return std::isfinite(d) && std::fabs(d) <= static_cast<double>(FLT_MAX);
}

class BoundedBuilder {
 public:
  BoundedBuilder(const JsonLimits& limits, size_t text_bytes)
      : limits_(limits),
        memory_budget_(std::max(limits.min_memory_bytes,
                                limits.memory_per_text_byte * static_cast<int64_t>(text_bytes))) {}

  json& root() { return root_; }
  const std::string& error() const { return error_; }

  bool null() { return add(json(nullptr)); }
  bool boolean(bool v) { return add(json(v)); }
  bool number_integer(json::number_integer_t v) { return add_number(json(v), static_cast<double>(v)); }
  bool number_unsigned(json::number_unsigned_t v) { return add_number(json(v), static_cast<double>(v)); }
  bool number_float(json::number_float_t v, const std::string&) { return add_number(json(v), v); }
  bool string(std::string& v) { return add(json(std::move(v))); }
  bool binary(json::binary_t&) { return refuse("binary values are not JSON text"); }

  bool start_object(std::size_t) { return open(json::object()); }
  bool key(std::string& k) {
    key_ = std::move(k);
    return true;
  }
  bool end_object() { return close(); }
  bool start_array(std::size_t) { return open(json::array()); }
  bool end_array() {
    Frame& f = stack_.back();
    if (f.packing) {
      *f.value = json::binary(std::move(f.packed), kPackedSubtype);
    }
    return close();
  }

  bool parse_error(std::size_t position, const std::string&, const nlohmann::detail::exception& e) {
    std::string what = e.what();
    if (auto p = what.find("] "); p != std::string::npos) what = what.substr(p + 2);
    error_position_ = position;
    return refuse(what);
  }
  std::optional<std::size_t> error_position() const { return error_position_; }

 private:
  struct Frame {
    json* value = nullptr;
    bool packing = false;
    bool plain = false;                // holds something other than a float32 number: never packed
    std::vector<std::uint8_t> packed;  // float32 bytes while `packing`
  };

  bool refuse(std::string message) {
    if (error_.empty()) error_ = std::move(message);
    return false;
  }

  // Estimated bytes of what is built (see JsonLimits).
  static constexpr int64_t kPlainValueBytes = 32, kContainerBytes = 64, kPackedValueBytes = 4;

  bool count(int64_t bytes) {
    if (++values_ > limits_.max_values)
      return refuse("more than " + std::to_string(limits_.max_values) + " values (the most convstep reads)");
    return charge(bytes);
  }

  bool charge(int64_t bytes) {
    memory_ += bytes;
    if (memory_ > memory_budget_) {
      return refuse("its values would take more than " + std::to_string(memory_budget_ >> 20) +
                    " MB to read (too many short lists and single values; write a large tensor as one flat "
                    "\"data\" list with a \"shape\")");
    }
    return true;
  }

  bool check_length(const Frame& f) {
    const size_t n = f.packing ? f.packed.size() / sizeof(float) : f.value->size();
    if (static_cast<int64_t>(n) >= limits_.max_list_length)
      return refuse("a list longer than " + std::to_string(limits_.max_list_length) + " elements");
    return true;
  }

  // Places a finished value in the open list or object (or as the root).
  json* place(json&& v) {
    if (stack_.empty()) {
      root_ = std::move(v);
      return &root_;
    }
    json& parent = *stack_.back().value;
    if (parent.is_object()) return &(parent[key_] = std::move(v));
    parent.push_back(std::move(v));
    return &parent.back();
  }

  // A list that was being packed meets something that is not a small number: it becomes a plain list.
  bool unpack(Frame& f) {
    if (!f.packing) return true;
    json list = json::array();
    const size_t n = f.packed.size() / sizeof(float);
    if (!charge(static_cast<int64_t>(n) * (kPlainValueBytes - kPackedValueBytes))) return false;
    for (size_t i = 0; i < n; ++i) {
      float v;
      std::memcpy(&v, f.packed.data() + i * sizeof(float), sizeof v);
      list.push_back(static_cast<double>(v));
    }
    *f.value = std::move(list);
    f.packing = false;
    f.packed = {};
    return true;
  }

  bool make_plain(Frame& f) {
    f.plain = true;
    return unpack(f);
  }

  bool add(json&& v) {
    if (!count(kPlainValueBytes)) return false;
    if (!stack_.empty() && (!check_length(stack_.back()) || !make_plain(stack_.back()))) return false;
    place(std::move(v));
    return true;
  }

  bool add_number(json&& v, double d) {
    if (stack_.empty() || !stack_.back().value->is_array()) {
      if (!count(kPlainValueBytes)) return false;
      place(std::move(v));
      return true;
    }
    Frame& f = stack_.back();
    if (!check_length(f)) return false;
    if (!fits_float(d)) {
      // The reader reports this value itself, with its index.
      if (!count(kPlainValueBytes) || !make_plain(f)) return false;
      place(std::move(v));
      return true;
    }
    if (!f.packing) {
      json& list = *f.value;
      if (f.plain || list.size() + 1 < kPackedListMinLength) {
        if (!count(kPlainValueBytes)) return false;
        place(std::move(v));
        return true;
      }
      // From here on the list is packed: what its first values were charged is given back.
      memory_ -= static_cast<int64_t>(list.size()) * (kPlainValueBytes - kPackedValueBytes);
      f.packing = true;
      for (const json& e : list) push_float(f, static_cast<float>(e.get<double>()));
      list = json::array();
    }
    if (!count(kPackedValueBytes)) return false;
    push_float(f, static_cast<float>(d));
    return true;
  }

  static void push_float(Frame& f, float v) {
    const size_t at = f.packed.size();
    f.packed.resize(at + sizeof v);
    std::memcpy(f.packed.data() + at, &v, sizeof v);
  }

  bool open(json&& container) {
    if (!count(kContainerBytes)) return false;
    if (static_cast<int>(stack_.size()) >= limits_.max_depth)
      return refuse("lists and objects nested more than " + std::to_string(limits_.max_depth) + " deep");
    if (!stack_.empty() && (!check_length(stack_.back()) || !make_plain(stack_.back()))) return false;
    json* placed = place(std::move(container));
    stack_.push_back(Frame{placed, false, false, {}});
    return true;
  }

  bool close() {
    stack_.pop_back();
    return true;
  }

  const JsonLimits& limits_;
  const int64_t memory_budget_;
  int64_t memory_ = 0;
  json root_;
  std::vector<Frame> stack_;
  std::string key_;
  int64_t values_ = 0;
  std::string error_;
  std::optional<std::size_t> error_position_;
};

// "line L, column C" of a byte offset, for errors nlohmann states without one (number overflow).
std::string place_text(std::string_view text, std::size_t position) {
  position = std::min(position, text.size());
  int64_t line = 1, column = 1;
  for (std::size_t i = 0; i < position; ++i) {
    if (text[i] == '\n') {
      ++line;
      column = 1;
    } else {
      ++column;
    }
  }
  return "line " + std::to_string(line) + ", column " + std::to_string(column);
}

}  // namespace

Result<json> parse_json_bounded(std::string_view text, const std::string& source, const JsonLimits& limits) {
  if (static_cast<int64_t>(text.size()) > limits.max_bytes) {
    return make_error(source + ": the file is " + std::to_string(text.size()) +
                      " bytes; convstep reads at most " + std::to_string(limits.max_bytes) +
                      " bytes of JSON");
  }
  BoundedBuilder builder(limits, text.size());
  bool ok = false;
  try {
    ok = json::sax_parse(text.begin(), text.end(), &builder, json::input_format_t::json, /*strict=*/true,
                         /*ignore_comments=*/true);
  } catch (const std::exception& e) {
    // The SAX interface reports through parse_error; anything else (allocation) still becomes a message.
    return make_error(source + ": cannot read the JSON: " + e.what());
  }
  if (!ok) {
    std::string why = builder.error().empty() ? "the text ends early" : builder.error();
    if (builder.error_position() && why.find("line ") == std::string::npos)
      why += " (at " + place_text(text, *builder.error_position()) + ")";
    return make_error(source + ": invalid JSON: " + why);
  }
  return std::move(builder.root());
}

bool is_packed_numbers(const json& j) {
  return j.is_binary() && j.get_binary().has_subtype() && j.get_binary().subtype() == kPackedSubtype;
}

size_t packed_size(const json& j) {
  return j.get_binary().size() / sizeof(float);
}

float packed_value(const json& j, size_t i) {
  float v;
  std::memcpy(&v, j.get_binary().data() + i * sizeof(float), sizeof v);
  return v;
}

void append_packed(const json& j, std::vector<float>* out) {
  const size_t n = packed_size(j);
  const size_t at = out->size();
  out->resize(at + n);
  std::memcpy(out->data() + at, j.get_binary().data(), n * sizeof(float));
}

}  // namespace convstep
