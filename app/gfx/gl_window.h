// The GLFW window with its OpenGL 3.3 core context, owned by one move-only object: creating it
// initialises GLFW and loads the GL functions through glad; destroying it tears both down.
#pragma once

#include <string>

#include "core/result.h"

struct GLFWwindow;

namespace convstep {

class GlWindow {
 public:
  // Fails with one readable line (no display, no OpenGL 3.3, ...), never aborts.
  static Result<GlWindow> create(int width, int height, const std::string& title);

  GlWindow(GlWindow&& other) noexcept;
  GlWindow& operator=(GlWindow&& other) noexcept;
  GlWindow(const GlWindow&) = delete;
  GlWindow& operator=(const GlWindow&) = delete;
  ~GlWindow();

  GLFWwindow* handle() const { return window_; }
  bool should_close() const;
  // Framebuffer size in pixels (may differ from the window size on high-DPI screens).
  void framebuffer_size(int* width, int* height) const;

 private:
  explicit GlWindow(GLFWwindow* window) : window_(window) {}
  GLFWwindow* window_ = nullptr;
};

}  // namespace convstep
