// Lessons as JSON: the file format, its reader (every error names the file and the field path) and
// the writer that the reader reads back. Field readers: core/lesson_json.cpp; the built-in lessons
// folder: core/lesson_library.cpp.
//
// Format (one JSON object per file; // and /* */ comments are allowed; unknown fields are errors so that a
// typo such as "strid" is reported instead of silently ignored):
//   "name"     required  string of letters, digits, '-', '_' or '.'; the id used by `--lesson NAME`
//   "title"    required  string, the heading
//   "caption"  required  string, one or two sentences under the title
//   "order"    optional  integer; built-in lessons are listed by order, then name (no order = last)
//   "op"       optional  conv1d (default conv2d), conv2d, max_pool1d, max_pool2d, avg_pool1d, avg_pool2d,
//                        sum_pool1d, sum_pool2d
//   "params"   optional  object with PyTorch's names; which ones an op accepts follows PyTorch's layers:
//                kernel_size  pools (required); convolutions may repeat it, but it must match the weight
//                stride       all; pools default to kernel_size
//                padding      all; an integer, a list, or (convolutions) "same" / "valid"
//                dilation     convolutions and max pools
//                groups       convolutions
//                padding_mode convolutions: "zeros", "reflect", "replicate", "circular"
//                ceil_mode    pools (true/false)
//                count_include_pad  avg/sum pools (true/false)
//              Per-dimension values are an integer (all dimensions) or a list with one entry per spatial
//              dimension: [length] for 1-D ops, [height, width] for 2-D ops.
//   "input"    required  a tensor; "weight" required for convolutions, "bias" optional; pools take neither.
//              A tensor is a nested list ([[1, 2], [3, 4]]) or {"shape": [...], "data": [...]} with data flat
//              (row-major) or nested to that shape, or {"shape": [...], "fill": 0.5} or
//              {"shape": [...], "fill": "arange", "start": 1, "step": 1}. Values are numbers or
//              "inf"/"-inf"/"nan".
//   "step_captions" optional  [{"from": 0, "to": 2, "text": "..."}], inclusive step ranges ("to" defaults to
//              "from"); steps count output elements in PyTorch's order (batch, channel, row, column).
//   "layers"   optional  a stack for the Network view: 1 to 12 PyTorch lines ("nn.MaxPool2d(2)") or
//              {"op": ..., "params": {...}} objects (params as above, kernel_size required), on the
//              input's spatial size; every layer must fit (core/layer_stack.h).
// After reading, the scene is validated by resolve_geometry; its message is reported with the file name.
#include "core/lesson.h"

#include <algorithm>
#include <cctype>
#include <charconv>
#include <cmath>
#include <filesystem>
#include <fstream>
#include <limits>
#include <nlohmann/json.hpp>
#include <optional>
#include <sstream>

#include "core/geometry.h"
#include "core/json_read.h"
#include "core/lesson_json.h"
#include "core/params.h"
#include "core/pytorch_text.h"

namespace convstep {

namespace {

using nlohmann::json;
namespace fs = std::filesystem;

using lesson_json::describe;
using lesson_json::index_path;
using lesson_json::join_path;
using lesson_json::kNoOrder;

constexpr const char* kOpList =
    "conv1d, conv2d, max_pool1d, max_pool2d, avg_pool1d, avg_pool2d, sum_pool1d, sum_pool2d, "
    "conv_transpose1d, conv_transpose2d";

bool op_accepts_param(Op op, Param param) {
  return param_spec(param).has(op);
}

std::string format_float(float v) {
  if (std::isnan(v)) return "\"nan\"";
  if (std::isinf(v)) return v < 0 ? "\"-inf\"" : "\"inf\"";
  char buf[32];
  // Shortest text that reads back to the same float: the written lesson round-trips exactly.
  auto [end, ec] = std::to_chars(buf, buf + sizeof buf, v);
  if (ec != std::errc()) return "0";
  return std::string(buf, end);
}

class LessonReader : private lesson_json::FieldReader {
 public:
  using FieldReader::FieldReader;

  Result<Lesson> read(std::string_view text, int64_t* order) {
    Result<json> root = parse_json_bounded(text, source());
    if (!root) return root.error();
    return read(*root, order);
  }

