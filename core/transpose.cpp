// Transposed convolution: the gather engine, the scatter reference, the equivalent direct
// convolution and the stamping walk. Each visits an output's contributions in the order stated in
// core/transpose.h, so all of them produce the same bits.
#include "core/transpose.h"

#include <algorithm>
#include <limits>
#include <new>
#include <string>
#include <utility>

namespace convstep {

namespace {

constexpr float kNaN = std::numeric_limits<float>::quiet_NaN();
// The direct view materialises the zero-inserted input; beyond this it would not fit in a window.
constexpr int64_t kMaxDirectElements = int64_t{1} << 26;

// weight[ic, o, ky, kx] of a transposed weight (in_channels, out_channels/groups, kH, kW).
float weight_at(const Scene& s, const Geometry& g, int64_t ic, int64_t o, int64_t ky, int64_t kx) {
  const int64_t ocpg = g.out_channels_per_group();
  return s.weight.data()[((ic * ocpg + o) * g.h.kernel + ky) * g.w.kernel + kx];
}

// For output coordinate o along one dimension: the (kernel index, input index) pairs whose stamp
// covers it, in ascending input index (descending kernel index).
std::vector<std::pair<int64_t, int64_t>> covering(const DimGeometry& d, int64_t o) {
  std::vector<std::pair<int64_t, int64_t>> taps;
  for (int64_t k = d.kernel - 1; k >= 0; --k) {
    const int64_t num = o + d.pad_before - k * d.dilation;
    if (num < 0 || num % d.stride != 0) continue;
    const int64_t i = num / d.stride;
    if (i < d.in) taps.emplace_back(k, i);
  }
  return taps;
}

float bias_of(const Scene& s, const Geometry& g, int64_t oc) {
  return g.has_bias && s.bias ? s.bias->data()[oc] : 0.0f;
}

std::string size_list(const DirectDim& h, const DirectDim& w, int dims) {
  if (dims == 1) return std::to_string(w.source.size());
  return std::to_string(h.source.size()) + "\u00d7" + std::to_string(w.source.size());
}

DirectDim direct_dim(const DimGeometry& d) {
  DirectDim r;
  r.inserted = d.stride - 1;
  const int64_t zero_inserted = (d.in - 1) * d.stride + 1;
  const int64_t before = d.dilation * (d.kernel - 1) - d.pad_before;
  const int64_t after = before + d.output_padding;
  r.padding = std::max<int64_t>(0, before);
  r.cropped = std::max<int64_t>(0, -before);
  // The direct input covers zero-inserted coordinates [cropped, hi): cropped on the near side, and on
  // the far side extended by output_padding or cropped, whatever is left after the symmetric padding.
  const int64_t hi = zero_inserted + (after - r.padding);
  r.extra = std::max<int64_t>(0, hi - zero_inserted);
  return r;
}

void fill_sources(DirectDim& r, const DimGeometry& d) {
  const int64_t zero_inserted = (d.in - 1) * d.stride + 1;
  const int64_t before = d.dilation * (d.kernel - 1) - d.pad_before;
  const int64_t hi = zero_inserted + (before + d.output_padding - r.padding);
  r.source.clear();
  for (int64_t z = r.cropped; z < hi; ++z) {
    if (z >= zero_inserted) {
      r.source.push_back(kOutputPaddingZero);
    } else {
      r.source.push_back(z % d.stride == 0 ? z / d.stride : kInsertedZero);
    }
  }
}

template <class Visit>
void visit_stamps(const Scene& scene, const Geometry& g, int64_t i, Visit&& visit) {
  const int64_t ix = i % g.w.in;
  const int64_t iy = (i / g.w.in) % g.h.in;
  const int64_t ic = (i / (g.w.in * g.h.in)) % g.in_channels;
  const int64_t n = i / (g.w.in * g.h.in * g.in_channels);
  const float v = scene.input.data()[i];
  const int64_t ocpg = g.out_channels_per_group();
  const int64_t group = ic / g.in_channels_per_group();
  for (int64_t o = 0; o < ocpg; ++o)
    for (int64_t ky = 0; ky < g.h.kernel; ++ky) {
      const int64_t oy = iy * g.h.stride - g.h.pad_before + ky * g.h.dilation;
      if (oy < 0 || oy >= g.h.out) continue;
      for (int64_t kx = 0; kx < g.w.kernel; ++kx) {
        const int64_t ox = ix * g.w.stride - g.w.pad_before + kx * g.w.dilation;
        if (ox < 0 || ox >= g.w.out) continue;
        const float w = weight_at(scene, g, ic, o, ky, kx);
        const int64_t oc = group * ocpg + o;
        visit(n, oc, oy, ox, ky, kx, w, v * w, ((n * g.out_channels + oc) * g.h.out + oy) * g.w.out + ox);
      }
    }
}

int64_t input_cell_count(const Geometry& g) {
  return g.batch * g.in_channels * g.h.in * g.w.in;
}

// The output after stamping input cells [0, stamped): NaN where nothing has landed yet, unless
// `final`, when every cell gets 0 (nothing lands there) and then its bias.
Tensor scatter(const Scene& scene, const Geometry& g, int64_t stamped, bool final) {
  Tensor out(g.output_shape(), kNaN);
  float* o = out.data();
  for (int64_t i = 0; i < stamped; ++i)
    visit_stamps(scene, g, i,
                 [&](int64_t, int64_t, int64_t, int64_t, int64_t, int64_t, float, float p, int64_t flat) {
                   float& cell = o[flat];
                   cell = (cell != cell ? 0.0f : cell) + p;
                 });
  if (final) {
    const int64_t plane = g.h.out * g.w.out;
    for (int64_t n = 0; n < g.batch; ++n)
      for (int64_t oc = 0; oc < g.out_channels; ++oc) {
        float* p = o + (n * g.out_channels + oc) * plane;
        for (int64_t k = 0; k < plane; ++k) p[k] = (p[k] != p[k] ? 0.0f : p[k]) + bias_of(scene, g, oc);
      }
  }
  return out;
}

}  // namespace

void run_conv_transpose(const Scene& scene, const Geometry& g, float* out) {
  const int64_t icpg = g.in_channels_per_group(), ocpg = g.out_channels_per_group();
  std::vector<std::vector<std::pair<int64_t, int64_t>>> rows(static_cast<size_t>(g.h.out));
  std::vector<std::vector<std::pair<int64_t, int64_t>>> cols(static_cast<size_t>(g.w.out));
  for (int64_t oy = 0; oy < g.h.out; ++oy) rows[static_cast<size_t>(oy)] = covering(g.h, oy);
  for (int64_t ox = 0; ox < g.w.out; ++ox) cols[static_cast<size_t>(ox)] = covering(g.w, ox);
  const float* input = scene.input.data();
  for (int64_t n = 0; n < g.batch; ++n) {
    for (int64_t oc = 0; oc < g.out_channels; ++oc) {
      const int64_t group = oc / ocpg, o = oc % ocpg;
      for (int64_t oy = 0; oy < g.h.out; ++oy) {
        for (int64_t ox = 0; ox < g.w.out; ++ox) {
          float acc = 0.0f;
          for (int64_t ic = group * icpg; ic < (group + 1) * icpg; ++ic) {
            const float* plane = input + (n * g.in_channels + ic) * g.h.in * g.w.in;
            for (const auto& [ky, iy] : rows[static_cast<size_t>(oy)])
              for (const auto& [kx, ix] : cols[static_cast<size_t>(ox)])
                acc += plane[iy * g.w.in + ix] * weight_at(scene, g, ic, o, ky, kx);
          }
          *out++ = acc + bias_of(scene, g, oc);
        }
      }
    }
  }
}

Tensor run_conv_transpose_scatter(const Scene& scene, const Geometry& g) {
  return scatter(scene, g, input_cell_count(g), true);
}

Result<DirectEquivalent> direct_equivalent(const Scene& scene) {
  if (!is_conv_transpose(scene.params.op))
    return make_error(std::string("the direct view is for transposed convolutions, not ") +
                      op_name(scene.params.op));
  Result<Geometry> geometry = resolve_geometry(scene);
  if (!geometry) return geometry.error();
  const Geometry& g = *geometry;
  DirectEquivalent d;
  d.w = direct_dim(g.w);
  if (g.dims == 2) d.h = direct_dim(g.h);
  // Sizes before allocating: each is at most (in − 1)·s + 1 + output_padding.
  const auto direct_size = [](const DimGeometry& dim, const DirectDim& r) {
    const int64_t zero_inserted = (dim.in - 1) * dim.stride + 1;
    const int64_t before = dim.dilation * (dim.kernel - 1) - dim.pad_before;
    return zero_inserted + (before + dim.output_padding - r.padding) - r.cropped;
  };
  const int64_t hd = g.dims == 2 ? direct_size(g.h, d.h) : 1;
  const int64_t wd = direct_size(g.w, d.w);
  const long double cells = static_cast<long double>(g.batch) * static_cast<long double>(g.in_channels) *
                            static_cast<long double>(hd) * static_cast<long double>(wd);
  if (cells > static_cast<long double>(kMaxDirectElements)) {
    return make_error("the direct view's zero-inserted input (" + std::to_string(g.batch) + "\u00b7" +
                      std::to_string(g.in_channels) + "\u00b7" +
                      (g.dims == 2 ? std::to_string(hd) + "\u00b7" : std::string()) + std::to_string(wd) +
                      " cells, stride \u2212 1 zeros between input cells) is too large to draw (at most " +
                      std::to_string(kMaxDirectElements) + "); the stamping view shows this scene");
  }
  try {
    fill_sources(d.w, g.w);
    if (g.dims == 2) {
      fill_sources(d.h, g.h);
    } else {
      d.h.source = {0};
    }
    const int64_t rows = static_cast<int64_t>(d.h.source.size());
    const int64_t cols = static_cast<int64_t>(d.w.source.size());

    Shape in_shape;
    if (g.batched) in_shape.push_back(g.batch);
    in_shape.push_back(g.in_channels);
    if (g.dims == 2) in_shape.push_back(rows);
    in_shape.push_back(cols);
    Tensor input(in_shape, 0.0f);
    float* dst = input.data();
    for (int64_t plane = 0; plane < g.batch * g.in_channels; ++plane) {
      const float* src = scene.input.data() + plane * g.h.in * g.w.in;
      for (int64_t y = 0; y < rows; ++y) {
        const int64_t sy = d.h.source[static_cast<size_t>(y)];
        for (int64_t x = 0; x < cols; ++x) {
          const int64_t sx = d.w.source[static_cast<size_t>(x)];
          *dst++ = sy >= 0 && sx >= 0 ? src[sy * g.w.in + sx] : 0.0f;
        }
      }
    }

    // weight'[g·ocpg + o, i, a, b] = weight[g·icpg + i, o, kH−1−a, kW−1−b].
    const int64_t icpg = g.in_channels_per_group(), ocpg = g.out_channels_per_group();
    const int64_t kh = g.h.kernel, kw = g.w.kernel;
    Shape w_shape{g.out_channels, icpg};
    if (g.dims == 2) w_shape.push_back(kh);
    w_shape.push_back(kw);
    Tensor weight(w_shape, 0.0f);
    float* wd_out = weight.data();
    for (int64_t oc = 0; oc < g.out_channels; ++oc)
      for (int64_t i = 0; i < icpg; ++i)
        for (int64_t a = 0; a < kh; ++a)
          for (int64_t b = 0; b < kw; ++b)
            *wd_out++ = weight_at(scene, g, (oc / ocpg) * icpg + i, oc % ocpg, kh - 1 - a, kw - 1 - b);

    d.scene.params = scene.params;
    d.scene.params.op = g.dims == 2 ? Op::kConv2d : Op::kConv1d;
    d.scene.params.stride = {1, 1};
    d.scene.params.padding_kind = PaddingKind::kExplicit;
    d.scene.params.padding = g.dims == 2 ? Dims{d.h.padding, d.w.padding} : Dims{d.w.padding, d.w.padding};
    d.scene.params.padding_mode = PaddingMode::kZeros;
    d.scene.params.output_padding = {0, 0};
    d.scene.input = std::move(input);
    d.scene.weight = std::move(weight);
    d.scene.bias = scene.bias;
  } catch (const std::bad_alloc&) {
    return make_error("not enough memory for the direct view's " + size_list(d.h, d.w, g.dims) +
                      " zero-inserted input");
  }
  return d;
}

Result<Stamper> Stamper::create(Scene scene) {
  if (!is_conv_transpose(scene.params.op))
    return make_error(std::string("stamping is for transposed convolutions, not ") +
                      op_name(scene.params.op));
  Result<Geometry> geometry = resolve_geometry(scene);
  if (!geometry) return geometry.error();
  return Stamper(std::move(scene), *geometry);
}

StampSnapshot Stamper::snapshot(int64_t i) const {
  const Geometry& g = geometry_;
  i = std::clamp<int64_t>(i, 0, step_count() - 1);
  StampSnapshot s;
  s.step = i;
  if (i >= input_cells()) {
    s.bias_step = true;
    return s;
  }
  s.in_x = i % g.w.in;
  s.in_y = (i / g.w.in) % g.h.in;
  s.in_channel = (i / (g.w.in * g.h.in)) % g.in_channels;
  s.batch = i / (g.w.in * g.h.in * g.in_channels);
  s.value = scene_.input.data()[i];
  s.origin_y = s.in_y * g.h.stride - g.h.pad_before;
  s.origin_x = s.in_x * g.w.stride - g.w.pad_before;
  // Partial sums before this stamp: earlier input cells of the same batch and group that land on the
  // same output cells, replayed in order (only this window's cells are tracked).
  Tensor before = partial_output(i);
  visit_stamps(scene_, geometry_, i,
               [&](int64_t, int64_t oc, int64_t oy, int64_t ox, int64_t ky, int64_t kx, float w, float p,
                   int64_t flat) {
                 Stamp st;
                 st.out_channel = oc;
                 st.out_y = oy;
                 st.out_x = ox;
                 st.ky = ky;
                 st.kx = kx;
                 st.weight = w;
                 st.product = p;
                 const float b = before.data()[flat];
                 st.before = b != b ? 0.0f : b;
                 st.after = st.before + p;
                 s.stamps.push_back(st);
               });
  return s;
}

Tensor Stamper::partial_output(int64_t done) const {
  done = std::clamp<int64_t>(done, 0, step_count());
  return scatter(scene_, geometry_, std::min(done, input_cells()), done == step_count());
}

Tensor Stamper::overlap_counts(int64_t done) const {
  Tensor counts(geometry_.output_shape(), 0.0f);
  float* c = counts.data();
  const int64_t stamped = std::clamp<int64_t>(done, 0, input_cells());
  for (int64_t i = 0; i < stamped; ++i)
    visit_stamps(scene_, geometry_, i,
                 [&](int64_t, int64_t, int64_t, int64_t, int64_t, int64_t, float, float, int64_t flat) {
                   c[flat] += 1.0f;
                 });
  return counts;
}

}  // namespace convstep
