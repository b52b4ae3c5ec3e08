// Shared by the tests that render on a real GPU: one hidden GLFW window with an OpenGL 3.3 core
// context, made current and loaded with glad, for the whole test program (under Xvfb in
// scripts/test.sh). Tests start with REQUIRE_GL() so a missing display fails with the reason.
#pragma once

#include <glad/gl.h>

#include <GLFW/glfw3.h>
#include <gtest/gtest.h>

#include <cstdlib>
#include <string>

namespace convstep {

struct GlContext {
  GLFWwindow* window = nullptr;
  std::string error;  // empty when the context is ready
};

// Created on first use and kept until the program exits, since every test shares it.
inline const GlContext& gl_context() {
  static const GlContext context = [] {
    GlContext c;
    const char* display = std::getenv("DISPLAY");
    if (display == nullptr || *display == '\0') {
      c.error =
          "DISPLAY is not set: run this test under a virtual X server, e.g. "
          "xvfb-run -a -s \"-screen 0 1280x800x24\" (scripts/test.sh does)";
      return c;
    }
    if (!glfwInit()) {
      c.error = std::string("glfwInit failed with DISPLAY=") + display;
      return c;
    }
    glfwWindowHint(GLFW_VISIBLE, GLFW_FALSE);
    glfwWindowHint(GLFW_CONTEXT_VERSION_MAJOR, 3);
    glfwWindowHint(GLFW_CONTEXT_VERSION_MINOR, 3);
    glfwWindowHint(GLFW_OPENGL_PROFILE, GLFW_OPENGL_CORE_PROFILE);
    glfwWindowHint(GLFW_OPENGL_FORWARD_COMPAT, GLFW_TRUE);
    c.window = glfwCreateWindow(64, 64, "convstep gl test", nullptr, nullptr);
    if (c.window == nullptr) {
      c.error = "cannot create a hidden window with an OpenGL 3.3 core context";
      return c;
    }
    glfwMakeContextCurrent(c.window);
    if (gladLoadGL(glfwGetProcAddress) == 0) c.error = "glad could not load OpenGL 3.3";
    return c;
  }();
  return context;
}

}  // namespace convstep

#define REQUIRE_GL() ASSERT_EQ(::convstep::gl_context().error, "") << "this test needs OpenGL"
