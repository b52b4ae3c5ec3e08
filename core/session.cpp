// Session files: the lesson writer's text with the schema version and the state put in front, and a
// reader that checks those two fields, takes them out and hands the rest to the lesson reader, so a
// session is checked exactly as strictly as a lesson.
#include "core/session.h"

#include <algorithm>
#include <cctype>
#include <charconv>
#include <cmath>
#include <filesystem>
#include <nlohmann/json.hpp>
#include <optional>

#include "core/geometry.h"
#include "core/json_read.h"
#include "core/lesson_json.h"
#include "core/stepper.h"
#include "core/transpose.h"

namespace convstep {

namespace {

using lesson_json::describe;
using lesson_json::join_path;
using nlohmann::json;

constexpr const char* kVersionKey = "convstep_session";
constexpr const char* kStateKey = "state";

std::string format_speed(double speed) {
  char buf[32];
  auto [end, ec] = std::to_chars(buf, buf + sizeof buf, speed);
  return ec == std::errc() ? std::string(buf, end) : "1";
}

class StateReader : public lesson_json::FieldReader {
 public:
  using FieldReader::FieldReader;

  bool read_version(const json& root) {
    const json& v = root[kVersionKey];
    int64_t version = 0;
    if (!read_int(v, kVersionKey, 1, "a schema version (1 or more)", &version)) return false;
    if (version > kSessionSchema)
      return fail(kVersionKey, "made by a newer convstep: schema " + std::to_string(version) +
                                   ", this version reads up to " + std::to_string(kSessionSchema));
    return true;
  }

  bool read_state(const json& j, SessionState* state) {
    const std::string path = kStateKey;
    if (!j.is_object()) return fail(path, "expected an object, got " + describe(j));
    if (!check_keys(j, path, {"step", "tap", "tap_by_tap", "speed", "loop", "palette"})) return false;
    if (j.contains("step") &&
        !read_int(j["step"], join_path(path, "step"), 0, "a step number (0 or more)", &state->step))
      return false;
    if (j.contains("tap") && !read_int(j["tap"], join_path(path, "tap"), -1,
                                       "a tap number (0 or more), or -1 for the whole step", &state->tap))
      return false;
    if (j.contains("tap_by_tap") &&
        !read_bool(j["tap_by_tap"], join_path(path, "tap_by_tap"), &state->tap_by_tap))
      return false;
    if (j.contains("loop") && !read_bool(j["loop"], join_path(path, "loop"), &state->loop)) return false;
    if (j.contains("speed")) {
      const json& s = j["speed"];
      if (!s.is_number() || !std::isfinite(s.get<double>()) || s.get<double>() <= 0 ||
          s.get<double>() > kSessionMaxSpeed)
        return fail(join_path(path, "speed"), "expected steps per second above 0 and at most " +
                                                  format_speed(kSessionMaxSpeed) + ", got " + describe(s));
      state->speed = s.get<double>();
    }
    if (j.contains("palette")) {
      int64_t palette = 0;
      if (!read_int(j["palette"], join_path(path, "palette"), 0, "0 (colour-blind safe) or 1 (the article's)",
                    &palette))
        return false;
      if (palette > 1)
        return fail(join_path(path, "palette"),
                    "expected 0 (colour-blind safe) or 1 (the article's), got " + describe(j["palette"]));
      state->palette = static_cast<int>(palette);
    }
    return true;
  }

  // The step and tap must exist in the scene the file describes.
  bool check_position(const Scene& scene, const SessionState& state) {
    // A transposed convolution opens stamp by stamp: its steps are the stamps.
    std::optional<Stepper> stepper;
    std::optional<Stamper> stamper;
    if (is_conv_transpose(scene.params.op)) {
      Result<Stamper> made = Stamper::create(scene);
      if (!made) return fail("", made.message());
      stamper.emplace(std::move(made).value());
    } else {
      Result<Stepper> made = Stepper::create(scene);
      if (!made) return fail("", made.message());
      stepper.emplace(std::move(made).value());
    }
    const WalkTrack& track = stamper ? static_cast<const WalkTrack&>(*stamper) : *stepper;
    const int64_t steps = track.step_count();
    if (state.step >= steps)
      return fail("state.step", "step " + std::to_string(state.step) + " is past the last step (" +
                                    std::to_string(steps - 1) + "; the output has " + std::to_string(steps) +
                                    " elements)");
    if (state.tap >= 0) {
      const int64_t taps = track.tap_count(state.step);
      if (state.tap >= taps)
        return fail("state.tap", "tap " + std::to_string(state.tap) + " is past the last tap (" +
                                     std::to_string(taps - 1) + "; step " + std::to_string(state.step) +
                                     " has " + std::to_string(taps) + " taps)");
    }
    return true;
  }
};

Result<Session> read_session(json root, const std::string& source) {
  if (!root.is_object() || !root.contains(kVersionKey)) {
    Result<Lesson> lesson = lesson_json::read_lesson_value(root, source);
    if (!lesson) return lesson.error();
    return Session{std::move(lesson).value(), std::nullopt};
  }
  StateReader reader(source);
  SessionState state;
  try {
    if (!reader.read_version(root)) return make_error(*reader.error());
    if (root.contains(kStateKey) && !reader.read_state(root[kStateKey], &state))
      return make_error(*reader.error());
  } catch (const std::exception& e) {
    // The readers check every type before reading it; this only keeps a missed case from ending the app.
    return make_error(source + ": cannot read the session: " + e.what());
  }
  root.erase(kVersionKey);
  root.erase(kStateKey);
  Result<Lesson> lesson = lesson_json::read_lesson_value(root, source);
  if (!lesson) return lesson.error();
  if (!reader.check_position(lesson->scene, state)) return make_error(*reader.error());
  return Session{std::move(lesson).value(), state};
}

}  // namespace

std::string session_to_json(const Lesson& lesson, const SessionState& state) {
  std::string text = lesson_to_json(lesson);
  // The lesson writer opens with "{\n"; the version goes first so a reader sees it at once.
  const std::string head =
      std::string("{\n  \"") + kVersionKey + "\": " + std::to_string(kSessionSchema) + ",\n  \"" + kStateKey +
      "\": {\"step\": " + std::to_string(state.step) + ", \"tap\": " + std::to_string(state.tap) +
      ", \"tap_by_tap\": " + (state.tap_by_tap ? "true" : "false") +
      ", \"speed\": " + format_speed(state.speed) + ", \"loop\": " + (state.loop ? "true" : "false") +
      ", \"palette\": " + std::to_string(state.palette) + "},\n";
  return head + text.substr(text.rfind("{\n", 0) == 0 ? 2 : 0);
}

Result<Session> parse_session(const std::string& text, const std::string& source) {
  Result<json> root = parse_json_bounded(text, source);
  if (!root) return root.error();
  return read_session(std::move(root).value(), source);
}

Result<Session> load_session_file(const std::string& path) {
  Result<std::string> text = lesson_json::read_lesson_text(path);
  if (!text) return text.error();
  Result<json> root = parse_json_bounded(*text, path);
  std::string().swap(*text);  // the text goes once parsed, as a lesson's does
  if (!root) return root.error();
  return read_session(std::move(root).value(), path);
}

bool is_session_file_name(const std::string& path) {
  std::string ext = std::filesystem::path(path).extension().string();
  std::transform(ext.begin(), ext.end(), ext.begin(), [](unsigned char c) { return std::tolower(c); });
  return ext == kSessionExtension;
}

}  // namespace convstep
