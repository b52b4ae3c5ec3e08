// The stepper: the single source of truth for what the views draw. Step i (0-based, in PyTorch's
// output order: batch, channel, row, column) is a pure function of (scene, i) and costs O(window).
// A snapshot lists every tap of the window with its coordinates, value, weight and product, the
// partial sum per input channel, the bias and the result; for pools, the winning tap or the divisor.
// A window of more than kSnapshotTapLimit taps is summarised: the snapshot keeps its first and last
// taps (and channel partials) with the count between, so its memory stays bounded however large.
// Stepping through every i reproduces run(scene) exactly (same summation order as core/ops.h).
#pragma once

#include <cstdint>
#include <vector>

#include "core/geometry.h"
#include "core/result.h"
#include "core/scene.h"

namespace convstep {

// Where a tap's value comes from.
enum class TapSource {
  kInput,         // an input cell
  kZeroPadding,   // a padding cell holding 0 (or -inf for max pooling)
  kCopiedPadding  // a reflect/replicate/circular padding cell copying `source_y/source_x`
};

struct Tap {
  int64_t in_channel = 0;              // input channel read
  int64_t ky = 0, kx = 0;              // position within the kernel (ky = 0 for 1-D)
  int64_t padded_y = 0, padded_x = 0;  // coordinate in the padded input
  TapSource source = TapSource::kInput;
  int64_t source_y = -1, source_x = -1;  // input cell read (kInput, kCopiedPadding); -1 for zero padding
  float value = 0;                       // input value used (0, or -inf for max-pool padding)
  float weight = 0;                      // kernel weight (1 for pools)
  float product = 0;                     // value * weight (value for pools)
};

struct ChannelPartial {
  int64_t in_channel = 0;
  float sum = 0;  // sum of this channel's products, in tap order
};

// Windows up to this many taps are listed whole (every scene the window accepts: kInteractiveWorkLimit).
inline constexpr int64_t kSnapshotTapLimit = int64_t{1} << 16;
// A summarised snapshot keeps this many taps, half from the start of the window and half from its end
// (the arithmetic panel's kMaxTermsPerLine), and as many channel partials.
inline constexpr int64_t kSummaryTaps = 64;

struct Snapshot {
  int64_t step = 0;
  int64_t batch = 0, out_channel = 0, out_y = 0, out_x = 0;  // out_y = 0 for 1-D
  int64_t origin_y = 0, origin_x = 0;                        // window's top-left in padded coordinates
  std::vector<Tap> taps;                                     // in summation order: channel, ky, kx
  std::vector<ChannelPartial> partials;  // convolutions: one per input channel of the group
  // Summarised windows (more than kSnapshotTapLimit taps): `taps` holds the first head_taps taps of the
  // window, then its last ones; hidden_taps() were left out between. Likewise for `partials`.
  int64_t tap_count = 0;       // taps in the whole window
  int64_t head_taps = 0;       // taps kept before the gap (taps.size() when nothing is hidden)
  float fold_before_tail = 0;  // the running sum (or max) after every tap before the kept tail
  int64_t partial_count = 0, head_partials = 0;
  int64_t hidden_taps() const { return tap_count - static_cast<int64_t>(taps.size()); }
  int64_t hidden_partials() const { return partial_count - static_cast<int64_t>(partials.size()); }
  bool summarised() const { return hidden_taps() > 0 || hidden_partials() > 0; }
  bool has_bias = false;
  float bias = 0;
  float result = 0;  // equals run(scene) at this output element
  // Pools:
  int64_t winner = -1;  // max pool: index into taps of the winning tap (first maximum; the last NaN, as
                        // PyTorch); −1 when hidden
  float sum = 0;        // avg/sum pool: sum of the taps in the window (padding counted as 0)
  int64_t divisor = 0;  // avg pool: PyTorch's divisor; sum pool: 1
  bool partial_window = false;  // pools with ceil_mode: the window overhangs the right/bottom padding
  int64_t overhang_y = 0, overhang_x = 0;  // how many kernel rows/columns fall past the padded input
};

// What a walk (core/walk.h) steps through: a number of steps, each with a number of taps. The stepper
// is one; a transposed convolution's stamping walk (core/transpose.h) is another.
class WalkTrack {
 public:
  virtual int64_t step_count() const = 0;
  virtual int64_t tap_count(int64_t step) const = 0;

 protected:
  WalkTrack() = default;
  WalkTrack(const WalkTrack&) = default;
  WalkTrack& operator=(const WalkTrack&) = default;
  ~WalkTrack() = default;
};

class Stepper final : public WalkTrack {
 public:
  static Result<Stepper> create(Scene scene);

  const Scene& scene() const { return scene_; }
  const Geometry& geometry() const { return geometry_; }
  int64_t step_count() const override { return geometry_.output_count(); }
  // Every step has at least one tap (a pool's ceil_mode window starts inside the input or padding).
  int64_t tap_count(int64_t step) const override { return static_cast<int64_t>(snapshot(step).taps.size()); }

  // Step i in [0, step_count()); out-of-range i is clamped.
  Snapshot snapshot(int64_t i) const;
  // Output index of step i, without building the taps.
  void output_index(int64_t i, int64_t* batch, int64_t* channel, int64_t* y, int64_t* x) const;
  int64_t step_of(int64_t batch, int64_t channel, int64_t y, int64_t x) const;

  // Tap level: the running sum (or running max for max pools) after taps [0, tap] of a snapshot (indices
  // into snapshot.taps; in a summarised one, a tail tap's value counts the hidden taps too).
  static float running_value(const Snapshot& s, int64_t tap, Op op);

  // The output tensor as filled after completing steps [0, done): untouched elements are NaN.
  Tensor partial_output(int64_t done) const;

  // For hover: all output elements (as step indices) whose window reads input cell (c, y, x) of batch b.
  std::vector<int64_t> steps_reading(int64_t batch, int64_t in_channel, int64_t y, int64_t x) const;

 private:
  Stepper(Scene scene, Geometry geometry) : scene_(std::move(scene)), geometry_(geometry) {}
  Scene scene_;
  Geometry geometry_;
};

}  // namespace convstep
