// The vector inner loops of core/ops_simd.h, written once and compiled once per instruction set:
// core/ops_simd.cpp includes this file several times (no #pragma once, on purpose), each time with
// CONVSTEP_SIMD_NS (a namespace inside convstep), CONVSTEP_SIMD_ATTR (the target attribute),
// CONVSTEP_SIMD_LANES, CONVSTEP_SIMD_EVEN (the even lanes of p[0 .. 2·lanes−2], from loads at p and p +
// lanes − 1), CONVSTEP_SIMD_STREAM (a non-temporal store of a vector to an aligned address) and
// CONVSTEP_SIMD_STREAM_FENCE (orders those stores before the ones that follow) defined. Lanes are consecutive
// output columns: each lane performs exactly one output's scalar sequence.

namespace CONVSTEP_SIMD_NS {
namespace {

constexpr int kLanes = CONVSTEP_SIMD_LANES;
typedef float VecF __attribute__((vector_size(kLanes * sizeof(float))));
typedef int32_t VecI __attribute__((vector_size(kLanes * sizeof(float))));

// Strides: 1 and 2 load whole vectors; any other stride gathers lane by lane.
constexpr int kAnyStride = 0;

CONVSTEP_SIMD_ATTR inline VecF load(const float* p) {
  VecF v;
  __builtin_memcpy(&v, p, sizeof v);
  return v;
}

CONVSTEP_SIMD_ATTR inline void store(float* p, VecF v) {
  __builtin_memcpy(p, &v, sizeof v);
}

// A broadcast. x − 0 is exactly x for every x (−0 and NaN included), so compilers fold it away and
// emit one broadcast; 0 + x would cost an add (it turns −0 into +0), and filling lane by lane compiles
// to one insert per lane.
CONVSTEP_SIMD_ATTR inline VecF splat(float x) {
  return x - VecF{};
}

// Lane l holds p[l · stride]. Never reads past the last lane's element (the row may end there).
template <int kStride>
CONVSTEP_SIMD_ATTR inline VecF load_strided(const float* p, int64_t stride) {
  if constexpr (kStride == 1) {
    return load(p);
  } else if constexpr (kStride == 2) {
    return CONVSTEP_SIMD_EVEN(load(p), load(p + kLanes - 1));
  } else {
    VecF v;
    for (int l = 0; l < kLanes; ++l) v[l] = p[l * stride];
    return v;
  }
}

// PyTorch's max rule per lane: a strictly larger value or a NaN replaces the running maximum.
CONVSTEP_SIMD_ATTR inline VecF max_step(VecF acc, VecF v) {
  const VecI take = (v > acc) | (v != v);
  // A vector cast reinterprets the bits (a same-size vector type), as a blend needs.
  return (VecF)(((VecI)v & take) | ((VecI)acc & ~take));
}

// kOc output channels × kX vectors of columns starting at ox, every tap in order (ic, ky, kx).
template <int kOc, int kX, int kStride>
CONVSTEP_SIMD_ATTR void conv_block(const ConvRowTask& t, int64_t oc0, int64_t ox) {
  VecF acc[kOc][kX];
  for (int o = 0; o < kOc; ++o)
    for (int j = 0; j < kX; ++j) acc[o][j] = VecF{};
  const int64_t taps = t.row_count * t.kw;
  const float* w_block = t.weight + oc0 * taps;
  const int64_t step = kLanes * t.stride;
  for (int64_t r = 0; r < t.row_count; ++r) {
    const float* row = t.rows[r] + ox * t.stride + t.offset;
    const float* w_row = w_block + r * t.kw;
    for (int64_t kx = 0; kx < t.kw; ++kx) {
      const float* src = row + kx * t.dilation;
      VecF x[kX];
      for (int j = 0; j < kX; ++j) x[j] = load_strided<kStride>(src + j * step, t.stride);
      for (int o = 0; o < kOc; ++o) {
        const VecF w = splat(w_row[o * taps + kx]);
        for (int j = 0; j < kX; ++j) acc[o][j] += x[j] * w;
      }
    }
  }
  for (int o = 0; o < kOc; ++o) {
    float* dst = t.out + (oc0 + o) * t.out_channel_stride + ox;
    if (t.bias) {
      const VecF b = splat(t.bias[oc0 + o]);
      for (int j = 0; j < kX; ++j) acc[o][j] += b;
    }
    for (int j = 0; j < kX; ++j) store(dst + j * kLanes, acc[o][j]);
  }
}

// The vectors left after the wide blocks (fewer than kX), as one block: separate single-vector blocks
// would each wait on one chain of dependent adds.
template <int kOc, int kStride, int kN = 1>
CONVSTEP_SIMD_ATTR void conv_remainder(const ConvRowTask& t, int64_t oc0, int64_t ox, int64_t vectors) {
  if constexpr (kN < 8) {
    if (vectors == kN) return conv_block<kOc, kN, kStride>(t, oc0, ox);
    conv_remainder<kOc, kStride, kN + 1>(t, oc0, ox, vectors);
  }
}

// Wide blocks, then the remaining whole vectors, then one vector ending at the last column: it
// recomputes a few columns already done, writing the same bits again, rather than finishing lane by
// lane. Rows narrower than a vector go one column at a time.
template <int kOc, int kX, int kStride>
CONVSTEP_SIMD_ATTR void conv_channels(const ConvRowTask& t, int64_t oc0) {
  if (t.ox_end - t.ox_begin < kLanes) return plain::conv_columns(t, oc0, kOc, t.ox_begin, t.ox_end);
  int64_t ox = t.ox_begin;
  for (; ox + kX * kLanes <= t.ox_end; ox += kX * kLanes) conv_block<kOc, kX, kStride>(t, oc0, ox);
  const int64_t vectors = (t.ox_end - ox) / kLanes;
  if (vectors > 0) conv_remainder<kOc, kStride>(t, oc0, ox, vectors);
  ox += vectors * kLanes;
  if (ox < t.ox_end) conv_block<kOc, 1, kStride>(t, oc0, t.ox_end - kLanes);
}

// --- Several output rows of one channel (ConvRowTask::out_rows) ---
//
// Input row r feeds output row q with tap row ky = r − q, so each output receives its taps in order
// (ky, kx) while every row loaded serves all the outputs that read it.
//
// Each sum starts from its first product rather than from 0 + that product, and gets + 0 (or the bias
// + 0) at the end instead: one add fewer per output with the same bits. The two orders can differ
// only by the sign of a zero sum — a sum that starts from +0 is never −0, and x + 0 is x for every
// other x — so the closing + 0 makes them equal; a bias b ≠ 0 gives the same sum either way, and
// b = ±0 acts as + 0.

template <int kX, int kStride>
CONVSTEP_SIMD_ATTR inline void load_taps(const float* src, int64_t stride, VecF* x) {
  for (int j = 0; j < kX; ++j) x[j] = load_strided<kStride>(src + j * kLanes * stride, stride);
}

template <int kX>
CONVSTEP_SIMD_ATTR inline void add_products(VecF* acc, const VecF* x, VecF w) {
  for (int j = 0; j < kX; ++j) acc[j] += x[j] * w;
}

template <int kX>
CONVSTEP_SIMD_ATTR inline void start_products(VecF* acc, const VecF* x, VecF w) {
  for (int j = 0; j < kX; ++j) acc[j] = x[j] * w;
}

CONVSTEP_SIMD_ATTR inline bool vector_aligned(const float* p) {
  return reinterpret_cast<uintptr_t>(p) % sizeof(VecF) == 0;
}

// kX vectors + add from p: streamed past the cache (p is then aligned) or stored.
template <int kX>
CONVSTEP_SIMD_ATTR inline void store_sums(float* p, const VecF* v, VecF add, bool streamed) {
  if (streamed) {
    for (int j = 0; j < kX; ++j) CONVSTEP_SIMD_STREAM(p + j * kLanes, v[j] + add);
  } else {
    for (int j = 0; j < kX; ++j) store(p + j * kLanes, v[j] + add);
  }
}

CONVSTEP_SIMD_ATTR inline VecF closing_add(const ConvRowTask& t) {
  return splat(t.bias ? t.bias[0] + 0.0f : 0.0f);
}

// Two output rows, any kernel. `streamed` has bit q set where row q's stores stream.
template <int kX, int kStride>
CONVSTEP_SIMD_ATTR void conv_pair_block(const ConvRowTask& t, const VecF*, int64_t ox, unsigned streamed) {
  VecF top[kX], bottom[kX], x[kX];
  const int64_t kh = t.row_count, kw = t.kw;
  const float* w = t.weight;
  const float* r0 = t.rows[0] + ox * t.stride + t.offset;
  // Row 0 feeds only the first output row, and starts it.
  load_taps<kX, kStride>(r0, t.stride, x);
  start_products<kX>(top, x, splat(w[0]));
  for (int64_t kx = 1; kx < kw; ++kx) {
    load_taps<kX, kStride>(r0 + kx * t.dilation, t.stride, x);
    add_products<kX>(top, x, splat(w[kx]));
  }
  // Row 1 starts the second.
  const float* r1 = t.rows[1] + ox * t.stride + t.offset;
  load_taps<kX, kStride>(r1, t.stride, x);
  if (kh > 1) add_products<kX>(top, x, splat(w[kw]));
  start_products<kX>(bottom, x, splat(w[0]));
  for (int64_t kx = 1; kx < kw; ++kx) {
    load_taps<kX, kStride>(r1 + kx * t.dilation, t.stride, x);
    if (kh > 1) add_products<kX>(top, x, splat(w[kw + kx]));
    add_products<kX>(bottom, x, splat(w[kx]));
  }
  for (int64_t r = 2; r <= kh; ++r) {
    const float* src = t.rows[r] + ox * t.stride + t.offset;
    for (int64_t kx = 0; kx < kw; ++kx) {
      load_taps<kX, kStride>(src + kx * t.dilation, t.stride, x);
      if (r < kh) add_products<kX>(top, x, splat(w[r * kw + kx]));
      add_products<kX>(bottom, x, splat(w[(r - 1) * kw + kx]));
    }
  }
  const VecF b = closing_add(t);
  store_sums<kX>(t.out + ox, top, b, streamed & 1u);
  store_sums<kX>(t.out + t.out_row_stride + ox, bottom, b, streamed & 2u);
}

// Four output rows of a 3 × 3 kernel, its weights w already broadcast. The loops have constant
// bounds, so the compiler unrolls them and every branch below is decided at compile time.
template <int kX, int kStride>
CONVSTEP_SIMD_ATTR void conv_quad_block(const ConvRowTask& t, const VecF* w, int64_t ox, unsigned streamed) {
  VecF acc[4][kX] = {}, x[kX];  // every sum is started below; the zeros only reassure the compiler
#pragma GCC unroll 6
  for (int r = 0; r < 6; ++r) {
    const float* src = t.rows[r] + ox * t.stride + t.offset;
#pragma GCC unroll 3
    for (int kx = 0; kx < 3; ++kx) {
      load_taps<kX, kStride>(src + kx * t.dilation, t.stride, x);
#pragma GCC unroll 4
      for (int q = 0; q < 4; ++q) {
        const int ky = r - q;
        if (ky < 0 || ky > 2) continue;
        if (ky == 0 && kx == 0) {
          start_products<kX>(acc[q], x, w[0]);
        } else {
          add_products<kX>(acc[q], x, w[ky * 3 + kx]);
        }
      }
    }
  }
  const VecF b = closing_add(t);
  for (int q = 0; q < 4; ++q)
    store_sums<kX>(t.out + q * t.out_row_stride + ox, acc[q], b, streamed & (1u << q));
}

template <int kRows, int kX, int kStride>
CONVSTEP_SIMD_ATTR void stacked_block(const ConvRowTask& t, const VecF* w, int64_t ox, unsigned streamed) {
  if constexpr (kRows == 4) {
    conv_quad_block<kX, kStride>(t, w, ox, streamed);
  } else {
    conv_pair_block<kX, kStride>(t, w, ox, streamed);
  }
}

// The row's interior as wide blocks, whole vectors, then one vector ending at the last column (as
// conv_channels). Streamed stores need aligned vectors: one stored vector first brings the first row
// to a vector boundary (its columns are written again, with the same bits); the other rows stream when
// the row stride keeps them aligned too. A fence ends the row, so later stores do not pass them.
template <int kRows, int kStride>
CONVSTEP_SIMD_ATTR void stacked_row(const ConvRowTask& t) {
  constexpr int kX = kRows == 4 ? 2 : 4;
  VecF w[9];
  if constexpr (kRows == 4)
    for (int i = 0; i < 9; ++i) w[i] = splat(t.weight[i]);
  int64_t ox = t.ox_begin;
  unsigned streamed = 0;
  if (t.stream) {
    const uintptr_t misaligned = reinterpret_cast<uintptr_t>(t.out + ox) % sizeof(VecF);
    if (misaligned % sizeof(float) == 0) {
      if (misaligned != 0) {
        stacked_block<kRows, 1, kStride>(t, w, ox, 0);
        ox += static_cast<int64_t>((sizeof(VecF) - misaligned) / sizeof(float));
      }
      for (int q = 0; q < kRows; ++q)
        if (vector_aligned(t.out + q * t.out_row_stride + ox)) streamed |= 1u << q;
    }
  }
  for (; ox + kX * kLanes <= t.ox_end; ox += kX * kLanes)
    stacked_block<kRows, kX, kStride>(t, w, ox, streamed);
  for (; ox + kLanes <= t.ox_end; ox += kLanes) stacked_block<kRows, 1, kStride>(t, w, ox, streamed);
  if (ox < t.ox_end) stacked_block<kRows, 1, kStride>(t, w, t.ox_end - kLanes, 0);
  if (streamed) CONVSTEP_SIMD_STREAM_FENCE();
}

template <int kRows>
CONVSTEP_SIMD_ATTR void stacked_row_strided(const ConvRowTask& t) {
  if (t.stride == 1) return stacked_row<kRows, 1>(t);
  if (t.stride == 2) return stacked_row<kRows, 2>(t);
  stacked_row<kRows, kAnyStride>(t);
}

// Any number of rows: fours where the kernel is 3 × 3, then pairs, then a single row.
CONVSTEP_SIMD_ATTR void conv_rows(const ConvRowTask& t);

// Eight accumulators in flight (enough to hide the add latency): 4 channels × 2 vectors, 2 × 4 or 1 × 8.
template <int kStride>
CONVSTEP_SIMD_ATTR void conv_row_strided(const ConvRowTask& t) {
  int64_t oc = 0;
  for (; oc + 4 <= t.oc_count; oc += 4) conv_channels<4, 2, kStride>(t, oc);
  for (; oc + 2 <= t.oc_count; oc += 2) conv_channels<2, 4, kStride>(t, oc);
  for (; oc < t.oc_count; ++oc) conv_channels<1, 8, kStride>(t, oc);
}

template <int kX, int kStride, bool kMax>
CONVSTEP_SIMD_ATTR void pool_block(const PoolRowTask& t, int64_t ox) {
  VecF acc[kX];
  const VecF init = kMax ? splat(-__builtin_inff()) : VecF{};
  for (int j = 0; j < kX; ++j) acc[j] = init;
  const int64_t step = kLanes * t.stride;
  for (int64_t r = 0; r < t.row_count; ++r) {
    const float* row = t.rows[r] + ox * t.stride + t.offset;
    for (int64_t kx = 0; kx < t.kw; ++kx) {
      const float* src = row + kx * t.dilation;
      for (int j = 0; j < kX; ++j) {
        const VecF v = load_strided<kStride>(src + j * step, t.stride);
        if constexpr (kMax) {
          acc[j] = max_step(acc[j], v);
        } else {
          acc[j] += v;
        }
      }
    }
  }
  for (int j = 0; j < kX; ++j) store(t.out + ox + j * kLanes, acc[j]);
}

template <int kStride, bool kMax>
CONVSTEP_SIMD_ATTR void pool_row_typed(const PoolRowTask& t) {
  constexpr int kX = 4;
  if (t.ox_end - t.ox_begin < kLanes) return plain::pool_columns(t, t.ox_begin, t.ox_end);
  int64_t ox = t.ox_begin;
  for (; ox + kX * kLanes <= t.ox_end; ox += kX * kLanes) pool_block<kX, kStride, kMax>(t, ox);
  if (ox + 2 * kLanes <= t.ox_end) {
    pool_block<2, kStride, kMax>(t, ox);
    ox += 2 * kLanes;
  }
  for (; ox + kLanes <= t.ox_end; ox += kLanes) pool_block<1, kStride, kMax>(t, ox);
  if (ox < t.ox_end) pool_block<1, kStride, kMax>(t, t.ox_end - kLanes);  // overlaps, as for convolutions
}

template <bool kMax>
CONVSTEP_SIMD_ATTR void pool_row_max(const PoolRowTask& t) {
  if (t.stride == 1) return pool_row_typed<1, kMax>(t);
  if (t.stride == 2) return pool_row_typed<2, kMax>(t);
  pool_row_typed<kAnyStride, kMax>(t);
}

}  // namespace

CONVSTEP_SIMD_ATTR void conv_row(const ConvRowTask& t) {
  if (t.out_rows > 1) return conv_rows(t);
  if (t.stride == 1) return conv_row_strided<1>(t);
  if (t.stride == 2) return conv_row_strided<2>(t);
  conv_row_strided<kAnyStride>(t);
}

namespace {
CONVSTEP_SIMD_ATTR void conv_rows(const ConvRowTask& t) {
  if (t.ox_end - t.ox_begin < kLanes) return plain::conv_stacked_columns(t, t.ox_begin, t.ox_end);
  const bool three_by_three = t.row_count == 3 && t.kw == 3;
  for (int64_t done = 0; done < t.out_rows;) {
    const int64_t left = t.out_rows - done;
    ConvRowTask part = row_task(t, done);
    part.out_rows = left >= 4 && three_by_three ? 4 : std::min<int64_t>(left, 2);
    if (part.out_rows == 4) {
      stacked_row_strided<4>(part);
    } else if (part.out_rows == 2) {
      stacked_row_strided<2>(part);
    } else {
      conv_row(part);
    }
    done += part.out_rows;
  }
}
}  // namespace

CONVSTEP_SIMD_ATTR void pool_row(const PoolRowTask& t) {
  if (t.is_max) return pool_row_max<true>(t);
  pool_row_max<false>(t);
}

}  // namespace CONVSTEP_SIMD_NS
