// The GPU filter preview: three passes of shaders/filter.frag over float render targets. GL state is
// saved and restored around every render, so it can run in the middle of an ImGui frame.
#include "app/gfx/filter_pass.h"

#include <glad/gl.h>

#include <algorithm>
#include <cmath>
#include <iostream>
#include <utility>
#include <vector>

#include "app/gfx/gl_state.h"
#include "app/gfx/shader.h"
#include "app/gfx/texture.h"

namespace convstep {

namespace {

constexpr int kPassFilter = 0;
constexpr int kPassReduce = 1;
constexpr int kPassDisplay = 2;
// Each reduction pass folds 16 × 16 texels into one: 1920 × 3240 takes three passes to reach 1 × 1.
constexpr int kReduceBlock = 16;
constexpr int kKernelVectors = 57;

std::string n(int64_t v) {
  return std::to_string(v);
}

// A float texture with a framebuffer around it (RenderTarget only makes RGBA8 ones).
class FloatTarget {
 public:
  FloatTarget() = default;
  static Result<FloatTarget> create(int width, int height, GLint internal_format, GLenum format) {
    FloatTarget t;
    t.width_ = width;
    t.height_ = height;
    while (glGetError() != GL_NO_ERROR) {
    }
    GLint previous_texture = 0, previous_framebuffer = 0;
    glGetIntegerv(GL_TEXTURE_BINDING_2D, &previous_texture);
    glGetIntegerv(GL_FRAMEBUFFER_BINDING, &previous_framebuffer);
    glGenTextures(1, &t.texture_);
    glBindTexture(GL_TEXTURE_2D, t.texture_);
    glTexParameteri(GL_TEXTURE_2D, GL_TEXTURE_MIN_FILTER, GL_NEAREST);
    glTexParameteri(GL_TEXTURE_2D, GL_TEXTURE_MAG_FILTER, GL_NEAREST);
    glTexParameteri(GL_TEXTURE_2D, GL_TEXTURE_WRAP_S, GL_CLAMP_TO_EDGE);
    glTexParameteri(GL_TEXTURE_2D, GL_TEXTURE_WRAP_T, GL_CLAMP_TO_EDGE);
    glTexParameteri(GL_TEXTURE_2D, GL_TEXTURE_MAX_LEVEL, 0);
    glTexImage2D(GL_TEXTURE_2D, 0, internal_format, width, height, 0, format, GL_FLOAT, nullptr);
    glGenFramebuffers(1, &t.framebuffer_);
    glBindFramebuffer(GL_FRAMEBUFFER, t.framebuffer_);
    glFramebufferTexture2D(GL_FRAMEBUFFER, GL_COLOR_ATTACHMENT0, GL_TEXTURE_2D, t.texture_, 0);
    const GLenum status = glCheckFramebufferStatus(GL_FRAMEBUFFER);
    glBindFramebuffer(GL_FRAMEBUFFER, static_cast<GLuint>(previous_framebuffer));
    glBindTexture(GL_TEXTURE_2D, static_cast<GLuint>(previous_texture));
    if (status != GL_FRAMEBUFFER_COMPLETE || glGetError() != GL_NO_ERROR) {
      return make_error("this GPU cannot render into a " + n(width) + "x" + n(height) +
                        " float texture (framebuffer status " + n(status) + ")");
    }
    return t;
  }
  FloatTarget(FloatTarget&& o) noexcept
      : texture_(std::exchange(o.texture_, 0)),
        framebuffer_(std::exchange(o.framebuffer_, 0)),
        width_(o.width_),
        height_(o.height_) {}
  FloatTarget& operator=(FloatTarget&& o) noexcept {
    if (this != &o) {
      release();
      texture_ = std::exchange(o.texture_, 0);
      framebuffer_ = std::exchange(o.framebuffer_, 0);
      width_ = o.width_;
      height_ = o.height_;
    }
    return *this;
  }
  ~FloatTarget() { release(); }

  bool valid() const { return texture_ != 0; }
  GLuint texture() const { return texture_; }
  GLuint framebuffer() const { return framebuffer_; }
  int width() const { return width_; }
  int height() const { return height_; }

