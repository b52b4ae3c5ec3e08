// A headless run (--frames, --screenshot) fails when what it was asked for failed: a lesson whose scene
// cannot be stepped, a --set the engine refuses, a screenshot or layout that cannot be written. Each says
// why in one line on stderr naming the file or setting; a file that could not be written leaves the
// previous one untouched and nothing beside it. The good runs beside them are the control cases.
#include <sys/mount.h>
#include <unistd.h>

#include <fstream>
#include <string>
#include <vector>

#include "tests/app/gui_support.h"
#include "tests/test_files.h"

namespace convstep::gui_test {
namespace {

using test_support::lines;
using test_support::names_in;
using test_support::read_all;

class HeadlessExit : public GuiTest {
 protected:
  // Appended rather than "'" + ...: GCC 12 at -O3 reports a false -Wrestrict for const char* + std::string.
  std::string quoted(const fs::path& p) const { return std::string("'").append(p.string()).append("'"); }
};

TEST_F(HeadlessExit, ALessonWhoseKernelIsWiderThanItsInputFailsTheRun) {
  const fs::path lesson = dir_ / "too_wide.json";
  std::ofstream(lesson)
      << R"({"name": "too-wide", "title": "Too wide", "caption": "A kernel wider than its input.", "op": "conv2d",
    "input": {"shape": [1, 3, 3], "data": [[[1, 2, 3], [4, 5, 6], [7, 8, 9]]]},
    "weight": {"shape": [1, 1, 5, 5], "data": [[[[1, 1, 1, 1, 1], [1, 1, 1, 1, 1], [1, 1, 1, 1, 1],
                                                 [1, 1, 1, 1, 1], [1, 1, 1, 1, 1]]]]}})";
  std::string err;
  EXPECT_NE(run_raw("--lesson " + quoted(lesson) + " --frames 1", &err), 0);
  EXPECT_NE(err.find("too_wide.json"), std::string::npos) << err;
  EXPECT_NE(err.find("the kernel (5) is wider than the padded input (3)"), std::string::npos) << err;
  EXPECT_EQ(lines(err), 1) << err;
}

TEST_F(HeadlessExit, AnUnknownOrBrokenLessonFailsTheRun) {
  std::string err;
  EXPECT_NE(run_raw("--lesson no-such-lesson --frames 1", &err), 0);
  EXPECT_NE(err.find("no-such-lesson"), std::string::npos) << err;
  const std::string broken = std::string(CONVSTEP_TEST_DATA_DIR) + "/hostile/huge_number.json";
  EXPECT_NE(run_raw("--lesson '" + broken + "' --frames 1", &err), 0);
  EXPECT_NE(err.find("huge_number.json"), std::string::npos) << err;
  EXPECT_EQ(lines(err), 1) << err;
}

TEST_F(HeadlessExit, ASetTheEngineRefusesFailsTheRunNamingTheSetting) {
  std::string err;
  EXPECT_EQ(run_raw("--set stride=0 --frames 1", &err), 1);
  EXPECT_NE(err.find("--set stride=0"), std::string::npos) << err;
  EXPECT_EQ(lines(err), 1) << err;
  EXPECT_EQ(run_raw("--set kernel_size=9 --frames 1", &err), 1) << "a kernel wider than the 5x5 input";
  EXPECT_NE(err.find("kernel_size=9"), std::string::npos) << err;
}

TEST_F(HeadlessExit, AGoodLessonAndSetStillExitZero) {
  std::string err;
  EXPECT_EQ(run_raw("--lesson stride-2 --set padding=1 --frames 1", &err), 0) << err;
  EXPECT_EQ(err, "");
}

TEST_F(HeadlessExit, AScreenshotOrLayoutOntoAFolderFailsNamingItAndLeavesNothing) {
  const fs::path folder = dir_ / "shots";
  fs::create_directories(folder / "inside");
  std::string err;
  EXPECT_EQ(run_raw("--frames 1 --screenshot " + quoted(folder), &err), 1);
  EXPECT_NE(err.find(folder.string()), std::string::npos) << err;
  EXPECT_EQ(run_raw("--frames 1 --layout " + quoted(folder), &err), 1);
  EXPECT_NE(err.find(folder.string()), std::string::npos) << err;
  EXPECT_EQ(names_in(folder), std::vector<std::string>{"inside"});
  EXPECT_EQ(names_in(dir_), (std::vector<std::string>{"shots", "stderr.txt"}));
}

