// Structure checks for the image formats convstep opens, run before any decoder runs: which format
// a file is, the size its header gives, and whether the file holds all the data that header promises.
// Internal to core/image*.cpp, which keeps the public API in core/image.h.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "core/image.h"
#include "core/result.h"

namespace convstep::image_checks {

using Bytes = std::vector<uint8_t>;

// "<name>: <why>", the form of every image error.
Error fail(const std::string& name, const std::string& why);
// Short for std::to_string: messages are built from many numbers.
std::string n(int64_t v);
// File sizes the way a person reads them: "812 bytes", "3.4 MB".
std::string size_text(int64_t bytes);

// The format from the file's signature; nullopt when it is none convstep opens.
std::optional<ImageFormat> detect_format(const Bytes& b);
// Names the formats people most often drop by mistake ("a TIFF image"), or "" when unknown.
std::string recognise_other(const Bytes& b);

struct Header {
  int64_t width = 0, height = 0;
};

// Refuses a size of zero or past the limits, in the words of the format's header: probe_image checks
// the size this file's own parser read, the decoders again the size their library read.
Status check_size(const char* format_name, const Header& h, const std::string& name,
                  const ImageLimits& limits);

// The size the header of `format` gives; a header cut short is an error naming `name`.
Result<Header> read_header(ImageFormat format, const Bytes& b, const std::string& name);
// Why the file holds less than header `h` promises, or nullopt when it is complete.
std::optional<std::string> find_truncation(ImageFormat format, const Bytes& b, const Header& h);

}  // namespace convstep::image_checks
