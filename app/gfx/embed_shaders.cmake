# Writes a C++ source holding every shaders/*.vert and *.frag as a raw string literal, so the binary
# carries the exact text of the files (for a run away from the source tree) without a pasted copy.
# Run by app/CMakeLists.txt at build time, again whenever a shader changes:
#   cmake -DSHADER_DIR=<shaders/> -DOUTPUT=<embedded_shaders.cpp> -P embed_shaders.cmake
cmake_minimum_required(VERSION 3.16)

if(NOT SHADER_DIR OR NOT OUTPUT)
  message(FATAL_ERROR "embed_shaders.cmake needs -DSHADER_DIR=... and -DOUTPUT=...")
endif()

file(GLOB shader_files LIST_DIRECTORIES false "${SHADER_DIR}/*.vert" "${SHADER_DIR}/*.frag")
list(SORT shader_files)

set(delimiter "glsl")
set(entries "")
foreach(shader ${shader_files})
  get_filename_component(name "${shader}" NAME)
  file(READ "${shader}" text)
  # A raw string ends at )glsl"; a shader containing that would end it early, so refuse it.
  string(FIND "${text}" ")${delimiter}\"" clash)
  if(NOT clash EQUAL -1)
    message(FATAL_ERROR "${shader} contains )${delimiter}\" and cannot be embedded as a raw string")
  endif()
  string(APPEND entries "    EmbeddedShader{\"${name}\", R\"${delimiter}(${text})${delimiter}\"},\n")
endforeach()

set(source "// Generated from shaders/ by app/gfx/embed_shaders.cmake at build time; do not edit.
#include \"app/gfx/embedded_shaders.h\"

namespace convstep {
namespace {

constexpr EmbeddedShader kEmbeddedShaders[] = {
${entries}};

}  // namespace

std::span<const EmbeddedShader> embedded_shaders() {
  return kEmbeddedShaders;
}

}  // namespace convstep
")

file(WRITE "${OUTPUT}" "${source}")
