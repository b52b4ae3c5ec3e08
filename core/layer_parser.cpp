// The PyTorch layer reader: a small lexer for the Python a layer line uses (names, integers, strings,
// tuples, True/False/None), the argument lists of the layers convstep runs, and the translation of each
// value into the edit text that core/params.h's parsers read, so `stride=(2, 1)` and `--set stride=2,1`
// are checked by the same code.
#include "core/layer_parser.h"

#include <algorithm>
#include <cctype>
#include <utility>
#include <variant>

#include "core/params.h"

namespace convstep {

namespace {

enum class TokenKind { kName, kNumber, kString, kLeft, kRight, kComma, kEquals, kMinus, kEnd, kBad };

struct Token {
  TokenKind kind = TokenKind::kEnd;
  std::string text;   // as typed (a string without its quotes)
  size_t offset = 0;  // byte offset in the line
};

// The character column of a byte offset: UTF-8 continuation bytes do not start a character.
size_t column_of(const std::string& line, size_t offset) {
  size_t column = 1;
  for (size_t i = 0; i < offset && i < line.size(); ++i)
    if ((static_cast<unsigned char>(line[i]) & 0xC0) != 0x80) ++column;
  return column;
}

struct Failure {
  std::string message;
  size_t offset = 0;
};

bool is_name_char(char c) {
  return std::isalnum(static_cast<unsigned char>(c)) || c == '_' || c == '.';
}

// Splits the line into tokens; an unterminated string or a stray character is one kBad token.
std::vector<Token> tokenize(const std::string& line) {
  std::vector<Token> tokens;
  size_t i = 0;
  while (i < line.size()) {
    const char c = line[i];
    if (c == ' ' || c == '\t' || c == '\r' || c == '\n') {
      ++i;
      continue;
    }
    const size_t start = i;
    if (std::isdigit(static_cast<unsigned char>(c))) {
      // Digits and whatever sticks to them ("3.5", "3x"), so a bad number is quoted whole.
      while (i < line.size() && is_name_char(line[i])) ++i;
      tokens.push_back({TokenKind::kNumber, line.substr(start, i - start), start});
    } else if (std::isalpha(static_cast<unsigned char>(c)) || c == '_') {
      while (i < line.size() && is_name_char(line[i])) ++i;
      tokens.push_back({TokenKind::kName, line.substr(start, i - start), start});
    } else if (c == '\'' || c == '"') {
      const size_t close = line.find(c, i + 1);
      if (close == std::string::npos) {
        tokens.push_back({TokenKind::kBad, "unterminated string", start});
        return tokens;
      }
      tokens.push_back({TokenKind::kString, line.substr(i + 1, close - i - 1), start});
      i = close + 1;
    } else {
      TokenKind kind = TokenKind::kBad;
      if (c == '(') kind = TokenKind::kLeft;
      if (c == ')') kind = TokenKind::kRight;
      if (c == ',') kind = TokenKind::kComma;
      if (c == '=') kind = TokenKind::kEquals;
      if (c == '-') kind = TokenKind::kMinus;
      // A whole UTF-8 character, so the message quotes it intact.
      size_t end = i + 1;
      while (end < line.size() && (static_cast<unsigned char>(line[end]) & 0xC0) == 0x80) ++end;
      tokens.push_back({kind, line.substr(start, end - start), start});
      i = end;
    }
  }
  tokens.push_back({TokenKind::kEnd, "", line.size()});
  return tokens;
}

std::string describe(const Token& t) {
  switch (t.kind) {
    case TokenKind::kEnd:
      return "the end of the line";
    case TokenKind::kString:
      return "the string '" + t.text + "'";
    default:
      return "'" + t.text + "'";
  }
}

// A value as written: an integer, a string, True/False/None, or a tuple of integers.
struct Value {
  enum class Kind { kInt, kString, kBool, kNone, kTuple } kind = Kind::kInt;
  std::string text;                // kInt: the digits (with a '-'); kString: the contents
  bool flag = false;               // kBool
  std::vector<std::string> items;  // kTuple: each integer's text
  size_t offset = 0;
};

// How an argument's value turns into edit text.
enum class ArgKind {
  kParam,          // a table parameter: the value's text goes through parse_param
  kReturnIndices,  // must be False: convstep shows values, not indices
  kDivisor,        // None, or 1 for sum pooling
  kDeviceDtype,    // accepted by PyTorch but meaningless here
};

struct ArgSpec {
  const char* name;
  ArgKind kind;
  Param param;  // for kParam
  bool required;
};

struct LayerSpec {
  const char* name;  // "Conv2d"
  Op op;
  std::vector<ArgSpec> args;  // positional order
};

const std::vector<LayerSpec>& layer_specs() {
  static const std::vector<LayerSpec> specs = [] {
    const std::vector<ArgSpec> conv = {{"in_channels", ArgKind::kParam, Param::kInChannels, true},
                                       {"out_channels", ArgKind::kParam, Param::kOutChannels, true},
                                       {"kernel_size", ArgKind::kParam, Param::kKernelSize, true},
                                       {"stride", ArgKind::kParam, Param::kStride, false},
                                       {"padding", ArgKind::kParam, Param::kPadding, false},
                                       {"dilation", ArgKind::kParam, Param::kDilation, false},
                                       {"groups", ArgKind::kParam, Param::kGroups, false},
                                       {"bias", ArgKind::kParam, Param::kBias, false},
                                       {"padding_mode", ArgKind::kParam, Param::kPaddingMode, false},
                                       {"device", ArgKind::kDeviceDtype, Param::kOp, false},
                                       {"dtype", ArgKind::kDeviceDtype, Param::kOp, false}};
    const std::vector<ArgSpec> conv_transpose = {
        {"in_channels", ArgKind::kParam, Param::kInChannels, true},
        {"out_channels", ArgKind::kParam, Param::kOutChannels, true},
        {"kernel_size", ArgKind::kParam, Param::kKernelSize, true},
        {"stride", ArgKind::kParam, Param::kStride, false},
        {"padding", ArgKind::kParam, Param::kPadding, false},
        {"output_padding", ArgKind::kParam, Param::kOutputPadding, false},
        {"groups", ArgKind::kParam, Param::kGroups, false},
        {"bias", ArgKind::kParam, Param::kBias, false},
        {"dilation", ArgKind::kParam, Param::kDilation, false},
        {"padding_mode", ArgKind::kParam, Param::kPaddingMode, false},
        {"device", ArgKind::kDeviceDtype, Param::kOp, false},
        {"dtype", ArgKind::kDeviceDtype, Param::kOp, false}};
    const std::vector<ArgSpec> max_pool = {{"kernel_size", ArgKind::kParam, Param::kKernelSize, true},
                                           {"stride", ArgKind::kParam, Param::kStride, false},
                                           {"padding", ArgKind::kParam, Param::kPadding, false},
                                           {"dilation", ArgKind::kParam, Param::kDilation, false},
                                           {"return_indices", ArgKind::kReturnIndices, Param::kOp, false},
                                           {"ceil_mode", ArgKind::kParam, Param::kCeilMode, false}};
    std::vector<ArgSpec> avg_pool = {{"kernel_size", ArgKind::kParam, Param::kKernelSize, true},
                                     {"stride", ArgKind::kParam, Param::kStride, false},
                                     {"padding", ArgKind::kParam, Param::kPadding, false},
                                     {"ceil_mode", ArgKind::kParam, Param::kCeilMode, false},
                                     {"count_include_pad", ArgKind::kParam, Param::kCountIncludePad, false}};
    std::vector<ArgSpec> avg_pool2d = avg_pool;
    avg_pool2d.push_back({"divisor_override", ArgKind::kDivisor, Param::kOp, false});
    return std::vector<LayerSpec>{{"Conv1d", Op::kConv1d, conv},
                                  {"Conv2d", Op::kConv2d, conv},
                                  {"MaxPool1d", Op::kMaxPool1d, max_pool},
                                  {"MaxPool2d", Op::kMaxPool2d, max_pool},
                                  {"AvgPool1d", Op::kAvgPool1d, avg_pool},
                                  {"AvgPool2d", Op::kAvgPool2d, avg_pool2d},
                                  {"ConvTranspose1d", Op::kConvTranspose1d, conv_transpose},
                                  {"ConvTranspose2d", Op::kConvTranspose2d, conv_transpose}};
  }();
  return specs;
}

constexpr const char* kReadable =
    "nn.Conv1d, nn.Conv2d, nn.ConvTranspose1d, nn.ConvTranspose2d, nn.MaxPool1d, nn.MaxPool2d, nn.AvgPool1d "
    "and nn.AvgPool2d";

// Layers PyTorch has that convstep does not run (yet), each with its reason.
std::optional<std::string> unsupported_reason(const std::string& name) {
  if (name == "Conv3d" || name == "MaxPool3d" || name == "AvgPool3d" || name == "ConvTranspose3d")
    return "nn." + name + " is 3-D, which convstep does not show; it reads " + kReadable;
  if (name == "LazyConv1d" || name == "LazyConv2d")
    return "nn." + name + " infers in_channels from its first input; write nn." + name.substr(4) +
           " with in_channels instead";
  if (name == "AdaptiveAvgPool1d" || name == "AdaptiveAvgPool2d" || name == "AdaptiveMaxPool1d" ||
      name == "AdaptiveMaxPool2d" || name == "LPPool1d" || name == "LPPool2d" ||
      name == "FractionalMaxPool2d")
    return "nn." + name + " is not supported; convstep reads " + kReadable;
  return std::nullopt;
}

class Reader {
 public:
  explicit Reader(const std::string& line) : tokens_(tokenize(line)) {}

