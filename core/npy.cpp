// NumPy .npy reading and writing. The header is a Python dict literal; we parse the small subset
// NumPy writes (strings, True/False, tuples of ints) by hand and check every size before allocating,
// so a hostile or damaged file yields an error message, never a crash or a giant buffer.
#include "core/npy.h"

#include "core/atomic_write.h"

#include <algorithm>
#include <bit>
#include <cctype>
#include <cerrno>
#include <cmath>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <limits>
#include <optional>
#include <string_view>
#include <system_error>

namespace convstep {

namespace {

constexpr uint8_t kMagic[6] = {0x93, 'N', 'U', 'M', 'P', 'Y'};
constexpr size_t kPreludeV1 = 10;  // magic, version, 2-byte header length
constexpr size_t kPreludeV2 = 12;  // magic, version, 4-byte header length
// NumPy itself refuses headers past 10000 bytes by default; a 4-D shape needs about 100.
constexpr size_t kMaxHeaderBytes = size_t{1} << 20;
constexpr size_t kHeaderAlignment = 64;

enum class Kind { kFloat, kSigned, kUnsigned };

struct DType {
  Kind kind = Kind::kFloat;
  int bytes = 4;
};

struct NpyHeader {
  DType dtype;
  Shape shape;
  int64_t numel = 0;
  size_t data_offset = 0;
};

Error fail(const std::string& name, const std::string& what) {
  return make_error(name + ": " + what);
}

std::string printable(const std::string& s) {
  std::string out;
  for (char c : s) {
    auto u = static_cast<unsigned char>(c);
    if (u >= 0x20 && u < 0x7f) {
      out += c;
    } else {
      char buf[8];
      std::snprintf(buf, sizeof buf, "\\x%02x", u);
      out += buf;
    }
  }
  return out;
}

// A value of the header dict. Only what NumPy writes: strings, booleans, integer tuples;
// anything else parses as kOther so the caller can name the key that holds it.
struct PyValue {
  enum class Type { kString, kBool, kTuple, kOther } type = Type::kOther;
  std::string text;               // kString, or the raw source for kOther
  bool flag = false;              // kBool
  std::vector<int64_t> items;     // kTuple
  bool item_overflow = false;     // some tuple entry did not fit in int64
  bool non_integer_item = false;  // some tuple entry was not an integer
};

// Recursive-descent parser for the header dict.
class DictParser {
 public:
  explicit DictParser(std::string_view src) : src_(src) {}

  // On success fills `out` with key → value; on failure returns a description of the problem.
  std::optional<std::string> parse(std::vector<std::pair<std::string, PyValue>>& out) {
    skip_space();
    if (!eat('{')) return "the header is not a Python dict (it does not start with '{')";
    skip_space();
    while (!eat('}')) {
      std::string key;
      if (!parse_string(key)) return "a key of the header dict is not a quoted string";
      skip_space();
      if (!eat(':')) return "missing ':' after key '" + printable(key) + "' in the header dict";
      skip_space();
      PyValue value;
      if (auto err = parse_value(value)) return "value of '" + printable(key) + "': " + *err;
      out.emplace_back(std::move(key), std::move(value));
      skip_space();
      if (eat(',')) {
        skip_space();
        continue;
      }
      if (!eat('}')) return "expected ',' or '}' in the header dict at byte " + std::to_string(pos_);
      break;
    }
    skip_space();
    if (pos_ != src_.size()) return "unexpected text after the header dict";
    return std::nullopt;
  }

 private:
  bool at_end() const { return pos_ >= src_.size(); }
  char peek() const { return at_end() ? '\0' : src_[pos_]; }
  bool eat(char c) {
    if (peek() != c || at_end()) return false;
    ++pos_;
    return true;
  }
  void skip_space() {
    while (!at_end() && (src_[pos_] == ' ' || src_[pos_] == '\t' || src_[pos_] == '\n' || src_[pos_] == '\r'))
      ++pos_;
  }

  bool parse_string(std::string& out) {
    char quote = peek();
    if (quote != '\'' && quote != '"') return false;
    ++pos_;
    while (!at_end() && src_[pos_] != quote) {
      if (src_[pos_] == '\\') return false;  // NumPy never escapes; refusing keeps the parser simple
      out += src_[pos_++];
    }
    return eat(quote);
  }

