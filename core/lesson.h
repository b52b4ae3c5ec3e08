// Lessons: a title, a caption, a scene and optional captions for step ranges, stored as JSON.
// Built-in lessons live in assets/lessons/*.json and are read by the same loader as a user's file.
// A malformed file is an error naming the file and the field (e.g. "lesson.json: params.stride: ...").
#pragma once

#include <string>
#include <vector>

#include "core/layer_stack.h"
#include "core/result.h"
#include "core/scene.h"

namespace convstep {

struct StepCaption {
  int64_t first = 0;  // inclusive step range
  int64_t last = 0;
  std::string text;
};

struct Lesson {
  std::string name;     // short id used on the command line, e.g. "article-5x5"
  std::string title;    // shown as a heading
  std::string caption;  // one or two sentences shown under the title
  Scene scene;
  std::vector<StepCaption> step_captions;
  // A stack of layers for the Network view ("layers": PyTorch lines or {"op", "params"} objects), on the
  // input's spatial size; empty when the lesson has none.
  std::vector<StackLayer> layers;

  // Caption for step i, or "" when none covers it.
  const std::string& caption_for_step(int64_t i) const;
};

// Parses lesson JSON text; `source` names the file in error messages.
Result<Lesson> parse_lesson(const std::string& json_text, const std::string& source);
Result<Lesson> load_lesson_file(const std::string& path);
// Serialises a lesson to JSON text that parse_lesson reads back to an equal lesson.
std::string lesson_to_json(const Lesson& lesson);

// The folder with the built-in lessons: $CONVSTEP_ASSETS/lessons when set, else the assets folder
// found next to the executable or in the source tree the binary was built from.
std::string lessons_dir();
// All built-in lessons, sorted by the order field in their files, then by name.
Result<std::vector<Lesson>> load_builtin_lessons();
Result<Lesson> find_builtin_lesson(const std::string& name);
// A built-in lesson by name, or a lesson or session file (core/session.h; its state is left out here)
// when the argument looks like a path (contains '/', ends in .json or .convstep, or names an existing
// file), as --lesson takes it on the command line and in the GUI.
Result<Lesson> load_lesson_argument(const std::string& name_or_path);

inline constexpr const char* kDefaultLesson = "article-5x5";

}  // namespace convstep
