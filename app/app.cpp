// The App's state changes: loading a lesson, changing the scene through core/scene_edit and other
// validating calls, the walk, and the one place where the user's actions are applied. A refused change
// keeps the last valid scene and the walk's position, and leaves an explanation for the window.
#include "app/app.h"

#include <algorithm>
#include <cmath>
#include <filesystem>
#include <ostream>

#include <imgui.h>

#include "app/gui_options.h"
#include "app/panels/controls_panel.h"
#include "app/panels/formula_panel.h"
#include "app/panels/grids_panel.h"
#include "app/panels/header_panel.h"
#include "app/panels/layer_panel.h"
#include "app/panels/params_panel.h"
#include "app/panels/shortcuts_panel.h"
#include "app/panels/step_panel.h"
#include "core/lesson.h"
#include "core/presets.h"

namespace convstep {
namespace {

// The sample photo the playground opens with (assets/images/).
constexpr const char* kFirstPlaygroundImage = "chelsea.png";

// Randomized values: inputs like a tiny image, weights signed so the diverging colours show.
constexpr int kRandomInputLow = 0, kRandomInputHigh = 4;
constexpr int kRandomWeightLow = -1, kRandomWeightHigh = 2;

// The sidebar (parameters and formula) takes a share of the width, within readable bounds.
constexpr float kSidebarShare = 0.34f;
constexpr float kLeastSidebar = 320.0f, kMostSidebar = 460.0f;
constexpr float kLeastParamsHeight = 120.0f;
constexpr float kLeastGridHeight = 220.0f;

float eased(double t) {
  const float f = static_cast<float>(std::clamp(t, 0.0, 1.0));
  return f * f * (3 - 2 * f);
}

// Refreshes the StepView from the stepper at the walk's position. Snapshots and the partial output are
// rebuilt only when the position moved or the scene changed (`force`); the slide changes every frame.
void sync_view(App& app, bool force = false) {
  if (!app.lesson.stepper) return;
  const Stepper& stepper = *app.lesson.stepper;
  const Walk& walk = app.walk;
  StepView& view = app.view;
  const bool moved = force || view.step != walk.position.step || view.tap != walk.position.tap;
  const int64_t shown_from = view.from ? view.from->step : -1;
  if (moved) {
    view.step = walk.position.step;
    view.tap = walk.position.tap;
    view.snapshot = stepper.snapshot(view.step);
    view.output = stepper.partial_output(completed_outputs(walk));
    view.running = shown_value(walk, view.snapshot, stepper.scene().params.op);
  }
  if (moved || shown_from != walk.from_step) {
    if (walk.from_step >= 0) {
      view.from = stepper.snapshot(walk.from_step);
    } else {
      view.from.reset();
    }
  }
  view.slide = view.from ? eased(slide_fraction(walk)) : 1.0f;
}

// Puts a validated scene on screen. `keep_position`: the walk keeps its step (and tap) when they still
// exist; otherwise it starts over, paused, with the user's speed, loop and tap mode.
Status install_scene(App& app, Scene scene, bool keep_position) {
  Result<Stepper> stepper = Stepper::create(std::move(scene));
  if (!stepper) return stepper.error();
  app.lesson.stepper.emplace(std::move(stepper).value());
  const Stepper& s = *app.lesson.stepper;
  app.lesson.lesson.scene = s.scene();
  app.view.full_output = s.partial_output(s.step_count());
  if (keep_position) {
    rebind(app.walk, s);
  } else {
    pause(app.walk);
    app.walk.from_step = -1;
    jump_to_start(app.walk, s);
  }
  sync_view(app, true);
  return Ok{};
}

void refuse(App& app, std::string message, std::vector<SceneEdit> edits = {},
            std::vector<SceneEdit> suggestions = {}) {
  app.edit_error = {std::move(message), std::move(edits), std::move(suggestions)};
}

// A changed scene: the lesson's step captions were written for its own settings and may no longer fit.
bool install_changed_scene(App& app, Scene scene) {
  if (Status installed = install_scene(app, std::move(scene), true); !installed) {
    refuse(app, installed.message());
    return false;
  }
  app.lesson.lesson.step_captions.clear();
  app.edit_error = {};
  return true;
}

bool apply_scene_edits(App& app, const std::vector<SceneEdit>& edits) {
  const Scene& scene = app.lesson.stepper->scene();
  Result<Scene> edited = apply_edits(scene, edits);
  if (!edited) {
    refuse(app, edited.message(), edits, suggest_fixes(scene, edits));
    return false;
  }
  return install_changed_scene(app, std::move(edited).value());
}

std::string index_text(const std::vector<int64_t>& index) {
  std::string s = "(";
  for (size_t i = 0; i < index.size(); ++i) s += (i ? ", " : "") + std::to_string(index[i]);
  return s + ")";
}

// The flat offset of a typed cell, or an error naming the cell and the tensor's shape.
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

bool apply_cell_edits(App& app, const std::vector<CellEdit>& edits) {
  Scene scene = app.lesson.stepper->scene();
  for (const CellEdit& e : edits) {
    if (!std::isfinite(e.value)) {
      refuse(app, "a cell value must be a finite number, got " + format_value(e.value));
      return false;
    }
    Result<int64_t> offset = cell_offset(scene, e);
    if (!offset) {
      refuse(app, offset.message());
      return false;
    }
    (e.weight ? scene.weight : scene.input).values()[static_cast<size_t>(*offset)] = e.value;
  }
  return install_changed_scene(app, std::move(scene));
}

// Randomize/clear/preset on the current scene, as one change.
bool apply_fills(App& app, const Actions& a) {
  Scene scene = app.lesson.stepper->scene();
  const std::string op = op_name(scene.params.op);
  const bool conv = is_conv(scene.params.op);
  if ((a.randomize_weight || a.clear_weight || a.weight_preset) && !conv) {
    refuse(app, op + " has no weights: only conv1d and conv2d have a kernel to fill");
    return false;
  }
  if (a.weight_preset) {
    const KernelPreset* preset = find_kernel_preset(*a.weight_preset);
    if (!preset) {
      refuse(app, "unknown kernel preset \"" + *a.weight_preset + "\" (see `convstep presets`)");
      return false;
    }
    if (spatial_dims(scene.params.op) != 2) {
      refuse(app, "the preset " + preset->name + " is a 2-D kernel (" + preset->kernel.shape_string() +
                      "); " + op + " needs a 1-D one — switch op to conv2d to use it");
      return false;
    }
    // The preset's size becomes the kernel size, validated and explained like any other edit.
    const SceneEdit resize{
        "kernel_size", std::to_string(preset->kernel.size(0)) + "," + std::to_string(preset->kernel.size(1))};
    Result<Scene> resized = apply_edits(scene, {resize});
    if (!resized) {
      refuse(app,
             "the preset " + preset->name + " is " + std::to_string(preset->kernel.size(0)) + "×" +
                 std::to_string(preset->kernel.size(1)) + ": " + resized.message(),
             {resize}, suggest_fixes(scene, {resize}));
      return false;
    }
    scene = std::move(resized).value();
    const int64_t slice = preset->kernel.numel();
    std::vector<float>& w = scene.weight.values();
    for (size_t i = 0; i < w.size(); ++i) w[i] = preset->kernel.values()[i % static_cast<size_t>(slice)];
  }
  if (a.clear_input) std::fill(scene.input.values().begin(), scene.input.values().end(), 0.0f);
  if (a.clear_weight) std::fill(scene.weight.values().begin(), scene.weight.values().end(), 0.0f);
  if (a.randomize_input)
    scene.input =
        random_small_integers(scene.input.shape(), app.random_seed++, kRandomInputLow, kRandomInputHigh);
  if (a.randomize_weight)
    scene.weight =
        random_small_integers(scene.weight.shape(), app.random_seed++, kRandomWeightLow, kRandomWeightHigh);
  return install_changed_scene(app, std::move(scene));
}

void apply_transport(App& app, const Actions& a) {
  Walk& walk = app.walk;
  const Stepper& stepper = *app.lesson.stepper;
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

uint64_t split_mix(uint64_t& state) {
  uint64_t z = (state += 0x9E3779B97F4A7C15ull);
  z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
  z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
  return z ^ (z >> 31);
}

}  // namespace

Tensor random_small_integers(const Shape& shape, uint64_t seed, int low, int high) {
  Tensor t(shape);
  uint64_t state = seed;
  const uint64_t span = static_cast<uint64_t>(high - low + 1);
  for (float& v : t.values()) v = static_cast<float>(low + static_cast<int>(split_mix(state) % span));
  return t;
}

namespace {
void show_view(App& app, MainView view) {
  app.ui.main_view = view;
  app.ui.select_view = true;
}
}  // namespace

bool open_image(App& app, const std::string& path) {
  show_view(app, MainView::kPlayground);
  return open_playground_image(app.playground, path);
}

bool load_lesson(App& app, const std::string& name_or_path) {
  // The same rule as the command line: a built-in name, or a file when it looks like a path.
  Result<Lesson> lesson = load_lesson_argument(name_or_path);
  if (!lesson) {
    app.lesson.error = lesson.message();
    app.ui.error_dismissed = false;
    return false;
  }
  Lesson kept = app.lesson.lesson;
  app.lesson.lesson = std::move(lesson).value();
  if (Status installed = install_scene(app, app.lesson.lesson.scene, false); !installed) {
    app.lesson.error = "lesson '" + app.lesson.lesson.name + "': " + installed.message();
    app.lesson.lesson = std::move(kept);
    app.ui.error_dismissed = false;
    return false;
  }
  app.lesson.source = name_or_path;
  app.lesson.error.clear();
  app.edit_error = {};
  return true;
}

bool apply_settings(App& app, const std::vector<std::string>& settings) {
  if (!app.lesson.stepper) return false;
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

void init_app(App& app, const GuiOptions& options, std::ostream& err) {
  if (Result<std::vector<Lesson>> all = load_builtin_lessons()) {
    for (const Lesson& lesson : *all) app.ui.lessons.push_back({lesson.name, lesson.title});
  } else {
    err << "convstep: " << all.message() << "\n";
  }
  if (!load_lesson(app, kDefaultLesson)) err << "convstep: " << app.lesson.error << "\n";
  if (!options.lesson.empty() && options.lesson != kDefaultLesson) {
    // The failed lesson's message stays on screen above the default lesson.
    if (!load_lesson(app, options.lesson)) err << "convstep: " << app.lesson.error << "\n";
  }
  if (!options.set.empty() && app.lesson.stepper) {
    if (!apply_settings(app, options.set)) err << "convstep: --set: " << app.edit_error.message << "\n";
  }
  if (!options.image.empty() && !open_image(app, options.image)) {
    err << "convstep: " << app.playground.error << "\n";
  }
  if (options.step >= 0 && app.lesson.stepper) {
    const int64_t count = app.lesson.stepper->step_count();
    if (options.step >= count) {
      err << "convstep: --step " << options.step << " is past the end: this lesson has steps 0 to "
          << count - 1 << "; showing step " << count - 1 << "\n";
    }
    seek(app.walk, *app.lesson.stepper, options.step);
    sync_view(app);
  }
  if (options.tap >= 0 && app.lesson.stepper) {
    const int64_t taps = static_cast<int64_t>(app.view.snapshot.taps.size());
    if (options.tap >= taps) {
      err << "convstep: --tap " << options.tap << " is past the end: this step has taps 0 to " << taps - 1
          << "; showing tap " << taps - 1 << "\n";
    }
    set_tap_mode(app.walk, true);
    app.walk.position.tap = std::clamp<int64_t>(options.tap, 0, std::max<int64_t>(taps - 1, 0));
    app.walk.from_step = -1;
    sync_view(app, true);
  }
}

void advance(App& app, double dt) {
  if (!app.lesson.stepper) return;
  advance(app.walk, *app.lesson.stepper, dt);
  sync_view(app);
}

namespace {

// The two views as tabs under the window's top edge. An action that switches view (opening an image,
// sending a region to the stepper) selects the tab for one frame; otherwise the tabs decide.
void draw_view_tabs(App& app) {
  if (!ImGui::BeginTabBar("views")) return;
  constexpr std::pair<MainView, const char*> kTabs[] = {{MainView::kStepper, "Step through a lesson"},
                                                        {MainView::kPlayground, "Filter playground"}};
  MainView shown = app.ui.main_view;
  for (const auto& [view, label] : kTabs) {
    const ImGuiTabItemFlags flags =
        app.ui.select_view && app.ui.main_view == view ? ImGuiTabItemFlags_SetSelected : 0;
    if (ImGui::BeginTabItem(label, nullptr, flags)) {
      shown = view;
      ImGui::EndTabItem();
    }
  }
  ImGui::EndTabBar();
  if (!app.ui.select_view) app.ui.main_view = shown;
  app.ui.select_view = false;
}

// A region of the playground's image, with its real pixel values and the playground's kernel, becomes
// the scene of a lesson made on the spot.
void open_region_in_stepper(App& app, const Scene& scene) {
  Lesson kept = app.lesson.lesson;
  const std::string image = app.playground.image ? app.playground.image->name : "the image";
  app.lesson.lesson = Lesson{};
  app.lesson.lesson.name = "image-region";
  app.lesson.lesson.title = "A region of " + image;
  app.lesson.lesson.caption =
      "Real pixel values from " + image + " under the playground's kernel, one output pixel per step.";
  if (Status installed = install_scene(app, scene, false); !installed) {
    app.lesson.lesson = std::move(kept);
    app.playground.error = installed.message();
    return;
  }
  app.lesson.source.clear();
  app.edit_error = {};
  show_view(app, MainView::kStepper);
}

void draw_stepper_view(App& app, Actions& actions);

}  // namespace

Actions build_ui(App& app) {
  Actions actions;
  app.ui.stage.layout.clear();
  if (app.ui.main_view == MainView::kStepper) read_transport_keys(app, actions);

  const ImGuiViewport* viewport = ImGui::GetMainViewport();
  ImGui::SetNextWindowPos(viewport->WorkPos);
  ImGui::SetNextWindowSize(viewport->WorkSize);
  const ImGuiWindowFlags flags = ImGuiWindowFlags_NoTitleBar | ImGuiWindowFlags_NoResize |
                                 ImGuiWindowFlags_NoMove | ImGuiWindowFlags_NoCollapse |
                                 ImGuiWindowFlags_NoSavedSettings | ImGuiWindowFlags_NoBringToFrontOnFocus;
  ImGui::Begin("convstep", nullptr, flags);

  draw_view_tabs(app);
  if (app.ui.main_view == MainView::kPlayground) {
    draw_playground_panel(app.playground, app.ui.fonts, actions.playground);
  } else {
    draw_stepper_view(app, actions);
  }
  ImGui::End();
  draw_shortcuts_panel(app);
  return actions;
}

namespace {

void draw_stepper_view(App& app, Actions& actions) {
  draw_header_panel(app, actions);
  draw_layer_panel(app);
  ImGui::Separator();

  // Below the header: the stage column (transport, grids, arithmetic) and, at its left, the sidebar.
  const ImVec2 top = ImGui::GetCursorPos();
  const ImVec2 room = ImGui::GetContentRegionAvail();
  const float spacing = ImGui::GetStyle().ItemSpacing.x;
  const float sidebar = std::clamp(room.x * kSidebarShare, kLeastSidebar, kMostSidebar);
  const float stage_width = room.x - sidebar - spacing;

  ImGui::SetCursorPos(ImVec2(top.x + sidebar + spacing, top.y));
  ImGui::BeginChild("stage_column", ImVec2(stage_width, room.y), false, ImGuiWindowFlags_NoScrollbar);
  draw_controls_panel(app, actions);
  ImGui::Separator();
  const float below = step_panel_height(app, stage_width) + 2 * ImGui::GetStyle().ItemSpacing.y + 2;
  const float grid_height = std::max(kLeastGridHeight, ImGui::GetContentRegionAvail().y - below);
  draw_grids_panel(app, actions, ImVec2(stage_width, grid_height));
  ImGui::Separator();
  draw_step_panel(app);
  ImGui::EndChild();

  // The sidebar: the parameters scroll when they must; the formula (and any refusal) stays in view below.
  ImGui::SetCursorPos(top);
  ImGui::BeginChild("sidebar", ImVec2(sidebar, room.y), true, ImGuiWindowFlags_NoScrollbar);
  const float formula_width = ImGui::GetContentRegionAvail().x;
  const float formula = formula_panel_height(app, formula_width) + 2 * ImGui::GetStyle().ItemSpacing.y;
  ImGui::BeginChild("params",
                    ImVec2(0, std::max(kLeastParamsHeight, ImGui::GetContentRegionAvail().y - formula)));
  draw_params_panel(app, actions);
  ImGui::EndChild();
  ImGui::Separator();
  draw_formula_panel(app, actions);
  ImGui::EndChild();
}

}  // namespace

void apply_actions(App& app, const Actions& actions) {
  if (actions.dismiss_error) {
    app.ui.error_dismissed = true;
    app.edit_error = {};
  }
  if (actions.load_lesson) {
    // The path field closes once its file has loaded; after a failure it stays open to be corrected.
    if (load_lesson(app, *actions.load_lesson)) app.ui.open_file = false;
    return;  // the other actions were aimed at the lesson being replaced
  }
  if (actions.open_dropped) {
    const std::string& path = *actions.open_dropped;
    const bool lesson = path.size() > 5 && path.compare(path.size() - 5, 5, ".json") == 0;
    if (lesson) {
      if (load_lesson(app, path)) show_view(app, MainView::kStepper);
    } else {
      open_image(app, path);
    }
    return;
  }
  apply_playground_actions(app.playground, actions.playground);
  if (app.ui.main_view == MainView::kPlayground && !app.playground.image && app.playground.error.empty()) {
    // The first visit starts on a sample photo rather than an empty view; a failure is shown there.
    open_playground_image(app.playground,
                          (std::filesystem::path(images_dir()) / kFirstPlaygroundImage).string());
  }
  if (actions.playground.open_in_stepper) open_region_in_stepper(app, *actions.playground.open_in_stepper);
  if (!app.lesson.stepper) return;
  if (!actions.edits.empty()) apply_scene_edits(app, actions.edits);
  if (!actions.cell_edits.empty()) apply_cell_edits(app, actions.cell_edits);
  if (actions.randomize_input || actions.randomize_weight || actions.clear_input || actions.clear_weight ||
      actions.weight_preset) {
    apply_fills(app, actions);
  }
  apply_transport(app, actions);
  sync_view(app);
}

bool is_animating(const App& app) {
  return is_animating(app.walk);
}

}  // namespace convstep
