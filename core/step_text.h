// Text the views show, written from the stepper's snapshot and the resolved geometry, never from
// recomputed maths: numbers with a true minus sign, the output index, the step's arithmetic as a person
// writes it ("1×1 + 1×0 + … = 4") and the layer in PyTorch's words.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

#include "core/geometry.h"
#include "core/scene.h"
#include "core/stepper.h"

namespace convstep {

// format_value with typographic signs: "−0.5", "−∞", "NaN".
std::string display_number(float v);

// "out[0,1,1]", indexed in the output's own form (batched or not, 1-D or 2-D).
std::string output_label(const Geometry& geometry, const Snapshot& snapshot);

// The arithmetic of one step, one line per input channel when there are several, then the total.
//   conv:     "1×1 + 1×0 + 1×1 = 2"            (a bias adds "+ 0.5 (bias)")
//   max pool: "max(1, 5, 3, 2) = 5"
//   avg pool: "(1 + 5 + 3 + 2)/4 = 2.75"
//   sum pool: "sum(1, 5, 3, 2) = 11"
// The notation is `convstep trace`'s; the window adds a line per input channel and labels the bias.
// Every term is written out (no eliding); step_arithmetic_view is what the panel draws.
std::vector<std::string> step_arithmetic(const Geometry& geometry, const Snapshot& snapshot);

// How one piece of the arithmetic is drawn.
enum class TermState {
  kPlain,    // the whole step is shown: nothing is singled out
  kDone,     // tap mode: already added to the running sum
  kCurrent,  // tap mode: the term being added now, in sync with its cell on the grid
  kLater,    // tap mode: terms, partial sums and results not reached yet (dimmed)
  kWinner,   // max pool, whole step: the value that wins
};

// A term (or bracket, partial sum, bias, result) with the separator that follows it, so a line may
// break between any two pieces and still read correctly ("1×1 + 1×0 +" / "0×1 = 2").
struct ArithmeticPiece {
  std::string text;
  TermState state = TermState::kPlain;
  int64_t tap = -1;  // index into snapshot.taps of the term shown, −1 for everything else
};

struct ArithmeticLine {
  std::vector<ArithmeticPiece> pieces;
  std::string text() const;  // the pieces joined, as shown
};

// Everything the arithmetic panel shows for one position of the walk.
struct StepArithmetic {
  std::string label;                  // "out[0,1,1]"
  std::vector<ArithmeticLine> lines;  // one per input channel when there are several, then the total
  std::string progress;               // tap mode: "term 4 of 9 · running sum: 3"; empty otherwise
};

// Lines with more terms than this (and stacks with more channel lines than kMaxChannelLines) are
// shortened to their first and last terms around "… (N terms) …"; the current tap always stays.
inline constexpr size_t kMaxTermsPerLine = 64;
inline constexpr size_t kMaxChannelLines = 8;
inline constexpr size_t kAllTerms = 0;  // max_terms value that writes every term

// The arithmetic of `snapshot` as the panel draws it. tap = −1 (kWholeStep) shows the whole step;
// tap ≥ 0 marks taps [0, tap) done, `tap` current and the rest (with the bias and the results) later,
// and `running` (the walk's running sum or max after `tap`) goes into `progress`.
// max_terms = kAllTerms writes every term and every channel line. A summarised snapshot (a window of
// more than kSnapshotTapLimit taps) is one line of its first and last terms around "… (N terms) …",
// whatever `tap` and `max_terms`.
// weight_denominator D > 1 (core/weight_factor.h) writes a convolution's products with the integer
// weights n of n/D and the factor once: "(1/16)·(9×1 + 8×2 + …) = 3.46"; the result is the engine's.
StepArithmetic step_arithmetic_view(const Geometry& geometry, const Snapshot& snapshot, int64_t tap,
                                    float running, size_t max_terms = kMaxTermsPerLine,
                                    int64_t weight_denominator = 1);

// "conv2d · kernel_size 3 · stride 1 · padding 0 · dilation 1", with PyTorch's parameter names.
std::string layer_summary(const LayerParams& params, const Geometry& geometry);

// "input [1, 5, 5] → output [1, 3, 3]".
std::string shape_summary(const Geometry& geometry);

}  // namespace convstep
