// The decoders behind core/image.h's decode_image: libjpeg-turbo for JPEG and libpng for PNG (both
// fuzzed for years and shipped by Debian), stb_image only for BMP, GIF and TGA. Each reads the header
// first and checks the size against ImageLimits before a byte of pixels is allocated.
// Internal to core/image.cpp; the C libraries' setjmp/longjmp error handling stays inside these files.
#pragma once

#include <string>

#include "core/image.h"
#include "core/image_checks.h"
#include "core/result.h"

namespace convstep::image_decoders {

// What the header says: size and the channels the file holds (1 grey, 2 grey + alpha, 3 colour,
// 4 colour + alpha; a PNG palette or tRNS chunk counts as alpha, as stb_image counted it).
struct HeaderInfo {
  int64_t width = 0, height = 0;
  int source_channels = 3;
};

// Each reads only the header; errors name `name` and give the library's reason.
Result<HeaderInfo> read_jpeg_header(const image_checks::Bytes& b, const std::string& name,
                                    const ImageLimits& limits);
Result<HeaderInfo> read_png_header(const image_checks::Bytes& b, const std::string& name,
                                   const ImageLimits& limits);

// Decode to 8-bit RGB, or RGBA when the file has alpha (opaque alpha is dropped by the caller).
// Grey becomes R = G = B, CMYK JPEGs become RGB, 16-bit PNG samples keep their high byte, palette
// and low bit depths are expanded: the pixels stb_image gave for the same file.
Result<Image> decode_jpeg(const image_checks::Bytes& b, const std::string& name, const ImageLimits& limits);
Result<Image> decode_png(const image_checks::Bytes& b, const std::string& name, const ImageLimits& limits);

}  // namespace convstep::image_decoders
