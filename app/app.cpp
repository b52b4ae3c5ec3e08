// The App's state changes: loading a lesson, moving the step, the playback clock, and the one place
// where the user's actions are applied. The UI itself is a dispatch list over the panels.
#include "app/app.h"

#include <algorithm>
#include <ostream>

#include <imgui.h>

#include "app/cli/cli.h"
#include "app/cli/layer_options.h"
#include "app/panels/controls_panel.h"
#include "app/panels/grids_panel.h"
#include "app/panels/header_panel.h"
#include "app/panels/step_panel.h"

namespace convstep {
namespace {

constexpr float kSlideSeconds = 0.18f;
constexpr float kLeastGridHeight = 220.0f;
constexpr float kLeastGridShare = 0.45f;

// Where the window is drawn right now, mid-slide or not.
void shown_origin(const App& app, float* y, float* x) {
  const PlaybackState& p = app.playback;
  const float t = p.slide_t * p.slide_t * (3 - 2 * p.slide_t);
  *y = p.slide_from_y + (static_cast<float>(app.view.snapshot.origin_y) - p.slide_from_y) * t;
  *x = p.slide_from_x + (static_cast<float>(app.view.snapshot.origin_x) - p.slide_from_x) * t;
}

void refresh_view(App& app) {
  const Stepper& stepper = *app.lesson.stepper;
  app.view.step = app.playback.step;
  app.view.snapshot = stepper.snapshot(app.playback.step);
  app.view.output = stepper.partial_output(app.playback.step + 1);
}

// Moves to step i (clamped); `slide` animates the window from where it is drawn now.
void set_step(App& app, int64_t i, bool slide) {
  if (!app.lesson.stepper) return;
  const int64_t count = app.lesson.stepper->step_count();
  i = std::clamp<int64_t>(i, 0, std::max<int64_t>(count - 1, 0));
  if (i == app.view.step) return;
  const bool had_view = app.view.step >= 0;
  float from_y = 0, from_x = 0;
  if (had_view) shown_origin(app, &from_y, &from_x);
  app.playback.step = i;
  refresh_view(app);
  if (slide && had_view) {
    app.playback.slide_from_y = from_y;
    app.playback.slide_from_x = from_x;
    app.playback.slide_t = 0;
  } else {
    app.playback.slide_from_y = static_cast<float>(app.view.snapshot.origin_y);
    app.playback.slide_from_x = static_cast<float>(app.view.snapshot.origin_x);
    app.playback.slide_t = 1;
  }
}

// Replaces the lesson on screen, or keeps the current one and records why not.
bool install_lesson(App& app, Lesson lesson, const std::string& source) {
  Result<Stepper> stepper = Stepper::create(lesson.scene);
  if (!stepper) {
    app.lesson.error = "lesson '" + lesson.name + "': " + stepper.message();
    app.ui.error_dismissed = false;
    return false;
  }
  app.lesson.lesson = std::move(lesson);
  app.lesson.source = source;
  app.lesson.stepper.emplace(std::move(stepper).value());
  app.lesson.full_output = app.lesson.stepper->partial_output(app.lesson.stepper->step_count());
  app.lesson.error.clear();
  app.playback.playing = false;
  app.playback.play_timer = 0;
  app.view.step = -1;
  set_step(app, 0, false);
  return true;
}

// --set key=value pairs go through the command line's own parsing and validation, so the window and
// `convstep compute` accept and refuse exactly the same settings.
Result<Scene> scene_with_settings(const std::string& source, const std::vector<std::string>& settings) {
  LayerOptions options;
  options.lesson = source;
  for (const std::string& setting : settings) {
    const size_t eq = setting.find('=');
    const std::string key = setting.substr(0, eq);
    const std::string value = eq == std::string::npos ? "" : setting.substr(eq + 1);
    if (key == "kernel_size") {
      options.kernel_size = value;
    } else if (key == "stride") {
      options.stride = value;
    } else if (key == "padding") {
      options.padding = value;
    } else if (key == "dilation") {
      options.dilation = value;
    } else if (key == "groups") {
      options.groups = value;
    } else if (key == "padding_mode") {
      options.padding_mode = value;
    } else if (key == "count_include_pad") {
      options.count_include_pad = value;
    } else if (key == "ceil_mode" && (value == "true" || value == "True" || value == "1")) {
      options.ceil_mode = true;
    } else if (key == "ceil_mode" && (value == "false" || value == "False" || value == "0")) {
      options.ceil_mode = false;
    } else {
      return make_error("--set " + setting +
                        ": expected one of kernel_size, stride, padding, dilation, groups, padding_mode, "
                        "ceil_mode=true|false, count_include_pad");
    }
  }
  return scene_from_options(options);
}

}  // namespace

bool load_lesson(App& app, const std::string& name_or_path) {
  // The same rule as the command line: a built-in name, or a file when it looks like a path.
  Result<Lesson> lesson = load_lesson_argument(name_or_path);
  if (!lesson) {
    app.lesson.error = lesson.message();
    app.ui.error_dismissed = false;
    return false;
  }
  return install_lesson(app, std::move(lesson).value(), name_or_path);
}

bool apply_settings(App& app, const std::vector<std::string>& settings) {
  Result<Scene> scene = scene_with_settings(app.lesson.source, settings);
  if (!scene) {
    app.lesson.error = scene.message();
    app.ui.error_dismissed = false;
    return false;
  }
  Lesson changed = app.lesson.lesson;
  changed.scene = std::move(scene).value();
  // The lesson's step captions were written for its own settings and may no longer fit.
  changed.step_captions.clear();
  return install_lesson(app, std::move(changed), app.lesson.source);
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
    if (!apply_settings(app, options.set)) err << "convstep: " << app.lesson.error << "\n";
  }
  if (!options.image.empty()) {
    err << "convstep: this window does not open images yet; showing the lesson instead of " << options.image
        << "\n";
  }
  if (options.step >= 0 && app.lesson.stepper) {
    const int64_t count = app.lesson.stepper->step_count();
    if (options.step >= count) {
      err << "convstep: --step " << options.step << " is past the end: this lesson has steps 0 to "
          << count - 1 << "; showing step " << count - 1 << "\n";
    }
    set_step(app, options.step, false);
  }
}

