// The App: everything the window shows, as plain structs with one sub-struct per concern, plus the
// four steps of a frame that main.cpp calls in order: advance by dt, build the UI (which only reads
// state and records Actions), apply the actions through validating calls, and nothing else.
#pragma once

#include <cstdint>
#include <iosfwd>
#include <optional>
#include <string>
#include <vector>

#include "app/widgets/theme.h"
#include "core/lesson.h"
#include "core/stepper.h"
#include "core/tensor.h"

namespace convstep {

struct GuiOptions;

// The lesson on screen and the stepper built from its scene. Only apply_actions replaces it.
struct LessonState {
  Lesson lesson;
  std::string source;              // the name or path it was loaded from
  std::optional<Stepper> stepper;  // empty only if even the default lesson failed to load
  // partial_output(step_count()): the output's value range, so cell colours do not shift as cells fill.
  Tensor full_output;
  std::string error;  // the last load error, shown in the window until a load succeeds
};

// A name and title per built-in lesson, read once for the lesson picker.
struct LessonEntry {
  std::string name;
  std::string title;
};

struct PlaybackState {
  int64_t step = 0;  // the output element being computed; outputs [0, step] are shown filled
  bool playing = false;
  double seconds_per_step = 0.9;
  double play_timer = 0;
  // The highlighted window slides from its previous origin to the current one.
  float slide_from_y = 0, slide_from_x = 0;
  float slide_t = 1;  // 1 = arrived
};

// Everything the views draw for the current step, taken from the stepper when the step changes.
struct StepView {
  int64_t step = -1;
  Snapshot snapshot;
  Tensor output;  // partial_output(step + 1): NaN where not computed yet
};

// UI-only state: widgets may edit it directly.
struct UiState {
  Fonts fonts;
  std::vector<LessonEntry> lessons;
  bool error_dismissed = false;
};

// What the user asked for during one frame; applied in one place after the UI is built.
struct Actions {
  bool step_forward = false;
  bool step_back = false;
  bool reset = false;
  bool toggle_play = false;
  std::optional<int64_t> seek;
  std::optional<std::string> load_lesson;  // built-in name or file path
  bool dismiss_error = false;
};

struct App {
  LessonState lesson;
  PlaybackState playback;
  StepView view;
  UiState ui;
};

// Loads the default lesson, then the one named in `options` (an error keeps the default and is shown),
// then seeks to options.step. Messages for the user go to `err` as well.
void init_app(App& app, const GuiOptions& options, std::ostream& err);

// Loads a built-in lesson by name, or a lesson file when `name_or_path` names an existing file.
// On failure the current lesson stays and the error is kept for the window.
bool load_lesson(App& app, const std::string& name_or_path);

// Changes the lesson's layer parameters ("stride=2", "padding=same", ...), validated as the CLI does.
// On failure the lesson stays as it was and the error is kept for the window.
bool apply_settings(App& app, const std::vector<std::string>& settings);

// Moves the playback clock on by dt seconds (passed in; never read here).
void advance(App& app, double dt);

// Builds the whole window for this frame. Reads the state and returns what the user asked for.
Actions build_ui(App& app);

// The only place the lesson and the step change.
void apply_actions(App& app, const Actions& actions);

// True while something moves on screen, so the loop keeps redrawing without waiting for input.
bool is_animating(const App& app);

}  // namespace convstep
