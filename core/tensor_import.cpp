// The checks of core/tensor_import.h, each written so the learner sees which tensor is at fault and
// which number disagrees with which; the final word is resolve_geometry's, as for every scene.
#include "core/tensor_import.h"

#include <utility>

#include "core/geometry.h"
#include "core/npy.h"
#include "core/scene_edit.h"

namespace convstep {

namespace {

std::string channels_text(int64_t n) {
  return std::to_string(n) + (n == 1 ? " channel" : " channels");
}

std::string layouts(Op op) {
  return spatial_dims(op) == 1 ? "(C, L) or (N, C, L)" : "(C, H, W) or (N, C, H, W)";
}

int64_t input_channels(const Tensor& input, Op op) {
  return input.size(input.dim() - spatial_dims(op) - 1);
}

}  // namespace

const char* tensor_slot_name(TensorSlot role) {
  switch (role) {
    case TensorSlot::kInput:
      return "input";
    case TensorSlot::kWeight:
      return "weight";
    case TensorSlot::kBias:
      return "bias";
  }
  return "tensor";
}

Result<Scene> install_tensors(const Scene& scene, const TensorImports& imports) {
  Scene s = scene;
  const Op op = s.params.op;
  const int dims = spatial_dims(op);
  if (!is_conv(op)) {
    for (const auto& [given, name] :
         {std::pair{imports.weight.has_value(), "weight"}, std::pair{imports.bias.has_value(), "bias"}}) {
      if (given)
        return make_error(std::string(op_name(op)) + " has no " + name +
                          ": only conv1d and conv2d do (set op to a "
                          "convolution first)");
    }
  }
  if (imports.input) {
    const Tensor& x = *imports.input;
    if (x.dim() != dims + 1 && x.dim() != dims + 2)
      return make_error("input " + x.shape_string() + " has " + std::to_string(x.dim()) +
                        " dimensions, but " + op_name(op) + " takes " + layouts(op));
    s.input = x;
  }
  if (imports.weight) {
    const Tensor& w = *imports.weight;
    if (w.dim() != dims + 2)
      return make_error("weight " + w.shape_string() + " has " + std::to_string(w.dim()) +
                        " dimensions, but " + op_name(op) + " takes " + std::to_string(dims + 2) +
                        (dims == 1 ? " (out_channels, in_channels/groups, kL)"
                                   : " (out_channels, in_channels/groups, kH, kW)"));
    s.weight = w;
  }
  if (is_conv(op) && s.input.dim() >= dims + 1 && s.weight.dim() == dims + 2) {
    const int64_t channels = input_channels(s.input, op);
    const int64_t groups = s.params.groups;
    const int64_t needed = s.weight.size(1) * groups;
    if (needed != channels) {
      const std::string need = groups == 1
                                   ? std::to_string(needed)
                                   : std::to_string(s.weight.size(1)) + "\u00b7" + std::to_string(groups) +
                                         " (groups) = " + std::to_string(needed);
      if (imports.weight)
        return make_error("weight " + s.weight.shape_string() + " needs in_channels = " + need +
                          ", but the input " + s.input.shape_string() + " has " + channels_text(channels));
      return make_error("input " + s.input.shape_string() + " has " + channels_text(channels) +
                        ", but the weight " + s.weight.shape_string() + " needs in_channels = " + need);
    }
  }
  if (imports.bias) {
    const Tensor& b = *imports.bias;
    const int64_t out_channels = s.weight.dim() > 0 ? s.weight.size(0) : 0;
    if (b.dim() != 1 || b.size(0) != out_channels)
      return make_error("bias " + b.shape_string() + " needs one value per output channel: the weight " +
                        s.weight.shape_string() + " has out_channels = " + std::to_string(out_channels) +
                        ", so the bias must be [" + std::to_string(out_channels) + "]");
    s.bias = b;
  } else if (imports.weight && s.bias && s.bias->numel() != s.weight.size(0)) {
    // The bias follows the new weight's out_channels, as it does when out_channels is edited.
    Tensor resized({s.weight.size(0)});
    for (int64_t o = 0; o < resized.numel(); ++o)
      resized.values()[static_cast<size_t>(o)] =
          o < s.bias->numel() ? s.bias->values()[static_cast<size_t>(o)] : bias_fill_value(o);
    s.bias = std::move(resized);
  }
  const Result<Geometry> geometry = resolve_geometry(s);
  if (!geometry) return geometry.error();
  return s;
}

Result<Scene> install_tensor(const Scene& scene, TensorSlot role, const Tensor& tensor) {
  TensorImports imports;
  if (role == TensorSlot::kInput) imports.input = tensor;
  if (role == TensorSlot::kWeight) imports.weight = tensor;
  if (role == TensorSlot::kBias) imports.bias = tensor;
  return install_tensors(scene, imports);
}

Result<Scene> import_npy(const Scene& scene, TensorSlot role, const std::string& path) {
  Result<Tensor> tensor = read_npy(path);
  if (!tensor) return tensor.error();
  Result<Scene> installed = install_tensor(scene, role, *tensor);
  if (!installed) return make_error(path + ": " + installed.message());
  return installed;
}

}  // namespace convstep