TEST_F(HeadlessExit, AScreenshotIntoAMissingFolderFailsNamingTheFolder) {
  std::string err;
  EXPECT_NE(run_raw("--frames 1 --screenshot " + quoted(dir_ / "nowhere" / "shot.png"), &err), 0);
  EXPECT_NE(err.find((dir_ / "nowhere").string()), std::string::npos) << err;
  EXPECT_FALSE(fs::exists(dir_ / "nowhere"));
}

TEST_F(HeadlessExit, APlantedSymlinkAtTheOldTempNameIsNeverWrittenThrough) {
  // The screenshot used to go through NAME.tmp, so a symlink planted there redirected the write.
  const fs::path victim = dir_ / "victim.txt";
  std::ofstream(victim) << "keep me";
  fs::create_symlink(victim, dir_ / "shot.png.tmp");
  std::string err;
  EXPECT_EQ(run_raw("--frames 1 --screenshot " + quoted(dir_ / "shot.png"), &err), 0) << err;
  EXPECT_EQ(read_all(victim), "keep me");
  EXPECT_TRUE(fs::is_symlink(dir_ / "shot.png.tmp"));
  EXPECT_EQ(load_png(dir_ / "shot.png").width, kWidth);
  EXPECT_EQ(names_in(dir_),
            (std::vector<std::string>{"shot.png", "shot.png.tmp", "stderr.txt", "victim.txt"}));
}

TEST_F(HeadlessExit, ASymlinkAtTheTargetIsReplacedAndWhatItPointedToIsUntouched) {
  const fs::path victim = dir_ / "victim.txt";
  std::ofstream(victim) << "keep me";
  fs::create_symlink(victim, dir_ / "shot.png");
  std::string err;
  EXPECT_EQ(run_raw("--frames 1 --screenshot " + quoted(dir_ / "shot.png"), &err), 0) << err;
  EXPECT_EQ(read_all(victim), "keep me");
  EXPECT_FALSE(fs::is_symlink(dir_ / "shot.png"));
  EXPECT_EQ(load_png(dir_ / "shot.png").width, kWidth);
}

// A tiny tmpfs, filled almost to the brim, holding the previous screenshot: the next one cannot fit.
class FullDisk : public HeadlessExit {
 protected:
  void SetUp() override {
    HeadlessExit::SetUp();
    if (::testing::Test::HasFatalFailure()) return;
    mount_ = dir_ / "full";
    fs::create_directories(mount_);
    if (::geteuid() != 0 || ::mount("tmpfs", mount_.c_str(), "tmpfs", 0, "size=256k") != 0) {
      GTEST_SKIP() << "mounting a tmpfs needs root; the injected-failure tests in tests/app/cli cover this";
    }
    mounted_ = true;
  }
  void TearDown() override {
    if (mounted_) ::umount(mount_.c_str());
    HeadlessExit::TearDown();
  }
  fs::path mount_;
  bool mounted_ = false;
};

TEST_F(FullDisk, AScreenshotThatDoesNotFitFailsAndKeepsThePreviousOne) {
  std::string err;
  const fs::path shot = mount_ / "shot.png";
  ASSERT_EQ(run_raw("--size 64x48 --frames 1 --screenshot " + quoted(shot), &err), 0) << err;
  const std::string previous = read_all(shot);
  ASSERT_FALSE(previous.empty());
  {
    // Fill what is left, leaving a few KB: less than a full-size screenshot needs.
    std::ofstream filler(mount_ / "filler", std::ios::binary);
    const std::string block(1024, 'x');
    while (filler.write(block.data(), static_cast<std::streamsize>(block.size()))) {
    }
  }
  fs::resize_file(mount_ / "filler", fs::file_size(mount_ / "filler") - 8 * 1024);
  EXPECT_EQ(run_raw("--frames 1 --screenshot " + quoted(shot), &err), 1);
  EXPECT_NE(err.find(shot.string()), std::string::npos) << err;
  EXPECT_EQ(lines(err), 1) << err;
  EXPECT_EQ(read_all(shot), previous) << "the previous screenshot was changed";
  EXPECT_EQ(names_in(mount_), (std::vector<std::string>{"filler", "shot.png"}))
      << "a temporary file was left";
}

}  // namespace
}  // namespace convstep::gui_test