  std::variant<ParsedLayer, Failure> read() {
    // An assignment in front (`conv = nn.Conv2d(...)`) is what a pasted line often has.
    if (peek().kind == TokenKind::kName && peek(1).kind == TokenKind::kEquals) pos_ += 2;
    const Token name = next();
    if (name.kind != TokenKind::kName)
      return fail(name, "expected a layer such as nn.Conv2d(...), got " + describe(name));
    std::string bare = name.text;
    for (const char* prefix : {"torch.nn.", "nn."})
      if (bare.rfind(prefix, 0) == 0) {
        bare = bare.substr(std::string(prefix).size());
        break;
      }
    const LayerSpec* spec = nullptr;
    for (const LayerSpec& s : layer_specs())
      if (bare == s.name) spec = &s;
    if (!spec) {
      if (auto reason = unsupported_reason(bare)) return Failure{*reason, name.offset};
      return fail(name, "unknown layer '" + name.text + "'; convstep reads " + kReadable);
    }
    const Token open = next();
    if (open.kind != TokenKind::kLeft)
      return fail(open, "expected '(' after " + name.text + ", got " + describe(open));
    return read_arguments(*spec, name.text);
  }

 private:
  const Token& peek(size_t ahead = 0) const { return tokens_[std::min(pos_ + ahead, tokens_.size() - 1)]; }
  Token next() {
    Token t = peek();
    if (pos_ < tokens_.size() - 1) ++pos_;
    return t;
  }
  static Failure fail(const Token& at, const std::string& message) {
    if (at.kind == TokenKind::kBad && at.text == "unterminated string")
      return Failure{"a string opened here is never closed", at.offset};
    return Failure{message, at.offset};
  }

