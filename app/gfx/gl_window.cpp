// GLFW reports failures through a callback; the last message is kept so create() can return it as
// the reason instead of a bare "failed".
#include "app/gfx/gl_window.h"

#include <glad/gl.h>

#include <GLFW/glfw3.h>

#include <utility>

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

}  // namespace convstep