void advance(App& app, double dt) {
  PlaybackState& p = app.playback;
  p.slide_t = std::min(1.0f, p.slide_t + static_cast<float>(dt) / kSlideSeconds);
  if (!p.playing || !app.lesson.stepper) return;
  p.play_timer += dt;
  while (p.play_timer >= p.seconds_per_step) {
    p.play_timer -= p.seconds_per_step;
    if (p.step + 1 >= app.lesson.stepper->step_count()) {
      p.playing = false;
      p.play_timer = 0;
      break;
    }
    set_step(app, p.step + 1, true);
  }
}

Actions build_ui(App& app) {
  Actions actions;
  const ImGuiViewport* viewport = ImGui::GetMainViewport();
  ImGui::SetNextWindowPos(viewport->WorkPos);
  ImGui::SetNextWindowSize(viewport->WorkSize);
  // Scrolls only when the window is too small for the lesson; the grids never shrink below a share of it.
  const ImGuiWindowFlags flags = ImGuiWindowFlags_NoTitleBar | ImGuiWindowFlags_NoResize |
                                 ImGuiWindowFlags_NoMove | ImGuiWindowFlags_NoCollapse |
                                 ImGuiWindowFlags_NoSavedSettings | ImGuiWindowFlags_NoBringToFrontOnFocus;
  ImGui::Begin("convstep", nullptr, flags);

  draw_header_panel(app, actions);
  ImGui::Spacing();
  draw_controls_panel(app, actions);
  ImGui::Separator();

  const float spacing = ImGui::GetStyle().ItemSpacing.y;
  const ImVec2 room = ImGui::GetContentRegionAvail();
  const float below = step_panel_height(app, room.x) + 2 * spacing + 2;
  const float least = std::max(kLeastGridHeight, viewport->WorkSize.y * kLeastGridShare);
  draw_grids_panel(app, ImVec2(room.x, std::max(least, room.y - below)));
  ImGui::Separator();
  draw_step_panel(app);

  ImGui::End();
  return actions;
}

void apply_actions(App& app, const Actions& actions) {
  if (actions.dismiss_error) app.ui.error_dismissed = true;
  if (actions.load_lesson && *actions.load_lesson != app.lesson.lesson.name) {
    load_lesson(app, *actions.load_lesson);
    return;  // the other actions were aimed at the lesson being replaced
  }
  if (!app.lesson.stepper) return;
  PlaybackState& p = app.playback;
  if (actions.reset) {
    p.playing = false;
    set_step(app, 0, true);
  }
  if (actions.step_back) {
    p.playing = false;
    set_step(app, p.step - 1, true);
  }
  if (actions.step_forward) {
    p.playing = false;
    set_step(app, p.step + 1, true);
  }
  if (actions.seek) {
    p.playing = false;
    set_step(app, *actions.seek, true);
  }
  if (actions.toggle_play) {
    // Play at the last step starts over, as a teacher replaying the walk expects.
    if (!p.playing && p.step + 1 >= app.lesson.stepper->step_count()) set_step(app, 0, false);
    p.playing = !p.playing;
    p.play_timer = 0;
  }
}

bool is_animating(const App& app) {
  return app.playback.playing || app.playback.slide_t < 1.0f;
}

}  // namespace convstep
