// The built-in file browser without a window: listing, filtering and sorting a temporary folder, going
// up, typed paths and the errors shown in the popup, then the popup itself in a headless ImGui context
// (no OpenGL) driven by simulated keys.
#include "app/widgets/file_browser.h"

#include <gtest/gtest.h>
#include <imgui.h>
#include <unistd.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>

#include "tests/app/headless_imgui_support.h"

namespace convstep {
namespace {
namespace fs = std::filesystem;

// A fresh folder with subfolders, matching and non-matching files and hidden entries; removed afterwards.
class TempFolder {
 public:
  TempFolder() {
    static int counter = 0;
    root_ = fs::temp_directory_path() /
            ("convstep_file_browser_" + std::to_string(getpid()) + "_" + std::to_string(counter++));
    fs::remove_all(root_);
    fs::create_directories(root_);
  }
  ~TempFolder() {
    std::error_code ec;
    fs::permissions(root_, fs::perms::owner_all, fs::perm_options::add, ec);
    fs::remove_all(root_, ec);
  }
  std::string path() const { return root_.string(); }
  std::string folder(const std::string& name) const {
    fs::create_directories(root_ / name);
    return (root_ / name).string();
  }
  std::string file(const std::string& name, size_t bytes = 1) const {
    std::ofstream(root_ / name) << std::string(bytes, 'x');
    return (root_ / name).string();
  }

