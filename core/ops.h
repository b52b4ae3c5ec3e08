// The full engine: PyTorch's conv1d/conv2d and max/avg/sum pooling, computed directly (not through
// the stepper), so the stepper can be checked against it. Cross-correlation: the kernel is not flipped.
//
// Summation order, shared with the stepper so both give bit-identical floats:
//   acc = 0; for each input channel of the group, for ky, for kx: acc += x * w; out = acc + bias.
// Every vector path (core/ops_simd.h) and every thread count gives these same bits: lanes are output
// columns and threads take whole output rows, so no output's order depends on either.
// avg_pool: out = (sum in the same order) / divisor; sum_pool: the same sum without the division.
// max_pool: the first maximum in row-major window order wins ties; NaN propagates (PyTorch's rule).
#pragma once

#include <atomic>
#include <optional>

#include "core/geometry.h"
#include "core/ops_simd.h"
#include "core/result.h"
#include "core/scene.h"
#include "core/tensor.h"

namespace convstep {

struct RunOptions {
  int threads = 0;               // 0: every core (default_thread_count()), fewer for small scenes
  std::optional<SimdPath> simd;  // unset: the best path this CPU runs (tests pick each in turn)
  // For a run on a thread of its own (core/background_run.h): when set, `cancel` is read before each
  // output row and a run that sees it true stops with an error; `outputs_done` counts finished outputs.
  const std::atomic<bool>* cancel = nullptr;
  std::atomic<int64_t>* outputs_done = nullptr;
};

// The message of a run stopped through RunOptions::cancel.
inline constexpr const char* kRunCancelled = "the computation was cancelled";

// The number of threads "every core" means here: std::thread::hardware_concurrency(), at least 1.
int default_thread_count();

// Runs the scene's op. Validates through resolve_geometry first.
Result<Tensor> run(const Scene& scene, const RunOptions& options = {});

// The same into `output`, reusing its memory when it already has the output's shape (repeated runs,
// such as a playground redrawing, then allocate nothing). On error `output` is left unchanged, except
// after a cancel (RunOptions::cancel), which leaves it holding the rows finished before it.
Status run_into(const Scene& scene, Tensor& output, const RunOptions& options = {});

// Convenience entry points with PyTorch's argument lists; `params.op` is overridden.
Result<Tensor> conv1d(const Tensor& input, const Tensor& weight, const std::optional<Tensor>& bias,
                      LayerParams params);
Result<Tensor> conv2d(const Tensor& input, const Tensor& weight, const std::optional<Tensor>& bias,
                      LayerParams params);
// Transposed convolutions (core/transpose.h): weight (in_channels, out_channels/groups, k...).
Result<Tensor> conv_transpose1d(const Tensor& input, const Tensor& weight, const std::optional<Tensor>& bias,
                                LayerParams params);
Result<Tensor> conv_transpose2d(const Tensor& input, const Tensor& weight, const std::optional<Tensor>& bias,
                                LayerParams params);
Result<Tensor> max_pool1d(const Tensor& input, LayerParams params);
Result<Tensor> max_pool2d(const Tensor& input, LayerParams params);
Result<Tensor> avg_pool1d(const Tensor& input, LayerParams params);
Result<Tensor> avg_pool2d(const Tensor& input, LayerParams params);
Result<Tensor> sum_pool1d(const Tensor& input, LayerParams params);
Result<Tensor> sum_pool2d(const Tensor& input, LayerParams params);

// Where a padded coordinate reads from, along one dimension of size n with pad_before cells of padding.
// Returns the input index, or -1 for a zero (or -inf) padding cell. For kReflect/kReplicate/kCircular
// every padded coordinate maps to an input index.
int64_t padded_source_index(int64_t padded, int64_t n, int64_t pad_before, PaddingMode mode);

// Avg-pool divisor for the window starting at padded coordinates (as PyTorch computes it):
// count_include_pad counts padding cells but never the ceil_mode overhang past the right padding.
int64_t avg_pool_divisor(const Geometry& g, int64_t out_y, int64_t out_x);

}  // namespace convstep
