// Tests for the command line, run in-process through run_cli with string streams and a temporary folder:
// compute agrees with the engine, traces read as hand-written arithmetic, every error is one line on
// stderr with a non-zero exit and no output file, help works, and GUI options reach the launcher.
#include "app/cli/cli.h"
#include "tests/app/cli/cli_run.h"

#include <gtest/gtest.h>
#include <unistd.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include "core/npy.h"
#include "core/ops.h"
#include "core/params.h"

namespace convstep {
namespace {

namespace fs = std::filesystem;
using test_support::CliRun;
using test_support::refuse_gui;
using test_support::run_args;

std::string first_line(const std::string& text) {
  return text.substr(0, text.find('\n'));
}

std::vector<std::string> lines_of(const std::string& text) {
  std::vector<std::string> lines;
  std::istringstream in(text);
  for (std::string line; std::getline(in, line);) lines.push_back(line);
  return lines;
}

std::string describe(const std::vector<std::string>& args) {
  std::string s;
  for (const auto& a : args) s += " " + a;
  return s;
}

class CliTest : public ::testing::Test {
 protected:
  void SetUp() override {
    const auto* info = ::testing::UnitTest::GetInstance()->current_test_info();
    dir_ = fs::temp_directory_path() /
           ("convstep_cli_test_" + std::string(info->name()) + "_" + std::to_string(::getpid()));
    fs::remove_all(dir_);
    fs::create_directories(dir_);
  }
  void TearDown() override { fs::remove_all(dir_); }

  std::string path(const std::string& name) const { return (dir_ / name).string(); }

  std::string save(const std::string& name, const Tensor& t) const {
    const std::string p = path(name);
    EXPECT_TRUE(write_npy(p, t).ok()) << p;
    return p;
  }

  Tensor load(const std::string& p) const {
    auto t = read_npy(p);
    EXPECT_TRUE(t.ok()) << (t.ok() ? "" : t.message());
    return t.ok() ? *t : Tensor{};
  }

  // Runs a command that must fail: exit code non-zero, exactly one "convstep: error:" line, no output file.
  void expect_failure(const std::vector<std::string>& args, const std::string& expected_text = "") {
    const std::string output = path("out.npy");
    const CliRun r = run_args(args);
    EXPECT_NE(r.code, 0) << describe(args);
    EXPECT_EQ(r.err.rfind("convstep: error: ", 0), 0u) << describe(args) << "\nstderr: " << r.err;
    EXPECT_EQ(std::count(r.err.begin(), r.err.end(), '\n'), 1) << describe(args) << "\nstderr: " << r.err;
    EXPECT_NE(r.err.find(expected_text), std::string::npos)
        << describe(args) << "\nstderr: " << r.err << "\nexpected: " << expected_text;
    EXPECT_TRUE(r.out.empty()) << describe(args) << "\nstdout: " << r.out;
    EXPECT_FALSE(fs::exists(output)) << describe(args) << " wrote " << output;
    // No temporary file (hidden, beside the target) may be left behind either.
    for (const auto& entry : fs::recursive_directory_iterator(dir_))
      EXPECT_NE(entry.path().filename().string()[0], '.') << describe(args) << " left " << entry.path();
  }