  // An integer, with an optional minus sign; `what` names what was expected, for the message.
  std::variant<std::string, Failure> read_int(const std::string& what) {
    bool negative = false;
    if (peek().kind == TokenKind::kMinus) {
      next();
      negative = true;
    }
    const Token t = next();
    if (t.kind != TokenKind::kNumber) return fail(t, "expected " + what + ", got " + describe(t));
    for (char c : t.text)
      if (!std::isdigit(static_cast<unsigned char>(c)))
        return fail(t, "expected a whole number, got '" + t.text + "'");
    return (negative ? "-" : "") + t.text;
  }

  std::variant<Value, Failure> read_value() {
    const Token& t = peek();
    Value v;
    v.offset = t.offset;
    if (t.kind == TokenKind::kNumber || t.kind == TokenKind::kMinus) {
      auto n = read_int("a number");
      if (auto* f = std::get_if<Failure>(&n)) return *f;
      v.text = std::get<std::string>(n);
      return v;
    }
    if (t.kind == TokenKind::kString) {
      v.kind = Value::Kind::kString;
      v.text = next().text;
      return v;
    }
    if (t.kind == TokenKind::kName && (t.text == "True" || t.text == "False")) {
      v.kind = Value::Kind::kBool;
      v.flag = next().text == "True";
      return v;
    }
    if (t.kind == TokenKind::kName && t.text == "None") {
      next();
      v.kind = Value::Kind::kNone;
      return v;
    }
    if (t.kind == TokenKind::kLeft) {
      next();
      v.kind = Value::Kind::kTuple;
      while (peek().kind != TokenKind::kRight) {
        auto n = read_int("a number");
        if (auto* f = std::get_if<Failure>(&n)) return *f;
        v.items.push_back(std::get<std::string>(n));
        const Token sep = peek();
        if (sep.kind == TokenKind::kComma) {
          next();
          continue;
        }
        if (sep.kind != TokenKind::kRight)
          return fail(sep, "expected ',' or ')' in the tuple, got " + describe(sep));
      }
      next();
      if (v.items.empty()) return fail(t, "expected numbers in the tuple, got ()");
      return v;
    }
    return fail(t, "expected a number, got " + describe(t));
  }

