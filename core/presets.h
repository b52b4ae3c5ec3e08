// Kernel presets: the article's filter table (identity, three edge detectors, sharpen, box blur,
// Gaussian blur approximation) and other classic image kernels, each with a one-line description.
#pragma once

#include <string>
#include <vector>

#include "core/tensor.h"

namespace convstep {

struct KernelPreset {
  std::string id;           // "sharpen", "sobel-x", ...
  std::string name;         // "Sharpen"
  std::string description;  // one line, for tooltips and the CLI
  Tensor kernel;            // 2-D (kH, kW)
};

const std::vector<KernelPreset>& kernel_presets();
const KernelPreset* find_kernel_preset(const std::string& id);
// The preset whose kernel is exactly `kernel` (same shape, same values), or null: an edited kernel is custom.
const KernelPreset* preset_with_kernel(const Tensor& kernel);

}  // namespace convstep
