// Undo history: changes stored as cell lists or shared whole tensors, bounded by entries and bytes.
#include "core/history.h"

#include <cstring>
#include <unordered_set>
#include <utility>

#include "core/scene_edit.h"

namespace convstep {
namespace {

constexpr int kInput = 0, kWeight = 1, kBias = 2;
// At most this many parameters are named in a label; the rest are "…".
constexpr size_t kLabelledSettings = 3;

bool same_bits(const Tensor& a, const Tensor& b) {
  return a.shape() == b.shape() &&
         (a.numel() == 0 ||
          std::memcmp(a.data(), b.data(), static_cast<size_t>(a.numel()) * sizeof(float)) == 0);
}

bool same_bits(const std::optional<Tensor>& a, const std::optional<Tensor>& b) {
  return a.has_value() == b.has_value() && (!a || same_bits(*a, *b));
}

bool same_bits(float a, float b) {
  return std::memcmp(&a, &b, sizeof a) == 0;
}

bool same_params(const LayerParams& a, const LayerParams& b) {
  return a.op == b.op && a.kernel_size == b.kernel_size && a.stride_set == b.stride_set &&
         a.stride == b.stride && a.padding_kind == b.padding_kind && a.padding == b.padding &&
         a.dilation == b.dilation && a.groups == b.groups && a.padding_mode == b.padding_mode &&
         a.ceil_mode == b.ceil_mode && a.count_include_pad == b.count_include_pad;
}

bool same_captions(const std::vector<StepCaption>& a, const std::vector<StepCaption>& b) {
  if (a.size() != b.size()) return false;
  for (size_t i = 0; i < a.size(); ++i) {
    if (a[i].first != b[i].first || a[i].last != b[i].last || a[i].text != b[i].text) return false;
  }
  return true;
}

History::Text text_of(const HistoryState& s) {
  return {s.lesson.name, s.lesson.title, s.lesson.caption, s.source, s.lesson.step_captions};
}

bool same_text(const History::Text& a, const History::Text& b) {
  return a.name == b.name && a.title == b.title && a.caption == b.caption && a.source == b.source &&
         same_captions(a.step_captions, b.step_captions);
}

size_t tensor_bytes(const Tensor& t) {
  return sizeof(Tensor) + static_cast<size_t>(t.numel()) * sizeof(float) + t.shape().size() * sizeof(int64_t);
}

size_t text_bytes(const History::Text& t) {
  size_t n = sizeof(History::Text) + t.name.size() + t.title.size() + t.caption.size() + t.source.size();
  for (const StepCaption& c : t.step_captions) n += sizeof(StepCaption) + c.text.size();
  return n;
}

// The slot's tensor in a scene; a pool's weight is an empty tensor, an absent bias is nullptr.
const Tensor* slot_tensor(const Scene& scene, int slot) {
  if (slot == kInput) return &scene.input;
  if (slot == kWeight) return &scene.weight;
  return scene.bias ? &*scene.bias : nullptr;
}

// Whether `change` can be taken from `side` (true: its before, false: its after) to the other side on
// this scene: the tensor there must have the shape the change was recorded on.
bool fits(const Scene& scene, int slot, const History::TensorChange& change, bool from_after) {
  using Kind = History::TensorChange::Kind;
  const Tensor* t = slot_tensor(scene, slot);
  if (change.kind == Kind::kNone) return true;
  if (change.kind == Kind::kWhole) {
    const std::shared_ptr<const Tensor>& expected = from_after ? change.after : change.before;
    if (!expected) return t == nullptr;
    return t != nullptr && t->shape() == expected->shape();
  }
  if (t == nullptr) return false;
  for (const History::CellChange& c : change.cells) {
    if (c.offset < 0 || c.offset >= t->numel()) return false;
  }
  return true;
}

// Takes one tensor across a change: to its before (`backwards`) or to its after.
void cross(Scene& scene, int slot, const History::TensorChange& change, bool backwards) {
  using Kind = History::TensorChange::Kind;
  if (change.kind == Kind::kNone) return;
  if (change.kind == Kind::kWhole) {
    const std::shared_ptr<const Tensor>& target = backwards ? change.before : change.after;
    if (slot == kInput) {
      scene.input = *target;
    } else if (slot == kWeight) {
      scene.weight = *target;
    } else if (target) {
      scene.bias = *target;
    } else {
      scene.bias.reset();
    }
    return;
  }
  Tensor& t = slot == kInput ? scene.input : slot == kWeight ? scene.weight : *scene.bias;
  std::vector<float>& values = t.values();
  for (const History::CellChange& c : change.cells) {
    values[static_cast<size_t>(c.offset)] = backwards ? c.before : c.after;
  }
}

// Takes `state` across `entry`; false (state untouched) when the state is not the one it was recorded on.
bool cross_entry(HistoryState& state, const History::Entry& entry, bool backwards) {
  Scene& scene = state.lesson.scene;
  const History::TensorChange* changes[3] = {&entry.input, &entry.weight, &entry.bias};
  for (int slot = 0; slot < 3; ++slot) {
    if (!fits(scene, slot, *changes[slot], backwards)) return false;
  }
  for (int slot = 0; slot < 3; ++slot) cross(scene, slot, *changes[slot], backwards);
  scene.params = backwards ? entry.params_before : entry.params_after;
  if (const std::shared_ptr<const History::Text>& text = backwards ? entry.text_before : entry.text_after) {
    state.lesson.name = text->name;
    state.lesson.title = text->title;
    state.lesson.caption = text->caption;
    state.lesson.step_captions = text->step_captions;
    state.source = text->source;
  }
  state.step = backwards ? entry.step_before : entry.step_after;
  state.tap = backwards ? entry.tap_before : entry.tap_after;
  return true;
}

}  // namespace

bool same_state(const HistoryState& a, const HistoryState& b) {
  const Scene& x = a.lesson.scene;
  const Scene& y = b.lesson.scene;
  return same_params(x.params, y.params) && same_bits(x.input, y.input) && same_bits(x.weight, y.weight) &&
         same_bits(x.bias, y.bias) && same_text(text_of(a), text_of(b)) && a.step == b.step && a.tap == b.tap;
}

History::History(HistoryLimits limits) : limits_(limits) {}

std::shared_ptr<const Tensor> History::shared_copy(int slot, const Tensor& t) {
  if (std::shared_ptr<const Tensor> last = last_stored_[slot].lock(); last && same_bits(*last, t))
    return last;
  auto copy = std::make_shared<const Tensor>(t);
  last_stored_[slot] = copy;
  return copy;
}

History::TensorChange History::tensor_change(int slot, const Tensor* before, const Tensor* after) {
  TensorChange change;
  if (!before && !after) return change;
  if (before && after && before->shape() == after->shape()) {
    const float* b = before->data();
    const float* a = after->data();
    const int64_t n = before->numel();
    // Cells while they cost less than half a whole copy; past that, both versions whole (and shared).
    const size_t most_cells = static_cast<size_t>(n) * sizeof(float) / 2 / sizeof(CellChange);
    bool whole = false;
    for (int64_t i = 0; i < n; ++i) {
      if (same_bits(b[i], a[i])) continue;
      if (change.cells.size() >= most_cells) {
        whole = true;
        break;
      }
      change.cells.push_back({i, b[i], a[i]});
    }
    if (!whole) {
      change.kind = change.cells.empty() ? TensorChange::Kind::kNone : TensorChange::Kind::kCells;
      return change;
    }
    change.cells.clear();
    change.cells.shrink_to_fit();
  }
  change.kind = TensorChange::Kind::kWhole;
  if (before) change.before = shared_copy(slot, *before);
  if (after) change.after = shared_copy(slot, *after);
  return change;
}

History::Entry History::make_entry(const HistoryState& before, const HistoryState& after, HistoryRecord how) {
  Entry e;
  e.how = std::move(how);
  const Scene& b = before.lesson.scene;
  const Scene& a = after.lesson.scene;
  e.params_before = b.params;
  e.params_after = a.params;
  e.input = tensor_change(kInput, slot_tensor(b, kInput), slot_tensor(a, kInput));
  e.weight = tensor_change(kWeight, slot_tensor(b, kWeight), slot_tensor(a, kWeight));
  e.bias = tensor_change(kBias, slot_tensor(b, kBias), slot_tensor(a, kBias));
  Text text_before = text_of(before), text_after = text_of(after);
  if (!same_text(text_before, text_after)) {
    e.text_before = std::make_shared<const Text>(std::move(text_before));
    e.text_after = std::make_shared<const Text>(std::move(text_after));
  }
  e.step_before = before.step;
  e.tap_before = before.tap;
  e.step_after = after.step;
  e.tap_after = after.tap;
  return e;
}

void History::record(const HistoryState& before, const HistoryState& after, HistoryRecord how) {
  entries_.resize(position_);  // a new change ends the redo branch
  const bool joins = !entries_.empty() && entries_.back().how.open && !how.merge_key.empty() &&
                     entries_.back().how.merge_key == how.merge_key;
  if (joins) {
    // The drag goes on: one change from where it started to where it is now.
    HistoryState start = before;
    if (cross_entry(start, entries_.back(), true)) {
      entries_.pop_back();
      if (how.settings_label) how.label = settings_change_label(start.lesson.scene, after.lesson.scene);
      if (!same_state(start, after)) entries_.push_back(make_entry(start, after, std::move(how)));
      position_ = entries_.size();
      count_bytes();
      enforce_limits();
      return;
    }
  }
  if (same_state(before, after)) return;
  entries_.push_back(make_entry(before, after, std::move(how)));
  position_ = entries_.size();
  count_bytes();
  enforce_limits();
}

std::string History::undo_label() const {
  return can_undo() ? entries_[position_ - 1].how.label : "";
}

std::string History::redo_label() const {
  return can_redo() ? entries_[position_].how.label : "";
}

bool History::undo(HistoryState& state) {
  if (!can_undo() || !cross_entry(state, entries_[position_ - 1], true)) return false;
  entries_[position_ - 1].how.open = false;  // an undone drag never joins the next change
  --position_;
  return true;
}

bool History::redo(HistoryState& state) {
  if (!can_redo() || !cross_entry(state, entries_[position_], false)) return false;
  ++position_;
  return true;
}

void History::close() {
  if (position_ > 0) entries_[position_ - 1].how.open = false;
}

void History::clear() {
  entries_.clear();
  position_ = 0;
  bytes_ = 0;
  dropped_ = 0;
}

void History::count_bytes() {
  std::unordered_set<const void*> seen;
  size_t total = 0;
  const auto shared = [&](const auto& p, size_t bytes) {
    if (p && seen.insert(p.get()).second) total += bytes;
  };
  for (const Entry& e : entries_) {
    total += sizeof(Entry) + e.how.label.size() + e.how.merge_key.size();
    for (const TensorChange* c : {&e.input, &e.weight, &e.bias}) {
      total += c->cells.size() * sizeof(CellChange);
      shared(c->before, c->before ? tensor_bytes(*c->before) : 0);
      shared(c->after, c->after ? tensor_bytes(*c->after) : 0);
    }
    shared(e.text_before, e.text_before ? text_bytes(*e.text_before) : 0);
    shared(e.text_after, e.text_after ? text_bytes(*e.text_after) : 0);
  }
  bytes_ = total;
}

void History::enforce_limits() {
  while (!entries_.empty() && (entries_.size() > limits_.max_entries || bytes_ > limits_.max_bytes)) {
    entries_.erase(entries_.begin());
    if (position_ > 0) --position_;
    ++dropped_;
    count_bytes();
  }
}

std::string settings_change_label(const Scene& before, const Scene& after) {
  const std::vector<SceneSetting> b = scene_settings(before);
  const std::vector<SceneSetting> a = scene_settings(after);
  std::string label;
  size_t named = 0;
  for (size_t i = 0; i < b.size() && i < a.size(); ++i) {
    if (b[i].value == a[i].value && b[i].applies == a[i].applies) continue;
    if (!b[i].applies && !a[i].applies) continue;
    if (named == kLabelledSettings) {
      label += ", \xE2\x80\xA6";
      break;
    }
    const std::string from = b[i].applies ? b[i].value : "\xE2\x80\x94";
    const std::string to = a[i].applies ? a[i].value : "\xE2\x80\x94";
    label += (label.empty() ? "" : ", ") + a[i].key + " " + from + " \xE2\x86\x92 " + to;
    ++named;
  }
  return label;
}

}  // namespace convstep