  fs::path dir_;
};

const Tensor kArticleInput({1, 5, 5},
                           {1, 1, 1, 0, 0, 0, 1, 1, 1, 0, 0, 0, 1, 1, 1, 0, 0, 1, 1, 0, 0, 1, 1, 0, 0});
const Tensor kArticleKernel({1, 1, 3, 3}, {1, 0, 1, 0, 1, 0, 1, 0, 1});
const char* const kArticleFirstLine = "out[0,0,0] = 1×1 + 1×0 + 1×1 + 0×0 + 1×1 + 1×0 + 0×1 + 0×0 + 1×1 = 4";

Tensor ramp(Shape shape, float scale = 1.0f, float offset = 0.0f) {
  Tensor t(std::move(shape));
  for (int64_t i = 0; i < t.numel(); ++i)
    t.values()[static_cast<size_t>(i)] = static_cast<float>((i * 7) % 11) * scale + offset;
  return t;
}

TEST_F(CliTest, ComputeWritesTheArticlesFeatureMapInTheInputsUnbatchedForm) {
  const std::vector<std::string> args = {"compute",
                                         "--op",
                                         "conv2d",
                                         "--input",
                                         save("x.npy", kArticleInput),
                                         "--weight",
                                         save("w.npy", kArticleKernel),
                                         "--output",
                                         path("y.npy")};
  const CliRun r = run_args(args);
  ASSERT_EQ(r.code, 0) << r.err;
  EXPECT_TRUE(r.err.empty()) << r.err;
  EXPECT_EQ(load(path("y.npy")), Tensor({1, 3, 3}, {4, 3, 4, 2, 4, 3, 2, 3, 4}));
}

TEST_F(CliTest, ComputeMatchesTheEngineAcrossOpsAndParameters) {
  const Tensor x4 = ramp({2, 4, 6, 7}, 0.5f, -2.0f);
  const Tensor x3 = ramp({4, 9}, 1.0f, -3.0f);
  const Tensor w4 = ramp({6, 2, 3, 2}, 0.25f, -1.0f);
  const Tensor w3 = ramp({3, 4, 3}, -0.5f, 1.0f);
  const Tensor b6 = ramp({6}, 0.1f);
  const std::string x4p = save("x4.npy", x4), x3p = save("x3.npy", x3), w4p = save("w4.npy", w4),
                    w3p = save("w3.npy", w3), b6p = save("b6.npy", b6);

  struct Case {
    std::vector<std::string> args;
    Result<Tensor> expected;
  };
  LayerParams conv;
  conv.stride = {2, 1};
  conv.padding = {1, 2};
  conv.groups = 2;
  LayerParams same;
  same.padding_kind = PaddingKind::kSame;
  same.dilation = {2, 1};
  same.padding_mode = PaddingMode::kReflect;
  LayerParams circular;
  circular.padding = {2, 2};
  circular.padding_mode = PaddingMode::kCircular;
  LayerParams max_pool;
  max_pool.kernel_size = {3, 2};
  max_pool.stride = {2, 2};
  max_pool.padding = {1, 1};
  max_pool.ceil_mode = true;
  LayerParams avg_pool;
  avg_pool.kernel_size = {3, 3};
  avg_pool.stride_set = false;
  avg_pool.padding = {1, 1};
  avg_pool.count_include_pad = false;
  avg_pool.ceil_mode = true;
  LayerParams sum_pool;
  sum_pool.kernel_size = {2, 3};
  sum_pool.stride = {1, 2};
  LayerParams avg1d;
  avg1d.kernel_size = {4, 4};
  avg1d.stride = {3, 3};
  avg1d.padding = {2, 2};
  avg1d.count_include_pad = false;

  const std::vector<Case> cases = {
      {{"--op", "conv2d", "--input", x4p, "--weight", w4p, "--bias", b6p, "--stride", "2,1", "--padding",
        "1,2", "--groups", "2"},
       conv2d(x4, w4, b6, conv)},
      {{"--op", "conv2d", "--input", x4p, "--weight", w4p, "--padding", "same", "--dilation", "2,1",
        "--groups", "2", "--padding-mode", "reflect", "--kernel-size", "3,2"},
       [&] {
         LayerParams p = same;
         p.groups = 2;
         return conv2d(x4, w4, std::nullopt, p);
       }()},
      {{"--op", "conv1d", "--input", x3p, "--weight", w3p, "--padding", "2", "--padding-mode", "circular"},
       conv1d(x3, w3, std::nullopt, circular)},
      {{"--op", "max_pool2d", "--input", x4p, "--kernel-size", "3,2", "--stride", "2", "--padding", "1",
        "--ceil-mode"},
       max_pool2d(x4, max_pool)},
      {{"--op", "avg_pool2d", "--input", x4p, "--kernel-size", "3", "--padding", "1", "--ceil-mode",
        "--count-include-pad", "false"},
       avg_pool2d(x4, avg_pool)},
      {{"--op", "sum_pool2d", "--input", x4p, "--kernel-size", "2,3", "--stride", "1,2"},
       sum_pool2d(x4, sum_pool)},
      {{"--op", "avg_pool1d", "--input", x3p, "--kernel-size", "4", "--stride", "3", "--padding", "2",
        "--count-include-pad", "false"},
       avg_pool1d(x3, avg1d)},
  };
  for (const Case& c : cases) {
    ASSERT_TRUE(c.expected.ok()) << describe(c.args) << ": " << c.expected.message();
    std::vector<std::string> args = {"compute"};
    args.insert(args.end(), c.args.begin(), c.args.end());
    args.insert(args.end(), {"--output", path("y.npy")});
    const CliRun r = run_args(args);
    ASSERT_EQ(r.code, 0) << describe(args) << "\n" << r.err;
    EXPECT_EQ(load(path("y.npy")), *c.expected) << describe(args);
    fs::remove(path("y.npy"));
  }
}

TEST_F(CliTest, ComputeRunsALessonAndAppliesOverrides) {
  CliRun r = run_args({"compute", "--lesson", "article-5x5", "--output", path("y.npy")});
  ASSERT_EQ(r.code, 0) << r.err;
  EXPECT_EQ(load(path("y.npy")), Tensor({1, 3, 3}, {4, 3, 4, 2, 4, 3, 2, 3, 4}));

  r = run_args({"compute", "--lesson", "article-5x5", "--stride", "2", "--output", path("y2.npy")});
  ASSERT_EQ(r.code, 0) << r.err;
  EXPECT_EQ(load(path("y2.npy")), Tensor({1, 2, 2}, {4, 4, 2, 4}));

  r = run_args({"compute", "--lesson", "input-2d-img-out5", "--output", path("y3.npy")});
  ASSERT_EQ(r.code, 0) << r.err;
  EXPECT_EQ(load(path("y3.npy")).shape(), (Shape{1, 5, 1, 8}));
}

TEST_F(CliTest, TraceWritesTheArticlesFirstStepAsAPersonWould) {
  const CliRun r = run_args({"trace", "--lesson", "article-5x5"});
  ASSERT_EQ(r.code, 0) << r.err;
  EXPECT_EQ(first_line(r.out), kArticleFirstLine);
  const auto lines = lines_of(r.out);
  ASSERT_GE(lines.size(), 9u);
  EXPECT_EQ(lines[8].rfind("out[0,2,2] = ", 0), 0u) << lines[8];
  EXPECT_NE(r.out.find(format_tensor(Tensor({1, 3, 3}, {4, 3, 4, 2, 4, 3, 2, 3, 4}))), std::string::npos)
      << r.out;
}

TEST_F(CliTest, TraceFromNpyFilesGivesTheSameLinesAndABatchIndexWhenBatched) {
  CliRun r = run_args({"trace", "--op", "conv2d", "--input", save("x.npy", kArticleInput), "--weight",
                       save("w.npy", kArticleKernel)});
  ASSERT_EQ(r.code, 0) << r.err;
  EXPECT_EQ(first_line(r.out), kArticleFirstLine);

  r = run_args({"trace", "--op", "conv2d", "--input", save("xb.npy", kArticleInput.reshaped({1, 1, 5, 5})),
                "--weight", path("w.npy"), "--ascii"});
  ASSERT_EQ(r.code, 0) << r.err;
  EXPECT_EQ(first_line(r.out), "out[0,0,0,0] = 1x1 + 1x0 + 1x1 + 0x0 + 1x1 + 1x0 + 0x1 + 0x0 + 1x1 = 4");
}

TEST_F(CliTest, TracePutsNegativeValuesInParenthesesAndAppendsTheBias) {
  const std::vector<std::string> args = {"trace",
                                         "--op",
                                         "conv1d",
                                         "--input",
                                         save("x.npy", Tensor({1, 3}, {2, -1, 3})),
                                         "--weight",
                                         save("w.npy", Tensor({1, 1, 2}, {-1, 0.5f})),
                                         "--bias",
                                         save("b.npy", Tensor({1}, {-0.5f}))};
  CliRun r = run_args(args);
  ASSERT_EQ(r.code, 0) << r.err;
  auto lines = lines_of(r.out);
  ASSERT_GE(lines.size(), 2u);
  EXPECT_EQ(lines[0], "out[0,0] = 2×(−1) + (−1)×0.5 + (−0.5) = −3");
  EXPECT_EQ(lines[1], "out[0,1] = (−1)×(−1) + 3×0.5 + (−0.5) = 2");

  std::vector<std::string> ascii = args;
  ascii.push_back("--ascii");
  r = run_args(ascii);
  ASSERT_EQ(r.code, 0) << r.err;
  EXPECT_EQ(first_line(r.out), "out[0,0] = 2x(-1) + (-1)x0.5 + (-0.5) = -3");
}

TEST_F(CliTest, TraceWritesPoolsAsMaxAverageAndSum) {
  CliRun r = run_args({"trace", "--lesson", "max-pool"});
  ASSERT_EQ(r.code, 0) << r.err;
  EXPECT_EQ(first_line(r.out), "out[0,0,0] = max(3, 9, 12, 5) = 12");
  r = run_args({"trace", "--lesson", "avg-pool"});
  ASSERT_EQ(r.code, 0) << r.err;
  EXPECT_EQ(first_line(r.out), "out[0,0,0] = (3 + 9 + 12 + 5)/4 = 7.25");
  r = run_args({"trace", "--lesson", "sum-pool"});
  ASSERT_EQ(r.code, 0) << r.err;
  EXPECT_EQ(first_line(r.out), "out[0,0,0] = sum(3, 9, 12, 5) = 29");

  // Max pooling pads with −∞, and the trace says so.
  r = run_args({"trace", "--op", "max_pool2d", "--input", save("x.npy", Tensor({1, 2, 2}, {1, 2, 3, 4})),
                "--kernel-size", "2", "--padding", "1"});
  ASSERT_EQ(r.code, 0) << r.err;
  EXPECT_EQ(first_line(r.out), "out[0,0,0] = max(−∞, −∞, −∞, 1) = 1");
}

TEST_F(CliTest, TraceStopsAfterMaxStepsAndSaysHowManyAreLeft) {
  CliRun r = run_args({"trace", "--lesson", "article-5x5", "--max-steps", "2"});
  ASSERT_EQ(r.code, 0) << r.err;
  auto lines = lines_of(r.out);
  ASSERT_GE(lines.size(), 3u);
  EXPECT_EQ(lines[0], kArticleFirstLine);
  EXPECT_EQ(lines[2].rfind("… 7 more steps", 0), 0u) << lines[2];
  EXPECT_NE(r.out.find("[2, 3, 4]]]"), std::string::npos) << "the full output still follows:\n" << r.out;

  r = run_args({"trace", "--lesson", "padding-same"});  // 25 steps, under the default limit
  ASSERT_EQ(r.code, 0) << r.err;
  EXPECT_EQ(r.out.find("more step"), std::string::npos);
  r = run_args({"trace", "--lesson", "input-1d-out5", "--max-steps", "0"});
  ASSERT_EQ(r.code, 0) << r.err;
  EXPECT_EQ(lines_of(r.out)[39].rfind("out[0,4,7] = ", 0), 0u);
}

TEST_F(CliTest, EveryInvalidInputIsOneLineOnStderrANonZeroExitAndNoFile) {
  const std::string x = save("x.npy", kArticleInput);
  const std::string w = save("w.npy", kArticleKernel);
  const std::string big = save("big.npy", Tensor({1, 1, 7, 7}, 1.0f));
  { std::ofstream(path("broken.npy")) << "this is not an npy file"; }
  fs::create_directories(path("folder.npy"));
  const std::string out = path("out.npy");
  const std::vector<std::pair<std::vector<std::string>, std::string>> cases = {
      {{"compute", "--op", "conv3d", "--input", x, "--weight", w, "--output", out}, "conv3d"},
      {{"compute", "--input", x, "--weight", w, "--output", out}, "missing --op"},
      {{"compute", "--op", "conv2d", "--weight", w, "--output", out}, "missing --input"},
      {{"compute", "--op", "conv2d", "--input", x, "--output", out}, "needs --weight"},
      {{"compute", "--op", "conv2d", "--input", path("missing.npy"), "--weight", w, "--output", out},
       "missing.npy"},
      {{"compute", "--op", "conv2d", "--input", path("broken.npy"), "--weight", w, "--output", out},
       "broken.npy"},
      {{"compute", "--op", "conv2d", "--input", x, "--weight", big, "--output", out}, "output height"},
      {{"compute", "--op", "conv2d", "--input", x, "--weight", w, "--stride", "two", "--output", out},
       "--stride"},
      {{"compute", "--op", "conv2d", "--input", x, "--weight", w, "--stride", "0", "--output", out},
       "--stride"},
      {{"compute", "--op", "conv2d", "--input", x, "--weight", w, "--stride", "1,2,3", "--output", out},
       "--stride"},
      {{"compute", "--op", "conv2d", "--input", x, "--weight", w, "--padding", "-1", "--output", out},
       "--padding"},
      {{"compute", "--op", "conv2d", "--input", x, "--weight", w, "--padding", "full", "--output", out},
       "--padding"},
      {{"compute", "--op", "conv2d", "--input", x, "--weight", w, "--dilation", "1.5", "--output", out},
       "--dilation"},
      {{"compute", "--op", "conv2d", "--input", x, "--weight", w, "--groups", "2", "--output", out},
       "groups"},
      {{"compute", "--op", "conv2d", "--input", x, "--weight", w, "--groups", "x", "--output", out},
       "--groups"},
      {{"compute", "--op", "conv2d", "--input", x, "--weight", w, "--padding-mode", "mirror", "--output",
        out},
       "--padding-mode"},
      {{"compute", "--op", "conv2d", "--input", x, "--weight", w, "--padding", "same", "--stride", "2",
        "--output", out},
       "padding='same'"},
      {{"compute", "--op", "conv2d", "--input", x, "--weight", w, "--kernel-size", "5", "--output", out},
       "disagrees with the weight"},
      {{"compute", "--op", "conv2d", "--input", x, "--weight", w, "--ceil-mode", "--output", out},
       "--ceil-mode"},
      {{"compute", "--op", "conv1d", "--input", x, "--weight", w, "--stride", "2,1", "--output", out},
       "--stride"},
      {{"compute", "--op", "max_pool2d", "--input", x, "--output", out}, "needs --kernel-size"},
      {{"compute", "--op", "max_pool2d", "--input", x, "--kernel-size", "2", "--weight", w, "--output", out},
       "--weight"},
      {{"compute", "--op", "max_pool2d", "--input", x, "--kernel-size", "2", "--count-include-pad", "true",
        "--output", out},
       "--count-include-pad"},
      {{"compute", "--op", "avg_pool2d", "--input", x, "--kernel-size", "2", "--count-include-pad", "yes",
        "--output", out},
       "--count-include-pad"},
      {{"compute", "--op", "avg_pool2d", "--input", x, "--kernel-size", "2", "--padding", "2", "--output",
        out},
       "half of kernel size"},
      {{"compute", "--op", "avg_pool2d", "--input", x, "--kernel-size", "2", "--padding-mode", "reflect",
        "--output", out},
       "padding_mode"},
      {{"compute", "--op", "conv2d", "--input", x, "--weight", w, "--output", path("no/such/folder/out.npy")},
       "no/such/folder/out.npy"},
      {{"compute", "--op", "conv2d", "--input", x, "--weight", w, "--output", path("folder.npy")},
       "folder.npy"},
      {{"compute", "--op", "conv2d", "--input", x, "--weight", w}, "--output"},
      {{"compute", "--op", "conv2d", "--input", x, "--weight", w, "--bogus", "--output", out}, "--bogus"},
      {{"compute", "--lesson", "no-such-lesson", "--output", out}, "no-such-lesson"},
      {{"compute", "--lesson", path("missing.json"), "--output", out}, "missing.json"},
      {{"compute", "--lesson", "article-5x5", "--input", x, "--output", out}, "--input cannot be combined"},
      {{"compute", "--lesson", "article-5x5", "--dilation", "3", "--output", out}, "output height"},
      {{"trace", "--lesson", "article-5x5", "--max-steps", "-1"}, "--max-steps"},
      {{"trace", "--op", "max_pool2d", "--input", path("broken.npy"), "--kernel-size", "2"}, "broken.npy"},
      {{"trace"}, "missing --op"},
      {{"--frames", "2", "compute", "--lesson", "article-5x5", "--output", out}, "--frames"},
  };
  for (const auto& [args, expected] : cases) expect_failure(args, expected);
}

// The layer flags are the parameter table's: each is in --help, and a flag the op lacks is refused with
// the flag's name and the table's reason.
TEST_F(CliTest, EveryLayerFlagComesFromTheParameterTable) {
  const CliRun help = run_args({"compute", "--help"});
  ASSERT_EQ(help.code, 0);
  const std::string x2 = save("x2.npy", kArticleInput);
  const std::string x1 = save("x1.npy", Tensor({1, 6}, 1.0f));
  const std::string w2 = save("w2.npy", kArticleKernel);
  const std::string w1 = save("w1.npy", Tensor({1, 1, 3}, 1.0f));
  int flags = 0, refused = 0;
  for (const ParamSpec& spec : param_specs()) {
    if (!spec.flag) continue;
    ++flags;
    EXPECT_NE(help.out.find(spec.flag), std::string::npos) << spec.flag;
    for (Op op : {Op::kConv1d, Op::kConv2d, Op::kMaxPool1d, Op::kMaxPool2d, Op::kAvgPool1d, Op::kAvgPool2d,
                  Op::kSumPool1d, Op::kSumPool2d}) {
      if (spec.has(op)) continue;
      const bool two_d = spatial_dims(op) == 2;
      std::vector<std::string> args{"compute", "--op", op_name(op), "--input", two_d ? x2 : x1};
      if (is_conv(op)) args.insert(args.end(), {"--weight", two_d ? w2 : w1});
      if (is_pool(op) && spec.param != Param::kKernelSize) args.insert(args.end(), {"--kernel-size", "2"});
      args.push_back(spec.flag);
      if (spec.flag_value) args.push_back(spec.kind == ParamKind::kPaddingMode ? "reflect" : "2");
      if (spec.kind == ParamKind::kBool && spec.flag_value) args.back() = "true";
      args.insert(args.end(), {"--output", path("out.npy")});
      expect_failure(args, std::string(spec.flag) + ": " + absent_message(spec, op));
      ++refused;
    }
  }
  EXPECT_EQ(flags, 9);
  EXPECT_GT(refused, 10);
}

TEST_F(CliTest, AMalformedLessonFileIsReportedWithItsFieldPath) {
  std::ofstream(path("bad.json")) << R"({"name": "bad", "title": "t", "caption": "c", "op": "conv2d",
    "params": {"stride": "x"}, "input": [[[1]]], "weight": [[[[1]]]]})";
  expect_failure({"compute", "--lesson", path("bad.json"), "--output", path("out.npy")},
                 "bad.json: params.stride: expected a positive integer or a list of 2, got \"x\"");
}

