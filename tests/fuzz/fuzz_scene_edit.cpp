// Fuzzes `--set` values and scene edits: each line of the input is a KEY=VALUE setting applied to a
// built-in lesson, as the parameter panel and `--set` apply them. Any text gives a valid scene or an
// explanation, never a crash; an accepted scene validates and its walk ends at the engine's output;
// suggested fixes are themselves valid edits.
#include <cstddef>
#include <cstdint>
#include <sstream>
#include <string>
#include <vector>

#include "core/lesson.h"
#include "core/scene_edit.h"
#include "tests/fuzz/fuzz_support.h"

namespace {

// The first byte picks the lesson, so edits start from every kind of op.
const std::vector<convstep::Lesson>& lessons() {
  static const std::vector<convstep::Lesson> all = [] {
    auto r = convstep::load_builtin_lessons();
    if (!r) convstep::fuzz::fail("the built-in lessons do not load");
    return *r;
  }();
  return all;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  using namespace convstep;
  if (size == 0) return 0;
  const Scene& start = lessons()[data[0] % lessons().size()].scene;
  std::istringstream lines(std::string(reinterpret_cast<const char*>(data + 1), size - 1));
  std::vector<SceneEdit> edits;
  for (std::string line; std::getline(lines, line) && edits.size() < 8;) {
    Result<SceneEdit> edit = parse_scene_edit(line);
    if (!edit) {
      if (edit.message().empty()) fuzz::fail("a --set error without a message");
      continue;
    }
    edits.push_back(*edit);
  }
  Result<Scene> edited = apply_edits(start, edits);
  if (!edited) {
    if (edited.message().empty()) fuzz::fail("a refused edit without a reason");
    for (const SceneEdit& fix : suggest_fixes(start, edits)) {
      if (!apply_edits(start, edits_with_fix(edits, fix))) fuzz::fail("a suggested fix does not apply");
    }
    return 0;
  }
  fuzz::check_scene(*edited);
  return 0;
}
