// `filter --threads N`: any thread count writes the same bytes as one thread, and a count that is not a
// number of threads is refused on one line with nothing written.
#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <iterator>
#include <string>

#include "tests/app/cli/cli_run.h"

namespace convstep {
namespace {

namespace fs = std::filesystem;
using test_support::run_args;

class FilterThreads : public ::testing::Test {
 protected:
  void SetUp() override {
    const auto* info = ::testing::UnitTest::GetInstance()->current_test_info();
    dir_ = fs::temp_directory_path() /
           ("convstep_filter_threads_" + std::string(info->name()) + "_" + std::to_string(::getpid()));
    fs::remove_all(dir_);
    fs::create_directories(dir_);
  }
  void TearDown() override { fs::remove_all(dir_); }
  std::string path(const std::string& name) const { return (dir_ / name).string(); }
  fs::path dir_;
};

std::string bytes_of(const std::string& file) {
  std::ifstream in(file, std::ios::binary);
  return std::string(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
}

// The playground's sample photo: enough rows for every thread to get some.
std::string image() {
  return std::string(CONVSTEP_TEST_DATA_DIR) + "/../../assets/images/chelsea.png";
}

TEST_F(FilterThreads, EveryThreadCountWritesTheSameValues) {
  for (const char* mode : {"zeros", "reflect"}) {
    const std::string one = path(std::string("one_") + mode + ".npy");
    auto r = run_args({"filter", image(), "--kernel", "box-blur", "--padding-mode", mode, "--threads", "1",
                       "--output", one});
    ASSERT_EQ(r.code, 0) << r.err;
    for (const char* n : {"2", "3", "7"}) {
      const std::string many = path(std::string("many_") + mode + n + ".npy");
      r = run_args({"filter", image(), "--kernel", "box-blur", "--padding-mode", mode, "--threads", n,
                    "--output", many});
      ASSERT_EQ(r.code, 0) << r.err;
      EXPECT_EQ(bytes_of(many), bytes_of(one)) << mode << " on " << n << " threads";
    }
  }
}

TEST_F(FilterThreads, ACountThatIsNotANumberOfThreadsIsRefused) {
  for (const char* n : {"0", "-2", "two", "1025", "3.5"}) {
    const auto r =
        run_args({"filter", image(), "--kernel", "box-blur", "--threads", n, "--output", path("x.png")});
    EXPECT_EQ(r.code, 2) << n;
    EXPECT_EQ(r.err.rfind("convstep: error: --threads: expected a number of threads from 1 to 1024", 0), 0u)
        << r.err;
    EXPECT_FALSE(fs::exists(path("x.png"))) << n;
  }
}

}  // namespace
}  // namespace convstep
