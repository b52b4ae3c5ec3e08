// The layer as PyTorch (core/pytorch_text.h): one-liners for many scenes written as torch 1.13 takes them,
// the shapes line, and the runnable snippet's text. One test runs the snippets under real torch and
// compares with run(); CI has no torch, so it runs only when CONVSTEP_TORCH_PYTHON names a python
// with torch (e.g. CONVSTEP_TORCH_PYTHON=/usr/bin/python3) and is skipped otherwise.
#include "core/pytorch_text.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <random>
#include <sstream>
#include <string>
#include <vector>

#include "core/ops.h"
#include "core/scene_edit.h"
#include "tests/core/scene_test_support.h"

namespace convstep {
namespace {

using ::testing::HasSubstr;
using ::testing::Not;

using test_support::article;
// A refused edit fails the test; the name says what the scene is.
constexpr auto edited = test_support::apply_ok;

Scene pool(const std::string& op, const std::vector<SceneEdit>& more = {}) {
  std::vector<SceneEdit> edits{{"input_size", "7x7"}, {"op", op}, {"kernel_size", "2"}, {"stride", "none"}};
  edits.insert(edits.end(), more.begin(), more.end());
  return edited(article(), edits);
}

struct LineCase {
  Scene scene;
  std::string layer;
};

TEST(PytorchText, WritesOnlyNonDefaultConvolutionArgumentsInPyTorchsOrder) {
  const std::vector<LineCase> cases{
      {article(), "nn.Conv2d(1, 1, kernel_size=3, bias=False)"},
      {edited(article(), {{"input_size", "7"},
                          {"in_channels", "3"},
                          {"out_channels", "5"},
                          {"stride", "2"},
                          {"padding", "1"},
                          {"bias", "true"}}),
       "nn.Conv2d(3, 5, kernel_size=3, stride=2, padding=1)"},
      {edited(article(), {{"kernel_size", "3,2"}, {"stride", "2,1"}, {"padding", "1,0"}}),
       "nn.Conv2d(1, 1, kernel_size=(3, 2), stride=(2, 1), padding=(1, 0), bias=False)"},
      {edited(article(), {{"padding", "same"}, {"dilation", "2"}, {"padding_mode", "reflect"}}),
       "nn.Conv2d(1, 1, kernel_size=3, padding='same', dilation=2, bias=False, padding_mode='reflect')"},
      {edited(article(), {{"padding", "valid"}}),
       "nn.Conv2d(1, 1, kernel_size=3, padding='valid', bias=False)"},
      {edited(article(), {{"in_channels", "4"}, {"out_channels", "6"}, {"groups", "2"}, {"bias", "true"}}),
       "nn.Conv2d(4, 6, kernel_size=3, groups=2)"},
      {edited(article(), {{"in_channels", "3"},
                          {"out_channels", "3"},
                          {"groups", "3"},
                          {"padding_mode", "circular"},
                          {"padding", "2,1"}}),
       "nn.Conv2d(3, 3, kernel_size=3, padding=(2, 1), groups=3, bias=False, padding_mode='circular')"},
      {edited(article(), {{"op", "conv1d"}, {"in_channels", "2"}, {"out_channels", "5"}, {"bias", "true"}}),
       "nn.Conv1d(2, 5, kernel_size=3)"},
      {edited(article(), {{"op", "conv1d"},
                          {"input_size", "10"},
                          {"stride", "2"},
                          {"padding", "1"},
                          {"dilation", "2"},
                          {"padding_mode", "replicate"}}),
       "nn.Conv1d(1, 1, kernel_size=3, stride=2, padding=1, dilation=2, bias=False, "
       "padding_mode='replicate')"},
  };
  for (const LineCase& c : cases) EXPECT_EQ(pytorch_layer(c.scene), c.layer);
}

TEST(PytorchText, WritesPoolsWithTheirStrideOnlyWhenTheSceneSetsIt) {
  const std::vector<LineCase> cases{
      {pool("max_pool2d"), "nn.MaxPool2d(kernel_size=2)"},
      {pool("max_pool2d", {{"stride", "2"}}), "nn.MaxPool2d(kernel_size=2, stride=2)"},
      {pool("max_pool2d", {{"kernel_size", "3,2"},
                           {"stride", "1"},
                           {"padding", "1"},
                           {"dilation", "2,1"},
                           {"ceil_mode", "true"}}),
       "nn.MaxPool2d(kernel_size=(3, 2), stride=1, padding=1, dilation=(2, 1), ceil_mode=True)"},
      {pool("max_pool1d", {{"kernel_size", "3"}, {"padding", "1"}}),
       "nn.MaxPool1d(kernel_size=3, padding=1)"},
      {pool("avg_pool2d", {{"kernel_size", "3"},
                           {"stride", "2"},
                           {"padding", "1"},
                           {"ceil_mode", "true"},
                           {"count_include_pad", "false"}}),
       "nn.AvgPool2d(kernel_size=3, stride=2, padding=1, ceil_mode=True, count_include_pad=False)"},
      {pool("avg_pool1d"), "nn.AvgPool1d(kernel_size=2)"},
      {pool("sum_pool2d", {{"stride", "1"}}), "nn.AvgPool2d(kernel_size=2, stride=1, divisor_override=1)"},
      // count_include_pad cannot change a divisor of 1, so it is not written.
      {pool("sum_pool2d", {{"count_include_pad", "false"}}),
       "nn.AvgPool2d(kernel_size=2, divisor_override=1)"},
      {pool("sum_pool1d"), "nn.AvgPool1d(kernel_size=2)"},
  };
  for (const LineCase& c : cases) EXPECT_EQ(pytorch_layer(c.scene), c.layer);
}

TEST(PytorchText, ExplainsThatSumPoolingHasNoModule) {
  EXPECT_EQ(pytorch_layer_note(article()), "");
  EXPECT_EQ(pytorch_layer_note(pool("avg_pool2d")), "");
  EXPECT_THAT(pytorch_layer_note(pool("sum_pool2d")), HasSubstr("divisor_override=1"));
  const std::string full = pytorch_layer_note(pool("sum_pool1d"));
  EXPECT_THAT(full, HasSubstr("output \u00d7 2 (the window size) is the sum"));
  EXPECT_THAT(full,
              HasSubstr("F.avg_pool2d(x.unsqueeze(-2), kernel_size=(1, 2), divisor_override=1).squeeze(-2)"));
  // 7 = 3 windows of 2 and a partial one that ceil_mode keeps: × 2 would be wrong there.
  const std::string partial = pytorch_layer_note(pool("sum_pool1d", {{"ceil_mode", "true"}}));
  EXPECT_THAT(partial, HasSubstr("would not give the sum"));
  EXPECT_THAT(partial, HasSubstr("ceil_mode=True, divisor_override=1"));
}

TEST(PytorchText, WritesTheShapesAsTorchSizes) {
  const Scene s = edited(article(), {{"batch", "true"},
                                     {"input_size", "7"},
                                     {"in_channels", "3"},
                                     {"out_channels", "5"},
                                     {"stride", "2"},
                                     {"padding", "1"}});
  EXPECT_EQ(pytorch_shapes(s).value(), "[1, 3, 7, 7] \u2192 [1, 5, 4, 4]");
  EXPECT_EQ(pytorch_shapes(s, true).value(), "[1, 3, 7, 7] -> [1, 5, 4, 4]");
  EXPECT_EQ(pytorch_shapes(article()).value(), "[1, 5, 5] \u2192 [1, 3, 3]");
  Scene invalid = article();
  invalid.params.stride = {0, 0};
  EXPECT_THAT(pytorch_shapes(invalid).message(), HasSubstr("stride must be at least 1"));
}

TEST(PytorchText, WritesFloatsThatReadBackExactly) {
  EXPECT_EQ(python_float(1.0f), "1.");
  EXPECT_EQ(python_float(-0.5f), "-0.5");
  EXPECT_EQ(python_float(1.0f / 9.0f), "0.11111111");
  EXPECT_EQ(python_float(1e-10f), "1e-10");
  EXPECT_EQ(python_float(-INFINITY), "float('-inf')");
  EXPECT_EQ(python_float(NAN), "float('nan')");
  for (float v : {0.1f, 1.0f / 3.0f, 123456.78f, -7.25e-5f, 3.4e38f}) {
    EXPECT_EQ(std::strtof(python_float(v).c_str(), nullptr), v) << python_float(v);
  }
  EXPECT_EQ(python_list(Tensor({2, 2}, {1, 2, 3, 4}), 4), "[[1., 2.],\n     [3., 4.]]");
}

TEST(PytorchText, WritesARunnableSnippetForTheArticleExample) {
  EXPECT_EQ(pytorch_snippet(article()).value(),
            "# conv2d from convstep: [1, 5, 5] -> [1, 3, 3]\n"
            "import torch\n"
            "from torch import nn\n"
            "\n"
            "layer = nn.Conv2d(1, 1, kernel_size=3, bias=False)\n"
            "with torch.no_grad():\n"
            "    layer.weight.copy_(torch.tensor([[[[1., 0., 1.],\n"
            "                                       [0., 1., 0.],\n"
            "                                       [1., 0., 1.]]]]))\n"
            "x = torch.tensor([[[1., 1., 1., 0., 0.],\n"
            "                   [0., 1., 1., 1., 0.],\n"
            "                   [0., 0., 1., 1., 1.],\n"
            "                   [0., 0., 1., 1., 0.],\n"
            "                   [0., 1., 1., 0., 0.]]])\n"
            "y = layer(x)\n"
            "print(y)  # shape [1, 3, 3]\n");
}

TEST(PytorchText, SnippetSetsTheBiasAndUsesAFunctionFor1dSumPooling) {
  const std::string conv = pytorch_snippet(edited(article(), {{"bias", "true"}})).value();
  EXPECT_THAT(conv, HasSubstr("    layer.bias.copy_(torch.tensor([1.]))\n"));
  const std::string sum1d = pytorch_snippet(pool("sum_pool1d", {{"stride", "1"}, {"padding", "1"}})).value();
  EXPECT_THAT(sum1d, HasSubstr("import torch.nn.functional as F\n"));
  EXPECT_THAT(sum1d, HasSubstr("def layer(x):\n    return F.avg_pool2d(x.unsqueeze(-2), kernel_size=(1, 2), "
                               "stride=(1, 1), padding=(0, 1), divisor_override=1).squeeze(-2)\n"));
  EXPECT_THAT(sum1d, Not(HasSubstr("with torch.no_grad()")));
  const std::string sum2d = pytorch_snippet(pool("sum_pool2d")).value();
  EXPECT_THAT(sum2d, HasSubstr("layer = nn.AvgPool2d(kernel_size=2, divisor_override=1)\n"));
}

TEST(PytorchText, SnippetAddsABatchDimensionForCircularPaddingOfAnUnbatchedInput) {
  const Scene unbatched = edited(article(), {{"padding", "1"}, {"padding_mode", "circular"}});
  EXPECT_THAT(pytorch_snippet(unbatched).value(), HasSubstr("y = layer(x.unsqueeze(0)).squeeze(0)\n"));
  const Scene batched = edited(unbatched, {{"batch", "true"}});
  EXPECT_THAT(pytorch_snippet(batched).value(), HasSubstr("y = layer(x)\n"));
}

TEST(PytorchText, AnInvalidSceneHasNoSnippet) {
  Scene s = article();
  s.weight = Tensor({1, 1, 7, 7});
  Result<std::string> r = pytorch_snippet(s);
  ASSERT_FALSE(r.ok());
  EXPECT_THAT(r.message(), HasSubstr("the kernel (7) is taller than the padded input (5)"));
}

// Scenes covering every op and parameter, for the check under torch.
std::vector<Scene> torch_check_scenes() {
  std::vector<Scene> scenes{article(), edited(article(), {{"bias", "true"}, {"out_channels", "3"}})};
  const std::vector<std::vector<SceneEdit>> edit_lists{
      {{"input_size", "7"},
       {"in_channels", "3"},
       {"out_channels", "5"},
       {"stride", "2"},
       {"padding", "1"},
       {"bias", "true"},
       {"batch", "true"}},
      {{"input_size", "6x7"},
       {"kernel_size", "3,2"},
       {"stride", "2,1"},
       {"padding", "2,1"},
       {"padding_mode", "reflect"}},
      {{"padding", "same"}, {"dilation", "2"}, {"padding_mode", "circular"}, {"kernel_size", "2"}},
      {{"in_channels", "4"},
       {"out_channels", "4"},
       {"groups", "2"},
       {"padding_mode", "replicate"},
       {"padding", "2"}},
      {{"op", "conv1d"},
       {"input_size", "10"},
       {"in_channels", "2"},
       {"out_channels", "3"},
       {"stride", "2"},
       {"padding", "same"},
       {"stride", "1"},
       {"dilation", "3"},
       {"bias", "true"}},
      {{"op", "conv1d"}, {"input_size", "9"}, {"padding", "2"}, {"padding_mode", "reflect"}},
      {{"op", "conv1d"},
       {"input_size", "6"},
       {"padding", "3"},
       {"padding_mode", "circular"},
       {"kernel_size", "4"}},
      {{"input_size", "7"},
       {"op", "max_pool2d"},
       {"kernel_size", "3"},
       {"stride", "2"},
       {"padding", "1"},
       {"ceil_mode", "true"}},
      {{"input_size", "8"},
       {"op", "max_pool2d"},
       {"kernel_size", "2,3"},
       {"dilation", "2"},
       {"stride", "none"}},
      {{"input_size", "7"},
       {"op", "max_pool1d"},
       {"kernel_size", "3"},
       {"stride", "2"},
       {"ceil_mode", "true"}},
      {{"input_size", "7"},
       {"op", "avg_pool2d"},
       {"kernel_size", "3"},
       {"stride", "2"},
       {"padding", "1"},
       {"ceil_mode", "true"},
       {"count_include_pad", "false"}},
      {{"input_size", "7"}, {"op", "avg_pool1d"}, {"kernel_size", "2"}, {"padding", "1"}},
      {{"input_size", "7"},
       {"op", "sum_pool2d"},
       {"kernel_size", "3"},
       {"stride", "2"},
       {"padding", "1"},
       {"ceil_mode", "true"}},
      {{"input_size", "7"},
       {"op", "sum_pool1d"},
       {"kernel_size", "3"},
       {"stride", "2"},
       {"padding", "1"},
       {"ceil_mode", "true"}},
      {{"input_size", "6"}, {"op", "sum_pool1d"}, {"kernel_size", "2"}, {"batch", "true"}},
  };
  for (const auto& edits : edit_lists) scenes.push_back(edited(article(), edits));
  // Non-integer values, so that the float formatting is exercised too.
  Scene fractions = edited(article(), {{"bias", "true"}});
  for (float& w : fractions.weight.values()) w = w / 9.0f - 0.3f;
  fractions.bias->values()[0] = -1.0f / 3.0f;
  scenes.push_back(fractions);
  // And a walk of random edits, keeping every scene the edits accept.
  std::mt19937 rng(7);
  auto pick = [&](int lo, int hi) { return std::uniform_int_distribution<int>(lo, hi)(rng); };
  const std::vector<std::string> ops{"conv1d",     "conv2d",     "max_pool1d", "max_pool2d",
                                     "avg_pool1d", "avg_pool2d", "sum_pool1d", "sum_pool2d"};
  const std::vector<std::string> modes{"zeros", "reflect", "replicate", "circular"};
  Scene walk = article();
  while (scenes.size() < 80) {
    const std::string& key = scene_edit_keys()[static_cast<size_t>(pick(0, 13))];
    std::string value = std::to_string(pick(key == "padding" ? 0 : 1, 4));
    if (pick(0, 2) == 0) value += "," + std::to_string(pick(key == "padding" ? 0 : 1, 4));
    // A third of the op changes go to a convolution, or the walk would drift into pools and stay there.
    if (key == "op") value = ops[static_cast<size_t>(pick(0, 2) == 0 ? pick(0, 1) : pick(2, 7))];
    if (key == "input_size") value = std::to_string(pick(3, 9)) + "x" + std::to_string(pick(3, 9));
    if (key == "padding_mode") value = modes[static_cast<size_t>(pick(0, 3))];
    if (key == "padding" && pick(0, 4) == 0) value = "same";
    if (key == "batch" || key == "bias" || key == "ceil_mode" || key == "count_include_pad")
      value = pick(0, 1) ? "true" : "false";
    Result<Scene> next = apply_edit(walk, {key, value});
    if (!next.ok() || scene_settings_text(*next) == scene_settings_text(walk)) continue;
    walk = std::move(*next);
    scenes.push_back(walk);
  }
  return scenes;
}

TEST(PytorchText, SnippetsRunUnderTorchAndPrintCoresOutput) {
  const char* python = std::getenv("CONVSTEP_TORCH_PYTHON");
  if (python == nullptr || *python == '\0')
    GTEST_SKIP() << "set CONVSTEP_TORCH_PYTHON=/usr/bin/python3 to run";
  const std::filesystem::path dir = std::filesystem::temp_directory_path() / "convstep_pytorch_text_test";
  std::filesystem::create_directories(dir);
  const std::vector<Scene> scenes = torch_check_scenes();
  std::ofstream driver(dir / "driver.py");
  driver << "import contextlib, io\nimport torch\n";
  for (size_t i = 0; i < scenes.size(); ++i) {
    const std::string file = (dir / ("snippet_" + std::to_string(i) + ".py")).string();
    std::ofstream(file) << pytorch_snippet(scenes[i]).value();
    // Each snippet runs as written, its print captured; its y is printed again with every digit.
    driver << "ns = {}\nwith contextlib.redirect_stdout(io.StringIO()):\n"
           << "    exec(open('" << file << "').read(), ns)\n"
           << "y = ns['y'].detach()\n"
           << "print(' '.join(repr(v) for v in y.flatten().tolist()), '|', list(y.shape))\n";
  }
  driver.close();
  const std::string command = std::string(python) + " " + (dir / "driver.py").string() + " 2>&1";
  FILE* pipe = popen(command.c_str(), "r");
  ASSERT_NE(pipe, nullptr);
  std::string output;
  char buffer[4096];
  while (size_t n = fread(buffer, 1, sizeof(buffer), pipe)) output.append(buffer, n);
  ASSERT_EQ(pclose(pipe), 0) << output;

  std::istringstream lines(output);
  for (size_t i = 0; i < scenes.size(); ++i) {
    std::string line;
    ASSERT_TRUE(std::getline(lines, line)) << output;
    const Tensor expected = run(scenes[i]).value();
    EXPECT_THAT(line, HasSubstr("| " + shape_to_string(expected.shape()))) << pytorch_layer(scenes[i]);
    std::istringstream values(line.substr(0, line.find('|')));
    for (float want : expected.values()) {
      double got = 0;
      ASSERT_TRUE(static_cast<bool>(values >> got)) << line;
      EXPECT_NEAR(got, want, 1e-4 * std::max(1.0f, std::fabs(want))) << pytorch_layer(scenes[i]);
    }
  }
}

}  // namespace
}  // namespace convstep
