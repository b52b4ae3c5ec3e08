// glReadPixels returns rows bottom-up; PNG wants them top-down, so rows are flipped while copying.
// The PNG is written by core (write_png: encoded in memory, then atomic_write).
#include "app/gfx/screenshot.h"

#include <glad/gl.h>

#include <algorithm>
#include <utility>
#include <vector>

#include "core/image.h"

namespace convstep {

Status save_screenshot(const std::string& path, int width, int height) {
  if (width <= 0 || height <= 0) {
    return make_error("cannot take a " + std::to_string(width) + "x" + std::to_string(height) +
                      " screenshot");
  }
  const size_t row = static_cast<size_t>(width) * 4;
  std::vector<unsigned char> pixels(row * static_cast<size_t>(height));
  glPixelStorei(GL_PACK_ALIGNMENT, 1);
  glReadBuffer(GL_BACK);
  glReadPixels(0, 0, width, height, GL_RGBA, GL_UNSIGNED_BYTE, pixels.data());
  if (const GLenum gl_error = glGetError(); gl_error != GL_NO_ERROR) {
    return make_error("cannot read the framebuffer for " + path + " (OpenGL error " +
                      std::to_string(gl_error) + ")");
  }
  std::vector<unsigned char> flipped(pixels.size());
  for (int y = 0; y < height; ++y) {
    std::copy_n(pixels.begin() + static_cast<std::ptrdiff_t>(row * (height - 1 - y)), row,
                flipped.begin() + static_cast<std::ptrdiff_t>(row * y));
  }
  // The window is opaque; drop whatever alpha the framebuffer holds.
  for (size_t i = 3; i < flipped.size(); i += 4) flipped[i] = 255;

  // Encoded in memory and written by core's atomic_write, like every other file convstep writes.
  Image image;
  image.width = width;
  image.height = height;
  image.channels = 4;
  image.source_channels = 4;
  image.pixels = std::move(flipped);
  return write_png(path, image);
}

}  // namespace convstep
