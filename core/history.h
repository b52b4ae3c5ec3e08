// Undo and redo over the lesson on screen: its scene (parameters, input, weight, bias), its text and the
// step. Each change is kept as what it altered and nothing more, so memory stays bounded:
//   - a tensor with a few changed cells keeps (offset, before, after) per cell;
//   - a tensor replaced or mostly rewritten keeps both versions, shared (shared_ptr) with the
//     neighbouring changes that hold the same values, so a tensor is never stored twice in a row;
//   - an unchanged tensor costs nothing.
// When the kept bytes pass HistoryLimits::max_bytes (or the changes pass max_entries), the oldest
// changes are dropped; dropped() says how many, so the window can say so.
#pragma once

#include <cstddef>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "core/lesson.h"
#include "core/scene.h"
#include "core/tensor.h"

namespace convstep {

// What undo puts back: the lesson (with its scene), where it came from, and the walk's position.
struct HistoryState {
  Lesson lesson;
  std::string source;
  int64_t step = 0;
  int64_t tap = -1;  // -1: the whole step
};

// True when the two states are the same bit for bit (tensors compared by their bytes, so NaN and -0
// count as what they are).
bool same_state(const HistoryState& a, const HistoryState& b);

struct HistoryLimits {
  size_t max_entries = 500;
  size_t max_bytes = size_t{64} << 20;  // 64 MiB of kept tensors and cell changes
};

// How a record joins the change before it: a continuous drag of one control arrives as many changes,
// each marked `open` until the control is let go; consecutive open changes with the same nonempty
// merge_key (and the first closed one after them) become one undo step.
struct HistoryRecord {
  std::string label;      // what the change did, for "Undo: stride 1 → 2"
  std::string merge_key;  // e.g. "edit:stride"; "" never merges
  bool open = false;      // the control is still held: the next change with this key joins this one
  // A joined change is named by the parameters it changed from where the drag started
  // (settings_change_label), not by its last part.
  bool settings_label = false;
};

class History {
 public:
  explicit History(HistoryLimits limits = {});

  // Records the change from `before` to `after` (the state now on screen). Any redo steps are dropped.
  // Nothing is recorded when the states are the same.
  void record(const HistoryState& before, const HistoryState& after, HistoryRecord how);

  bool can_undo() const { return undo_count() > 0; }
  bool can_redo() const { return redo_count() > 0; }
  size_t undo_count() const { return position_; }
  size_t redo_count() const { return entries_.size() - position_; }
  // The label of the change undo (redo) would revert (repeat); "" when there is none.
  std::string undo_label() const;
  std::string redo_label() const;

  // Takes `state` — the state after the newest undoable change, as on screen — one change back
  // (forward). False, with `state` untouched, when there is nothing to undo (redo).
  bool undo(HistoryState& state);
  bool redo(HistoryState& state);

  // The held control was let go: the next change starts a step of its own.
  void close();
  void clear();

  // The bytes kept: every distinct stored tensor once, plus the cell changes and the texts.
  size_t bytes() const { return bytes_; }
  // How many of the oldest changes were dropped to stay within the limits.
  size_t dropped() const { return dropped_; }
  const HistoryLimits& limits() const { return limits_; }

  struct CellChange {
    int64_t offset = 0;
    float before = 0, after = 0;
  };
  // One tensor's part of a change: nothing, a list of cells, or both versions whole (nullptr for an
  // absent bias).
  struct TensorChange {
    enum class Kind { kNone, kCells, kWhole } kind = Kind::kNone;
    std::vector<CellChange> cells;
    std::shared_ptr<const Tensor> before, after;
  };
  // The lesson's text (name, title, captions) and source, kept only when a change altered them.
  struct Text {
    std::string name, title, caption, source;
    std::vector<StepCaption> step_captions;
  };
  struct Entry {
    HistoryRecord how;
    LayerParams params_before, params_after;
    TensorChange input, weight, bias;
    std::shared_ptr<const Text> text_before, text_after;
    int64_t step_before = 0, tap_before = -1, step_after = 0, tap_after = -1;
  };

 private:
  Entry make_entry(const HistoryState& before, const HistoryState& after, HistoryRecord how);
  TensorChange tensor_change(int slot, const Tensor* before, const Tensor* after);
  std::shared_ptr<const Tensor> shared_copy(int slot, const Tensor& t);
  void enforce_limits();
  void count_bytes();

  HistoryLimits limits_;
  std::vector<Entry> entries_;
  size_t position_ = 0;  // entries before it are undoable, from it on redoable
  size_t bytes_ = 0;
  size_t dropped_ = 0;
  // The last stored version of each tensor (input, weight, bias), so the next change that starts from
  // the same values shares it instead of copying.
  std::weak_ptr<const Tensor> last_stored_[3];
};

// "stride 1 → 2, padding 0 → 1": the parameters that differ between two scenes, as the panel spells
// their values; "" when none do.
std::string settings_change_label(const Scene& before, const Scene& after);

}  // namespace convstep
