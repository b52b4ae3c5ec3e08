// The layer options shared by `compute` and `trace`: PyTorch's arguments as typed on the command line
// ("2,1", "same", "reflect"), turned into a validated Scene, from .npy files or from a lesson.
#pragma once

#include <map>
#include <string>

#include "core/lesson.h"
#include "core/params.h"
#include "core/result.h"
#include "core/scene.h"

namespace convstep {

// Raw option text; an empty string means "not given".
struct LayerOptions {
  std::string lesson;  // built-in lesson name, or a file (contains '/', ends in .json or exists)
  std::string op;
  std::string input, weight, bias;  // .npy paths
  // A PyTorch layer line (core/layer_parser.h) standing for --op and the layer flags.
  std::string layer;
  // The layer flags of core/params.h's table (--kernel-size, --stride, ...), as typed; a switch given
  // (--ceil-mode) is "true".
  std::map<Param, std::string> params;
};

// The scene the options describe: from --lesson (with any layer options overriding the lesson's), or from
// --op and the .npy files. Validated by resolve_geometry, so a returned scene can be run and stepped.
// With --layer, the layer gives the op and every parameter: on a lesson it is applied as the window applies
// it (resizing the tensors); with .npy files their shapes must agree with it.
Result<Scene> scene_from_options(const LayerOptions& options);

// The line and a caret under the column at fault when --layer cannot be read; "" otherwise. The CLI prints
// it under the one-line error.
std::string layer_option_caret(const LayerOptions& options);

}  // namespace convstep