  bool parse_word(const char* word) {
    size_t n = std::strlen(word);
    if (src_.substr(pos_, n) != word) return false;
    pos_ += n;
    return true;
  }

  std::optional<std::string> parse_value(PyValue& v) {
    char c = peek();
    if (c == '\'' || c == '"') {
      v.type = PyValue::Type::kString;
      if (!parse_string(v.text)) return "unterminated string";
      return std::nullopt;
    }
    if (parse_word("True")) {
      v.type = PyValue::Type::kBool;
      v.flag = true;
      return std::nullopt;
    }
    if (parse_word("False")) {
      v.type = PyValue::Type::kBool;
      v.flag = false;
      return std::nullopt;
    }
    if (c == '(' || c == '[') return parse_tuple(v, c == '(' ? ')' : ']');
    // Something else (e.g. a structured dtype list or None): skip to the next top-level ',' or '}'.
    size_t start = pos_;
    int depth = 0;
    while (!at_end()) {
      char d = src_[pos_];
      if (d == '(' || d == '[' || d == '{') ++depth;
      if (d == ')' || d == ']' || d == '}') {
        if (depth == 0) break;
        --depth;
      }
      if (d == ',' && depth == 0) break;
      ++pos_;
    }
    v.type = PyValue::Type::kOther;
    v.text = std::string(src_.substr(start, pos_ - start));
    if (v.text.empty()) return "missing value";
    return std::nullopt;
  }

  std::optional<std::string> parse_tuple(PyValue& v, char close) {
    v.type = PyValue::Type::kTuple;
    ++pos_;
    skip_space();
    while (!eat(close)) {
      if (at_end()) return "unterminated tuple";
      bool negative = eat('-');
      if (!std::isdigit(static_cast<unsigned char>(peek()))) {
        v.non_integer_item = true;
        // Skip the odd item so the rest of the header can still be checked.
        while (!at_end() && peek() != ',' && peek() != close) ++pos_;
      } else {
        int64_t n = 0;
        while (std::isdigit(static_cast<unsigned char>(peek()))) {
          int digit = peek() - '0';
          if (n > (std::numeric_limits<int64_t>::max() - digit) / 10) {
            v.item_overflow = true;
          } else {
            n = n * 10 + digit;
          }
          ++pos_;
        }
        eat('L');  // Python 2 era files write long integers as 3L
        v.items.push_back(negative ? -n : n);
        if (peek() != ',' && peek() != close && peek() != ' ') {
          v.non_integer_item = true;  // e.g. 2.5 or 3e2
          while (!at_end() && peek() != ',' && peek() != close) ++pos_;
        }
      }
      skip_space();
      if (eat(',')) {
        skip_space();
        continue;
      }
      if (!eat(close)) return "expected ',' or a closing bracket in the tuple";
      break;
    }
    return std::nullopt;
  }

