// The engine's inner loops, one output row at a time, in several instruction sets chosen at run time
// (a portable build never assumes more than the baseline CPU). Every path computes each output in the
// order documented in core/ops.h, lane by lane, without fused multiply-adds, so all paths are
// bit-identical to the plain loop; the vector paths only process several output columns at once.
#pragma once

#include <cstdint>
#include <vector>

namespace convstep {

enum class SimdPath {
  kPlain,     // one output at a time, no vector types: the fallback and the reference
  kBaseline,  // 128-bit vectors every CPU of the architecture has (SSE2 on x86-64)
  kAvx2,      // 256-bit vectors (x86-64 with AVX2)
  kAvx512,    // 512-bit vectors (x86-64 with AVX-512F)
};

// The paths this CPU can run, plain first, best last.
std::vector<SimdPath> available_simd_paths();
SimdPath best_simd_path();
const char* simd_path_name(SimdPath path);

// One output row of one block of output channels of a convolution, for the interior columns
// [ox_begin, ox_end): those whose every tap lies inside the input row, so no column is mapped.
// rows[r], r = ic·kh + ky, is the input row tap row r reads (or a row of zeros for vertical padding).
// The tap at (r, kx) of output column ox reads rows[r][ox·stride + kx·dilation + offset].
struct ConvRowTask {
  const float* const* rows = nullptr;
  int64_t row_count = 0;  // in_channels_per_group · kh
  int64_t kw = 1, dilation = 1, stride = 1, offset = 0;
  const float* weight = nullptr;  // oc_count blocks of row_count · kw weights, in tap order
  const float* bias = nullptr;    // oc_count values, or null
  int64_t oc_count = 1;
  float* out = nullptr;  // output row of the first channel; channel j at out + j · out_channel_stride
  int64_t out_channel_stride = 0;
  int64_t ox_begin = 0, ox_end = 0;
  // Output rows computed at once: 1; or several for one input and one output channel per group with
  // vertical stride and dilation 1, where rows then holds the row_count + out_rows − 1 input rows they
  // read and output row q goes to out + q · out_row_stride. Each input row loaded serves every output
  // row that reads it, and each output still receives its taps in order. The vector paths take the rows
  // four at a time for a 3 × 3 kernel (its nine weights held in registers), two at a time otherwise.
  int64_t out_rows = 1;
  int64_t out_row_stride = 0;
  // Write the outputs with non-temporal stores where aligned (several-row tasks on the vector paths):
  // for outputs far larger than the caches, whose stores would otherwise first read every line they
  // overwrite and evict input still to be read. The bits written are the same.
  bool stream = false;
};

// Output row q of a several-row task as a task of its own (its input rows and output row).
inline ConvRowTask row_task(const ConvRowTask& t, int64_t q) {
  ConvRowTask one = t;
  one.rows = t.rows + q;
  one.out = t.out + q * t.out_row_stride;
  one.out_rows = 1;
  return one;
}

// One output row of a pool over the interior columns, taps as for ConvRowTask (row_count = kh).
// Max: the first maximum wins ties and a NaN takes over (PyTorch's rule). Sum: added in tap order
// from 0; the caller divides for an average.
struct PoolRowTask {
  const float* const* rows = nullptr;
  int64_t row_count = 0;
  int64_t kw = 1, dilation = 1, stride = 1, offset = 0;
  bool is_max = false;
  float* out = nullptr;
  int64_t ox_begin = 0, ox_end = 0;
};

void conv_row(SimdPath path, const ConvRowTask& task);
void pool_row(SimdPath path, const PoolRowTask& task);

}  // namespace convstep
