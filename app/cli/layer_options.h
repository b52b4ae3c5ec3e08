// The layer options shared by `compute` and `trace`: PyTorch's arguments as typed on the command line
// ("2,1", "same", "reflect"), turned into a validated Scene, from .npy files or from a lesson.
#pragma once

#include <string>

#include "core/lesson.h"
#include "core/result.h"
#include "core/scene.h"

namespace convstep {

// Raw option text; an empty string means "not given".
struct LayerOptions {
  std::string lesson;  // built-in lesson name, or a file (contains '/', ends in .json or exists)
  std::string op;
  std::string input, weight, bias;  // .npy paths
  std::string kernel_size, stride, padding, dilation, groups, padding_mode, count_include_pad;
  bool ceil_mode = false;
};

// One integer for all spatial dimensions or `dims` comma-separated integers, each >= min_value.
// `option` names the flag in the message ("--stride").
Result<Dims> parse_dims_option(const std::string& option, const std::string& text, int dims,
                               int64_t min_value);

// The scene the options describe: from --lesson (with any layer options overriding the lesson's), or from
// --op and the .npy files. Validated by resolve_geometry, so a returned scene can be run and stepped.
Result<Scene> scene_from_options(const LayerOptions& options);

}  // namespace convstep
