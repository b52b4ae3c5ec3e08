// glReadPixels returns rows bottom-up; PNG wants them top-down, so rows are flipped while copying.
#include "app/gfx/screenshot.h"

#include <glad/gl.h>
#include <stb_image_write.h>

#include <algorithm>
#include <cstdio>
#include <filesystem>
#include <vector>

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

  const std::string temp = path + ".tmp";
  if (stbi_write_png(temp.c_str(), width, height, 4, flipped.data(), static_cast<int>(row)) == 0) {
    std::remove(temp.c_str());
    return make_error("cannot write the screenshot " + temp + " (is the folder writable?)");
  }
  std::error_code ec;
  std::filesystem::rename(temp, path, ec);
  if (ec) {
    std::remove(temp.c_str());
    return make_error("cannot rename " + temp + " to " + path + ": " + ec.message());
  }
  return Ok{};
}

}  // namespace convstep