  // A file's text is let go once it is parsed, so a large lesson never holds its text, its parsed form
  // and its tensors at once.
  Result<Lesson> read(std::string&& text, int64_t* order) {
    Result<json> root = parse_json_bounded(text, source());
    std::string().swap(text);
    if (!root) return root.error();
    return read(*root, order);
  }

  Result<Lesson> read(const json& root_value, int64_t* order) {
    const json* root = &root_value;
    Lesson lesson;
    try {
      if (!read_lesson(*root, &lesson, order)) return make_error(*error());
    } catch (const std::exception& e) {
      // The readers check every type before reading it; this only keeps a missed case from ending the app.
      return make_error(source() + ": cannot read the lesson: " + e.what());
    }
    return lesson;
  }

 private:
  // Keys, which op takes which, and where each value goes come from core/params.h; the JSON form of each
  // kind of value is read by read_param.
  bool read_params(const json& j, Op op, LayerParams* p, std::optional<Dims>* kernel_size,
                   const std::string& path = "params") {
    if (!j.is_object()) return fail(path, "expected an object, got " + describe(j));
    std::string accepted;
    for (const ParamSpec& spec : param_specs())
      if (spec.lesson_field && spec.has(op))
        accepted += (accepted.empty() ? "" : ", ") + std::string(spec.name);
    for (const auto& item : j.items()) {
      const std::string& key = item.key();
      const json& value = item.value();
      const std::string field = join_path(path, key);
      const ParamSpec* spec = find_param(key);
      if (!spec || !spec->lesson_field)
        return fail(field, "unknown field; " + std::string(op_name(op)) + " takes " + accepted);
      if (!spec->has(op))
        return fail(field, std::string(op_name(op)) + " has no " + key + " (it takes " + accepted + ")");
      ParamValue v;
      if (!read_param(*spec, value, field, spatial_dims(op), &v)) return false;
      // A convolution's kernel size is its weight's; the reader checks the two agree once both are read.
      if (spec->param == Param::kKernelSize) {
        *kernel_size = std::get<Dims>(v);
      } else {
        spec->store(*p, v);
      }
    }
    return true;
  }

  bool read_step_captions(const json& j, int64_t step_count, std::vector<StepCaption>* out) {
    const std::string path = "step_captions";
    if (!j.is_array())
      return fail(path, "expected a list of {\"from\", \"to\", \"text\"}, got " + describe(j));
    for (size_t i = 0; i < j.size(); ++i) {
      const std::string item = index_path(path, i);
      const json& c = j[i];
      if (!c.is_object())
        return fail(item, "expected {\"from\": ..., \"to\": ..., \"text\": ...}, got " + describe(c));
      if (!check_keys(c, item, {"from", "to", "text"})) return false;
      StepCaption caption;
      if (!c.contains("from")) return fail(join_path(item, "from"), "required field is missing");
      if (!read_int(c["from"], join_path(item, "from"), 0, "a step number (0 or more)", &caption.first))
        return false;
      caption.last = caption.first;
      if (c.contains("to") &&
          !read_int(c["to"], join_path(item, "to"), 0, "a step number (0 or more)", &caption.last))
        return false;
      if (caption.last < caption.first)
        return fail(join_path(item, "to"), "step " + std::to_string(caption.last) +
                                               " comes before \"from\" (" + std::to_string(caption.first) +
                                               ")");
      if (caption.last >= step_count)
        return fail(join_path(item, c.contains("to") ? "to" : "from"),
                    "step " + std::to_string(caption.last) + " is past the last step (" +
                        std::to_string(step_count - 1) + "; the output has " + std::to_string(step_count) +
                        " elements)");
      if (!c.contains("text")) return fail(join_path(item, "text"), "required field is missing");
      if (!c["text"].is_string())
        return fail(join_path(item, "text"), "expected a string, got " + describe(c["text"]));
      caption.text = c["text"].get<std::string>();
      out->push_back(std::move(caption));
    }
    return true;
  }

