// Shader loading and the program/vertex-array wrappers. Every GL call that can fail reports through
// the info log or glGetError into an Error; nothing here aborts when the driver says no.
#include "app/gfx/shader.h"

#include <glad/gl.h>

#include <GLFW/glfw3.h>

#include <algorithm>
#include <cctype>
#include <fstream>
#include <sstream>
#include <utility>

#include "app/gfx/embedded_shaders.h"

namespace convstep {
namespace {

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

bool is_software_renderer(std::string_view renderer) {
  std::string lower(renderer);
  std::transform(lower.begin(), lower.end(), lower.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  for (const char* name : {"llvmpipe", "softpipe", "swrast", "software rasterizer", "gdi generic"})
    if (lower.find(name) != std::string::npos) return true;
  return false;
}

bool current_renderer_is_software() {
  if (!gl_available()) return false;
  const GLubyte* renderer = glGetString(GL_RENDERER);
  return renderer != nullptr && is_software_renderer(reinterpret_cast<const char*>(renderer));
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
  for (const EmbeddedShader& shader : embedded_shaders()) {
    if (shader.file_name == file_name) return shader.source;
  }
  return std::nullopt;
}

}  // namespace convstep