  // The edit text of a table parameter's value, or why the value has the wrong form.
  std::variant<std::string, Failure> param_text(const ParamSpec& spec, const Value& v, Op op) {
    const int dims = spatial_dims(op);
    const std::string name = spec.name;
    switch (spec.kind) {
      case ParamKind::kBool:
        if (v.kind != Value::Kind::kBool)
          return Failure{name + ": expected True or False, got " + shown(v), v.offset};
        return std::string(v.flag ? "true" : "false");
      case ParamKind::kPaddingMode:
        if (v.kind != Value::Kind::kString)
          return Failure{name + ": expected a string such as 'zeros' or 'reflect', got " + shown(v),
                         v.offset};
        return v.text;
      case ParamKind::kCount:
        if (v.kind != Value::Kind::kInt)
          return Failure{name + ": expected a number, got " + shown(v), v.offset};
        return v.text;
      default:
        break;
    }
    if (spec.kind == ParamKind::kStride && v.kind == Value::Kind::kNone && is_pool(op))
      return std::string("none");
    if (spec.kind == ParamKind::kPadding && v.kind == Value::Kind::kString) {
      if (v.text != "same" && v.text != "valid")
        return Failure{"padding: expected a number, a tuple, 'same' or 'valid', got '" + v.text + "'",
                       v.offset};
      return v.text;
    }
    if (v.kind == Value::Kind::kInt) return v.text;
    if (v.kind == Value::Kind::kTuple) {
      if (static_cast<int>(v.items.size()) != dims)
        return Failure{name + ": a " + std::to_string(dims) + "-D layer takes " +
                           (dims == 1 ? "one number or a 1-tuple" : "one number or a pair (height, width)") +
                           ", got " + std::to_string(v.items.size()) + " numbers",
                       v.offset};
      std::string text;
      for (const std::string& item : v.items) text += (text.empty() ? "" : ",") + item;
      return text;
    }
    return Failure{name + ": expected a number or a tuple, got " + shown(v), v.offset};
  }

  static std::string shown(const Value& v) {
    switch (v.kind) {
      case Value::Kind::kInt:
        return v.text;
      case Value::Kind::kString:
        return "'" + v.text + "'";
      case Value::Kind::kBool:
        return v.flag ? "True" : "False";
      case Value::Kind::kNone:
        return "None";
      case Value::Kind::kTuple:
        break;
    }
    std::string text = "(";
    for (size_t i = 0; i < v.items.size(); ++i) text += (i ? ", " : "") + v.items[i];
    return text + (v.items.size() == 1 ? ",)" : ")");
  }

  std::variant<ParsedLayer, Failure> read_arguments(const LayerSpec& spec, const std::string& written) {
    std::vector<std::optional<Value>> given(spec.args.size());
    size_t positional = 0;
    bool keyword_seen = false;
    while (peek().kind != TokenKind::kRight) {
      if (peek().kind == TokenKind::kEnd)
        return fail(peek(), "expected ')' to close " + written + "(, got the end of the line");
      size_t index = 0;
      const Token start = peek();
      if (start.kind == TokenKind::kName && peek(1).kind == TokenKind::kEquals) {
        next();
        next();
        keyword_seen = true;
        index = spec.args.size();
        for (size_t i = 0; i < spec.args.size(); ++i)
          if (start.text == spec.args[i].name) index = i;
        if (index == spec.args.size()) {
          std::string names;
          for (const ArgSpec& a : spec.args)
            if (a.kind != ArgKind::kDeviceDtype) names += (names.empty() ? "" : ", ") + std::string(a.name);
          return fail(start, "unknown keyword '" + start.text + "' for " + written + "; it takes " + names);
        }
        if (given[index]) return fail(start, spec.args[index].name + std::string(" is given twice"));
      } else {
        if (keyword_seen)
          return fail(start, "a positional argument cannot follow keyword arguments (Python refuses it too)");
        index = positional++;
        if (index >= spec.args.size() || spec.args[index].kind == ArgKind::kDeviceDtype)
          return fail(start, written + " takes at most " + std::to_string(index) + " positional arguments");
      }
      auto value = read_value();
      if (auto* f = std::get_if<Failure>(&value)) return *f;
      given[index] = std::get<Value>(value);
      const Token sep = peek();
      if (sep.kind == TokenKind::kComma) {
        next();
      } else if (sep.kind != TokenKind::kRight) {
        return fail(sep, "expected ',' or ')', got " + describe(sep));
      }
    }
    const Token close = next();
    if (peek().kind != TokenKind::kEnd)
      return fail(peek(), "unexpected " + describe(peek()) + " after the layer");

    for (size_t i = 0; i < spec.args.size(); ++i)
      if (spec.args[i].required && !given[i])
        return Failure{
            written + " needs " + spec.args[i].name + " (" + required_names(spec) + " are required)",
            close.offset};
    return translate(spec, given);
  }

