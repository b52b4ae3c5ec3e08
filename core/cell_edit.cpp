// Cell edits and fills on a Scene. Every refusal names what is wrong with the numbers; nothing here
// changes the scene it was given.
#include "core/cell_edit.h"

#include <algorithm>
#include <cmath>

#include "core/presets.h"

namespace convstep {
namespace {

std::string index_text(const std::vector<int64_t>& index) {
  std::string s = "(";
  for (size_t i = 0; i < index.size(); ++i) s += (i ? ", " : "") + std::to_string(index[i]);
  return s + ")";
}

uint64_t split_mix(uint64_t& state) {
  uint64_t z = (state += 0x9E3779B97F4A7C15ull);
  z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
  z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
  return z ^ (z >> 31);
}

// Fills every weight slice with the preset, after resizing the kernel to the preset's size.
Status fill_with_preset(Scene& scene, const std::string& id, std::vector<SceneEdit>* refused_edits) {
  const std::string op = op_name(scene.params.op);
  const KernelPreset* preset = find_kernel_preset(id);
  if (!preset) return make_error("unknown kernel preset \"" + id + "\" (see `convstep presets`)");
  if (spatial_dims(scene.params.op) != 2) {
    return make_error("the preset " + preset->name + " is a 2-D kernel (" + preset->kernel.shape_string() +
                      "); " + op + " needs a 1-D one — switch op to conv2d to use it");
  }
  // The preset's size becomes the kernel size, validated and explained like any other edit.
  const SceneEdit resize{
      "kernel_size", std::to_string(preset->kernel.size(0)) + "," + std::to_string(preset->kernel.size(1))};
  Result<Scene> resized = apply_edits(scene, {resize});
  if (!resized) {
    if (refused_edits) *refused_edits = {resize};
    return make_error("the preset " + preset->name + " is " + std::to_string(preset->kernel.size(0)) + "×" +
                      std::to_string(preset->kernel.size(1)) + ": " + resized.message());
  }
  scene = std::move(resized).value();
  const int64_t slice = preset->kernel.numel();
  std::vector<float>& w = scene.weight.values();
  for (size_t i = 0; i < w.size(); ++i) w[i] = preset->kernel.values()[i % static_cast<size_t>(slice)];
  return Ok{};
}

}  // namespace

Result<int64_t> cell_offset(const Scene& scene, const CellEdit& e) {
  const bool two_d = spatial_dims(scene.params.op) == 2;
  const Tensor& t = e.weight ? scene.weight : scene.input;
  const char* what = e.weight ? "weight" : "input";
  if (e.weight && !is_conv(scene.params.op))
    return make_error(std::string(op_name(scene.params.op)) + " has no weights to edit");
  std::vector<int64_t> index;
  if (e.weight) {
    index = {e.channel, e.in_channel};
  } else {
    const bool batched = t.dim() == (two_d ? 4 : 3);
    if (batched) index.push_back(e.batch);
    if (!batched && e.batch != 0)
      return make_error("input cell batch " + std::to_string(e.batch) +
                        ": this input has no batch dimension");
    index.push_back(e.channel);
  }
  if (two_d) index.push_back(e.y);
  if (!two_d && e.y != 0)
    return make_error(std::string(what) + " cell row " + std::to_string(e.y) + ": a 1-D " + what +
                      " has only row 0");
  index.push_back(e.x);
  if (static_cast<int64_t>(index.size()) != t.dim())
    return make_error(std::string(what) + " of shape " + t.shape_string() + " cannot take the index " +
                      index_text(index));
  int64_t offset = 0;
  for (size_t d = 0; d < index.size(); ++d) {
    const int64_t size = t.shape()[d];
    if (index[d] < 0 || index[d] >= size)
      return make_error(std::string(what) + " cell " + index_text(index) + " is outside the " + what +
                        " of shape " + t.shape_string());
    offset = offset * size + index[d];
  }
  return offset;
}

Result<Scene> apply_cell_edits(const Scene& scene, const std::vector<CellEdit>& edits) {
  Scene edited = scene;
  for (const CellEdit& e : edits) {
    if (!std::isfinite(e.value))
      return make_error("a cell value must be a finite number, got " + format_value(e.value));
    Result<int64_t> offset = cell_offset(edited, e);
    if (!offset) return offset.error();
    (e.weight ? edited.weight : edited.input).values()[static_cast<size_t>(*offset)] = e.value;
  }
  return edited;
}

Result<Scene> apply_fills(const Scene& scene, const CellFills& fills, uint64_t& seed,
                          std::vector<SceneEdit>* refused_edits) {
  Scene edited = scene;
  const std::string op = op_name(scene.params.op);
  if ((fills.randomize_weight || fills.clear_weight || fills.weight_preset) && !is_conv(scene.params.op))
    return make_error(op + " has no weights: only conv1d and conv2d have a kernel to fill");
  if (fills.weight_preset) {
    if (Status filled = fill_with_preset(edited, *fills.weight_preset, refused_edits); !filled)
      return filled.error();
  }
  if (fills.clear_input) std::fill(edited.input.values().begin(), edited.input.values().end(), 0.0f);
  if (fills.clear_weight) std::fill(edited.weight.values().begin(), edited.weight.values().end(), 0.0f);
  if (fills.randomize_input)
    edited.input = random_small_integers(edited.input.shape(), seed++, kRandomInputLow, kRandomInputHigh);
  if (fills.randomize_weight)
    edited.weight = random_small_integers(edited.weight.shape(), seed++, kRandomWeightLow, kRandomWeightHigh);
  return edited;
}

Tensor random_small_integers(const Shape& shape, uint64_t seed, int low, int high) {
  Tensor t(shape);
  uint64_t state = seed;
  const uint64_t span = static_cast<uint64_t>(high - low + 1);
  for (float& v : t.values()) v = static_cast<float>(low + static_cast<int>(split_mix(state) % span));
  return t;
}

}  // namespace convstep
