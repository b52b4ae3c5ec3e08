// `convstep compute --output` and `convstep filter --output` onto targets that cannot be written, run
// in-process through run_cli: a full disk (core/atomic_write's injected ENOSPC), a symlink planted at the
// temporary name or at the target, a missing folder, a folder as the target. Each exits non-zero with
// one line naming the path (or writes safely), the previous file stays untouched, nothing is left beside.
#include <gtest/gtest.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include "app/cli/cli.h"
#include "core/atomic_write.h"
#include "core/image.h"
#include "core/npy.h"
#include "tests/app/cli/cli_run.h"
#include "tests/test_files.h"

namespace convstep {
namespace {

using test_support::lines;
using test_support::read_all;

namespace fs = std::filesystem;
using atomic_write_testing::Step;
using test_support::CliRun;
using test_support::refuse_gui;
using test_support::run_args;

bool contains(const std::string& text, const std::string& part) {
  return text.find(part) != std::string::npos;
}

// Which command writes, and how it is asked to write to `out`.
struct Writer {
  const char* name;
  std::vector<std::string> (*args)(const std::string& out);
};

const Writer kWriters[] = {
    {"compute",
     [](const std::string& out) {
       return std::vector<std::string>{"compute", "--lesson", "article-5x5", "--output", out};
     }},
    {"filter png",
     [](const std::string& out) {
       return std::vector<std::string>{
           "filter",   std::string(CONVSTEP_TEST_DATA_DIR) + "/images/rgb_4x3.png",
           "--kernel", "box-blur",
           "--output", out};
     }},
};

// The file name each writer is given: compute writes .npy; filter picks its format from the name.
std::string target_name(const Writer& w) {
  return std::string(w.name) == "compute" ? "y.npy" : "y.png";
}

class HostileWrite : public ::testing::Test {
 protected:
  void SetUp() override {
    const auto* info = ::testing::UnitTest::GetInstance()->current_test_info();
    dir_ = fs::temp_directory_path() /
           ("convstep_hostile_write_" + std::string(info->name()) + "_" + std::to_string(::getpid()));
    fs::remove_all(dir_);
    fs::create_directories(dir_);
  }
  void TearDown() override { fs::remove_all(dir_); }

  std::vector<std::string> names() const {
    std::vector<std::string> found;
    for (const auto& e : fs::directory_iterator(dir_)) found.push_back(e.path().filename().string());
    std::sort(found.begin(), found.end());
    return found;
  }
  // A previous output at `target`, written by the writer itself.
  std::string previous(const Writer& w, const fs::path& target) {
    const CliRun r = run_args(w.args(target.string()));
    EXPECT_EQ(r.code, 0) << w.name << ": " << r.err;
    return read_all(target);
  }

  fs::path dir_;
};

TEST_F(HostileWrite, AFullDiskFailsNamingThePathAndKeepsThePreviousFile) {
  for (const Writer& w : kWriters) {
    for (Step step : {Step::kWrite, Step::kFsync, Step::kClose, Step::kRename}) {
      const fs::path target = dir_ / target_name(w);
      const std::string before = previous(w, target);
      atomic_write_testing::fail_next(step, ENOSPC);
      const CliRun r = run_args(w.args(target.string()));
      EXPECT_EQ(r.code, 1) << w.name;
      EXPECT_TRUE(contains(r.err, target.string())) << w.name << ": " << r.err;
      EXPECT_TRUE(contains(r.err, "No space left on device")) << w.name << ": " << r.err;
      EXPECT_EQ(lines(r.err), 1) << r.err;
      EXPECT_EQ(read_all(target), before) << w.name << ": the previous file changed";
      EXPECT_EQ(names(), std::vector<std::string>{target_name(w)}) << w.name << ": something was left behind";
      fs::remove(target);
    }
  }
}

TEST_F(HostileWrite, ASymlinkPlantedAtTheTemporaryNameIsNeverWrittenThrough) {
  for (const Writer& w : kWriters) {
    const fs::path victim = dir_ / "victim.txt";
    std::ofstream(victim) << "keep me";
    const std::string temp = std::string(".").append(target_name(w)).append(".tmp-planted");
    fs::create_symlink(victim, dir_ / temp);
    atomic_write_testing::first_temp_name_next(temp);
    const CliRun r = run_args(w.args((dir_ / target_name(w)).string()));
    EXPECT_EQ(r.code, 0) << w.name << ": " << r.err;
    EXPECT_EQ(read_all(victim), "keep me") << w.name;
    EXPECT_TRUE(fs::is_symlink(dir_ / temp));
    EXPECT_EQ(names(), (std::vector<std::string>{temp, "victim.txt", target_name(w)}));
    fs::remove_all(dir_);
    fs::create_directories(dir_);
  }
}

TEST_F(HostileWrite, ASymlinkAtTheTargetIsReplacedAndWhatItPointedToIsUntouched) {
  for (const Writer& w : kWriters) {
    const fs::path victim = dir_ / "victim.txt";
    std::ofstream(victim) << "keep me";
    const fs::path target = dir_ / target_name(w);
    fs::create_symlink(victim, target);
    const CliRun r = run_args(w.args(target.string()));
    EXPECT_EQ(r.code, 0) << w.name << ": " << r.err;
    EXPECT_EQ(read_all(victim), "keep me") << w.name;
    EXPECT_FALSE(fs::is_symlink(target)) << w.name;
    EXPECT_NE(read_all(target), "keep me");
    fs::remove_all(dir_);
    fs::create_directories(dir_);
  }
}

TEST_F(HostileWrite, AMissingFolderFailsNamingItAndCreatesNothing) {
  for (const Writer& w : kWriters) {
    const fs::path target = dir_ / "nowhere" / target_name(w);
    const CliRun r = run_args(w.args(target.string()));
    EXPECT_NE(r.code, 0) << w.name;
    EXPECT_TRUE(contains(r.err, (dir_ / "nowhere").string())) << w.name << ": " << r.err;
    EXPECT_EQ(lines(r.err), 1) << r.err;
    EXPECT_TRUE(names().empty()) << w.name;
  }
}

TEST_F(HostileWrite, AFolderAsTheTargetFailsNamingItAndStaysAsItWas) {
  for (const Writer& w : kWriters) {
    const fs::path target = dir_ / target_name(w);
    fs::create_directories(target / "inside");
    const CliRun r = run_args(w.args(target.string()));
    EXPECT_NE(r.code, 0) << w.name;
    EXPECT_TRUE(contains(r.err, target.string())) << w.name << ": " << r.err;
    EXPECT_EQ(lines(r.err), 1) << r.err;
    EXPECT_TRUE(fs::is_directory(target / "inside"));
    EXPECT_EQ(names(), std::vector<std::string>{target_name(w)}) << w.name;
    fs::remove_all(target);
  }
}

TEST_F(HostileWrite, WithNothingInjectedBothWritersSucceed) {
  // The control case: the same commands write readable files.
  for (const Writer& w : kWriters) {
    const fs::path target = dir_ / target_name(w);
    const CliRun r = run_args(w.args(target.string()));
    EXPECT_EQ(r.code, 0) << w.name << ": " << r.err;
  }
  EXPECT_TRUE(read_npy((dir_ / "y.npy").string()).ok());
  EXPECT_TRUE(load_image((dir_ / "y.png").string()).ok());
}

}  // namespace
}  // namespace convstep
