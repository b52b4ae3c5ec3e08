// Transposed convolution (PyTorch's conv_transpose1d/2d) three ways, all ending at the same floats:
//   - the engine (run_conv_transpose): each output gathers the input cells whose stamp covers it;
//   - stamping (Stamper): step i takes one input cell and adds value × kernel onto the output window
//     it covers, o = i·s − p + k·d for k = 0 … kernel−1 (cells outside [0, n_out) are cropped);
//   - the equivalent direct convolution (direct_equivalent): the input with s − 1 zeros inserted
//     between cells, padded by d·(k − 1) − p on each side plus output_padding on the far side (a
//     negative padding crops), convolved with stride 1, the same dilation, the kernel flipped in every
//     spatial axis and its in/out channels swapped within each group; the ordinary stepper walks it.
// Summation order, shared by all three: out = 0; for each input channel of the group, input row,
// input column (ascending), out += x · w; then out += bias. The direct walk also adds the inserted
// zeros' products 0·w, which leave a finite sum's bits unchanged (an infinite weight would make NaN).
#pragma once

#include <cstdint>
#include <vector>

#include "core/geometry.h"
#include "core/result.h"
#include "core/scene.h"
#include "core/stepper.h"
#include "core/tensor.h"

namespace convstep {

// Computes a validated transposed scene's output into `out` (geometry.output_shape() floats).
void run_conv_transpose(const Scene& scene, const Geometry& g, float* out);

// The plain scatter: every input cell stamps in order (the stamping walk's arithmetic, all at once);
// the reference the gather engine is tested against.
Tensor run_conv_transpose_scatter(const Scene& scene, const Geometry& g);

// What a cell of the direct convolution's input holds.
inline constexpr int64_t kInsertedZero = -1;       // one of the stride − 1 zeros between input cells
inline constexpr int64_t kOutputPaddingZero = -2;  // output_padding's extra cells on the far side

// One spatial dimension of the equivalent direct convolution.
struct DirectDim {
  int64_t inserted = 0;         // zeros between neighbouring input cells: s − 1
  int64_t padding = 0;          // zero padding on both sides: max(0, d·(k − 1) − p)
  int64_t cropped = 0;          // cells cut off each side when p > d·(k − 1): p − d·(k − 1)
  int64_t extra = 0;            // zeros appended on the far side for output_padding (after any cropping)
  std::vector<int64_t> source;  // per direct-input cell: the transposed input index, or a k…Zero above
};

struct DirectEquivalent {
  Scene scene;  // conv1d/conv2d with the zero-inserted input, padding DirectDim::padding, stride 1
  DirectDim h;  // rows (1-D: one trivial row)
  DirectDim w;  // columns, or the length of a 1-D op
};

// Builds the direct convolution of a transposed scene; refuses scenes that are not valid transposed
// convolutions, and ones whose zero-inserted input would be too large, with the numbers.
Result<DirectEquivalent> direct_equivalent(const Scene& scene);

// One output cell a stamp lands on.
struct Stamp {
  int64_t out_channel = 0, out_y = 0, out_x = 0;  // out_y = 0 for 1-D
  int64_t ky = 0, kx = 0;                         // kernel position (not flipped)
  float weight = 0;
  float product = 0;  // value · weight
  float before = 0;   // the output cell's partial sum before this stamp (0 when untouched)
  float after = 0;    // and after it
};

struct StampSnapshot {
  int64_t step = 0;
  bool bias_step = false;  // the last step of a scene with bias: every output cell gets its bias
  int64_t batch = 0, in_channel = 0, in_y = 0, in_x = 0;  // the input cell stamped (in_y = 0 for 1-D)
  float value = 0;
  // The stamp window's top-left output cell: (in_y·s − p, in_x·s − p), possibly outside the output.
  int64_t origin_y = 0, origin_x = 0;
  std::vector<Stamp> stamps;  // in order out_channel, ky, kx; cells cropped away are left out
};

// Walks a transposed convolution by stamping. Steps are the input cells in PyTorch's order (batch,
// channel, row, column), then one bias step when the scene has a bias. Pure in (scene, step).
class Stamper final : public WalkTrack {
 public:
  static Result<Stamper> create(Scene scene);

  const Scene& scene() const { return scene_; }
  const Geometry& geometry() const { return geometry_; }
  int64_t input_cells() const {
    return geometry_.batch * geometry_.in_channels * geometry_.h.in * geometry_.w.in;
  }
  int64_t step_count() const override { return input_cells() + (geometry_.has_bias ? 1 : 0); }
  // A stamp's taps are the output cells it lands on (none for the bias step or a cropped window).
  int64_t tap_count(int64_t step) const override {
    return static_cast<int64_t>(snapshot(step).stamps.size());
  }

  // Step i, clamped to [0, step_count()).
  StampSnapshot snapshot(int64_t i) const;
  // The output after steps [0, done): partial sums where a stamp has landed, NaN where none has yet.
  // After the last step every cell is final (cells no stamp reaches hold 0 + bias) and equals the
  // engine's output bit for bit.
  Tensor partial_output(int64_t done) const;
  // How many stamps have landed on each output cell after steps [0, done), in the output's shape:
  // the overlap count (the checkerboard when the kernel size is not a multiple of the stride).
  Tensor overlap_counts(int64_t done) const;

 private:
  Stamper(Scene scene, Geometry geometry) : scene_(std::move(scene)), geometry_(geometry) {}
  Scene scene_;
  Geometry geometry_;
};

}  // namespace convstep
