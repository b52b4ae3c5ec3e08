// Fractional kernels written as an integer matrix and one factor: found only when it gives every weight
// back exactly, the smallest such factor, and never for integer, irrational-looking or huge weights.
#include "core/weight_factor.h"

#include <gtest/gtest.h>

#include <cmath>
#include <vector>

#include "core/presets.h"

namespace convstep {
namespace {

Tensor weights(std::vector<float> values) {
  const int64_t n = static_cast<int64_t>(values.size());
  return Tensor({1, 1, 1, n}, std::move(values));
}

TEST(WeightFactor, TheGaussiansAndTheBoxBlurGetTheirArticleFactors) {
  EXPECT_EQ(weight_denominator(weights({1 / 16.f, 2 / 16.f, 1 / 16.f, 2 / 16.f, 4 / 16.f})), 16);
  EXPECT_EQ(weight_denominator(weights({1 / 256.f, 4 / 256.f, 6 / 256.f, 24 / 256.f, 36 / 256.f})), 256);
  EXPECT_EQ(weight_denominator(weights({1.0f / 9, 1.0f / 9, 1.0f / 9})), 9);
  EXPECT_EQ(weight_denominator(weights({1.0f / 273, 4.0f / 273, 41.0f / 273})), 273);
  // Mixed denominators meet at their least common multiple: 1/2 and 1/3 are 3/6 and 2/6.
  EXPECT_EQ(weight_denominator(weights({0.5f, 1.0f / 3, -1.0f / 3})), 6);
  EXPECT_FLOAT_EQ(weight_numerator(0.0625f, 16), 1.0f);
  EXPECT_FLOAT_EQ(weight_numerator(-0.25f, 16), -4.0f);
}

TEST(WeightFactor, IntegerRandomAndUnreadableWeightsStayAsTheyAre) {
  EXPECT_EQ(weight_denominator(weights({1, 0, -1, 2})), 1);
  EXPECT_EQ(weight_denominator(weights({0.1234567f, -0.5f})), 1);
  EXPECT_EQ(weight_denominator(weights({1.0f / 2048})), 1);          // the denominator is too large
  EXPECT_EQ(weight_denominator(weights({12345.5f})), 1);             // the numerator is too large
  EXPECT_EQ(weight_denominator(weights({0.5f, std::nanf("")})), 1);  // nothing to factor
  EXPECT_EQ(weight_denominator(Tensor({1, 1, 1, 0}, {})), 1);
  EXPECT_EQ(weight_denominator(Tensor({1, 1, 100, 100}, std::vector<float>(10000, 0.5f))), 1);  // too many
}

TEST(WeightFactor, ThePresetGaussianReadsAsIntegersTimesItsFactor) {
  const KernelPreset* gaussian = find_kernel_preset("gaussian-blur-3x3");
  ASSERT_NE(gaussian, nullptr);
  const int64_t d = weight_denominator(gaussian->kernel);
  ASSERT_EQ(d, 16);
  for (float w : gaussian->kernel.values()) {
    const float n = weight_numerator(w, d);
    EXPECT_EQ(n, static_cast<float>(static_cast<int>(n)));
    EXPECT_EQ(n / 16.0f, w);
  }
}

}  // namespace
}  // namespace convstep
