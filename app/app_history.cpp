// Keeping the undo history as the frame's actions change the lesson, stepping back and forward through
// it, and the .npy questions: which tensor a dropped file becomes, and whether an export may replace a
// file that is already there.
#include "app/app_history.h"

#include <filesystem>
#include <system_error>

#include "core/npy.h"

namespace convstep {
namespace {

// A typed layer line is shown in a label up to this many characters.
constexpr size_t kLabelledLineChars = 48;

std::string shortened(const std::string& text, size_t most) {
  if (text.size() <= most) return text;
  size_t cut = most;
  while (cut > 0 && (static_cast<unsigned char>(text[cut]) & 0xC0) == 0x80) --cut;  // whole UTF-8 characters
  return text.substr(0, cut) + "\xE2\x80\xA6";
}

std::string file_name(const std::string& path) {
  const std::string name = std::filesystem::path(path).filename().string();
  return name.empty() ? path : name;
}

// "input[0, 2, 3] 1 → 5": the cell as PyTorch indexes its tensor, and both values.
std::string cell_label(const Scene& before, const CellEdit& edit) {
  const Result<int64_t> offset = cell_offset(before, edit);
  const Tensor& t = edit.weight ? before.weight : before.input;
  std::string index;
  const auto add = [&index](int64_t i) { index += (index.empty() ? "" : ", ") + std::to_string(i); };
  const bool two_d = spatial_dims(before.params.op) == 2;
  if (edit.weight) {
    add(edit.channel);
    add(edit.in_channel);
  } else {
    if (t.dim() == spatial_dims(before.params.op) + 2) add(edit.batch);
    add(edit.channel);
  }
  if (two_d) add(edit.y);
  add(edit.x);
  std::string label = std::string(edit.weight ? "weight" : "input") + "[" + index + "] ";
  if (offset) label += format_value(t.values()[static_cast<size_t>(*offset)]) + " \xE2\x86\x92 ";
  return label + format_value(edit.value);
}

std::string fills_label(const CellFills& f) {
  std::string label;
  const auto add = [&label](const std::string& part) { label += (label.empty() ? "" : ", ") + part; };
  if (f.weight_preset) add("kernel preset " + *f.weight_preset);
  if (f.clear_input) add("clear input");
  if (f.clear_weight) add("clear kernel");
  if (f.randomize_input) add("randomize input");
  if (f.randomize_weight) add("randomize kernel");
  return label;
}

bool switches_lesson(const Actions& a) {
  // Discarding unsaved changes carries out the switch the question was asked for.
  return a.load_lesson || (a.open_dropped && is_lesson_file_name(*a.open_dropped)) ||
         a.playground.open_in_stepper || a.file.new_session || a.file.open ||
         a.file.unsaved_choice == UnsavedChoice::kDiscard;
}

}  // namespace

const char* exported_tensor_name(ExportedTensor what) {
  switch (what) {
    case ExportedTensor::kInput:
      return "input";
    case ExportedTensor::kWeight:
      return "weight";
    case ExportedTensor::kBias:
      return "bias";
    case ExportedTensor::kOutput:
      return "output";
  }
  return "tensor";
}

HistoryState history_state(const AppModel& model) {
  return {model.lesson.lesson, model.lesson.source, model.walk.position.step, model.walk.position.tap};
}

std::optional<HistoryState> state_before_changes(const AppModel& model, const Actions& a) {
  if (!model.lesson.stepper) return std::nullopt;
  const bool changes = switches_lesson(a) || a.file.any() || !a.edits.empty() || a.layer_line ||
                       !a.imports.empty() || !a.cell_edits.empty() || !a.fills.empty();
  if (!changes) return std::nullopt;
  return history_state(model);
}

std::string change_label(const HistoryState& before, const HistoryState& after, const Actions& a) {
  if (switches_lesson(a) || before.lesson.name != after.lesson.name) {
    if (before.lesson.name == after.lesson.name) return "reopen lesson " + after.lesson.name;
    return "lesson " + before.lesson.name + " \xE2\x86\x92 " + after.lesson.name;
  }
  std::string label;
  const auto add = [&label](const std::string& part) {
    if (!part.empty()) label += (label.empty() ? "" : "; ") + part;
  };
  const Scene& b = before.lesson.scene;
  const std::string settings = settings_change_label(b, after.lesson.scene);
  if (a.layer_line) {
    add("layer " + shortened(*a.layer_line, kLabelledLineChars));
  } else if (!a.edits.empty()) {
    add(settings.empty() ? "parameters" : settings);
  }
  for (const TensorFile& file : a.imports) {
    add("open " + file_name(file.path) + " as the " + tensor_slot_name(file.slot));
  }
  if (a.cell_edits.size() == 1) {
    add(cell_label(b, a.cell_edits.front()));
  } else if (!a.cell_edits.empty()) {
    add(std::to_string(a.cell_edits.size()) + " cell edits");
  }
  add(fills_label(a.fills));
  return label.empty() ? "change" : label;
}

void record_changes(App& app, const std::optional<HistoryState>& before, const Actions& actions) {
  History& history = app.model.history;
  if (before) {
    const HistoryState after = history_state(app.model);
    if (!same_state(*before, after)) {
      HistoryRecord how{change_label(*before, after, actions), "", actions.held, false};
      // Only parameter edits from one control join: a drag of another control is a step of its own.
      const bool edits_only = actions.cell_edits.empty() && actions.fills.empty() &&
                              actions.imports.empty() && !actions.layer_line && !switches_lesson(actions);
      if (edits_only && !actions.edits.empty()) {
        how.merge_key = "edit:";
        how.settings_label = true;
        for (const SceneEdit& e : actions.edits) how.merge_key += e.key + ",";
      }
      history.record(*before, after, std::move(how));
    }
  }
  if (!actions.held) history.close();
}

bool undo_or_redo(App& app, bool undo) {
  if (!app.model.lesson.stepper) return false;
  History& history = app.model.history;
  HistoryState state = history_state(app.model);
  const std::string label = undo ? history.undo_label() : history.redo_label();
  if (!(undo ? history.undo(state) : history.redo(state))) return false;
  if (Status restored = restore_history_state(app, state); !restored) {
    // Back to where the history was, so the next try meets the same state.
    HistoryState again = history_state(app.model);
    undo ? history.redo(again) : history.undo(again);
    app.model.edit_error = {
        std::string(undo ? "Undo" : "Redo") + " of " + label + " failed: " + restored.message(), {}, {}};
    return false;
  }
  return true;
}

bool is_npy_file_name(const std::string& path) {
  std::string ext = std::filesystem::path(path).extension().string();
  for (char& c : ext) c = static_cast<char>(c >= 'A' && c <= 'Z' ? c - 'A' + 'a' : c);
  return ext == ".npy";
}

void ask_about_dropped_npy(App& app, const std::string& path) {
  TensorQuestions& q = app.model.tensor_files;
  q.replace.reset();  // one question at a time: the newest
  q.dropped.reset();
  // A file that does not read is said at once; there is nothing to ask about.
  Result<Tensor> tensor = read_npy(path);
  if (!tensor) {
    app.model.edit_error = {tensor.message(), {}, {}};
    return;
  }
  q.dropped = path;
  q.dropped_shape = tensor->shape();
}

std::optional<Tensor> exported_tensor(const AppModel& model, ExportedTensor what) {
  if (!model.lesson.stepper) return std::nullopt;
  const Scene& scene = model.lesson.stepper->scene();
  switch (what) {
    case ExportedTensor::kInput:
      return scene.input;
    case ExportedTensor::kWeight:
      if (!is_conv(scene.params.op)) return std::nullopt;
      return scene.weight;
    case ExportedTensor::kBias:
      return scene.bias;
    case ExportedTensor::kOutput:
      return model.view.full_output;
  }
  return std::nullopt;
}

void apply_tensor_exports(App& app, const Actions& actions) {
  TensorQuestions& q = app.model.tensor_files;
  if (actions.cancel_drop) q.dropped.reset();
  if (actions.cancel_export) q.replace.reset();
  if (!actions.export_npy) return;
  const TensorExport& request = *actions.export_npy;
  const char* name = exported_tensor_name(request.what);
  q.replace.reset();
  const auto outcome = [&q](std::string message, bool failed) {
    q.message = std::move(message);
    q.failed = failed;
  };
  if (request.path.empty()) return outcome(std::string("Export ") + name + ": type a file name first", true);
  const std::optional<Tensor> tensor = exported_tensor(app.model, request.what);
  if (!tensor) {
    const Op op = app.model.lesson.stepper ? app.model.lesson.stepper->scene().params.op : Op::kConv2d;
    return outcome(std::string("Export ") + name + ": " +
                       (request.what == ExportedTensor::kBias && is_conv(op)
                            ? "this layer has no bias (bias=False)"
                            : std::string("a ") + op_name(op) + " has no " + name),
                   true);
  }
  std::error_code ec;
  const std::filesystem::file_status status = std::filesystem::symlink_status(request.path, ec);
  if (!ec && std::filesystem::is_directory(status))
    return outcome(request.path + " is a folder: name a file to write the " + name + " to", true);
  if (!ec && std::filesystem::exists(status) && !request.replace) {
    q.replace = request;  // asked in the window; the answer is export_npy with replace, or cancel_export
    return;
  }
  if (Status written = write_npy(request.path, *tensor); !written) return outcome(written.message(), true);
  outcome(std::string("Saved the ") + name + " " + tensor->shape_string() + " to " + request.path, false);
}

}  // namespace convstep
