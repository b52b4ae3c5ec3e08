// The playground's kernel editor: a grid of editable cells (1×1 to 15×15, odd or even, non-square),
// size controls, the engine's presets, normalize to sum 1 and the cross-correlation / convolution
// toggle with its one-line explanation. It only records what the user asked for into KernelEdits;
// the playground applies them (app/panels/playground_panel).
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "core/filtering.h"
#include "core/scene.h"

namespace convstep {

inline constexpr int64_t kMinKernelSide = 1;
inline constexpr int64_t kMaxKernelSide = 15;

struct KernelCellEdit {
  int64_t y = 0, x = 0;
  float value = 0;
};

struct KernelEdits {
  std::optional<Dims> kernel_size;  // (kH, kW)
  std::vector<KernelCellEdit> cells;
  std::optional<std::string> preset;  // core/presets.h id
  bool normalize = false;
  std::optional<KernelOrientation> orientation;

  bool empty() const { return !kernel_size && cells.empty() && !preset && !normalize && !orientation; }
};

// Draws the editor at the cursor, `width` pixels wide. `filter` is read only.
void draw_kernel_editor(const FilterSettings& filter, float width, KernelEdits& edits);

// The kernel resized to kernel_size with its values kept centred (cells that no longer fit are
// dropped, new ones are 0), so a 3×3 identity grown to 5×5 is still the identity.
Tensor resized_kernel(const Tensor& kernel, Dims kernel_size);

// "1 0 -1 / 0 0 0 / -1 0 1": a kernel in one line, rows separated by " / ".
std::string kernel_one_line(const Tensor& kernel);

}  // namespace convstep
