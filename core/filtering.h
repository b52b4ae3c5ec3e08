// The filter playground's maths on top of the engine (core/ops.h): one 2-D kernel applied to every
// channel of an image tensor, the size kept by 'same' padding, cross-correlation or true convolution,
// kernel normalization, the display modes that turn filtered values into intensities or a signed
// diverging colour scale, and a region of the image as a Scene for the stepper.
//
// Applying a kernel is conv2d with groups = C (depthwise): weight (C, 1, kH, kW) holds the same
// kernel for each channel, no bias, stride 1, padding='same' with the chosen padding_mode. PyTorch's
// 'same' puts (k−1)//2 cells before and the rest after, per dimension: k//2 on both sides for odd k,
// one cell more on the bottom/right than on the top/left for even k.
#pragma once

#include <array>
#include <cstdint>
#include <optional>
#include <string>

#include "core/image.h"
#include "core/ops.h"
#include "core/result.h"
#include "core/scene.h"
#include "core/tensor.h"

namespace convstep {

// kCrossCorrelation slides the kernel as written (PyTorch's conv2d); kConvolution flips it left-right
// and top-bottom first, as the mathematical definition of convolution does.
enum class KernelOrientation { kCrossCorrelation, kConvolution };

const char* kernel_orientation_name(KernelOrientation orientation);  // "cross-correlation", "convolution"
// One line for the UI's toggle.
const char* kernel_orientation_explanation(KernelOrientation orientation);

// The kernel rotated by 180°: out[i][j] = kernel[kH−1−i][kW−1−j]. Accepts (kH, kW) only; anything
// else is returned unchanged (the callers validate first).
Tensor flip_kernel(const Tensor& kernel);
// The kernel the engine runs: flipped for kConvolution, as written for kCrossCorrelation. The padding
// stays PyTorch's 'same' either way, so an even kernel, flipped or not, has one more padding cell
// bottom/right than top/left.
Tensor oriented_kernel(const Tensor& kernel, KernelOrientation orientation);
// The kernel divided by the sum of its values, so a blur keeps the image's brightness. An error when
// the values sum to 0 (edge detectors: there is nothing to divide by) or are not finite.
Result<Tensor> normalize_kernel(const Tensor& kernel);

struct FilterSettings {
  Tensor kernel;  // (kH, kW), as the user edits it
  PaddingMode padding_mode = PaddingMode::kZeros;
  KernelOrientation orientation = KernelOrientation::kCrossCorrelation;
};

// The depthwise conv2d Scene described above, for a (C, H, W) image tensor.
Result<Scene> filter_scene(const Tensor& image, const FilterSettings& filter);
// run(filter_scene(...)): the filtered (C, H, W) image, the same size as the input. `options` picks the
// threads (default every core); the result is the same on any number.
Result<Tensor> apply_filter(const Tensor& image, const FilterSettings& filter,
                            const RunOptions& options = {});

// A crop of the image as a Scene for the stepper: the input holds the region's real values (input
// cell (c, i, j) is image pixel (c, region.y + i, region.x + j)), the weight the current kernel.
// With no padding given, padding='same' as in apply_filter: the output keeps the region's size and
// its inner cells (those whose window stays inside the region) equal the filtered image's pixels;
// the border cells see padding instead of the neighbouring pixels. An explicit padding (e.g. {0, 0})
// is used as given.
Result<Scene> region_scene(const Tensor& image, const Region& region, const FilterSettings& filter,
                           std::optional<Dims> padding = std::nullopt);
// The same region with the pixels around it, so that every output cell equals the filtered image:
// the input is the region grown by the 'same' padding (top/left (k−1)//2, bottom/right k//2 per
// dimension), input cell (c, i, j) being image pixel (c, region.y − (kH−1)//2 + i, region.x −
// (kW−1)//2 + j); where that falls outside the image it holds the value the padding_mode gives there.
// The Scene itself has padding 0, so the output is (C, region.h, region.w) and equals
// crop(apply_filter(image, filter), region) exactly.
Result<Scene> region_scene_with_neighbours(const Tensor& image, const Region& region,
                                           const FilterSettings& filter);

// ---- Display ----

// How filtered values become what the screen shows. Filtering makes values outside the image's range
// (negative edge responses, brightened sharpening); every mode but kClamp keeps negatives visible.
//   kClamp:    v / value_max clamped to [0, 1]; negative values become black.
//   kAbsolute: |v| / value_max clamped to [0, 1]; a negative edge is as bright as a positive one.
//   kRescale:  (v − min) / (max − min) over all channels; the darkest value becomes 0, the brightest 1.
//              A constant image (max = min) is shown as kClamp would show it.
//   kSigned:   v / scale clamped to [−1, 1] for a diverging colour scale, 0 staying 0.
enum class DisplayMode { kClamp, kAbsolute, kRescale, kSigned };

const char* display_mode_name(DisplayMode mode);         // "clamp", "absolute", "rescale", "signed"
const char* display_mode_explanation(DisplayMode mode);  // one line for the UI

struct DisplayOptions {
  DisplayMode mode = DisplayMode::kClamp;
  float value_max = 255.0f;  // the image's full scale: 255 or 1 (see PixelScale)
  // kSigned: the value shown at full colour. 0 = the largest |value| of the image, so the strongest
  // response reaches the ends of the scale.
  float signed_scale = 0.0f;
};

struct DisplayImage {
  DisplayMode mode = DisplayMode::kClamp;
  // Same shape as the filtered tensor. kClamp, kAbsolute, kRescale: [0, 1]; kSigned: [−1, 1].
  // NaN shows as 0; ±inf at the ends (and left out of kRescale's min and max).
  Tensor values;
  // For the legend: the filtered values shown at the ends of the scale (at 0 and 1, or at −1 and +1).
  float low = 0.0f;
  float high = 1.0f;
};

DisplayImage map_for_display(const Tensor& filtered, const DisplayOptions& options);

// The diverging scale for kSigned: −1 blue, 0 white, +1 red, linear in between (ColorBrewer RdBu's
// ends). Shared by the legend, the CPU image and the GPU shader so they agree.
std::array<uint8_t, 3> diverging_color(float signed_value);
// An 8-bit RGB image of a display tensor (C, H, W). C = 1 is grey, or for kSigned the diverging
// scale; C = 3 is colour, and for kSigned each channel shows 0.5 + 0.5·v (zero is mid-grey), since a
// diverging scale cannot carry three channels at once.
Result<Image> display_to_image(const DisplayImage& display);
// display_to_image(map_for_display(filtered, options)) in one pass, without the display tensor: the
// same pixels. `low` and `high` (when given) receive the legend's ends, as DisplayImage's.
Result<Image> filtered_image(const Tensor& filtered, const DisplayOptions& options, float* low = nullptr,
                             float* high = nullptr);

}  // namespace convstep
