// GLFW reports failures through a callback; the last message is kept so create() can return it as
// the reason instead of a bare "failed". Full screen and remembered places go through GLFW's monitors.
#include "app/gfx/gl_window.h"

#include <glad/gl.h>

#include <GLFW/glfw3.h>

#include <algorithm>
#include <utility>
#include <vector>

namespace convstep {
namespace {

std::string g_last_glfw_error;

void on_glfw_error(int code, const char* description) {
  g_last_glfw_error =
      "GLFW error " + std::to_string(code) + ": " + (description ? description : "(no description)");
}

Error glfw_failure(const std::string& what) {
  std::string message = what;
  if (!g_last_glfw_error.empty()) message += " (" + g_last_glfw_error + ")";
  return make_error(message);
}

struct MonitorArea {
  GLFWmonitor* monitor = nullptr;
  int x = 0, y = 0, width = 0, height = 0;
};

std::vector<MonitorArea> monitor_areas() {
  int count = 0;
  GLFWmonitor** monitors = glfwGetMonitors(&count);
  std::vector<MonitorArea> areas;
  for (int i = 0; i < count; ++i) {
    MonitorArea a{monitors[i]};
    glfwGetMonitorWorkarea(monitors[i], &a.x, &a.y, &a.width, &a.height);
    if (a.width > 0 && a.height > 0) areas.push_back(a);
  }
  return areas;
}

int overlap(int a0, int a1, int b0, int b1) {
  return std::max(0, std::min(a1, b1) - std::max(a0, b0));
}

// The monitor holding most of the rectangle; the primary one when it lies on none.
GLFWmonitor* monitor_of(int x, int y, int width, int height) {
  GLFWmonitor* best = glfwGetPrimaryMonitor();
  long best_area = 0;
  for (const MonitorArea& a : monitor_areas()) {
    const long area = static_cast<long>(overlap(x, x + width, a.x, a.x + a.width)) *
                      overlap(y, y + height, a.y, a.y + a.height);
    if (area > best_area) {
      best_area = area;
      best = a.monitor;
    }
  }
  return best;
}

}  // namespace

Result<GlWindow> GlWindow::create(int width, int height, const std::string& title) {
  if (width <= 0 || height <= 0) {
    return make_error("cannot open a " + std::to_string(width) + "x" + std::to_string(height) +
                      " window: both sizes must be positive");
  }
  g_last_glfw_error.clear();
  glfwSetErrorCallback(on_glfw_error);
  if (!glfwInit()) {
    return glfw_failure("cannot start the window system (no display? run under xvfb-run for headless use)");
  }
  glfwWindowHint(GLFW_CONTEXT_VERSION_MAJOR, 3);
  glfwWindowHint(GLFW_CONTEXT_VERSION_MINOR, 3);
  glfwWindowHint(GLFW_OPENGL_PROFILE, GLFW_OPENGL_CORE_PROFILE);
  glfwWindowHint(GLFW_OPENGL_FORWARD_COMPAT, GLFW_TRUE);
  GLFWwindow* window = glfwCreateWindow(width, height, title.c_str(), nullptr, nullptr);
  if (window == nullptr) {
    Error error = glfw_failure("cannot create a " + std::to_string(width) + "x" + std::to_string(height) +
                               " window with an OpenGL 3.3 core context");
    glfwTerminate();
    return error;
  }
  glfwMakeContextCurrent(window);
  if (gladLoadGL(glfwGetProcAddress) == 0) {
    glfwDestroyWindow(window);
    glfwTerminate();
    return make_error("cannot load the OpenGL 3.3 core functions (glad)");
  }
  return GlWindow(window);
}

GlWindow::GlWindow(GlWindow&& other) noexcept : window_(std::exchange(other.window_, nullptr)) {}

GlWindow& GlWindow::operator=(GlWindow&& other) noexcept {
  if (this != &other) {
    this->~GlWindow();
    window_ = std::exchange(other.window_, nullptr);
  }
  return *this;
}

GlWindow::~GlWindow() {
  if (window_ == nullptr) return;
  glfwDestroyWindow(window_);
  window_ = nullptr;
  glfwTerminate();
}

bool GlWindow::should_close() const {
  return glfwWindowShouldClose(window_) != 0;
}

void GlWindow::framebuffer_size(int* width, int* height) const {
  glfwGetFramebufferSize(window_, width, height);
}

bool GlWindow::fullscreen() const {
  return glfwGetWindowMonitor(window_) != nullptr;
}

WindowPlace GlWindow::place() const {
  if (fullscreen()) return windowed_;
  WindowPlace place;
  int x = 0, y = 0;
  glfwGetWindowSize(window_, &place.width, &place.height);
  glfwGetWindowPos(window_, &x, &y);
  place.x = x;
  place.y = y;
  if (GLFWmonitor* monitor = monitor_of(x, y, place.width, place.height)) {
    const char* name = glfwGetMonitorName(monitor);
    place.monitor = name ? name : "";
  }
  return place;
}

void GlWindow::set_fullscreen(bool on) {
  if (on == fullscreen()) return;
  if (on) {
    windowed_ = place();
    GLFWmonitor* monitor =
        monitor_of(windowed_.x.value_or(0), windowed_.y.value_or(0), windowed_.width, windowed_.height);
    if (monitor == nullptr) return;
    const GLFWvidmode* mode = glfwGetVideoMode(monitor);
    if (mode == nullptr) return;
    glfwSetWindowMonitor(window_, monitor, 0, 0, mode->width, mode->height, mode->refreshRate);
  } else {
    glfwSetWindowMonitor(window_, nullptr, windowed_.x.value_or(100), windowed_.y.value_or(100),
                         windowed_.width, windowed_.height, GLFW_DONT_CARE);
  }
}

void GlWindow::move_to(const WindowPlace& place) {
  if (!place.x || !place.y) return;
  // Only onto a monitor that is there now, with the title bar's corner on it.
  for (const MonitorArea& a : monitor_areas()) {
    if (*place.x >= a.x && *place.x < a.x + a.width - 40 && *place.y >= a.y &&
        *place.y < a.y + a.height - 40) {
      glfwSetWindowPos(window_, *place.x, *place.y);
      return;
    }
  }
}

}  // namespace convstep
