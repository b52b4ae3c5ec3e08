// The App: everything the window shows, as three plain structs — the model (lesson, walk, view,
// playground), the UI state widgets may edit, and the graphics objects — plus the steps of a frame that
// main.cpp calls in order: advance the walk by dt, build the UI (which reads the model as const and
// records Actions), and apply the actions — the one place where the model changes.
#pragma once

#include <cstdint>
#include <iosfwd>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "app/document.h"
#include "app/full_output.h"
#include "app/panels/export_panel.h"
#include "app/panels/network_panel.h"
#include "app/panels/playground_panel.h"
#include "app/panels/quiz_panel.h"
#include "app/panels/worksheet_panel.h"
#include "app/stage/stage_state.h"
#include "app/tensor_files.h"
#include "app/widgets/file_browser.h"
#include "app/widgets/theme.h"
#include "core/cell_edit.h"
#include "core/history.h"
#include "core/lesson.h"
#include "core/playground.h"
#include "core/quiz.h"
#include "core/scene_edit.h"
#include "core/settings.h"
#include "core/stepper.h"
#include "core/tensor.h"
#include "core/tensor_import.h"
#include "core/transpose.h"
#include "core/walk.h"

namespace convstep {

struct GuiOptions;

// A transposed convolution on screen (app/app_transpose.cpp): its stamping walk, and the equivalent
// direct convolution, whose stepper is LessonState::stepper. lesson.scene stays the transposed scene.
struct TransposeState {
  std::optional<Stamper> stamper;
  DirectEquivalent direct;
  bool direct_view = false;  // the walk steps through the direct convolution rather than the stamps
};

// The lesson on screen and the stepper built from its (always valid) scene. Only apply_actions replaces it.
struct LessonState {
  Lesson lesson;
  std::string source;                       // the name or path it was loaded from
  std::optional<Stepper> stepper;           // empty only if even the default lesson failed to load
  std::optional<TransposeState> transpose;  // a transposed convolution: the stepper walks its direct form
  std::string error;  // the last load error, shown in the header until a load succeeds or it is dismissed
  uint64_t scene_version = 0;  // counts the scenes put on screen, so what refers to one can tell it changed
  // A convolution whose weights are all n/D (core/weight_factor.h) shows them as integers times 1/D.
  int64_t weight_denominator = 1;
};

// The last refused scene change, shown in the formula panel over the last valid scene.
struct EditError {
  std::string message;                 // what is wrong, with the numbers (empty: no error)
  std::vector<SceneEdit> edits;        // the refused edits, so a suggestion can be applied to them
  std::vector<SceneEdit> suggestions;  // nearby changes that work (suggest_fixes), offered as buttons
};

// The last typed layer line that could not be applied, shown under the layer field: with a caret under
// `column` when the line could not be read, or (column 0) why its layer does not fit the scene.
struct LayerLineError {
  std::string line;
  std::string message;
  size_t column = 0;
};

// A name and title per built-in lesson, read once for the lesson picker.
struct LessonEntry {
  std::string name;
  std::string title;
};

// Everything the views draw for the walk's position, taken from the stepper whenever it moves.
struct StepView {
  int64_t step = -1;  // walk.position.step (−1 before the first lesson)
  Snapshot snapshot;  // the current step
  // The output as filled so far: NaN where not computed. In tap mode the current output is not filled yet.
  Tensor output;
  std::optional<Snapshot> from;  // snapshot of walk.from_step: where the window slides from (and its ghost)
  float slide = 1;               // eased slide fraction, 0 at from, 1 at the current position
  int64_t tap = kWholeStep;      // walk.position.tap; −1 = the whole step
  float running = 0;             // the running sum (max) after `tap`, or the result for the whole step
  Tensor full_output;            // every output, for colour ranges that do not shift as the map fills in
};

// The stamping view's state at the walk's position (a transposed convolution, stamping shown).
struct StampView {
  int64_t step = -1;
  int64_t tap = kWholeStep;
  StampSnapshot snapshot;
  Tensor output;  // partial sums so far (NaN: nothing landed yet); in tap mode, the stamps up to `tap`
  Tensor counts;  // stamps landed per output cell so far
};

// What fills the window below the header: the stepping view of a lesson, the filter playground, or
// the Network view of a stack of layers.
enum class MainView { kStepper, kPlayground, kNetwork };

// A key pressed (or repeated by the system) as GLFW reported it, with Shift held or not.
struct KeyPress {
  int key = 0;
  bool shift = false;
  bool repeat = false;  // GLFW_REPEAT: the system's auto-repeat of a held key
  bool ctrl = false;    // Control held: Ctrl+S tapped within one frame still counts as Ctrl+S
  friend bool operator==(const KeyPress&, const KeyPress&) = default;
};

// Key presses queued by GLFW's key callback between two frames, so a tap shorter than a frame (down
// and up in one poll, which ImGui's key state never sees) still reaches the UI. Releases are not kept:
// a press counts once, whenever it is released.
struct KeyQueue {
  std::vector<KeyPress> presses;
};

// Records one GLFW key event (action GLFW_PRESS, GLFW_REPEAT or GLFW_RELEASE; mods as GLFW gives them).
void queue_key_event(KeyQueue& queue, int key, int action, int mods);
// The queued presses, leaving the queue empty for the next frame.
std::vector<KeyPress> take_key_presses(KeyQueue& queue);
// How many times `key` was first pressed this frame (repeats aside): the queued presses, or 1 when
// nothing was queued but ImGui saw the key go down (input fed to ImGui directly, as tests do).
int key_presses(const std::vector<KeyPress>& presses, int key, bool imgui_pressed);
// Whether Ctrl+`key` was pressed this frame, and (*shift) whether Shift was held with it: from the
// queued presses (which keep the modifiers of a tap shorter than a frame), else, when none of `key` was
// queued, from ImGui's key state. `repeats`: the system's auto-repeat counts too (a held Ctrl+Z goes on
// undoing); otherwise a held chord acts once.
bool ctrl_pressed(const std::vector<KeyPress>& presses, int key, bool repeats, bool* shift);

// Presentation mode (F5 or the Present button; Esc leaves): the stage alone, large type, clicker keys.
struct PresentationState {
  bool on = false;
  bool blanked = false;     // B: the screen goes black, as slide software does, until B (or Esc) again
  float text_scale = 1.0f;  // Ctrl+= / Ctrl+− / Ctrl+0; kept in the settings
};

// Type is this much larger in presentation mode, before the text scale.
inline constexpr float kPresentationType = 1.3f;

// UI-only state: widgets may edit it directly.
struct UiState {
  MainView main_view = MainView::kStepper;
  bool select_view = false;  // main_view was changed by an action: the tab bar follows it next frame
  Fonts fonts;
  std::vector<LessonEntry> lessons;
  bool error_dismissed = false;  // the load error in the header
  StageState stage;              // hover, pins, zoom, palette and the drawn layout (owned by the stage)
  bool show_shortcuts = false;   // the `?` overlay
  // Per-dimension parameters (kernel_size, stride, ...) take one value for both dimensions until the
  // user splits them (or they differ); the split ones, by name.
  std::set<std::string> split_params;
  // The stepping view's layer panel folded away (Ctrl+B, the View menu, « and »): the grids take its room.
  bool sidebar_hidden = false;
  char lesson_path[512] = {};  // "Open lesson file…" path field
  bool open_file = false;      // the path field is shown
  // The built-in file browser behind "Browse…" beside the lesson path field.
  FileBrowserState lesson_browser;
  PlaygroundUi playground;        // the playground's view, fields and toggles
  NetworkUi network;              // the Network view's fields and the cell under the mouse or pinned
  char layer_text[512] = {};      // the layer panel's field for a typed PyTorch layer line
  bool layer_field_open = false;  // the field is shown (it opens from a button, so the grids keep their room)
  // The key presses GLFW queued since the last frame (take_key_presses), read by the transport keys.
  std::vector<KeyPress> key_presses;
  PresentationState presentation;
  TensorsUi tensors;          // the Tensors window (open and export .npy files)
  bool show_overlaps = true;  // the stamping view draws each output cell's overlap count
  // The lesson's caption under its title; unset: shown when the window is tall enough for it. The
  // header's toggle sets it.
  std::optional<bool> show_caption;
  FileUi file;                    // the File menu's dialogs and questions (app/document.h)
  WorksheetPanelState worksheet;  // the "Worksheet…" dialog
  QuizUi quiz;                    // the quiz's answer fields and picked cells
  ExportPanelState export_panel;  // the Export animation dialog and the export it runs
};

// Graphics objects and the engine caches behind them: never part of the model, rebuilt on demand.
struct AppGfx {
  PlaygroundGfx playground;  // the filter preview, the image textures, the gallery and readout caches
};

// What the user asked for during one frame; applied in one place after the UI is built, in this order:
// dismiss, load_lesson, edits, the layer line, imports, cell edits, fills (randomize/clear/preset), then
// the transport.
struct Actions {
  // Transport (core/walk.h).
  bool play = false, pause = false, toggle_play = false;
  bool step_forward = false, step_back = false;
  bool tap_forward = false, tap_back = false;
  bool jump_start = false, jump_end = false;
  std::optional<int64_t> seek;
  bool faster = false, slower = false;
  std::optional<double> speed;
  std::optional<bool> loop;
  std::optional<bool> tap_mode;
  std::optional<bool> direct_view;  // a transposed convolution: stamping (false) or the direct view (true)
  bool toggle_direct_view = false;  // D: the other of the two