  bool read_lesson(const json& root, Lesson* lesson, int64_t* order) {
    if (!root.is_object()) return fail("", "expected a JSON object at the top level, got " + describe(root));
    if (!check_keys(root, "",
                    {"name", "title", "caption", "order", "op", "params", "input", "weight", "bias",
                     "step_captions", "layers"}))
      return false;

    if (!read_string(root, "name", true, &lesson->name)) return false;
    if (lesson->name.empty() || !std::all_of(lesson->name.begin(), lesson->name.end(), [](char ch) {
          return std::isalnum(static_cast<unsigned char>(ch)) || ch == '-' || ch == '_' || ch == '.';
        }))
      return fail("name", "expected letters, digits, '-', '_' or '.', got " + describe(root["name"]));
    if (!read_string(root, "title", true, &lesson->title)) return false;
    if (!read_string(root, "caption", true, &lesson->caption)) return false;

    *order = kNoOrder;
    if (root.contains("order") &&
        !read_int(root["order"], "order", std::numeric_limits<int64_t>::min(), "an integer", order))
      return false;

    Scene& scene = lesson->scene;
    scene.params = LayerParams{};
    if (root.contains("op")) {
      const json& op = root["op"];
      const auto parsed = op.is_string() ? parse_op(op.get<std::string>()) : std::nullopt;
      if (!parsed) return fail("op", "expected one of " + std::string(kOpList) + ", got " + describe(op));
      scene.params.op = *parsed;
    }
    const Op op = scene.params.op;
    // PyTorch's pools default the stride to the kernel size; a "stride" field turns this back on.
    if (is_pool(op)) scene.params.stride_set = false;

    std::optional<Dims> kernel_size;
    if (root.contains("params") && !read_params(root["params"], op, &scene.params, &kernel_size))
      return false;

    if (!root.contains("input")) return fail("input", "required field is missing");
    if (!read_tensor(root["input"], "input", &scene.input)) return false;

    if (is_conv(op)) {
      if (!root.contains("weight"))
        return fail("weight", std::string("required field is missing (") + op_name(op) +
                                  " takes its kernel from the weight)");
      if (!read_tensor(root["weight"], "weight", &scene.weight)) return false;
      if (root.contains("bias")) {
        Tensor bias;
        if (!read_tensor(root["bias"], "bias", &bias)) return false;
        scene.bias = std::move(bias);
      }
      const int dims = spatial_dims(op);
      if (kernel_size && scene.weight.dim() == dims + 2) {
        const Dims from_weight = dims == 1 ? Dims{scene.weight.size(-1), scene.weight.size(-1)}
                                           : Dims{scene.weight.size(-2), scene.weight.size(-1)};
        if (*kernel_size != from_weight)
          return fail("params.kernel_size", describe(root["params"]["kernel_size"]) +
                                                " disagrees with the weight's shape " +
                                                scene.weight.shape_string());
      }
    } else {
      for (const char* key : {"weight", "bias"})
        if (root.contains(key)) return fail(key, std::string(op_name(op)) + " takes no " + key);
      if (!kernel_size)
        return fail("params.kernel_size", std::string("required field is missing for ") + op_name(op));
      scene.params.kernel_size = *kernel_size;
    }

    const Result<Geometry> geometry = resolve_geometry(scene);
    if (!geometry) return fail("", geometry.message());

    if (root.contains("step_captions") &&
        !read_step_captions(root["step_captions"], geometry->output_count(), &lesson->step_captions))
      return false;
    if (root.contains("layers") && !read_layers(root["layers"], *geometry, &lesson->layers)) return false;
    return true;
  }

  // One layer of "layers" as an {"op", "params"} object: the params as the lesson's own, then written as
  // the PyTorch line they stand for, which the stack reads like any typed line. A convolution keeps the
  // `channels` of the layers below it.
  bool read_layer_object(const json& j, const std::string& path, int64_t channels, std::string* line) {
    if (!check_keys(j, path, {"op", "params"})) return false;
    const auto op =
        j.contains("op") && j["op"].is_string() ? parse_op(j["op"].get<std::string>()) : std::nullopt;
    if (!op)
      return fail(join_path(path, "op"), "expected one of " + std::string(kOpList) + ", got " +
                                             (j.contains("op") ? describe(j["op"]) : "nothing"));
    Scene scene;
    scene.params.op = *op;
    if (is_pool(*op)) scene.params.stride_set = false;
    std::optional<Dims> kernel_size;
    if (j.contains("params") &&
        !read_params(j["params"], *op, &scene.params, &kernel_size, join_path(path, "params")))
      return false;
    if (!kernel_size) return fail(join_path(path, "params.kernel_size"), "required field is missing");
    const int dims = spatial_dims(*op);
    const Dims k = *kernel_size;
    scene.params.kernel_size = k;
    scene.input = dims == 2 ? Tensor({channels, 1, 1}) : Tensor({channels, 1});
    if (is_conv(*op))
      scene.weight = dims == 2 ? Tensor({channels, channels / scene.params.groups, k[0], k[1]})
                               : Tensor({channels, channels / scene.params.groups, k[0]});
    *line = pytorch_layer(scene);
    return true;
  }

