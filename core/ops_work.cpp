// Work counts and the refusals of core/ops_work.h. The suggestions search for the largest kernel or
// input that fits, keeping everything else (padding, stride, dilation, channels) as it is.
#include "core/ops_work.h"

#include <algorithm>
#include <cstdint>
#include <functional>
#include <string>
#include <utility>
#include <vector>

namespace convstep {

namespace {

int64_t saturating_product(std::initializer_list<int64_t> factors) {
  int64_t p = 1;
  for (int64_t f : factors) {
    if (__builtin_mul_overflow(p, f, &p)) return INT64_MAX;
  }
  return p;
}

// Output size along one dimension for a kernel k over an input n, with the scene's padding
// ('same' keeps n; ceil_mode counted as one more window, so a suggestion always fits).
int64_t out_size(const Scene& scene, const DimGeometry& d, int64_t n, int64_t k, bool ceil_mode) {
  if (scene.params.padding_kind == PaddingKind::kSame) return n;
  if (is_conv_transpose(scene.params.op))
    return std::max<int64_t>(0,
                             transposed_out_size(n, k, d.stride, d.pad_before, d.dilation, d.output_padding));
  const int64_t span = n + d.pad_before + d.pad_after - d.dilation * (k - 1) - 1;
  if (span < 0) return 0;
  return span / d.stride + 1 + (ceil_mode ? 1 : 0);
}

// Work with the given kernel and input sizes (height, width); the trivial height of 1-D ops stays 1.
Work work_with(const Scene& scene, const Geometry& g, int64_t kh, int64_t kw, int64_t h, int64_t w) {
  const bool conv = is_conv(g.op);
  const int64_t oh = g.dims == 2 ? out_size(scene, g.h, h, kh, g.ceil_mode) : 1;
  const int64_t ow = out_size(scene, g.w, w, kw, g.ceil_mode);
  const int64_t channels_read = conv ? g.in_channels_per_group() : 1;
  Work work;
  work.taps_per_step = saturating_product({channels_read, kh, kw});
  work.total = saturating_product({g.batch, g.out_channels, oh, ow, work.taps_per_step});
  return work;
}

bool fits(const Work& w, const WorkLimit& limit) {
  return w.total <= limit.total && w.taps_per_step <= limit.taps_per_step;
}

// The largest v in [1, hi] with fits_at(v), or 0 when none does (fits_at must be monotonic: true up to
// some v, false after).
int64_t largest_fitting(int64_t hi, const std::function<bool(int64_t)>& fits_at) {
  if (hi < 1 || !fits_at(1)) return 0;
  int64_t lo = 1;
  while (lo < hi) {
    const int64_t mid = lo + (hi - lo + 1) / 2;
    if (fits_at(mid)) {
      lo = mid;
    } else {
      hi = mid - 1;
    }
  }
  return lo;
}

}  // namespace

std::string grouped_number(int64_t n) {
  std::string digits = std::to_string(n);
  std::string out;
  const size_t first = digits[0] == '-' ? 1 : 0;
  for (size_t i = 0; i < digits.size(); ++i) {
    if (i > first && (digits.size() - i) % 3 == 0) out += ',';
    out += digits[i];
  }
  return out;
}

Work work_of(const Geometry& g) {
  const int64_t channels_read = is_conv(g.op) ? g.in_channels_per_group() : 1;
  Work work;
  work.taps_per_step = saturating_product({channels_read, g.h.kernel, g.w.kernel});
  work.total = saturating_product({g.output_count(), work.taps_per_step});
  return work;
}

std::string work_excess(const Geometry& g, const WorkLimit& limit) {
  const Work work = work_of(g);
  if (fits(work, limit)) return "";
  const bool conv = is_conv(g.op);
  const std::string unit = conv ? "multiply-adds" : "window reads";
  if (work.taps_per_step > limit.taps_per_step) {
    return "one step of this layer reads " + grouped_number(work.taps_per_step) + " taps (" +
           (conv && g.in_channels_per_group() > 1 ? std::to_string(g.in_channels_per_group()) + " channels × "
                                                  : std::string()) +
           std::to_string(g.h.kernel) + "×" + std::to_string(g.w.kernel) + "), more than the " +
           grouped_number(limit.taps_per_step) + " allowed here";
  }
  return "this layer needs " + grouped_number(work.total) + " " + unit + " (" +
         grouped_number(g.output_count()) + " outputs × " + grouped_number(work.taps_per_step) +
         " taps each), more than the " + grouped_number(limit.total) + " allowed here";
}

std::vector<std::string> work_tries(const Scene& scene, const Geometry& g, const WorkLimit& limit) {
  std::vector<std::string> tries;
  const Work work = work_of(g);
  if (fits(work, limit)) return tries;
  const int64_t k_max = std::max(g.h.kernel, g.w.kernel);
  const int64_t k = largest_fitting(k_max - 1, [&](int64_t c) {
    return fits(work_with(scene, g, std::min(g.h.kernel, c), std::min(g.w.kernel, c), g.h.in, g.w.in), limit);
  });
  if (k > 0) {
    const int64_t kh = std::min(g.h.kernel, k), kw = std::min(g.w.kernel, k);
    tries.push_back("kernel_size=" + (g.dims == 1 || kh == kw
                                          ? std::to_string(kw)
                                          : std::to_string(kh) + "," + std::to_string(kw)));
  }
  if (work.taps_per_step <= limit.taps_per_step) {
    // Shrink the input keeping its proportions; the kernel must still fit inside it.
    const int64_t lead = g.dims == 2 ? g.h.in : g.w.in;
    auto size_at = [&](int64_t v) {
      return g.dims == 2 ? std::pair<int64_t, int64_t>{v, std::max<int64_t>(1, g.w.in * v / g.h.in)}
                         : std::pair<int64_t, int64_t>{1, v};
    };
    const int64_t v = largest_fitting(lead - 1, [&](int64_t c) {
      const auto [h, w] = size_at(c);
      return fits(work_with(scene, g, g.h.kernel, g.w.kernel, h, w), limit);
    });
    const auto [h, w] = size_at(v);
    const bool valid = v > 0 && (g.dims == 1 || out_size(scene, g.h, h, g.h.kernel, false) > 0) &&
                       out_size(scene, g.w, w, g.w.kernel, false) > 0;
    if (valid)
      tries.push_back("input_size=" +
                      (g.dims == 2 ? std::to_string(h) + "x" + std::to_string(w) : std::to_string(w)));
  }
  return tries;
}

Status check_work(const Scene& scene, const Geometry& g, const WorkLimit& limit) {
  std::string message = work_excess(g, limit);
  if (message.empty()) return Ok{};
  const std::vector<std::string> tries = work_tries(scene, g, limit);
  if (!tries.empty()) {
    message += " — try " + tries[0];
    if (tries.size() > 1) message += " or " + tries[1];
  }
  return make_error(message);
}

}  // namespace convstep
