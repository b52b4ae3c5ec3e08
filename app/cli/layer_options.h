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
  // The layer flags of core/params.h's table (--kernel-size, --stride, ...), as typed; a switch given
  // (--ceil-mode) is "true".
  std::map<Param, std::string> params;
};

// The scene the options describe: from --lesson (with any layer options overriding the lesson's), or from
// --op and the .npy files. Validated by resolve_geometry, so a returned scene can be run and stepped.
Result<Scene> scene_from_options(const LayerOptions& options);

}  // namespace convstep