  std::optional<std::string> load_lesson;  // built-in name or file path
  std::vector<SceneEdit> edits;            // parameter changes, applied together as one change
  std::optional<std::string> layer_line;   // a typed PyTorch layer the scene takes (core/layer_parser.h)
  std::vector<TensorFile> imports;         // .npy tensors installed together, as one change
  std::vector<CellEdit> cell_edits;        // core/cell_edit.h
  CellFills fills;                         // randomize, clear, a kernel preset (core/cell_edit.h)
  bool dismiss_error = false;              // both the load error and the edit error
  bool cancel_output = false;              // stop computing the full output (app/full_output.h)

  PlaygroundActions playground;  // the filter playground's own actions (its open_in_stepper comes here)
  NetworkActions network;        // the Network view's stack edits
  QuizActions quiz;              // quiz mode (app/app_quiz.cpp): answers are checked before the transport
  // A file dropped on the window: a lesson (.json) or session (.convstep) opens in the stepper, a .npy
  // asks which tensor it becomes (TensorQuestions::dropped), anything else opens as an image.
  std::optional<std::string> open_dropped;
  FileActions file;  // the File menu (app/document.h), applied first

  // Undo history (core/history.h): one step back or forward, applied before anything else.
  bool undo = false, redo = false;
  // A control is still held (a drag): the scene changes it makes join one undo step.
  bool held = false;
  bool cancel_drop = false;                // the dropped .npy opens as nothing
  std::optional<TensorExport> export_npy;  // writes a tensor as .npy (asks first over an existing file)
  bool cancel_export = false;              // the file stays as it was

