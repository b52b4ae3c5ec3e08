// Scene editing: the one validating path through which the GUI's parameter panel and `--set key=value`
// change a scene. An edit names a parameter as PyTorch does and carries its value as typed; applying it
// builds a new scene (resizing tensors readably), validates it with resolve_geometry, and on failure
// explains the numbers and suggests the nearest change that works. The caller keeps its last valid scene.
#pragma once

#include <string>
#include <vector>

#include "core/result.h"
#include "core/scene.h"
#include "core/scene_values.h"  // edits parse values with these; callers of this header use them too

namespace convstep {

// One parameter change, e.g. {"stride", "2"}, {"padding", "same"}, {"input_size", "7x5"}.
// Keys are the names of core/params.h's table: op, input_size, batch, in_channels, out_channels, kernel_size,
// stride, padding, padding_mode, dilation, groups, bias, ceil_mode, count_include_pad. Values as typed:
// per-dimension values "3" or "3,2" (height first), padding also same/valid, a pool's stride also none
// (PyTorch's default, the kernel size), input_size "L" or "HxW", booleans true/false. A key the op does not
// have is refused.
struct SceneEdit {
  std::string key;
  std::string value;
  friend bool operator==(const SceneEdit&, const SceneEdit&) = default;
};

// "stride=2" → {"stride", "2"}; an unknown key or a missing '=' is an error listing the keys.
Result<SceneEdit> parse_scene_edit(const std::string& text);
// "stride=2", the form parse_scene_edit reads and suggestions are written in.
std::string edit_text(const SceneEdit& edit);

// The names of core/params.h's table, in panel order.
const std::vector<std::string>& scene_edit_keys();

// Applies one edit and validates the result. Resizing keeps the overlapping values (index-aligned) and
// fills new cells with small integers from a fixed pattern (see below). Switching between conv and pool
// keeps the input; switching between 1-D and 2-D treats a 1-D layer as a 2-D one that is one row high.
// On failure the message explains the numbers (resolve_geometry's text) and ends with the suggestions
// of suggest_fixes: "... — try padding=1 or kernel_size=5".
Result<Scene> apply_edit(const Scene& scene, const SceneEdit& edit);
// Applies several edits as one change (as `--set a=1 --set b=2` does): validation and suggestions
// happen once, after the last edit, so the edits may pass through an invalid combination.
Result<Scene> apply_edits(const Scene& scene, const std::vector<SceneEdit>& edits);

// Changes that make the failed `edits` valid: first a padding change that keeps the user's edit, then
// the nearest other value of the last edited parameter (never the value the scene had), or of a
// parameter bound up with it (kernel_size for padding, channels for groups). At most two; empty when
// nothing near works or the edit could not be read at all. The GUI can offer them as buttons and apply
// one with apply_edits(scene, edits_with_fix(edits, fix)).
std::vector<SceneEdit> suggest_fixes(const Scene& scene, const std::vector<SceneEdit>& edits);
// `edits` followed by `fix`; a fix of the last edited key replaces that edit ("try kernel_size=5"
// instead of kernel_size=7).
std::vector<SceneEdit> edits_with_fix(const std::vector<SceneEdit>& edits, const SceneEdit& fix);

// The current value of every key, in the syntax apply_edit reads back to the same scene. `applies` is
// false for keys the op does not have (groups on a pool, ceil_mode on a convolution, ...).
struct SceneSetting {
  std::string key;
  std::string value;
  bool applies = true;
};
std::vector<SceneSetting> scene_settings(const Scene& scene);
// "op=conv2d\ninput_size=5x5\n...", one line per key that applies.
std::string scene_settings_text(const Scene& scene);

// The fill patterns for new cells, so tests and docs can state them:
//   input  (n, c, y, x) → 1 + (n + c + y + x) mod 4            (1 2 3 4 1 …)
//   weight (o, i, y, x) → 1 if (o + i + y + x) is even, else 0  (the article's 1 0 1 / 0 1 0 / 1 0 1)
//   bias   (o)          → 1 + o mod 3
float input_fill_value(int64_t n, int64_t c, int64_t y, int64_t x);
float weight_fill_value(int64_t o, int64_t i, int64_t y, int64_t x);
float bias_fill_value(int64_t o);

// Edits refuse to build tensors larger than this many values (a typo like kernel_size=1000 would
// otherwise allocate gigabytes before validation could explain it).
inline constexpr int64_t kMaxEditedTensorValues = int64_t{1} << 22;

}  // namespace convstep