  static std::string required_names(const LayerSpec& spec) {
    std::vector<std::string> names;
    for (const ArgSpec& a : spec.args)
      if (a.required) names.push_back(a.name);
    if (names.size() == 1) return names[0] + " is the only one that";
    std::string text;
    for (size_t i = 0; i < names.size(); ++i)
      text += (i == 0 ? "" : i + 1 == names.size() ? " and " : ", ") + names[i];
    return text;
  }

  std::variant<ParsedLayer, Failure> translate(const LayerSpec& spec,
                                               const std::vector<std::optional<Value>>& given) {
    ParsedLayer layer;
    layer.op = spec.op;
    for (size_t i = 0; i < spec.args.size(); ++i) {
      const ArgSpec& a = spec.args[i];
      if (!given[i]) continue;
      const Value& v = *given[i];
      if (a.kind == ArgKind::kReturnIndices && !(v.kind == Value::Kind::kBool && !v.flag))
        return Failure{
            "return_indices=" + shown(v) +
                " is not supported: convstep shows the pooled values, not where each maximum came from",
            v.offset};
      if (a.kind == ArgKind::kDeviceDtype)
        return Failure{std::string(a.name) + " does not change the arithmetic convstep shows; leave it out",
                       v.offset};
      if (a.kind == ArgKind::kDivisor && v.kind != Value::Kind::kNone) {
        if (v.kind != Value::Kind::kInt || v.text != "1")
          return Failure{"divisor_override=" + shown(v) +
                             " is not supported; convstep has None (the average) and 1 (sum pooling)",
                         v.offset};
        layer.op = Op::kSumPool2d;
      }
    }
    // Every parameter of the op, in table order, with PyTorch's default where none was given.
    layer.edits.push_back({"op", op_name(layer.op)});
    for (const ParamSpec& ps : param_specs()) {
      if (ps.param == Param::kOp || ps.param == Param::kInputSize || ps.param == Param::kBatch) continue;
      const ArgSpec* arg = nullptr;
      const Value* value = nullptr;
      for (size_t i = 0; i < spec.args.size(); ++i)
        if (spec.args[i].kind == ArgKind::kParam && spec.args[i].param == ps.param) {
          arg = &spec.args[i];
          if (given[i]) value = &*given[i];
        }
      if (!arg) continue;
      std::string text = default_text(ps.param, layer.op);
      if (value) {
        auto t = param_text(ps, *value, layer.op);
        if (auto* f = std::get_if<Failure>(&t)) return *f;
        text = std::get<std::string>(t);
        auto parsed = parse_param(ps, ps.name, text, layer.op);
        if (!parsed) return Failure{parsed.message(), value->offset};
        if (ps.param == Param::kPadding && std::get<PaddingValue>(*parsed).kind == PaddingKind::kSame &&
            is_pool(layer.op))
          return Failure{"padding='same' is for convolutions; a pool takes numbers", value->offset};
      }
      if (ps.param == Param::kInChannels || ps.param == Param::kOutChannels || ps.param == Param::kGroups) {
        const auto n = parse_param(ps, ps.name, text, layer.op);
        if (ps.param == Param::kInChannels) layer.in_channels = std::get<int64_t>(*n);
        if (ps.param == Param::kOutChannels) layer.out_channels = std::get<int64_t>(*n);
        if (ps.param == Param::kGroups) layer.groups = std::get<int64_t>(*n);
      }
      if (ps.param == Param::kKernelSize)
        layer.kernel_size = std::get<Dims>(*parse_param(ps, ps.name, text, layer.op));
      if (ps.param == Param::kBias) layer.bias = text == "true";
      layer.edits.push_back({ps.name, text});
    }
    return layer;
  }

