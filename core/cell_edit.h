// Typed cell values and whole-tensor fills (randomize, clear, a kernel preset) on a Scene, each
// validated: a cell outside the tensor, a weight edit on a pool or a 2-D preset on a 1-D op is refused
// with a message naming the cell, the shape or the op, and the scene stays as it was.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "core/result.h"
#include "core/scene.h"
#include "core/scene_edit.h"
#include "core/tensor.h"

namespace convstep {

// One typed cell value. Input: batch/channel/y/x (batch only when the input has a batch dimension).
// Weight: channel = out channel, in_channel, y/x. 1-D tensors use y = 0.
struct CellEdit {
  bool weight = false;
  int64_t batch = 0, channel = 0, in_channel = 0, y = 0, x = 0;
  float value = 0;
  friend bool operator==(const CellEdit&, const CellEdit&) = default;
};

// Randomize, clear and preset requests applied together as one change.
struct CellFills {
  bool randomize_input = false, randomize_weight = false;
  bool clear_input = false, clear_weight = false;
  // A kernel preset id (core/presets.h), filling every in-channel slice of every output channel; the
  // preset's size becomes the kernel size.
  std::optional<std::string> weight_preset;

  bool empty() const {
    return !randomize_input && !randomize_weight && !clear_input && !clear_weight && !weight_preset;
  }
};

// Randomized values: inputs like a tiny image, weights signed so the diverging colours show.
inline constexpr int kRandomInputLow = 0, kRandomInputHigh = 4;
inline constexpr int kRandomWeightLow = -1, kRandomWeightHigh = 2;

// The flat (row-major) offset of a typed cell in its tensor, or an error naming the cell and the shape.
Result<int64_t> cell_offset(const Scene& scene, const CellEdit& edit);

// The scene with every edit applied, in order; the first invalid one (a non-finite value, a cell
// outside its tensor) refuses them all.
Result<Scene> apply_cell_edits(const Scene& scene, const std::vector<CellEdit>& edits);

// The scene with the fills applied in this order: preset, clear, randomize (input, then weight).
// Each randomize takes the next seed from `seed`, so a session (and a test) is reproducible; a
// refused fill leaves `seed` as it was. When the preset's size is what was refused, `refused_edits`
// (if given) receives that kernel_size edit, so the caller can offer suggest_fixes for it.
Result<Scene> apply_fills(const Scene& scene, const CellFills& fills, uint64_t& seed,
                          std::vector<SceneEdit>* refused_edits = nullptr);

// Small integers in [low, high] from a fixed generator (SplitMix64) seeded with `seed`, so a teacher
// can do the arithmetic by hand and tests can predict them.
Tensor random_small_integers(const Shape& shape, uint64_t seed, int low, int high);

}  // namespace convstep
