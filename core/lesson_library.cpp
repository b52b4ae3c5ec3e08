// Where the built-in lessons live and how they are listed: the lessons folder (environment, beside
// the executable, or the source tree), every *.json in it sorted by "order" then name, and lookup by name.
#include "core/lesson.h"

#include <algorithm>
#include <cstdlib>
#include <filesystem>
#include <map>

#include "core/lesson_json.h"
#include "core/session.h"

namespace convstep {

namespace fs = std::filesystem;

using lesson_json::kNoOrder;
using lesson_json::load_lesson_with_order;

std::string lessons_dir() {
  if (const char* assets = std::getenv("CONVSTEP_ASSETS"); assets && *assets)
    return (fs::path(assets) / "lessons").string();
  std::error_code ec;
  const fs::path exe = fs::read_symlink("/proc/self/exe", ec);
  if (!ec) {
    // A copied binary carries its assets beside it; a build tree sits one level below them; an installed
    // one (PREFIX/bin) finds them in PREFIX/share/convstep.
    const fs::path dir = exe.parent_path();
    for (const fs::path& candidate : {dir / "assets" / "lessons", dir.parent_path() / "assets" / "lessons",
                                      dir.parent_path() / "share" / "convstep" / "lessons"}) {
      if (fs::is_directory(candidate, ec)) return candidate.lexically_normal().string();
    }
  }
  return CONVSTEP_SOURCE_ASSETS_DIR "/lessons";
}

Result<std::vector<Lesson>> load_builtin_lessons() {
  const std::string dir = lessons_dir();
  std::error_code ec;
  if (!fs::is_directory(dir, ec))
    return make_error("no lessons folder at " + dir +
                      " (set CONVSTEP_ASSETS to the folder holding lessons/)");
  std::vector<fs::path> files;
  for (fs::directory_iterator it(dir, ec), end; !ec && it != end; it.increment(ec))
    if (it->path().extension() == ".json") files.push_back(it->path());
  if (ec) return make_error("cannot list the lessons folder " + dir + ": " + ec.message());
  std::sort(files.begin(), files.end());

  struct Loaded {
    int64_t order;
    Lesson lesson;
    std::string file;
  };
  std::vector<Loaded> loaded;
  std::map<std::string, std::string> file_of_name;
  for (const fs::path& file : files) {
    int64_t order = kNoOrder;
    auto lesson = load_lesson_with_order(file.string(), &order);
    if (!lesson) return lesson.error();
    if (auto [it, fresh] = file_of_name.emplace(lesson->name, file.string()); !fresh)
      return make_error(file.string() + ": name: \"" + lesson->name + "\" is already used by " + it->second);
    loaded.push_back({order, std::move(*lesson), file.string()});
  }
  std::stable_sort(loaded.begin(), loaded.end(), [](const Loaded& a, const Loaded& b) {
    return a.order != b.order ? a.order < b.order : a.lesson.name < b.lesson.name;
  });
  std::vector<Lesson> lessons;
  lessons.reserve(loaded.size());
  for (Loaded& l : loaded) lessons.push_back(std::move(l.lesson));
  return lessons;
}

Result<Lesson> find_builtin_lesson(const std::string& name) {
  auto lessons = load_builtin_lessons();
  if (!lessons) return lessons.error();
  std::string names;
  for (Lesson& lesson : *lessons) {
    if (lesson.name == name) return std::move(lesson);
    names += (names.empty() ? "" : ", ") + lesson.name;
  }
  return make_error("no built-in lesson named \"" + name + "\"; the lessons are: " + names);
}

namespace {

// A file when it contains '/', ends in .json or .convstep, or names an existing file; else a built-in name.
bool names_a_file(const std::string& name_or_path) {
  std::error_code ec;
  return name_or_path.find('/') != std::string::npos ||
         (name_or_path.size() > 5 && name_or_path.compare(name_or_path.size() - 5, 5, ".json") == 0) ||
         is_session_file_name(name_or_path) || fs::is_regular_file(name_or_path, ec);
}

}  // namespace

Result<Lesson> load_lesson_argument(const std::string& name_or_path) {
  if (!names_a_file(name_or_path)) return find_builtin_lesson(name_or_path);
  // A session file is a lesson plus state; here only the lesson is wanted.
  Result<Session> session = load_session_file(name_or_path);
  if (!session) return session.error();
  return std::move(session->lesson);
}

Result<Session> load_session_argument(const std::string& name_or_path) {
  if (names_a_file(name_or_path)) return load_session_file(name_or_path);
  Result<Lesson> lesson = find_builtin_lesson(name_or_path);
  if (!lesson) return lesson.error();
  return Session{std::move(lesson).value(), std::nullopt};
}

}  // namespace convstep
