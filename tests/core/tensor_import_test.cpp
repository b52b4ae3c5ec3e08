// Importing tensors into a scene (core/tensor_import.h): tensors that fit replace the scene's own, and
// every mismatch is refused with the shapes and the numbers, the caller's scene untouched.
#include "core/tensor_import.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <filesystem>

#include "core/npy.h"
#include "core/ops.h"
#include "tests/core/scene_test_support.h"

namespace convstep {
namespace {

using test_support::article;
using ::testing::HasSubstr;

TEST(TensorImport, AWeightWithMoreChannelsThanTheInputIsExplainedWithTheNumbers) {
  Result<Scene> r = install_tensor(article(), TensorSlot::kWeight, Tensor({8, 3, 3, 3}, 1.0f));
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.message(), "weight [8, 3, 3, 3] needs in_channels = 3, but the input [1, 5, 5] has 1 channel");
}

TEST(TensorImport, AnInputWithTheWrongChannelsNamesTheWeightItDisagreesWith) {
  Result<Scene> r = install_tensor(article(), TensorSlot::kInput, Tensor({3, 5, 5}, 1.0f));
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.message(), "input [3, 5, 5] has 3 channels, but the weight [1, 1, 3, 3] needs in_channels = 1");
}

TEST(TensorImport, AnInputAndAWeightArrivingTogetherMayBothChangeTheChannels) {
  TensorImports imports;
  imports.input = Tensor({3, 5, 5}, 1.0f);
  imports.weight = Tensor({8, 3, 3, 3}, 1.0f);
  Result<Scene> r = install_tensors(article(), imports);
  ASSERT_TRUE(r.ok()) << r.message();
  Result<Tensor> out = run(*r);
  ASSERT_TRUE(out.ok());
  EXPECT_EQ(out->shape(), (Shape{8, 3, 3}));
  EXPECT_EQ(out->at({0, 0, 0}), 27.0f);
}

TEST(TensorImport, GroupsAreCountedInTheChannelsAWeightNeeds) {
  Scene s = article();
  s.input = Tensor({4, 5, 5}, 1.0f);
  s.weight = Tensor({4, 2, 3, 3}, 1.0f);
  s.params.groups = 2;
  Result<Scene> r = install_tensor(s, TensorSlot::kWeight, Tensor({4, 1, 3, 3}, 1.0f));
  ASSERT_FALSE(r.ok());
  EXPECT_THAT(r.message(),
              HasSubstr("needs in_channels = 1\u00b72 (groups) = 2, but the input [4, 5, 5] has 4 channels"));
}

TEST(TensorImport, AWrongRankIsRefusedWithTheLayoutsTheOpTakes) {
  Result<Scene> r = install_tensor(article(), TensorSlot::kInput, Tensor({5, 5}, 1.0f));
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.message(), "input [5, 5] has 2 dimensions, but conv2d takes (C, H, W) or (N, C, H, W)");
  Result<Scene> w = install_tensor(article(), TensorSlot::kWeight, Tensor({3, 3}, 1.0f));
  ASSERT_FALSE(w.ok());
  EXPECT_THAT(w.message(), HasSubstr("weight [3, 3] has 2 dimensions, but conv2d takes 4"));
}

TEST(TensorImport, ABiasNeedsOneValuePerOutputChannel) {
  Result<Scene> r = install_tensor(article(), TensorSlot::kBias, Tensor({4}, 1.0f));
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.message(),
            "bias [4] needs one value per output channel: the weight [1, 1, 3, 3] has out_channels = 1, so "
            "the bias "
            "must be [1]");
  Result<Scene> ok = install_tensor(article(), TensorSlot::kBias, Tensor({1}, 2.0f));
  ASSERT_TRUE(ok.ok()) << ok.message();
  EXPECT_EQ(run(*ok)->at({0, 0, 0}), 6.0f);  // the article's 4, plus 2
}

TEST(TensorImport, AKeptBiasFollowsANewWeightsOutChannels) {
  Scene s = article();
  s.bias = Tensor({1}, 5.0f);
  Result<Scene> r = install_tensor(s, TensorSlot::kWeight, Tensor({3, 1, 3, 3}, 1.0f));
  ASSERT_TRUE(r.ok()) << r.message();
  ASSERT_TRUE(r->bias.has_value());
  EXPECT_EQ(r->bias->values(), (std::vector<float>{5, bias_fill_value(1), bias_fill_value(2)}));
}

TEST(TensorImport, PoolsTakeNoWeightOrBias) {
  Scene pool = article();
  pool.params.op = Op::kMaxPool2d;
  pool.params.kernel_size = {2, 2};
  pool.weight = Tensor();
  EXPECT_THAT(install_tensor(pool, TensorSlot::kWeight, Tensor({1, 1, 3, 3})).message(),
              HasSubstr("max_pool2d has no weight"));
  EXPECT_THAT(install_tensor(pool, TensorSlot::kBias, Tensor({1})).message(),
              HasSubstr("max_pool2d has no bias"));
  EXPECT_TRUE(install_tensor(pool, TensorSlot::kInput, Tensor({2, 4, 4}, 1.0f)).ok());
}

TEST(TensorImport, AKernelLargerThanTheImportedInputIsExplainedByTheGeometry) {
  Result<Scene> r = install_tensor(article(), TensorSlot::kInput, Tensor({1, 2, 2}, 1.0f));
  ASSERT_FALSE(r.ok());
  EXPECT_THAT(r.message(), HasSubstr("kernel"));
}

TEST(TensorImport, ImportingANpyNamesTheFile) {
  const auto dir = std::filesystem::temp_directory_path() / "convstep_tensor_import_test";
  std::filesystem::create_directories(dir);
  const std::string path = (dir / "w.npy").string();
  ASSERT_TRUE(write_npy(path, Tensor({8, 3, 3, 3}, 1.0f)).ok());
  Result<Scene> r = import_npy(article(), TensorSlot::kWeight, path);
  ASSERT_FALSE(r.ok());
  EXPECT_THAT(r.message(), HasSubstr(path + ": weight [8, 3, 3, 3] needs in_channels = 3"));
  EXPECT_FALSE(import_npy(article(), TensorSlot::kWeight, (dir / "missing.npy").string()).ok());
  std::filesystem::remove_all(dir);
}

}  // namespace
}  // namespace convstep
