// GLSL programs as move-only objects: compiling and linking turn the driver's info log into an
// Error instead of a crash, and sources are read from shaders/ (the source tree's, then one beside
// the executable) with a copy compiled into the binary as the last resort.
#pragma once

#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/result.h"

namespace convstep {

// True when an OpenGL 3.3 context is current and glad has loaded its functions; GL objects may
// only be made (and drawn with) then. Tests and the no-window paths see false.
bool gl_available();

// Whether a GL_RENDERER string names a renderer that runs on the CPU (Mesa's llvmpipe, softpipe and
// swrast, Windows' GDI one): shaders there are slower than the engine's own loops.
bool is_software_renderer(std::string_view renderer);
// The current context's renderer is a software one (false without a context).
bool current_renderer_is_software();

class ShaderProgram {
 public:
  ShaderProgram() = default;  // no program: valid() is false
  // Compiles both stages and links them; `name` only labels the error ("heatmap.frag: 0:12(3): …").
  static Result<ShaderProgram> compile(std::string_view vertex_source, std::string_view fragment_source,
                                       std::string_view name);
  // Loads `<name>.vert` and `<name>.frag` with load_shader_source, then compiles them.
  static Result<ShaderProgram> load(std::string_view name);

  ShaderProgram(ShaderProgram&& other) noexcept;
  ShaderProgram& operator=(ShaderProgram&& other) noexcept;
  ShaderProgram(const ShaderProgram&) = delete;
  ShaderProgram& operator=(const ShaderProgram&) = delete;
  ~ShaderProgram();

  bool valid() const { return id_ != 0; }
  uint32_t id() const { return id_; }
  // Location of a uniform, −1 when the program has none of that name (GL then ignores the set).
  int uniform(const char* name) const;

 private:
  explicit ShaderProgram(uint32_t id) : id_(id) {}
  uint32_t id_ = 0;
};

// An empty vertex array object: the core profile needs one bound even for draws whose vertices come
// from gl_VertexID alone.
class VertexArray {
 public:
  VertexArray() = default;
  static Result<VertexArray> create();
  VertexArray(VertexArray&& other) noexcept;
  VertexArray& operator=(VertexArray&& other) noexcept;
  VertexArray(const VertexArray&) = delete;
  VertexArray& operator=(const VertexArray&) = delete;
  ~VertexArray();
  uint32_t id() const { return id_; }

 private:
  uint32_t id_ = 0;
};

// Where shader files are looked for, in order: CONVSTEP_SHADERS_DIR (the source tree's shaders/,
// so edits show without rebuilding), then shaders/ beside the executable (an installed copy).
std::vector<std::filesystem::path> shader_search_dirs();

// The text of a shader file such as "heatmap.frag": the first one found in shader_search_dirs(),
// else the copy compiled into the binary; an Error naming the places looked in when neither exists.
Result<std::string> load_shader_source(std::string_view file_name);

// The copy compiled into the binary (generated from shaders/ at build time), if there is one.
std::optional<std::string_view> embedded_shader_source(std::string_view file_name);

}  // namespace convstep
