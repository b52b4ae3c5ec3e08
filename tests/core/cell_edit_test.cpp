// Typed cells and fills on a Scene: each lands on the right cell of the right tensor, a refused one
// names the cell, the shape or the op and leaves the scene alone, and randomize is predictable.
#include "core/cell_edit.h"

#include <gtest/gtest.h>

#include <cmath>
#include <limits>

#include "core/presets.h"
#include "tests/core/scene_test_support.h"

namespace convstep {
namespace {

using test_support::apply_ok;
using test_support::article;

CellFills fills_of(bool randomize_input, bool randomize_weight, bool clear_input = false) {
  CellFills f;
  f.randomize_input = randomize_input;
  f.randomize_weight = randomize_weight;
  f.clear_input = clear_input;
  return f;
}

TEST(CellEdit, AnInputCellIsItsRowMajorOffset) {
  const Scene scene = article();
  Result<int64_t> offset = cell_offset(scene, {.channel = 0, .y = 2, .x = 3});
  ASSERT_TRUE(offset.ok()) << offset.message();
  EXPECT_EQ(*offset, 2 * 5 + 3);
}

TEST(CellEdit, AWeightCellCountsOutAndInChannelsFirst) {
  const Scene scene = apply_ok(article(), {{"in_channels", "2"}, {"out_channels", "3"}});
  ASSERT_EQ(scene.weight.shape(), (Shape{3, 2, 3, 3}));
  Result<int64_t> offset =
      cell_offset(scene, {.weight = true, .channel = 2, .in_channel = 1, .y = 1, .x = 2});
  ASSERT_TRUE(offset.ok()) << offset.message();
  EXPECT_EQ(*offset, ((2 * 2 + 1) * 3 + 1) * 3 + 2);
}

TEST(CellEdit, EditsLandOnTheirCellsAndLeaveTheGivenSceneAlone) {
  const Scene scene = article();
  Result<Scene> edited = apply_cell_edits(
      scene, {{.channel = 0, .y = 0, .x = 4, .value = 7}, {.weight = true, .y = 1, .x = 1, .value = -2}});
  ASSERT_TRUE(edited.ok()) << edited.message();
  EXPECT_EQ(edited->input.at({0, 0, 4}), 7.0f);
  EXPECT_EQ(edited->weight.at({0, 0, 1, 1}), -2.0f);
  EXPECT_EQ(scene.input.at({0, 0, 4}), 0.0f);
}

TEST(CellEdit, ACellOutsideTheTensorIsRefusedWithTheCellAndTheShape) {
  Result<Scene> edited = apply_cell_edits(article(), {{.channel = 0, .y = 5, .x = 0, .value = 1}});
  ASSERT_FALSE(edited.ok());
  EXPECT_EQ(edited.message(), "input cell (0, 5, 0) is outside the input of shape [1, 5, 5]");
}

TEST(CellEdit, ABatchOnAnUnbatchedInputAndARowOfA1dInputAreRefused) {
  Result<Scene> batch = apply_cell_edits(article(), {{.batch = 1, .value = 1}});
  ASSERT_FALSE(batch.ok());
  EXPECT_EQ(batch.message(), "input cell batch 1: this input has no batch dimension");
  const Scene one_d = apply_ok(article(), {{"op", "conv1d"}});
  Result<Scene> row = apply_cell_edits(one_d, {{.y = 1, .value = 1}});
  ASSERT_FALSE(row.ok());
  EXPECT_EQ(row.message(), "input cell row 1: a 1-D input has only row 0");
}

TEST(CellEdit, ANonFiniteValueRefusesEveryEditOfTheChange) {
  Result<Scene> edited = apply_cell_edits(
      article(), {{.x = 1, .value = 3}, {.x = 2, .value = std::numeric_limits<float>::infinity()}});
  ASSERT_FALSE(edited.ok());
  EXPECT_NE(edited.message().find("finite"), std::string::npos) << edited.message();
}

TEST(CellEdit, APoolHasNoWeightsToEditOrFill) {
  const Scene pool = apply_ok(article(), {{"op", "max_pool2d"}});
  Result<Scene> edited = apply_cell_edits(pool, {{.weight = true, .value = 1}});
  ASSERT_FALSE(edited.ok());
  EXPECT_EQ(edited.message(), "max_pool2d has no weights to edit");
  uint64_t seed = 1;
  Result<Scene> filled = apply_fills(pool, fills_of(false, true), seed);
  ASSERT_FALSE(filled.ok());
  EXPECT_EQ(filled.message(), "max_pool2d has no weights: only conv1d and conv2d have a kernel to fill");
  EXPECT_EQ(seed, 1u) << "a refused fill takes no seed";
}

TEST(CellFill, RandomizeTakesOneSeedPerTensorInOrder) {
  uint64_t seed = 5;
  Result<Scene> filled = apply_fills(article(), fills_of(true, true), seed);
  ASSERT_TRUE(filled.ok()) << filled.message();
  EXPECT_EQ(seed, 7u);
  EXPECT_EQ(filled->input, random_small_integers({1, 5, 5}, 5, kRandomInputLow, kRandomInputHigh));
  EXPECT_EQ(filled->weight, random_small_integers({1, 1, 3, 3}, 6, kRandomWeightLow, kRandomWeightHigh));
}

TEST(CellFill, RandomValuesAreSmallIntegersInTheirRangeAndDependOnTheSeed) {
  const Tensor a = random_small_integers({100}, 1, -1, 2);
  for (float v : a.values()) {
    EXPECT_EQ(v, std::round(v));
    EXPECT_TRUE(v >= -1 && v <= 2) << v;
  }
  EXPECT_EQ(a, random_small_integers({100}, 1, -1, 2));
  EXPECT_NE(a, random_small_integers({100}, 2, -1, 2));
}

TEST(CellFill, ClearZeroesOnlyTheTensorAsked) {
  uint64_t seed = 1;
  Result<Scene> filled = apply_fills(article(), fills_of(false, false, true), seed);
  ASSERT_TRUE(filled.ok()) << filled.message();
  EXPECT_EQ(filled->input, Tensor({1, 5, 5}, 0.0f));
  EXPECT_EQ(filled->weight, article().weight);
}

TEST(CellFill, APresetSetsTheKernelSizeAndFillsEverySlice) {
  const Scene two_in = apply_ok(article(), {{"in_channels", "2"}});
  uint64_t seed = 1;
  Result<Scene> filled = apply_fills(two_in, {.weight_preset = "gaussian-blur-5x5"}, seed);
  ASSERT_TRUE(filled.ok()) << filled.message();
  const Tensor& preset = find_kernel_preset("gaussian-blur-5x5")->kernel;
  ASSERT_EQ(filled->weight.shape(), (Shape{1, 2, 5, 5}));
  for (int64_t c = 0; c < 2; ++c) EXPECT_EQ(filled->weight.at({0, c, 2, 1}), preset.at({2, 1}));
}

TEST(CellFill, APresetTooLargeForTheInputIsRefusedWithTheEditToSuggestFixesFor) {
  uint64_t seed = 1;
  std::vector<SceneEdit> refused;
  Result<Scene> filled = apply_fills(article(), {.weight_preset = "motion-blur-9x9"}, seed, &refused);
  ASSERT_FALSE(filled.ok());
  EXPECT_NE(filled.message().find("9×9"), std::string::npos) << filled.message();
  EXPECT_EQ(refused, (std::vector<SceneEdit>{{"kernel_size", "9,9"}}));
}

TEST(CellFill, AnUnknownPresetAndA2dPresetOnA1dOpAreRefused) {
  uint64_t seed = 1;
  Result<Scene> unknown = apply_fills(article(), {.weight_preset = "no-such"}, seed);
  ASSERT_FALSE(unknown.ok());
  EXPECT_EQ(unknown.message(), "unknown kernel preset \"no-such\" (see `convstep presets`)");
  Result<Scene> one_d =
      apply_fills(apply_ok(article(), {{"op", "conv1d"}}), {.weight_preset = "sharpen"}, seed);
  ASSERT_FALSE(one_d.ok());
  EXPECT_NE(one_d.message().find("conv1d needs a 1-D one"), std::string::npos) << one_d.message();
}

}  // namespace
}  // namespace convstep
