// The playground's filtering and display maths. Convolution itself is always the engine's (run()),
// so the playground, the gallery and the stepper show the same numbers.
#include "core/filtering.h"

#include <algorithm>
#include <cmath>
#include <limits>

#include "core/chunks.h"
#include "core/geometry.h"
#include "core/ops.h"

namespace convstep {

namespace {

std::string n(int64_t v) {
  return std::to_string(v);
}

std::optional<Error> check_kernel(const Tensor& kernel) {
  if (kernel.dim() != 2) {
    return make_error("the kernel must be a 2-D (kH, kW) matrix, not a tensor of shape " +
                      kernel.shape_string());
  }
  if (kernel.size(0) < 1 || kernel.size(1) < 1) {
    return make_error("the kernel is " + n(kernel.size(0)) + "\u00d7" + n(kernel.size(1)) +
                      ": it needs at least one row and one column");
  }
  return std::nullopt;
}

std::optional<Error> check_image(const Tensor& image) {
  if (image.dim() != 3) {
    return make_error("the image must be a (C, H, W) tensor, not one of shape " + image.shape_string());
  }
  if (image.empty()) return make_error("the image " + image.shape_string() + " has no pixels");
  return std::nullopt;
}

// Depthwise conv2d: the same oriented kernel for every channel.
Scene depthwise_scene(Tensor input, const FilterSettings& filter) {
  const int64_t channels = input.size(0);
  const Tensor kernel = oriented_kernel(filter.kernel, filter.orientation);
  const int64_t kh = kernel.size(0), kw = kernel.size(1);
  Tensor weight({channels, 1, kh, kw});
  for (int64_t c = 0; c < channels; ++c) std::copy_n(kernel.data(), kh * kw, weight.data() + c * kh * kw);
  Scene scene;
  scene.params.op = Op::kConv2d;
  scene.params.stride = {1, 1};
  scene.params.dilation = {1, 1};
  scene.params.padding_kind = PaddingKind::kSame;
  scene.params.padding = {0, 0};
  scene.params.groups = channels;
  scene.params.padding_mode = filter.padding_mode;
  scene.input = std::move(input);
  scene.weight = std::move(weight);
  return scene;
}

}  // namespace

const char* kernel_orientation_name(KernelOrientation orientation) {
  return orientation == KernelOrientation::kCrossCorrelation ? "cross-correlation" : "convolution";
}

const char* kernel_orientation_explanation(KernelOrientation orientation) {
  if (orientation == KernelOrientation::kCrossCorrelation) {
    return "Cross-correlation, what PyTorch's conv2d computes: the kernel slides over the image as written.";
  }
  return "True convolution: the kernel is flipped left-right and top-bottom before it slides (no change for "
         "symmetric kernels).";
}

Tensor flip_kernel(const Tensor& kernel) {
  if (kernel.dim() != 2) return kernel;
  Tensor out(kernel.shape());
  const int64_t numel = kernel.numel();
  // Reversing the row-major order reverses both the rows and the columns.
  for (int64_t i = 0; i < numel; ++i) out.data()[i] = kernel.data()[numel - 1 - i];
  return out;
}

Tensor oriented_kernel(const Tensor& kernel, KernelOrientation orientation) {
  return orientation == KernelOrientation::kConvolution ? flip_kernel(kernel) : kernel;
}

Result<Tensor> normalize_kernel(const Tensor& kernel) {
  if (auto e = check_kernel(kernel)) return *e;
  double sum = 0, magnitude = 0;
  for (float v : kernel.values()) {
    if (!std::isfinite(v)) {
      return make_error("cannot normalize a kernel holding " + format_value(v) +
                        ": every value must be a number");
    }
    sum += v;
    magnitude += std::fabs(v);
  }
  // A sum that is only rounding noise (e.g. 0.1 + 0.2 − 0.3) is zero too: dividing by it would blow
  // the kernel up by millions.
  if (sum == 0 || std::fabs(sum) <= 1e-6 * magnitude) {
    return make_error("cannot normalize this kernel: its values sum to " +
                      format_value(static_cast<float>(sum)) +
                      ", and normalizing divides every value by the sum (kernels that sum to 0, like edge "
                      "detectors, respond to change and give 0 on flat areas)");
  }
  Tensor out(kernel.shape());
  const auto divisor = static_cast<float>(sum);
  for (int64_t i = 0; i < kernel.numel(); ++i) out.data()[i] = kernel.data()[i] / divisor;
  return out;
}

Result<Scene> filter_scene(const Tensor& image, const FilterSettings& filter) {
  if (auto e = check_image(image)) return *e;
  if (auto e = check_kernel(filter.kernel)) return *e;
  Scene scene = depthwise_scene(image, filter);
  if (Result<Geometry> g = resolve_geometry(scene); !g) return g.error();
  return scene;
}

Result<Tensor> apply_filter(const Tensor& image, const FilterSettings& filter, const RunOptions& options) {
  Result<Scene> scene = filter_scene(image, filter);
  if (!scene) return scene.error();
  return run(*scene, options);
}

Result<Scene> region_scene(const Tensor& image, const Region& region, const FilterSettings& filter,
                           std::optional<Dims> padding) {
  if (auto e = check_image(image)) return *e;
  if (auto e = check_kernel(filter.kernel)) return *e;
  Result<Tensor> input = crop(image, region);
  if (!input) return input.error();
  Scene scene = depthwise_scene(std::move(*input), filter);
  if (padding) {
    scene.params.padding_kind = PaddingKind::kExplicit;
    scene.params.padding = *padding;
  }
  if (Result<Geometry> g = resolve_geometry(scene); !g) return g.error();
  return scene;
}

Result<Scene> region_scene_with_neighbours(const Tensor& image, const Region& region,
                                           const FilterSettings& filter) {
  // The whole image's filter must be valid (reflect needs padding < size), and so must the region.
  Result<Scene> whole = filter_scene(image, filter);
  if (!whole) return whole.error();
  if (Result<Tensor> inside = crop(image, region); !inside) return inside.error();
  const int64_t channels = image.size(0), height = image.size(1), width = image.size(2);
  const int64_t kh = filter.kernel.size(0), kw = filter.kernel.size(1);
  const int64_t top = (kh - 1) / 2, left = (kw - 1) / 2;
  const int64_t in_h = region.h + kh - 1, in_w = region.w + kw - 1;
  Tensor input({channels, in_h, in_w});
  // In the whole image's padded coordinates the window of output row y starts at row y, so the
  // grown region starts at padded (region.y, region.x); the engine's own rule maps it to the image.
  for (int64_t i = 0; i < in_h; ++i) {
    const int64_t sy = padded_source_index(region.y + i, height, top, filter.padding_mode);
    for (int64_t j = 0; j < in_w; ++j) {
      const int64_t sx = padded_source_index(region.x + j, width, left, filter.padding_mode);
      for (int64_t c = 0; c < channels; ++c) {
        input.at({c, i, j}) = sy < 0 || sx < 0 ? 0.0f : image.at({c, sy, sx});
      }
    }
  }
  Scene scene = depthwise_scene(std::move(input), filter);
  scene.params.padding_kind = PaddingKind::kExplicit;
  scene.params.padding = {0, 0};
  if (Result<Geometry> g = resolve_geometry(scene); !g) return g.error();
  return scene;
}

// ---- Display ----

const char* display_mode_name(DisplayMode mode) {
  switch (mode) {
    case DisplayMode::kClamp:
      return "clamp";
    case DisplayMode::kAbsolute:
      return "absolute";
    case DisplayMode::kRescale:
      return "rescale";
    case DisplayMode::kSigned:
      return "signed";
  }
  return "?";
}

const char* display_mode_explanation(DisplayMode mode) {
  switch (mode) {
    case DisplayMode::kClamp:
      return "Values outside the image's range are cut off: negative responses show as black.";
    case DisplayMode::kAbsolute:
      return "The size of each value, ignoring its sign: negative and positive edges both show bright.";
    case DisplayMode::kRescale:
      return "The smallest value becomes black and the largest white, whatever their range.";
    case DisplayMode::kSigned:
      return "Negative values blue, zero white, positive values red.";
  }
  return "";
}

namespace {

// A photo's worth of values is mapped on every core: element-wise work, the same bits on any split.
constexpr int64_t kElementsPerThread = int64_t{1} << 18;

int threads_for(int64_t count) {
  return static_cast<int>(std::clamp<int64_t>(count / kElementsPerThread, 1, default_thread_count()));
}

struct Span {
  float lo = std::numeric_limits<float>::infinity(), hi = -std::numeric_limits<float>::infinity();
  float largest = 0;
};

// The finite values' least, greatest and largest magnitude, written so that the compiler can vectorize it.
Span finite_span(const float* src, int64_t count) {
  std::vector<Span> parts(static_cast<size_t>(threads_for(count)));
  for_each_chunk(count, static_cast<int>(parts.size()), [&](int chunk, int64_t begin, int64_t end) {
    Span s;
    for (int64_t i = begin; i < end; ++i) {
      const float x = src[i], a = std::fabs(x);
      const bool finite = a <= std::numeric_limits<float>::max();  // false for ±∞ and NaN
      s.lo = finite && x < s.lo ? x : s.lo;
      s.hi = finite && x > s.hi ? x : s.hi;
      s.largest = finite && a > s.largest ? a : s.largest;
    }
    parts[static_cast<size_t>(chunk)] = s;
  });
  Span all;
  for (const Span& s : parts) {
    all.lo = std::min(all.lo, s.lo);
    all.hi = std::max(all.hi, s.hi);
    all.largest = std::max(all.largest, s.largest);
  }
  return all;
}

// How a display mode maps a filtered value to the unit scale ([0, 1], or [−1, 1] for kSigned), with
// the values shown at the scale's ends.
struct UnitMap {
  DisplayMode mode = DisplayMode::kClamp;
  float full = 255, lo = 0, range = 1, scale = 1;
  float low = 0, high = 1;
};

UnitMap unit_map(const Tensor& filtered, const DisplayOptions& options) {
  UnitMap m;
  m.full = options.value_max > 0 && std::isfinite(options.value_max) ? options.value_max : 255.0f;
  // Only the rescaled and the signed views depend on the values' span.
  const bool given_scale = options.signed_scale > 0 && std::isfinite(options.signed_scale);
  const bool needs_span =
      options.mode == DisplayMode::kRescale || (options.mode == DisplayMode::kSigned && !given_scale);
  const Span span = needs_span ? finite_span(filtered.data(), filtered.numel()) : Span{};
  m.mode = options.mode;
  if (m.mode == DisplayMode::kRescale && !(span.hi > span.lo)) m.mode = DisplayMode::kClamp;
  switch (m.mode) {
    case DisplayMode::kClamp:
    case DisplayMode::kAbsolute:
      m.low = 0;
      m.high = m.full;
      break;
    case DisplayMode::kRescale:
      m.lo = span.lo;
      m.range = span.hi - span.lo;
      m.low = span.lo;
      m.high = span.hi;
      break;
    case DisplayMode::kSigned:
      m.scale = given_scale ? options.signed_scale : span.largest;
      if (!(m.scale > 0)) m.scale = m.full;  // all zero: any scale shows zeros
      m.low = -m.scale;
      m.high = m.scale;
      break;
  }
  return m;
}

// Calls body(f) with f(v) the unit value of a filtered value v (not NaN), one function per mode, so
// the loops inside body compile without a branch on the mode.
template <class Body>
void with_unit(const UnitMap& m, const Body& body) {
  switch (m.mode) {
    case DisplayMode::kClamp:
      return body([full = m.full](float v) { return std::clamp(v / full, 0.0f, 1.0f); });
    case DisplayMode::kAbsolute:
      return body([full = m.full](float v) { return std::min(std::fabs(v) / full, 1.0f); });
    case DisplayMode::kRescale:
      return body([lo = m.lo, range = m.range](float v) { return std::clamp((v - lo) / range, 0.0f, 1.0f); });
    case DisplayMode::kSigned:
      return body([scale = m.scale](float v) { return std::clamp(v / scale, -1.0f, 1.0f); });
  }
}

// A unit value as an 8-bit channel: NaN as 0, clamped to [0, 1], rounded.
uint8_t unit_byte(float unit) {
  const float u = std::isnan(unit) ? 0.0f : std::clamp(unit, 0.0f, 1.0f);
  return static_cast<uint8_t>(u * 255.0f + 0.5f);
}

// The (C, H, W) shape an image can be made of: C = 1 or 3; 0 channels otherwise.
struct Planes {
  int64_t channels = 0, height = 0, width = 0;
};

Planes planes_of(const Tensor& v) {
  const int64_t channels = v.dim() == 2 ? 1 : v.dim() == 3 ? v.size(0) : 0;
  const int64_t height = v.dim() >= 2 ? v.size(-2) : 0, width = v.dim() >= 2 ? v.size(-1) : 0;
  if ((channels != 1 && channels != 3) || height < 1 || width < 1) return {};
  return {channels, height, width};
}

Error no_image_of(const Tensor& v) {
  return make_error("only a (1, H, W) or (3, H, W) display tensor can become an image, not one of shape " +
                    v.shape_string());
}

// Writes the RGB pixels of unit values: unit(c, i) is channel c's unit value at pixel i.
template <class Unit>
Image image_of_units(const Planes& p, bool is_signed, const Unit& unit) {
  const int64_t plane = p.height * p.width;
  Image image;
  image.height = p.height;
  image.width = p.width;
  image.channels = 3;
  image.source_channels = static_cast<int>(p.channels);
  image.pixels.resize(static_cast<size_t>(plane * 3));
  uint8_t* pixels = image.pixels.data();
  const int64_t channel_of[3] = {0, p.channels == 1 ? 0 : 1, p.channels == 1 ? 0 : 2};
  for_each_chunk(plane, threads_for(plane * 3), [&](int, int64_t begin, int64_t end) {
    uint8_t* dst = pixels + begin * 3;
    if (p.channels == 1 && is_signed) {
      for (int64_t i = begin; i < end; ++i, dst += 3) {
        const std::array<uint8_t, 3> rgb = diverging_color(unit(0, i));
        std::copy(rgb.begin(), rgb.end(), dst);
      }
      return;
    }
    // A block of pixels at a time: each channel's bytes in a contiguous loop (which vectorizes), then
    // interleaved as RGB.
    constexpr int64_t kBlock = 256;
    uint8_t bytes[3][kBlock];
    for (int64_t first = begin; first < end; first += kBlock) {
      const int64_t n = std::min(kBlock, end - first);
      for (int64_t c = 0; c < p.channels; ++c) {
        uint8_t* out = bytes[c];
        if (is_signed) {
          for (int64_t j = 0; j < n; ++j) out[j] = unit_byte(0.5f + 0.5f * unit(c, first + j));
        } else {
          for (int64_t j = 0; j < n; ++j) out[j] = unit_byte(unit(c, first + j));
        }
      }
      for (int64_t j = 0; j < n; ++j, dst += 3) {
        dst[0] = bytes[channel_of[0]][j];
        dst[1] = bytes[channel_of[1]][j];
        dst[2] = bytes[channel_of[2]][j];
      }
    }
  });
  return image;
}

}  // namespace

DisplayImage map_for_display(const Tensor& filtered, const DisplayOptions& options) {
  const UnitMap m = unit_map(filtered, options);
  DisplayImage out;
  out.mode = options.mode;
  out.values = Tensor(filtered.shape());
  out.low = m.low;
  out.high = m.high;
  const float* src = filtered.data();
  float* dst = out.values.data();
  const int64_t count = filtered.numel();
  // NaN (not computed) shows as 0.
  with_unit(m, [&](auto f) {
    for_each_chunk(count, threads_for(count), [&](int, int64_t begin, int64_t end) {
      for (int64_t i = begin; i < end; ++i) {
        const float v = src[i];
        dst[i] = v != v ? 0.0f : f(v);
      }
    });
  });
  return out;
}

Result<Image> filtered_image(const Tensor& filtered, const DisplayOptions& options, float* low, float* high) {
  const Planes p = planes_of(filtered);
  if (p.channels == 0) return no_image_of(filtered);
  const UnitMap m = unit_map(filtered, options);
  if (low) *low = m.low;
  if (high) *high = m.high;
  const float* src = filtered.data();
  const int64_t plane = p.height * p.width;
  Image image;
  with_unit(m, [&](auto f) {
    image = image_of_units(p, options.mode == DisplayMode::kSigned, [&](int64_t c, int64_t i) {
      const float v = src[c * plane + i];
      return v != v ? 0.0f : f(v);
    });
  });
  return image;
}

std::array<uint8_t, 3> diverging_color(float signed_value) {
  constexpr std::array<float, 3> kWhite = {255, 255, 255};
  constexpr std::array<float, 3> kNegative = {33, 102, 172};
  constexpr std::array<float, 3> kPositive = {178, 24, 43};
  const float t = std::isnan(signed_value) ? 0.0f : std::clamp(signed_value, -1.0f, 1.0f);
  const std::array<float, 3>& end = t < 0 ? kNegative : kPositive;
  const float a = std::fabs(t);
  std::array<uint8_t, 3> rgb{};
  for (size_t i = 0; i < 3; ++i)
    rgb[i] = static_cast<uint8_t>(std::lround(kWhite[i] + a * (end[i] - kWhite[i])));
  return rgb;
}

Result<Image> display_to_image(const DisplayImage& display) {
  const Planes p = planes_of(display.values);
  if (p.channels == 0) return no_image_of(display.values);
  const float* values = display.values.data();
  const int64_t plane = p.height * p.width;
  return image_of_units(p, display.mode == DisplayMode::kSigned,
                        [&](int64_t c, int64_t i) { return values[c * plane + i]; });
}

}  // namespace convstep
