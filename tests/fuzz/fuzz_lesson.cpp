// Fuzzes the lesson reader: any text gives a lesson or an error naming the file, never a crash or an
// uncaught exception; an accepted lesson is a valid scene whose walk ends at the engine's output, and it
// writes back to JSON that reads back to the same lesson.
#include <cstddef>
#include <cstdint>
#include <string>

#include "core/lesson.h"
#include "tests/fuzz/fuzz_support.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  using namespace convstep;
  const std::string text(reinterpret_cast<const char*>(data), size);
  Result<Lesson> lesson = parse_lesson(text, "fuzz.json");
  if (!lesson) {
    if (lesson.message().rfind("fuzz.json", 0) != 0) fuzz::fail("a lesson error that does not name the file");
    return 0;
  }
  fuzz::check_scene(lesson->scene);
  Result<Lesson> again = parse_lesson(lesson_to_json(*lesson), "again.json");
  if (!again) fuzz::fail("a lesson convstep wrote does not read back");
  if (!fuzz::same_bits(again->scene.input, lesson->scene.input) ||
      !fuzz::same_bits(again->scene.weight, lesson->scene.weight) || again->title != lesson->title)
    fuzz::fail("a lesson round trip changed the lesson");
  return 0;
}