  // The Export animation dialog (app/panels/export_panel.h).
  bool open_export = false, cancel_animation_export = false;
  std::optional<ExportRequest> start_export;
};

// True when the actions ask for anything at all; an empty frame changes nothing.
bool asks_anything(const Actions& actions);
bool asks_anything(const PlaygroundActions& actions);

// What the views draw from: changed only by apply_actions (and the loading calls below).
struct AppModel {
  LessonState lesson;
  Walk walk;
  StepView view;
  StampView stamp_view;
  EditError edit_error;
  LayerLineError layer_error;
  // Seeds randomize: each press takes the next seed, so a session (and a test) is reproducible.
  uint64_t random_seed = 1;
  PlaygroundModel playground;
  // Every change to the lesson on screen, for undo and redo; filled by apply_actions.
  History history;
  TensorQuestions tensor_files;
  DocumentState document;     // the session file, unsaved changes and the autosave (app/document.h)
  QuizState quiz;             // quiz mode: the question on screen, the held parameter change, the score
  FullOutputJob full_output;  // the full output under way and what Cancel restores (app/full_output.h)
  StackSession network;       // the Network view's stack (a lesson with "layers" replaces it)
};

// What the walk steps through: the stamps of a transposed convolution in its stamping view, else the
// stepper. Only valid while lesson.stepper is set.
const WalkTrack& walk_track(const AppModel& model);
// A transposed convolution is on screen with its stamping view.
bool shows_stamping(const AppModel& model);
// The scene the user works on (a transposed convolution's own, not its direct form).
const Scene& shown_scene(const AppModel& model);

// As sokol's samples hold their state: the model, what the widgets may edit, and the GPU objects.
struct App {
  AppModel model;
  UiState ui;
  AppGfx gfx;
};

// Loads the built-in lesson list and the default lesson, then the one named in `options` (an error keeps
// the default and is shown), applies options.set through scene_edit, then options.layer and the .npy
// files (options.input, weight, bias), then seeks to options.step.
// Messages for the user go to `err` as well, one line each. Returns false when the default lesson or
// anything `options` asked for (lesson, --set, --layer, tensors, image) failed, so a headless run can exit
// non-zero.
bool init_app(App& app, const GuiOptions& options, std::ostream& err);

// True when a dropped file goes to the stepper as a lesson (a .json or .convstep name, any case), not to
// the playground.
bool is_lesson_file_name(const std::string& path);
// Why `path`, just opened by a drop (Actions::open_dropped), is not on screen: the message the window
// shows for it; "" when it is the lesson or the playground image now shown.
std::string open_failure(const AppModel& model, const std::string& path);

// Puts remembered settings on screen after init_app: palette, speed, type size and presentation mode.
// (The last lesson is opened by init_app, as GuiOptions::lesson, when the command line names none.)
void restore_settings(App& app, const Settings& settings);

// The settings to remember now: `base` (the ones loaded, so recent files carry on) with what the App
// shows, and the window's place.
Settings remembered_settings(const App& app, Settings base, const WindowPlace& window);

// What a run remembers: read unless --no-settings, and in a headless run (tests, screenshots) only
// from a folder named by CONVSTEP_CONFIG_DIR. A settings file that cannot be used is reported to `err`
// once. `options` takes the remembered window size (unless --size) and last lesson (unless --lesson).
struct RememberedRun {
  bool remember = false;
  std::string dir;
  LoadedSettings loaded;
};
RememberedRun read_remembered(GuiOptions& options, bool headless, std::ostream& err);
// Writes the settings and ImGui's ini when the run remembers; failures go to `err`.
void save_remembered(const RememberedRun& run, const App& app, const WindowPlace& window, std::ostream& err);

// ImGui's own ini, kept beside settings.json and written with atomic_write like every file.
void load_imgui_ini(const std::string& dir);
Status save_imgui_ini(const std::string& dir);

// Opens an image file in the filter playground and shows it; on failure the playground keeps what it
// had and the reason is shown there (app.model.playground.error).
bool open_image(App& app, const std::string& path);

// Loads a built-in lesson by name, or a lesson or session file when `name_or_path` names a file; a
// session's step, tap and view options are put back too. The loaded work has no unsaved changes.
// On failure the current lesson stays and the error is kept for the window.
bool load_lesson(App& app, const std::string& name_or_path);

// Puts a lesson made in the app (an exercise, a region of an image) on screen, from its first step. On
// failure the current lesson stays and the error is kept for the window.
bool show_lesson(App& app, Lesson lesson);

// Quiz mode (app/app_quiz.cpp). With the quiz on, a parameter change that moves the output size is
// held back (returns true) until the learner has said what size the feature map will be.
bool quiz_holds_edits(App& app, const std::vector<SceneEdit>& edits);
// Checks answers, toggles the quiz, loads a new exercise; before the transport moves the walk.
void apply_quiz_actions(App& app, const QuizActions& actions);
// A fresh question once the walk or the scene moved on.
void sync_quiz(App& app);
// Turns the quiz on or off; off puts a held parameter change on screen.
void set_quiz(App& app, bool on);

// Applies "key=value" settings as one scene edit (core/scene_edit), exactly as the parameter panel does.
// On failure the scene stays as it was and app.model.edit_error explains why.
bool apply_settings(App& app, const std::vector<std::string>& settings);

// Applies a PyTorch layer line (core/layer_parser.h): the scene takes its parameters, resizing the tensors.
// An unreadable line or a layer that does not fit keeps the scene; app.model.layer_error says why.
bool apply_layer_line(App& app, const std::string& line);

// Installs .npy files into the scene together (core/tensor_import.h). A file that does not read or fit
// keeps the scene; app.model.edit_error explains with the shapes.
bool import_tensor_files(App& app, const std::vector<TensorFile>& files);

// Moves the walk on by dt seconds (passed in; never read here) and refreshes the view.
void advance(App& app, double dt);

// Builds the whole window for this frame. Reads the model (as const), lets widgets edit the UI state
// and the graphics caches, and returns what the user asked for.
Actions build_ui(const AppModel& model, UiState& ui, AppGfx& gfx);
inline Actions build_ui(App& app) {
  return build_ui(app.model, app.ui, app.gfx);
}

// The only place the model changes. Returns asks_anything(actions): the frame just drawn was built
// before these actions applied, so the loop must draw the next one at once.
bool apply_actions(App& app, const Actions& actions);

// True while something moves on screen, so the loop keeps redrawing without waiting for input.
bool is_animating(const App& app);

// Whether the loop takes the next frame at once (polling) instead of sleeping until input: in a
// headless run, while something moves, and after a frame whose actions changed the model.
bool draw_next_frame_at_once(bool headless, bool animating, bool actions_applied);

}  // namespace convstep
