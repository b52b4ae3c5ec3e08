// Fuzzes every image decoder path (PNG, JPEG, BMP, GIF, TGA, chosen by the bytes' signature): any bytes
// give an image within the limits or an error naming the file, never a crash, an abort or a read of
// uninitialised memory.
#include <cstddef>
#include <cstdint>
#include <vector>

#include "core/image.h"
#include "tests/fuzz/fuzz_support.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  using namespace convstep;
  const std::vector<uint8_t> bytes(data, data + size);
  ImageLimits limits;
  limits.max_side = 2048;  // keep each input fast; the size checks are what matter
  limits.max_pixels = 1 << 20;
  Result<Image> image = decode_image(bytes, "fuzz.img", limits);
  if (!image) {
    if (image.message().find("fuzz.img") == std::string::npos)
      fuzz::fail("an image error that does not name the file");
    return 0;
  }
  if (image->width < 1 || image->height < 1 || image->width > limits.max_side ||
      image->height > limits.max_side ||
      image->pixels.size() != static_cast<size_t>(image->width * image->height * image->channels))
    fuzz::fail("a decoded image outside the limits");
  // Reading every pixel lets MemorySanitizer-like checks in ASan's shadow see uninitialised reads.
  uint64_t sum = 0;
  for (uint8_t v : image->pixels) sum += v;
  if (sum == UINT64_MAX) fuzz::fail("unreachable");
  return 0;
}
