// The direct conv/pool engine. Each output row is split into interior columns, whose taps all lie
// inside the input row and which the vector paths (core/ops_simd.h) compute straight from the input,
// and border columns, computed one by one through the padding maps. Vertical padding costs nothing:
// a tap row is a pointer, to an input row or to a row of the pad value. Rows are shared among threads.
// It never goes through the stepper, so the stepper's test "stepping to the end equals run()" compares
// two independent computations that share only the summation order documented in core/ops.h.
#include "core/ops.h"

#include "core/chunks.h"
#include "core/transpose.h"

#include <algorithm>
#include <cmath>
#include <limits>
#include <new>
#include <system_error>
#include <thread>
#include <utility>
#include <vector>

namespace convstep {

namespace {

// By default, a thread per this many multiply-adds (or pool taps), up to every core: starting a
// thread costs more than a small run saves.
constexpr int64_t kWorkPerThread = int64_t{1} << 18;

// Outputs at least this large are written past the cache where the vector paths can (see
// ConvRowTask::stream): far larger than a core's cache, they would evict the input still to be read.
constexpr int64_t kStreamOutputBytes = int64_t{16} << 20;

int64_t allocated_extent(const DimGeometry& d) {
  return std::max(d.padded(), (d.out - 1) * d.stride + d.effective_kernel());
}

// Where every padded row (or column), including a ceil_mode overhang, reads from: an input index, or
// -1 for the pad value. 2-D padding in every mode is separable, so one map per dimension suffices.
std::vector<int64_t> source_map(const DimGeometry& d, PaddingMode mode) {
  std::vector<int64_t> map(static_cast<size_t>(allocated_extent(d)), -1);
  for (int64_t i = 0; i < d.padded(); ++i)
    map[static_cast<size_t>(i)] = padded_source_index(i, d.in, d.pad_before, mode);
  return map;
}

// Output columns [first, second) whose every tap lies inside the input: no padding to look up.
std::pair<int64_t, int64_t> interior_columns(const DimGeometry& d) {
  const int64_t last_start = d.in - 1 - (d.kernel - 1) * d.dilation + d.pad_before;
  int64_t end = last_start < 0 ? 0 : std::min(last_start / d.stride + 1, d.out);
  int64_t begin = std::min((d.pad_before + d.stride - 1) / d.stride, end);
  return {begin, end};
}

// What every row of a run shares: the padding maps, the pad row and the interior columns.
struct RowPlan {
  const Geometry* g = nullptr;
  std::vector<int64_t> row_source, col_source;
  std::vector<float> pad_row;
  float pad_value = 0.0f;
  int64_t interior_begin = 0, interior_end = 0;
  SimdPath path = SimdPath::kPlain;
};

RowPlan make_plan(const Geometry& g, PaddingMode mode, float pad_value, SimdPath path) {
  RowPlan p;
  p.g = &g;
  p.row_source = source_map(g.h, mode);
  p.col_source = source_map(g.w, mode);
  p.pad_row.assign(static_cast<size_t>(std::max<int64_t>(g.w.in, 1)), pad_value);
  p.pad_value = pad_value;
  std::tie(p.interior_begin, p.interior_end) = interior_columns(g.w);
  p.path = path;
  return p;
}

// Points rows[ky] (ky < kh) at the input rows output row oy reads in one input plane.
void fill_tap_rows(const RowPlan& p, const float* plane, int64_t oy, const float** rows) {
  const Geometry& g = *p.g;
  for (int64_t ky = 0; ky < g.h.kernel; ++ky) {
    const int64_t sy = p.row_source[static_cast<size_t>(oy * g.h.stride + ky * g.h.dilation)];
    rows[ky] = sy < 0 ? p.pad_row.data() : plane + sy * g.w.in;
  }
}

// Border columns of a convolution row, one output at a time in the documented order.
void conv_border(const RowPlan& p, const ConvRowTask& t, int64_t ox_begin, int64_t ox_end) {
  const int64_t taps = t.row_count * t.kw;
  for (int64_t oc = 0; oc < t.oc_count; ++oc) {
    const float* w = t.weight + oc * taps;
    float* dst = t.out + oc * t.out_channel_stride;
    for (int64_t ox = ox_begin; ox < ox_end; ++ox) {
      float acc = 0.0f;
      for (int64_t r = 0; r < t.row_count; ++r) {
        for (int64_t kx = 0; kx < t.kw; ++kx) {
          const int64_t sx = p.col_source[static_cast<size_t>(ox * t.stride + kx * t.dilation)];
          const float v = sx < 0 ? p.pad_value : t.rows[r][sx];
          acc += v * w[r * t.kw + kx];
        }
      }
      if (t.bias) acc += t.bias[oc];
      dst[ox] = acc;
    }
  }
}

void pool_border(const RowPlan& p, const PoolRowTask& t, int64_t ox_begin, int64_t ox_end) {
  for (int64_t ox = ox_begin; ox < ox_end; ++ox) {
    float acc = t.is_max ? -std::numeric_limits<float>::infinity() : 0.0f;
    for (int64_t r = 0; r < t.row_count; ++r) {
      for (int64_t kx = 0; kx < t.kw; ++kx) {
        const int64_t sx = p.col_source[static_cast<size_t>(ox * t.stride + kx * t.dilation)];
        const float v = sx < 0 ? p.pad_value : t.rows[r][sx];
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

// Whether a row may start (the run was not cancelled), and the outputs finished so far.
bool may_continue(const RunOptions& options) {
  return options.cancel == nullptr || !options.cancel->load(std::memory_order_relaxed);
}
void count_done(const RunOptions& options, int64_t outputs) {
  if (options.outputs_done) options.outputs_done->fetch_add(outputs, std::memory_order_relaxed);
}

// An explicit count is used as given (for_each_chunk caps it at the number of rows); "every core"
// gives small runs fewer threads, down to none but the caller's.
int thread_count_for(const RunOptions& options, int64_t work) {
  if (options.threads > 0) return options.threads;
  const int64_t useful = std::max<int64_t>(work / kWorkPerThread, 1);
  return static_cast<int>(std::min<int64_t>(default_thread_count(), useful));
}

// Rows are (batch, group, output row) triples; each computes every output channel of its group.
void run_conv(const Scene& scene, const Geometry& g, const RunOptions& options, float* out) {
  const RowPlan plan = make_plan(g, g.padding_mode, 0.0f, options.simd.value_or(best_simd_path()));
  const int64_t icpg = g.in_channels_per_group(), ocpg = g.out_channels_per_group();
  const int64_t kh = g.h.kernel, kw = g.w.kernel;
  const int64_t taps = icpg * kh * kw;
  const int64_t in_plane = g.h.in * g.w.in, out_plane = g.h.out * g.w.out;
  const int64_t row_count = g.batch * g.groups * g.h.out;
  const int threads = thread_count_for(options, g.output_count() * taps);
  // One channel per group read and written, rows one apart: consecutive output rows share input rows,
  // so the vector paths compute several at once (four for a 3 × 3 kernel, else two).
  const bool stacks = icpg == 1 && ocpg == 1 && g.h.stride == 1 && g.h.dilation == 1;
  const int64_t stack_rows = !stacks ? 1 : kh == 3 && kw == 3 ? 4 : 2;
  const bool stream = g.output_count() * static_cast<int64_t>(sizeof(float)) >= kStreamOutputBytes;
  std::vector<std::vector<const float*>> tap_rows(
      static_cast<size_t>(threads),
      std::vector<const float*>(static_cast<size_t>(icpg * kh + stack_rows - 1)));

  for_each_chunk(row_count, threads, [&](int chunk, int64_t begin, int64_t end) {
    const float** rows = tap_rows[static_cast<size_t>(chunk)].data();
    for (int64_t i = begin; i < end && may_continue(options); ++i) {
      const int64_t oy = i % g.h.out;
      const int64_t group = (i / g.h.out) % g.groups;
      const int64_t n = i / (g.h.out * g.groups);
      const float* planes = scene.input.data() + (n * g.in_channels + group * icpg) * in_plane;
      for (int64_t ic = 0; ic < icpg; ++ic) fill_tap_rows(plan, planes + ic * in_plane, oy, rows + ic * kh);
      ConvRowTask t;
      t.rows = rows;
      t.row_count = icpg * kh;
      t.kw = kw;
      t.dilation = g.w.dilation;
      t.stride = g.w.stride;
      t.offset = -g.w.pad_before;
      t.weight = scene.weight.data() + group * ocpg * taps;
      t.bias = g.has_bias ? scene.bias->data() + group * ocpg : nullptr;
      t.oc_count = ocpg;
      t.out = out + (n * g.out_channels + group * ocpg) * out_plane + oy * g.w.out;
      t.out_channel_stride = out_plane;
      t.ox_begin = plan.interior_begin;
      t.ox_end = plan.interior_end;
      t.stream = stream;
      // The rows of this chunk and plane still to do, as many as a stack holds.
      t.out_rows = std::min({stack_rows, end - i, g.h.out - oy});
      t.out_row_stride = g.w.out;
      for (int64_t q = 1; q < t.out_rows; ++q) {
        const int64_t sy = plan.row_source[static_cast<size_t>(oy + kh + q - 1)];
        rows[kh + q - 1] = sy < 0 ? plan.pad_row.data() : planes + sy * g.w.in;
      }
      conv_row(plan.path, t);
      for (int64_t q = 0; q < t.out_rows; ++q) {
        const ConvRowTask one = row_task(t, q);
        conv_border(plan, one, 0, plan.interior_begin);
        conv_border(plan, one, plan.interior_end, g.w.out);
      }
      count_done(options, t.out_rows * ocpg * g.w.out);
      i += t.out_rows - 1;
    }
  });
}

// The avg-pool divisor's factor along one dimension: avg_pool_divisor with the other dimension trivial.
std::vector<int64_t> divisor_factors(const Geometry& g, bool rows) {
  Geometry one = g;
  DimGeometry trivial;
  trivial.in = 1;
  trivial.out = 1;
  (rows ? one.w : one.h) = trivial;
  const int64_t count = rows ? g.h.out : g.w.out;
  std::vector<int64_t> factors(static_cast<size_t>(count));
  for (int64_t o = 0; o < count; ++o)
    factors[static_cast<size_t>(o)] = rows ? avg_pool_divisor(one, o, 0) : avg_pool_divisor(one, 0, o);
  return factors;
}

// Rows are (plane, output row) pairs.
void run_pool(const Scene& scene, const Geometry& g, const RunOptions& options, float* out) {
  const bool is_max = is_max_pool(g.op);
  const bool divide = g.op == Op::kAvgPool1d || g.op == Op::kAvgPool2d;
  const float pad_value = is_max ? -std::numeric_limits<float>::infinity() : 0.0f;
  const RowPlan plan = make_plan(g, PaddingMode::kZeros, pad_value, options.simd.value_or(best_simd_path()));
  const int64_t in_plane = g.h.in * g.w.in, out_plane = g.h.out * g.w.out;
  const int64_t row_count = g.batch * g.in_channels * g.h.out;
  const int threads = thread_count_for(options, g.output_count() * g.h.kernel * g.w.kernel);
  std::vector<std::vector<const float*>> tap_rows(static_cast<size_t>(threads),
                                                  std::vector<const float*>(static_cast<size_t>(g.h.kernel)));
  std::vector<int64_t> row_factor, col_factor;
  if (divide) {
    row_factor = divisor_factors(g, true);
    col_factor = divisor_factors(g, false);
  }

  for_each_chunk(row_count, threads, [&](int chunk, int64_t begin, int64_t end) {
    const float** rows = tap_rows[static_cast<size_t>(chunk)].data();
    for (int64_t i = begin; i < end && may_continue(options); ++i) {
      const int64_t oy = i % g.h.out;
      const int64_t plane = i / g.h.out;
      fill_tap_rows(plan, scene.input.data() + plane * in_plane, oy, rows);
      PoolRowTask t;
      t.rows = rows;
      t.row_count = g.h.kernel;
      t.kw = g.w.kernel;
      t.dilation = g.w.dilation;
      t.stride = g.w.stride;
      t.offset = -g.w.pad_before;
      t.is_max = is_max;
      t.out = out + plane * out_plane + oy * g.w.out;
      t.ox_begin = plan.interior_begin;
      t.ox_end = plan.interior_end;
      pool_row(plan.path, t);
      pool_border(plan, t, 0, plan.interior_begin);
      pool_border(plan, t, plan.interior_end, g.w.out);
      if (divide) {
        // The same integer divisor as avg_pool_divisor (a product of two exact factors), then one division.
        const int64_t fy = row_factor[static_cast<size_t>(oy)];
        for (int64_t ox = 0; ox < g.w.out; ++ox)
          t.out[ox] /= static_cast<float>(fy * col_factor[static_cast<size_t>(ox)]);
      }
      count_done(options, g.w.out);
    }
  });
}

Result<Tensor> run_as(Op op, const Tensor& input, const Tensor& weight, const std::optional<Tensor>& bias,
                      LayerParams params) {
  params.op = op;
  Scene scene{params, input, weight, bias};
  return run(scene);
}

}  // namespace

int64_t padded_source_index(int64_t padded, int64_t n, int64_t pad_before, PaddingMode mode) {
  const int64_t i = padded - pad_before;
  if (i >= 0 && i < n) return i;
  if (n < 1) return -1;
  switch (mode) {
    case PaddingMode::kZeros:
      return -1;
    case PaddingMode::kReplicate:
      return i < 0 ? 0 : n - 1;
    case PaddingMode::kCircular:
      return ((i % n) + n) % n;
    case PaddingMode::kReflect: {
      if (n == 1) return 0;
      // Mirror about the first and last cells (the edge itself is not repeated); the period keeps
      // this defined even for padding PyTorch would refuse.
      const int64_t period = 2 * (n - 1);
      int64_t r = ((i % period) + period) % period;
      return r < n ? r : period - r;
    }
  }
  return -1;
}

int64_t avg_pool_divisor(const Geometry& g, int64_t out_y, int64_t out_x) {
  // Per dimension, as PyTorch: the window clipped to the padded input (not the ceil overhang), and,
  // without count_include_pad, further clipped to the input itself.
  auto extent = [&](const DimGeometry& d, int64_t o, bool include_pad) {
    int64_t start = o * d.stride - d.pad_before;
    int64_t end = std::min(start + d.kernel, d.in + d.pad_after);
    if (include_pad) return end - start;
    start = std::max<int64_t>(start, 0);
    end = std::min(end, d.in);
    return end - start;
  };
  return extent(g.h, out_y, g.count_include_pad) * extent(g.w, out_x, g.count_include_pad);
}

int default_thread_count() {
  const unsigned cores = std::thread::hardware_concurrency();
  return cores == 0 ? 1 : static_cast<int>(cores);
}

Status run_into(const Scene& scene, Tensor& output, const RunOptions& options) {
  Result<Geometry> geometry = resolve_geometry(scene);
  if (!geometry) return geometry.error();
  try {
    Shape shape = geometry->output_shape();
    if (output.shape() != shape) {
      Tensor fresh(std::move(shape));
      output = std::move(fresh);
    }
    if (is_conv_transpose(scene.params.op)) {
      run_conv_transpose(scene, *geometry, output.data());
    } else if (is_conv(scene.params.op)) {
      run_conv(scene, *geometry, options, output.data());
    } else {
      run_pool(scene, *geometry, options, output.data());
    }
    if (!may_continue(options)) return make_error(kRunCancelled);
  } catch (const std::bad_alloc&) {
    return make_error("not enough memory for an output of shape " +
                      shape_to_string(geometry->output_shape()));
  }
  return Ok{};
}

Result<Tensor> run(const Scene& scene, const RunOptions& options) {
  Tensor output;
  if (Status status = run_into(scene, output, options); !status) return status.error();
  return output;
}

Result<Tensor> conv1d(const Tensor& input, const Tensor& weight, const std::optional<Tensor>& bias,
                      LayerParams params) {
  return run_as(Op::kConv1d, input, weight, bias, params);
}
Result<Tensor> conv2d(const Tensor& input, const Tensor& weight, const std::optional<Tensor>& bias,
                      LayerParams params) {
  return run_as(Op::kConv2d, input, weight, bias, params);
}
Result<Tensor> conv_transpose1d(const Tensor& input, const Tensor& weight, const std::optional<Tensor>& bias,
                                LayerParams params) {
  return run_as(Op::kConvTranspose1d, input, weight, bias, params);
}
Result<Tensor> conv_transpose2d(const Tensor& input, const Tensor& weight, const std::optional<Tensor>& bias,
                                LayerParams params) {
  return run_as(Op::kConvTranspose2d, input, weight, bias, params);
}
Result<Tensor> max_pool1d(const Tensor& input, LayerParams params) {
  return run_as(Op::kMaxPool1d, input, Tensor(), std::nullopt, params);
}
Result<Tensor> max_pool2d(const Tensor& input, LayerParams params) {
  return run_as(Op::kMaxPool2d, input, Tensor(), std::nullopt, params);
}
Result<Tensor> avg_pool1d(const Tensor& input, LayerParams params) {
  return run_as(Op::kAvgPool1d, input, Tensor(), std::nullopt, params);
}
Result<Tensor> avg_pool2d(const Tensor& input, LayerParams params) {
  return run_as(Op::kAvgPool2d, input, Tensor(), std::nullopt, params);
}
Result<Tensor> sum_pool1d(const Tensor& input, LayerParams params) {
  return run_as(Op::kSumPool1d, input, Tensor(), std::nullopt, params);
}
Result<Tensor> sum_pool2d(const Tensor& input, LayerParams params) {
  return run_as(Op::kSumPool2d, input, Tensor(), std::nullopt, params);
}

}  // namespace convstep
