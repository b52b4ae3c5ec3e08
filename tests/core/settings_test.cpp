// Settings: what is saved comes back, a corrupt or unreadable file gives the defaults and one message,
// a missing folder is created, a folder that cannot be written is an error and nothing else, and the
// folder follows CONVSTEP_CONFIG_DIR, then XDG_CONFIG_HOME, then HOME.
#include "core/settings.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <cerrno>
#include <filesystem>
#include <fstream>
#include <random>
#include <string>

#include "core/atomic_write.h"

namespace convstep {
namespace {

namespace fs = std::filesystem;

class SettingsTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = fs::temp_directory_path() / ("convstep_settings_test_" + std::to_string(std::random_device{}()));
    fs::remove_all(dir_);
  }
  void TearDown() override {
    std::error_code ignored;
    fs::remove_all(dir_, ignored);
  }
  void write(const std::string& text) {
    fs::create_directories(dir_);
    std::ofstream(dir_ / "settings.json") << text;
  }
  fs::path dir_;
};

Settings changed_settings() {
  Settings s;
  s.window = {1024, 768, 40, -20, "HDMI-1"};
  s.last_lesson = "/home/teacher/lessons/stride.json";
  s.palette = 1;
  s.speed = 2.5;
  s.text_scale = 1.5f;
  s.presentation = true;
  s.sidebar = false;
  s.recent_files = {"a.json", "b.png"};
  return s;
}

TEST_F(SettingsTest, WhatIsSavedIsWhatIsLoaded) {
  const Settings saved = changed_settings();
  ASSERT_TRUE(save_settings(dir_.string(), saved).ok());
  const LoadedSettings loaded = load_settings(dir_.string());
  EXPECT_EQ(loaded.problem, "");
  EXPECT_EQ(loaded.settings, saved);
}

TEST_F(SettingsTest, AMissingFileGivesTheDefaultsWithoutComplaint) {
  const LoadedSettings loaded = load_settings(dir_.string());
  EXPECT_EQ(loaded.problem, "");
  EXPECT_EQ(loaded.settings, Settings{});
}

TEST_F(SettingsTest, AMissingFolderIsCreatedOnSave) {
  const fs::path nested = dir_ / "deeper" / "convstep";
  ASSERT_TRUE(save_settings(nested.string(), changed_settings()).ok());
  EXPECT_TRUE(fs::is_regular_file(nested / "settings.json"));
}

TEST_F(SettingsTest, ACorruptFileGivesTheDefaultsAndSaysWhichFile) {
  write("{\"window\": {\"width\": 1024,");
  const LoadedSettings loaded = load_settings(dir_.string());
  EXPECT_EQ(loaded.settings, Settings{});
  EXPECT_NE(loaded.problem.find("settings.json"), std::string::npos) << loaded.problem;
  EXPECT_NE(loaded.problem.find("default settings"), std::string::npos) << loaded.problem;
}

TEST_F(SettingsTest, AValueOutOfRangeIsNamedAndTheDefaultsAreUsed) {
  write(R"({"window": {"width": 5}, "palette": 1})");
  const LoadedSettings loaded = load_settings(dir_.string());
  EXPECT_EQ(loaded.settings, Settings{});
  EXPECT_NE(loaded.problem.find("\"width\""), std::string::npos) << loaded.problem;
}

TEST_F(SettingsTest, AFolderWhereTheFileShouldBeIsReportedNotFollowed) {
  fs::create_directories(dir_ / "settings.json");
  const LoadedSettings loaded = load_settings(dir_.string());
  EXPECT_EQ(loaded.settings, Settings{});
  EXPECT_NE(loaded.problem.find("is a folder"), std::string::npos) << loaded.problem;
}

TEST_F(SettingsTest, UnknownKeysAreIgnoredAndKnownOnesKept) {
  write(R"({"future_option": [1, 2], "speed": 4, "presentation": true})");
  const LoadedSettings loaded = load_settings(dir_.string());
  EXPECT_EQ(loaded.problem, "");
  EXPECT_EQ(loaded.settings.speed, 4);
  EXPECT_TRUE(loaded.settings.presentation);
}

TEST_F(SettingsTest, ASwitchThatIsNotTrueOrFalseIsNamed) {
  write(R"({"sidebar": "no"})");
  const LoadedSettings loaded = load_settings(dir_.string());
  EXPECT_EQ(loaded.settings, Settings{});
  EXPECT_NE(loaded.problem.find("\"sidebar\""), std::string::npos) << loaded.problem;
}

TEST_F(SettingsTest, AFolderThatCannotBeWrittenIsAnErrorAndLeavesTheOldFile) {
  ASSERT_TRUE(save_settings(dir_.string(), Settings{}).ok());
  // Root ignores a read-only folder's mode, so the refusal is the system call's, as atomic_write's own
  // tests provoke it.
  atomic_write_testing::fail_next(atomic_write_testing::Step::kOpen, EACCES);
  const Status saved = save_settings(dir_.string(), changed_settings());
  ASSERT_FALSE(saved.ok());
  EXPECT_NE(saved.message().find("settings.json"), std::string::npos) << saved.message();
  EXPECT_EQ(load_settings(dir_.string()).settings, Settings{});
}

TEST_F(SettingsTest, AFileInPlaceOfTheFolderIsAnErrorOnSave) {
  fs::create_directories(dir_);
  std::ofstream(dir_ / "blocker") << "x";
  const Status saved = save_settings((dir_ / "blocker").string(), Settings{});
  EXPECT_FALSE(saved.ok());
}

TEST(SettingsDir, TheOverrideComesFirstThenXdgThenHome) {
  EXPECT_EQ(settings_dir("/tmp/override", "/xdg", "/home/u"), "/tmp/override");
  EXPECT_EQ(settings_dir(nullptr, "/xdg", "/home/u"), "/xdg/convstep");
  EXPECT_EQ(settings_dir("", "", "/home/u"), "/home/u/.config/convstep");
  EXPECT_EQ(settings_dir(nullptr, nullptr, nullptr), "");
}

TEST(RecentFiles, TheNewestComesFirstWithoutRepeatsAndTheListStaysShort) {
  Settings s;
  for (int i = 0; i < 15; ++i) add_recent_file(s, "f" + std::to_string(i));
  add_recent_file(s, "f10");
  ASSERT_EQ(s.recent_files.size(), kMaxRecentFiles);
  EXPECT_EQ(s.recent_files[0], "f10");
  EXPECT_EQ(s.recent_files[1], "f14");
  EXPECT_EQ(std::count(s.recent_files.begin(), s.recent_files.end(), "f10"), 1);
}

}  // namespace
}  // namespace convstep
