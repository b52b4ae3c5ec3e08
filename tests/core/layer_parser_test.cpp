// The PyTorch layer reader (core/layer_parser.h): the lines a learner types or pastes become the op and
// every parameter as scene edits; each kind of mistake is refused with a message whose column points at
// the character at fault; and applying a layer resizes the scene's tensors.
#include "core/layer_parser.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <map>
#include <string>

#include "core/geometry.h"
#include "core/pytorch_text.h"
#include "tests/core/scene_test_support.h"

namespace convstep {
namespace {

using ::testing::HasSubstr;
using ::testing::StartsWith;

ParsedLayer parsed(const std::string& line) {
  LayerParse p = parse_layer(line);
  EXPECT_TRUE(p.ok()) << line << "\n" << p.error.message;
  return p.ok() ? *p.layer : ParsedLayer{};
}

std::map<std::string, std::string> edits_of(const ParsedLayer& layer) {
  std::map<std::string, std::string> out;
  for (const SceneEdit& e : layer.edits) out[e.key] = e.value;
  return out;
}

LayerError refused(const std::string& line) {
  LayerParse p = parse_layer(line);
  EXPECT_FALSE(p.ok()) << line << " was accepted";
  return p.error;
}

TEST(LayerParser, ReadsTheIssuesConv2dWithPositionalAndKeywordArguments) {
  const ParsedLayer layer = parsed("nn.Conv2d(3, 8, kernel_size=3, stride=2, padding=1, bias=False)");
  EXPECT_EQ(layer.op, Op::kConv2d);
  EXPECT_EQ(layer.in_channels, 3);
  EXPECT_EQ(layer.out_channels, 8);
  EXPECT_EQ(layer.kernel_size, (Dims{3, 3}));
  EXPECT_FALSE(layer.bias);
  const auto e = edits_of(layer);
  EXPECT_EQ(e.at("op"), "conv2d");
  EXPECT_EQ(e.at("in_channels"), "3");
  EXPECT_EQ(e.at("out_channels"), "8");
  EXPECT_EQ(e.at("stride"), "2");
  EXPECT_EQ(e.at("padding"), "1");
  EXPECT_EQ(e.at("bias"), "false");
  // PyTorch's defaults are written too, so the scene takes all of the layer.
  EXPECT_EQ(e.at("dilation"), "1");
  EXPECT_EQ(e.at("groups"), "1");
  EXPECT_EQ(e.at("padding_mode"), "zeros");
  EXPECT_EQ(layer.edits.front().key, "op");
}

TEST(LayerParser, AcceptsTorchNnBareNamesAndAnAssignmentInFront) {
  EXPECT_EQ(parsed("torch.nn.Conv2d(1, 1, 3)").op, Op::kConv2d);
  EXPECT_EQ(parsed("Conv1d(1, 5, 3)").op, Op::kConv1d);
  EXPECT_EQ(parsed("  conv = nn.Conv2d(1, 1, 3, )  ").op, Op::kConv2d);
}

TEST(LayerParser, ReadsEveryArgumentPositionallyInPyTorchsOrder) {
  const auto e = edits_of(parsed("nn.Conv2d(4, 8, (3, 2), (2, 1), (1, 0), 2, 2, False, 'reflect')"));
  EXPECT_EQ(e.at("kernel_size"), "3,2");
  EXPECT_EQ(e.at("stride"), "2,1");
  EXPECT_EQ(e.at("padding"), "1,0");
  EXPECT_EQ(e.at("dilation"), "2");
  EXPECT_EQ(e.at("groups"), "2");
  EXPECT_EQ(e.at("bias"), "false");
  EXPECT_EQ(e.at("padding_mode"), "reflect");
}

TEST(LayerParser, ReadsSameValidAndPaddingModesInEitherQuote) {
  EXPECT_EQ(edits_of(parsed("nn.Conv2d(1, 1, 3, padding='same')")).at("padding"), "same");
  EXPECT_EQ(edits_of(parsed("nn.Conv1d(1, 1, 3, padding=\"valid\")")).at("padding"), "valid");
  EXPECT_EQ(edits_of(parsed("nn.Conv2d(1, 1, 3, padding_mode=\"circular\")")).at("padding_mode"), "circular");
}

TEST(LayerParser, APoolsStrideDefaultsToItsKernelSize) {
  const ParsedLayer layer = parsed("nn.MaxPool2d(2)");
  EXPECT_EQ(layer.op, Op::kMaxPool2d);
  EXPECT_FALSE(layer.in_channels.has_value());
  const auto e = edits_of(layer);
  EXPECT_EQ(e.at("kernel_size"), "2");
  EXPECT_EQ(e.at("stride"), "none");
  EXPECT_EQ(e.at("ceil_mode"), "false");
  EXPECT_EQ(e.count("groups"), 0u);
  EXPECT_EQ(edits_of(parsed("nn.MaxPool1d(3, stride=None, ceil_mode=True)")).at("ceil_mode"), "true");
}

TEST(LayerParser, ReadsAvgPoolsAndDivisorOverrideOneAsSumPooling) {
  const auto e = edits_of(parsed("nn.AvgPool2d(3, stride=1, padding=1, count_include_pad=False)"));
  EXPECT_EQ(e.at("op"), "avg_pool2d");
  EXPECT_EQ(e.at("count_include_pad"), "false");
  EXPECT_EQ(e.at("padding"), "1");
  EXPECT_EQ(parsed("nn.AvgPool2d(2, divisor_override=1)").op, Op::kSumPool2d);
  EXPECT_EQ(parsed("nn.AvgPool2d(2, divisor_override=None)").op, Op::kAvgPool2d);
  EXPECT_EQ(parsed("nn.AvgPool1d(2, 2, 0, False, True)").op, Op::kAvgPool1d);
}

TEST(LayerParser, AnUnreadableNumberNamesItsColumnAndTheCaretPointsAtIt) {
  const std::string line = "nn.Conv2d(3, 8, x)";
  const LayerError e = refused(line);
  EXPECT_EQ(e.column, 17u);
  EXPECT_EQ(e.message, "column 17: expected a number, got 'x'");
  EXPECT_EQ(layer_error_text(line, e),
            "column 17: expected a number, got 'x'\n  nn.Conv2d(3, 8, x)\n                  ^");
}

TEST(LayerParser, RefusesAnUnknownKeywordAndListsTheRealOnes) {
  const LayerError e = refused("nn.Conv2d(3, 8, 3, strides=2)");
  EXPECT_EQ(e.column, 20u);
  EXPECT_THAT(e.message, HasSubstr("unknown keyword 'strides'"));
  EXPECT_THAT(e.message, HasSubstr("stride, padding, dilation"));
}

TEST(LayerParser, RefusesAnArgumentGivenTwice) {
  EXPECT_THAT(refused("nn.Conv2d(3, 8, 3, 2, stride=1)").message, HasSubstr("stride is given twice"));
  EXPECT_THAT(refused("nn.MaxPool2d(kernel_size=2, kernel_size=3)").message,
              HasSubstr("kernel_size is given twice"));
}

TEST(LayerParser, RefusesAMissingRequiredArgumentAtTheClosingParenthesis) {
  const LayerError e = refused("nn.Conv2d(3, 8)");
  EXPECT_EQ(e.column, 15u);
  EXPECT_THAT(e.message,
              HasSubstr("needs kernel_size (in_channels, out_channels and kernel_size are required)"));
  EXPECT_THAT(refused("nn.MaxPool2d()").message, HasSubstr("needs kernel_size"));
}

TEST(LayerParser, ReadsTransposedConvolutionsInPyTorchsArgumentOrder) {
  // ConvTranspose's positional order: ..., padding, output_padding, groups, bias, dilation.
  const LayerParse p = parse_layer("nn.ConvTranspose1d(4, 2, 3, 2, 1, 1, 2, False, 1)");
  ASSERT_TRUE(p.ok()) << p.error.message;
  EXPECT_EQ(p.layer->op, Op::kConvTranspose1d);
  EXPECT_EQ(p.layer->groups, 2);
  EXPECT_FALSE(p.layer->bias);
  EXPECT_THAT(refused("nn.ConvTranspose3d(1, 1, 3)").message, HasSubstr("3-D"));
  EXPECT_THAT(refused("nn.Conv3d(1, 1, 3)").message, HasSubstr("3-D"));
  EXPECT_THAT(refused("nn.Linear(3, 8)").message, HasSubstr("unknown layer 'nn.Linear'"));
}

TEST(LayerParser, RefusesReturnIndicesAndOtherDivisors) {
  EXPECT_THAT(refused("nn.MaxPool2d(2, return_indices=True)").message,
              HasSubstr("return_indices=True is not supported"));
  EXPECT_TRUE(parse_layer("nn.MaxPool2d(2, return_indices=False)").ok());
  EXPECT_THAT(refused("nn.AvgPool2d(2, divisor_override=3)").message,
              HasSubstr("divisor_override=3 is not supported"));
  // PyTorch's AvgPool1d has no divisor_override.
  EXPECT_THAT(refused("nn.AvgPool1d(2, divisor_override=1)").message, HasSubstr("unknown keyword"));
}

TEST(LayerParser, ValuesAreCheckedByTheParameterTable) {
  const LayerError zero = refused("nn.Conv2d(3, 8, 3, stride=0)");
  EXPECT_EQ(zero.column, 27u);
  EXPECT_THAT(zero.message, StartsWith("column 27: stride:"));
  EXPECT_THAT(refused("nn.Conv2d(3, 8, 3, padding_mode='mirror')").message, HasSubstr("zeros, reflect"));
  EXPECT_THAT(refused("nn.Conv2d(3, 8, (3, 2, 1))").message, HasSubstr("got 3 numbers"));
  EXPECT_THAT(refused("nn.Conv1d(3, 8, (3, 2))").message, HasSubstr("1-D layer"));
  EXPECT_THAT(refused("nn.Conv2d(3, 8, 3, bias=1)").message, HasSubstr("expected True or False"));
  EXPECT_THAT(refused("nn.Conv2d(3, 8, 3.5)").message, HasSubstr("expected a whole number, got '3.5'"));
  EXPECT_THAT(refused("nn.MaxPool2d(2, padding='same')").message, HasSubstr("for convolutions"));
}

TEST(LayerParser, RefusesBrokenPythonWithTheColumn) {
  EXPECT_EQ(refused("nn.Conv2d(3, 8, 3").column, 18u);
  EXPECT_THAT(refused("nn.Conv2d(3, 8, 3").message,
              HasSubstr("expected ',' or ')', got the end of the line"));
  EXPECT_THAT(refused("nn.Conv2d 3, 8, 3)").message, HasSubstr("expected '('"));
  EXPECT_THAT(refused("nn.Conv2d(3, 8, 3) extra").message, HasSubstr("after the layer"));
  EXPECT_THAT(refused("nn.Conv2d(3, 8, 3, padding='same)").message, HasSubstr("never closed"));
  EXPECT_THAT(refused("nn.Conv2d(in_channels=3, 8, 3)").message,
              HasSubstr("positional argument cannot follow"));
  EXPECT_THAT(refused("nn.Conv2d(1, 1, 3, 1, 0, 1, 1, True, 'zeros', 5)").message,
              HasSubstr("at most 9 positional"));
  EXPECT_THAT(refused("").message, HasSubstr("expected a layer"));
  EXPECT_THAT(refused("nn.Conv2d(1, 1, 3, device='cuda')").message, HasSubstr("leave it out"));
}

TEST(LayerParser, ColumnsCountCharactersNotBytes) {
  const std::string line = "nn.Conv2d(3, 8, \u00d7)";  // × is two bytes
  const LayerError e = refused(line);
  EXPECT_EQ(e.column, 17u);
  EXPECT_THAT(e.message, HasSubstr("got '\u00d7'"));
  EXPECT_EQ(caret_lines(line, e.column, 0), line + "\n                ^");
}

TEST(LayerParser, ApplyingALayerResizesTheWeightsAndSetsEveryParameter) {
  const Scene article = test_support::article();
  Result<Scene> applied = apply_layer(article, parsed("nn.Conv2d(3, 5, kernel_size=3, stride=2, padding=1)"));
  ASSERT_TRUE(applied.ok()) << applied.message();
  EXPECT_EQ(applied->input.shape(), (Shape{3, 5, 5}));
  EXPECT_EQ(applied->weight.shape(), (Shape{5, 3, 3, 3}));
  ASSERT_TRUE(applied->bias.has_value());
  EXPECT_EQ(applied->bias->shape(), (Shape{5}));
  EXPECT_EQ(applied->params.stride, (Dims{2, 2}));
  EXPECT_EQ(pytorch_layer(*applied), "nn.Conv2d(3, 5, kernel_size=3, stride=2, padding=1)");
  // The article's weights are kept where they overlap.
  EXPECT_EQ(applied->weight.at({0, 0, 0, 0}), 1.0f);
  EXPECT_EQ(applied->weight.at({0, 0, 0, 1}), 0.0f);
}

TEST(LayerParser, ApplyingAPoolKeepsTheInputAndDropsTheWeights) {
  Result<Scene> pooled = apply_layer(test_support::article(), parsed("nn.MaxPool2d(2)"));
  ASSERT_TRUE(pooled.ok()) << pooled.message();
  EXPECT_EQ(pooled->params.op, Op::kMaxPool2d);
  EXPECT_EQ(pooled->input, test_support::article().input);
  EXPECT_EQ(pytorch_layer(*pooled), "nn.MaxPool2d(kernel_size=2)");
  Result<Scene> one_d = apply_layer(test_support::article(), parsed("nn.Conv1d(1, 2, 3)"));
  ASSERT_TRUE(one_d.ok()) << one_d.message();
  EXPECT_EQ(one_d->weight.shape(), (Shape{2, 1, 3}));
}

// A transposed layer on a grouped scene (the depthwise lesson, groups = 3) takes the layer's groups = 1:
// the weight is (in, out/groups, k, k) for the new groups, not the scene's (found by fuzz_layer).
TEST(LayerParser, ATransposedLayerOnAGroupedSceneTakesItsOwnGroups) {
  Scene grouped = test_support::article();
  grouped.input = Tensor({3, 5, 5}, 1.0f);
  grouped.weight = Tensor({3, 1, 3, 3}, 1.0f);
  grouped.params.groups = 3;
  const ParsedLayer layer = parsed("nn.ConvTranspose2d(3, 9, 8)");
  Result<Scene> applied = apply_layer(grouped, layer);
  ASSERT_TRUE(applied.ok()) << applied.message();
  EXPECT_EQ(applied->params.groups, 1);
  EXPECT_EQ(applied->weight.shape(), (Shape{3, 9, 8, 8}));
  EXPECT_EQ(layer_shape_mismatch(*applied, layer), "");
  // And the other way: groups set on a transposed scene keeps its out_channels.
  Result<Scene> regrouped = apply_layer(*applied, parsed("nn.ConvTranspose2d(3, 9, 8, groups=3)"));
  ASSERT_TRUE(regrouped.ok()) << regrouped.message();
  EXPECT_EQ(regrouped->weight.shape(), (Shape{3, 3, 8, 8}));
}

TEST(LayerParser, ALayerThatLeavesNoOutputIsExplainedWithTheNumbers) {
  Result<Scene> r = apply_layer(test_support::article(), parsed("nn.Conv2d(1, 1, 7)"));
  ASSERT_FALSE(r.ok());
  EXPECT_THAT(r.message(), HasSubstr("7"));
}

TEST(LayerParser, AShapeMismatchWithAGivenWeightIsExplainedWithTheNumbers) {
  const Scene article = test_support::article();
  EXPECT_EQ(layer_shape_mismatch(article, parsed("nn.Conv2d(1, 1, 3, bias=False)")), "");
  EXPECT_EQ(layer_shape_mismatch(article, parsed("nn.Conv2d(3, 1, 3, bias=False)")),
            "the layer has in_channels = 3, but the input [1, 5, 5] has 1 channel");
  EXPECT_THAT(layer_shape_mismatch(article, parsed("nn.Conv2d(1, 4, 3, bias=False)")),
              HasSubstr("needs a weight of shape [4, 1, 3, 3]"));
  EXPECT_THAT(layer_shape_mismatch(article, parsed("nn.Conv2d(1, 1, 3)")), HasSubstr("--bias"));
  Scene batched = article;
  batched.input = article.input.reshaped({1, 1, 5, 5});
  EXPECT_EQ(layer_shape_mismatch(batched, parsed("nn.Conv1d(1, 1, 3)")),
            "the layer is 1-D, so the input needs 2 or 3 dimensions, but it is [1, 1, 5, 5]");
}

}  // namespace
}  // namespace convstep
