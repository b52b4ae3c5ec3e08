// Shader loading and the program/vertex-array wrappers. Every GL call that can fail reports through
// the info log or glGetError into an Error; nothing here aborts when the driver says no.
#include "app/gfx/shader.h"

#include <glad/gl.h>

#include <GLFW/glfw3.h>

#include <algorithm>
#include <array>
#include <fstream>
#include <sstream>
#include <utility>

namespace convstep {
namespace {

// Copies of shaders/ compiled in, for a binary run away from the source tree and without an
// installed shaders/ folder. tests/app/heatmap_test.cpp checks they match the files byte for byte;
// after editing a shader, paste its new text here.
struct EmbeddedShader {
  std::string_view file_name;
  std::string_view source;
};

constexpr std::array kEmbeddedShaders = {
    EmbeddedShader{
        "heatmap.vert",
        R"glsl(// convstep heatmap: one triangle that covers the whole framebuffer; the fragment shader works out
// which tensor cell each pixel shows from gl_FragCoord, so no vertex data is needed.
#version 330 core

void main() {
  // gl_VertexID 0, 1, 2 -> (-1, -1), (3, -1), (-1, 3): a triangle that contains the clip square.
  vec2 corner = vec2(float((gl_VertexID & 1) << 2) - 1.0, float((gl_VertexID & 2) << 1) - 1.0);
  gl_Position = vec4(corner, 0.0, 1.0);
}
)glsl"},
    EmbeddedShader{
        "heatmap.frag",
        R"glsl(// convstep heatmap: colours a tensor slice stored as a single-channel float texture through the
// palette's 256-entry lookup table, one flat colour per cell (texelFetch, no filtering), row 0 at
// the top. NaN cells get the "no value" colour; thin grid lines separate cells of 4 px or more.
#version 330 core

uniform sampler2D u_values;      // R32F, cols x rows, row 0 first
uniform sampler2D u_lut;         // RGBA8, 256 x 1, the scale from t = 0 to t = 1
uniform vec2 u_size;             // framebuffer size in pixels
uniform ivec2 u_cells;           // (cols, rows)
uniform vec2 u_range;            // (lo, hi): lo maps to t = 0, hi to t = 1
uniform vec4 u_no_value_color;   // fill for NaN
uniform vec4 u_grid_color;
uniform bool u_grid;             // draw grid lines (only honoured when cells are >= 4 px)

out vec4 frag_color;

// The cell a pixel column (or row) at `pixel` falls in, with `count` cells over `extent` pixels.
int cell_of(float pixel, int count, float extent) {
  return min(int(floor(pixel * float(count) / extent)), count - 1);
}

void main() {
  // Pixel centres, measured from the top-left so row 0 is drawn at the top.
  float x = gl_FragCoord.x;
  float y = u_size.y - gl_FragCoord.y;
  int col = cell_of(x, u_cells.x, u_size.x);
  int row = cell_of(y, u_cells.y, u_size.y);

  vec2 cell_px = u_size / vec2(u_cells);
  if (u_grid && min(cell_px.x, cell_px.y) >= 4.0) {
    // The first pixel of every cell but the first row/column is a line.
    bool left_edge = col > 0 && cell_of(x - 1.0, u_cells.x, u_size.x) != col;
    bool top_edge = row > 0 && cell_of(y - 1.0, u_cells.y, u_size.y) != row;
    if (left_edge || top_edge) {
      frag_color = u_grid_color;
      return;
    }
  }

  float value = texelFetch(u_values, ivec2(col, row), 0).r;
  if (isnan(value)) {
    frag_color = u_no_value_color;
    return;
  }
  float span = u_range.y - u_range.x;
  float t = span > 0.0 ? clamp((value - u_range.x) / span, 0.0, 1.0) : 0.5;
  // Sample between entry centres so linear filtering interpolates the table as the CPU does.
  frag_color = vec4(texture(u_lut, vec2((t * 255.0 + 0.5) / 256.0, 0.5)).rgb, 1.0);
}
)glsl"},
};

std::string shader_log(GLuint object, bool is_program) {
  GLint length = 0;
  if (is_program) {
    glGetProgramiv(object, GL_INFO_LOG_LENGTH, &length);
  } else {
    glGetShaderiv(object, GL_INFO_LOG_LENGTH, &length);
  }
  std::string log(static_cast<size_t>(std::max(length, 1)), '\0');
  if (is_program) {
    glGetProgramInfoLog(object, length, nullptr, log.data());
  } else {
    glGetShaderInfoLog(object, length, nullptr, log.data());
  }
  log.resize(log.find('\0') == std::string::npos ? log.size() : log.find('\0'));
  while (!log.empty() && (log.back() == '\n' || log.back() == ' ')) log.pop_back();
  return log.empty() ? "(the driver gave no log)" : log;
}

Result<GLuint> compile_stage(GLenum stage, std::string_view source, const std::string& label) {
  const GLuint shader = glCreateShader(stage);
  if (shader == 0) return make_error(label + ": the driver could not create a shader object");
  const GLchar* text = source.data();
  const GLint length = static_cast<GLint>(source.size());
  glShaderSource(shader, 1, &text, &length);
  glCompileShader(shader);
  GLint compiled = GL_FALSE;
  glGetShaderiv(shader, GL_COMPILE_STATUS, &compiled);
  if (compiled != GL_TRUE) {
    std::string log = shader_log(shader, false);
    glDeleteShader(shader);
    return make_error(label + " does not compile: " + log);
  }
  return shader;
}

}  // namespace

bool gl_available() {
  return glfwGetCurrentContext() != nullptr && glad_glCreateShader != nullptr && GLAD_GL_VERSION_3_3 != 0;
}

Result<ShaderProgram> ShaderProgram::compile(std::string_view vertex_source, std::string_view fragment_source,
                                             std::string_view name) {
  const std::string label(name);
  if (!gl_available()) return make_error("cannot compile " + label + ": no OpenGL 3.3 context is current");
  Result<GLuint> vertex = compile_stage(GL_VERTEX_SHADER, vertex_source, label + ".vert");
  if (!vertex) return vertex.error();
  Result<GLuint> fragment = compile_stage(GL_FRAGMENT_SHADER, fragment_source, label + ".frag");
  if (!fragment) {
    glDeleteShader(*vertex);
    return fragment.error();
  }
  const GLuint program = glCreateProgram();
  glAttachShader(program, *vertex);
  glAttachShader(program, *fragment);
  glLinkProgram(program);
  // The program keeps the compiled code; the shader objects are no longer needed.
  glDetachShader(program, *vertex);
  glDetachShader(program, *fragment);
  glDeleteShader(*vertex);
  glDeleteShader(*fragment);
  GLint linked = GL_FALSE;
  glGetProgramiv(program, GL_LINK_STATUS, &linked);
  if (linked != GL_TRUE) {
    std::string log = shader_log(program, true);
    glDeleteProgram(program);
    return make_error(label + " does not link: " + log);
  }
  return ShaderProgram(program);
}

Result<ShaderProgram> ShaderProgram::load(std::string_view name) {
  Result<std::string> vertex = load_shader_source(std::string(name) + ".vert");
  if (!vertex) return vertex.error();
  Result<std::string> fragment = load_shader_source(std::string(name) + ".frag");
  if (!fragment) return fragment.error();
  return compile(*vertex, *fragment, name);
}

ShaderProgram::ShaderProgram(ShaderProgram&& other) noexcept : id_(std::exchange(other.id_, 0)) {}

ShaderProgram& ShaderProgram::operator=(ShaderProgram&& other) noexcept {
  if (this != &other) {
    if (id_ != 0 && gl_available()) glDeleteProgram(id_);
    id_ = std::exchange(other.id_, 0);
  }
  return *this;
}

ShaderProgram::~ShaderProgram() {
  if (id_ != 0 && gl_available()) glDeleteProgram(id_);
}

int ShaderProgram::uniform(const char* name) const {
  return id_ == 0 ? -1 : glGetUniformLocation(id_, name);
}

Result<VertexArray> VertexArray::create() {
  if (!gl_available()) return make_error("cannot make a vertex array: no OpenGL 3.3 context is current");
  VertexArray array;
  glGenVertexArrays(1, &array.id_);
  if (array.id_ == 0) return make_error("the driver could not create a vertex array object");
  return array;
}

VertexArray::VertexArray(VertexArray&& other) noexcept : id_(std::exchange(other.id_, 0)) {}

VertexArray& VertexArray::operator=(VertexArray&& other) noexcept {
  if (this != &other) {
    if (id_ != 0 && gl_available()) glDeleteVertexArrays(1, &id_);
    id_ = std::exchange(other.id_, 0);
  }
  return *this;
}

VertexArray::~VertexArray() {
  if (id_ != 0 && gl_available()) glDeleteVertexArrays(1, &id_);
}

std::vector<std::filesystem::path> shader_search_dirs() {
  std::vector<std::filesystem::path> dirs;
#ifdef CONVSTEP_SHADERS_DIR
  dirs.emplace_back(CONVSTEP_SHADERS_DIR);
#endif
  std::error_code ec;
  const std::filesystem::path exe = std::filesystem::read_symlink("/proc/self/exe", ec);
  if (!ec) dirs.push_back(exe.parent_path() / "shaders");
  return dirs;
}

Result<std::string> load_shader_source(std::string_view file_name) {
  std::string looked_in;
  for (const std::filesystem::path& dir : shader_search_dirs()) {
    const std::filesystem::path path = dir / file_name;
    std::ifstream in(path, std::ios::binary);
    if (in) {
      std::ostringstream text;
      text << in.rdbuf();
      return text.str();
    }
    looked_in += (looked_in.empty() ? "" : ", ") + path.string();
  }
  if (std::optional<std::string_view> embedded = embedded_shader_source(file_name))
    return std::string(*embedded);
  return make_error("shader " + std::string(file_name) + " not found (looked in " +
                    (looked_in.empty() ? std::string("no folders") : looked_in) +
                    ") and no copy is built in");
}

std::optional<std::string_view> embedded_shader_source(std::string_view file_name) {
  for (const EmbeddedShader& shader : kEmbeddedShaders) {
    if (shader.file_name == file_name) return shader.source;
  }
  return std::nullopt;
}

}  // namespace convstep
