// Installs tensors a user brings (a .npy's input, weight or bias) into a scene, checking first that they
// fit the scene's layer and each other, so a mismatch is explained with the shapes and the numbers
// ("weight [8, 3, 3, 3] needs in_channels = 3, but the input has 1 channel") and the scene is kept.
#pragma once

#include <optional>
#include <string>

#include "core/result.h"
#include "core/scene.h"
#include "core/tensor.h"

namespace convstep {

enum class TensorSlot { kInput, kWeight, kBias };  // where an imported tensor goes
// "input", "weight", "bias".
const char* tensor_slot_name(TensorSlot role);

// Tensors to install together, so an input and a weight with new channel counts may arrive at once.
struct TensorImports {
  std::optional<Tensor> input, weight, bias;
};

// The scene with the given tensors in place of its own. Rules, checked in this order:
//   input   (C, L) / (N, C, L) for 1-D ops, (C, H, W) / (N, C, H, W) for 2-D ops
//   weight  convolutions only: (out_channels, in_channels/groups, [kH,] kW), with
//           weight.size(1) · groups = the input's channels; a kept bias is resized to out_channels
//           (values kept index-aligned, new ones from scene_edit's bias fill pattern)
//   bias    convolutions only: (out_channels)
// then resolve_geometry (the kernel must fit the padded input). The message names the tensor and shape.
Result<Scene> install_tensors(const Scene& scene, const TensorImports& imports);
Result<Scene> install_tensor(const Scene& scene, TensorSlot role, const Tensor& tensor);

// Reads a .npy (core/npy.h) and installs it; messages begin with the file's name.
Result<Scene> import_npy(const Scene& scene, TensorSlot role, const std::string& path);

}  // namespace convstep
