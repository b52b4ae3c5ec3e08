// Quiz mode's changes to the model: answers checked against the step on screen (core/quiz.h) and
// scored, a parameter change held back while the learner predicts the output size and put on screen
// once they have, and new exercises from the generator (core/exercises.h) opened as lessons.
#include <string>
#include <vector>

#include "app/app.h"
#include "core/geometry.h"

namespace convstep {
namespace {

// The spatial numbers the output size depends on; a change to any of them asks for the new size.
bool same_size_rule(const Geometry& a, const Geometry& b) {
  const auto same = [](const DimGeometry& x, const DimGeometry& y) {
    return x.in == y.in && x.kernel == y.kernel && x.stride == y.stride && x.dilation == y.dilation &&
           x.pad_before == y.pad_before && x.pad_after == y.pad_after && x.out == y.out;
  };
  return a.dims == b.dims && same(a.h, b.h) && same(a.w, b.w) && a.ceil_mode == b.ceil_mode;
}

// Puts the held change on screen, keeping the verdict just given (the question stays answered).
void install_pending(App& app) {
  QuizState& quiz = app.model.quiz;
  if (!quiz.pending) return;
  std::vector<std::string> settings;
  for (const SceneEdit& edit : quiz.pending_edits) settings.push_back(edit_text(edit));
  quiz.pending.reset();
  quiz.pending_edits.clear();
  apply_settings(app, settings);
  quiz.scene_version = app.model.lesson.scene_version;
  quiz.step = app.model.walk.position.step;
}

void check_shape(App& app, const std::string& text) {
  QuizState& quiz = app.model.quiz;
  const int dims = spatial_dims(quiz.pending->params.op);
  Result<std::vector<int64_t>> sizes = parse_shape_answer(text, dims);
  if (!sizes) {
    quiz.input_error = sizes.message();
    return;
  }
  record_answer(quiz, check_output_shape(*quiz.pending, *sizes));
  install_pending(app);
}

void check_value(App& app, const std::string& text) {
  QuizState& quiz = app.model.quiz;
  const Stepper& stepper = *app.model.lesson.stepper;
  const Snapshot& snapshot = app.model.view.snapshot;
  Result<float> typed = parse_quiz_number(text);
  if (!typed) {
    quiz.input_error = typed.message();
    return;
  }
  const bool exact = is_integer_scene(stepper.scene());
  if (quiz.kind == QuizKind::kPadding) {
    if (const std::optional<PaddingQuestion> q = padding_question(stepper, snapshot, quiz.step))
      record_answer(quiz, check_padding_value(stepper, *q, exact, *typed));
    return;
  }
  record_answer(quiz, check_next_value(stepper.geometry(), snapshot, exact, *typed));
}

void open_exercise(App& app) {
  QuizState& quiz = app.model.quiz;
  const int64_t index = quiz.exercise++;
  Exercise exercise = generate_exercise(quiz.seed, index, quiz.difficulty);
  Lesson lesson;
  lesson.name = "exercise";
  lesson.title = "Exercise " + std::to_string(index + 1) + " (" + difficulty_name(quiz.difficulty) + ")";
  lesson.caption = "Exercise " + std::to_string(index + 1) + " of seed " + std::to_string(quiz.seed) +
                   ": `convstep exercises --seed " + std::to_string(quiz.seed) + " --count " +
                   std::to_string(index + 1) + " --difficulty " + difficulty_name(quiz.difficulty) +
                   "` prints it with its answer.";
  lesson.scene = std::move(exercise.scene);
  show_lesson(app, std::move(lesson));
}

}  // namespace

bool quiz_holds_edits(App& app, const std::vector<SceneEdit>& edits) {
  QuizState& quiz = app.model.quiz;
  if (!quiz.on || !app.model.lesson.stepper) return false;
  const Scene& base = quiz.pending ? *quiz.pending : app.model.lesson.stepper->scene();
  Result<Scene> edited = apply_edits(base, edits);
  if (!edited) return false;  // refused: the usual message, over the scene on screen
  const Result<Geometry> before = resolve_geometry(app.model.lesson.stepper->scene());
  const Result<Geometry> after = resolve_geometry(*edited);
  if (!before || !after) return false;
  if (!quiz.pending && same_size_rule(*before, *after)) return false;  // nothing to predict
  quiz.pending = std::move(edited).value();
  quiz.pending_edits.insert(quiz.pending_edits.end(), edits.begin(), edits.end());
  quiz.answered = false;
  quiz.feedback = {};
  quiz.input_error.clear();
  return true;
}

void set_quiz(App& app, bool on) {
  QuizState& quiz = app.model.quiz;
  if (quiz.on == on) return;
  if (!on) install_pending(app);
  quiz.on = on;
  // Every time the quiz starts, the question on screen is a fresh one.
  quiz.step = -1;
  sync_quiz(app);
}

void sync_quiz(App& app) {
  follow_quiz(app.model.quiz, app.model.lesson.scene_version, app.model.walk.position.step);
}

void apply_quiz_actions(App& app, const QuizActions& a) {
  QuizState& quiz = app.model.quiz;
  sync_quiz(app);
  if (a.on) set_quiz(app, *a.on);
  if (a.kind && *a.kind != QuizKind::kOutputShape && *a.kind != quiz.kind) {
    quiz.kind = *a.kind;
    quiz.step = -1;  // a new question of the new kind
    sync_quiz(app);
  }
  if (a.difficulty) quiz.difficulty = *a.difficulty;
  if (a.new_exercise) {
    open_exercise(app);
    sync_quiz(app);
  }
  if (!quiz.on || !app.model.lesson.stepper || quiz.answered) return;
  if (quiz.pending) {
    if (a.shape) check_shape(app, *a.shape);
    return;
  }
  const Stepper& stepper = *app.model.lesson.stepper;
  const Snapshot& snapshot = app.model.view.snapshot;
  if (a.answer && (quiz.kind == QuizKind::kNextValue || quiz.kind == QuizKind::kPadding)) {
    check_value(app, *a.answer);
  } else if (a.field && quiz.kind == QuizKind::kReceptiveField) {
    record_answer(quiz, check_receptive_field(stepper.geometry(), snapshot, *a.field));
  } else if (a.padding_pick && quiz.kind == QuizKind::kPadding) {
    if (const std::optional<PaddingQuestion> q = padding_question(stepper, snapshot, quiz.step))
      record_answer(quiz, check_padding_cell(stepper, snapshot, *q, *a.padding_pick));
  }
}

}  // namespace convstep
