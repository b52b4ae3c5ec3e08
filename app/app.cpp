// The App's model changes: loading a lesson, changing the scene through core/scene_edit, core/cell_edit
// and other validating calls, the walk, and the one place where the user's actions are applied. A refused
// change keeps the last valid scene and the walk's position. The first state from the command line is in
// app_init.cpp, the view's sync with the walk in app_view.cpp, the frame's UI in app_ui.cpp, the remembered
// settings in app_settings.cpp, the key queue in app_keys.cpp.
#include "app/app.h"

#include <algorithm>
#include <cctype>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <ostream>
#include <sstream>
#include "app/app_transpose.h"

#include <imgui.h>

#include "app/app_history.h"
#include "app/app_internal.h"
#include "core/atomic_write.h"
#include "core/layer_parser.h"
#include "core/lesson.h"
#include "core/npy.h"
#include "core/presets.h"
#include "core/session.h"

namespace convstep {
namespace {

// The sample photo the playground opens with (assets/images/).
constexpr const char* kFirstPlaygroundImage = "chelsea.png";

void refuse(App& app, std::string message, std::vector<SceneEdit> edits = {},
            std::vector<SceneEdit> suggestions = {}) {
  app.model.edit_error = {std::move(message), std::move(edits), std::move(suggestions)};
}

// A changed scene: the lesson's step captions were written for its own settings and may no longer fit.
bool install_changed_scene(App& app, Scene scene) {
  if (Status installed = install_scene(app, std::move(scene), true); !installed) {
    refuse(app, installed.message());
    return false;
  }
  app.model.lesson.lesson.step_captions.clear();
  app.model.edit_error = {};
  ++app.model.document.generation;
  return true;
}

bool apply_scene_edits(App& app, const std::vector<SceneEdit>& edits) {
  const Scene& scene = shown_scene(app.model);
  Result<Scene> edited = apply_edits(scene, edits);
  if (!edited) {
    refuse(app, edited.message(), edits, suggest_fixes(scene, edits));
    return false;
  }
  return install_changed_scene(app, std::move(edited).value());
}

bool apply_cell_edits(App& app, const std::vector<CellEdit>& edits) {
  if (app.model.lesson.transpose && app.model.lesson.transpose->direct_view) {
    refuse(app, "the direct view's input is the zero-inserted copy: edit values in the stamping view (D)");
    return false;
  }
  Result<Scene> edited = convstep::apply_cell_edits(shown_scene(app.model), edits);
  if (!edited) {
    refuse(app, edited.message());
    return false;
  }
  return install_changed_scene(app, std::move(edited).value());
}

// Randomize/clear/preset on the current scene, as one change.
bool apply_fills(App& app, const CellFills& fills) {
  const Scene& scene = shown_scene(app.model);
  std::vector<SceneEdit> refused_edits;
  Result<Scene> filled = convstep::apply_fills(scene, fills, app.model.random_seed, &refused_edits);
  if (!filled) {
    refuse(app, filled.message(), refused_edits,
           refused_edits.empty() ? std::vector<SceneEdit>{} : suggest_fixes(scene, refused_edits));
    return false;
  }
  return install_changed_scene(app, std::move(filled).value());
}

void apply_transport(App& app, const Actions& a) {
  Walk& walk = app.model.walk;
  if (a.direct_view) switch_transposed_view(app.model, *a.direct_view);
  if (a.toggle_direct_view && app.model.lesson.transpose)
    switch_transposed_view(app.model, !app.model.lesson.transpose->direct_view);
  const WalkTrack& stepper = walk_track(app.model);
  if (a.speed) set_speed(walk, *a.speed);
  if (a.faster) faster(walk);
  if (a.slower) slower(walk);
  if (a.loop) set_loop(walk, *a.loop);
  if (a.tap_mode) set_tap_mode(walk, *a.tap_mode);
  if (a.jump_start) jump_to_start(walk, stepper);
  if (a.jump_end) jump_to_end(walk, stepper);
  if (a.seek) seek(walk, stepper, *a.seek);
  if (a.step_back) step_back(walk, stepper);
  if (a.step_forward) step_forward(walk, stepper);
  if (a.tap_back) tap_back(walk, stepper);
  if (a.tap_forward) tap_forward(walk, stepper);
  if (a.pause) pause(walk);
  if (a.play) play(walk, stepper);
  if (a.toggle_play) toggle_play(walk, stepper);
}

// A session's position and view options; the reader has checked the step and tap exist.
void restore_session_state(App& app, const SessionState& state) {
  Walk& walk = app.model.walk;
  set_speed(walk, state.speed);
  set_loop(walk, state.loop);
  seek(walk, walk_track(app.model), state.step);
  set_tap_mode(walk, state.tap_by_tap);
  if (state.tap >= 0) walk.position.tap = state.tap;
  walk.from_step = -1;
  app.ui.stage.palette = state.palette;
  sync_view(app, true);
}

}  // namespace

Status restore_history_state(App& app, const HistoryState& state) {
  Lesson kept = app.model.lesson.lesson;
  app.model.lesson.lesson = state.lesson;
  if (Status installed = install_scene(app, state.lesson.scene, false); !installed) {
    app.model.lesson.lesson = std::move(kept);
    return installed;
  }
  app.model.lesson.source = state.source;
  app.model.lesson.error.clear();
  app.model.edit_error = {};
  app.model.layer_error = {};
  Walk& walk = app.model.walk;
  const WalkTrack& track = walk_track(app.model);
  seek(walk, track, state.step);
  if (state.tap != kWholeStep) {
    set_tap_mode(walk, true);  // a position inside a step exists only tap by tap
    const int64_t taps = track.tap_count(walk.position.step);
    walk.position.tap = std::clamp<int64_t>(state.tap, 0, std::max<int64_t>(taps - 1, 0));
  }
  sync_view(app, true);
  return Ok{};
}

bool open_image(App& app, const std::string& path) {
  show_view(app, MainView::kPlayground);
  return open_playground_image(app.model.playground, path);
}

namespace {

// A lesson with "layers" puts its stack, on its input's spatial size, in the Network view and shows it.
void load_lesson_stack(App& app) {
  const Lesson& lesson = app.model.lesson.lesson;
  if (lesson.layers.empty()) return;
  const Tensor& input = lesson.scene.input;
  const Dims size = spatial_dims(lesson.scene.params.op) == 2 ? Dims{input.size(-2), input.size(-1)}
                                                              : Dims{input.size(-1), input.size(-1)};
  if (load_stack_layers(app.model.network, lesson.layers, size, lesson.title))
    show_view(app, MainView::kNetwork);
}

}  // namespace

bool load_lesson(App& app, const std::string& name_or_path) {
  // The same rule as the command line: a built-in name, or a file when it looks like a path.
  Result<Session> session = load_session_argument(name_or_path);
  if (!session) {
    app.model.lesson.error = session.message();
    app.ui.error_dismissed = false;
    return false;
  }
  Lesson kept = app.model.lesson.lesson;
  app.model.lesson.lesson = std::move(session->lesson);
  if (Status installed = install_scene(app, app.model.lesson.lesson.scene, false); !installed) {
    // Named as the user gave it: the file's path, or the built-in name.
    app.model.lesson.error = "lesson " + name_or_path + ": " + installed.message();
    app.model.lesson.lesson = std::move(kept);
    app.ui.error_dismissed = false;
    return false;
  }
  app.model.lesson.source = name_or_path;
  app.model.lesson.error.clear();
  app.model.edit_error = {};
  if (session->state) restore_session_state(app, *session->state);
  DocumentState& document = app.model.document;
  document.path = session->state ? name_or_path : "";
  document.saved_generation = ++document.generation;
  load_lesson_stack(app);
  return true;
}

bool show_lesson(App& app, Lesson lesson) {
  Lesson kept = std::move(app.model.lesson.lesson);
  app.model.lesson.lesson = std::move(lesson);
  if (Status installed = install_scene(app, app.model.lesson.lesson.scene, false); !installed) {
    app.model.lesson.error = app.model.lesson.lesson.title + ": " + installed.message();
    app.model.lesson.lesson = std::move(kept);
    app.ui.error_dismissed = false;
    return false;
  }
  app.model.lesson.source.clear();
  app.model.lesson.error.clear();
  app.model.edit_error = {};
  show_view(app, MainView::kStepper);
  return true;
}

bool apply_settings(App& app, const std::vector<std::string>& settings) {
  if (!app.model.lesson.stepper) return false;
  std::vector<SceneEdit> edits;
  for (const std::string& setting : settings) {
    Result<SceneEdit> edit = parse_scene_edit(setting);
    if (!edit) {
      refuse(app, edit.message());
      return false;
    }
    edits.push_back(std::move(edit).value());
  }
  return edits.empty() || apply_scene_edits(app, edits);
}

bool apply_layer_line(App& app, const std::string& line) {
  if (!app.model.lesson.stepper) return false;
  LayerParse parsed = parse_layer(line);
  if (!parsed.ok()) {
    app.model.layer_error = {line, parsed.error.message, parsed.error.column};
    return false;
  }
  const Scene& scene = shown_scene(app.model);
  Result<Scene> applied = apply_layer(scene, *parsed.layer);
  if (!applied) {
    app.model.layer_error = {line, applied.message(), 0};
    refuse(app, applied.message(), parsed.layer->edits, suggest_fixes(scene, parsed.layer->edits));
    return false;
  }
  app.model.layer_error = {};
  return install_changed_scene(app, std::move(applied).value());
}

bool import_tensor_files(App& app, const std::vector<TensorFile>& files) {
  if (!app.model.lesson.stepper || files.empty()) return false;
  TensorImports imports;
  for (const TensorFile& file : files) {
    Result<Tensor> tensor = read_npy(file.path);
    if (!tensor) {
      refuse(app, tensor.message());
      return false;
    }
    std::optional<Tensor>& slot = file.slot == TensorSlot::kInput    ? imports.input
                                  : file.slot == TensorSlot::kWeight ? imports.weight
                                                                     : imports.bias;
    slot = std::move(tensor).value();
  }
  Result<Scene> installed = install_tensors(shown_scene(app.model), imports);
  if (!installed) {
    std::string names;
    for (const TensorFile& file : files) names += (names.empty() ? "" : ", ") + file.path;
    refuse(app, names + ": " + installed.message());
    return false;
  }
  return install_changed_scene(app, std::move(installed).value());
}

bool is_lesson_file_name(const std::string& path) {
  std::string ext = std::filesystem::path(path).extension().string();
  std::transform(ext.begin(), ext.end(), ext.begin(), [](unsigned char c) { return std::tolower(c); });
  return ext == ".json" || ext == kSessionExtension;
}

std::string open_failure(const AppModel& model, const std::string& path) {
  if (is_npy_file_name(path)) {
    // The window asks which tensor it becomes; after the answer, a refusal is the edit error.
    if (model.tensor_files.dropped == path) return "";
    return model.edit_error.message.empty() ? path + ": not opened" : model.edit_error.message;
  }
  if (is_lesson_file_name(path)) {
    if (model.lesson.error.empty() && model.lesson.source == path) return "";
    return model.lesson.error.empty() ? path + ": not opened" : model.lesson.error;
  }
  const PlaygroundModel& playground = model.playground;
  if (playground.error.empty() && playground.image && playground.image->path == path) return "";
  return playground.error.empty() ? path + ": not opened" : playground.error;
}

void advance(App& app, double dt) {
  const bool arrived = poll_full_output(app.model);
  if (!app.model.lesson.stepper) return;
  advance(app.model.walk, walk_track(app.model), dt);
  sync_view(app, arrived);
  sync_quiz(app);
}

namespace {

// A region of the playground's image, with its real pixel values and the playground's kernel, becomes
// the scene of a lesson made on the spot.
void open_region_in_stepper(App& app, const Scene& scene) {
  Lesson kept = app.model.lesson.lesson;
  const std::string image = app.model.playground.image ? app.model.playground.image->name : "the image";
  app.model.lesson.lesson = Lesson{};
  app.model.lesson.lesson.name = "image-region";
  app.model.lesson.lesson.title = "A region of " + image;
  app.model.lesson.lesson.caption =
      "Real pixel values from " + image + " under the playground's kernel, one output pixel per step.";
  if (Status installed = install_scene(app, scene, false); !installed) {
    app.model.lesson.lesson = std::move(kept);
    app.model.playground.error = installed.message();
    return;
  }
  app.model.lesson.source.clear();
  app.model.edit_error = {};
  // New work, not yet saved anywhere.
  app.model.document.path.clear();
  ++app.model.document.generation;
  show_view(app, MainView::kStepper);
}

}  // namespace

bool apply_actions(App& app, const Actions& actions) {
  const bool asked = asks_anything(actions);
  if (actions.undo || actions.redo) {
    undo_or_redo(app, actions.undo);
    return asked;  // the frame's other actions were aimed at the state just left
  }
  const std::optional<HistoryState> before = state_before_changes(app.model, actions);
  apply_tensor_exports(app, actions);
  apply_export_actions(app, actions);
  if (actions.file.any() && apply_file_actions(app, actions.file)) {
    record_changes(app, before, actions);  // New, Open and Restore switch the lesson: one undo step
    return asked;
  }
  if (actions.dismiss_error) {
    app.ui.error_dismissed = true;
    app.model.edit_error = {};
    app.model.layer_error = {};
  }
  if (actions.cancel_output && cancel_full_output(app.model)) sync_view(app, true);
  if (actions.load_lesson && ask_before_leaving(app, LeaveKind::kLesson, *actions.load_lesson)) return asked;
  if (actions.open_dropped && is_lesson_file_name(*actions.open_dropped) &&
      ask_before_leaving(app, LeaveKind::kOpen, *actions.open_dropped))
    return asked;
  if (actions.load_lesson) {
    // The path field closes once its file has loaded; after a failure it stays open to be corrected.
    if (load_lesson(app, *actions.load_lesson)) app.ui.open_file = false;
    record_changes(app, before, actions);
    return asked;  // the other actions were aimed at the lesson being replaced
  }
  if (actions.open_dropped) {
    const std::string& path = *actions.open_dropped;
    if (is_lesson_file_name(path)) {
      if (load_lesson(app, path)) show_view(app, MainView::kStepper);
      record_changes(app, before, actions);
    } else if (is_npy_file_name(path)) {
      ask_about_dropped_npy(app, path);
      show_view(app, MainView::kStepper);
    } else {
      open_image(app, path);
    }
    return asked;
  }
  apply_network_actions(app.model.network, app.ui.network, actions.network);
  PlaygroundModel& playground = app.model.playground;
  apply_playground_actions(playground, actions.playground);
  bool first_image = false;
  if (app.ui.main_view == MainView::kPlayground && !playground.image && playground.error.empty()) {
    // The first visit starts on a sample photo rather than an empty view; a failure is shown there.
    open_playground_image(playground, (std::filesystem::path(images_dir()) / kFirstPlaygroundImage).string());
    first_image = true;
  }
  if (actions.playground.open_in_stepper) open_region_in_stepper(app, *actions.playground.open_in_stepper);
  if (!app.model.lesson.stepper) {
    record_changes(app, before, actions);
    return asked || first_image;
  }
  if (!actions.edits.empty() && !quiz_holds_edits(app, actions.edits)) apply_scene_edits(app, actions.edits);
  // The field closes once its layer is on screen; after a failure it stays open to be corrected.
  if (actions.layer_line && apply_layer_line(app, *actions.layer_line)) app.ui.layer_field_open = false;
  if (!actions.imports.empty()) {
    app.model.tensor_files.dropped.reset();  // answered; a refusal is explained in the edit error
    import_tensor_files(app, actions.imports);
  }
  if (!actions.cell_edits.empty()) apply_cell_edits(app, actions.cell_edits);
  if (!actions.fills.empty()) apply_fills(app, actions.fills);
  record_changes(app, before, actions);  // before the transport: moving the walk is not a change
  apply_quiz_actions(app, actions.quiz);
  apply_transport(app, actions);
  sync_view(app);
  sync_quiz(app);
  return asked || first_image;
}

bool is_animating(const App& app) {
  return is_animating(app.model.walk) || export_running(app) || computing_full_output(app.model);
}

bool draw_next_frame_at_once(bool headless, bool animating, bool actions_applied) {
  return headless || animating || actions_applied;
}

bool asks_anything(const PlaygroundActions& a) {
  return a.open_image || a.color_mode || a.value_range || a.padding_mode || a.display_mode ||
         !a.kernel.empty() || a.export_png || a.dismiss_error || a.open_in_stepper || a.refused;
}

bool asks_anything(const Actions& a) {
  const bool transport = a.play || a.pause || a.toggle_play || a.step_forward || a.step_back ||
                         a.tap_forward || a.tap_back || a.jump_start || a.jump_end || a.seek || a.faster ||
                         a.slower || a.speed || a.loop || a.tap_mode || a.direct_view || a.toggle_direct_view;
  return transport || a.load_lesson || !a.edits.empty() || a.layer_line || !a.imports.empty() ||
         !a.cell_edits.empty() || !a.fills.empty() || a.dismiss_error || asks_anything(a.playground) ||
         a.open_dropped || a.undo || a.redo || a.cancel_drop || a.export_npy || a.cancel_export ||
         a.file.any() || a.quiz.any() || a.open_export || a.cancel_animation_export || a.start_export ||
         a.cancel_output || asks_anything(a.network);
}

}  // namespace convstep
