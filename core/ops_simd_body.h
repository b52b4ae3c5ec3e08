// The vector inner loops of core/ops_simd.h, written once and compiled once per instruction set:
// core/ops_simd.cpp includes this file several times (no #pragma once, on purpose), each time with
// CONVSTEP_SIMD_NS (a namespace inside convstep), CONVSTEP_SIMD_ATTR (the target attribute),
// CONVSTEP_SIMD_LANES and CONVSTEP_SIMD_EVEN (the even lanes of p[0 .. 2·lanes−2], from loads at p and p +
// lanes − 1) defined. Lanes are consecutive output columns: each lane performs exactly one output's scalar
// sequence.

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

// Output rows oy and oy + 1 (see ConvRowTask::out_next): input row R feeds tap ky = R of the first
// and ky = R − 1 of the second, so both receive their taps in order (ky, kx).
template <int kX, int kStride>
CONVSTEP_SIMD_ATTR void conv_pair_block(const ConvRowTask& t, int64_t ox) {
  VecF top[kX], bottom[kX];
  for (int j = 0; j < kX; ++j) top[j] = bottom[j] = VecF{};
  const int64_t kh = t.row_count;
  const int64_t step = kLanes * t.stride;
  for (int64_t r = 0; r <= kh; ++r) {
    const float* row = t.rows[r] + ox * t.stride + t.offset;
    for (int64_t kx = 0; kx < t.kw; ++kx) {
      const float* src = row + kx * t.dilation;
      VecF x[kX];
      for (int j = 0; j < kX; ++j) x[j] = load_strided<kStride>(src + j * step, t.stride);
      if (r < kh) {
        const VecF w = splat(t.weight[r * t.kw + kx]);
        for (int j = 0; j < kX; ++j) top[j] += x[j] * w;
      }
      if (r > 0) {
        const VecF w = splat(t.weight[(r - 1) * t.kw + kx]);
        for (int j = 0; j < kX; ++j) bottom[j] += x[j] * w;
      }
    }
  }
  if (t.bias) {
    const VecF b = splat(t.bias[0]);
    for (int j = 0; j < kX; ++j) {
      top[j] += b;
      bottom[j] += b;
    }
  }
  for (int j = 0; j < kX; ++j) {
    store(t.out + ox + j * kLanes, top[j]);
    store(t.out_next + ox + j * kLanes, bottom[j]);
  }
}

template <int kStride>
CONVSTEP_SIMD_ATTR void conv_pair_row(const ConvRowTask& t) {
  if (t.ox_end - t.ox_begin < kLanes) return plain::conv_pair_columns(t);
  constexpr int kX = 4;
  int64_t ox = t.ox_begin;
  for (; ox + kX * kLanes <= t.ox_end; ox += kX * kLanes) conv_pair_block<kX, kStride>(t, ox);
  for (; ox + kLanes <= t.ox_end; ox += kLanes) conv_pair_block<1, kStride>(t, ox);
  if (ox < t.ox_end) conv_pair_block<1, kStride>(t, t.ox_end - kLanes);  // overlaps, as conv_channels
}

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
  if (t.out_next) {
    if (t.stride == 1) return conv_pair_row<1>(t);
    if (t.stride == 2) return conv_pair_row<2>(t);
    return conv_pair_row<kAnyStride>(t);
  }
  if (t.stride == 1) return conv_row_strided<1>(t);
  if (t.stride == 2) return conv_row_strided<2>(t);
  conv_row_strided<kAnyStride>(t);
}

CONVSTEP_SIMD_ATTR void pool_row(const PoolRowTask& t) {
  if (t.is_max) return pool_row_max<true>(t);
  pool_row_max<false>(t);
}

}  // namespace CONVSTEP_SIMD_NS
