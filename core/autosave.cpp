// The autosave file's folder, writing and removal, the start-up check, and the debounce.
#include "core/autosave.h"

#include <chrono>
#include <cstdlib>
#include <ctime>
#include <filesystem>

#include "core/atomic_write.h"

namespace convstep {

namespace fs = std::filesystem;

namespace {

bool set(const char* value) {
  return value != nullptr && *value != '\0';
}

}  // namespace

std::string state_dir(const char* convstep_state_dir, const char* xdg_state_home, const char* home) {
  if (set(convstep_state_dir)) return convstep_state_dir;
  if (set(xdg_state_home)) return (fs::path(xdg_state_home) / "convstep").string();
  if (set(home)) return (fs::path(home) / ".local" / "state" / "convstep").string();
  return "";
}

std::string state_dir() {
  return state_dir(std::getenv("CONVSTEP_STATE_DIR"), std::getenv("XDG_STATE_HOME"), std::getenv("HOME"));
}

std::string autosave_path(const std::string& dir) {
  return (fs::path(dir) / kAutosaveFileName).string();
}

Status write_autosave(const std::string& dir, const std::string& session_text) {
  if (dir.empty()) return make_error("no folder for the autosave (neither XDG_STATE_HOME nor HOME is set)");
  std::error_code ec;
  fs::create_directories(dir, ec);
  if (ec) return make_error(dir + ": cannot create the autosave folder: " + ec.message());
  return atomic_write(autosave_path(dir), session_text);
}

void remove_autosave(const std::string& dir) {
  if (dir.empty()) return;
  std::error_code ec;
  fs::remove(autosave_path(dir), ec);
  // atomic_write's temporary files are ".NAME.tmp-…"; one is left only when a write was killed.
  const std::string prefix = std::string(".") + kAutosaveFileName + ".tmp-";
  for (fs::directory_iterator it(dir, ec), end; !ec && it != end; it.increment(ec)) {
    const std::string name = it->path().filename().string();
    std::error_code remove_ec;
    if (name.rfind(prefix, 0) == 0) fs::remove(it->path(), remove_ec);
  }
}

std::optional<FoundAutosave> find_autosave(const std::string& dir) {
  if (dir.empty()) return std::nullopt;
  const std::string path = autosave_path(dir);
  std::error_code ec;
  if (!fs::is_regular_file(path, ec)) return std::nullopt;
  const auto written = fs::last_write_time(path, ec);
  if (ec) return FoundAutosave{path, "?"};
  // file_clock to system_clock: the offset between the two clocks now, applied to the file's time.
  const auto system = std::chrono::time_point_cast<std::chrono::system_clock::duration>(
      written - fs::file_time_type::clock::now() + std::chrono::system_clock::now());
  const std::time_t t = std::chrono::system_clock::to_time_t(system);
  std::tm local{};
  char text[16] = "?";
  if (localtime_r(&t, &local) != nullptr) std::strftime(text, sizeof text, "%H:%M", &local);
  return FoundAutosave{path, text};
}

bool autosave_due(const AutosaveClock& clock, uint64_t generation, double now) {
  if (generation == clock.written_generation) return false;
  return !clock.written_at || now - *clock.written_at >= kAutosaveInterval;
}

void mark_autosaved(AutosaveClock& clock, uint64_t generation, double now) {
  clock.written_generation = generation;
  clock.written_at = now;
}

}  // namespace convstep