 private:
  fs::path root_;
};

const std::vector<std::string> kImages = {".png", ".jpg", ".jpeg", ".bmp", ".gif", ".tga"};

// The usual mix: two folders in mixed case, three images in mixed case, a text file and hidden entries.
TempFolder mixed_folder() {
  TempFolder temp;
  temp.folder("b_folder");
  temp.folder("A_folder");
  temp.folder(".hidden_folder");
  temp.file("zeta.PNG", 10);
  temp.file("alpha.jpg", 1500);
  temp.file("Beta.png", 3);
  temp.file("notes.txt");
  temp.file(".secret.png");
  return temp;
}

std::vector<std::string> names(const std::vector<FileEntry>& entries) {
  std::vector<std::string> out;
  for (const FileEntry& e : entries) out.push_back(e.name);
  return out;
}

TEST(FileBrowser, ListsFoldersFirstThenFilesAlphabeticallyIgnoringCase) {
  const TempFolder temp = mixed_folder();
  const auto listing = list_folder(temp.path(), kImages);
  ASSERT_TRUE(listing.ok()) << listing.message();
  EXPECT_EQ(names(*listing),
            (std::vector<std::string>{"A_folder", "b_folder", "alpha.jpg", "Beta.png", "zeta.PNG"}));
  EXPECT_TRUE((*listing)[0].is_folder);
  EXPECT_TRUE((*listing)[1].is_folder);
  EXPECT_FALSE((*listing)[2].is_folder);
  EXPECT_EQ((*listing)[2].size, 1500u);
}

TEST(FileBrowser, FiltersByExtensionIgnoringCase) {
  EXPECT_TRUE(matches_extension("photo.PNG", {".png"}));
  EXPECT_TRUE(matches_extension("photo.jpeg", {".PNG", ".JPEG"}));
  EXPECT_FALSE(matches_extension("photo.png.txt", {".png"}));
  EXPECT_FALSE(matches_extension("png", {".png"}));
  EXPECT_TRUE(matches_extension("anything.bin", {}));

  const TempFolder temp = mixed_folder();
  temp.file("lesson.JSON");
  const auto listing = list_folder(temp.path(), {".json"});
  ASSERT_TRUE(listing.ok()) << listing.message();
  EXPECT_EQ(names(*listing), (std::vector<std::string>{"A_folder", "b_folder", "lesson.JSON"}));
}

TEST(FileBrowser, HidesDotFilesAndDotFolders) {
  const TempFolder temp = mixed_folder();
  const auto listing = list_folder(temp.path(), {});
  ASSERT_TRUE(listing.ok()) << listing.message();
  for (const FileEntry& entry : *listing) EXPECT_NE(entry.name[0], '.') << entry.name;
  EXPECT_EQ(listing->size(), 6u);  // two folders, four files including notes.txt
}

TEST(FileBrowser, SkipsEntriesWhoseStatusCannotBeRead) {
  const TempFolder temp;
  temp.file("real.png");
  fs::create_symlink(temp.path() + "/gone.png", temp.path() + "/broken.png");
  const auto listing = list_folder(temp.path(), kImages);
  ASSERT_TRUE(listing.ok()) << listing.message();
  EXPECT_EQ(names(*listing), (std::vector<std::string>{"real.png"}));
}

TEST(FileBrowser, GoingUpStopsAtTheRoot) {
  EXPECT_EQ(parent_folder("/a/b"), "/a");
  EXPECT_EQ(parent_folder("/a/b/"), "/a");
  EXPECT_EQ(parent_folder("/a"), "/");
  EXPECT_EQ(parent_folder("/"), "/");

  FileBrowserState state;
  ASSERT_TRUE(navigate_to(state, "/"));
  EXPECT_FALSE(navigate_up(state));
  EXPECT_EQ(state.folder, "/");
}

TEST(FileBrowser, GoingUpSelectsTheFolderJustLeft) {
  const TempFolder temp = mixed_folder();
  FileBrowserState state;
  ASSERT_TRUE(navigate_to(state, temp.path() + "/b_folder"));
  ASSERT_TRUE(navigate_up(state));
  EXPECT_EQ(state.folder, temp.path());
  ASSERT_EQ(state.selected, 1);
  EXPECT_EQ(state.entries[1].name, "b_folder");
}

TEST(FileBrowser, TypingAFolderNavigatesAndTypingAFileChoosesIt) {
  const TempFolder temp = mixed_folder();
  FileBrowserState state;
  state.extensions = kImages;
  ASSERT_TRUE(navigate_to(state, temp.path()));

  EXPECT_EQ(resolve_typed_path(state, "  A_folder/ "), std::nullopt);  // relative to the current folder
  EXPECT_EQ(state.folder, temp.path() + "/A_folder");
  EXPECT_TRUE(state.error.empty()) << state.error;
  EXPECT_STREQ(state.path_field, state.folder.c_str());

  const auto chosen = resolve_typed_path(state, "../alpha.jpg");
  ASSERT_TRUE(chosen.has_value()) << state.error;
  EXPECT_EQ(*chosen, temp.path() + "/alpha.jpg");
  EXPECT_EQ(resolve_typed_path(state, temp.path() + "/b_folder"), std::nullopt);
  EXPECT_EQ(state.folder, temp.path() + "/b_folder");
}

TEST(FileBrowser, TildeMeansTheHomeFolder) {
  const TempFolder temp = mixed_folder();
  const char* old_home = std::getenv("HOME");
  const std::string saved = old_home ? old_home : "";
  setenv("HOME", temp.path().c_str(), 1);
  EXPECT_EQ(absolute_path("~/A_folder", "/elsewhere"), temp.path() + "/A_folder");
  EXPECT_EQ(absolute_path("~", "/elsewhere"), temp.path());
  const auto places = standard_places("Samples", "/samples");
  ASSERT_GE(places.size(), 3u);
  EXPECT_EQ(places[0], (FilePlace{"Samples", "/samples"}));
  EXPECT_EQ(places[1], (FilePlace{"Home", temp.path()}));
  EXPECT_EQ(places[2].first, "Working folder");
  if (old_home)
    setenv("HOME", saved.c_str(), 1);
  else
    unsetenv("HOME");
}

TEST(FileBrowser, AMissingFolderIsAnErrorAndKeepsTheListing) {
  const TempFolder temp = mixed_folder();
  FileBrowserState state;
  state.extensions = kImages;
  ASSERT_TRUE(navigate_to(state, temp.path()));
  const auto before = names(state.entries);

  EXPECT_FALSE(navigate_to(state, temp.path() + "/no_such_folder"));
  EXPECT_NE(state.error.find("no_such_folder\" does not exist"), std::string::npos) << state.error;
  EXPECT_EQ(state.folder, temp.path());
  EXPECT_EQ(names(state.entries), before);

  EXPECT_EQ(resolve_typed_path(state, "missing.png"), std::nullopt);
  EXPECT_NE(state.error.find("missing.png\" does not exist"), std::string::npos) << state.error;
  EXPECT_EQ(names(state.entries), before);
}

TEST(FileBrowser, AFileIsNotAFolderToList) {
  const TempFolder temp = mixed_folder();
  const auto listing = list_folder(temp.path() + "/notes.txt", {});
  ASSERT_FALSE(listing.ok());
  EXPECT_NE(listing.message().find("notes.txt\" is not a folder"), std::string::npos) << listing.message();

  FileBrowserState state;
  ASSERT_TRUE(navigate_to(state, temp.path()));
  EXPECT_FALSE(navigate_to(state, temp.path() + "/notes.txt"));
  EXPECT_EQ(state.folder, temp.path());
  EXPECT_FALSE(state.error.empty());
}

TEST(FileBrowser, AnUnreadableFolderIsAnErrorNotAnException) {
  if (geteuid() == 0) GTEST_SKIP() << "root reads any folder; AFileIsNotAFolderToList covers the error path";
  const TempFolder temp = mixed_folder();
  const std::string locked = temp.folder("locked");
  fs::permissions(locked, fs::perms::none);
  const auto listing = list_folder(locked, {});
  fs::permissions(locked, fs::perms::owner_all);
  ASSERT_FALSE(listing.ok());
  EXPECT_NE(listing.message().find("ermission denied"), std::string::npos) << listing.message();
}

TEST(FileBrowser, OpeningTheSelectedEntryEntersAFolderOrChoosesAFile) {
  const TempFolder temp = mixed_folder();
  FileBrowserState state;
  state.extensions = kImages;
  ASSERT_TRUE(navigate_to(state, temp.path()));
  EXPECT_EQ(open_selected(state), std::nullopt);  // nothing selected
  state.selected = 3;                             // Beta.png
  EXPECT_EQ(open_selected(state), temp.path() + "/Beta.png");
  state.selected = 0;  // A_folder
  EXPECT_EQ(open_selected(state), std::nullopt);
  EXPECT_EQ(state.folder, temp.path() + "/A_folder");
  EXPECT_EQ(state.selected, -1);
}

TEST(FileBrowser, OpeningAtAMissingFolderFallsBackToTheWorkingFolderAndSaysWhy) {
  FileBrowserState state;
  open_file_browser(state, "Open", {".PNG"}, "/no/such/folder", {});
  EXPECT_EQ(state.folder, fs::current_path().lexically_normal().string());
  EXPECT_NE(state.error.find("/no/such/folder\" does not exist"), std::string::npos) << state.error;
  EXPECT_EQ(state.extensions, (std::vector<std::string>{".png"}));
  EXPECT_TRUE(state.open_requested);
}

TEST(FileBrowser, FormatsSizesInReadableUnits) {
  EXPECT_EQ(format_file_size(0), "0 B");
  EXPECT_EQ(format_file_size(812), "812 B");
  EXPECT_EQ(format_file_size(1536), "1.5 KB");
  EXPECT_EQ(format_file_size(3u * 1024 * 1024 + 100 * 1024), "3.1 MB");
}

// A headless ImGui context: a display size and a built font atlas are all NewFrame needs. Keys map to
// themselves so a test can press them.
class HeadlessImGui {
 public:
  HeadlessImGui() { test_support::create_headless_imgui(nullptr, /*identity_key_map=*/true); }
  ~HeadlessImGui() { ImGui::DestroyContext(); }

