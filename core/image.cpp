// Image loading, conversion and export. JPEG is decoded by libjpeg-turbo and PNG by libpng
// (core/image_jpeg.cpp, core/image_png.cpp); stb_image, which is not safe on crafted JPEGs, decodes
// only BMP, GIF and TGA. stb_image also decodes a truncated file into grey or black pixels and checks
// sizes only against its own limits, so the header of each format is read here first: signature,
// size and whether the file holds all the data the header promises. Only then does a decoder run.
#include "core/image.h"

#include "core/atomic_write.h"
#include "core/image_checks.h"
#include "core/image_decoders.h"

#include <stb_image.h>
#include <stb_image_write.h>

#include <algorithm>
#include <cerrno>
#include <climits>
#include <cmath>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <optional>
#include <system_error>

namespace convstep {

namespace {

using image_checks::fail;
using image_checks::Header;
using image_checks::n;
using image_checks::size_text;

// stb_image's reason for its last failure on this thread; it can be missing when built without reasons.
std::string stb_reason() {
  const char* reason = stbi_failure_reason();
  return reason != nullptr ? reason : "no reason given";
}

// stb_image reports every GIF as RGBA; alpha that is 255 everywhere carries nothing, so drop it.
void drop_opaque_alpha(Image& image) {
  if (image.channels != 4) return;
  for (size_t i = 3; i < image.pixels.size(); i += 4) {
    if (image.pixels[i] != 255) return;
  }
  size_t out = 0;
  for (size_t i = 0; i < image.pixels.size(); ++i) {
    if (i % 4 != 3) image.pixels[out++] = image.pixels[i];
  }
  image.pixels.resize(out);
  image.channels = 3;
  image.source_channels = image.source_channels <= 2 ? 1 : 3;
}

// BMP, GIF and TGA, which probe_image has already checked.
Result<Image> decode_with_stb(const std::vector<uint8_t>& bytes, const std::string& name,
                              const ImageInfo& info) {
  // Another part of the program may flip images for OpenGL; convstep's images are top row first.
  stbi_set_flip_vertically_on_load_thread(0);
  const bool alpha = info.source_channels == 2 || info.source_channels == 4;
  int width = 0, height = 0, channels = 0;
  stbi_uc* data = stbi_load_from_memory(bytes.data(), static_cast<int>(bytes.size()), &width, &height,
                                        &channels, alpha ? 4 : 3);
  if (data == nullptr) {
    return fail(name, std::string("cannot decode this ") + image_format_name(info.format) +
                          " file (stb_image: " + stb_reason() + ")");
  }
  Image image;
  image.width = width;
  image.height = height;
  image.channels = alpha ? 4 : 3;
  image.source_channels = channels;
  image.pixels.assign(data, data + static_cast<size_t>(width) * static_cast<size_t>(height) * image.channels);
  stbi_image_free(data);
  return image;
}

Result<std::vector<uint8_t>> read_file(const std::string& path, const ImageLimits& limits) {
  namespace fs = std::filesystem;
  std::error_code ec;
  const fs::file_status status = fs::status(path, ec);
  if (status.type() == fs::file_type::not_found) return fail(path, "no such file");
  if (ec) return fail(path, "cannot be read: " + ec.message());
  if (fs::is_directory(status)) return fail(path, "is a folder, not an image file");
  if (!fs::is_regular_file(status)) return fail(path, "is not a regular file");
  const uintmax_t size = fs::file_size(path, ec);
  if (ec) return fail(path, "cannot be read: " + ec.message());
  if (size > static_cast<uintmax_t>(limits.max_file_bytes)) {
    return fail(path, "the file is " + size_text(static_cast<int64_t>(size)) +
                          "; convstep opens image files up to " + size_text(limits.max_file_bytes));
  }
  std::FILE* file = std::fopen(path.c_str(), "rb");
  if (file == nullptr) return fail(path, std::string("cannot be read: ") + std::strerror(errno));
  std::vector<uint8_t> bytes(static_cast<size_t>(size));
  const size_t got = bytes.empty() ? 0 : std::fread(bytes.data(), 1, bytes.size(), file);
  const bool error = std::ferror(file) != 0;
  std::fclose(file);
  if (error) return fail(path, "reading the file failed");
  bytes.resize(got);  // the file may have shrunk meanwhile; probing sees what was read
  return bytes;
}

}  // namespace

const char* image_format_name(ImageFormat format) {
  switch (format) {
    case ImageFormat::kPng:
      return "PNG";
    case ImageFormat::kJpeg:
      return "JPEG";
    case ImageFormat::kBmp:
      return "BMP";
    case ImageFormat::kGif:
      return "GIF";
    case ImageFormat::kTga:
      return "TGA";
  }
  return "?";
}

Result<ImageInfo> probe_image(const std::vector<uint8_t>& bytes, const std::string& name,
                              const ImageLimits& limits) {
  if (bytes.empty()) return fail(name, "the file is empty (0 bytes)");
  if (bytes.size() > static_cast<size_t>(limits.max_file_bytes) ||
      bytes.size() > static_cast<size_t>(INT_MAX)) {
    return fail(name, "the file is " + size_text(static_cast<int64_t>(bytes.size())) +
                          "; convstep opens image files up to " + size_text(limits.max_file_bytes));
  }
  const std::optional<ImageFormat> format = image_checks::detect_format(bytes);
  if (!format) {
    const std::string what = image_checks::recognise_other(bytes);
    if (!what.empty())
      return fail(name, "is " + what + "; convstep opens PNG, JPEG, BMP, GIF and TGA images");
    return fail(name,
                "not an image convstep can open: its first bytes match none of PNG, JPEG, BMP, GIF or TGA");
  }
  const char* format_name = image_format_name(*format);
  Result<Header> header = image_checks::read_header(*format, bytes, name);
  if (!header) return header.error();
  if (Status size = image_checks::check_size(format_name, *header, name, limits); !size) return size.error();
  const std::optional<std::string> cut = image_checks::find_truncation(*format, bytes, *header);
  if (cut) return fail(name, "truncated: " + *cut);

  ImageInfo info;
  info.format = *format;
  if (*format == ImageFormat::kJpeg || *format == ImageFormat::kPng) {
    Result<image_decoders::HeaderInfo> read = *format == ImageFormat::kJpeg
                                                  ? image_decoders::read_jpeg_header(bytes, name, limits)
                                                  : image_decoders::read_png_header(bytes, name, limits);
    if (!read) return read.error();
    info.width = read->width;
    info.height = read->height;
    info.source_channels = read->source_channels;
    return info;
  }
  int width = 0, height = 0, channels = 0;
  if (stbi_info_from_memory(bytes.data(), static_cast<int>(bytes.size()), &width, &height, &channels) == 0) {
    return fail(name, std::string("damaged or unsupported ") + format_name +
                          " file (stb_image: " + stb_reason() + ")");
  }
  // stb_image's own reading of the header must fit the limits too, before it allocates.
  if (Status size = image_checks::check_size(format_name, {width, height}, name, limits); !size)
    return size.error();
  info.width = width;
  info.height = height;
  info.source_channels = channels;
  return info;
}

Result<Image> decode_image(const std::vector<uint8_t>& bytes, const std::string& name,
                           const ImageLimits& limits) {
  Result<ImageInfo> info = probe_image(bytes, name, limits);
  if (!info) return info.error();
  Result<Image> image = info->format == ImageFormat::kJpeg  ? image_decoders::decode_jpeg(bytes, name, limits)
                        : info->format == ImageFormat::kPng ? image_decoders::decode_png(bytes, name, limits)
                                                            : decode_with_stb(bytes, name, *info);
  if (!image) return image.error();
  drop_opaque_alpha(*image);
  return image;
}

Result<Image> load_image(const std::string& path, const ImageLimits& limits) {
  Result<std::vector<uint8_t>> bytes = read_file(path, limits);
  if (!bytes) return bytes.error();
  return decode_image(*bytes, path, limits);
}

// ---- Image → tensor ----

const char* color_mode_name(ColorMode mode) {
  switch (mode) {
    case ColorMode::kRgb:
      return "RGB (3 channels)";
    case ColorMode::kLuminance601:
      return "luminance (Rec. 601)";
    case ColorMode::kLuminance709:
      return "luminance (Rec. 709)";
  }
  return "?";
}

const char* value_range_name(PixelScale range) {
  return range == PixelScale::k0To255 ? "0-255" : "0-1";
}

float value_range_max(PixelScale range) {
  return range == PixelScale::k0To255 ? 255.0f : 1.0f;
}

int64_t color_mode_channels(ColorMode mode) {
  return mode == ColorMode::kRgb ? 3 : 1;
}

std::array<double, 3> luminance_weights(ColorMode mode) {
  switch (mode) {
    case ColorMode::kLuminance601:
      return {0.299, 0.587, 0.114};
    case ColorMode::kLuminance709:
      return {0.2126, 0.7152, 0.0722};
    case ColorMode::kRgb:
      break;
  }
  return {0.0f, 0.0f, 0.0f};
}

Tensor image_to_tensor(const Image& image, ColorMode mode, PixelScale range) {
  const int64_t h = image.height, w = image.width, plane = h * w, stride = image.channels;
  Tensor out({color_mode_channels(mode), h, w});
  // Dividing by 1 is exact, so one code path serves both ranges; as in image_to_tensor_pytorch's lines,
  // the arithmetic is in double and rounded once to float.
  const double divisor = range == PixelScale::k0To1 ? 255.0 : 1.0;
  const uint8_t* px = image.pixels.data();
  float* dst = out.data();
  if (mode == ColorMode::kRgb) {
    for (int64_t c = 0; c < 3; ++c) {
      for (int64_t i = 0; i < plane; ++i)
        dst[c * plane + i] = static_cast<float>(px[i * stride + c] / divisor);
    }
    return out;
  }
  // In double, rounded once to float: a grey pixel's luminance is its grey value exactly (218, not the
  // 218.00002 a float sum of the three weighted channels gives), so the grids show what the script prints.
  const std::array<double, 3> k = luminance_weights(mode);
  for (int64_t i = 0; i < plane; ++i) {
    const double sum = px[i * stride] * k[0] + px[i * stride + 1] * k[1] + px[i * stride + 2] * k[2];
    dst[i] = static_cast<float>(sum / divisor);
  }
  return out;
}

std::vector<std::string> image_to_tensor_pytorch(ColorMode mode, PixelScale range) {
  std::vector<std::string> lines;
  lines.push_back(
      "x = torch.from_numpy(numpy.array(img.convert(\"RGB\"))).permute(2, 0, 1).double()  # (3, H, W), "
      "values "
      "0-255");
  if (mode != ColorMode::kRgb) {
    const std::array<double, 3> k = luminance_weights(mode);
    char buf[200];
    std::snprintf(
        buf, sizeof buf,
        "x = (x * torch.tensor([%g, %g, %g], dtype=torch.float64).view(3, 1, 1)).sum(0, keepdim=True)  # "
        "%s: (1, H, W)",
        k[0], k[1], k[2], color_mode_name(mode));
    lines.emplace_back(buf);
  }
  if (range == PixelScale::k0To1)
    lines.push_back("x = x / 255  # values 0-1, as torchvision's to_tensor gives");
  lines.push_back("x = x.float()  # rounded once to float32, as convstep does");
  return lines;
}

// ---- Display and crops ----

std::array<int64_t, 2> fit_within(int64_t height, int64_t width, int64_t max_height, int64_t max_width) {
  height = std::max<int64_t>(height, 1);
  width = std::max<int64_t>(width, 1);
  max_height = std::max<int64_t>(max_height, 1);
  max_width = std::max<int64_t>(max_width, 1);
  if (height <= max_height && width <= max_width) return {height, width};
  const double scale = std::min(static_cast<double>(max_height) / static_cast<double>(height),
                                static_cast<double>(max_width) / static_cast<double>(width));
  const auto scaled = [&](int64_t v, int64_t limit) {
    return std::clamp<int64_t>(std::llround(static_cast<double>(v) * scale), 1, limit);
  };
  return {scaled(height, max_height), scaled(width, max_width)};
}

namespace {

// For one axis: which source cells each output cell covers and by how much (weights sum to 1).
struct Coverage {
  int64_t first = 0;
  std::vector<double> weights;
};

std::vector<Coverage> area_coverage(int64_t in, int64_t out) {
  std::vector<Coverage> cells(static_cast<size_t>(out));
  const double scale = static_cast<double>(in) / static_cast<double>(out);
  for (int64_t o = 0; o < out; ++o) {
    const double a = static_cast<double>(o) * scale, b = static_cast<double>(o + 1) * scale;
    Coverage& c = cells[static_cast<size_t>(o)];
    c.first = std::min(static_cast<int64_t>(std::floor(a)), in - 1);
    const int64_t last = std::clamp(static_cast<int64_t>(std::ceil(b)), c.first + 1, in);
    for (int64_t i = c.first; i < last; ++i) {
      const double overlap = std::min(b, static_cast<double>(i + 1)) - std::max(a, static_cast<double>(i));
      c.weights.push_back(std::max(overlap, 0.0) / scale);
    }
  }
  return cells;
}

// Resamples one plane whose pixel (y, x) is src[(y * in_w + x) * stride] to out_h × out_w floats:
// columns first, then rows. Accumulates in double so a 16384-wide average stays exact to 1/255.
template <class T>
void resample_plane(const T* src, int64_t stride, int64_t in_h, int64_t in_w,
                    const std::vector<Coverage>& rows, const std::vector<Coverage>& cols, float* dst) {
  const auto out_h = static_cast<int64_t>(rows.size()), out_w = static_cast<int64_t>(cols.size());
  std::vector<double> wide(static_cast<size_t>(in_h * out_w));
  for (int64_t y = 0; y < in_h; ++y) {
    const T* row = src + y * in_w * stride;
    double* w = wide.data() + y * out_w;
    for (int64_t x = 0; x < out_w; ++x) {
      const Coverage& c = cols[static_cast<size_t>(x)];
      double acc = 0;
      for (size_t i = 0; i < c.weights.size(); ++i) {
        acc += static_cast<double>(row[(c.first + static_cast<int64_t>(i)) * stride]) * c.weights[i];
      }
      w[x] = acc;
    }
  }
  std::vector<double> acc(static_cast<size_t>(out_w));
  for (int64_t y = 0; y < out_h; ++y) {
    const Coverage& c = rows[static_cast<size_t>(y)];
    std::fill(acc.begin(), acc.end(), 0.0);
    for (size_t i = 0; i < c.weights.size(); ++i) {
      const double* w = wide.data() + (c.first + static_cast<int64_t>(i)) * out_w;
      for (int64_t x = 0; x < out_w; ++x) acc[static_cast<size_t>(x)] += w[x] * c.weights[i];
    }
    for (int64_t x = 0; x < out_w; ++x) dst[y * out_w + x] = static_cast<float>(acc[static_cast<size_t>(x)]);
  }
}

}  // namespace

Image resize_area(const Image& image, int64_t out_height, int64_t out_width) {
  Image out;
  out.channels = image.channels;
  out.source_channels = image.source_channels;
  if (image.empty()) return out;
  out_height = std::max<int64_t>(out_height, 1);
  out_width = std::max<int64_t>(out_width, 1);
  const std::vector<Coverage> rows = area_coverage(image.height, out_height);
  const std::vector<Coverage> cols = area_coverage(image.width, out_width);
  const int64_t c = image.channels, out_plane = out_width * out_height;
  out.width = out_width;
  out.height = out_height;
  out.pixels.resize(static_cast<size_t>(c * out_plane));
  std::vector<float> plane(static_cast<size_t>(out_plane));
  for (int64_t k = 0; k < c; ++k) {
    resample_plane(image.pixels.data() + k, c, image.height, image.width, rows, cols, plane.data());
    for (int64_t i = 0; i < out_plane; ++i) {
      const float v = std::clamp(plane[static_cast<size_t>(i)], 0.0f, 255.0f);
      out.pixels[static_cast<size_t>(i * c + k)] = static_cast<uint8_t>(v + 0.5f);
    }
  }
  return out;
}

Tensor resize_area(const Tensor& chw, int64_t out_height, int64_t out_width) {
  if (chw.dim() != 3 || chw.empty()) return chw;
  out_height = std::max<int64_t>(out_height, 1);
  out_width = std::max<int64_t>(out_width, 1);
  const int64_t h = chw.size(1), w = chw.size(2);
  const std::vector<Coverage> rows = area_coverage(h, out_height);
  const std::vector<Coverage> cols = area_coverage(w, out_width);
  Tensor out({chw.size(0), out_height, out_width});
  for (int64_t k = 0; k < chw.size(0); ++k) {
    resample_plane(chw.data() + k * h * w, 1, h, w, rows, cols, out.data() + k * out_height * out_width);
  }
  return out;
}

Image downscale_for_display(const Image& image, int64_t max_height, int64_t max_width) {
  const std::array<int64_t, 2> size = fit_within(image.height, image.width, max_height, max_width);
  if (size[0] == image.height && size[1] == image.width) return image;
  return resize_area(image, size[0], size[1]);
}

Result<Tensor> crop(const Tensor& chw, const Region& r) {
  if (chw.dim() != 3) {
    return make_error("a region can only be cut from a (C, H, W) image tensor, not one of shape " +
                      chw.shape_string());
  }
  const int64_t c = chw.size(0), h = chw.size(1), w = chw.size(2);
  const std::string region =
      "the region (y=" + n(r.y) + ", x=" + n(r.x) + ", h=" + n(r.h) + ", w=" + n(r.w) + ")";
  if (r.h < 1 || r.w < 1)
    return make_error(region + " is empty: it needs a height and a width of at least 1");
  if (r.y < 0 || r.x < 0 || r.y > h - r.h || r.x > w - r.w) {
    return make_error(region + " covers rows " + n(r.y) + "\u2013" + n(r.y + r.h - 1) + " and columns " +
                      n(r.x) + "\u2013" + n(r.x + r.w - 1) + ", outside the " + n(h) + "\u00d7" + n(w) +
                      " image (rows 0\u2013" + n(h - 1) + ", columns 0\u2013" + n(w - 1) + ")");
  }
  Tensor out({c, r.h, r.w});
  float* dst = out.data();
  for (int64_t k = 0; k < c; ++k) {
    for (int64_t y = 0; y < r.h; ++y) {
      const float* src = chw.data() + (k * h + r.y + y) * w + r.x;
      dst = std::copy_n(src, r.w, dst);
    }
  }
  return out;
}

// ---- PNG export ----

Result<Image> tensor_to_image(const Tensor& chw, float value_max) {
  const Tensor t = chw.dim() == 2 ? chw.reshaped({1, chw.size(0), chw.size(1)}) : chw;
  if (t.dim() != 3 || (t.size(0) != 1 && t.size(0) != 3 && t.size(0) != 4)) {
    return make_error(
        "only a (1, H, W), (3, H, W) or (4, H, W) tensor can become an image, not one of shape " +
        chw.shape_string());
  }
  if (t.size(1) < 1 || t.size(2) < 1)
    return make_error("an image needs at least 1\u00d71 pixels, not " + chw.shape_string());
  if (!(value_max > 0) || !std::isfinite(value_max)) {
    return make_error("the full-scale value must be a positive number (255 or 1), not " +
                      format_value(value_max));
  }
  Image image;
  image.height = t.size(1);
  image.width = t.size(2);
  const int64_t c = t.size(0), plane = image.width * image.height;
  image.channels = c == 4 ? 4 : 3;
  image.source_channels = static_cast<int>(c);
  image.pixels.resize(static_cast<size_t>(plane * image.channels));
  const auto byte = [&](float v) {
    const float unit = std::isnan(v) ? 0.0f : std::clamp(v / value_max, 0.0f, 1.0f);
    return static_cast<uint8_t>(std::lround(unit * 255.0f));
  };
  for (int64_t i = 0; i < plane; ++i) {
    for (int k = 0; k < image.channels; ++k) {
      const int64_t source = c == 1 ? 0 : k;
      image.pixels[static_cast<size_t>(i * image.channels + k)] = byte(t.data()[source * plane + i]);
    }
  }
  return image;
}

Result<std::vector<uint8_t>> encode_png(const Image& image) {
  if (image.channels != 3 && image.channels != 4) {
    return make_error("a PNG is written from RGB or RGBA pixels, not " + n(image.channels) + " channels");
  }
  if (image.width < 1 || image.height < 1 || image.width > INT_MAX / 4 || image.height > INT_MAX) {
    return make_error("cannot write a " + n(image.width) + "\u00d7" + n(image.height) + " PNG");
  }
  if (image.pixels.size() != static_cast<size_t>(image.width * image.height * image.channels)) {
    return make_error("the image holds " + n(static_cast<int64_t>(image.pixels.size())) + " bytes, not " +
                      n(image.width) + "\u00b7" + n(image.height) + "\u00b7" + n(image.channels));
  }
  std::vector<uint8_t> png;
  const auto append = [](void* context, void* data, int size) {
    auto* out = static_cast<std::vector<uint8_t>*>(context);
    const auto* bytes = static_cast<const uint8_t*>(data);
    out->insert(out->end(), bytes, bytes + size);
  };
  const int ok = stbi_write_png_to_func(append, &png, static_cast<int>(image.width),
                                        static_cast<int>(image.height), image.channels, image.pixels.data(),
                                        static_cast<int>(image.width) * image.channels);
  if (ok == 0 || png.empty()) return make_error("stb_image_write could not encode the PNG (out of memory?)");
  return png;
}

Status write_png(const std::string& path, const Image& image) {
  Result<std::vector<uint8_t>> png = encode_png(image);
  if (!png) return fail(path, png.message());
  return atomic_write(path, std::string_view(reinterpret_cast<const char*>(png->data()), png->size()));
}

Status write_png(const std::string& path, const Tensor& chw, float value_max) {
  Result<Image> image = tensor_to_image(chw, value_max);
  if (!image) return fail(path, image.message());
  return write_png(path, *image);
}

}  // namespace convstep
