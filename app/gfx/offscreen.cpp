// EGL is asked for Mesa's surfaceless platform explicitly (eglGetPlatformDisplayEXT), so neither X11
// nor Wayland is tried and a machine without a display server gets the same llvmpipe renderer as
// Xvfb. The framebuffer object's colour is a renderbuffer: it is only ever read back.
#include "app/gfx/offscreen.h"

#include <glad/gl.h>

#include <EGL/egl.h>
#include <EGL/eglext.h>

#include <algorithm>
#include <cstring>
#include <string>
#include <utility>

namespace convstep {
namespace {

std::string egl_code() {
  char text[32];
  std::snprintf(text, sizeof text, "0x%04X", static_cast<unsigned>(eglGetError()));
  return text;
}

GLADapiproc egl_proc(const char* name) {
  return reinterpret_cast<GLADapiproc>(eglGetProcAddress(name));
}

bool has_extension(const char* list, const char* name) {
  if (list == nullptr) return false;
  const size_t length = std::strlen(name);
  for (const char* at = std::strstr(list, name); at != nullptr; at = std::strstr(at + 1, name))
    if ((at == list || at[-1] == ' ') && (at[length] == ' ' || at[length] == '\0')) return true;
  return false;
}

}  // namespace

Result<OffscreenContext> OffscreenContext::create() {
  const char* client = eglQueryString(EGL_NO_DISPLAY, EGL_EXTENSIONS);
  if (!has_extension(client, "EGL_MESA_platform_surfaceless"))
    return make_error(
        "cannot draw offscreen: EGL has no surfaceless platform (EGL_MESA_platform_surfaceless; "
        "install libegl-mesa0)");
  auto get_display =
      reinterpret_cast<PFNEGLGETPLATFORMDISPLAYEXTPROC>(eglGetProcAddress("eglGetPlatformDisplayEXT"));
  if (get_display == nullptr) return make_error("cannot draw offscreen: EGL lacks eglGetPlatformDisplayEXT");
  EGLDisplay display = get_display(EGL_PLATFORM_SURFACELESS_MESA, EGL_DEFAULT_DISPLAY, nullptr);
  EGLint major = 0, minor = 0;
  if (display == EGL_NO_DISPLAY || !eglInitialize(display, &major, &minor))
    return make_error("cannot draw offscreen: EGL's surfaceless display does not start (EGL error " +
                      egl_code() + ")");
  const auto fail = [&](const std::string& what) {
    Error error = make_error("cannot draw offscreen: " + what + " (EGL error " + egl_code() + ")");
    eglTerminate(display);
    return error;
  };
  if (!has_extension(eglQueryString(display, EGL_EXTENSIONS), "EGL_KHR_surfaceless_context"))
    return fail("EGL cannot make a context current without a surface");
  if (!eglBindAPI(EGL_OPENGL_API)) return fail("EGL offers no desktop OpenGL");
  // The context draws only into framebuffer objects, so it needs no configuration where EGL allows it.
  EGLConfig config = nullptr;
  if (!has_extension(eglQueryString(display, EGL_EXTENSIONS), "EGL_KHR_no_config_context")) {
    const EGLint config_attributes[] = {EGL_RENDERABLE_TYPE, EGL_OPENGL_BIT, EGL_NONE};
    EGLint configs = 0;
    if (!eglChooseConfig(display, config_attributes, &config, 1, &configs) || configs < 1)
      return fail("no EGL configuration for desktop OpenGL");
  }
  const EGLint context_attributes[] = {EGL_CONTEXT_MAJOR_VERSION,
                                       3,
                                       EGL_CONTEXT_MINOR_VERSION,
                                       3,
                                       EGL_CONTEXT_OPENGL_PROFILE_MASK,
                                       EGL_CONTEXT_OPENGL_CORE_PROFILE_BIT,
                                       EGL_NONE};
  EGLContext context = eglCreateContext(display, config, EGL_NO_CONTEXT, context_attributes);
  if (context == EGL_NO_CONTEXT) return fail("no OpenGL 3.3 core context");
  if (!eglMakeCurrent(display, EGL_NO_SURFACE, EGL_NO_SURFACE, context)) {
    eglDestroyContext(display, context);
    return fail("the context cannot be made current");
  }
  if (gladLoadGL(egl_proc) == 0) {
    eglMakeCurrent(display, EGL_NO_SURFACE, EGL_NO_SURFACE, EGL_NO_CONTEXT);
    eglDestroyContext(display, context);
    return fail("cannot load the OpenGL 3.3 core functions (glad)");
  }
  return OffscreenContext(display, context);
}

OffscreenContext::OffscreenContext(OffscreenContext&& other) noexcept
    : display_(std::exchange(other.display_, nullptr)), context_(std::exchange(other.context_, nullptr)) {}

OffscreenContext& OffscreenContext::operator=(OffscreenContext&& other) noexcept {
  if (this != &other) {
    this->~OffscreenContext();
    display_ = std::exchange(other.display_, nullptr);
    context_ = std::exchange(other.context_, nullptr);
  }
  return *this;
}

OffscreenContext::~OffscreenContext() {
  if (display_ == nullptr) return;
  eglMakeCurrent(display_, EGL_NO_SURFACE, EGL_NO_SURFACE, EGL_NO_CONTEXT);
  if (context_ != nullptr) eglDestroyContext(display_, context_);
  eglTerminate(display_);
  display_ = context_ = nullptr;
}

Result<FrameTarget> FrameTarget::create(int width, int height) {
  GLint most = 0;
  glGetIntegerv(GL_MAX_RENDERBUFFER_SIZE, &most);
  if (width < 1 || height < 1 || width > most || height > most)
    return make_error("cannot draw a " + std::to_string(width) + "x" + std::to_string(height) +
                      " frame: this OpenGL draws at most " + std::to_string(most) + " pixels a side");
  GLint previous = 0;
  glGetIntegerv(GL_FRAMEBUFFER_BINDING, &previous);
  GLuint framebuffer = 0, colour = 0;
  glGenFramebuffers(1, &framebuffer);
  glGenRenderbuffers(1, &colour);
  glBindRenderbuffer(GL_RENDERBUFFER, colour);
  glRenderbufferStorage(GL_RENDERBUFFER, GL_RGBA8, width, height);
  glBindFramebuffer(GL_FRAMEBUFFER, framebuffer);
  glFramebufferRenderbuffer(GL_FRAMEBUFFER, GL_COLOR_ATTACHMENT0, GL_RENDERBUFFER, colour);
  const GLenum status = glCheckFramebufferStatus(GL_FRAMEBUFFER);
  glBindFramebuffer(GL_FRAMEBUFFER, static_cast<GLuint>(previous));
  FrameTarget target(framebuffer, colour, width, height);
  if (status != GL_FRAMEBUFFER_COMPLETE)
    return make_error("cannot draw offscreen: the " + std::to_string(width) + "x" + std::to_string(height) +
                      " framebuffer is incomplete (status " + std::to_string(status) + ")");
  return target;
}

FrameTarget::FrameTarget(FrameTarget&& other) noexcept
    : framebuffer_(std::exchange(other.framebuffer_, 0)),
      colour_(std::exchange(other.colour_, 0)),
      width_(other.width_),
      height_(other.height_),
      previous_(other.previous_) {}

FrameTarget& FrameTarget::operator=(FrameTarget&& other) noexcept {
  if (this != &other) {
    this->~FrameTarget();
    framebuffer_ = std::exchange(other.framebuffer_, 0);
    colour_ = std::exchange(other.colour_, 0);
    width_ = other.width_;
    height_ = other.height_;
    previous_ = other.previous_;
  }
  return *this;
}

FrameTarget::~FrameTarget() {
  if (framebuffer_ != 0) glDeleteFramebuffers(1, &framebuffer_);
  if (colour_ != 0) glDeleteRenderbuffers(1, &colour_);
  framebuffer_ = colour_ = 0;
}

void FrameTarget::bind() {
  glGetIntegerv(GL_FRAMEBUFFER_BINDING, &previous_);
  glBindFramebuffer(GL_FRAMEBUFFER, framebuffer_);
  glViewport(0, 0, width_, height_);
}

void FrameTarget::unbind() {
  glBindFramebuffer(GL_FRAMEBUFFER, static_cast<GLuint>(previous_));
}

Status FrameTarget::read(std::vector<uint8_t>& rgba) const {
  const size_t row = static_cast<size_t>(width_) * 4;
  std::vector<uint8_t> bottom_up(row * static_cast<size_t>(height_));
  GLint previous = 0;
  glGetIntegerv(GL_READ_FRAMEBUFFER_BINDING, &previous);
  glBindFramebuffer(GL_READ_FRAMEBUFFER, framebuffer_);
  glPixelStorei(GL_PACK_ALIGNMENT, 1);
  glReadPixels(0, 0, width_, height_, GL_RGBA, GL_UNSIGNED_BYTE, bottom_up.data());
  glBindFramebuffer(GL_READ_FRAMEBUFFER, static_cast<GLuint>(previous));
  if (const GLenum error = glGetError(); error != GL_NO_ERROR)
    return make_error("cannot read the offscreen frame back (OpenGL error " + std::to_string(error) + ")");
  rgba.resize(bottom_up.size());
  for (int y = 0; y < height_; ++y)
    std::copy_n(bottom_up.begin() + static_cast<std::ptrdiff_t>(row * (height_ - 1 - y)), row,
                rgba.begin() + static_cast<std::ptrdiff_t>(row * y));
  for (size_t i = 3; i < rgba.size(); i += 4) rgba[i] = 255;
  return Ok{};
}

}  // namespace convstep
