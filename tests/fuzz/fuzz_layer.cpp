// Fuzzes the PyTorch layer reader: the first byte picks a built-in lesson, the rest is a layer line as a
// learner types it. Any text is read or refused with a message and a column inside the line, never a
// crash; an accepted layer applied to the lesson gives a valid scene with the layer's shape (op, channels,
// kernel, bias), whose walk ends at the engine's output, or an explanation.
#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

#include "core/layer_parser.h"
#include "core/lesson.h"
#include "tests/fuzz/fuzz_support.h"

namespace {

const std::vector<convstep::Lesson>& lessons() {
  static const std::vector<convstep::Lesson> all = [] {
    auto r = convstep::load_builtin_lessons();
    if (!r) convstep::fuzz::fail("the built-in lessons do not load");
    return *r;
  }();
  return all;
}

size_t characters(const std::string& s) {
  size_t n = 0;
  for (unsigned char c : s) n += (c & 0xC0) != 0x80;
  return n;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  using namespace convstep;
  if (size == 0 || size > 4096) return 0;
  const Scene& start = lessons()[data[0] % lessons().size()].scene;
  const std::string line(reinterpret_cast<const char*>(data + 1), size - 1);
  const LayerParse parsed = parse_layer(line);
  if (!parsed.ok()) {
    if (parsed.error.message.empty()) fuzz::fail("a refused layer without a message");
    if (parsed.error.column < 1 || parsed.error.column > characters(line) + 1)
      fuzz::fail("an error column outside the line");
    if (layer_error_text(line, parsed.error).find('^') == std::string::npos)
      fuzz::fail("no caret under the line");
    return 0;
  }
  const ParsedLayer& layer = *parsed.layer;
  if (layer.edits.empty() || layer.edits.front().key != "op")
    fuzz::fail("an accepted layer does not set its op");
  for (const SceneEdit& e : layer.edits)
    if (!parse_scene_edit(edit_text(e))) fuzz::fail("an accepted layer makes an edit --set cannot read");
  Result<Scene> applied = apply_layer(start, layer);
  if (!applied) {
    if (applied.message().empty()) fuzz::fail("a layer refused without a reason");
    return 0;
  }
  if (applied->params.op != layer.op) fuzz::fail("the scene did not take the layer's op");
  if (!layer_shape_mismatch(*applied, layer).empty()) fuzz::fail("the scene did not take the layer's shape");
  fuzz::check_scene(*applied);
  return 0;
}
