// Tests for `convstep receptive-field`, run in-process: the table and the JSON carry the stack's numbers
// (checked against core/layer_stack directly and against the ResNet-18 stem's known values), and bad
// layers, sizes and stacks are one line on stderr with a non-zero exit and nothing on stdout.
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "core/layer_stack.h"
#include "core/stack_presets.h"
#include "tests/app/cli/cli_run.h"

namespace convstep {
namespace {

using test_support::CliRun;
using test_support::run_args;

const std::string kConv = "nn.Conv2d(3, 64, kernel_size=7, stride=2, padding=3)";
const std::string kPool = "nn.MaxPool2d(3, stride=2, padding=1)";

bool contains(const std::string& text, const std::string& part) {
  return text.find(part) != std::string::npos;
}

TEST(ReceptiveFieldCommand, JsonHasTheIssuesKeysAndTheStemsNumbers) {
  const CliRun r =
      run_args({"receptive-field", "--layer", kConv, "--layer", kPool, "--input-size", "224,224", "--json"});
  ASSERT_EQ(r.code, 0) << r.err;
  EXPECT_EQ(r.err, "");
  const auto j = nlohmann::ordered_json::parse(r.out);
  EXPECT_EQ(j["input_size"], nlohmann::ordered_json({224, 224}));
  ASSERT_EQ(j["layers"].size(), 2u);
  const auto& conv = j["layers"][0];
  EXPECT_EQ(conv["layer"], kConv);
  EXPECT_EQ(conv["op"], "conv2d");
  EXPECT_EQ(conv["output_size"], nlohmann::ordered_json({112, 112}));
  EXPECT_EQ(conv["receptive_field"], nlohmann::ordered_json({7, 7}));
  EXPECT_EQ(conv["jump"], nlohmann::ordered_json({2, 2}));
  EXPECT_EQ(conv["start"], nlohmann::ordered_json({0, 0}));
  const auto& pool = j["layers"][1];
  EXPECT_EQ(pool["op"], "max_pool2d");
  EXPECT_EQ(pool["output_size"], nlohmann::ordered_json({56, 56}));
  EXPECT_EQ(pool["receptive_field"], nlohmann::ordered_json({11, 11}));
  EXPECT_EQ(pool["jump"], nlohmann::ordered_json({4, 4}));
  // The keys in the order the documentation gives them.
  std::vector<std::string> keys;
  for (auto it = pool.begin(); it != pool.end(); ++it) keys.push_back(it.key());
  EXPECT_EQ(keys,
            (std::vector<std::string>{"layer", "op", "output_size", "receptive_field", "jump", "start"}));
}

TEST(ReceptiveFieldCommand, WithoutAnInputSizeTheSizesAreNull) {
  const CliRun r = run_args({"receptive-field", "--layer", kConv, "--layer", kPool, "--json"});
  ASSERT_EQ(r.code, 0) << r.err;
  const auto j = nlohmann::json::parse(r.out);
  EXPECT_TRUE(j["input_size"].is_null());
  EXPECT_TRUE(j["layers"][0]["output_size"].is_null());
  EXPECT_EQ(j["layers"][1]["receptive_field"], nlohmann::json({11, 11}));
}

TEST(ReceptiveFieldCommand, HalfPixelStartsAndOneDimensionalStacksPrintOneValuePerDimension) {
  const CliRun r = run_args({"receptive-field", "--layer", "nn.Conv1d(1, 1, 3)", "--layer", "nn.MaxPool1d(2)",
                             "--input-size", "10", "--json"});
  ASSERT_EQ(r.code, 0) << r.err;
  const auto j = nlohmann::json::parse(r.out);
  EXPECT_EQ(j["input_size"], nlohmann::json({10}));
  EXPECT_EQ(j["layers"][1]["output_size"], nlohmann::json({4}));
  EXPECT_EQ(j["layers"][1]["receptive_field"], nlohmann::json({4}));
  EXPECT_EQ(j["layers"][1]["start"], nlohmann::json({1.5}));
}

// After a transposed layer the jump is a fraction of an input pixel, and so may be r and start: JSON
// numbers, with the whole ones still integers.
TEST(ReceptiveFieldCommand, ATransposedLayerGivesFractionalJumps) {
  const CliRun r =
      run_args({"receptive-field", "--layer", "nn.Conv2d(3, 8, 4, stride=2, padding=1)", "--layer",
                "nn.ConvTranspose2d(8, 3, 4, stride=2, padding=1)", "--layer",
                "nn.ConvTranspose2d(3, 3, 4, stride=2, padding=1)", "--input-size", "16,16", "--json"});
  ASSERT_EQ(r.code, 0) << r.err;
  const auto j = nlohmann::json::parse(r.out);
  EXPECT_EQ(j["layers"][1]["op"], "conv_transpose2d");
  EXPECT_EQ(j["layers"][1]["output_size"], nlohmann::json({16, 16}));
  EXPECT_EQ(j["layers"][1]["jump"], nlohmann::json({1, 1}));
  EXPECT_EQ(j["layers"][1]["receptive_field"], nlohmann::json({7, 7}));
  EXPECT_EQ(j["layers"][2]["output_size"], nlohmann::json({32, 32}));
  EXPECT_EQ(j["layers"][2]["jump"], nlohmann::json({0.5, 0.5}));
  EXPECT_EQ(j["layers"][2]["receptive_field"], nlohmann::json({8.5, 8.5}));
  EXPECT_EQ(j["layers"][2]["start"], nlohmann::json({-0.25, -0.25}));
  const CliRun table = run_args({"receptive-field", "--layer",
                                 "nn.ConvTranspose1d(1, 1, 4, stride=2, padding=1)", "--input-size", "8"});
  ASSERT_EQ(table.code, 0) << table.err;
  EXPECT_TRUE(contains(table.out, "sees 2.5 input cells")) << table.out;
  EXPECT_TRUE(contains(table.out, "0.5 input cells apart")) << table.out;
}

TEST(ReceptiveFieldCommand, TableMatchesTheCoreNumbersOfEveryPreset) {
  for (const StackPreset& preset : stack_presets()) {
    std::vector<std::string> args{"receptive-field"};
    for (const std::string& line : preset.layers) {
      args.push_back("--layer");
      args.push_back(line);
    }
    args.push_back("--input-size");
    std::string size = std::to_string(preset.network_input_size[0]);
    if (preset.layers.front().find("1d") == std::string::npos) {
      size += ',';
      size += std::to_string(preset.network_input_size[1]);
    }
    args.push_back(size);
    const CliRun r = run_args(args);
    ASSERT_EQ(r.code, 0) << preset.id << ": " << r.err;
    auto stack = build_layer_stack(preset.layers, preset.network_input_size);
    ASSERT_TRUE(stack) << stack.message();
    for (size_t l = 0; l < stack->levels.size(); ++l) {
      const StackDim& d = stack->levels[l].dims[0];
      const std::string size =
          stack->dims == 2 ? std::to_string(d.out) + "x" + std::to_string(d.out) : std::to_string(d.out);
      const std::string r1 = stack_number_text(d.receptive_field);
      const std::string rf = stack->dims == 2 ? r1 + "x" + r1 : r1;
      EXPECT_TRUE(contains(r.out, stack->levels[l].layer.line + "  ")) << r.out;
      EXPECT_TRUE(contains(r.out, "  " + size + "  ")) << preset.id << " layer " << l << ": " << r.out;
      EXPECT_TRUE(contains(r.out, "  " + rf + "  ")) << preset.id << " layer " << l << ": " << r.out;
    }
  }
  const CliRun vgg = run_args({"receptive-field", "--layer", "nn.Conv2d(3, 64, 3, padding=1)"});
  EXPECT_TRUE(contains(vgg.out, "sees 3x3 input cells")) << vgg.out;
}

TEST(ReceptiveFieldCommand, AnUnreadableLayerIsOneLineAndACaret) {
  const CliRun r =
      run_args({"receptive-field", "--layer", kConv, "--layer", "nn.Conv2d(3, 64, kernel_size=x)"});
  EXPECT_EQ(r.code, 2);
  EXPECT_EQ(r.out, "");
  EXPECT_TRUE(contains(r.err, "convstep: error: --layer 2: column 30: expected a number, got 'x'\n"))
      << r.err;
  EXPECT_TRUE(contains(r.err, "\n  nn.Conv2d(3, 64, kernel_size=x)\n                               ^\n"))
      << r.err;
}

TEST(ReceptiveFieldCommand, ALayerLeavingNoOutputIsRefusedWithItsFormula) {
  const std::string pool = "nn.MaxPool2d(3)";
  const CliRun r = run_args({"receptive-field", "--layer", kConv, "--layer", pool, "--input-size", "2,2"});
  EXPECT_EQ(r.code, 1);
  EXPECT_EQ(r.out, "");
  EXPECT_TRUE(contains(r.err, "layer 2 (" + pool + "): output height = \u230a(1 + 2\u00b70")) << r.err;
  EXPECT_EQ(std::count(r.err.begin(), r.err.end(), '\n'), 1) << r.err;
}

TEST(ReceptiveFieldCommand, BadSizesAndStacksAreRefused) {
  EXPECT_EQ(run_args({"receptive-field", "--layer", "nn.Conv1d(1, 1, 3)", "--input-size", "3,3"}).code, 2);
  EXPECT_EQ(run_args({"receptive-field", "--layer", kConv, "--input-size", "0,4"}).code, 2);
  EXPECT_EQ(run_args({"receptive-field", "--layer", kConv, "--input-size", "abc"}).code, 2);
  EXPECT_EQ(run_args({"receptive-field", "--layer", kConv, "--input-size", "99999999,99999999"}).code, 1);
  EXPECT_NE(run_args({"receptive-field"}).code, 0);
  const CliRun mixed = run_args({"receptive-field", "--layer", kConv, "--layer", "nn.MaxPool1d(2)"});
  EXPECT_EQ(mixed.code, 1);
  EXPECT_TRUE(contains(mixed.err, "is 1-D, but the stack is 2-D")) << mixed.err;
  std::vector<std::string> many{"receptive-field"};
  for (int i = 0; i <= kMaxStackLayers; ++i) {
    many.push_back("--layer");
    many.push_back("nn.Conv1d(1, 1, 1)");
  }
  const CliRun too_many = run_args(many);
  EXPECT_EQ(too_many.code, 2);
  EXPECT_TRUE(contains(too_many.err, "at most " + std::to_string(kMaxStackLayers))) << too_many.err;
}

}  // namespace
}  // namespace convstep
