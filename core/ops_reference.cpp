// The plain engine the fast one is checked against: pad the whole input once per the padding mode,
// then slide the window with plain loops, each tap across a whole output row. This is the engine as it
// was before core/ops.cpp split interior from border and vectorized; tests compare the two bit for bit.
#include "core/ops_reference.h"

#include <algorithm>
#include <cmath>
#include <limits>
#include <new>
#include <utility>
#include <vector>

#include "core/ops.h"
#include "core/transpose.h"

namespace convstep {

namespace {

// The padded input in memory. Besides the padding, it holds the cells a ceil_mode window overhangs
// past the padded input, filled with the pad value, so that no inner loop has to test bounds: for
// sums the extra +0 terms change nothing, for max pools -inf never wins.
struct PaddedInput {
  std::vector<float> data;  // (N * C) planes of rows * cols
  int64_t rows = 0, cols = 0;
};

int64_t allocated_extent(const DimGeometry& d) {
  return std::max(d.padded(), (d.out - 1) * d.stride + d.effective_kernel());
}

// Where every allocated row (or column) reads from; 2-D padding in every mode is separable, so one
// map per dimension describes the whole padded plane. -1 means the pad value.
std::vector<int64_t> source_map(const DimGeometry& d, PaddingMode mode, int64_t extent) {
  std::vector<int64_t> map(static_cast<size_t>(extent), -1);
  for (int64_t i = 0; i < d.padded(); ++i)
    map[static_cast<size_t>(i)] = padded_source_index(i, d.in, d.pad_before, mode);
  return map;
}

PaddedInput pad_input(const Tensor& input, const Geometry& g, PaddingMode mode, float pad_value) {
  PaddedInput p;
  p.rows = allocated_extent(g.h);
  p.cols = allocated_extent(g.w);
  const std::vector<int64_t> row_source = source_map(g.h, mode, p.rows);
  const std::vector<int64_t> col_source = source_map(g.w, mode, p.cols);
  const int64_t planes = g.batch * g.in_channels;
  p.data.resize(static_cast<size_t>(planes * p.rows * p.cols));
  float* dst = p.data.data();
  for (int64_t plane = 0; plane < planes; ++plane) {
    const float* src = input.data() + plane * g.h.in * g.w.in;
    for (int64_t y = 0; y < p.rows; ++y) {
      const int64_t sy = row_source[static_cast<size_t>(y)];
      if (sy < 0) {
        dst = std::fill_n(dst, p.cols, pad_value);
        continue;
      }
      const float* src_row = src + sy * g.w.in;
      for (int64_t x = 0; x < g.w.pad_before; ++x) {
        const int64_t sx = col_source[static_cast<size_t>(x)];
        *dst++ = sx < 0 ? pad_value : src_row[sx];
      }
      dst = std::copy_n(src_row, g.w.in, dst);
      for (int64_t x = g.w.pad_before + g.w.in; x < p.cols; ++x) {
        const int64_t sx = col_source[static_cast<size_t>(x)];
        *dst++ = sx < 0 ? pad_value : src_row[sx];
      }
    }
  }
  return p;
}

// Each output row is accumulated tap by tap across the whole row (the inner loop runs over output
// columns, which vectorizes), yet every element still receives its products in the documented order:
// input channel, ky, kx.
Tensor run_conv(const Scene& scene, const Geometry& g) {
  const PaddedInput padded = pad_input(scene.input, g, g.padding_mode, 0.0f);
  Tensor output(g.output_shape());
  const float* weight = scene.weight.data();
  const float* bias = g.has_bias ? scene.bias->data() : nullptr;
  const int64_t plane_size = padded.rows * padded.cols;
  const int64_t kh = g.h.kernel, kw = g.w.kernel;
  const int64_t sw = g.w.stride;
  const int64_t icpg = g.in_channels_per_group(), ocpg = g.out_channels_per_group();
  const int64_t out_w = g.w.out;

  for (int64_t n = 0; n < g.batch; ++n) {
    for (int64_t oc = 0; oc < g.out_channels; ++oc) {
      const float* w_oc = weight + oc * icpg * kh * kw;
      const float* image = padded.data.data() + (n * g.in_channels + (oc / ocpg) * icpg) * plane_size;
      float* out_plane = output.data() + (n * g.out_channels + oc) * g.h.out * out_w;
      for (int64_t oy = 0; oy < g.h.out; ++oy) {
        float* acc = out_plane + oy * out_w;
        std::fill(acc, acc + out_w, 0.0f);
        for (int64_t ic = 0; ic < icpg; ++ic) {
          for (int64_t ky = 0; ky < kh; ++ky) {
            const float* row = image + ic * plane_size + (oy * g.h.stride + ky * g.h.dilation) * padded.cols;
            for (int64_t kx = 0; kx < kw; ++kx) {
              const float w = w_oc[(ic * kh + ky) * kw + kx];
              const float* src = row + kx * g.w.dilation;
              if (sw == 1) {
                for (int64_t ox = 0; ox < out_w; ++ox) acc[ox] += src[ox] * w;
              } else {
                for (int64_t ox = 0; ox < out_w; ++ox) acc[ox] += src[ox * sw] * w;
              }
            }
          }
        }
        if (bias) {
          const float b = bias[oc];
          for (int64_t ox = 0; ox < out_w; ++ox) acc[ox] += b;
        }
      }
    }
  }
  return output;
}

Tensor run_pool(const Scene& scene, const Geometry& g) {
  const bool is_max = is_max_pool(g.op);
  const bool divide = g.op == Op::kAvgPool1d || g.op == Op::kAvgPool2d;
  const float pad_value = is_max ? -std::numeric_limits<float>::infinity() : 0.0f;
  const PaddedInput padded = pad_input(scene.input, g, PaddingMode::kZeros, pad_value);
  Tensor output(g.output_shape());
  const int64_t plane_size = padded.rows * padded.cols;
  const int64_t planes = g.batch * g.in_channels;
  const int64_t out_w = g.w.out, sw = g.w.stride;

  for (int64_t p = 0; p < planes; ++p) {
    const float* plane = padded.data.data() + p * plane_size;
    float* out_plane = output.data() + p * g.h.out * out_w;
    for (int64_t oy = 0; oy < g.h.out; ++oy) {
      float* acc = out_plane + oy * out_w;
      std::fill(acc, acc + out_w, is_max ? -std::numeric_limits<float>::infinity() : 0.0f);
      for (int64_t ky = 0; ky < g.h.kernel; ++ky) {
        const float* row = plane + (oy * g.h.stride + ky * g.h.dilation) * padded.cols;
        for (int64_t kx = 0; kx < g.w.kernel; ++kx) {
          const float* src = row + kx * g.w.dilation;
          if (is_max) {
            // PyTorch's rule: a strictly larger value or a NaN takes over, so ties keep the first.
            for (int64_t ox = 0; ox < out_w; ++ox) {
              const float v = src[ox * sw];
              acc[ox] = (v > acc[ox] || std::isnan(v)) ? v : acc[ox];
            }
          } else {
            for (int64_t ox = 0; ox < out_w; ++ox) acc[ox] += src[ox * sw];
          }
        }
      }
      if (divide) {
        for (int64_t ox = 0; ox < out_w; ++ox) acc[ox] /= static_cast<float>(avg_pool_divisor(g, oy, ox));
      }
    }
  }
  return output;
}

}  // namespace

Result<Tensor> run_reference(const Scene& scene) {
  Result<Geometry> geometry = resolve_geometry(scene);
  if (!geometry) return geometry.error();
  try {
    if (is_conv_transpose(scene.params.op)) return run_conv_transpose_scatter(scene, *geometry);
    if (is_conv(scene.params.op)) return run_conv(scene, *geometry);
    return run_pool(scene, *geometry);
  } catch (const std::bad_alloc&) {
    return make_error("not enough memory for an output of shape " +
                      shape_to_string(geometry->output_shape()));
  }
}

}  // namespace convstep
