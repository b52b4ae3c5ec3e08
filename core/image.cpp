// Image loading, conversion and export. stb_image decodes, but it happily decodes a truncated file
// into grey or black pixels and only checks sizes against its own limits, so the header of each format
// is read here first: signature, size and whether the file holds all the data the header promises.
// Only then does stb_image allocate and decode.
#include "core/image.h"

#include <stb_image.h>
#include <stb_image_write.h>

#include <algorithm>
#include <cctype>
#include <cerrno>
#include <climits>
#include <cmath>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <optional>
#include <random>
#include <string_view>
#include <system_error>

namespace convstep {

namespace {

using Bytes = std::vector<uint8_t>;

Error fail(const std::string& name, const std::string& why) {
  return make_error(name + ": " + why);
}

std::string n(int64_t v) {
  return std::to_string(v);
}

// File sizes the way a person reads them: "812 bytes", "3.4 MB".
std::string size_text(int64_t bytes) {
  if (bytes < 10000) return n(bytes) + (bytes == 1 ? " byte" : " bytes");
  char buf[32];
  if (bytes < 10'000'000) {
    std::snprintf(buf, sizeof buf, "%.1f kB", static_cast<double>(bytes) / 1e3);
  } else {
    std::snprintf(buf, sizeof buf, "%.1f MB", static_cast<double>(bytes) / 1e6);
  }
  return buf;
}

// stb_image's reason for its last failure on this thread; it can be missing when built without reasons.
std::string stb_reason() {
  const char* reason = stbi_failure_reason();
  return reason != nullptr ? reason : "no reason given";
}

std::string megapixels(int64_t pixels) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.1f", static_cast<double>(pixels) / 1e6);
  return buf;
}

uint32_t be16(const Bytes& b, size_t i) {
  return (uint32_t{b[i]} << 8) | b[i + 1];
}
uint32_t be32(const Bytes& b, size_t i) {
  return (be16(b, i) << 16) | be16(b, i + 2);
}
uint32_t le16(const Bytes& b, size_t i) {
  return uint32_t{b[i]} | (uint32_t{b[i + 1]} << 8);
}
uint32_t le32(const Bytes& b, size_t i) {
  return le16(b, i) | (le16(b, i + 2) << 16);
}

bool starts_with(const Bytes& b, std::string_view prefix, size_t at = 0) {
  if (b.size() < at + prefix.size()) return false;
  return std::memcmp(b.data() + at, prefix.data(), prefix.size()) == 0;
}

// TGA has no signature; stb_image, too, accepts a file as TGA when its header fields are plausible.
bool looks_like_tga(const Bytes& b) {
  if (b.size() < 18) return false;
  const uint8_t cmap_type = b[1], type = b[2], cmap_bits = b[7], bpp = b[16];
  if (cmap_type > 1) return false;
  if (type != 1 && type != 2 && type != 3 && type != 9 && type != 10 && type != 11) return false;
  if ((type == 1 || type == 9) != (cmap_type == 1)) return false;
  if (cmap_type == 1 && cmap_bits != 15 && cmap_bits != 16 && cmap_bits != 24 && cmap_bits != 32)
    return false;
  return bpp == 8 || bpp == 15 || bpp == 16 || bpp == 24 || bpp == 32;
}

std::optional<ImageFormat> detect_format(const Bytes& b) {
  if (starts_with(b, "\x89PNG\r\n\x1a\n")) return ImageFormat::kPng;
  if (b.size() >= 3 && b[0] == 0xFF && b[1] == 0xD8 && b[2] == 0xFF) return ImageFormat::kJpeg;
  if (starts_with(b, "GIF87a") || starts_with(b, "GIF89a")) return ImageFormat::kGif;
  if (starts_with(b, "BM")) return ImageFormat::kBmp;
  if (looks_like_tga(b)) return ImageFormat::kTga;
  return std::nullopt;
}

// Names the formats people most often drop by mistake, so the message can say what the file is.
std::string recognise_other(const Bytes& b) {
  if (starts_with(b, std::string_view("II*\0", 4)) || starts_with(b, std::string_view("MM\0*", 4)))
    return "a TIFF image";
  if (starts_with(b, "RIFF") && starts_with(b, "WEBP", 8)) return "a WebP image";
  if (starts_with(b, "ftypheic", 4) || starts_with(b, "ftypheix", 4) || starts_with(b, "ftypmif1", 4))
    return "a HEIF/HEIC image";
  if (starts_with(b, "ftypavif", 4)) return "an AVIF image";
  if (starts_with(b, "8BPS")) return "a Photoshop (PSD) file";
  if (starts_with(b, "#?RADIANCE") || starts_with(b, "#?RGBE")) return "a Radiance HDR image";
  if (b.size() >= 3 && b[0] == 'P' && b[1] >= '1' && b[1] <= '7' && std::isspace(b[2]))
    return "a PNM/PPM image";
  if (starts_with(b, "%PDF")) return "a PDF document";
  if (starts_with(b, "<?xml") || starts_with(b, "<svg")) return "an XML/SVG file";
  if (starts_with(b, "\x93NUMPY")) return "a NumPy .npy file";
  if (starts_with(b, "PK\x03\x04")) return "a ZIP archive";
  return "";
}

struct Header {
  int64_t width = 0, height = 0;
};

// Each parser reads the size from the header; a header cut short is reported as truncated.
Result<Header> png_header(const Bytes& b, const std::string& name) {
  if (b.size() < 24) {
    return fail(name, "truncated: the file ends after " + size_text(static_cast<int64_t>(b.size())) +
                          ", inside the PNG header (the size alone needs 24 bytes)");
  }
  if (!starts_with(b, "IHDR", 12)) return fail(name, "damaged PNG: the first chunk is not the IHDR header");
  return Header{be32(b, 16), be32(b, 20)};
}

Result<Header> jpeg_header(const Bytes& b, const std::string& name) {
  size_t pos = 2;
  while (pos + 4 <= b.size()) {
    if (b[pos] != 0xFF)
      return fail(name, "damaged JPEG: expected a marker at byte " + n(static_cast<int64_t>(pos)));
    uint8_t marker = b[pos + 1];
    if (marker == 0xFF) {  // fill byte before a marker
      ++pos;
      continue;
    }
    if (marker == 0x01 || (marker >= 0xD0 && marker <= 0xD8)) {
      pos += 2;
      continue;
    }
    if (marker == 0xD9) return fail(name, "damaged JPEG: it ends before any image frame");
    if (marker == 0xDA) return fail(name, "damaged JPEG: picture data starts before the frame header");
    const bool sof = marker >= 0xC0 && marker <= 0xCF && marker != 0xC4 && marker != 0xC8 && marker != 0xCC;
    if (sof) {
      if (pos + 9 > b.size()) break;
      return Header{be16(b, pos + 7), be16(b, pos + 5)};
    }
    pos += 2 + be16(b, pos + 2);
  }
  return fail(name, "truncated: the file ends after " + size_text(static_cast<int64_t>(b.size())) +
                        ", before the JPEG frame header that gives the image size");
}

Result<Header> gif_header(const Bytes& b, const std::string& name) {
  if (b.size() < 13) {
    return fail(name, "truncated: the file ends after " + size_text(static_cast<int64_t>(b.size())) +
                          ", inside the 13-byte GIF header");
  }
  return Header{le16(b, 6), le16(b, 8)};
}

Result<Header> bmp_header(const Bytes& b, const std::string& name) {
  const auto short_header = [&] {
    return fail(name, "truncated: the file ends after " + size_text(static_cast<int64_t>(b.size())) +
                          ", inside the BMP header");
  };
  if (b.size() < 26) return short_header();
  const uint32_t dib = le32(b, 14);
  if (dib == 12) return Header{le16(b, 18), le16(b, 20)};
  if (dib < 40) return fail(name, "damaged BMP: unknown header size " + n(dib));
  if (b.size() < 34) return short_header();
  const auto width = static_cast<int32_t>(le32(b, 18));
  const auto height = static_cast<int32_t>(le32(b, 22));
  if (width < 0) return fail(name, "damaged BMP: negative width " + n(width));
  // A negative height means the rows are stored top-down; the size is its magnitude.
  return Header{width, std::abs(static_cast<int64_t>(height))};
}

Result<Header> tga_header(const Bytes& b, const std::string&) {
  return Header{le16(b, 12), le16(b, 14)};
}

// ---- Truncation: does the file hold everything the header promises? ----

std::optional<std::string> png_truncation(const Bytes& b) {
  size_t pos = 8;
  while (pos + 8 <= b.size()) {
    const uint64_t length = be32(b, pos);
    const std::string type(reinterpret_cast<const char*>(b.data() + pos + 4), 4);
    const uint64_t end = pos + 12 + length;  // length, type, data, CRC
    if (end > b.size()) {
      return "the PNG chunk '" + type + "' at byte " + n(static_cast<int64_t>(pos)) + " needs " +
             n(static_cast<int64_t>(length + 12)) + " bytes, but the file ends " +
             n(static_cast<int64_t>(b.size() - pos)) + " bytes after its start";
    }
    if (type == "IEND") return std::nullopt;
    pos = static_cast<size_t>(end);
  }
  return "the file ends after " + size_text(static_cast<int64_t>(b.size())) +
         " without the PNG's closing IEND chunk";
}

std::optional<std::string> jpeg_truncation(const Bytes& b) {
  // Inside entropy-coded data every FF byte is followed by 00 or a restart marker, so the last
  // FF DA is a real start-of-scan and the end-of-image marker must come after it.
  size_t last_scan = 0;
  for (size_t i = 2; i + 1 < b.size(); ++i) {
    if (b[i] == 0xFF && b[i + 1] == 0xDA) last_scan = i;
  }
  for (size_t i = last_scan; i + 1 < b.size(); ++i) {
    if (b[i] == 0xFF && b[i + 1] == 0xD9) return std::nullopt;
  }
  return "the file ends after " + size_text(static_cast<int64_t>(b.size())) +
         " without the JPEG end-of-image marker (FF D9): the picture data is cut off";
}

// Walks the GIF blocks up to the end of the first frame, the only one convstep shows.
std::optional<std::string> gif_truncation(const Bytes& b) {
  const std::string cut = "the file ends after " + size_text(static_cast<int64_t>(b.size())) +
                          ", before the end of the GIF's first frame";
  size_t pos = 13;
  if (b[10] & 0x80) pos += 3 * (size_t{1} << ((b[10] & 7) + 1));
  const auto skip_sub_blocks = [&]() -> bool {
    while (pos < b.size()) {
      const uint8_t size = b[pos++];
      if (size == 0) return true;
      pos += size;
    }
    return false;
  };
  while (pos < b.size()) {
    const uint8_t block = b[pos];
    if (block == 0x21) {  // extension: label, then sub-blocks
      pos += 2;
      if (!skip_sub_blocks()) return cut;
    } else if (block == 0x2C) {  // image descriptor, optional local colour table, LZW size, data
      if (pos + 10 > b.size()) return cut;
      const uint8_t flags = b[pos + 9];
      pos += 10;
      if (flags & 0x80) pos += 3 * (size_t{1} << ((flags & 7) + 1));
      pos += 1;
      if (!skip_sub_blocks()) return cut;
      return std::nullopt;
    } else if (block == 0x3B) {
      return std::nullopt;  // trailer without a frame: stb_image reports that
    } else {
      return std::nullopt;  // unknown block: leave the verdict to stb_image
    }
  }
  return cut;
}

std::optional<std::string> bmp_truncation(const Bytes& b, const Header& h) {
  const uint32_t dib = le32(b, 14);
  const int64_t offset = le32(b, 10);
  const int64_t bpp = dib == 12 ? le16(b, 24) : le16(b, 28);
  const uint32_t compression = dib == 12 ? 0 : le32(b, 30);
  const auto size = static_cast<int64_t>(b.size());
  if (compression == 0 || compression == 3 || compression == 6) {
    const int64_t row = (h.width * bpp + 31) / 32 * 4;
    const int64_t needed = offset + row * h.height;
    if (needed > size) {
      return "the BMP's " + n(h.height) + " rows of " + n(row) + " bytes need " + size_text(needed) +
             ", but the file has " + size_text(size);
    }
    return std::nullopt;
  }
  const int64_t declared = le32(b, 2);  // compressed rows: trust the file size the header declares
  if (declared > size)
    return "the BMP header declares " + size_text(declared) + ", but the file has " + size_text(size);
  return std::nullopt;
}

std::optional<std::string> tga_truncation(const Bytes& b, const Header& h) {
  const int64_t type = b[2];
  const int64_t cmap_length = b[1] == 1 ? le16(b, 5) * ((int64_t{b[7]} + 7) / 8) : 0;
  const int64_t pixel_bytes = (int64_t{b[16]} + 7) / 8;
  const int64_t start = 18 + int64_t{b[0]} + cmap_length;
  const int64_t pixels = h.width * h.height;
  const auto size = static_cast<int64_t>(b.size());
  const std::string cut = "the TGA's " + n(h.width) + "\u00d7" + n(h.height) +
                          " pixels need more data than the " + size_text(size) + " the file has";
  if (type < 8) return start + pixels * pixel_bytes > size ? std::optional(cut) : std::nullopt;
  // Run-length packets: a header byte, then one pixel repeated or `count` literal pixels.
  int64_t pos = start, done = 0;
  while (done < pixels) {
    if (pos >= size) return cut;
    const uint8_t packet = b[static_cast<size_t>(pos++)];
    const int64_t count = (packet & 0x7F) + 1;
    pos += (packet & 0x80) ? pixel_bytes : count * pixel_bytes;
    if (pos > size) return cut;
    done += count;
  }
  return std::nullopt;
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
  const std::optional<ImageFormat> format = detect_format(bytes);
  if (!format) {
    const std::string what = recognise_other(bytes);
    if (!what.empty())
      return fail(name, "is " + what + "; convstep opens PNG, JPEG, BMP, GIF and TGA images");
    return fail(name,
                "not an image convstep can open: its first bytes match none of PNG, JPEG, BMP, GIF or TGA");
  }
  const char* format_name = image_format_name(*format);
  Result<Header> header = Header{};
  switch (*format) {
    case ImageFormat::kPng:
      header = png_header(bytes, name);
      break;
    case ImageFormat::kJpeg:
      header = jpeg_header(bytes, name);
      break;
    case ImageFormat::kGif:
      header = gif_header(bytes, name);
      break;
    case ImageFormat::kBmp:
      header = bmp_header(bytes, name);
      break;
    case ImageFormat::kTga:
      header = tga_header(bytes, name);
      break;
  }
  if (!header) return header.error();
  const Header h = *header;
  const std::string size = n(h.width) + "\u00d7" + n(h.height);
  if (h.width == 0 || h.height == 0) {
    return fail(name, std::string("the ") + format_name + " header gives a size of " + size +
                          " pixels: an image needs at least one row and one column");
  }
  if (h.width > limits.max_side || h.height > limits.max_side) {
    return fail(name, std::string("the ") + format_name + " image is " + size +
                          " pixels; convstep opens images up to " + n(limits.max_side) + " pixels per side");
  }
  if (h.width * h.height > limits.max_pixels) {
    return fail(name, std::string("the ") + format_name + " image is " + size + " = " +
                          megapixels(h.width * h.height) + " megapixels; convstep opens images up to " +
                          megapixels(limits.max_pixels) + " megapixels");
  }
  std::optional<std::string> cut;
  switch (*format) {
    case ImageFormat::kPng:
      cut = png_truncation(bytes);
      break;
    case ImageFormat::kJpeg:
      cut = jpeg_truncation(bytes);
      break;
    case ImageFormat::kGif:
      cut = gif_truncation(bytes);
      break;
    case ImageFormat::kBmp:
      cut = bmp_truncation(bytes, h);
      break;
    case ImageFormat::kTga:
      cut = tga_truncation(bytes, h);
      break;
  }
  if (cut) return fail(name, "truncated: " + *cut);

  int width = 0, height = 0, channels = 0;
  if (stbi_info_from_memory(bytes.data(), static_cast<int>(bytes.size()), &width, &height, &channels) == 0) {
    return fail(name, std::string("damaged or unsupported ") + format_name +
                          " file (stb_image: " + stb_reason() + ")");
  }
  ImageInfo info;
  info.format = *format;
  info.width = width;
  info.height = height;
  info.source_channels = channels;
  return info;
}

Result<Image> decode_image(const std::vector<uint8_t>& bytes, const std::string& name,
                           const ImageLimits& limits) {
  Result<ImageInfo> info = probe_image(bytes, name, limits);
  if (!info) return info.error();
  // Another part of the program may flip images for OpenGL; convstep's images are top row first.
  stbi_set_flip_vertically_on_load_thread(0);
  const bool alpha = info->source_channels == 2 || info->source_channels == 4;
  int width = 0, height = 0, channels = 0;
  stbi_uc* data = stbi_load_from_memory(bytes.data(), static_cast<int>(bytes.size()), &width, &height,
                                        &channels, alpha ? 4 : 3);
  if (data == nullptr) {
    return fail(name, std::string("cannot decode this ") + image_format_name(info->format) +
                          " file (stb_image: " + stb_reason() + ")");
  }
  Image image;
  image.width = width;
  image.height = height;
  image.channels = alpha ? 4 : 3;
  image.source_channels = channels;
  image.pixels.assign(data, data + static_cast<size_t>(width) * static_cast<size_t>(height) * image.channels);
  stbi_image_free(data);
  // stb_image reports every GIF as RGBA; alpha that is 255 everywhere carries nothing, so drop it.
  if (alpha) {
    bool opaque = true;
    for (size_t i = 3; i < image.pixels.size() && opaque; i += 4) opaque = image.pixels[i] == 255;
    if (opaque) {
      size_t out = 0;
      for (size_t i = 0; i < image.pixels.size(); ++i) {
        if (i % 4 != 3) image.pixels[out++] = image.pixels[i];
      }
      image.pixels.resize(out);
      image.channels = 3;
      image.source_channels = channels == 2 ? 1 : 3;
    }
  }
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

std::array<float, 3> luminance_weights(ColorMode mode) {
  switch (mode) {
    case ColorMode::kLuminance601:
      return {0.299f, 0.587f, 0.114f};
    case ColorMode::kLuminance709:
      return {0.2126f, 0.7152f, 0.0722f};
    case ColorMode::kRgb:
      break;
  }
  return {0.0f, 0.0f, 0.0f};
}

Tensor image_to_tensor(const Image& image, ColorMode mode, PixelScale range) {
  const int64_t h = image.height, w = image.width, plane = h * w, stride = image.channels;
  Tensor out({color_mode_channels(mode), h, w});
  // Dividing by 1 is exact, so one code path serves both ranges.
  const float divisor = range == PixelScale::k0To1 ? 255.0f : 1.0f;
  const uint8_t* px = image.pixels.data();
  float* dst = out.data();
  if (mode == ColorMode::kRgb) {
    for (int64_t c = 0; c < 3; ++c) {
      for (int64_t i = 0; i < plane; ++i)
        dst[c * plane + i] = static_cast<float>(px[i * stride + c]) / divisor;
    }
    return out;
  }
  const std::array<float, 3> k = luminance_weights(mode);
  for (int64_t i = 0; i < plane; ++i) {
    const float r = static_cast<float>(px[i * stride]) / divisor;
    const float g = static_cast<float>(px[i * stride + 1]) / divisor;
    const float b = static_cast<float>(px[i * stride + 2]) / divisor;
    dst[i] = r * k[0] + g * k[1] + b * k[2];
  }
  return out;
}

std::vector<std::string> image_to_tensor_pytorch(ColorMode mode, PixelScale range) {
  std::vector<std::string> lines;
  lines.push_back(
      "x = torch.from_numpy(numpy.array(img.convert(\"RGB\"))).permute(2, 0, 1).float()  # (3, H, W), values "
      "0-255");
  if (range == PixelScale::k0To1)
    lines.push_back("x = x / 255  # values 0-1, as torchvision's to_tensor gives");
  if (mode != ColorMode::kRgb) {
    const std::array<float, 3> k = luminance_weights(mode);
    char buf[200];
    std::snprintf(buf, sizeof buf,
                  "x = (x * torch.tensor([%g, %g, %g]).view(3, 1, 1)).sum(0, keepdim=True)  # %s: (1, H, W)",
                  static_cast<double>(k[0]), static_cast<double>(k[1]), static_cast<double>(k[2]),
                  color_mode_name(mode));
    lines.emplace_back(buf);
  }
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
  namespace fs = std::filesystem;
  Result<std::vector<uint8_t>> png = encode_png(image);
  if (!png) return fail(path, png.message());
  const fs::path target(path);
  // Hidden and randomly suffixed, beside the target so the rename stays on one file system.
  fs::path temp = target;
  temp.replace_filename("." + target.filename().string() + ".tmp" + std::to_string(std::random_device{}()));
  std::FILE* file = std::fopen(temp.c_str(), "wb");
  if (file == nullptr) return fail(path, std::string("cannot write the file: ") + std::strerror(errno));
  const size_t written = std::fwrite(png->data(), 1, png->size(), file);
  const bool flushed = std::fflush(file) == 0;
  const bool closed = std::fclose(file) == 0;
  std::error_code ec;
  if (written != png->size() || !flushed || !closed) {
    fs::remove(temp, ec);
    return fail(path, "writing the PNG failed after " + n(static_cast<int64_t>(written)) + " of " +
                          n(static_cast<int64_t>(png->size())) + " bytes (disk full?)");
  }
  fs::rename(temp, target, ec);
  if (ec) {
    std::error_code ignored;
    fs::remove(temp, ignored);
    return fail(path, "cannot move the written PNG into place: " + ec.message());
  }
  return Ok{};
}

Status write_png(const std::string& path, const Tensor& chw, float value_max) {
  Result<Image> image = tensor_to_image(chw, value_max);
  if (!image) return fail(path, image.message());
  return write_png(path, *image);
}

}  // namespace convstep
