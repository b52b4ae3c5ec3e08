// Destinations checked before an export draws: each refusal names the path and what is wrong.
#include "core/output_path.h"

#include <gtest/gtest.h>
#include <stdlib.h>

#include <filesystem>
#include <fstream>

namespace convstep {
namespace {

namespace fs = std::filesystem;

class OutputPath : public ::testing::Test {
 protected:
  void SetUp() override {
    std::string pattern = (fs::temp_directory_path() / "convstep_out_XXXXXX").string();
    ASSERT_NE(mkdtemp(pattern.data()), nullptr);
    dir_ = pattern;
  }
  void TearDown() override {
    std::error_code ec;
    fs::remove_all(dir_, ec);
  }
  fs::path dir_;
};

TEST_F(OutputPath, ANewFileInAFolderIsFine) {
  EXPECT_TRUE(check_output_path((dir_ / "walk.gif").string(), false));
}

TEST_F(OutputPath, AnExistingFileNeedsReplace) {
  std::ofstream(dir_ / "walk.gif") << "x";
  const std::string path = (dir_ / "walk.gif").string();
  EXPECT_EQ(check_output_path(path, false).message(), path + " exists; use --force to replace it");
  EXPECT_TRUE(check_output_path(path, true));
}

TEST_F(OutputPath, FoldersAndMissingFoldersAreRefused) {
  EXPECT_EQ(check_output_path(dir_.string(), true).message(),
            dir_.string() + " is a folder: name the file to write in it");
  const std::string missing = (dir_ / "nope" / "walk.gif").string();
  EXPECT_EQ(check_output_path(missing, true).message(),
            missing + ": the folder " + (dir_ / "nope").string() + " does not exist");
  std::ofstream(dir_ / "file") << "x";
  const std::string under_file = (dir_ / "file" / "walk.gif").string();
  EXPECT_NE(check_output_path(under_file, true).message().find("is not a folder"), std::string::npos);
  EXPECT_EQ(check_output_path("", true).message(), "no file name to write to");
}

}  // namespace
}  // namespace convstep