 private:
  void release() {
    if (!gl_available()) return;
    if (framebuffer_ != 0) glDeleteFramebuffers(1, &framebuffer_);
    if (texture_ != 0) glDeleteTextures(1, &texture_);
    framebuffer_ = texture_ = 0;
  }
  GLuint texture_ = 0;
  GLuint framebuffer_ = 0;
  int width_ = 0;
  int height_ = 0;
};

int padding_mode_code(PaddingMode mode) {
  switch (mode) {
    case PaddingMode::kZeros:
      return 0;
    case PaddingMode::kReflect:
      return 1;
    case PaddingMode::kReplicate:
      return 2;
    case PaddingMode::kCircular:
      return 3;
  }
  return 0;
}

int display_mode_code(DisplayMode mode) {
  switch (mode) {
    case DisplayMode::kClamp:
      return 0;
    case DisplayMode::kAbsolute:
      return 1;
    case DisplayMode::kRescale:
      return 2;
    case DisplayMode::kSigned:
      return 3;
  }
  return 0;
}

// shaders/filter.* from disk (so edits show without rebuilding), else the copies compiled in.
Result<ShaderProgram> load_program() {
  return ShaderProgram::load("filter");
}

}  // namespace

struct FilterPass::Gl {
  ShaderProgram program;
  VertexArray vertex_array;
  Texture image;                   // R32F, W × (C·H)
  FloatTarget filtered;            // R32F, W × (C·H)
  std::vector<FloatTarget> stats;  // RG32F, each kReduceBlock times smaller, the last 1 × 1
  RenderTarget display;            // RGBA8, W × H
  int channels = 0, width = 0, height = 0;
};

FilterPass::FilterPass() = default;
FilterPass::~FilterPass() = default;
FilterPass::FilterPass(FilterPass&&) noexcept = default;
FilterPass& FilterPass::operator=(FilterPass&&) noexcept = default;

Status FilterPass::set_image(const Tensor& chw) {
  if (!gl_available()) return make_error("no OpenGL 3.3 context is current");
  if (chw.dim() != 3 || (chw.size(0) != 1 && chw.size(0) != 3) || chw.size(1) < 1 || chw.size(2) < 1) {
    return make_error("the GPU preview takes a (1, H, W) or (3, H, W) image, not one of shape " +
                      chw.shape_string());
  }
  if (!gl_) {
    gl_ = std::make_unique<Gl>();
    Result<ShaderProgram> program = load_program();
    if (!program) {
      gl_.reset();
      return program.error();
    }
    Result<VertexArray> vertex_array = VertexArray::create();
    if (!vertex_array) {
      gl_.reset();
      return vertex_array.error();
    }
    gl_->program = std::move(program).value();
    gl_->vertex_array = std::move(vertex_array).value();
  }
  const int channels = static_cast<int>(chw.size(0));
  const int height = static_cast<int>(chw.size(1));
  const int width = static_cast<int>(chw.size(2));
  const int rows = channels * height;
  if (const int limit = max_texture_size(); rows > limit || width > limit) {
    return make_error("a " + n(channels) + "-channel " + n(width) + "x" + n(height) + " image needs a " +
                      n(width) + "x" + n(rows) + " texture, larger than this GPU's limit of " + n(limit));
  }
  Gl& g = *gl_;
  if (g.channels == channels && g.width == width && g.height == height && g.image.valid()) {
    g.image.upload(chw.data());
    return Ok{};
  }
  Result<Texture> image =
      Texture::create(width, rows, TextureFormat::kR32F, TextureFilter::kNearest, chw.data());
  if (!image) return image.error();
  Result<FloatTarget> filtered = FloatTarget::create(width, rows, GL_R32F, GL_RED);
  if (!filtered) return filtered.error();
  std::vector<FloatTarget> stats;
  for (int w = width, h = rows; w > 1 || h > 1 || stats.empty();) {
    w = (w + kReduceBlock - 1) / kReduceBlock;
    h = (h + kReduceBlock - 1) / kReduceBlock;
    Result<FloatTarget> level = FloatTarget::create(w, h, GL_RG32F, GL_RG);
    if (!level) return level.error();
    stats.push_back(std::move(level).value());
  }
  Result<RenderTarget> display = RenderTarget::create(width, height);
  if (!display) return display.error();
  g.image = std::move(image).value();
  g.filtered = std::move(filtered).value();
  g.stats = std::move(stats);
  g.display = std::move(display).value();
  g.channels = channels;
  g.width = width;
  g.height = height;
  return Ok{};
}

Status FilterPass::render(const FilterSettings& filter, const DisplayOptions& display) {
  if (!gl_ || !gl_->image.valid()) return make_error("the GPU preview has no image to filter yet");
  if (!gl_available()) return make_error("no OpenGL 3.3 context is current");
  const Tensor kernel = oriented_kernel(filter.kernel, filter.orientation);
  if (kernel.dim() != 2 || kernel.size(0) < 1 || kernel.size(1) < 1 || kernel.size(0) > kMaxGpuKernelSide ||
      kernel.size(1) > kMaxGpuKernelSide) {
    return make_error("the GPU preview takes kernels from 1x1 to " + n(kMaxGpuKernelSide) + "x" +
                      n(kMaxGpuKernelSide) + ", not one of shape " + kernel.shape_string());
  }
  Gl& g = *gl_;
  const int kh = static_cast<int>(kernel.size(0)), kw = static_cast<int>(kernel.size(1));
  std::vector<float> packed(kKernelVectors * 4, 0.0f);
  std::copy_n(kernel.data(), kernel.numel(), packed.begin());

  SavedGlState saved(GlCapabilities::kDisable);
  const GLuint program = g.program.id();
  glUseProgram(program);
  glBindVertexArray(g.vertex_array.id());
  glUniform1i(g.program.uniform("u_source"), 0);
  glUniform1i(g.program.uniform("u_stats"), 1);
  glUniform2i(g.program.uniform("u_size"), g.width, g.height);
  glUniform1i(g.program.uniform("u_channels"), g.channels);

  // Pass 0: filter.
  glUniform1i(g.program.uniform("u_pass"), kPassFilter);
  glUniform4fv(g.program.uniform("u_kernel"), kKernelVectors, packed.data());
  glUniform2i(g.program.uniform("u_kernel_size"), kw, kh);
  glUniform2i(g.program.uniform("u_pad"), (kw - 1) / 2, (kh - 1) / 2);
  glUniform1i(g.program.uniform("u_padding_mode"), padding_mode_code(filter.padding_mode));
  glActiveTexture(GL_TEXTURE0);
  glBindTexture(GL_TEXTURE_2D, g.image.id());
  glBindFramebuffer(GL_FRAMEBUFFER, g.filtered.framebuffer());
  glViewport(0, 0, g.filtered.width(), g.filtered.height());
  glDrawArrays(GL_TRIANGLES, 0, 3);

  // Pass 1: min and max, folded down to one texel.
  glUniform1i(g.program.uniform("u_pass"), kPassReduce);
  glUniform1i(g.program.uniform("u_block"), kReduceBlock);
  const FloatTarget* source = &g.filtered;
  for (const FloatTarget& level : g.stats) {
    glUniform1i(g.program.uniform("u_first"), source == &g.filtered ? 1 : 0);
    glUniform2i(g.program.uniform("u_source_size"), source->width(), source->height());
    glBindTexture(GL_TEXTURE_2D, source->texture());
    glBindFramebuffer(GL_FRAMEBUFFER, level.framebuffer());
    glViewport(0, 0, level.width(), level.height());
    glDrawArrays(GL_TRIANGLES, 0, 3);
    source = &level;
  }

  // Pass 2: display colours.
  glUniform1i(g.program.uniform("u_pass"), kPassDisplay);
  glUniform1i(g.program.uniform("u_mode"), display_mode_code(display.mode));
  const float full = display.value_max > 0 && std::isfinite(display.value_max) ? display.value_max : 255.0f;
  glUniform1f(g.program.uniform("u_value_max"), full);
  glUniform1f(g.program.uniform("u_signed_scale"),
              display.signed_scale > 0 && std::isfinite(display.signed_scale) ? display.signed_scale : 0.0f);
  glBindTexture(GL_TEXTURE_2D, g.filtered.texture());
  glActiveTexture(GL_TEXTURE1);
  glBindTexture(GL_TEXTURE_2D, g.stats.back().texture());
  glBindFramebuffer(GL_FRAMEBUFFER, g.display.framebuffer());
  glViewport(0, 0, g.width, g.height);
  glDrawArrays(GL_TRIANGLES, 0, 3);

  if (const GLenum error = glGetError(); error != GL_NO_ERROR) {
    return make_error("the GPU filter failed with GL error " + n(error));
  }
  return Ok{};
}

uint32_t FilterPass::display_texture() const {
  return gl_ ? gl_->display.texture().id() : 0;
}
int FilterPass::width() const {
  return gl_ ? gl_->width : 0;
}
int FilterPass::height() const {
  return gl_ ? gl_->height : 0;
}

Result<Image> FilterPass::read_display() const {
  if (!gl_ || !gl_->display.valid() || !gl_available()) return make_error("nothing has been rendered");
  const Gl& g = *gl_;
  std::vector<uint8_t> rgba(static_cast<size_t>(g.width) * g.height * 4);
  GLint previous = 0, alignment = 4;
  glGetIntegerv(GL_READ_FRAMEBUFFER_BINDING, &previous);
  glGetIntegerv(GL_PACK_ALIGNMENT, &alignment);
  glBindFramebuffer(GL_READ_FRAMEBUFFER, g.display.framebuffer());
  glPixelStorei(GL_PACK_ALIGNMENT, 1);
  glReadPixels(0, 0, g.width, g.height, GL_RGBA, GL_UNSIGNED_BYTE, rgba.data());
  glPixelStorei(GL_PACK_ALIGNMENT, alignment);
  glBindFramebuffer(GL_READ_FRAMEBUFFER, static_cast<GLuint>(previous));
  Image image;
  image.width = g.width;
  image.height = g.height;
  image.channels = 3;
  image.pixels.resize(static_cast<size_t>(g.width) * g.height * 3);
  // GL row 0 is image row 0 here (the passes address texels, not screen positions).
  for (size_t i = 0, count = static_cast<size_t>(g.width) * g.height; i < count; ++i) {
    for (size_t k = 0; k < 3; ++k) image.pixels[i * 3 + k] = rgba[i * 4 + k];
  }
  return image;
}

Result<FilterRange> FilterPass::read_range() const {
  if (!gl_ || gl_->stats.empty() || !gl_available()) return make_error("nothing has been rendered");
  float rg[4] = {0, 0, 0, 0};
  GLint previous = 0;
  glGetIntegerv(GL_READ_FRAMEBUFFER_BINDING, &previous);
  glBindFramebuffer(GL_READ_FRAMEBUFFER, gl_->stats.back().framebuffer());
  glReadPixels(0, 0, 1, 1, GL_RGBA, GL_FLOAT, rg);
  glBindFramebuffer(GL_READ_FRAMEBUFFER, static_cast<GLuint>(previous));
  return FilterRange{rg[0], rg[1]};
}

// ---- FilterPreview ----

bool FilterPreview::update(const Tensor& chw, uint64_t image_generation, const FilterSettings& filter,
                           const DisplayOptions& display, uint64_t generation) {
  if (failed_) return false;
  const auto fail = [&](const std::string& why) {
    failed_ = true;
    failure_ = why;
    std::cerr << "convstep: filter preview on the CPU (" << why << ")\n";
    pass_.reset();
    return false;
  };
  if (!gl_available()) return fail("no OpenGL 3.3 context");
  if (!pass_) pass_ = std::make_unique<FilterPass>();
  if (!has_image_ || image_generation != image_generation_) {
    if (Status set = pass_->set_image(chw); !set) return fail(set.message());
    has_image_ = true;
    image_generation_ = image_generation;
    rendered_ = false;
  }
  if (!rendered_ || generation != generation_) {
    // A kernel past 15×15 is refused by the playground before it gets here; stay on the GPU path
    // for the next valid one rather than switching off for good.
    if (Status drawn = pass_->render(filter, display); !drawn) {
      rendered_ = false;
      return false;
    }
    if (Result<FilterRange> range = pass_->read_range(); range) range_ = *range;
    rendered_ = true;
    generation_ = generation;
  }
  return true;
}

uint32_t FilterPreview::texture() const {
  return pass_ ? pass_->display_texture() : 0;
}

void FilterPreview::reset() {
  pass_.reset();
  has_image_ = false;
  rendered_ = false;
  failed_ = false;
  failure_.clear();
  range_ = {};
}

}  // namespace convstep
