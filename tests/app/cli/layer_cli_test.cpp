// The command line's layer line and exercises, run in-process through run_cli: `compute`/`trace --layer`
// stand for the layer flags (the weight's shape must agree), the window's --layer/--input/--weight/--bias
// reach the launcher, an unreadable line is the one-line error plus the line and its caret, and
// `convstep exercises` prints the same set for the same seed.
#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>
#include <nlohmann/json.hpp>
#include <sstream>
#include <string>
#include <vector>

#include "app/cli/cli.h"
#include "core/npy.h"
#include "tests/app/cli/cli_run.h"

namespace convstep {
namespace {

namespace fs = std::filesystem;
using test_support::CliRun;
using test_support::refuse_gui;
using test_support::run_args;
using ::testing::HasSubstr;
using ::testing::StartsWith;

class LayerCliTest : public ::testing::Test {
 protected:
  void SetUp() override {
    const auto* info = ::testing::UnitTest::GetInstance()->current_test_info();
    dir_ = fs::temp_directory_path() /
           ("convstep_layer_cli_test_" + std::string(info->name()) + "_" + std::to_string(::getpid()));
    fs::remove_all(dir_);
    fs::create_directories(dir_);
  }
  void TearDown() override { fs::remove_all(dir_); }

  std::string path(const std::string& name) const { return (dir_ / name).string(); }
  std::string save(const std::string& name, const Tensor& t) const {
    EXPECT_TRUE(write_npy(path(name), t).ok());
    return path(name);
  }

