// `compute --threads N`: any thread count writes the same bytes as the engine on one thread, and a
// count that is not a number of threads is refused on one line with nothing written. `--max-work N`:
// a layer over the limit is refused naming its numbers; raising the limit computes it.
#include <gtest/gtest.h>
#include <unistd.h>

#include <algorithm>
#include <filesystem>
#include <sstream>
#include <string>
#include <vector>

#include "app/cli/cli.h"
#include "core/npy.h"
#include "core/ops.h"

namespace convstep {
namespace {

namespace fs = std::filesystem;

int refuse_gui(const GuiOptions&) {
  ADD_FAILURE() << "the GUI launcher was called";
  return 99;
}

class ComputeThreads : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = fs::temp_directory_path() / ("convstep_compute_threads_" + std::to_string(::getpid()) + "_" +
                                        ::testing::UnitTest::GetInstance()->current_test_info()->name());
    fs::remove_all(dir_);
    fs::create_directories(dir_);
    input_ = Tensor({2, 3, 41, 57});
    weight_ = Tensor({4, 3, 3, 3});
    for (int64_t i = 0; i < input_.numel(); ++i)
      input_.values()[static_cast<size_t>(i)] = static_cast<float>((i * 37) % 101) / 7.0f - 6.0f;
    for (int64_t i = 0; i < weight_.numel(); ++i)
      weight_.values()[static_cast<size_t>(i)] = static_cast<float>((i * 13) % 17) / 5.0f - 1.5f;
    ASSERT_TRUE(write_npy(path("x.npy"), input_).ok());
    ASSERT_TRUE(write_npy(path("w.npy"), weight_).ok());
  }
  void TearDown() override { fs::remove_all(dir_); }

  std::string path(const std::string& name) const { return (dir_ / name).string(); }

  int compute(const std::vector<std::string>& extra, const std::string& output,
              std::string* err_text = nullptr) {
    std::vector<std::string> args = {"convstep",       "compute",  "--op",        "conv2d",    "--input",
                                     path("x.npy"),    "--weight", path("w.npy"), "--padding", "1",
                                     "--padding-mode", "reflect",  "--output",    output};
    args.insert(args.end(), extra.begin(), extra.end());
    std::vector<const char*> argv;
    for (const std::string& a : args) argv.push_back(a.c_str());
    std::ostringstream out, err;
    const int code = run_cli(static_cast<int>(argv.size()), argv.data(), out, err, refuse_gui);
    if (err_text) *err_text = err.str();
    return code;
  }

  fs::path dir_;
  Tensor input_, weight_;
};

TEST_F(ComputeThreads, EveryThreadCountWritesTheOneThreadOutput) {
  Scene scene;
  scene.params.op = Op::kConv2d;
  scene.params.padding = {1, 1};
  scene.params.padding_mode = PaddingMode::kReflect;
  scene.input = input_;
  scene.weight = weight_;
  Result<Tensor> expected = run(scene, RunOptions{1, std::nullopt});
  ASSERT_TRUE(expected.ok()) << expected.message();
  for (const std::string n : {"1", "2", "3", "7"}) {
    const std::string out = path("y" + n + ".npy");
    ASSERT_EQ(compute({"--threads", n}, out), 0) << "--threads " << n;
    auto written = read_npy(out);
    ASSERT_TRUE(written.ok()) << written.message();
    EXPECT_EQ(*written, *expected) << "--threads " << n;
  }
  ASSERT_EQ(compute({}, path("default.npy")), 0);
  auto written = read_npy(path("default.npy"));
  ASSERT_TRUE(written.ok());
  EXPECT_EQ(*written, *expected) << "the default (every core)";
}

TEST_F(ComputeThreads, ACountThatIsNotANumberOfThreadsIsRefusedAndNothingIsWritten) {
  for (const std::string n : {"0", "-2", "many", "1025", "2x"}) {
    std::string err;
    EXPECT_NE(compute({"--threads", n}, path("y.npy"), &err), 0) << n;
    EXPECT_EQ(err.rfind("convstep: error: --threads: expected a number of threads from 1 to 1024", 0), 0u)
        << err;
    EXPECT_EQ(std::count(err.begin(), err.end(), '\n'), 1) << err;
    EXPECT_FALSE(fs::exists(path("y.npy"))) << n;
  }
}

// The test layer needs 2·4·41·57 outputs × 27 taps = 504,792 multiply-adds.
TEST_F(ComputeThreads, ALayerOverMaxWorkIsRefusedWithItsNumbersAndNothingIsWritten) {
  std::string err;
  EXPECT_NE(compute({"--max-work", "504791"}, path("y.npy"), &err), 0);
  EXPECT_EQ(
      err.rfind("convstep: error: this layer needs 504,792 multiply-adds (18,696 outputs × 27 taps each), "
                "more than the 504,791 allowed here — try ",
                0),
      0u)
      << err;
  EXPECT_NE(err.find("(--max-work N raises the limit)"), std::string::npos) << err;
  EXPECT_EQ(std::count(err.begin(), err.end(), '\n'), 1) << err;
  EXPECT_FALSE(fs::exists(path("y.npy")));
  EXPECT_EQ(compute({"--max-work", "504792"}, path("y.npy")), 0);
  EXPECT_TRUE(fs::exists(path("y.npy")));
  EXPECT_NE(compute({"--max-work", "lots"}, path("z.npy"), &err), 0);
  EXPECT_EQ(err.rfind("convstep: error: --max-work: expected a number of multiply-adds", 0), 0u) << err;
}

}  // namespace
}  // namespace convstep
