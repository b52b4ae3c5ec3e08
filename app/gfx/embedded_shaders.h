// The shaders/ files compiled into the binary, so the app still draws when run away from the source
// tree without an installed shaders/ folder. The table is generated from the files at build time
// (app/gfx/embed_shaders.cmake), so it cannot drift from them.
#pragma once

#include <span>
#include <string_view>

namespace convstep {

struct EmbeddedShader {
  std::string_view file_name;  // "heatmap.frag"
  std::string_view source;     // the file's exact bytes
};

// Every *.vert and *.frag in shaders/, sorted by file name.
std::span<const EmbeddedShader> embedded_shaders();

}  // namespace convstep