  fs::path dir_;
};

const Tensor kInput({1, 5, 5}, {1, 1, 1, 0, 0, 0, 1, 1, 1, 0, 0, 0, 1, 1, 1, 0, 0, 1, 1, 0, 0, 1, 1, 0, 0});
const Tensor kKernel({1, 1, 3, 3}, {1, 0, 1, 0, 1, 0, 1, 0, 1});

TEST_F(LayerCliTest, ComputeWithALayerLineGivesTheArticlesFeatureMap) {
  const CliRun r =
      run_args({"compute", "--layer", "nn.Conv2d(1, 1, kernel_size=3, bias=False)", "--input",
                save("x.npy", kInput), "--weight", save("w.npy", kKernel), "--output", path("y.npy")});
  ASSERT_EQ(r.code, 0) << r.err;
  Result<Tensor> y = read_npy(path("y.npy"));
  ASSERT_TRUE(y.ok());
  EXPECT_EQ(y->values(), (std::vector<float>{4, 3, 4, 2, 4, 3, 2, 3, 4}));
}

TEST_F(LayerCliTest, ComputeTakesTheLayersStrideAndPadding) {
  const CliRun r =
      run_args({"compute", "--layer", "nn.Conv2d(1, 1, 3, stride=2, padding=1, bias=False)", "--input",
                save("x.npy", kInput), "--weight", save("w.npy", kKernel), "--output", path("y.npy")});
  ASSERT_EQ(r.code, 0) << r.err;
  EXPECT_EQ(read_npy(path("y.npy"))->shape(), (Shape{1, 3, 3}));
}

TEST_F(LayerCliTest, AWeightThatDisagreesWithTheLayerIsExplainedWithTheNumbers) {
  const CliRun r =
      run_args({"compute", "--layer", "nn.Conv2d(1, 8, 3, bias=False)", "--input", save("x.npy", kInput),
                "--weight", save("w.npy", kKernel), "--output", path("y.npy")});
  EXPECT_EQ(r.code, 1);
  EXPECT_EQ(r.err,
            "convstep: error: --layer: the layer needs a weight of shape [8, 1, 3, 3] (out_channels, "
            "in_channels/groups, kH, kW), but the weight is [1, 1, 3, 3]\n");
  EXPECT_FALSE(fs::exists(path("y.npy")));
}

TEST_F(LayerCliTest, TheLayerStandsForTheLayerFlagsSoTheyCannotBeCombined) {
  const CliRun r = run_args({"compute", "--layer", "nn.MaxPool2d(2)", "--stride", "1", "--input",
                             save("x.npy", kInput), "--output", path("y.npy")});
  EXPECT_EQ(r.code, 1);
  EXPECT_THAT(r.err, HasSubstr("--stride cannot be combined with --layer"));
  const CliRun op = run_args({"compute", "--layer", "nn.MaxPool2d(2)", "--op", "max_pool2d", "--input",
                              save("x.npy", kInput), "--output", path("y.npy")});
  EXPECT_THAT(op.err, HasSubstr("--op cannot be combined with --layer"));
}

TEST_F(LayerCliTest, AnUnreadableLayerIsOneErrorLineThenTheLineAndItsCaret) {
  const CliRun r = run_args({"trace", "--layer", "nn.Conv2d(3, 8, x)", "--lesson", "article-5x5"});
  EXPECT_EQ(r.code, 1);
  EXPECT_EQ(r.err,
            "convstep: error: --layer: column 17: expected a number, got 'x'\n"
            "  nn.Conv2d(3, 8, x)\n"
            "                  ^\n");
}

TEST_F(LayerCliTest, TraceAppliesTheLayerToALessonAsTheWindowDoes) {
  const CliRun r = run_args({"trace", "--lesson", "article-5x5", "--layer", "nn.MaxPool2d(2)"});
  ASSERT_EQ(r.code, 0) << r.err;
  EXPECT_THAT(r.out, HasSubstr("max"));
}

TEST_F(LayerCliTest, TheWindowsLayerAndTensorOptionsReachTheLauncher) {
  GuiOptions seen;
  const std::string x = save("x.npy", kInput), w = save("w.npy", kKernel);
  const CliRun r = run_args({"--layer", "nn.Conv2d(1, 1, 3)", "--input", x, "--weight", w, "--bias",
                             save("b.npy", Tensor({1}, 1.0f))},
                            [&](const GuiOptions& o) {
                              seen = o;
                              return 0;
                            });
  ASSERT_EQ(r.code, 0) << r.err;
  EXPECT_EQ(seen.layer, "nn.Conv2d(1, 1, 3)");
  EXPECT_EQ(seen.input, x);
  EXPECT_EQ(seen.weight, w);
  EXPECT_EQ(seen.bias, path("b.npy"));
}

TEST_F(LayerCliTest, TheWindowRefusesAnUnreadableLayerOrNpyBeforeOpening) {
  const CliRun r = run_args({"--layer", "nn.Conv2d(1, 1)"});
  EXPECT_EQ(r.code, 2);
  EXPECT_THAT(r.err, StartsWith("convstep: error: --layer: column 15: nn.Conv2d needs kernel_size"));
  EXPECT_THAT(r.err, HasSubstr("\n  nn.Conv2d(1, 1)\n                ^\n"));
  const CliRun missing = run_args({"--weight", path("missing.npy")});
  EXPECT_EQ(missing.code, 2);
  EXPECT_THAT(missing.err, StartsWith("convstep: error: --weight: "));
  const CliRun with_subcommand = run_args({"--layer", "nn.MaxPool2d(2)", "lessons"});
  EXPECT_NE(with_subcommand.code, 0);
}

TEST(ExercisesCommand, TheSameSeedPrintsTheSameJson) {
  const CliRun a = run_args({"exercises", "--seed", "7", "--count", "3", "--difficulty", "medium", "--json"});
  const CliRun b = run_args({"exercises", "--seed", "7", "--count", "3", "--difficulty", "medium", "--json"});
  ASSERT_EQ(a.code, 0) << a.err;
  EXPECT_EQ(a.out, b.out);
  const nlohmann::json j = nlohmann::json::parse(a.out);
  EXPECT_EQ(j["seed"], 7);
  EXPECT_EQ(j["difficulty"], "medium");
  ASSERT_EQ(j["exercises"].size(), 3u);
  for (const auto& e : j["exercises"])
    for (const char* key : {"op", "params", "input", "answer", "output_shape"})
      EXPECT_TRUE(e.contains(key)) << key;
  const CliRun other =
      run_args({"exercises", "--seed", "8", "--count", "3", "--difficulty", "medium", "--json"});
  EXPECT_NE(a.out, other.out);
}

TEST(ExercisesCommand, WithoutJsonPrintsAReadableListing) {
  const CliRun r = run_args({"exercises", "--seed", "1", "--count", "2"});
  ASSERT_EQ(r.code, 0) << r.err;
  EXPECT_THAT(r.out, StartsWith("Exercises, seed 1, easy"));
  EXPECT_THAT(r.out, HasSubstr("Exercise 2: nn."));
  EXPECT_THAT(r.out, HasSubstr("answer ["));
}

TEST(ExercisesCommand, BadOptionsAreOneLineErrors) {
  for (const auto& [args, text] : std::vector<std::pair<std::vector<std::string>, std::string>>{
           {{"exercises", "--seed", "-1"}, "--seed: expected a whole number"},
           {{"exercises", "--count", "0"}, "--count: expected a number of exercises from 1 to 1000"},
           {{"exercises", "--count", "5000"}, "--count: expected a number of exercises from 1 to 1000"},
           {{"exercises", "--difficulty", "expert"}, "--difficulty: expected easy, medium or hard"}}) {
    const CliRun r = run_args(args);
    EXPECT_EQ(r.code, 2);
    EXPECT_THAT(r.err, StartsWith("convstep: error: " + text));
    EXPECT_EQ(std::count(r.err.begin(), r.err.end(), '\n'), 1);
    EXPECT_TRUE(r.out.empty());
  }
}

}  // namespace
}  // namespace convstep