  // "layers": 1 to kMaxStackLayers PyTorch lines or objects, a stack that fits the lesson's input.
  bool read_layers(const json& j, const Geometry& geometry, std::vector<StackLayer>* out) {
    const std::string path = "layers";
    if (!j.is_array() || j.empty() || j.size() > static_cast<size_t>(kMaxStackLayers))
      return fail(path, "expected a list of 1 to " + std::to_string(kMaxStackLayers) +
                            " layers (PyTorch lines or {\"op\", \"params\"} objects), got " + describe(j));
    int64_t channels = 1;
    for (size_t i = 0; i < j.size(); ++i) {
      const std::string item = index_path(path, i);
      std::string line;
      if (j[i].is_string()) {
        line = j[i].get<std::string>();
        constexpr size_t kLongestLine = 1000;
        if (line.size() > kLongestLine)
          return fail(item, "the line has " + std::to_string(line.size()) + " characters; at most " +
                                std::to_string(kLongestLine));
      } else if (j[i].is_object()) {
        if (!read_layer_object(j[i], item, channels, &line)) return false;
      } else {
        return fail(item, "expected a PyTorch line or {\"op\", \"params\"}, got " + describe(j[i]));
      }
      StackLayerParse parsed = parse_stack_layer(line);
      if (!parsed.ok()) return fail(item, "\"" + line + "\": " + parsed.error.message);
      if (parsed.layer->out_channels) channels = *parsed.layer->out_channels;
      out->push_back(std::move(*parsed.layer));
    }
    const int dims = spatial_dims(out->front().params.op);
    if (dims != geometry.dims)
      return fail(path, "the stack is " + std::to_string(dims) + "-D, but the lesson's input is " +
                            std::to_string(geometry.dims) + "-D; it runs on the input's spatial size");
    const Dims size = dims == 2 ? Dims{geometry.h.in, geometry.w.in} : Dims{geometry.w.in, geometry.w.in};
    Result<LayerStack> stack = build_layer_stack(*out, size);
    if (!stack) return fail(path, stack.message());
    return true;
  }
};

Result<std::string> read_text_file(const std::string& path) {
  std::error_code ec;
  if (fs::is_directory(path, ec)) return make_error(path + ": is a folder, not a lesson file");
  std::ifstream in(path, std::ios::binary);
  if (!in) return make_error(path + ": cannot open the file (does it exist?)");
  // The size is checked before a byte is read, and the text is read once into its final string.
  const auto size = fs::file_size(path, ec);
  const int64_t limit = JsonLimits{}.max_bytes;
  if (ec) return make_error(path + ": cannot read the file's size: " + ec.message());
  if (size > static_cast<uintmax_t>(limit))
    return make_error(path + ": the file is " + std::to_string(size) +
                      " bytes; convstep reads lesson files of at most " + std::to_string(limit) + " bytes");
  std::string text(static_cast<size_t>(size), '\0');
  in.read(text.data(), static_cast<std::streamsize>(text.size()));
  if (in.bad() || in.gcount() != static_cast<std::streamsize>(text.size()))
    return make_error(path + ": could not be read");
  return text;
}

// --- writing ---

std::string dims_json(const Dims& d, int dims) {
  if (dims == 1 || d[0] == d[1]) return std::to_string(d[0]);
  // append, not "[" + ...: GCC 12 at -O3 reports a false -Wrestrict for const char* + std::string here.
  return std::string("[").append(std::to_string(d[0])) + ", " + std::to_string(d[1]) + "]";
}

void write_tensor(std::ostringstream& out, const char* key, const Tensor& t) {
  out << "  \"" << key << "\": {\n    \"shape\": " << shape_to_string(t.shape()) << ",\n    \"data\": [";
  const int64_t row = t.dim() > 0 ? std::max<int64_t>(1, t.size(-1)) : 1;
  for (int64_t i = 0; i < t.numel(); ++i) {
    if (i > 0) out << (i % row == 0 ? ",\n      " : ", ");
    if (i == 0) out << "\n      ";
    out << format_float(t.values()[static_cast<size_t>(i)]);
  }
  out << "\n    ]\n  }";
}

}  // namespace

namespace lesson_json {

Result<Lesson> load_lesson_with_order(const std::string& path, int64_t* order) {
  auto text = read_text_file(path);
  if (!text) return text.error();
  return LessonReader(path).read(std::move(*text), order);
}

Result<std::string> read_lesson_text(const std::string& path) {
  return read_text_file(path);
}

Result<Lesson> read_lesson_value(const nlohmann::json& root, const std::string& source) {
  int64_t order = 0;
  return LessonReader(source).read(root, &order);
}

}  // namespace lesson_json

const std::string& Lesson::caption_for_step(int64_t i) const {
  static const std::string kNone;
  for (const StepCaption& c : step_captions)
    if (i >= c.first && i <= c.last) return c.text;
  return kNone;
}

Result<Lesson> parse_lesson(const std::string& json_text, const std::string& source) {
  int64_t order = 0;
  return LessonReader(source).read(std::string_view(json_text), &order);
}

Result<Lesson> load_lesson_file(const std::string& path) {
  int64_t order = 0;
  return lesson_json::load_lesson_with_order(path, &order);
}

std::string lesson_to_json(const Lesson& lesson) {
  const LayerParams& p = lesson.scene.params;
  const Op op = p.op;
  const int dims = spatial_dims(op);
  std::ostringstream out;
  auto str = [](const std::string& s) {
    return json(s).dump(-1, ' ', false, json::error_handler_t::replace);
  };
  out << "{\n";
  out << "  \"name\": " << str(lesson.name) << ",\n";
  out << "  \"title\": " << str(lesson.title) << ",\n";
  out << "  \"caption\": " << str(lesson.caption) << ",\n";
  out << "  \"op\": \"" << op_name(op) << "\",\n";

  std::vector<std::string> params;
  if (is_pool(op)) params.push_back("\"kernel_size\": " + dims_json(p.kernel_size, dims));
  if (is_conv(op) || p.stride_set) params.push_back("\"stride\": " + dims_json(p.stride, dims));
  if (p.padding_kind == PaddingKind::kSame) {
    params.push_back("\"padding\": \"same\"");
  } else if (p.padding_kind == PaddingKind::kValid) {
    params.push_back("\"padding\": \"valid\"");
  } else {
    params.push_back("\"padding\": " + dims_json(p.padding, dims));
  }
  if (op_accepts_param(op, Param::kDilation))
    params.push_back("\"dilation\": " + dims_json(p.dilation, dims));
  if (is_conv_transpose(op)) params.push_back("\"output_padding\": " + dims_json(p.output_padding, dims));
  if (is_conv(op)) params.push_back("\"groups\": " + std::to_string(p.groups));
  if (op_accepts_param(op, Param::kPaddingMode))
    params.push_back(std::string("\"padding_mode\": \"") + padding_mode_name(p.padding_mode) + "\"");
  if (is_pool(op)) params.push_back(std::string("\"ceil_mode\": ") + (p.ceil_mode ? "true" : "false"));
  if (op_accepts_param(op, Param::kCountIncludePad))
    params.push_back(std::string("\"count_include_pad\": ") + (p.count_include_pad ? "true" : "false"));
  out << "  \"params\": {";
  for (size_t i = 0; i < params.size(); ++i) out << (i ? ", " : "") << params[i];
  out << "},\n";

  write_tensor(out, "input", lesson.scene.input);
  if (is_conv(op)) {
    out << ",\n";
    write_tensor(out, "weight", lesson.scene.weight);
    if (lesson.scene.bias) {
      out << ",\n";
      write_tensor(out, "bias", *lesson.scene.bias);
    }
  }
  if (!lesson.step_captions.empty()) {
    out << ",\n  \"step_captions\": [";
    for (size_t i = 0; i < lesson.step_captions.size(); ++i) {
      const StepCaption& c = lesson.step_captions[i];
      out << (i ? "," : "") << "\n    {\"from\": " << c.first << ", \"to\": " << c.last
          << ", \"text\": " << str(c.text) << "}";
    }
    out << "\n  ]";
  }
  if (!lesson.layers.empty()) {
    out << ",\n  \"layers\": [";
    for (size_t i = 0; i < lesson.layers.size(); ++i)
      out << (i ? "," : "") << "\n    " << str(lesson.layers[i].line);
    out << "\n  ]";
  }
  out << "\n}\n";
  return out.str();
}

}  // namespace convstep
