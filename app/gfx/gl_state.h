// An RAII guard that saves the GL state an offscreen render touches and restores it when the scope
// ends, so a widget or preview can render into its own framebuffer in the middle of an ImGui frame
// without disturbing what ImGui or the main loop have bound.
#pragma once

#include <glad/gl.h>

namespace convstep {

// Whether the guard also switches off blending and the scissor/depth/cull/stencil tests once it has
// saved them, for renders that expect plain overwriting draws.
enum class GlCapabilities { kKeep, kDisable };

class SavedGlState {
 public:
  explicit SavedGlState(GlCapabilities capabilities = GlCapabilities::kKeep);
  ~SavedGlState();
  SavedGlState(const SavedGlState&) = delete;
  SavedGlState& operator=(const SavedGlState&) = delete;

 private:
  GLint draw_framebuffer_ = 0, read_framebuffer_ = 0;
  GLint viewport_[4] = {0, 0, 0, 0};
  GLint program_ = 0, vertex_array_ = 0, active_texture_ = GL_TEXTURE0;
  // Texture units 0 and 1: the most any of the offscreen renders binds.
  GLint textures_[2] = {0, 0};
  GLboolean blend_ = GL_FALSE, scissor_ = GL_FALSE, depth_ = GL_FALSE, cull_ = GL_FALSE, stencil_ = GL_FALSE;
};

}  // namespace convstep
