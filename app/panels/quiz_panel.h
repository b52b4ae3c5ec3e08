// Quiz mode's panel at the top of the sidebar: the Quiz toggle (Q), which question to ask, the question
// with its answer field (Enter checks, → goes on), the verdict with the located mistake, the score and
// streak, and New exercise from the generator at a chosen difficulty. Also what the quiz hides on the
// stage and in the arithmetic, read by the grids and step panels.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "app/stage/stage_quiz.h"
#include "core/exercises.h"
#include "core/quiz.h"
#include "core/step_text.h"

namespace convstep {

struct AppModel;
struct UiState;
struct Actions;

// What the learner asked the quiz for during one frame.
struct QuizActions {
  std::optional<bool> on;                      // the toggle
  std::optional<QuizKind> kind;                // what to ask at each step
  std::optional<std::string> answer;           // a typed value (next value, padding)
  std::optional<std::string> shape;            // a typed output shape
  std::optional<std::vector<QuizCell>> field;  // the receptive field as picked
  std::optional<QuizCell> padding_pick;        // padding: the input cell clicked
  bool new_exercise = false;
  std::optional<Difficulty> difficulty;
  bool any() const {
    return on || kind || answer || shape || field || padding_pick || new_exercise || difficulty;
  }
};

// The quiz's UI state: the fields' text and the cells picked, cleared for every new question.
struct QuizUi {
  char answer[64] = {};
  char shape[32] = {};
  std::vector<CellRef> picked;  // receptive field: the input cells chosen so far
  bool focus = false;           // the answer field takes the keyboard next frame
  // The question the fields belong to.
  uint64_t scene_version = 0;
  int64_t step = -1;
  QuizKind kind = QuizKind::kNextValue;
  float height = 0;  // the panel's content height last frame
};

// Q toggles the quiz; Enter checks a picked receptive field. Not while a field has the keyboard.
void read_quiz_keys(const AppModel& model, UiState& ui, Actions& actions);
// The sidebar's quiz section (the toggle alone while the quiz is off), at most `room` pixels tall; its
// question and feedback scroll beyond that.
void draw_quiz_panel(const AppModel& model, UiState& ui, Actions& actions, float room);
// What the stage blanks and marks for the question on screen.
StageQuiz stage_quiz(const AppModel& model, const UiState& ui);
// Turns a click on an input cell into a pick (receptive field) or an answer (padding).
void take_stage_pick(const AppModel& model, UiState& ui, const CellRef& cell, Actions& actions);
// The arithmetic while a value is asked: "out[…] = ?" alone; once answered, the term at fault marked.
void quiz_arithmetic(const AppModel& model, StepArithmetic& arithmetic);

}  // namespace convstep
