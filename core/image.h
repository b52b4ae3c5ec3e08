// Images in convstep: loading PNG (libpng), JPEG (libjpeg-turbo), BMP, GIF (first frame) and TGA
// (stb_image) with a reason for every file that cannot be opened, conversion to the (C, H, W) tensor
// a CNN sees, area downscaling for display, crops, and atomic PNG export through stb_image_write.
#pragma once

#include <array>
#include <cstdint>
#include <string>
#include <vector>

#include "core/result.h"
#include "core/tensor.h"

namespace convstep {

enum class ImageFormat { kPng, kJpeg, kBmp, kGif, kTga };
const char* image_format_name(ImageFormat format);  // "PNG", "JPEG", ...

// An 8-bit image, rows top to bottom, channels interleaved (RGBRGB... or RGBARGBA...).
struct Image {
  int64_t width = 0;
  int64_t height = 0;
  int channels = 3;  // 3 = RGB, 4 = RGBA (only when some pixel is not fully opaque)
  std::vector<uint8_t> pixels;
  // Channels the file holds: 1 grey, 2 grey + alpha, 3 RGB, 4 RGBA (alpha counted only when some
  // pixel is not opaque). A grey file still loads as RGB (R = G = B) so every image has the same
  // layout; the UI may suggest luminance for it.
  int source_channels = 3;

  bool empty() const { return pixels.empty(); }
  uint8_t at(int64_t y, int64_t x, int c) const {
    return pixels[static_cast<size_t>((y * width + x) * channels + c)];
  }
  uint8_t& at(int64_t y, int64_t x, int c) {
    return pixels[static_cast<size_t>((y * width + x) * channels + c)];
  }
};

// What the header says, read before anything is decoded.
struct ImageInfo {
  ImageFormat format = ImageFormat::kPng;
  int64_t width = 0;
  int64_t height = 0;
  int source_channels = 0;  // from the header: 1 grey ... 4 RGBA (every GIF says 4; PNG tRNS is alpha)
};

// Images past these limits are refused from their header, before a byte of pixels is allocated.
struct ImageLimits {
  int64_t max_side = 16384;         // pixels, per side
  int64_t max_pixels = 40'000'000;  // width × height (40 megapixels)
  int64_t max_file_bytes = int64_t{512} << 20;
};

// Reads the header: the format from the file's signature, the size, and whether the file holds
// all the data the header promises; then the decoder's library reads the header too. Errors name
// `name` and say why: not an image of a supported format, empty, zero width or height, larger than
// the limits, truncated, damaged (with the library's reason). Nothing a file holds can crash it.
Result<ImageInfo> probe_image(const std::vector<uint8_t>& bytes, const std::string& name,
                              const ImageLimits& limits = {});
// probe_image, then decodes to RGB (or RGBA when the file has alpha). EXIF orientation is not
// applied: pixels come in the order the file stores them.
Result<Image> decode_image(const std::vector<uint8_t>& bytes, const std::string& name,
                           const ImageLimits& limits = {});
// decode_image of a file's contents; also explains a missing, unreadable or oversized file.
Result<Image> load_image(const std::string& path, const ImageLimits& limits = {});

// ---- Image → tensor ----

// kRgb gives 3 input channels (R, G, B), as a CNN sees a colour photo. The luminance modes give
// 1 channel: the luma of the stored (gamma-encoded) values, as PIL's convert("L") computes it
// (with Rec. 601 weights) and CNN pipelines feed it:
//   Rec. 601: Y = 0.299 R + 0.587 G + 0.114 B      Rec. 709: Y = 0.2126 R + 0.7152 G + 0.0722 B
// Alpha is ignored: a CNN's input has no alpha, and blending would invent values.
enum class ColorMode { kRgb, kLuminance601, kLuminance709 };
// k0To255 keeps the stored byte values; k0To1 divides them by 255 (torchvision's to_tensor).
enum class PixelScale { k0To255, k0To1 };

const char* color_mode_name(ColorMode mode);     // "RGB (3 channels)", "luminance (Rec. 601)", ...
const char* value_range_name(PixelScale range);  // "0-255", "0-1"
float value_range_max(PixelScale range);         // 255 or 1
int64_t color_mode_channels(ColorMode mode);     // 3 or 1
// The weights a luminance mode applies to R, G and B (they sum to 1); kRgb has none and gets zeros.
std::array<double, 3> luminance_weights(ColorMode mode);

// (C, H, W) with C = 3 for kRgb, 1 for luminance. With k0To1 each byte is divided by 255 first,
// then luminance is the weighted sum in R, G, B order (the order of the PyTorch lines below).
Tensor image_to_tensor(const Image& image, ColorMode mode, PixelScale range);
// The same conversion as PyTorch lines a learner can run, starting from a PIL image `img`, ending
// with `x` of shape (C, H, W).
std::vector<std::string> image_to_tensor_pytorch(ColorMode mode, PixelScale range);

// ---- Display and crops ----

// The largest size with the image's aspect ratio that fits max_width × max_height (never upscaled;
// at least 1 × 1). Returned as {height, width}.
std::array<int64_t, 2> fit_within(int64_t height, int64_t width, int64_t max_height, int64_t max_width);
// Area-average (box filter) resampling to out_height × out_width: every output pixel is the mean of
// the source area it covers, partial pixels weighted by coverage. Meant for shrinking.
Image resize_area(const Image& image, int64_t out_height, int64_t out_width);
// A (C, H, W) tensor resampled the same way, each channel on its own.
Tensor resize_area(const Tensor& chw, int64_t out_height, int64_t out_width);
// A display copy that fits max_height × max_width; the original stays untouched for export.
Image downscale_for_display(const Image& image, int64_t max_height, int64_t max_width);

// A rectangle of an image: top-left (y, x), height h, width w, in image pixels.
struct Region {
  int64_t y = 0, x = 0, h = 0, w = 0;
};
// Copies region from a (C, H, W) tensor; an error (with the numbers) when it leaves the tensor or is empty.
Result<Tensor> crop(const Tensor& chw, const Region& region);

// ---- PNG export ----

// A (C, H, W) tensor (C = 1, 3 or 4) as an 8-bit image: value / value_max, clamped to [0, 1], times 255,
// rounded. C = 1 becomes grey RGB. NaN becomes 0.
Result<Image> tensor_to_image(const Tensor& chw, float value_max);
// PNG bytes of an RGB or RGBA image.
Result<std::vector<uint8_t>> encode_png(const Image& image);
// Writes atomically: a temporary file beside `path`, renamed into place, so a failed or interrupted
// export never leaves a half-written PNG under the user's name.
Status write_png(const std::string& path, const Image& image);
Status write_png(const std::string& path, const Tensor& chw, float value_max);

}  // namespace convstep