  std::string_view src_;
  size_t pos_ = 0;
};

std::optional<DType> parse_descr(const std::string& descr) {
  if (descr.size() < 3) return std::nullopt;
  char order = descr[0];
  char kind = descr[1];
  std::string size = descr.substr(2);
  // Single bytes have no byte order, so any order marker is fine for them.
  if (size == "1" && (order == '|' || order == '<' || order == '>' || order == '=')) {
    if (kind == 'u') return DType{Kind::kUnsigned, 1};
    if (kind == 'i') return DType{Kind::kSigned, 1};
    return std::nullopt;
  }
  if (order != '<') return std::nullopt;
  if (kind == 'f' && size == "4") return DType{Kind::kFloat, 4};
  if (kind == 'f' && size == "8") return DType{Kind::kFloat, 8};
  if (kind == 'i' && size == "4") return DType{Kind::kSigned, 4};
  if (kind == 'i' && size == "8") return DType{Kind::kSigned, 8};
  return std::nullopt;
}

uint64_t load_le(const uint8_t* p, int bytes) {
  uint64_t v = 0;
  for (int i = bytes - 1; i >= 0; --i) v = (v << 8) | p[i];
  return v;
}

float to_float(const uint8_t* p, DType t) {
  uint64_t bits = load_le(p, t.bytes);
  switch (t.kind) {
    case Kind::kFloat:
      if (t.bytes == 4) {
        float f;
        auto b32 = static_cast<uint32_t>(bits);
        std::memcpy(&f, &b32, sizeof f);
        return f;
      } else {
        double d;
        std::memcpy(&d, &bits, sizeof d);
        // Out-of-range double → float is undefined behaviour in C++; saturate to infinity as IEEE would.
        if (std::isfinite(d) && std::fabs(d) > std::numeric_limits<float>::max())
          return d > 0 ? std::numeric_limits<float>::infinity() : -std::numeric_limits<float>::infinity();
        return static_cast<float>(d);
      }
    case Kind::kSigned:
      switch (t.bytes) {
        case 1:
          return static_cast<float>(static_cast<int8_t>(bits));
        case 4:
          return static_cast<float>(static_cast<int32_t>(static_cast<uint32_t>(bits)));
        default:
          return static_cast<float>(static_cast<int64_t>(bits));
      }
    case Kind::kUnsigned:
      return static_cast<float>(bits);
  }
  return 0.0f;
}

// Parses the prelude and header dict. `size` may extend past the header (into the data) or stop
// short of it, in which case the header is reported as truncated.
Result<NpyHeader> parse_header(const uint8_t* data, size_t size, const std::string& name) {
  if (size < sizeof kMagic || std::memcmp(data, kMagic, sizeof kMagic) != 0) {
    std::string got(reinterpret_cast<const char*>(data), std::min(size, sizeof kMagic));
    return fail(name, "not a .npy file: it must start with the bytes \\x93NUMPY, but starts with \"" +
                          printable(got) + "\"");
  }
  if (size < 8) return fail(name, "truncated header: the file ends inside the format version");
  int major = data[6];
  int minor = data[7];
  if ((major != 1 && major != 2 && major != 3) || minor != 0) {
    return fail(name, "unsupported .npy format version " + std::to_string(major) + "." +
                          std::to_string(minor) + " (versions 1.0, 2.0 and 3.0 are supported)");
  }
  size_t prelude = major == 1 ? kPreludeV1 : kPreludeV2;
  if (size < prelude) {
    return fail(name, "truncated header: the file has " + std::to_string(size) +
                          " bytes, too few for the header length field (needs " + std::to_string(prelude) +
                          ")");
  }
  size_t header_len = static_cast<size_t>(load_le(data + 8, major == 1 ? 2 : 4));
  if (header_len > kMaxHeaderBytes) {
    return fail(name, "header length " + std::to_string(header_len) + " bytes is larger than the limit of " +
                          std::to_string(kMaxHeaderBytes) + " bytes");
  }
  if (size - prelude < header_len) {
    return fail(name, "truncated header: the header should be " + std::to_string(header_len) +
                          " bytes but the file has only " + std::to_string(size - prelude) +
                          " after the prelude");
  }
  std::string_view text(reinterpret_cast<const char*>(data + prelude), header_len);

  std::vector<std::pair<std::string, PyValue>> dict;
  if (auto err = DictParser(text).parse(dict)) return fail(name, "malformed header: " + *err);
  auto find = [&](const char* key) -> const PyValue* {
    for (const auto& [k, v] : dict)
      if (k == key) return &v;
    return nullptr;
  };
  const PyValue* descr = find("descr");
  const PyValue* fortran = find("fortran_order");
  const PyValue* shape = find("shape");
  const std::pair<const char*, const PyValue*> required[] = {
      {"descr", descr}, {"fortran_order", fortran}, {"shape", shape}};
  for (const auto& [key, value] : required) {
    if (!value) return fail(name, std::string("malformed header: the key '") + key + "' is missing");
  }

  NpyHeader h;
  if (descr->type != PyValue::Type::kString) {
    return fail(name, "unsupported dtype " + printable(descr->text) +
                          " (structured dtypes are not supported; use a plain numeric array)");
  }
  auto dtype = parse_descr(descr->text);
  if (!dtype) {
    std::string why = "unsupported dtype '" + printable(descr->text) + "'";
    if (!descr->text.empty() && descr->text[0] == '>')
      why += " (big-endian; save the array as little-endian)";
    return fail(name, why + ": supported are <f4, <f8, <i4, <i8, |u1 and |i1");
  }
  h.dtype = *dtype;

  if (fortran->type != PyValue::Type::kBool)
    return fail(name,
                "malformed header: fortran_order is " + printable(fortran->text) + ", not True or False");
  if (fortran->flag) {
    return fail(name,
                "the array is stored in Fortran (column-major) order, which is not supported; "
                "save it with numpy.ascontiguousarray first");
  }

  if (shape->type != PyValue::Type::kTuple)
    return fail(name, "malformed header: shape is " + printable(shape->text) + ", not a tuple");
  if (shape->non_integer_item)
    return fail(name, "malformed header: the shape holds something that is not an integer");
  if (shape->item_overflow) return fail(name, "the shape has a dimension too large to represent");
  if (shape->items.size() > static_cast<size_t>(Tensor::kMaxDims)) {
    return fail(name, "the array has " + std::to_string(shape->items.size()) + " dimensions " +
                          shape_to_string(shape->items) + "; at most " + std::to_string(Tensor::kMaxDims) +
                          " are supported");
  }
  for (int64_t d : shape->items) {
    if (d < 0) return fail(name, "the shape " + shape_to_string(shape->items) + " has a negative dimension");
    if (d > kNpyMaxElements) {
      return fail(name, "the shape " + shape_to_string(shape->items) +
                            " has a dimension larger than the limit of " + std::to_string(kNpyMaxElements) +
                            " elements");
    }
  }
  // Every factor is at most 2^28 and we stop once the product passes 2^28, so nothing overflows.
  // A zero dimension makes the array empty however large the others are.
  bool has_zero = false;
  for (int64_t d : shape->items) has_zero = has_zero || d == 0;
  int64_t numel = 1;
  bool too_big = false;
  for (int64_t d : shape->items) {
    if (has_zero || too_big) break;
    numel *= d;
    too_big = numel > kNpyMaxElements;
  }
  if (has_zero) numel = 0;
  if (too_big) {
    return fail(name, "the shape " + shape_to_string(shape->items) + " has more than " +
                          std::to_string(kNpyMaxElements) + " elements, the most convstep accepts");
  }
  h.shape = shape->items;
  h.numel = numel;
  h.data_offset = prelude + header_len;
  return h;
}

Result<Tensor> decode_data(const NpyHeader& h, const uint8_t* data, size_t size, const std::string& name) {
  uint64_t expected = static_cast<uint64_t>(h.numel) * static_cast<uint64_t>(h.dtype.bytes);
  if (size != expected) {
    std::string what = size < expected ? "the data is truncated" : "the file has extra bytes after the data";
    return fail(name, what + ": shape " + shape_to_string(h.shape) + " with " +
                          std::to_string(h.dtype.bytes) + "-byte elements needs " + std::to_string(expected) +
                          " bytes of data, the file has " + std::to_string(size));
  }
  std::vector<float> values(static_cast<size_t>(h.numel));
  for (size_t i = 0; i < values.size(); ++i) values[i] = to_float(data + i * h.dtype.bytes, h.dtype);
  return Tensor(h.shape, std::move(values));
}

std::string header_text(const Shape& shape) {
  std::string dims;
  for (int64_t d : shape) dims += std::to_string(d) + ", ";
  if (shape.size() > 1) dims.resize(dims.size() - 2);  // (2, 3) but (5,) for one dimension
  if (shape.size() == 1) dims.pop_back();
  return "{'descr': '<f4', 'fortran_order': False, 'shape': (" + dims + "), }";
}

}  // namespace

Result<Tensor> parse_npy(const std::vector<uint8_t>& bytes, const std::string& name) {
  auto header = parse_header(bytes.data(), bytes.size(), name);
  if (!header) return header.error();
  size_t off = header->data_offset;
  return decode_data(*header, bytes.data() + off, bytes.size() - off, name);
}

Result<Tensor> read_npy(const std::string& path) {
  std::error_code ec;
  auto file_size = std::filesystem::file_size(path, ec);
  if (ec) return fail(path, "cannot read the file: " + ec.message());
  std::ifstream in(path, std::ios::binary);
  if (!in) return fail(path, std::string("cannot open the file: ") + std::strerror(errno));

  // Read only as far as the header can reach, validate it, and only then allocate for the data,
  // whose size is then bounded by both the header's shape and the real file size.
  std::vector<uint8_t> prefix(
      static_cast<size_t>(std::min<uintmax_t>(file_size, kPreludeV2 + kMaxHeaderBytes)));
  if (!in.read(reinterpret_cast<char*>(prefix.data()), static_cast<std::streamsize>(prefix.size())))
    return fail(path, "read error while reading the header");
  auto header = parse_header(prefix.data(), prefix.size(), path);
  if (!header) return header.error();

  size_t off = header->data_offset;
  uint64_t expected = static_cast<uint64_t>(header->numel) * static_cast<uint64_t>(header->dtype.bytes);
  uint64_t available = file_size - off;
  if (available != expected) return decode_data(*header, nullptr, static_cast<size_t>(available), path);

  // Straight into the tensor's values: '<f4' on a little-endian machine is already their layout, and
  // other types are converted a chunk at a time, so reading never holds the file's bytes twice.
  std::vector<float> values(static_cast<size_t>(header->numel));
  in.seekg(static_cast<std::streamoff>(off));
  const DType dtype = header->dtype;
  if (std::endian::native == std::endian::little && dtype.kind == Kind::kFloat && dtype.bytes == 4) {
    if (!values.empty() &&
        !in.read(reinterpret_cast<char*>(values.data()), static_cast<std::streamsize>(expected)))
      return fail(path, "read error while reading the data");
    return Tensor(header->shape, std::move(values));
  }
  constexpr size_t kChunkElements = size_t{1} << 18;
  std::vector<uint8_t> chunk(std::min(values.size(), kChunkElements) * static_cast<size_t>(dtype.bytes));
  for (size_t first = 0; first < values.size(); first += kChunkElements) {
    const size_t count = std::min(kChunkElements, values.size() - first);
    if (!in.read(reinterpret_cast<char*>(chunk.data()), static_cast<std::streamsize>(count * dtype.bytes)))
      return fail(path, "read error while reading the data");
    for (size_t i = 0; i < count; ++i) values[first + i] = to_float(chunk.data() + i * dtype.bytes, dtype);
  }
  return Tensor(header->shape, std::move(values));
}

namespace {

// The magic, the version 1.0 length and the header text, padded so the data starts on a 64-byte boundary.
std::string npy_prelude_and_header(const Tensor& tensor) {
  std::string header = header_text(tensor.shape());
  const size_t unpadded = kPreludeV1 + header.size() + 1;
  const size_t padding = (kHeaderAlignment - unpadded % kHeaderAlignment) % kHeaderAlignment;
  header.append(padding, ' ');
  header += '\n';
  std::string out;
  out.reserve(kPreludeV1 + header.size());
  for (int i = 0; i < 6; ++i) out += static_cast<char>(kMagic[i]);
  out += static_cast<char>(1);
  out += static_cast<char>(0);
  out += static_cast<char>(header.size() & 0xff);
  out += static_cast<char>(header.size() >> 8);
  return out + header;
}

}  // namespace

std::vector<uint8_t> encode_npy(const Tensor& tensor) {
  const std::string head = npy_prelude_and_header(tensor);
  std::vector<uint8_t> out(head.size() + static_cast<size_t>(tensor.numel()) * 4);
  std::memcpy(out.data(), head.data(), head.size());
  uint8_t* p = out.data() + head.size();
  for (float v : tensor.values()) {
    uint32_t bits;
    std::memcpy(&bits, &v, sizeof bits);
    for (int i = 0; i < 4; ++i) *p++ = static_cast<uint8_t>(bits >> (8 * i));
  }
  return out;
}

Status write_npy(const std::string& path, const Tensor& tensor) {
  if constexpr (std::endian::native == std::endian::little) {
    // '<f4' is the machine's own layout: the values are written straight from the tensor, not copied first.
    const std::string head = npy_prelude_and_header(tensor);
    const std::vector<float>& values = tensor.values();
    return atomic_write(
        path, {std::string_view(head), std::string_view(reinterpret_cast<const char*>(values.data()),
                                                        values.size() * sizeof(float))});
  }
  const std::vector<uint8_t> bytes = encode_npy(tensor);
  return atomic_write(path, std::string_view(reinterpret_cast<const char*>(bytes.data()), bytes.size()));
}

}  // namespace convstep
