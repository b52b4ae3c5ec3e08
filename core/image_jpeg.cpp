// JPEG decoding with libjpeg-turbo. libjpeg reports errors by calling error_exit, whose default ends
// the process, so ours copies the message and longjmps back. Only the two "guarded" functions below
// call setjmp, and they hold nothing with a destructor: a longjmp may skip no C++ cleanup. Warnings
// that mean the picture data is damaged end the decode too; harmless ones are counted and ignored.
#include <csetjmp>
#include <cstdio>
#include <cstring>
#include <new>

#include <jpeglib.h>

// After jpeglib.h: its jconfig.h decides which warning codes exist.
#include <jerror.h>

#include "core/image_decoders.h"

namespace convstep::image_decoders {

namespace {

using image_checks::Bytes;
using image_checks::fail;

// A progressive JPEG may hold any number of scans, each a pass over the whole image: thousands of
// tiny scans make a small file take minutes. Real encoders write about ten.
constexpr int kMaxScans = 500;
// libjpeg's own allocations (progressive coefficient buffers: 2 bytes per sample) stay under this;
// a 40-megapixel 4-channel progressive image needs about 320 MB.
constexpr long kMaxDecoderMemory = 512L << 20;

// Plain data only: it lives across setjmp/longjmp.
struct JpegErrors {
  jpeg_error_mgr base;  // first, so libjpeg's pointer to it is a pointer to this
  std::jmp_buf jump;
  char message[JMSG_LENGTH_MAX];
  int warnings;
};

[[noreturn]] void stop(j_common_ptr cinfo) {
  auto* errors = reinterpret_cast<JpegErrors*>(cinfo->err);
  std::longjmp(errors->jump, 1);
}

[[noreturn]] void on_error(j_common_ptr cinfo) {
  auto* errors = reinterpret_cast<JpegErrors*>(cinfo->err);
  (*cinfo->err->format_message)(cinfo, errors->message);
  stop(cinfo);
}

bool is_damage(int code) {
  switch (code) {
    case JWRN_HIT_MARKER:
    case JWRN_HUFF_BAD_CODE:
    case JWRN_ARITH_BAD_CODE:
    case JWRN_JPEG_EOF:
    case JWRN_MUST_RESYNC:
      return true;
    default:
      return false;
  }
}

// msg_level < 0 is a warning; the others are trace messages, which convstep never asks for.
void on_message(j_common_ptr cinfo, int msg_level) {
  if (msg_level >= 0) return;
  auto* errors = reinterpret_cast<JpegErrors*>(cinfo->err);
  ++errors->warnings;
  if (is_damage(cinfo->err->msg_code)) on_error(cinfo);
}

void on_output(j_common_ptr) {}

void on_progress(j_common_ptr cinfo) {
  const auto* d = reinterpret_cast<j_decompress_ptr>(cinfo);
  if (d->input_scan_number > kMaxScans) {
    auto* errors = reinterpret_cast<JpegErrors*>(cinfo->err);
    std::snprintf(errors->message, sizeof errors->message,
                  "the file holds more than %d progressive scans (encoders write about 10)", kMaxScans);
    stop(cinfo);
  }
}

struct JpegReader {
  jpeg_decompress_struct cinfo;
  JpegErrors errors;
  jpeg_progress_mgr progress;
  bool created;
};

// Creates the decompressor and reads every marker up to the first scan. False with
// reader->errors.message set on any error.
bool read_header_guarded(JpegReader* reader, const Bytes* bytes) {
  j_decompress_ptr cinfo = &reader->cinfo;
  cinfo->err = jpeg_std_error(&reader->errors.base);
  reader->errors.base.error_exit = on_error;
  reader->errors.base.emit_message = on_message;
  reader->errors.base.output_message = on_output;
  if (setjmp(reader->errors.jump)) return false;
  jpeg_create_decompress(cinfo);
  reader->created = true;
  cinfo->mem->max_memory_to_use = kMaxDecoderMemory;
  reader->progress.progress_monitor = on_progress;
  cinfo->progress = &reader->progress;
  jpeg_mem_src(cinfo, bytes->data(), static_cast<unsigned long>(bytes->size()));
  jpeg_read_header(cinfo, TRUE);
  switch (cinfo->jpeg_color_space) {
    case JCS_GRAYSCALE:
      cinfo->out_color_space = JCS_GRAYSCALE;
      break;
    case JCS_CMYK:
    case JCS_YCCK:
      cinfo->out_color_space = JCS_CMYK;  // libjpeg turns YCCK into CMYK; RGB is made below
      break;
    default:
      cinfo->out_color_space = JCS_RGB;
      break;
  }
  cinfo->dct_method = JDCT_ISLOW;
  jpeg_calc_output_dimensions(cinfo);
  return true;
}

// Decodes every row into `pixels` (output_width × output_height × output_components bytes).
bool read_pixels_guarded(JpegReader* reader, unsigned char* pixels) {
  j_decompress_ptr cinfo = &reader->cinfo;
  if (setjmp(reader->errors.jump)) return false;
  jpeg_start_decompress(cinfo);
  const size_t row_bytes = size_t{cinfo->output_width} * static_cast<size_t>(cinfo->output_components);
  while (cinfo->output_scanline < cinfo->output_height) {
    JSAMPROW row = pixels + row_bytes * cinfo->output_scanline;
    jpeg_read_scanlines(cinfo, &row, 1);
  }
  jpeg_finish_decompress(cinfo);
  return true;
}

// Owns the libjpeg state; destroyed on every path out of the C++ functions below.
class Decompressor {
 public:
  Decompressor() { std::memset(&reader_, 0, sizeof reader_); }
  ~Decompressor() {
    if (reader_.created) jpeg_destroy_decompress(&reader_.cinfo);
  }
  Decompressor(const Decompressor&) = delete;
  Decompressor& operator=(const Decompressor&) = delete;
  JpegReader* get() { return &reader_; }
  const char* message() const { return reader_.errors.message; }

