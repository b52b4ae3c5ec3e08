// The window's first state from the command line (GuiOptions): the lesson, --set, --layer, tensors, image,
// view, position and quiz, each refusal reported on stderr, the window still opening on what was valid.
#include <algorithm>
#include <cstdio>
#include <ostream>
#include <random>
#include <string>
#include <utility>
#include <vector>

#include "app/app.h"
#include "app/app_internal.h"
#include "app/app_transpose.h"
#include "app/gui_options.h"
#include "core/layer_parser.h"

namespace convstep {

bool init_app(App& app, const GuiOptions& options, std::ostream& err) {
  bool all_done = true;
  // The window shows messages wrapped; stderr gets each on one line.
  const auto report = [&err](std::string message) {
    std::replace(message.begin(), message.end(), '\n', ' ');
    err << "convstep: " << message << "\n";
  };
  const auto fail = [&](const std::string& message) {
    report(message);
    all_done = false;
  };
  if (Result<std::vector<Lesson>> all = load_builtin_lessons()) {
    for (const Lesson& lesson : *all) app.ui.lessons.push_back({lesson.name, lesson.title});
  } else {
    report(all.message());  // the picker lacks them; the lesson asked for may still open
  }
  app.model.network = default_stack_session();
  if (!load_lesson(app, kDefaultLesson)) fail(app.model.lesson.error);
  if (!options.lesson.empty() && options.lesson != kDefaultLesson) {
    // The failed lesson's message stays on screen above the default lesson.
    if (!load_lesson(app, options.lesson)) fail(app.model.lesson.error);
  }
  if (!options.set.empty()) {
    std::string settings;
    for (const std::string& s : options.set) settings += " " + s;
    if (!app.model.lesson.stepper) {
      fail("--set" + settings + ": no lesson is open to change");
    } else if (!apply_settings(app, options.set)) {
      fail("--set" + settings + ": " + app.model.edit_error.message);
    }
  }
  if (!options.layer.empty()) {
    if (!app.model.lesson.stepper) {
      fail("--layer: no lesson is open to change");
    } else if (!apply_layer_line(app, options.layer)) {
      const LayerLineError& e = app.model.layer_error;
      // The caret under the line needs its own line, so this message keeps its line breaks.
      err << "convstep: --layer: "
          << (e.column > 0 ? layer_error_text(options.layer, {e.message, e.column}) : e.message) << "\n";
      all_done = false;
      // The refused line waits in the open field, to be corrected there.
      app.ui.layer_field_open = true;
      std::snprintf(app.ui.layer_text, sizeof app.ui.layer_text, "%s", options.layer.c_str());
    }
  }
  std::vector<TensorFile> files;
  for (const auto& [slot, path] :
       {std::pair{TensorSlot::kInput, &options.input}, std::pair{TensorSlot::kWeight, &options.weight},
        std::pair{TensorSlot::kBias, &options.bias}})
    if (!path->empty()) files.push_back({slot, *path});
  if (!files.empty()) {
    if (!app.model.lesson.stepper) {
      fail("--input/--weight/--bias: no lesson is open to change");
    } else if (!import_tensor_files(app, files)) {
      fail(app.model.edit_error.message);
    }
  }
  if (!options.image.empty() && !open_image(app, options.image)) fail(app.model.playground.error);
  if (options.direct) {
    if (app.model.lesson.transpose) {
      switch_transposed_view(app.model, true);
      sync_view(app, true);
    } else {
      fail("--direct: the scene is not a transposed convolution (conv_transpose1d or conv_transpose2d)");
    }
  }
  if (options.view == "stepper") show_view(app, MainView::kStepper);
  if (options.view == "playground") show_view(app, MainView::kPlayground);
  if (options.view == "network") show_view(app, MainView::kNetwork);
  if (options.step >= 0 && app.model.lesson.stepper) {
    const int64_t count = walk_track(app.model).step_count();
    if (options.step >= count) {
      err << "convstep: --step " << options.step << " is past the end: this lesson has steps 0 to "
          << count - 1 << "; showing step " << count - 1 << "\n";
    }
    seek(app.model.walk, walk_track(app.model), options.step);
    sync_view(app);
  }
  if (options.tap >= 0 && app.model.lesson.stepper) {
    const int64_t taps = walk_track(app.model).tap_count(app.model.walk.position.step);
    if (options.tap >= taps) {
      err << "convstep: --tap " << options.tap << " is past the end: this step has taps 0 to " << taps - 1
          << "; showing tap " << taps - 1 << "\n";
    }
    set_tap_mode(app.model.walk, true);
    app.model.walk.position.tap = std::clamp<int64_t>(options.tap, 0, std::max<int64_t>(taps - 1, 0));
    app.model.walk.from_step = -1;
    sync_view(app, true);
  }
  // Each learner's window draws its own exercises; a headless run (a test, a screenshot) always the same.
  if (options.frames == 0 && options.screenshot.empty()) app.model.quiz.seed = std::random_device{}();
  // Choosing what the quiz asks, or answering it, starts it.
  if (options.quiz || !options.quiz_ask.empty() || !options.quiz_answer.empty()) set_quiz(app, true);
  if (!options.quiz_ask.empty()) {
    QuizActions ask;
    ask.kind = parse_quiz_kind(options.quiz_ask);
    if (ask.kind) {
      apply_quiz_actions(app, ask);
    } else {
      fail("--quiz-ask: expected next-value, receptive-field or padding, got \"" + options.quiz_ask + "\"");
    }
  }
  if (!options.quiz_answer.empty()) {
    QuizActions answer;
    (app.model.quiz.asking() == QuizKind::kOutputShape ? answer.shape : answer.answer) = options.quiz_answer;
    apply_quiz_actions(app, answer);
    if (!app.model.quiz.input_error.empty()) fail("--quiz-answer: " + app.model.quiz.input_error);
  }
  return all_done;
}

}  // namespace convstep
