// Tests for the kernel presets: the article's filter table exactly, the classic kernels' defining
// properties (blurs sum to 1, edge detectors to 0) and the lookup by id.
#include "core/presets.h"

#include <gtest/gtest.h>

#include <cmath>
#include <set>
#include <string>
#include <vector>

namespace convstep {
namespace {

const KernelPreset& preset(const std::string& id) {
  const KernelPreset* p = find_kernel_preset(id);
  EXPECT_NE(p, nullptr) << id;
  static const KernelPreset kMissing{};
  return p ? *p : kMissing;
}

std::vector<float> scaled(std::vector<float> v, float scale) {
  for (float& x : v) x *= scale;
  return v;
}

double sum_of(const Tensor& t) {
  double s = 0;
  for (float v : t.values()) s += v;
  return s;
}

TEST(KernelPresets, ContainTheArticlesSevenFiltersWithItsExactWeights) {
  struct Expected {
    const char* id;
    std::vector<float> values;
  };
  const std::vector<Expected> expected = {
      {"identity", {0, 0, 0, 0, 1, 0, 0, 0, 0}},
      {"edge-detection-1", {1, 0, -1, 0, 0, 0, -1, 0, 1}},
      {"edge-detection-2", {0, 1, 0, 1, -4, 1, 0, 1, 0}},
      {"edge-detection-3", {-1, -1, -1, -1, 8, -1, -1, -1, -1}},
      {"sharpen", {0, -1, 0, -1, 5, -1, 0, -1, 0}},
      {"box-blur", scaled({1, 1, 1, 1, 1, 1, 1, 1, 1}, 1.0f / 9.0f)},
      {"gaussian-blur-3x3", scaled({1, 2, 1, 2, 4, 2, 1, 2, 1}, 1.0f / 16.0f)},
  };
  for (const Expected& e : expected) {
    const KernelPreset& p = preset(e.id);
    EXPECT_EQ(p.kernel.shape(), (Shape{3, 3})) << e.id;
    EXPECT_EQ(p.kernel.values(), e.values) << e.id;
  }
}

TEST(KernelPresets, ListTheArticlesFiltersFirstInItsOrder) {
  const auto& presets = kernel_presets();
  ASSERT_GE(presets.size(), 7u);
  const char* order[] = {"identity", "edge-detection-1", "edge-detection-2", "edge-detection-3",
                         "sharpen",  "box-blur",         "gaussian-blur-3x3"};
  for (size_t i = 0; i < 7; ++i) EXPECT_EQ(presets[i].id, order[i]);
}

TEST(KernelPresets, IncludeSobelPrewittEmbossLaplacianOfGaussianAndMotionBlur) {
  EXPECT_EQ(preset("sobel-x").kernel.values(), (std::vector<float>{-1, 0, 1, -2, 0, 2, -1, 0, 1}));
  EXPECT_EQ(preset("sobel-y").kernel.values(), (std::vector<float>{-1, -2, -1, 0, 0, 0, 1, 2, 1}));
  EXPECT_EQ(preset("prewitt-x").kernel.values(), (std::vector<float>{-1, 0, 1, -1, 0, 1, -1, 0, 1}));
  EXPECT_EQ(preset("prewitt-y").kernel.values(), (std::vector<float>{-1, -1, -1, 0, 0, 0, 1, 1, 1}));
  EXPECT_EQ(preset("emboss").kernel.values(), (std::vector<float>{-2, -1, 0, -1, 1, 1, 0, 1, 2}));
  EXPECT_EQ(preset("laplacian-of-gaussian-5x5").kernel.shape(), (Shape{5, 5}));
  EXPECT_EQ(preset("laplacian-of-gaussian-5x5").kernel.at({2, 2}), 16.0f);
  const Tensor& motion = preset("motion-blur-5x5").kernel;
  ASSERT_EQ(motion.shape(), (Shape{5, 5}));
  for (int64_t y = 0; y < 5; ++y)
    for (int64_t x = 0; x < 5; ++x) EXPECT_EQ(motion.at({y, x}), y == x ? 0.2f : 0.0f) << y << "," << x;
}

TEST(KernelPresets, BlursSumToOneAndEdgeDetectorsSumToZero) {
  for (const char* id : {"identity", "box-blur", "gaussian-blur-3x3", "gaussian-blur-5x5", "motion-blur-5x5",
                         "motion-blur-9x9", "sharpen", "emboss"})
    EXPECT_NEAR(sum_of(preset(id).kernel), 1.0, 1e-6) << id;
  for (const char* id : {"edge-detection-1", "edge-detection-2", "edge-detection-3", "sobel-x", "sobel-y",
                         "prewitt-x", "prewitt-y", "laplacian-of-gaussian-5x5"})
    EXPECT_NEAR(sum_of(preset(id).kernel), 0.0, 1e-6) << id;
}

TEST(KernelPresets, EveryPresetHasAUniqueIdANameAOneLineDescriptionAnd2dOddKernel) {
  std::set<std::string> ids;
  for (const KernelPreset& p : kernel_presets()) {
    EXPECT_TRUE(ids.insert(p.id).second) << "duplicate id " << p.id;
    EXPECT_FALSE(p.name.empty()) << p.id;
    EXPECT_FALSE(p.description.empty()) << p.id;
    EXPECT_EQ(p.description.find('\n'), std::string::npos) << p.id;
    ASSERT_EQ(p.kernel.dim(), 2) << p.id;
    EXPECT_EQ(p.kernel.size(0) % 2, 1) << p.id;
    EXPECT_EQ(p.kernel.size(1) % 2, 1) << p.id;
    for (float v : p.kernel.values()) EXPECT_TRUE(std::isfinite(v)) << p.id;
  }
  EXPECT_GE(ids.size(), 14u);
}

TEST(KernelPresets, FindReturnsNullForAnUnknownId) {
  EXPECT_EQ(find_kernel_preset("no-such-kernel"), nullptr);
  EXPECT_EQ(find_kernel_preset(""), nullptr);
  ASSERT_NE(find_kernel_preset("sharpen"), nullptr);
  EXPECT_EQ(find_kernel_preset("sharpen")->name, "Sharpen");
}

TEST(KernelPresets, AKernelIsNamedByThePresetItEqualsAndAnEditMakesItCustom) {
  for (const KernelPreset& preset : kernel_presets()) {
    const KernelPreset* found = preset_with_kernel(preset.kernel);
    ASSERT_NE(found, nullptr) << preset.id;
    EXPECT_EQ(found->kernel.values(), preset.kernel.values()) << preset.id;
  }
  Tensor edited = find_kernel_preset("sharpen")->kernel;
  edited.values()[0] += 1.0f;
  EXPECT_EQ(preset_with_kernel(edited), nullptr);
  EXPECT_EQ(preset_with_kernel(Tensor({3, 3})), nullptr);
}

}  // namespace
}  // namespace convstep
