// The one table of a scene's parameters: for each its PyTorch name, the ops that have it, how its value
// is typed and printed, its one-line help, why an op lacks it, its command-line flag and whether lesson
// files set it. Scene edits (--set, the parameter panel), `compute`/`trace`, lesson files and the
// suggestions all read it, so a new parameter is one entry here plus its meaning in the engine.
#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <variant>
#include <vector>

#include "core/result.h"
#include "core/scene.h"
#include "core/scene_values.h"

namespace convstep {

namespace scene_model {
struct Model;
struct EditError;
}  // namespace scene_model

// In panel order; also the order of `--set` keys and of scene_settings.
enum class Param {
  kOp,
  kInputSize,
  kBatch,
  kInChannels,
  kOutChannels,
  kKernelSize,
  kStride,
  kPadding,
  kOutputPadding,
  kPaddingMode,
  kDilation,
  kGroups,
  kBias,
  kCeilMode,
  kCountIncludePad,
};

// How a value is typed, which decides its parser, its printed form, its lesson JSON and its widget.
enum class ParamKind {
  kOp,           // conv1d, ..., sum_pool2d, conv_transpose1d, conv_transpose2d
  kSize,         // the input's spatial size: "L", or "HxW" / "H,W" / one number for a square
  kBool,         // true / false
  kCount,        // one integer
  kDims,         // one integer per spatial dimension: "3" or "3,2", height first
  kStride,       // like kDims; a pool also takes none (PyTorch's default: the kernel size)
  kPadding,      // like kDims (from 0), or same / valid
  kPaddingMode,  // zeros, reflect, replicate, circular
};

// A value once read. Per-dimension values are in LayerParams order (a 1-D op's value twice).
// kStride: nullopt is a pool's default stride.
using ParamValue = std::variant<Op, bool, int64_t, Dims, std::optional<Dims>, PaddingValue, PaddingMode>;

struct ParamSpec {
  Param param;
  const char* name;  // PyTorch's name: the key of --set and of a lesson's "params", the panel's label
  ParamKind kind;
  int64_t min_value;  // the smallest number it takes (kCount, kDims, kStride, kPadding, kSize)
  bool (*has)(Op op);
  const char* owners;  // the ops that have it, for "max_pool2d has no groups (only conv1d and conv2d do)"
  const char* help;    // one line, the panel's tooltip
  // A value an op without the parameter may still be given, because that op behaves so anyway
  // (padding_mode=zeros on a pool); nullptr when naming the parameter at all is refused.
  const char* neutral;
  bool in_panel;      // batch is the file's layout, not a layer parameter the panel offers
  bool lesson_field;  // a key of a lesson file's "params" object
  // The flag of `compute` and `trace` (nullptr: the value comes from the .npy files or --op).
  const char* flag;
  const char* flag_value;  // the value's name in --help; nullptr for a switch (given = true)
  const char* flag_help;
  std::vector<Param> bound;  // parameters bound up with it, whose change may fix a refused value
  // Why `op` lacks it; nullptr for the usual "<op> has no <name> (only <owners> do)".
  std::string (*absent)(Op op);
  // Writes the value into a layer's params; nullptr when the value lives in the tensors' shapes.
  void (*store)(LayerParams& p, const ParamValue& v);
  // Core-internal (core/scene_model.cpp): the current value of an edited scene, and what changing it
  // does to the scene's tensors; apply nullptr means store into the params.
  ParamValue (*get)(const scene_model::Model& m);
  std::variant<Ok, scene_model::EditError> (*apply)(scene_model::Model& m, const ParamValue& v);
};

// Every parameter, in Param order.
const std::vector<ParamSpec>& param_specs();
const ParamSpec& param_spec(Param param);
// nullptr for an unknown name.
const ParamSpec* find_param(const std::string& name);
// "op, input_size, ...": every name, for "expected one of" messages.
std::string param_names_text();

// Whether `op` has the parameter; names that are not parameters are had by no op.
bool op_has_param(Op op, Param param);
// Why `op` does not have it: the message of an edit, a flag or the panel's tooltip.
std::string absent_message(const ParamSpec& spec, Op op);
// Whether `op` may be given `value` for the parameter: it has it, or the value is the neutral one.
bool op_accepts_value(const ParamSpec& spec, Op op, const ParamValue& value);

// Parses a value as typed for `op`; messages begin with `key` ("stride" or "--stride").
Result<ParamValue> parse_param(const ParamSpec& spec, const std::string& key, const std::string& text, Op op);
// The text parse_param reads back to `value`.
std::string format_param(const ParamSpec& spec, const ParamValue& value, Op op);

}  // namespace convstep
