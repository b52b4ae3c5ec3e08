// The built-in file browser: a modal popup for choosing an image or a lesson file where the desktop
// offers no native dialog. The folder logic (listing, filtering, sorting, going up, resolving a typed
// path) is plain functions on FileBrowserState so tests run it without a window; draw_file_browser only
// draws that state. Filesystem failures become a message inside the popup, never an exception.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "core/result.h"

namespace convstep {

struct FileEntry {
  std::string name;  // the file name only
  bool is_folder = false;
  uintmax_t size = 0;  // bytes; 0 for folders
};

// A named folder in the side bar ("Home", "Samples", …), as (label, folder).
using FilePlace = std::pair<std::string, std::string>;

// FileBrowserState::selected when nothing is selected, and when the ".." row is.
inline constexpr int kNoEntry = -1;
inline constexpr int kParentEntry = -2;

// UI-only state of one browser: widgets edit it directly.
struct FileBrowserState {
  std::string title;                    // also the popup's identity
  std::vector<std::string> extensions;  // lower case with the dot (".png"); empty shows every file
  std::vector<FilePlace> places;
  std::string folder;              // absolute, lexically normal; the listing's folder
  std::vector<FileEntry> entries;  // folders first, then files, each by name
  int selected = -1;               // index into entries, kNoEntry or kParentEntry
  std::string error;               // the last failed navigation or open, shown in the popup
  char path_field[1024] = {};      // the editable path bar
  bool open_requested = false;     // open_file_browser was called: the popup opens on the next draw
  bool is_open = false;
  bool scroll_to_selected = false;
  // Save mode (open_save_browser): the file name typed under the listing, and the entry it was last
  // filled from, so choosing a file puts its name there.
  bool saving = false;
  char save_name[256] = {};
  int named_from = kNoEntry;
};

// Whether `name` ends in one of `extensions` ignoring case (".PNG" matches ".png"); an empty list matches
// all.
bool matches_extension(const std::string& name, const std::vector<std::string>& extensions);

// The visible entries of `folder`: subfolders and the files matching `extensions`, folders first, each
// group sorted by name ignoring case. Hidden (dot) entries and entries whose status cannot be read are
// skipped. A missing path, a path that is not a folder or an unreadable folder is an error naming it.
Result<std::vector<FileEntry>> list_folder(const std::string& folder,
                                           const std::vector<std::string>& extensions);

// `folder`'s parent; the root is its own parent.
std::string parent_folder(const std::string& folder);

// "~" and "~/…" expanded from $HOME; a relative path taken from `base`; made lexically normal.
std::string absolute_path(const std::string& typed, const std::string& base);

// Lists `folder` into the state. On failure the previous listing stays and state.error says why.
bool navigate_to(FileBrowserState& state, const std::string& folder);
bool navigate_up(FileBrowserState& state);

// What a typed (or chosen) path does: a folder is navigated to (nothing chosen), an existing file is
// chosen and returned, anything else sets state.error and keeps the listing.
std::optional<std::string> resolve_typed_path(FileBrowserState& state, const std::string& typed);

// Opens the selected entry: a folder (or "..") is entered, a file is returned; nothing selected does nothing.
std::optional<std::string> open_selected(FileBrowserState& state);

// The side bar for a caller's folder: (label, folder), then Home ($HOME, when set) and the working folder.
std::vector<FilePlace> standard_places(const std::string& label, const std::string& folder);

// "0 B", "812 B", "12.4 KB", "3.1 MB", "2.0 GB" (1 KB = 1024 bytes).
std::string format_file_size(uintmax_t bytes);

// Resets the state and asks for the popup to open on the next draw_file_browser, listing start_folder
// (or the working folder when it cannot be listed; the reason is shown).
void open_file_browser(FileBrowserState& state, std::string title, std::vector<std::string> extensions,
                       std::string start_folder, std::vector<FilePlace> places);

// Save mode: the path `typed` names (a file name in the listed folder, or a path): returned when its
// folder exists and it is not itself a folder (an existing file is replaced); otherwise state.error says
// why and nothing is returned.
std::optional<std::string> resolve_save_path(FileBrowserState& state, const std::string& typed);

// As open_file_browser, for choosing where to save: the popup has a file name field and a Save button.
void open_save_browser(FileBrowserState& state, std::string title, std::vector<std::string> extensions,
                       std::string start_folder, std::vector<FilePlace> places, const std::string& name);

// Draws the popup when open (call every frame, in the window that opened it). Returns the chosen file's
// path on the frame it is chosen (the popup then closes); double-click or Enter opens, Esc cancels.
std::optional<std::string> draw_file_browser(FileBrowserState& state);

}  // namespace convstep
