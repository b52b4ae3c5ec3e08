// The GLFW window with its OpenGL 3.3 core context, owned by one move-only object: creating it
// initialises GLFW and loads the GL functions through glad; destroying it tears both down.
#pragma once

#include <string>

#include "core/result.h"
#include "core/settings.h"

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

  // Full screen on the monitor that holds most of the window, or back to the window it was.
  void set_fullscreen(bool on);
  bool fullscreen() const;
  // Where the window is, as settings remember it: its windowed size and position even while full
  // screen, and its monitor's name.
  WindowPlace place() const;
  // Moves the window to a remembered position, when that position is still on one of the monitors
  // (a projector unplugged since must not leave the window out of sight).
  void move_to(const WindowPlace& place);

 private:
  explicit GlWindow(GLFWwindow* window) : window_(window) {}
  GLFWwindow* window_ = nullptr;
  WindowPlace windowed_;  // the place to return to from full screen
};

}  // namespace convstep