  static std::string default_text(Param param, Op op) {
    switch (param) {
      case Param::kStride:
        return is_pool(op) ? "none" : "1";
      case Param::kPadding:
        return "0";
      case Param::kDilation:
      case Param::kGroups:
        return "1";
      case Param::kBias:
      case Param::kCountIncludePad:
        return "true";
      case Param::kCeilMode:
        return "false";
      case Param::kPaddingMode:
        return "zeros";
      case Param::kOutputPadding:
        return "0";
      default:
        return "";  // required: never asked for
    }
  }

  std::vector<Token> tokens_;
  size_t pos_ = 0;
};

}  // namespace

LayerParse parse_layer(const std::string& line) {
  LayerParse out;
  auto read = Reader(line).read();
  if (auto* layer = std::get_if<ParsedLayer>(&read)) {
    out.layer = std::move(*layer);
    return out;
  }
  const Failure& f = std::get<Failure>(read);
  out.error.column = column_of(line, f.offset);
  out.error.message = "column " + std::to_string(out.error.column) + ": " + f.message;
  return out;
}

std::string caret_lines(const std::string& line, size_t column, size_t indent) {
  std::string shown = line;
  for (char& c : shown)
    if (c == '\n' || c == '\r') c = ' ';
  std::string caret(indent, ' ');
  size_t seen = 1;
  for (size_t i = 0; i < shown.size() && seen < column; ++i) {
    if ((static_cast<unsigned char>(shown[i]) & 0xC0) == 0x80) continue;
    caret += shown[i] == '\t' ? '\t' : ' ';
    ++seen;
  }
  return std::string(indent, ' ') + shown + "\n" + caret + "^";
}

std::string layer_error_text(const std::string& line, const LayerError& error) {
  return error.message + "\n" + caret_lines(line, error.column);
}

Result<Scene> apply_layer(const Scene& scene, const ParsedLayer& layer) {
  return apply_edits(scene, layer.edits);
}

std::string layer_shape_mismatch(const Scene& scene, const ParsedLayer& layer) {
  const Op op = layer.op;
  const int dims = spatial_dims(op);
  const int64_t rank = scene.input.dim();
  if (rank != dims + 1 && rank != dims + 2)
    return std::string("the layer is ") + (dims == 1 ? "1-D" : "2-D") + ", so the input needs " +
           std::to_string(dims + 1) + " or " + std::to_string(dims + 2) + " dimensions, but it is " +
           scene.input.shape_string();
  const int64_t channels = scene.input.size(rank - dims - 1);
  if (!is_conv(op)) return "";
  if (layer.in_channels && *layer.in_channels != channels)
    return "the layer has in_channels = " + std::to_string(*layer.in_channels) + ", but the input " +
           scene.input.shape_string() + " has " + std::to_string(channels) +
           (channels == 1 ? " channel" : " channels");
  const int64_t groups = std::max<int64_t>(layer.groups, 1);
  const bool transposed = is_conv_transpose(op);
  Shape expected = transposed ? Shape{layer.in_channels.value_or(0), layer.out_channels.value_or(0) / groups}
                              : Shape{layer.out_channels.value_or(0), layer.in_channels.value_or(0) / groups};
  if (dims == 2) expected.push_back(layer.kernel_size[0]);
  expected.push_back(layer.kernel_size[1]);
  if (scene.weight.shape() != expected)
    return "the layer needs a weight of shape " + shape_to_string(expected) +
           (transposed ? " (in_channels, out_channels/groups, " : " (out_channels, in_channels/groups, ") +
           (dims == 2 ? "kH, kW" : "kL") + "), but the weight is " + scene.weight.shape_string();
  if (layer.bias && !scene.bias)
    return "the layer has a bias (bias=True is PyTorch's default): give its values with --bias B.npy, or "
           "write "
           "bias=False";
  if (!layer.bias && scene.bias) return "the layer has bias=False, but a bias was given";
  return "";
}

}  // namespace convstep