TEST_F(CliTest, HelpAndVersionWorkForEverySubcommand) {
  CliRun r = run_args({"--help"});
  EXPECT_EQ(r.code, 0);
  EXPECT_NE(r.out.find("Usage: convstep"), std::string::npos) << r.out;
  for (const char* sub : {"compute", "trace", "lessons", "presets"})
    EXPECT_NE(r.out.find(sub), std::string::npos);

  r = run_args({"compute", "--help"});
  EXPECT_EQ(r.code, 0);
  for (const char* option :
       {"--op", "--input", "--weight", "--bias", "--kernel-size", "--stride", "--padding", "--dilation",
        "--groups", "--padding-mode", "--ceil-mode", "--count-include-pad", "--output", "--lesson"})
    EXPECT_NE(r.out.find(option), std::string::npos) << option;
  r = run_args({"trace", "--help"});
  EXPECT_EQ(r.code, 0);
  EXPECT_NE(r.out.find("--max-steps"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("--ascii"), std::string::npos) << r.out;
  for (const char* sub : {"lessons", "presets"}) {
    r = run_args({sub, "--help"});
    EXPECT_EQ(r.code, 0) << sub;
    EXPECT_NE(r.out.find(std::string("Usage: convstep ") + sub), std::string::npos) << r.out;
  }
  r = run_args({"--version"});
  EXPECT_EQ(r.code, 0);
  EXPECT_EQ(r.out, "convstep 0.1.0\n");
}

TEST_F(CliTest, LessonsListsEveryLessonWithItsOutputShape) {
  const CliRun r = run_args({"lessons"});
  ASSERT_EQ(r.code, 0) << r.err;
  const auto lines = lines_of(r.out);
  ASSERT_GE(lines.size(), 23u);
  EXPECT_EQ(lines[1].rfind("article-5x5", 0), 0u) << lines[1];
  EXPECT_NE(lines[1].find("[1, 3, 3]"), std::string::npos) << lines[1];
  EXPECT_NE(r.out.find("input-2d-img-k2-s1"), std::string::npos);
  EXPECT_NE(r.out.find("[1, 1, 2, 9]"), std::string::npos);
}

TEST_F(CliTest, PresetsListsTheKernels) {
  CliRun r = run_args({"presets"});
  ASSERT_EQ(r.code, 0) << r.err;
  EXPECT_NE(r.out.find("sobel-x"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("Gaussian blur"), std::string::npos) << r.out;
  r = run_args({"presets", "--kernels"});
  ASSERT_EQ(r.code, 0) << r.err;
  EXPECT_NE(r.out.find("[[0, -1, 0],\n [-1, 5, -1],\n [0, -1, 0]]"), std::string::npos) << r.out;
}

TEST_F(CliTest, WithoutASubcommandTheGuiOptionsReachTheLauncher) {
  std::ofstream(path("photo.png")) << "not decoded here";
  GuiOptions seen;
  int calls = 0;
  const GuiLauncher fake = [&](const GuiOptions& o) {
    seen = o;
    ++calls;
    return 7;
  };
  CliRun r =
      run_args({path("photo.png"), "--lesson", "stride-2", "--set", "stride=2", "--set", "padding=same",
                "--step", "3", "--frames", "5", "--screenshot", path("shot.png"), "--size", "640x480"},
               fake);
  EXPECT_EQ(r.code, 7) << r.err;
  ASSERT_EQ(calls, 1);
  EXPECT_EQ(seen.image, path("photo.png"));
  EXPECT_EQ(seen.lesson, "stride-2");
  EXPECT_EQ(seen.set, (std::vector<std::string>{"stride=2", "padding=same"}));
  EXPECT_EQ(seen.step, 3);
  EXPECT_EQ(seen.frames, 5);
  EXPECT_EQ(seen.screenshot, path("shot.png"));
  EXPECT_EQ(seen.width, 640);
  EXPECT_EQ(seen.height, 480);

  r = run_args({}, fake);
  EXPECT_EQ(r.code, 7);
  ASSERT_EQ(calls, 2);
  EXPECT_EQ(seen.image, "");
  EXPECT_EQ(seen.lesson, "");
  EXPECT_TRUE(seen.set.empty());
  EXPECT_EQ(seen.step, -1);
  EXPECT_EQ(seen.frames, 0);
  EXPECT_EQ(seen.width, 1280);
  EXPECT_EQ(seen.height, 800);
}

TEST_F(CliTest, AMistypedSubcommandIsAnsweredWithEverySubcommandFilterIncluded) {
  const CliRun r = run_args({"filtr"});
  EXPECT_NE(r.code, 0);
  EXPECT_NE(r.err.find("compute, trace, lessons, presets, filter)"), std::string::npos) << r.err;
}

TEST_F(CliTest, DropFilesReachTheLauncherInOrderAndAreOptionsOfTheWindowOnly) {
  GuiOptions seen;
  const GuiLauncher fake = [&](const GuiOptions& o) {
    seen = o;
    return 0;
  };
  CliRun r = run_args({"--drop", path("a.jpg"), "--drop", path("b.json"), "--frames", "3"}, fake);
  EXPECT_EQ(r.code, 0) << r.err;
  EXPECT_EQ(seen.drop, (std::vector<std::string>{path("a.jpg"), path("b.json")}));
  r = run_args({"--drop", path("a.jpg"), "lessons"});
  EXPECT_EQ(r.code, 2);
  EXPECT_NE(r.err.find("--drop"), std::string::npos) << r.err;
}

TEST_F(CliTest, InvalidGuiOptionsAreRefusedBeforeTheWindowOpens) {
  const std::vector<std::pair<std::vector<std::string>, std::string>> cases = {
      {{"--size", "640"}, "--size"},
      {{"--size", "0x480"}, "--size"},
      {{"--size", "640x-1"}, "--size"},
      {{"--size", "axb"}, "--size"},
      {{"--frames", "-1"}, "--frames"},
      {{"--frames", "many"}, "--frames"},
      {{"--step", "-2"}, "--step"},
      {{"--step", "1.5"}, "--step"},
      {{"--set", "stride"}, "--set"},
      {{"--set", "=2"}, "--set"},
      {{"--lesson", "no-such-lesson"}, "no-such-lesson"},
      {{path("missing.png")}, "missing.png"},
      {{"comptue"}, "nor is it a subcommand"},
      {{"--screenshot", path("no/such/dir/shot.png"), "--frames", "1"}, "--screenshot"},
      {{"--bogus"}, "--bogus"},
  };
  for (const auto& [args, expected] : cases) expect_failure(args, expected);
}

}  // namespace
}  // namespace convstep
