// Settings as JSON: read with the bounded reader (a settings file is input from outside like any
// other), each key checked on its own, written with the one atomic_write.
#include "core/settings.h"

#include <algorithm>
#include <cmath>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <system_error>
#include <utility>

#include <nlohmann/json.hpp>

#include "core/atomic_write.h"
#include "core/json_read.h"

namespace convstep {
namespace {

namespace fs = std::filesystem;
using nlohmann::json;

constexpr const char* kFileName = "settings.json";
constexpr int64_t kMaxSettingsBytes = 1 << 20;  // a settings file is a few hundred bytes
constexpr int kLeastWindowSide = 200, kMostWindowSide = 16384;
constexpr double kLeastSpeed = 0.01, kMostSpeed = 1000;

bool set(const char* value) {
  return value != nullptr && *value != '\0';
}

std::string bad(const std::string& source, const std::string& key, const std::string& why) {
  return source + ": \"" + key + "\" " + why;
}

}  // namespace

std::string settings_dir(const char* convstep_config_dir, const char* xdg_config_home, const char* home) {
  if (set(convstep_config_dir)) return convstep_config_dir;
  if (set(xdg_config_home)) return (fs::path(xdg_config_home) / "convstep").string();
  if (set(home)) return (fs::path(home) / ".config" / "convstep").string();
  return "";
}

std::string settings_dir() {
  return settings_dir(std::getenv("CONVSTEP_CONFIG_DIR"), std::getenv("XDG_CONFIG_HOME"),
                      std::getenv("HOME"));
}

std::string settings_to_json(const Settings& s) {
  json window = {{"width", s.window.width}, {"height", s.window.height}, {"monitor", s.window.monitor}};
  if (s.window.x) window["x"] = *s.window.x;
  if (s.window.y) window["y"] = *s.window.y;
  const json doc = {{"window", window},     {"last_lesson", s.last_lesson},  {"palette", s.palette},
                    {"speed", s.speed},     {"text_scale", s.text_scale},    {"presentation", s.presentation},
                    {"sidebar", s.sidebar}, {"recent_files", s.recent_files}};
  return doc.dump(2) + "\n";
}

Result<Settings> settings_from_json(const std::string& text, const std::string& source) {
  JsonLimits limits;
  limits.max_bytes = kMaxSettingsBytes;
  limits.max_depth = 8;
  Result<json> parsed = parse_json_bounded(text, source, limits);
  if (!parsed) return parsed.error();
  const json& doc = *parsed;
  if (!doc.is_object()) return make_error(source + ": expected an object of settings");
  Settings s;
  const auto integer = [&](const json& obj, const char* key, int lo, int hi, int* out) -> Status {
    if (!obj.contains(key)) return Ok{};
    const json& v = obj[key];
    if (!v.is_number_integer() || v.get<int64_t>() < lo || v.get<int64_t>() > hi)
      return make_error(bad(
          source, key, "must be a whole number from " + std::to_string(lo) + " to " + std::to_string(hi)));
    *out = static_cast<int>(v.get<int64_t>());
    return Ok{};
  };
  const auto string = [&](const json& obj, const char* key, std::string* out) -> Status {
    if (!obj.contains(key)) return Ok{};
    if (!obj[key].is_string()) return make_error(bad(source, key, "must be a string"));
    *out = obj[key].get<std::string>();
    return Ok{};
  };
  const auto number = [&](const char* key, double lo, double hi, double* out) -> Status {
    if (!doc.contains(key)) return Ok{};
    const json& v = doc[key];
    if (!v.is_number() || !std::isfinite(v.get<double>()) || v.get<double>() < lo || v.get<double>() > hi) {
      std::ostringstream range;
      range << "must be a number from " << lo << " to " << hi;
      return make_error(bad(source, key, range.str()));
    }
    *out = v.get<double>();
    return Ok{};
  };

  if (doc.contains("window")) {
    const json& w = doc["window"];
    if (!w.is_object()) return make_error(bad(source, "window", "must be an object"));
    int x = 0, y = 0;
    for (Status st :
         {integer(w, "width", kLeastWindowSide, kMostWindowSide, &s.window.width),
          integer(w, "height", kLeastWindowSide, kMostWindowSide, &s.window.height),
          integer(w, "x", -kMostWindowSide, kMostWindowSide, &x),
          integer(w, "y", -kMostWindowSide, kMostWindowSide, &y), string(w, "monitor", &s.window.monitor)})
      if (!st) return st.error();
    if (w.contains("x")) s.window.x = x;
    if (w.contains("y")) s.window.y = y;
  }
  double text_scale = s.text_scale;
  for (Status st : {string(doc, "last_lesson", &s.last_lesson), integer(doc, "palette", 0, 1, &s.palette),
                    number("speed", kLeastSpeed, kMostSpeed, &s.speed),
                    number("text_scale", kMinTextScale, kMaxTextScale, &text_scale)})
    if (!st) return st.error();
  s.text_scale = static_cast<float>(text_scale);
  for (const auto& [key, value] : {std::pair<const char*, bool*>{"presentation", &s.presentation},
                                   std::pair<const char*, bool*>{"sidebar", &s.sidebar}}) {
    if (!doc.contains(key)) continue;
    if (!doc[key].is_boolean()) return make_error(bad(source, key, "must be true or false"));
    *value = doc[key].get<bool>();
  }
  if (doc.contains("recent_files")) {
    const json& list = doc["recent_files"];
    if (!list.is_array()) return make_error(bad(source, "recent_files", "must be a list of paths"));
    for (const json& f : list) {
      if (!f.is_string()) return make_error(bad(source, "recent_files", "must be a list of paths"));
      if (s.recent_files.size() < kMaxRecentFiles) s.recent_files.push_back(f.get<std::string>());
    }
  }
  return s;
}

LoadedSettings load_settings(const std::string& dir) {
  LoadedSettings loaded;
  if (dir.empty()) return loaded;
  const fs::path path = fs::path(dir) / kFileName;
  std::error_code ec;
  if (!fs::exists(path, ec)) {
    if (ec) loaded.problem = path.string() + ": cannot look for the settings: " + ec.message();
    return loaded;
  }
  if (fs::is_directory(path, ec)) {
    loaded.problem = path.string() + " is a folder, not a settings file; using the default settings";
    return loaded;
  }
  const auto size = fs::file_size(path, ec);
  if (ec || size > static_cast<uintmax_t>(kMaxSettingsBytes)) {
    loaded.problem = path.string() + ": " + (ec ? "cannot read it: " + ec.message() : "too large") +
                     "; using the default settings";
    return loaded;
  }
  std::ifstream in(path, std::ios::binary);
  std::ostringstream text;
  if (in) text << in.rdbuf();
  if (!in.is_open() || in.bad()) {
    loaded.problem = path.string() + ": cannot read it; using the default settings";
    return loaded;
  }
  Result<Settings> parsed = settings_from_json(text.str(), path.string());
  if (!parsed) {
    loaded.problem = parsed.message() + "; using the default settings";
    return loaded;
  }
  loaded.settings = std::move(parsed).value();
  return loaded;
}

Status save_settings(const std::string& dir, const Settings& settings) {
  if (dir.empty()) return make_error("no folder for the settings (neither XDG_CONFIG_HOME nor HOME is set)");
  std::error_code ec;
  fs::create_directories(dir, ec);
  if (ec) return make_error(dir + ": cannot create the settings folder: " + ec.message());
  return atomic_write((fs::path(dir) / kFileName).string(), settings_to_json(settings));
}

void add_recent_file(Settings& settings, const std::string& path) {
  if (path.empty()) return;
  std::vector<std::string>& files = settings.recent_files;
  files.erase(std::remove(files.begin(), files.end(), path), files.end());
  files.insert(files.begin(), path);
  if (files.size() > kMaxRecentFiles) files.resize(kMaxRecentFiles);
}

}  // namespace convstep
