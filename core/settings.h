// What convstep remembers between runs: window size and place, the last lesson, palette, speed, text
// scale, presentation mode and recent files, kept as JSON in settings.json in the config folder
// ($CONVSTEP_CONFIG_DIR, else $XDG_CONFIG_HOME/convstep, else ~/.config/convstep), written atomically.
// A missing file means defaults; an unreadable or corrupt one means defaults and one message saying so.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "core/result.h"

namespace convstep {

struct WindowPlace {
  int width = 1280, height = 800;
  std::optional<int> x, y;  // unset: the window system places it
  std::string monitor;      // the monitor's name as the window system reports it ("" = primary)
  friend bool operator==(const WindowPlace&, const WindowPlace&) = default;
};

struct Settings {
  WindowPlace window;
  std::string last_lesson;  // a built-in name or a lesson file path; "" = the default lesson
  int palette = 0;          // 0 colour-blind safe, 1 the article's colours
  double speed = 1.0;       // the walk's steps per second
  float text_scale = 1.0f;  // presentation mode's type size (Ctrl+= / Ctrl+− / Ctrl+0)
  bool presentation = false;
  bool sidebar = true;                    // the stepping view's layer panel shown (Ctrl+B folds it away)
  std::vector<std::string> recent_files;  // newest first, at most kMaxRecentFiles
  friend bool operator==(const Settings&, const Settings&) = default;
};

inline constexpr size_t kMaxRecentFiles = 10;
inline constexpr float kMinTextScale = 0.75f, kMaxTextScale = 2.5f;

// The settings folder for these environment values (each may be null or empty); "" when none of them
// gives one (no HOME either).
std::string settings_dir(const char* convstep_config_dir, const char* xdg_config_home, const char* home);
// The same for the process's own environment.
std::string settings_dir();

// settings.json as text, and back. Unknown keys are ignored and each known one is checked on its own,
// so a file from another version keeps what it can; a value of the wrong type or out of range is
// an error naming the key.
std::string settings_to_json(const Settings& settings);
Result<Settings> settings_from_json(const std::string& text, const std::string& source);

// What loading found: the settings to use, and a message for the user when the file was there but
// could not be used (it is then replaced by the defaults at the next save).
struct LoadedSettings {
  Settings settings;
  std::string problem;  // "" when the file was read, or was simply not there yet
};
LoadedSettings load_settings(const std::string& dir);

// Writes dir/settings.json through atomic_write, creating the folder (and its parents) when missing.
Status save_settings(const std::string& dir, const Settings& settings);

// Puts `path` first in the recent files, without repeats, keeping at most kMaxRecentFiles.
void add_recent_file(Settings& settings, const std::string& path);

}  // namespace convstep
