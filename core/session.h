// Session files (.convstep): a lesson plus where the user was in it — the step and tap, tap-by-tap
// playback, speed, loop and the stage's palette — so a teacher's saved work reopens as it was left and
// opens anywhere a lesson does (--lesson, compute, trace, Open in the window).
//
// Format: a lesson file (core/lesson.cpp) with two more top-level fields:
//   "convstep_session"  required  the schema version, an integer (this version writes and reads 1)
//   "state"             optional  {"step": N, "tap": -1 | N, "tap_by_tap": bool, "speed": steps/s,
//                                  "loop": bool, "palette": 0 | 1}; every field optional
// "tap" -1 shows the whole step; otherwise the running sum after taps 0..tap. A newer schema is refused
// with both versions named; everything else follows the lesson reader's rules (bounded JSON, unknown
// fields are errors, each message names the file and the field).
#pragma once

#include <cstdint>
#include <optional>
#include <string>

#include "core/lesson.h"
#include "core/result.h"

namespace convstep {

inline constexpr int64_t kSessionSchema = 1;
inline constexpr const char* kSessionExtension = ".convstep";
inline constexpr double kSessionMaxSpeed = 1000.0;

struct SessionState {
  int64_t step = 0;
  int64_t tap = -1;  // -1: the whole step
  bool tap_by_tap = false;
  double speed = 1.0;
  bool loop = false;
  int palette = 0;
  friend bool operator==(const SessionState&, const SessionState&) = default;
};

// A lesson and, when it came from a session file, the state saved with it.
struct Session {
  Lesson lesson;
  std::optional<SessionState> state;  // unset for a plain lesson file or a built-in lesson
};

// The session as JSON text that parse_session reads back to the same lesson and state.
std::string session_to_json(const Lesson& lesson, const SessionState& state);

// Reads a session or a plain lesson (no "convstep_session" field: state unset); `source` names the
// file in messages.
Result<Session> parse_session(const std::string& text, const std::string& source);
Result<Session> load_session_file(const std::string& path);
// As load_lesson_argument, keeping the state a session file holds.
Result<Session> load_session_argument(const std::string& name_or_path);

// Whether a file name ends in .convstep (any case).
bool is_session_file_name(const std::string& path);

}  // namespace convstep
