// The uniform form in which scene edits work (internal to core: core/scene_edit.cpp, scene_model.cpp and
// scene_suggest.cpp). A Model's tensors are always 4-D and its per-dimension params (height, width),
// even for 1-D ops, whose height is a trivial one; so resizing is one code path and 1-D ↔ 2-D a change
// of the op alone.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <variant>
#include <vector>

#include "core/params.h"
#include "core/scene.h"
#include "core/scene_edit.h"

namespace convstep::scene_model {

// A failure while building the edited scene; `fixable` when nearby values might work (a number out of
// range) rather than a value that cannot be read or a key the op does not have.
struct EditError {
  std::string message;
  bool fixable = false;
};
template <class T>
using EditResult = std::variant<T, EditError>;

struct Model {
  LayerParams p;  // kernel_size/stride/padding/dilation as (height, width)
  bool batched = true;
  Tensor input;   // (N, C, H, W)
  Tensor weight;  // convolutions: (O, I/g, kH, kW); empty for pools
  std::optional<Tensor> bias;
  bool shapes_only = false;  // leaves resized values at 0: the suggestion search validates shapes only

  int dims() const { return spatial_dims(p.op); }
  int64_t n() const { return input.size(0); }
  int64_t c() const { return input.size(1); }
  Dims in_size() const { return {input.size(2), input.size(3)}; }
  int64_t out_channels() const {
    if (is_conv_transpose(p.op)) return weight.size(1) * p.groups;  // weight (in, out/groups, kH, kW)
    return is_conv(p.op) ? weight.size(0) : c();
  }
  Dims kernel() const { return is_conv(p.op) ? Dims{weight.size(2), weight.size(3)} : p.kernel_size; }
};

// "3" when every dimension agrees, else "3,2"; v in LayerParams order.
std::string dims_text(const Dims& v, int dims);
// "5" (1-D, the width) or "5x7"; hw as (height, width).
std::string size_text(const Dims& hw, int dims);
// A value as typed for `dims` dimensions in the Model's (height, width) form; `trivial` is the height
// of a 1-D op.
Dims to_canonical(const Dims& v, int dims, int64_t trivial);

EditResult<Model> to_model(const Scene& scene);

// What changing a parameter does to the Model's tensors, for the table's entries (core/params.cpp) whose
// value is more than a field of the layer's params. Values are parsed and allowed for the op already.
EditResult<Ok> apply_op(Model& m, const ParamValue& v);
EditResult<Ok> apply_input_size(Model& m, const ParamValue& v);
EditResult<Ok> apply_batch(Model& m, const ParamValue& v);
EditResult<Ok> apply_in_channels(Model& m, const ParamValue& v);
EditResult<Ok> apply_out_channels(Model& m, const ParamValue& v);
EditResult<Ok> apply_kernel_size(Model& m, const ParamValue& v);
EditResult<Ok> apply_groups(Model& m, const ParamValue& v);
EditResult<Ok> apply_bias(Model& m, const ParamValue& v);
// Applies all edits without validating: the scene, or why it could not be built.
EditResult<Scene> build(const Scene& scene, const std::vector<SceneEdit>& edits, bool shapes_only = false);

}  // namespace convstep::scene_model
