// Drawing without a window: an OpenGL 3.3 core context from EGL's surfaceless platform (Mesa), which
// needs no display server and no DISPLAY, and a framebuffer object of any size to draw into and read
// back. The window's own context can host a FrameTarget too, so the window exports the same way.
#pragma once

#include <cstdint>
#include <vector>

#include "core/result.h"

namespace convstep {

// An EGL context with no surface at all (EGL_MESA_platform_surfaceless + EGL_KHR_surfaceless_context),
// current on this thread while the object lives, with the GL functions loaded through glad.
class OffscreenContext {
 public:
  // Fails with one readable line (no EGL, no surfaceless platform, no OpenGL 3.3), never aborts.
  static Result<OffscreenContext> create();

  OffscreenContext(OffscreenContext&& other) noexcept;
  OffscreenContext& operator=(OffscreenContext&& other) noexcept;
  OffscreenContext(const OffscreenContext&) = delete;
  OffscreenContext& operator=(const OffscreenContext&) = delete;
  ~OffscreenContext();

 private:
  OffscreenContext(void* display, void* context) : display_(display), context_(context) {}
  void* display_ = nullptr;  // EGLDisplay
  void* context_ = nullptr;  // EGLContext
};

// A width × height RGBA8 framebuffer object in the current GL context.
class FrameTarget {
 public:
  static Result<FrameTarget> create(int width, int height);

  FrameTarget(FrameTarget&& other) noexcept;
  FrameTarget& operator=(FrameTarget&& other) noexcept;
  FrameTarget(const FrameTarget&) = delete;
  FrameTarget& operator=(const FrameTarget&) = delete;
  ~FrameTarget();

  int width() const { return width_; }
  int height() const { return height_; }
  // Draws go here until unbind(), which returns to the framebuffer bound before.
  void bind();
  void unbind();
  // The pixels drawn, RGBA with the top row first and alpha set opaque.
  Status read(std::vector<uint8_t>& rgba) const;

 private:
  FrameTarget(unsigned framebuffer, unsigned colour, int width, int height)
      : framebuffer_(framebuffer), colour_(colour), width_(width), height_(height) {}
  unsigned framebuffer_ = 0, colour_ = 0;
  int width_ = 0, height_ = 0;
  int previous_ = 0;
};

}  // namespace convstep