  std::optional<std::string> frame(FileBrowserState& state) {
    ImGui::NewFrame();
    ImGui::Begin("host");
    std::optional<std::string> chosen = draw_file_browser(state);
    ImGui::End();
    ImGui::Render();
    return chosen;
  }
  // Presses and releases `key` over two frames; returns what the first one chose.
  std::optional<std::string> press(FileBrowserState& state, ImGuiKey key) {
    ImGui::GetIO().KeysDown[key] = true;
    std::optional<std::string> chosen = frame(state);
    ImGui::GetIO().KeysDown[key] = false;
    if (std::optional<std::string> later = frame(state)) return later;
    return chosen;
  }
};

TEST(FileBrowserPopup, DrawsNothingUntilOpenedAndChoosesNothingUntilAsked) {
  const TempFolder temp = mixed_folder();
  HeadlessImGui imgui;
  FileBrowserState state;
  EXPECT_EQ(imgui.frame(state), std::nullopt);
  EXPECT_FALSE(state.is_open);

  open_file_browser(state, "Open an image", kImages, temp.path(), standard_places("Samples", temp.path()));
  for (int i = 0; i < 3; ++i) EXPECT_EQ(imgui.frame(state), std::nullopt);
  EXPECT_TRUE(state.is_open);
  EXPECT_TRUE(ImGui::IsPopupOpen("Open an image", ImGuiPopupFlags_AnyPopupId));
}

TEST(FileBrowserPopup, ArrowsAndEnterChooseAFile) {
  const TempFolder temp = mixed_folder();
  HeadlessImGui imgui;
  FileBrowserState state;
  open_file_browser(state, "Open an image", kImages, temp.path(), {});
  imgui.frame(state);
  imgui.frame(state);
  for (int i = 0; i < 3; ++i) EXPECT_EQ(imgui.press(state, ImGuiKey_DownArrow), std::nullopt);
  EXPECT_EQ(state.selected, 2);  // alpha.jpg
  EXPECT_EQ(imgui.press(state, ImGuiKey_Enter), temp.path() + "/alpha.jpg");
  EXPECT_FALSE(state.is_open);
  EXPECT_EQ(imgui.frame(state), std::nullopt);  // chosen once, on its frame
}

TEST(FileBrowserPopup, UpFromTheFirstRowSelectsDotDotAndEnterGoesUp) {
  const TempFolder temp = mixed_folder();
  HeadlessImGui imgui;
  FileBrowserState state;
  open_file_browser(state, "Open an image", kImages, temp.path() + "/A_folder", {});
  imgui.frame(state);
  EXPECT_TRUE(state.entries.empty());
  imgui.press(state, ImGuiKey_DownArrow);  // nothing to move to
  EXPECT_EQ(state.selected, kNoEntry);
  imgui.press(state, ImGuiKey_UpArrow);
  EXPECT_EQ(state.selected, kParentEntry);
  EXPECT_EQ(imgui.press(state, ImGuiKey_Enter), std::nullopt);
  EXPECT_EQ(state.folder, temp.path());
  EXPECT_EQ(state.selected, 0);  // A_folder, the folder just left
  EXPECT_TRUE(state.is_open);
}

TEST(FileBrowserPopup, EscapeCancelsWithoutChoosing) {
  const TempFolder temp = mixed_folder();
  HeadlessImGui imgui;
  FileBrowserState state;
  open_file_browser(state, "Open an image", kImages, temp.path(), {});
  imgui.frame(state);
  state.selected = 2;
  EXPECT_EQ(imgui.press(state, ImGuiKey_Escape), std::nullopt);
  EXPECT_FALSE(state.is_open);
  EXPECT_FALSE(ImGui::IsPopupOpen("Open an image", ImGuiPopupFlags_AnyPopupId));
}

TEST(FileBrowserPopup, ShowsAnErrorWithoutClosing) {
  HeadlessImGui imgui;
  FileBrowserState state;
  open_file_browser(state, "Open", kImages, "/no/such/folder", {});
  for (int i = 0; i < 2; ++i) EXPECT_EQ(imgui.frame(state), std::nullopt);
  EXPECT_TRUE(state.is_open);
  EXPECT_FALSE(state.error.empty());
}

}  // namespace
}  // namespace convstep
