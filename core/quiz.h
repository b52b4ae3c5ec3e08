// Quiz mode's logic, GUI-free: the learner predicts and the app reveals. Four kinds of question — the
// next output value, the output shape after a parameter change, the receptive field of an output, and
// the input cell a reflect/replicate/circular padding cell copies — each checked against the stepper's
// snapshot and the geometry (never recomputed maths), with the score and streak.
//
// A typed value is right when it equals the output exactly in an integer scene (integer input, weight
// and bias, not an average pool), else when |typed − answer| ≤ max(1e-3, 0.5 %·|answer|). A wrong value
// is explained when one slip accounts for it: a product left out or counted twice, a sign error, a sum
// or a bare value in place of a product, the bias left out, the kernel flipped, a channel's sum alone,
// a stop before the last products, a pool's other values, sum or divisor.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "core/exercises.h"
#include "core/geometry.h"
#include "core/result.h"
#include "core/scene.h"
#include "core/scene_edit.h"
#include "core/stepper.h"

namespace convstep {

enum class QuizKind { kNextValue, kOutputShape, kReceptiveField, kPadding };
// "next value", "output shape", "receptive field", "padding".
const char* quiz_kind_name(QuizKind kind);
// The kinds asked at each step as the command line spells them: "next-value", "receptive-field",
// "padding" (the output shape is asked by a parameter change, not chosen).
std::optional<QuizKind> parse_quiz_kind(const std::string& name);

// --- Typed numbers ---------------------------------------------------------------------------------

// Reads "4", "-0.5", "−2" (typographic minus), "1/9", "2.5e-1", surrounding spaces allowed. The error
// says what was typed and what would do.
Result<float> parse_quiz_number(const std::string& text);
// Whether typed values are compared exactly: every input, weight and bias value is an integer and the
// op does not divide (average pools).
bool is_integer_scene(const Scene& scene);
bool value_matches(float typed, float answer, bool exact);

// --- A cell of the padded input -------------------------------------------------------------------

// An input cell in padded coordinates (the padding ring included); y = 0 for 1-D.
struct QuizCell {
  int64_t channel = 0;
  int64_t y = 0, x = 0;
  friend bool operator==(const QuizCell&, const QuizCell&) = default;
  friend auto operator<=>(const QuizCell&, const QuizCell&) = default;
};

// --- Feedback --------------------------------------------------------------------------------------

struct QuizFeedback {
  bool correct = false;
  std::string verdict;                  // "Right: out[0,1,1] = 4." / "Not quite: out[0,1,1] = 4, not 6."
  std::vector<std::string> lines;       // the located mistake, the formula with its numbers, …
  int64_t tap = -1;                     // next value: the snapshot's tap where the answer went astray
  std::vector<QuizCell> missed, extra;  // receptive field
  std::optional<QuizCell> source;       // padding: the cell copied
};

// Next value: `typed` against snapshot.result; a wrong answer gets the first slip that explains it.
QuizFeedback check_next_value(const Geometry& geometry, const Snapshot& snapshot, bool exact, float typed);

// Output shape: one typed size per spatial dimension (length, or height then width) of `scene`, whose
// geometry must resolve. Each dimension's formula with the numbers follows the verdict.
QuizFeedback check_output_shape(const Scene& scene, const std::vector<int64_t>& typed);
// Reads one size per dimension: "3", "2x3", "2 × 3", "2, 3". The error names what is wrong.
Result<std::vector<int64_t>> parse_shape_answer(const std::string& text, int dims);

// Receptive field: the padded-input cells the snapshot's taps read (padding cells included), in order.
std::vector<QuizCell> receptive_field(const Snapshot& snapshot);
QuizFeedback check_receptive_field(const Geometry& geometry, const Snapshot& snapshot,
                                   const std::vector<QuizCell>& chosen);

// Padding: a reflect/replicate/circular padding cell and the input cell it copies.
struct PaddingQuestion {
  QuizCell cell;    // the padding cell asked about
  QuizCell source;  // the cell it copies
  float value = 0;  // the value copied
};
// Whether the scene has padding cells that copy input cells (a convolution with padding and a
// padding_mode other than zeros).
bool has_copied_padding(const Geometry& geometry);
// The `n`th question of the scene's copied padding cells, spread over the ring (the same n gives the
// same cell), on the first input channel `snapshot` reads; empty when has_copied_padding is false.
std::optional<PaddingQuestion> padding_question(const Stepper& stepper, const Snapshot& snapshot, int64_t n);
// A click on `chosen` (right when it is the source, or holds the same value), or a typed value.
QuizFeedback check_padding_cell(const Stepper& stepper, const Snapshot& snapshot, const PaddingQuestion& q,
                                const QuizCell& chosen);
QuizFeedback check_padding_value(const Stepper& stepper, const PaddingQuestion& q, bool exact, float typed);

// --- Score -----------------------------------------------------------------------------------------

struct QuizScore {
  int64_t answered = 0, correct = 0;
  int64_t streak = 0, best_streak = 0;
  void record(bool right);
  // "3 of 4 right · streak 2 · best 3".
  std::string text() const;
};

// --- The quiz as the window runs it ------------------------------------------------------------------

struct QuizState {
  bool on = false;
  QuizKind kind = QuizKind::kNextValue;  // asked at each step; the output shape one interrupts it
  // The question on screen: which scene (a version the window counts up) and step it is about.
  uint64_t scene_version = 0;
  int64_t step = -1;
  bool answered = false;
  QuizFeedback feedback;
  std::string input_error;  // the last answer could not be read (not scored)
  // Output shape: the parameter change held back until the learner has answered.
  std::optional<Scene> pending;
  std::vector<SceneEdit> pending_edits;
  QuizScore score;
  // New exercise: the generator's seed, the next exercise's index and the level.
  uint64_t seed = 1;
  int64_t exercise = 0;
  Difficulty difficulty = Difficulty::kEasy;

  // The kind the question on screen asks.
  QuizKind asking() const { return pending ? QuizKind::kOutputShape : kind; }
  bool open() const { return on && !answered; }
};

// A fresh question when the scene or the step moved on (the score stays).
void follow_quiz(QuizState& quiz, uint64_t scene_version, int64_t step);
// Records a checked answer: the feedback is shown and the score counts it.
void record_answer(QuizState& quiz, QuizFeedback feedback);

// "first", "second", … "tenth", then "11th": the taps as a person counts them.
std::string ordinal(int64_t n);

}  // namespace convstep
