// Scene edits (core/scene_edit.h): every key changes the scene as a person would expect, resized tensors
// keep their overlapping values, invalid edits explain the numbers and suggest a change that works, the
// caller's scene is never touched, and a sweep of random edits never crashes or returns an invalid scene.
#include "core/scene_edit.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <random>
#include <string>
#include <vector>

#include "core/geometry.h"
#include "core/lesson.h"
#include "core/ops.h"
#include "tests/core/scene_test_support.h"

namespace convstep {
namespace {

using ::testing::HasSubstr;
using ::testing::StartsWith;

using test_support::apply_ok;
using test_support::article;

// input_1d = 1..10 as (N=1, C=1, L=10), a 3-tap kernel and a bias.
Scene conv1d_scene() {
  Scene s;
  s.params.op = Op::kConv1d;
  s.input = Tensor({1, 1, 10}, {1, 2, 3, 4, 5, 6, 7, 8, 9, 10});
  s.weight = Tensor({1, 1, 3}, {1, -1, 2});
  s.bias = Tensor({1}, std::vector<float>{0.5f});
  return s;
}

Scene max_pool_scene() {
  Scene s;
  s.params.op = Op::kMaxPool2d;
  s.params.kernel_size = {2, 2};
  s.params.stride_set = false;
  s.input = Tensor({1, 4, 4}, {3, 9, 1, 14, 12, 5, 7, 2, 0, 15, 8, 6, 11, 4, 13, 10});
  return s;
}

std::string apply_error(const Scene& scene, const std::vector<SceneEdit>& edits) {
  Result<Scene> r = apply_edits(scene, edits);
  EXPECT_FALSE(r.ok()) << "the edit was accepted";
  return r.ok() ? "" : r.message();
}

std::string setting(const Scene& scene, const std::string& key) {
  for (const SceneSetting& s : scene_settings(scene))
    if (s.key == key) return s.value;
  return "<missing>";
}

bool same_scene(const Scene& a, const Scene& b) {
  return scene_settings_text(a) == scene_settings_text(b) && a.input == b.input && a.weight == b.weight &&
         a.bias.has_value() == b.bias.has_value() && (!a.bias || *a.bias == *b.bias);
}

TEST(SceneEdit, ParsesKeyEqualsValue) {
  Result<SceneEdit> e = parse_scene_edit("stride=2,1");
  ASSERT_TRUE(e.ok());
  EXPECT_EQ(e->key, "stride");
  EXPECT_EQ(e->value, "2,1");
  EXPECT_EQ(edit_text(*e), "stride=2,1");
}

TEST(SceneEdit, RefusesTextWithoutEqualsOrWithAnUnknownKey) {
  Result<SceneEdit> missing = parse_scene_edit("stride 2");
  ASSERT_FALSE(missing.ok());
  EXPECT_THAT(missing.message(), HasSubstr("expected key=value"));
  Result<SceneEdit> unknown = parse_scene_edit("kernel=3");
  ASSERT_FALSE(unknown.ok());
  EXPECT_THAT(unknown.message(), HasSubstr("unknown parameter \"kernel\""));
  EXPECT_THAT(unknown.message(), HasSubstr("kernel_size"));
}

TEST(SceneEdit, ValueParsersExplainWhatTheyExpected) {
  Result<Dims> zero = parse_dims_value("stride", "0", 2, 1);
  ASSERT_FALSE(zero.ok());
  EXPECT_EQ(zero.message(), "stride: expected a positive integer or two separated by a comma, got \"0\"");
  Result<Dims> pair_for_1d = parse_dims_value("stride", "2,1", 1, 1);
  ASSERT_FALSE(pair_for_1d.ok());
  EXPECT_THAT(pair_for_1d.message(), HasSubstr("one spatial dimension"));
  EXPECT_EQ(parse_dims_value("padding", "2,1", 2, 0).value(), (Dims{2, 1}));
  EXPECT_EQ(parse_dims_value("padding", " 3 ", 2, 0).value(), (Dims{3, 3}));
  EXPECT_THAT(parse_dims_value("stride", "99999999999", 2, 1).message(), HasSubstr("too large"));

  EXPECT_EQ(parse_padding_value("padding", "same", 2)->kind, PaddingKind::kSame);
  EXPECT_EQ(parse_padding_value("padding", "'valid'", 2)->kind, PaddingKind::kValid);
  EXPECT_THAT(parse_padding_value("padding", "-1", 2).message(), HasSubstr("same or valid, got \"-1\""));

  EXPECT_EQ(parse_input_size("input_size", "5x7", 2).value(), (Dims{5, 7}));
  EXPECT_EQ(parse_input_size("input_size", "5,7", 2).value(), (Dims{5, 7}));
  EXPECT_EQ(parse_input_size("input_size", "6", 2).value(), (Dims{6, 6}));
  EXPECT_THAT(parse_input_size("input_size", "5x5", 1).message(), HasSubstr("the length L"));

  EXPECT_TRUE(parse_bool_value("bias", "True").value());
  EXPECT_EQ(parse_bool_value("bias", "yes").message(), "bias: expected true or false, got \"yes\"");
  EXPECT_EQ(parse_int_value("groups", "0", 1).message(), "groups: expected a positive integer, got \"0\"");
}

TEST(SceneEdit, ListsEveryKeyWithItsCurrentValue) {
  const Scene s = article();
  EXPECT_EQ(scene_settings_text(s),
            "op=conv2d\ninput_size=5x5\nbatch=false\nin_channels=1\nout_channels=1\nkernel_size=3\nstride=1\n"
            "padding=0\npadding_mode=zeros\ndilation=1\ngroups=1\nbias=false\n");
  const std::vector<SceneSetting> pool = scene_settings(max_pool_scene());
  ASSERT_EQ(pool.size(), scene_edit_keys().size());
  for (size_t i = 0; i < pool.size(); ++i) EXPECT_EQ(pool[i].key, scene_edit_keys()[i]);
  EXPECT_EQ(setting(max_pool_scene(), "stride"), "none");
  EXPECT_EQ(setting(conv1d_scene(), "input_size"), "10");
  EXPECT_EQ(setting(conv1d_scene(), "bias"), "true");
}

TEST(SceneEdit, ApplyingEveryListedValueGivesTheSameScene) {
  Scene mixed = apply_ok(article(), {{"kernel_size", "3,2"}, {"padding", "1,0"}, {"batch", "true"}});
  for (const Scene& scene : {article(), conv1d_scene(), max_pool_scene(), mixed}) {
    for (const SceneSetting& s : scene_settings(scene)) {
      if (!s.applies) continue;
      const Scene again = apply_ok(scene, {{s.key, s.value}});
      EXPECT_TRUE(same_scene(again, scene)) << s.key << "=" << s.value;
    }
  }
}

TEST(SceneEdit, StrideChangesTheOutputAndLeavesTheOriginalUntouched) {
  const Scene original = article();
  const Scene copy = original;
  const Scene strided = apply_ok(original, {{"stride", "2"}});
  EXPECT_EQ(resolve_geometry(strided)->output_shape(), (Shape{1, 2, 2}));
  EXPECT_TRUE(same_scene(original, copy));
  EXPECT_EQ(original.params.stride, (Dims{1, 1}));
}

TEST(SceneEdit, AFailedEditLeavesTheOriginalUntouched) {
  const Scene original = article();
  const Scene copy = original;
  EXPECT_FALSE(apply_edit(original, {"kernel_size", "9"}).ok());
  EXPECT_TRUE(same_scene(original, copy));
}

TEST(SceneEdit, GrowingTheInputKeepsItsValuesAndFillsNewCellsWithThePattern) {
  const Scene s = apply_ok(article(), {{"input_size", "6x7"}});
  ASSERT_EQ(s.input.shape(), (Shape{1, 6, 7}));
  for (int64_t y = 0; y < 6; ++y) {
    for (int64_t x = 0; x < 7; ++x) {
      const float expected = y < 5 && x < 5 ? article().input.at({0, y, x}) : input_fill_value(0, 0, y, x);
      EXPECT_EQ(s.input.at({0, y, x}), expected) << y << "," << x;
    }
  }
  EXPECT_EQ(input_fill_value(0, 0, 5, 0), 2.0f);  // 1 + (5 mod 4)
}

TEST(SceneEdit, ShrinkingTheInputKeepsTheTopLeftValues) {
  const Scene s = apply_ok(article(), {{"input_size", "4,3"}});
  ASSERT_EQ(s.input.shape(), (Shape{1, 4, 3}));
  for (int64_t y = 0; y < 4; ++y)
    for (int64_t x = 0; x < 3; ++x) EXPECT_EQ(s.input.at({0, y, x}), article().input.at({0, y, x}));
}

TEST(SceneEdit, ChangingChannelsResizesInputWeightAndBias) {
  const Scene s = apply_ok(article(), {{"bias", "true"}, {"in_channels", "3"}, {"out_channels", "2"}});
  ASSERT_EQ(s.input.shape(), (Shape{3, 5, 5}));
  ASSERT_EQ(s.weight.shape(), (Shape{2, 3, 3, 3}));
  ASSERT_TRUE(s.bias.has_value());
  EXPECT_EQ(*s.bias, Tensor({2}, {bias_fill_value(0), bias_fill_value(1)}));
  // The old filter is slice (0, 0); new slices follow the checkerboard pattern.
  for (int64_t y = 0; y < 3; ++y)
    for (int64_t x = 0; x < 3; ++x) EXPECT_EQ(s.weight.at({0, 0, y, x}), article().weight.at({0, 0, y, x}));
  EXPECT_EQ(s.weight.at({1, 0, 0, 0}), 0.0f);
  EXPECT_EQ(s.weight.at({1, 0, 0, 1}), 1.0f);
  EXPECT_EQ(s.input.at({1, 0, 0}), input_fill_value(0, 1, 0, 0));
  EXPECT_EQ(resolve_geometry(s)->output_shape(), (Shape{2, 3, 3}));
  // Back to one output channel keeps the first bias value.
  const Scene fewer = apply_ok(s, {{"out_channels", "1"}});
  EXPECT_EQ(*fewer.bias, Tensor({1}, std::vector<float>{bias_fill_value(0)}));
}

TEST(SceneEdit, ChangingTheKernelSizeKeepsTheOverlappingWeights) {
  const Scene s = apply_ok(article(), {{"kernel_size", "2,4"}});
  ASSERT_EQ(s.weight.shape(), (Shape{1, 1, 2, 4}));
  EXPECT_EQ(s.weight.values(), (std::vector<float>{1, 0, 1, weight_fill_value(0, 0, 0, 3), 0, 1, 0,
                                                   weight_fill_value(0, 0, 1, 3)}));
  const Scene pool = apply_ok(max_pool_scene(), {{"kernel_size", "3"}});
  EXPECT_EQ(pool.params.kernel_size, (Dims{3, 3}));
  EXPECT_TRUE(pool.weight.empty());
}

TEST(SceneEdit, GroupsResizeTheWeightToInChannelsPerGroup) {
  const Scene s = apply_ok(article(), {{"in_channels", "4"}, {"out_channels", "2"}, {"groups", "2"}});
  EXPECT_EQ(s.weight.shape(), (Shape{2, 2, 3, 3}));
  const Scene depthwise = apply_ok(s, {{"out_channels", "4"}, {"groups", "4"}});
  EXPECT_EQ(depthwise.weight.shape(), (Shape{4, 1, 3, 3}));
}

TEST(SceneEdit, BatchAddsAndRemovesTheBatchDimension) {
  const Scene batched = apply_ok(article(), {{"batch", "true"}});
  EXPECT_EQ(batched.input.shape(), (Shape{1, 1, 5, 5}));
  EXPECT_EQ(resolve_geometry(batched)->output_shape(), (Shape{1, 1, 3, 3}));
  Scene two = batched;
  two.input = Tensor({2, 1, 5, 5});
  for (int64_t i = 0; i < 25; ++i) two.input.values()[static_cast<size_t>(25 + i)] = 7;
  const Scene one = apply_ok(two, {{"batch", "false"}});
  EXPECT_EQ(one.input.shape(), (Shape{1, 5, 5}));
  EXPECT_EQ(one.input.at({0, 0, 0}), 0.0f);  // the first sample is kept
}

TEST(SceneEdit, SwitchingFromConvToPoolKeepsTheInputAndUsesTheKernelSize) {
  const Scene s = apply_ok(article(), {{"op", "max_pool2d"}});
  EXPECT_EQ(s.params.op, Op::kMaxPool2d);
  EXPECT_EQ(s.input, article().input);
  EXPECT_EQ(s.params.kernel_size, (Dims{3, 3}));
  EXPECT_FALSE(s.params.stride_set);  // a convolution's default stride becomes the pool's default
  EXPECT_TRUE(s.weight.empty());
  EXPECT_FALSE(s.bias.has_value());
}

TEST(SceneEdit, SwitchingFromPoolToConvMakesAReadableWeight) {
  const Scene s = apply_ok(max_pool_scene(), {{"op", "conv2d"}});
  EXPECT_EQ(s.input, max_pool_scene().input);
  ASSERT_EQ(s.weight.shape(), (Shape{1, 1, 2, 2}));
  EXPECT_EQ(s.weight.values(), (std::vector<float>{1, 0, 0, 1}));
  EXPECT_EQ(s.params.stride, (Dims{1, 1}));
  EXPECT_EQ(resolve_geometry(s)->output_shape(), (Shape{1, 3, 3}));
}

TEST(SceneEdit, SwitchingSamePaddingToAPoolKeepsItsSymmetricPart) {
  const Scene s = apply_ok(article(), {{"padding", "same"}, {"op", "avg_pool2d"}});
  EXPECT_EQ(s.params.padding_kind, PaddingKind::kExplicit);
  EXPECT_EQ(s.params.padding, (Dims{1, 1}));
}

TEST(SceneEdit, AvgPoolDropsTheDilationAMaxPoolHad) {
  const Scene s = apply_ok(max_pool_scene(), {{"input_size", "6"}, {"dilation", "2"}, {"op", "avg_pool2d"}});
  EXPECT_EQ(s.params.dilation, (Dims{1, 1}));
}

TEST(SceneEdit, A1dLayerBecomesA2dLayerOneRowHighWithTheSameNumbers) {
  const Scene one = conv1d_scene();
  const Scene two = apply_ok(one, {{"op", "conv2d"}});
  EXPECT_EQ(two.input.shape(), (Shape{1, 1, 1, 10}));
  EXPECT_EQ(two.weight.shape(), (Shape{1, 1, 1, 3}));
  const Tensor y1 = *run(one);
  const Tensor y2 = *run(two);
  EXPECT_EQ(y1.values(), y2.values());
  // And back: the same scene again.
  EXPECT_TRUE(same_scene(apply_ok(two, {{"op", "conv1d"}}), one));
}

TEST(SceneEdit, A2dLayerBecomes1dOnTheMiddleRows) {
  const Scene s = apply_ok(article(), {{"op", "conv1d"}});
  ASSERT_EQ(s.input.shape(), (Shape{1, 5}));
  EXPECT_EQ(s.input.values(), (std::vector<float>{0, 0, 1, 1, 1}));
  ASSERT_EQ(s.weight.shape(), (Shape{1, 1, 3}));
  EXPECT_EQ(s.weight.values(), (std::vector<float>{0, 1, 0}));
}

TEST(SceneEdit, SamePaddingWithStride2SuggestsTheEquivalentPadding) {
  const Scene same = apply_ok(article(), {{"padding", "same"}});
  const std::string m = apply_error(same, {{"stride", "2"}});
  EXPECT_THAT(m, HasSubstr("padding='same' needs stride 1"));
  EXPECT_THAT(m, HasSubstr("stride = (2, 2)"));
  EXPECT_THAT(m, HasSubstr("\u2014 try padding=1"));
  // The suggestion works when applied on top of the edit.
  EXPECT_EQ(suggest_fixes(same, {{"stride", "2"}}), (std::vector<SceneEdit>{{"padding", "1"}}));
  EXPECT_TRUE(apply_edits(same, {{"stride", "2"}, {"padding", "1"}}).ok());
}

TEST(SceneEdit, AKernelLargerThanTheInputSuggestsPaddingOrASmallerKernel) {
  const std::string m = apply_error(article(), {{"kernel_size", "7"}});
  EXPECT_THAT(
      m, StartsWith(
             "output height = \u230a(5 + 2\u00b70 \u2212 1\u00b7(7\u22121) \u2212 1)/1\u230b + 1 = \u22121"));
  EXPECT_THAT(m, HasSubstr("\u2014 try padding=1 or kernel_size=5"));
}

TEST(SceneEdit, A1dKernelLongerThanTheInputSuggestsPaddingOrTheLongestKernelThatFits) {
  const std::string m = apply_error(conv1d_scene(), {{"kernel_size", "12"}});
  EXPECT_THAT(m, StartsWith("output length = "));
  EXPECT_THAT(m, HasSubstr("try padding=1 or kernel_size=10"));
}

TEST(SceneEdit, AnEmptySceneIsRefusedWithoutCrashing) {
  Scene empty = article();
  empty.input = Tensor({1, 0, 5});
  EXPECT_THAT(apply_error(empty, {{"op", "conv1d"}}), HasSubstr("the input [1, 0, 5] is empty"));
  EXPECT_TRUE(scene_settings(empty).empty());
}

TEST(SceneEdit, AnInputSmallerThanTheKernelSuggestsPaddingOrALargerInput) {
  const std::string m = apply_error(article(), {{"input_size", "2x2"}});
  EXPECT_THAT(m, HasSubstr("try padding=1 or input_size=3x3"));
}

TEST(SceneEdit, ReflectPaddingAsWideAsTheInputSuggestsLessPadding) {
  const Scene reflect = apply_ok(article(), {{"padding_mode", "reflect"}, {"padding", "2"}});
  const std::string m = apply_error(reflect, {{"padding", "5"}});
  EXPECT_THAT(m, HasSubstr("padding_mode='reflect' needs padding < input size"));
  EXPECT_THAT(m, HasSubstr("try padding=4"));
}

TEST(SceneEdit, PoolPaddingOverHalfTheKernelSuggestsLessPaddingOrALargerKernel) {
  const std::string m = apply_error(max_pool_scene(), {{"padding", "2"}});
  EXPECT_THAT(m, HasSubstr("pad should be at most half of kernel size"));
  EXPECT_THAT(m, HasSubstr("try padding=1 or kernel_size=4"));
}

TEST(SceneEdit, AHugeKernelIsRefusedBeforeAllocatingAndASmallerOneSuggested) {
  const std::string m = apply_error(article(), {{"kernel_size", "100000"}});
  EXPECT_THAT(m, HasSubstr("1\u00b71\u00b7100000\u00b7100000 values"));
  EXPECT_THAT(m, HasSubstr("try kernel_size=5"));
}

TEST(SceneEdit, GroupsThatDoNotDivideTheChannelsAreExplained) {
  const std::string m = apply_error(article(), {{"in_channels", "4"}, {"groups", "2"}});
  EXPECT_THAT(m, HasSubstr("out_channels (1"));
  EXPECT_THAT(m, HasSubstr("must be divisible by groups (2)"));
  EXPECT_THAT(m, HasSubstr("try out_channels=2"));
  const std::string in =
      apply_error(article(), {{"in_channels", "3"}, {"out_channels", "2"}, {"groups", "2"}});
  EXPECT_THAT(in, HasSubstr("in_channels (3) must be divisible by groups (2), but 3 = 2\u00b71 + 1"));
}

TEST(SceneEdit, KeysAnOpDoesNotHaveAreRefusedByName) {
  EXPECT_EQ(apply_error(max_pool_scene(), {{"groups", "2"}}),
            "max_pool2d has no groups (only conv1d and conv2d do)");
  EXPECT_THAT(apply_error(max_pool_scene(), {{"out_channels", "2"}}),
              HasSubstr("a pool keeps the number of channels"));
  EXPECT_THAT(apply_error(max_pool_scene(), {{"bias", "true"}}), HasSubstr("max_pool2d has no bias"));
  EXPECT_THAT(apply_error(max_pool_scene(), {{"count_include_pad", "false"}}),
              HasSubstr("only avg and sum pools"));
  EXPECT_THAT(apply_error(max_pool_scene(), {{"padding_mode", "reflect"}}), HasSubstr("has no padding_mode"));
  EXPECT_EQ(apply_error(article(), {{"ceil_mode", "true"}}), "conv2d has no ceil_mode (only pools do)");
  EXPECT_THAT(apply_error(article(), {{"op", "conv3d"}}), HasSubstr("op: expected one of conv1d"));
}

TEST(SceneEdit, ASuggestionForTheEditedKeyReplacesTheEdit) {
  const std::vector<SceneEdit> edits{{"padding", "1"}, {"kernel_size", "9"}};
  EXPECT_EQ(edits_with_fix(edits, {"kernel_size", "7"}),
            (std::vector<SceneEdit>{{"padding", "1"}, {"kernel_size", "7"}}));
  EXPECT_EQ(edits_with_fix(edits, {"padding", "2"}),
            (std::vector<SceneEdit>{{"padding", "1"}, {"kernel_size", "9"}, {"padding", "2"}}));
}

TEST(SceneEdit, BadValuesAreReportedWithoutSuggestions) {
  EXPECT_EQ(apply_error(article(), {{"stride", "0"}}),
            "stride: expected a positive integer or two separated by a comma, got \"0\"");
  EXPECT_TRUE(suggest_fixes(article(), {{"stride", "0"}}).empty());
  EXPECT_THAT(apply_error(conv1d_scene(), {{"kernel_size", "3,3"}}), HasSubstr("one spatial dimension"));
}

TEST(SceneEdit, PoolStrideNoneRestoresPyTorchsDefault) {
  const Scene strided = apply_ok(max_pool_scene(), {{"stride", "1"}});
  EXPECT_TRUE(strided.params.stride_set);
  EXPECT_EQ(resolve_geometry(strided)->output_shape(), (Shape{1, 3, 3}));
  const Scene back = apply_ok(strided, {{"stride", "none"}});
  EXPECT_FALSE(back.params.stride_set);
  EXPECT_EQ(resolve_geometry(back)->output_shape(), (Shape{1, 2, 2}));
  EXPECT_FALSE(apply_edit(article(), {"stride", "none"}).ok());
}

TEST(SceneEdit, SeveralEditsAreValidatedOnceAtTheEnd) {
  // kernel_size=7 alone is invalid on a 5×5 input; with padding=1 in the same change it is fine.
  const Scene s = apply_ok(article(), {{"kernel_size", "7"}, {"padding", "1"}});
  EXPECT_EQ(resolve_geometry(s)->output_shape(), (Shape{1, 1, 1}));
}

// Random edits from several scenes: no crash or assert; an accepted scene runs; a refused one says why;
// every suggestion, applied after the edit, is accepted.
TEST(SceneEdit, ARandomSweepOfEditsAlwaysEndsInAValidSceneOrAnExplanation) {
  std::mt19937 rng(1234);
  const std::vector<std::string> ops{"conv1d",     "conv2d",     "max_pool1d", "max_pool2d",
                                     "avg_pool1d", "avg_pool2d", "sum_pool1d", "sum_pool2d"};
  auto pick = [&](int lo, int hi) { return std::uniform_int_distribution<int>(lo, hi)(rng); };
  auto dims_value = [&](int lo, int hi) {
    return pick(0, 2) == 0 ? std::to_string(pick(lo, hi)) + "," + std::to_string(pick(lo, hi))
                           : std::to_string(pick(lo, hi));
  };
  auto random_edit = [&]() -> SceneEdit {
    const std::string& key = scene_edit_keys()[static_cast<size_t>(pick(0, 13))];
    if (key == "op") return {key, ops[static_cast<size_t>(pick(0, 7))]};
    if (key == "input_size") return {key, pick(0, 1) ? std::to_string(pick(1, 9)) : dims_value(1, 9)};
    if (key == "padding") {
      const int r = pick(0, 5);
      return {key, r == 0 ? "same" : r == 1 ? "valid" : dims_value(0, 4)};
    }
    if (key == "padding_mode") {
      const char* modes[] = {"zeros", "reflect", "replicate", "circular"};
      return {key, modes[pick(0, 3)]};
    }
    if (key == "batch" || key == "bias" || key == "ceil_mode" || key == "count_include_pad")
      return {key, pick(0, 1) ? "true" : "false"};
    if (key == "in_channels" || key == "out_channels" || key == "groups")
      return {key, std::to_string(pick(0, 5))};
    if (key == "stride" && pick(0, 5) == 0) return {key, "none"};
    return {key, dims_value(key == "kernel_size" ? 0 : 1, 5)};
  };

  int accepted = 0;
  int refused = 0;
  int suggested = 0;
  for (const Scene& start : {article(), conv1d_scene(), max_pool_scene()}) {
    Scene scene = start;
    for (int i = 0; i < 400; ++i) {
      const SceneEdit edit = random_edit();
      Result<Scene> r = apply_edit(scene, edit);
      if (r.ok()) {
        ++accepted;
        ASSERT_TRUE(resolve_geometry(*r).ok()) << edit_text(edit);
        ASSERT_TRUE(run(*r).ok()) << edit_text(edit);
        scene = std::move(*r);
        continue;
      }
      ++refused;
      ASSERT_FALSE(r.message().empty()) << edit_text(edit);
      for (const SceneEdit& fix : suggest_fixes(scene, {edit})) {
        ++suggested;
        EXPECT_TRUE(apply_edits(scene, edits_with_fix({edit}, fix)).ok())
            << scene_settings_text(scene) << edit_text(edit) << " then " << edit_text(fix);
      }
    }
  }
  // The sweep must exercise both outcomes and the suggestions, or it proves nothing.
  EXPECT_GT(accepted, 200);
  EXPECT_GT(refused, 100);
  EXPECT_GT(suggested, 20);
}

}  // namespace
}  // namespace convstep

