// The full engine: PyTorch's conv1d/conv2d and max/avg/sum pooling, computed directly (not through
// the stepper), so the stepper can be checked against it. Cross-correlation: the kernel is not flipped.
//
// Summation order, shared with the stepper so both give bit-identical floats:
//   acc = 0; for each input channel of the group, for ky, for kx: acc += x * w; out = acc + bias.
// avg_pool: out = (sum in the same order) / divisor; sum_pool: the same sum without the division.
// max_pool: the first maximum in row-major window order wins ties; NaN propagates (PyTorch's rule).
#pragma once

#include <optional>

#include "core/geometry.h"
#include "core/result.h"
#include "core/scene.h"
#include "core/tensor.h"

namespace convstep {

// Runs the scene's op. Validates through resolve_geometry first.
Result<Tensor> run(const Scene& scene);

// Convenience entry points with PyTorch's argument lists; `params.op` is overridden.
Result<Tensor> conv1d(const Tensor& input, const Tensor& weight, const std::optional<Tensor>& bias,
                      LayerParams params);
Result<Tensor> conv2d(const Tensor& input, const Tensor& weight, const std::optional<Tensor>& bias,
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
