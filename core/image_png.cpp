// PNG decoding with libpng. libpng reports errors by longjmp to the jmp_buf set with setjmp; only the
// two "guarded" functions below call setjmp, and they hold nothing with a destructor, so a longjmp
// skips no C++ cleanup. No gamma or colour transform is applied: the stored sample values are what a
// CNN sees (and what stb_image gave), with palette, tRNS and low bit depths expanded to 8 bits.
#include <png.h>

#include <algorithm>
#include <csetjmp>
#include <cstdio>
#include <cstring>
#include <new>
#include <string>

#include "core/image_decoders.h"

namespace convstep::image_decoders {

namespace {

using image_checks::Bytes;
using image_checks::fail;

// Plain data only: it lives across setjmp/longjmp.
struct PngReader {
  png_structp png;
  png_infop info;
  const uint8_t* data;
  size_t size;
  size_t pos;
  uint32_t max_side;
  char message[256];
  char first_warning[256];  // often the detail of an error ("Invalid bit depth in IHDR")
  int warnings;
  // From IHDR, before any transform.
  png_uint_32 width, height;
  int color_type;
  bool has_trns;
  // After the transforms: 3 or 4 channels of 8 bits.
  int channels;
  size_t row_bytes;
};

void on_error(png_structp png, png_const_charp message) {
  auto* reader = static_cast<PngReader*>(png_get_error_ptr(png));
  std::snprintf(reader->message, sizeof reader->message, "%s", message);
  png_longjmp(png, 1);
}

// Warnings (a bad CRC on an ancillary chunk, an odd colour profile) do not change the pixels.
void on_warning(png_structp png, png_const_charp message) {
  auto* reader = static_cast<PngReader*>(png_get_error_ptr(png));
  if (reader->warnings++ == 0)
    std::snprintf(reader->first_warning, sizeof reader->first_warning, "%s", message);
}

void on_read(png_structp png, png_bytep out, size_t length) {
  auto* reader = static_cast<PngReader*>(png_get_io_ptr(png));
  if (length > reader->size - reader->pos) png_error(png, "the file ends inside a chunk");
  std::memcpy(out, reader->data + reader->pos, length);
  reader->pos += length;
}

// Creates the reader, reads every chunk up to the pixels and sets the transforms. False with
// reader->message set on any error.
bool read_header_guarded(PngReader* r) {
  r->png = png_create_read_struct(PNG_LIBPNG_VER_STRING, r, on_error, on_warning);
  if (r->png == nullptr) {
    std::snprintf(r->message, sizeof r->message, "out of memory");
    return false;
  }
  r->info = png_create_info_struct(r->png);
  if (r->info == nullptr) {
    std::snprintf(r->message, sizeof r->message, "out of memory");
    return false;
  }
  if (setjmp(png_jmpbuf(r->png))) return false;
  png_set_read_fn(r->png, r, on_read);
  png_set_user_limits(r->png, r->max_side, r->max_side);
  png_read_info(r->png, r->info);
  int bit_depth = 0, interlace = 0;
  png_get_IHDR(r->png, r->info, &r->width, &r->height, &bit_depth, &r->color_type, &interlace, nullptr,
               nullptr);
  r->has_trns = png_get_valid(r->png, r->info, PNG_INFO_tRNS) != 0;
  png_set_expand(r->png);    // palette → RGB, tRNS → alpha, 1/2/4-bit grey → 8-bit
  png_set_strip_16(r->png);  // the high byte of each 16-bit sample
  png_set_gray_to_rgb(r->png);
  png_set_interlace_handling(r->png);
  png_read_update_info(r->png, r->info);
  r->channels = png_get_channels(r->png, r->info);
  r->row_bytes = png_get_rowbytes(r->png, r->info);
  return true;
}

bool read_pixels_guarded(PngReader* r, png_bytepp rows) {
  if (setjmp(png_jmpbuf(r->png))) return false;
  png_read_image(r->png, rows);
  png_read_end(r->png, nullptr);
  return true;
}

// Owns the libpng state; destroyed on every path out of the C++ functions below.
class Decompressor {
 public:
  Decompressor(const Bytes& b, const ImageLimits& limits) {
    std::memset(&reader_, 0, sizeof reader_);
    reader_.data = b.data();
    reader_.size = b.size();
    reader_.max_side = static_cast<uint32_t>(std::min<int64_t>(limits.max_side, PNG_UINT_31_MAX));
  }
  ~Decompressor() {
    if (reader_.png != nullptr) png_destroy_read_struct(&reader_.png, &reader_.info, nullptr);
  }
  Decompressor(const Decompressor&) = delete;
  Decompressor& operator=(const Decompressor&) = delete;
  PngReader* get() { return &reader_; }
  std::string message() const {
    std::string text = reader_.message;
    if (reader_.warnings > 0) text += std::string("; ") + reader_.first_warning;
    return text;
  }

 private:
  PngReader reader_;
};

Error library_error(const std::string& name, const std::string& message) {
  return fail(name, "cannot decode this PNG file (libpng: " + message + ")");
}

Result<HeaderInfo> open(Decompressor& d, const std::string& name, const ImageLimits& limits) {
  if (!read_header_guarded(d.get())) return library_error(name, d.message());
  const PngReader& r = *d.get();
  HeaderInfo info;
  info.width = r.width;
  info.height = r.height;
  const bool grey = (r.color_type & PNG_COLOR_MASK_COLOR) == 0;
  const bool alpha = (r.color_type & PNG_COLOR_MASK_ALPHA) != 0 || r.has_trns;
  info.source_channels = (grey ? 1 : 3) + (alpha ? 1 : 0);
  if (Status size = image_checks::check_size("PNG", {info.width, info.height}, name, limits); !size)
    return size.error();
  if ((r.channels != 3 && r.channels != 4) || r.row_bytes != size_t{r.width} * size_t(r.channels))
    return fail(name, "cannot decode this PNG file: unexpected layout after expansion to 8 bits");
  return info;
}

}  // namespace

Result<HeaderInfo> read_png_header(const Bytes& b, const std::string& name, const ImageLimits& limits) {
  Decompressor d(b, limits);
  return open(d, name, limits);
}

Result<Image> decode_png(const Bytes& b, const std::string& name, const ImageLimits& limits) {
  Decompressor d(b, limits);
  Result<HeaderInfo> info = open(d, name, limits);
  if (!info) return info.error();
  const PngReader& r = *d.get();
  Image image;
  image.width = info->width;
  image.height = info->height;
  image.channels = r.channels;
  image.source_channels = info->source_channels;
  std::vector<png_bytep> rows;
  try {
    image.pixels.resize(r.row_bytes * r.height);
    rows.resize(r.height);
  } catch (const std::bad_alloc&) {
    return fail(name, "not enough memory to decode the " + std::to_string(image.width) + "\u00d7" +
                          std::to_string(image.height) + " PNG");
  }
  for (size_t y = 0; y < rows.size(); ++y) rows[y] = image.pixels.data() + y * r.row_bytes;
  if (!read_pixels_guarded(d.get(), rows.data())) return library_error(name, d.message());
  return image;
}

}  // namespace convstep::image_decoders