namespace convstep {
namespace {

// A kernel past the window's work limit on a transposed lesson: every fix offered applies (the search
// checks the work limit as apply_edits does; it offered padding=1 and the refused kernel_size=544 itself;
// found by fuzz_scene_edit, reproducer in tests/fuzz/regressions/scene_edit/).
TEST(SceneEdit, EveryFixOfferedForAKernelPastTheWorkLimitApplies) {
  Result<Lesson> lesson = load_lesson_argument("transpose-strides-output-padding");
  ASSERT_TRUE(lesson.ok()) << lesson.message();
  const Scene& start = lesson->scene;
  const std::vector<SceneEdit> edits = {{"kernel_size", "544"}};
  Result<Scene> edited = apply_edits(start, edits);
  ASSERT_FALSE(edited.ok());
  EXPECT_NE(edited.message().find("taps"), std::string::npos) << edited.message();
  const std::vector<SceneEdit> fixes = suggest_fixes(start, edits);
  EXPECT_FALSE(fixes.empty());
  for (const SceneEdit& fix : fixes) {
    EXPECT_NE(edit_text(fix), "kernel_size=544");
    Result<Scene> fixed = apply_edits(start, edits_with_fix(edits, fix));
    EXPECT_TRUE(fixed.ok()) << edit_text(fix) << ": " << fixed.message();
  }
}

// The message of a refusal for too much work and the fixes offered as buttons come from one search:
// the message's "— try …" lists exactly the fixes, the largest kernel that fits first.
TEST(SceneEdit, AWorkRefusalOffersInItsMessageTheFixesTheButtonsApply) {
  Result<Lesson> lesson = load_lesson_argument("transpose-strides-output-padding");
  ASSERT_TRUE(lesson.ok()) << lesson.message();
  const std::vector<SceneEdit> edits = {{"kernel_size", "544"}};
  Result<Scene> edited = apply_edits(lesson->scene, edits);
  ASSERT_FALSE(edited.ok());
  const std::vector<SceneEdit> fixes = suggest_fixes(lesson->scene, edits);
  ASSERT_FALSE(fixes.empty());
  EXPECT_EQ(fixes.front().key, "kernel_size");
  std::string tail = " \u2014 try ";
  for (size_t i = 0; i < fixes.size(); ++i) tail += (i > 0 ? " or " : "") + edit_text(fixes[i]);
  const std::string& message = edited.message();
  ASSERT_GE(message.size(), tail.size());
  EXPECT_EQ(message.substr(message.size() - tail.size()), tail) << message;
  // The largest kernel that fits: one more would not.
  const int64_t k = std::stoll(fixes.front().value);
  EXPECT_GT(k, 9);
  EXPECT_TRUE(apply_edits(lesson->scene, {{"kernel_size", std::to_string(k)}}).ok());
  EXPECT_FALSE(apply_edits(lesson->scene, {{"kernel_size", std::to_string(k + 1)}}).ok());
}

}  // namespace
}  // namespace convstep
