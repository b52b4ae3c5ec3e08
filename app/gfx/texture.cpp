// Texture and render-target wrappers. The texture binding is restored after each call, so making
// or updating a texture in the middle of a frame leaves ImGui's state as it was.
#include "app/gfx/texture.h"

#include <glad/gl.h>

#include <cstdio>
#include <string>
#include <utility>

#include "app/gfx/shader.h"

namespace convstep {
namespace {

struct FormatInfo {
  GLint internal_format;
  GLenum format;
  GLenum type;
};

FormatInfo info(TextureFormat format) {
  switch (format) {
    case TextureFormat::kR32F:
      return {GL_R32F, GL_RED, GL_FLOAT};
    case TextureFormat::kRGBA8:
      return {GL_RGBA8, GL_RGBA, GL_UNSIGNED_BYTE};
  }
  return {GL_RGBA8, GL_RGBA, GL_UNSIGNED_BYTE};
}

// Binds `texture` to GL_TEXTURE_2D for the life of the scope, then puts the old one back.
class TextureBinding {
 public:
  explicit TextureBinding(GLuint texture) {
    glGetIntegerv(GL_TEXTURE_BINDING_2D, &previous_);
    glGetIntegerv(GL_UNPACK_ALIGNMENT, &alignment_);
    glGetIntegerv(GL_UNPACK_ROW_LENGTH, &row_length_);
    glBindTexture(GL_TEXTURE_2D, texture);
    glPixelStorei(GL_UNPACK_ALIGNMENT, 1);
    glPixelStorei(GL_UNPACK_ROW_LENGTH, 0);
  }
  ~TextureBinding() {
    glPixelStorei(GL_UNPACK_ALIGNMENT, alignment_);
    glPixelStorei(GL_UNPACK_ROW_LENGTH, row_length_);
    glBindTexture(GL_TEXTURE_2D, static_cast<GLuint>(previous_));
  }
  TextureBinding(const TextureBinding&) = delete;
  TextureBinding& operator=(const TextureBinding&) = delete;

 private:
  GLint previous_ = 0;
  GLint alignment_ = 4;
  GLint row_length_ = 0;
};

std::string gl_hex(GLenum code) {
  char hex[16];
  std::snprintf(hex, sizeof hex, "0x%04X", code);
  return hex;
}

}  // namespace

int max_texture_size() {
  GLint size = 0;
  glGetIntegerv(GL_MAX_TEXTURE_SIZE, &size);
  return size;
}

Result<Texture> Texture::create(int width, int height, TextureFormat format, TextureFilter filter,
                                const void* pixels) {
  if (!gl_available()) return make_error("cannot make a texture: no OpenGL 3.3 context is current");
  const int limit = max_texture_size();
  if (width <= 0 || height <= 0 || width > limit || height > limit) {
    return make_error("cannot make a " + std::to_string(width) + "x" + std::to_string(height) +
                      " texture: each side must be between 1 and this GPU's limit of " +
                      std::to_string(limit));
  }
  while (glGetError() != GL_NO_ERROR) {
  }
  Texture texture;
  glGenTextures(1, &texture.id_);
  texture.width_ = width;
  texture.height_ = height;
  texture.format_ = format;
  const FormatInfo f = info(format);
  const GLint gl_filter = filter == TextureFilter::kLinear ? GL_LINEAR : GL_NEAREST;
  {
    TextureBinding binding(texture.id_);
    glTexParameteri(GL_TEXTURE_2D, GL_TEXTURE_MIN_FILTER, gl_filter);
    glTexParameteri(GL_TEXTURE_2D, GL_TEXTURE_MAG_FILTER, gl_filter);
    glTexParameteri(GL_TEXTURE_2D, GL_TEXTURE_WRAP_S, GL_CLAMP_TO_EDGE);
    glTexParameteri(GL_TEXTURE_2D, GL_TEXTURE_WRAP_T, GL_CLAMP_TO_EDGE);
    glTexParameteri(GL_TEXTURE_2D, GL_TEXTURE_MAX_LEVEL, 0);
    glTexImage2D(GL_TEXTURE_2D, 0, f.internal_format, width, height, 0, f.format, f.type, pixels);
  }
  if (const GLenum error = glGetError(); error != GL_NO_ERROR) {
    return make_error("OpenGL refused a " + std::to_string(width) + "x" + std::to_string(height) +
                      " texture (GL error " + gl_hex(error) + ")");
  }
  return texture;
}

Texture::Texture(Texture&& other) noexcept
    : id_(std::exchange(other.id_, 0)),
      width_(std::exchange(other.width_, 0)),
      height_(std::exchange(other.height_, 0)),
      format_(other.format_) {}

Texture& Texture::operator=(Texture&& other) noexcept {
  if (this != &other) {
    if (id_ != 0 && gl_available()) glDeleteTextures(1, &id_);
    id_ = std::exchange(other.id_, 0);
    width_ = std::exchange(other.width_, 0);
    height_ = std::exchange(other.height_, 0);
    format_ = other.format_;
  }
  return *this;
}

Texture::~Texture() {
  if (id_ != 0 && gl_available()) glDeleteTextures(1, &id_);
}

void Texture::upload(const void* pixels) {
  if (id_ == 0 || pixels == nullptr) return;
  const FormatInfo f = info(format_);
  TextureBinding binding(id_);
  glTexSubImage2D(GL_TEXTURE_2D, 0, 0, 0, width_, height_, f.format, f.type, pixels);
}

Result<RenderTarget> RenderTarget::create(int width, int height) {
  Result<Texture> texture =
      Texture::create(width, height, TextureFormat::kRGBA8, TextureFilter::kNearest, nullptr);
  if (!texture) return texture.error();
  RenderTarget target;
  target.texture_ = std::move(texture).value();
  GLint previous = 0;
  glGetIntegerv(GL_FRAMEBUFFER_BINDING, &previous);
  glGenFramebuffers(1, &target.framebuffer_);
  glBindFramebuffer(GL_FRAMEBUFFER, target.framebuffer_);
  glFramebufferTexture2D(GL_FRAMEBUFFER, GL_COLOR_ATTACHMENT0, GL_TEXTURE_2D, target.texture_.id(), 0);
  const GLenum status = glCheckFramebufferStatus(GL_FRAMEBUFFER);
  glBindFramebuffer(GL_FRAMEBUFFER, static_cast<GLuint>(previous));
  if (status != GL_FRAMEBUFFER_COMPLETE) {
    return make_error("cannot render into a " + std::to_string(width) + "x" + std::to_string(height) +
                      " texture: framebuffer incomplete (status " + gl_hex(status) + ")");
  }
  return target;
}

RenderTarget::RenderTarget(RenderTarget&& other) noexcept
    : framebuffer_(std::exchange(other.framebuffer_, 0)), texture_(std::move(other.texture_)) {}

RenderTarget& RenderTarget::operator=(RenderTarget&& other) noexcept {
  if (this != &other) {
    if (framebuffer_ != 0 && gl_available()) glDeleteFramebuffers(1, &framebuffer_);
    framebuffer_ = std::exchange(other.framebuffer_, 0);
    texture_ = std::move(other.texture_);
  }
  return *this;
}

RenderTarget::~RenderTarget() {
  if (framebuffer_ != 0 && gl_available()) glDeleteFramebuffers(1, &framebuffer_);
}

}  // namespace convstep
