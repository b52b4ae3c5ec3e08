// The built-in file browser. Every std::filesystem call takes an std::error_code: a folder that vanishes,
// a permission error or a broken link becomes a message in the popup or a skipped entry, because
// nothing a user browses to may throw out of a frame.
#include "app/widgets/file_browser.h"

#include <algorithm>
#include <cctype>
#include <cfloat>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <system_error>

#include <imgui.h>

#include "app/widgets/theme.h"
#include "app/widgets/widget_log.h"

namespace convstep {
namespace fs = std::filesystem;

namespace {

const ImVec4 kFolderText{0.55f, 0.78f, 1.0f, 1.0f};
constexpr float kMinPlacesWidth = 140;
constexpr float kSizeColumnWidth = 90;

std::string lower(std::string text) {
  for (char& c : text) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return text;
}

// Lexically normal, without a trailing separator (except for the root itself).
fs::path tidy(const fs::path& path) {
  fs::path p = path.lexically_normal();
  if (!p.has_filename() && p.has_relative_path()) p = p.parent_path();
  return p;
}

std::string working_folder() {
  std::error_code ec;
  const fs::path cwd = fs::current_path(ec);
  return ec ? std::string("/") : tidy(cwd).string();
}

std::string trimmed(const std::string& text) {
  const auto first = text.find_first_not_of(" \t\r\n");
  if (first == std::string::npos) return {};
  return text.substr(first, text.find_last_not_of(" \t\r\n") - first + 1);
}

void set_path_field(FileBrowserState& state, const std::string& text) {
  std::snprintf(state.path_field, sizeof state.path_field, "%s", text.c_str());
}

bool key_pressed(ImGuiKey key) {
  return ImGui::IsKeyPressed(ImGui::GetKeyIndex(key));
}

void close_browser(FileBrowserState& state) {
  state.is_open = false;
  ImGui::CloseCurrentPopup();
}

// Arrows move the selection, Enter opens it, Backspace goes up, Esc cancels; not while typing a path.
std::optional<std::string> handle_keys(FileBrowserState& state, bool& cancel) {
  const int count = static_cast<int>(state.entries.size());
  if (key_pressed(ImGuiKey_Escape)) {
    cancel = true;
    return std::nullopt;
  }
  // The rows run from ".." (when there is a parent) through the entries.
  const int before = state.selected;
  if (key_pressed(ImGuiKey_DownArrow)) {
    if (state.selected >= 0)
      state.selected = std::min(state.selected + 1, count - 1);
    else if (count > 0)
      state.selected = 0;
  }
  if (key_pressed(ImGuiKey_UpArrow)) {
    if (state.selected > 0)
      state.selected -= 1;
    else if (parent_folder(state.folder) != state.folder)
      state.selected = kParentEntry;
    else if (count > 0)
      state.selected = 0;
  }
  if (state.selected != before) state.scroll_to_selected = true;
  if (key_pressed(ImGuiKey_Backspace)) navigate_up(state);
  if (key_pressed(ImGuiKey_Enter) || key_pressed(ImGuiKey_KeyPadEnter)) return open_selected(state);
  return std::nullopt;
}

void draw_places(FileBrowserState& state, float height) {
  float width = kMinPlacesWidth;
  for (const auto& [label, folder] : state.places)
    width =
        std::max(width, ImGui::CalcTextSize(label.c_str()).x + 2 * ImGui::GetStyle().WindowPadding.x + 16);
  ImGui::BeginChild("places", ImVec2(width, height), true);
  ImGui::TextColored(palette::kMutedText, "Places");
  ImGui::Separator();
  for (size_t i = 0; i < state.places.size(); ++i) {
    const auto& [label, folder] = state.places[i];
    ImGui::PushID(static_cast<int>(i));
    if (ImGui::Selectable(label.c_str(), tidy(folder) == fs::path(state.folder))) navigate_to(state, folder);
    if (ImGui::IsItemHovered()) ImGui::SetTooltip("%s", folder.c_str());
    ImGui::PopID();
  }
  ImGui::EndChild();
}

// The listing; returns true when an entry was double-clicked (opened after the loop, because opening a
// folder replaces the entries being drawn).
bool draw_entries(FileBrowserState& state, float height) {
  bool open_now = false;
  bool go_up = false;
  // The folder is part of the table's id so a new folder starts scrolled to the top.
  ImGui::PushID(state.folder.c_str());
  const ImGuiTableFlags flags = ImGuiTableFlags_ScrollY | ImGuiTableFlags_RowBg |
                                ImGuiTableFlags_BordersOuter | ImGuiTableFlags_BordersInnerV;
  if (ImGui::BeginTable("entries", 2, flags, ImVec2(0, height))) {
    ImGui::TableSetupScrollFreeze(0, 1);
    ImGui::TableSetupColumn("Name", ImGuiTableColumnFlags_WidthStretch);
    ImGui::TableSetupColumn("Size", ImGuiTableColumnFlags_WidthFixed, kSizeColumnWidth);
    ImGui::TableHeadersRow();
    const ImGuiSelectableFlags row_flags =
        ImGuiSelectableFlags_SpanAllColumns | ImGuiSelectableFlags_AllowDoubleClick;
    if (parent_folder(state.folder) != state.folder) {
      ImGui::TableNextRow();
      ImGui::TableNextColumn();
      ImGui::PushStyleColor(ImGuiCol_Text, kFolderText);
      if (ImGui::Selectable("..", state.selected == kParentEntry, row_flags)) {
        state.selected = kParentEntry;
        go_up = ImGui::IsMouseDoubleClicked(ImGuiMouseButton_Left);
      }
      if (state.scroll_to_selected && state.selected == kParentEntry) ImGui::SetScrollHereY();
      ImGui::PopStyleColor();
      if (ImGui::IsItemHovered()) ImGui::SetTooltip("Up to %s", parent_folder(state.folder).c_str());
    }
    for (int i = 0; i < static_cast<int>(state.entries.size()); ++i) {
      const FileEntry& entry = state.entries[i];
      ImGui::TableNextRow();
      ImGui::TableNextColumn();
      ImGui::PushID(i);
      if (entry.is_folder) ImGui::PushStyleColor(ImGuiCol_Text, kFolderText);
      const std::string label = entry.is_folder ? entry.name + "/" : entry.name;
      if (ImGui::Selectable(label.c_str(), state.selected == i, row_flags)) {
        state.selected = i;
        if (ImGui::IsMouseDoubleClicked(ImGuiMouseButton_Left)) open_now = true;
      }
      if (entry.is_folder) ImGui::PopStyleColor();
      if (state.scroll_to_selected && state.selected == i) ImGui::SetScrollHereY();
      ImGui::TableNextColumn();
      if (!entry.is_folder) {
        const std::string size = format_file_size(entry.size);
        const float width = ImGui::CalcTextSize(size.c_str()).x;
        ImGui::SetCursorPosX(ImGui::GetCursorPosX() + ImGui::GetContentRegionAvail().x - width);
        ImGui::TextColored(palette::kMutedText, "%s", size.c_str());
      }
      ImGui::PopID();
    }
    state.scroll_to_selected = false;
    if (state.entries.empty()) {
      ImGui::TableNextRow();
      ImGui::TableNextColumn();
      ImGui::TextColored(palette::kMutedText, "No folders or matching files here.");
    }
    ImGui::EndTable();
  }
  ImGui::PopID();
  if (go_up) navigate_up(state);
  return open_now;
}

std::string filter_description(const std::vector<std::string>& extensions) {
  if (extensions.empty()) return "Showing all files.";
  std::string text = "Showing folders and";
  for (const std::string& ext : extensions) text += " " + ext;
  return text + " files.";
}

}  // namespace

bool matches_extension(const std::string& name, const std::vector<std::string>& extensions) {
  if (extensions.empty()) return true;
  const std::string lowered = lower(name);
  for (const std::string& ext : extensions) {
    const std::string wanted = lower(ext);
    if (lowered.size() > wanted.size() && lowered.ends_with(wanted)) return true;
  }
  return false;
}

Result<std::vector<FileEntry>> list_folder(const std::string& folder,
                                           const std::vector<std::string>& extensions) {
  std::error_code ec;
  const fs::file_status status = fs::status(folder, ec);
  if (status.type() == fs::file_type::not_found) return make_error("\"" + folder + "\" does not exist.");
  if (ec) return make_error("Cannot read \"" + folder + "\": " + ec.message() + ".");
  if (!fs::is_directory(status)) return make_error("\"" + folder + "\" is not a folder.");

  fs::directory_iterator it(folder, ec);
  if (ec) return make_error("Cannot open the folder \"" + folder + "\": " + ec.message() + ".");
  std::vector<FileEntry> entries;
  for (const fs::directory_iterator end; it != end; it.increment(ec)) {
    if (ec) break;  // the folder changed or became unreadable mid-way: show what was read
    const std::string name = it->path().filename().string();
    if (name.empty() || name[0] == '.') continue;
    std::error_code entry_ec;
    const fs::file_status entry_status = it->status(entry_ec);  // follows links; a broken link fails
    if (entry_ec) continue;
    if (fs::is_directory(entry_status)) {
      entries.push_back({name, true, 0});
    } else if (fs::is_regular_file(entry_status) && matches_extension(name, extensions)) {
      const uintmax_t size = it->file_size(entry_ec);
      entries.push_back({name, false, entry_ec ? 0 : size});
    }
  }
  std::sort(entries.begin(), entries.end(), [](const FileEntry& a, const FileEntry& b) {
    if (a.is_folder != b.is_folder) return a.is_folder;
    const std::string la = lower(a.name), lb = lower(b.name);
    return la != lb ? la < lb : a.name < b.name;
  });
  return entries;
}

std::string parent_folder(const std::string& folder) {
  const fs::path path = tidy(folder);
  if (path == path.root_path() || !path.has_parent_path()) return path.string();
  return path.parent_path().string();
}

std::string absolute_path(const std::string& typed, const std::string& base) {
  std::string text = typed;
  const char* home = std::getenv("HOME");
  if (home && *home && !text.empty() && text[0] == '~' && (text.size() == 1 || text[1] == '/'))
    text = std::string(home) + text.substr(1);
  fs::path path(text);
  if (path.is_relative()) path = fs::path(base.empty() ? working_folder() : base) / path;
  return tidy(path).string();
}

bool navigate_to(FileBrowserState& state, const std::string& folder) {
  const std::string target = absolute_path(folder, state.folder);
  Result<std::vector<FileEntry>> listing = list_folder(target, state.extensions);
  if (!listing) {
    state.error = listing.message();
    return false;
  }
  state.folder = target;
  state.entries = std::move(listing).value();
  state.selected = kNoEntry;
  state.error.clear();
  set_path_field(state, target);
  return true;
}

bool navigate_up(FileBrowserState& state) {
  const std::string parent = parent_folder(state.folder);
  if (parent == state.folder) return false;
  const std::string from = fs::path(state.folder).filename().string();
  if (!navigate_to(state, parent)) return false;
  // Keep the folder just left selected, as file managers do, so Enter goes back into it.
  for (int i = 0; i < static_cast<int>(state.entries.size()); ++i)
    if (state.entries[i].is_folder && state.entries[i].name == from) state.selected = i;
  state.scroll_to_selected = state.selected >= 0;
  return true;
}

std::optional<std::string> resolve_typed_path(FileBrowserState& state, const std::string& typed) {
  const std::string text = trimmed(typed);
  if (text.empty()) return std::nullopt;
  const std::string path = absolute_path(text, state.folder);
  std::error_code ec;
  const fs::file_status status = fs::status(path, ec);
  if (fs::is_directory(status)) {
    navigate_to(state, path);
    return std::nullopt;
  }
  if (fs::is_regular_file(status)) {
    state.error.clear();
    return path;
  }
  if (status.type() == fs::file_type::not_found)
    state.error = "\"" + path + "\" does not exist.";
  else if (ec)
    state.error = "Cannot read \"" + path + "\": " + ec.message() + ".";
  else
    state.error = "\"" + path + "\" is neither a folder nor a regular file.";
  return std::nullopt;
}

std::optional<std::string> open_selected(FileBrowserState& state) {
  if (state.selected == kParentEntry) {
    navigate_up(state);
    return std::nullopt;
  }
  if (state.selected < 0 || state.selected >= static_cast<int>(state.entries.size())) return std::nullopt;
  const FileEntry entry = state.entries[state.selected];
  const std::string path = (fs::path(state.folder) / entry.name).string();
  if (entry.is_folder) {
    navigate_to(state, path);
    return std::nullopt;
  }
  return resolve_typed_path(state, path);  // it may have gone since the listing
}

std::vector<FilePlace> standard_places(const std::string& label, const std::string& folder) {
  std::vector<FilePlace> places;
  if (!folder.empty()) places.emplace_back(label, folder);
  const char* home = std::getenv("HOME");
  if (home && *home) places.emplace_back("Home", tidy(home).string());
  places.emplace_back("Working folder", working_folder());
  return places;
}

std::string format_file_size(uintmax_t bytes) {
  if (bytes < 1024) return std::to_string(bytes) + " B";
  const char* units[] = {"KB", "MB", "GB", "TB"};
  double value = static_cast<double>(bytes) / 1024.0;
  int unit = 0;
  while (value >= 1024.0 && unit < 3) {
    value /= 1024.0;
    ++unit;
  }
  char text[32];
  std::snprintf(text, sizeof text, "%.1f %s", value, units[unit]);
  return text;
}

void open_file_browser(FileBrowserState& state, std::string title, std::vector<std::string> extensions,
                       std::string start_folder, std::vector<FilePlace> places) {
  state = FileBrowserState{};
  state.title = std::move(title);
  for (std::string& ext : extensions) state.extensions.push_back(lower(std::move(ext)));
  state.places = std::move(places);
  if (!navigate_to(state, start_folder)) {
    const std::string reason = state.error;
    if (navigate_to(state, working_folder())) state.error = reason;
  }
  state.open_requested = true;
}

std::optional<std::string> resolve_save_path(FileBrowserState& state, const std::string& typed) {
  const std::string text = trimmed(typed);
  if (text.empty()) {
    state.error = "Type a file name to save as.";
    return std::nullopt;
  }
  const std::string path = absolute_path(text, state.folder);
  std::error_code ec;
  if (fs::is_directory(path, ec)) {
    navigate_to(state, path);
    return std::nullopt;
  }
  const std::string folder = fs::path(path).parent_path().string();
  if (!fs::is_directory(folder, ec)) {
    state.error = "The folder \"" + folder + "\" does not exist.";
    return std::nullopt;
  }
  state.error.clear();
  return path;
}

void open_save_browser(FileBrowserState& state, std::string title, std::vector<std::string> extensions,
                       std::string start_folder, std::vector<FilePlace> places, const std::string& name) {
  open_file_browser(state, std::move(title), std::move(extensions), std::move(start_folder),
                    std::move(places));
  state.saving = true;
  std::snprintf(state.save_name, sizeof state.save_name, "%s", name.c_str());
}

std::optional<std::string> draw_file_browser(FileBrowserState& state) {
  if (state.open_requested) {
    ImGui::OpenPopup(state.title.c_str());
    state.open_requested = false;
    state.is_open = true;
  }
  if (!state.is_open) return std::nullopt;

  const ImVec2 display = ImGui::GetIO().DisplaySize;
  ImGui::SetNextWindowSize(ImVec2(std::min(780.0f, display.x * 0.9f), std::min(520.0f, display.y * 0.85f)),
                           ImGuiCond_Appearing);
  ImGui::SetNextWindowPos(ImVec2(display.x * 0.5f, display.y * 0.5f), ImGuiCond_Appearing,
                          ImVec2(0.5f, 0.5f));
  bool keep_open = true;
  if (!ImGui::BeginPopupModal(state.title.c_str(), &keep_open, ImGuiWindowFlags_NoSavedSettings)) {
    state.is_open = false;
    return std::nullopt;
  }

  std::optional<std::string> chosen;
  bool cancel = false;
  // Keys act on the listing only when no field is being edited (Esc then leaves the field first).
  if (!ImGui::IsAnyItemActive() && ImGui::IsWindowFocused(ImGuiFocusedFlags_RootAndChildWindows))
    chosen = handle_keys(state, cancel);

  // The path bar: the current folder, editable; Enter goes to a folder or opens a file.
  const ImGuiStyle& style = ImGui::GetStyle();
  if (ui::button("\xE2\x86\x91 Up")) navigate_up(state);
  if (ImGui::IsItemHovered()) ImGui::SetTooltip("The parent folder (Backspace)");
  ImGui::SameLine();
  ImGui::SetNextItemWidth(-FLT_MIN);
  if (ui::input_text_with_hint("##path", "a folder or file path; Enter opens it", state.path_field,
                               sizeof state.path_field, ImGuiInputTextFlags_EnterReturnsTrue)) {
    chosen = resolve_typed_path(state, state.path_field);
  }

  // Below the listing: one message line (the error, or which files are shown) and the buttons.
  const float wrap = ImGui::GetContentRegionAvail().x;
  const std::string note = state.error.empty() ? filter_description(state.extensions) : state.error;
  const float note_height = ImGui::CalcTextSize(note.c_str(), nullptr, false, wrap).y;
  const float footer = note_height + ImGui::GetFrameHeight() + 3 * style.ItemSpacing.y;
  const float list_height = std::max(ImGui::GetContentRegionAvail().y - footer, 4 * ImGui::GetFrameHeight());

  draw_places(state, list_height);
  ImGui::SameLine();
  ImGui::BeginGroup();
  if (draw_entries(state, list_height)) chosen = open_selected(state);
  ImGui::EndGroup();

  ImGui::PushTextWrapPos(0.0f);
  ImGui::TextColored(state.error.empty() ? palette::kMutedText : palette::kErrorText, "%s", note.c_str());
  ImGui::PopTextWrapPos();

  const bool has_entry = state.selected >= 0 && state.selected < static_cast<int>(state.entries.size());
  const bool has_selection = has_entry || state.selected == kParentEntry;
  const char* action = state.saving ? "Save" : "Open";
  ImGui::AlignTextToFramePadding();
  if (state.saving) {
    if (has_entry && state.selected != state.named_from && !state.entries[state.selected].is_folder)
      std::snprintf(state.save_name, sizeof state.save_name, "%s",
                    state.entries[state.selected].name.c_str());
    state.named_from = state.selected;
    ImGui::TextUnformatted("File name");
    ImGui::SameLine();
    ImGui::SetNextItemWidth(std::max(120.0f, ImGui::GetContentRegionAvail().x * 0.6f));
    if (ui::input_text_with_hint("##save_name", "name.convstep", state.save_name, sizeof state.save_name,
                                 ImGuiInputTextFlags_EnterReturnsTrue))
      chosen = resolve_save_path(state, state.save_name);
  } else if (has_entry) {
    ImGui::TextUnformatted(state.entries[state.selected].name.c_str());
  } else if (state.selected == kParentEntry) {
    ImGui::TextUnformatted(parent_folder(state.folder).c_str());
  } else {
    ImGui::TextColored(palette::kMutedText, "Double-click or Enter opens; Esc cancels.");
  }
  const float buttons_width = ImGui::CalcTextSize(action).x + ImGui::CalcTextSize("Cancel").x +
                              4 * style.FramePadding.x + style.ItemSpacing.x + 24;
  ImGui::SameLine(ImGui::GetWindowContentRegionMax().x - buttons_width);
  ImGui::BeginDisabled(state.saving ? state.save_name[0] == '\0' : !has_selection);
  if (ui::button(action, ImVec2(ImGui::CalcTextSize(action).x + 2 * style.FramePadding.x + 24, 0)))
    chosen = state.saving ? resolve_save_path(state, state.save_name) : open_selected(state);
  ImGui::EndDisabled();
  ImGui::SameLine();
  if (ui::button("Cancel")) cancel = true;

  if (chosen || cancel) close_browser(state);
  ImGui::EndPopup();
  return chosen;
}

}  // namespace convstep
