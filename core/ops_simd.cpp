// The plain inner loops, and the vector ones (core/ops_simd_body.h) compiled per instruction set with
// GCC/Clang target attributes and chosen by what the running CPU reports, never by build flags.
#include "core/ops_simd.h"

#include <algorithm>
#include <cmath>
#include <cstdint>

#if defined(__x86_64__)
#include <immintrin.h>
#endif

namespace convstep {

// The plain loops: one output at a time. Also the vector paths' tail, so they share its order exactly.
namespace plain {

void conv_columns(const ConvRowTask& t, int64_t oc0, int64_t oc_count, int64_t ox_begin, int64_t ox_end) {
  const int64_t taps = t.row_count * t.kw;
  for (int64_t oc = oc0; oc < oc0 + oc_count; ++oc) {
    const float* w = t.weight + oc * taps;
    float* dst = t.out + oc * t.out_channel_stride;
    for (int64_t ox = ox_begin; ox < ox_end; ++ox) {
      float acc = 0.0f;
      for (int64_t r = 0; r < t.row_count; ++r) {
        const float* row = t.rows[r] + ox * t.stride + t.offset;
        for (int64_t kx = 0; kx < t.kw; ++kx) acc += row[kx * t.dilation] * w[r * t.kw + kx];
      }
      if (t.bias) acc += t.bias[oc];
      dst[ox] = acc;
    }
  }
}

// A several-row task, each output row as its own single-row task.
void conv_stacked_columns(const ConvRowTask& t, int64_t ox_begin, int64_t ox_end) {
  for (int64_t q = 0; q < t.out_rows; ++q) conv_columns(row_task(t, q), 0, t.oc_count, ox_begin, ox_end);
}

void pool_columns(const PoolRowTask& t, int64_t ox_begin, int64_t ox_end) {
  for (int64_t ox = ox_begin; ox < ox_end; ++ox) {
    float acc = t.is_max ? -INFINITY : 0.0f;
    for (int64_t r = 0; r < t.row_count; ++r) {
      const float* row = t.rows[r] + ox * t.stride + t.offset;
      for (int64_t kx = 0; kx < t.kw; ++kx) {
        const float v = row[kx * t.dilation];
        if (!t.is_max) {
          acc += v;
        } else if (v > acc || std::isnan(v)) {
          acc = v;
        }
      }
    }
    t.out[ox] = acc;
  }
}

}  // namespace plain

// 128-bit vectors: SSE2 is part of x86-64, so this needs no target attribute; elsewhere the compiler
// lowers the generic vectors to whatever the architecture has.
#define CONVSTEP_SIMD_NS simd_baseline
#define CONVSTEP_SIMD_ATTR
#define CONVSTEP_SIMD_LANES 4
#define CONVSTEP_SIMD_EVEN(a, b) __builtin_shufflevector(a, b, 0, 2, 5, 7)
#if defined(__x86_64__)
#define CONVSTEP_SIMD_STREAM(p, v) _mm_stream_ps(p, (__m128)(v))
#define CONVSTEP_SIMD_STREAM_FENCE() _mm_sfence()
#else
#define CONVSTEP_SIMD_STREAM(p, v) store(p, v)
#define CONVSTEP_SIMD_STREAM_FENCE() (void)0
#endif
#include "core/ops_simd_body.h"
#undef CONVSTEP_SIMD_NS
#undef CONVSTEP_SIMD_ATTR
#undef CONVSTEP_SIMD_LANES
#undef CONVSTEP_SIMD_EVEN
#undef CONVSTEP_SIMD_STREAM
#undef CONVSTEP_SIMD_STREAM_FENCE

#if defined(__x86_64__)
#define CONVSTEP_HAS_X86_PATHS 1

#define CONVSTEP_SIMD_NS simd_avx2
#define CONVSTEP_SIMD_ATTR __attribute__((target("avx2")))
#define CONVSTEP_SIMD_LANES 8
#define CONVSTEP_SIMD_EVEN(a, b) __builtin_shufflevector(a, b, 0, 2, 4, 6, 9, 11, 13, 15)
#define CONVSTEP_SIMD_STREAM(p, v) _mm256_stream_ps(p, (__m256)(v))
#define CONVSTEP_SIMD_STREAM_FENCE() _mm_sfence()
#include "core/ops_simd_body.h"
#undef CONVSTEP_SIMD_NS
#undef CONVSTEP_SIMD_ATTR
#undef CONVSTEP_SIMD_LANES
#undef CONVSTEP_SIMD_EVEN
#undef CONVSTEP_SIMD_STREAM
#undef CONVSTEP_SIMD_STREAM_FENCE

#define CONVSTEP_SIMD_NS simd_avx512
#define CONVSTEP_SIMD_ATTR __attribute__((target("avx512f")))
#define CONVSTEP_SIMD_LANES 16
#define CONVSTEP_SIMD_EVEN(a, b) \
  __builtin_shufflevector(a, b, 0, 2, 4, 6, 8, 10, 12, 14, 17, 19, 21, 23, 25, 27, 29, 31)
#define CONVSTEP_SIMD_STREAM(p, v) _mm512_stream_ps(p, (__m512)(v))
#define CONVSTEP_SIMD_STREAM_FENCE() _mm_sfence()
#include "core/ops_simd_body.h"
#undef CONVSTEP_SIMD_NS
#undef CONVSTEP_SIMD_ATTR
#undef CONVSTEP_SIMD_LANES
#undef CONVSTEP_SIMD_EVEN
#undef CONVSTEP_SIMD_STREAM
#undef CONVSTEP_SIMD_STREAM_FENCE
#endif

std::vector<SimdPath> available_simd_paths() {
  std::vector<SimdPath> paths = {SimdPath::kPlain, SimdPath::kBaseline};
#if defined(CONVSTEP_HAS_X86_PATHS)
  // The compiler's CPU check also asks the OS whether it saves the wider registers.
  if (__builtin_cpu_supports("avx2")) paths.push_back(SimdPath::kAvx2);
  if (__builtin_cpu_supports("avx512f")) paths.push_back(SimdPath::kAvx512);
#endif
  return paths;
}

SimdPath best_simd_path() {
  static const SimdPath best = available_simd_paths().back();
  return best;
}

const char* simd_path_name(SimdPath path) {
  switch (path) {
    case SimdPath::kPlain:
      return "plain";
    case SimdPath::kBaseline:
      return "baseline (128-bit)";
    case SimdPath::kAvx2:
      return "AVX2";
    case SimdPath::kAvx512:
      return "AVX-512";
  }
  return "?";
}

void conv_row(SimdPath path, const ConvRowTask& task) {
  switch (path) {
    case SimdPath::kBaseline:
      return simd_baseline::conv_row(task);
#if defined(CONVSTEP_HAS_X86_PATHS)
    case SimdPath::kAvx2:
      return simd_avx2::conv_row(task);
    case SimdPath::kAvx512:
      return simd_avx512::conv_row(task);
#endif
    default:
      return plain::conv_stacked_columns(task, task.ox_begin, task.ox_end);
  }
}

void pool_row(SimdPath path, const PoolRowTask& task) {
  switch (path) {
    case SimdPath::kBaseline:
      return simd_baseline::pool_row(task);
#if defined(CONVSTEP_HAS_X86_PATHS)
    case SimdPath::kAvx2:
      return simd_avx2::pool_row(task);
    case SimdPath::kAvx512:
      return simd_avx512::pool_row(task);
#endif
    default:
      return plain::pool_columns(task, task.ox_begin, task.ox_end);
  }
}

}  // namespace convstep
