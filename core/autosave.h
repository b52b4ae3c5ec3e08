// Autosave: the work in the window kept in autosave.convstep (a session file, core/session.h) in the
// state folder ($CONVSTEP_STATE_DIR, else $XDG_STATE_HOME/convstep, else ~/.local/state/convstep),
// written through atomic_write so a crash at any moment leaves the previous or the new whole file.
// A clean exit removes it; a file found at start is work an unclean exit left, offered for restoring.
// When to write is a pure function of the change count and the time, which the caller passes in.
#pragma once

#include <cstdint>
#include <optional>
#include <string>

#include "core/result.h"

namespace convstep {

// Changes are written at most this often (seconds), the first one at once.
inline constexpr double kAutosaveInterval = 2.0;
inline constexpr const char* kAutosaveFileName = "autosave.convstep";

// The state folder for these environment values (each may be null or empty); "" when none gives one.
std::string state_dir(const char* convstep_state_dir, const char* xdg_state_home, const char* home);
// The same for the process's own environment.
std::string state_dir();
std::string autosave_path(const std::string& dir);

// Writes the session text to dir/autosave.convstep, creating the folder when missing.
Status write_autosave(const std::string& dir, const std::string& session_text);
// Removes the autosave and any temporary file a write killed midway left beside it.
void remove_autosave(const std::string& dir);

// An autosave left by an unclean exit: its path and when it was written, as local "HH:MM".
struct FoundAutosave {
  std::string path;
  std::string time;
};
std::optional<FoundAutosave> find_autosave(const std::string& dir);

// The debounce: `generation` counts the changes made so far.
struct AutosaveClock {
  uint64_t written_generation = 0;   // the generation on disk (or, at start, the one that needs none)
  std::optional<double> written_at;  // when it was written; unset before the first write
};
// True when changes are waiting and the last write is at least kAutosaveInterval old.
bool autosave_due(const AutosaveClock& clock, uint64_t generation, double now);
void mark_autosaved(AutosaveClock& clock, uint64_t generation, double now);

}  // namespace convstep
