// Structure checks for each image format, read before any decoder allocates anything: the PNG chunk
// walk, the JPEG frame header and end marker, the GIF block walk, and the BMP and TGA data sizes.
// Multi-byte header fields are read by hand because the formats mix big- and little-endian.
#include "core/image_checks.h"

#include <cctype>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <string_view>

namespace convstep::image_checks {

Error fail(const std::string& name, const std::string& why) {
  return make_error(name + ": " + why);
}

std::string n(int64_t v) {
  return std::to_string(v);
}

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

namespace {

std::string megapixels(int64_t pixels) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.1f", static_cast<double>(pixels) / 1e6);
  return buf;
}

}  // namespace

Status check_size(const char* format_name, const Header& h, const std::string& name,
                  const ImageLimits& limits) {
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
  return Ok{};
}

namespace {

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

}  // namespace

std::optional<ImageFormat> detect_format(const Bytes& b) {
  if (starts_with(b, "\x89PNG\r\n\x1a\n")) return ImageFormat::kPng;
  if (b.size() >= 3 && b[0] == 0xFF && b[1] == 0xD8 && b[2] == 0xFF) return ImageFormat::kJpeg;
  if (starts_with(b, "GIF87a") || starts_with(b, "GIF89a")) return ImageFormat::kGif;
  if (starts_with(b, "BM")) return ImageFormat::kBmp;
  if (looks_like_tga(b)) return ImageFormat::kTga;
  return std::nullopt;
}

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

Result<Header> read_header(ImageFormat format, const Bytes& b, const std::string& name) {
  switch (format) {
    case ImageFormat::kPng:
      return png_header(b, name);
    case ImageFormat::kJpeg:
      return jpeg_header(b, name);
    case ImageFormat::kGif:
      return gif_header(b, name);
    case ImageFormat::kBmp:
      return bmp_header(b, name);
    case ImageFormat::kTga:
      return tga_header(b, name);
  }
  return Header{};
}

std::optional<std::string> find_truncation(ImageFormat format, const Bytes& b, const Header& h) {
  switch (format) {
    case ImageFormat::kPng:
      return png_truncation(b);
    case ImageFormat::kJpeg:
      return jpeg_truncation(b);
    case ImageFormat::kGif:
      return gif_truncation(b);
    case ImageFormat::kBmp:
      return bmp_truncation(b, h);
    case ImageFormat::kTga:
      return tga_truncation(b, h);
  }
  return std::nullopt;
}

}  // namespace convstep::image_checks