 private:
  JpegReader reader_;
};

Error library_error(const std::string& name, const char* message) {
  return fail(name, std::string("cannot decode this JPEG file (libjpeg: ") + message + ")");
}

// Header read and checked; on success `d` holds a decompressor ready for read_pixels_guarded.
Result<HeaderInfo> open(Decompressor& d, const Bytes& b, const std::string& name, const ImageLimits& limits) {
  if (!read_header_guarded(d.get(), &b)) return library_error(name, d.message());
  const jpeg_decompress_struct& cinfo = d.get()->cinfo;
  HeaderInfo info;
  info.width = cinfo.image_width;
  info.height = cinfo.image_height;
  info.source_channels = cinfo.out_color_space == JCS_GRAYSCALE ? 1 : 3;
  if (Status size = image_checks::check_size("JPEG", {info.width, info.height}, name, limits); !size)
    return size.error();
  return info;
}

}  // namespace

Result<HeaderInfo> read_jpeg_header(const Bytes& b, const std::string& name, const ImageLimits& limits) {
  Decompressor d;
  return open(d, b, name, limits);
}

Result<Image> decode_jpeg(const Bytes& b, const std::string& name, const ImageLimits& limits) {
  Decompressor d;
  Result<HeaderInfo> info = open(d, b, name, limits);
  if (!info) return info.error();
  const jpeg_decompress_struct& cinfo = d.get()->cinfo;
  const int64_t width = cinfo.output_width, height = cinfo.output_height;
  const int components = cinfo.output_components;
  std::vector<uint8_t> decoded;
  try {
    decoded.resize(static_cast<size_t>(width * height * components));
  } catch (const std::bad_alloc&) {
    return fail(name, "not enough memory to decode the " + std::to_string(width) + "\u00d7" +
                          std::to_string(height) + " JPEG");
  }
  if (!read_pixels_guarded(d.get(), decoded.data())) return library_error(name, d.message());

  Image image;
  image.width = width;
  image.height = height;
  image.channels = 3;
  image.source_channels = info->source_channels;
  if (components == 3) {
    image.pixels = std::move(decoded);
    return image;
  }
  image.pixels.resize(static_cast<size_t>(width * height * 3));
  const size_t count = static_cast<size_t>(width * height);
  for (size_t i = 0; i < count; ++i) {
    uint8_t* out = image.pixels.data() + 3 * i;
    if (components == 1) {
      out[0] = out[1] = out[2] = decoded[i];
      continue;
    }
    // Adobe writes CMYK inverted (0 = full ink), so R = C·K/255 with rounding, as stb_image did.
    const uint8_t* cmyk = decoded.data() + 4 * i;
    for (int k = 0; k < 3; ++k) {
      const unsigned t = unsigned{cmyk[k]} * cmyk[3] + 128;
      out[k] = static_cast<uint8_t>((t + (t >> 8)) >> 8);
    }
  }
  return image;
}

}  // namespace convstep::image_decoders
