// GL textures and render targets as move-only objects, so every texture the heatmap makes is freed
// exactly once. Creation checks sizes against the driver's limits and returns an Error with the
// numbers rather than letting GL fail silently.
#pragma once

#include <cstdint>

#include "core/result.h"

namespace convstep {

enum class TextureFormat {
  kR32F,   // one float per texel: tensor values
  kRGBA8,  // 8-bit colour: lookup tables and render targets
};

enum class TextureFilter { kNearest, kLinear };

class Texture {
 public:
  Texture() = default;  // no texture: valid() is false
  // A width × height 2-D texture, clamped at the edges; `pixels` (may be null) is tightly packed,
  // rows from the first (texture y = 0) on.
  static Result<Texture> create(int width, int height, TextureFormat format, TextureFilter filter,
                                const void* pixels);

  Texture(Texture&& other) noexcept;
  Texture& operator=(Texture&& other) noexcept;
  Texture(const Texture&) = delete;
  Texture& operator=(const Texture&) = delete;
  ~Texture();

  // Replaces every texel (same size and format as created).
  void upload(const void* pixels);

  bool valid() const { return id_ != 0; }
  uint32_t id() const { return id_; }
  int width() const { return width_; }
  int height() const { return height_; }
  TextureFormat format() const { return format_; }

 private:
  uint32_t id_ = 0;
  int width_ = 0;
  int height_ = 0;
  TextureFormat format_ = TextureFormat::kRGBA8;
};

// A framebuffer object drawing into one RGBA8 texture of its own.
class RenderTarget {
 public:
  RenderTarget() = default;
  static Result<RenderTarget> create(int width, int height);

  RenderTarget(RenderTarget&& other) noexcept;
  RenderTarget& operator=(RenderTarget&& other) noexcept;
  RenderTarget(const RenderTarget&) = delete;
  RenderTarget& operator=(const RenderTarget&) = delete;
  ~RenderTarget();

  bool valid() const { return framebuffer_ != 0; }
  uint32_t framebuffer() const { return framebuffer_; }
  const Texture& texture() const { return texture_; }
  int width() const { return texture_.width(); }
  int height() const { return texture_.height(); }

 private:
  uint32_t framebuffer_ = 0;
  Texture texture_;
};

// GL_MAX_TEXTURE_SIZE of the current context (0 without one).
int max_texture_size();

}  // namespace convstep
