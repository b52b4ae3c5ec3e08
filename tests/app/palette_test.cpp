// Colour scales without a window: lightness follows the value, the diverging scale is neutral and
// symmetric about 0, numbers stay legible (WCAG contrast) on every cell colour, the two palettes and
// the article's three roles look different, and NaN/inf values do not break anything.
#include "app/widgets/palette.h"

#include "app/widgets/legend.h"

#include <gtest/gtest.h>

#include <cmath>
#include <limits>
#include <vector>

namespace convstep {
namespace {

constexpr PaletteKind kPalettes[] = {PaletteKind::kColorBlindSafe, PaletteKind::kArticle};
constexpr TensorRole kRoles[] = {TensorRole::kInput, TensorRole::kKernel, TensorRole::kOutput};
constexpr float kNaN = std::numeric_limits<float>::quiet_NaN();
constexpr float kInf = std::numeric_limits<float>::infinity();

// Chroma-ish distance in sRGB bytes, enough to tell colours apart.
int byte_distance(ImU32 x, ImU32 y) {
  int d = 0;
  for (int shift : {IM_COL32_R_SHIFT, IM_COL32_G_SHIFT, IM_COL32_B_SHIFT}) {
    d = std::max(d, std::abs(static_cast<int>((x >> shift) & 0xFF) - static_cast<int>((y >> shift) & 0xFF)));
  }
  return d;
}

std::string name(PaletteKind p, TensorRole r, bool is_signed) {
  return std::string(palette_name(p)) + " role " + std::to_string(static_cast<int>(r)) +
         (is_signed ? " signed" : " unsigned");
}

TEST(Palette, SequentialScalesGetLighterAsTheValueGrows) {
  for (PaletteKind p : kPalettes) {
    for (TensorRole r : kRoles) {
      float previous = -1;
      for (int i = 0; i <= 50; ++i) {
        const float l = lightness(scale_color(p, r, false, i / 50.0f));
        EXPECT_GT(l, previous + 0.2f) << name(p, r, false) << " at t=" << i / 50.0f;
        previous = l;
      }
      // A real range, not a near-flat ramp.
      EXPECT_GT(lightness(scale_color(p, r, false, 1)) - lightness(scale_color(p, r, false, 0)), 30)
          << name(p, r, false);
    }
  }
}

TEST(Palette, DivergingScalesDarkenFromTheCentreTowardsBothEnds) {
  for (PaletteKind p : kPalettes) {
    for (TensorRole r : kRoles) {
      float previous = 101;
      for (int i = 0; i <= 25; ++i) {
        const float t = 0.5f + i / 50.0f;
        const float up = lightness(scale_color(p, r, true, t));
        const float down = lightness(scale_color(p, r, true, 1 - t));
        EXPECT_LT(up, previous - 0.2f) << name(p, r, true) << " at t=" << t;
        EXPECT_NEAR(up, down, 0.8f) << name(p, r, true) << ": lightness of ±" << i / 25.0f << " differs";
        previous = up;
      }
    }
  }
}

TEST(Palette, ZeroIsNeutralGreyOnTheDivergingScale) {
  const ValueRange range = ValueRange::symmetric(3);
  for (PaletteKind p : kPalettes) {
    for (TensorRole r : kRoles) {
      const ImU32 zero = cell_color(p, r, 0.0f, range);
      const int red = (zero >> IM_COL32_R_SHIFT) & 0xFF, green = (zero >> IM_COL32_G_SHIFT) & 0xFF,
                blue = (zero >> IM_COL32_B_SHIFT) & 0xFF;
      EXPECT_LE(std::max({red, green, blue}) - std::min({red, green, blue}), 2) << name(p, r, true);
      // The two sides have different hues: ±3 are far apart though equally light.
      EXPECT_GT(byte_distance(cell_color(p, r, 3, range), cell_color(p, r, -3, range)), 60)
          << name(p, r, true);
    }
  }
}

TEST(Palette, NumbersReachWcagContrastOnEveryScaleColour) {
  for (PaletteKind p : kPalettes) {
    for (TensorRole r : kRoles) {
      for (bool is_signed : {false, true}) {
        for (int i = 0; i < 200; ++i) {
          const ImU32 fill = scale_color(p, r, is_signed, i / 199.0f);
          EXPECT_GE(contrast_ratio(fill, text_color_for(fill)), 4.5f)
              << name(p, r, is_signed) << " sample " << i;
        }
      }
    }
  }
  EXPECT_GE(contrast_ratio(no_value_color(), text_color_for(no_value_color())), 4.5f);
}

TEST(Palette, TextColourIsWhiteOnDarkAndBlackOnLight) {
  EXPECT_EQ(text_color_for(IM_COL32(10, 20, 60, 255)), IM_COL32(255, 255, 255, 255));
  EXPECT_EQ(text_color_for(IM_COL32(250, 230, 60, 255)), IM_COL32(0, 0, 0, 255));
  EXPECT_NEAR(contrast_ratio(IM_COL32(0, 0, 0, 255), IM_COL32(255, 255, 255, 255)), 21.0f, 0.01f);
}

TEST(Palette, ThePalettesAndTheArticleRolesLookDifferent) {
  // Switching palettes visibly changes the cells: away from the diverging scale's shared grey
  // centre, colours differ on average by more than 20/255 in their most-changed channel.
  for (TensorRole r : kRoles) {
    for (bool is_signed : {false, true}) {
      int total = 0, samples = 0;
      for (int i = 0; i <= 10; ++i) {
        if (is_signed && (i == 4 || i == 5 || i == 6)) continue;
        total += byte_distance(scale_color(PaletteKind::kColorBlindSafe, r, is_signed, i / 10.0f),
                               scale_color(PaletteKind::kArticle, r, is_signed, i / 10.0f));
        ++samples;
      }
      EXPECT_GT(total / samples, 20) << "role " << static_cast<int>(r)
                                     << (is_signed ? " signed" : " unsigned");
    }
  }
  const ImU32 input = scale_color(PaletteKind::kArticle, TensorRole::kInput, false, 0.8f);
  const ImU32 kernel = scale_color(PaletteKind::kArticle, TensorRole::kKernel, false, 0.8f);
  const ImU32 output = scale_color(PaletteKind::kArticle, TensorRole::kOutput, false, 0.8f);
  EXPECT_GT(byte_distance(input, kernel), 60);
  EXPECT_GT(byte_distance(kernel, output), 60);
  EXPECT_GT(byte_distance(input, output), 60);
  // Article hues: input blue, kernel green, output red.
  auto channel = [](ImU32 c, int shift) { return static_cast<int>((c >> shift) & 0xFF); };
  EXPECT_GT(channel(input, IM_COL32_B_SHIFT), channel(input, IM_COL32_R_SHIFT));
  EXPECT_GT(channel(kernel, IM_COL32_G_SHIFT), channel(kernel, IM_COL32_R_SHIFT));
  EXPECT_GT(channel(output, IM_COL32_R_SHIFT), channel(output, IM_COL32_B_SHIFT));
}

TEST(Palette, TheLookupTableHoldsTheScaleAtEveryStep) {
  const ColorLut& lut = scale_lut(PaletteKind::kColorBlindSafe, TensorRole::kInput, true);
  for (int i = 0; i < kLutSize; ++i) {
    EXPECT_EQ(lut[i], scale_color(PaletteKind::kColorBlindSafe, TensorRole::kInput, true, i / 255.0f)) << i;
  }
}

TEST(ValueRange, NegativeValuesMakeASymmetricSignedRange) {
  const std::vector<float> values = {-1, 0, 4, 2};
  const ValueRange range = ValueRange::of(values);
  EXPECT_TRUE(range.is_signed);
  EXPECT_EQ(range.lo, -4);
  EXPECT_EQ(range.hi, 4);
  EXPECT_FLOAT_EQ(range.normalize(0), 0.5f);
  EXPECT_FLOAT_EQ(range.normalize(-4), 0.0f);
  EXPECT_FLOAT_EQ(range.normalize(2), 0.75f);
}

TEST(ValueRange, NonNegativeValuesSpanTheirMinimumToMaximum) {
  const std::vector<float> values = {2, 3, 7};
  const ValueRange range = ValueRange::of(values);
  EXPECT_FALSE(range.is_signed);
  EXPECT_EQ(range.lo, 2);
  EXPECT_EQ(range.hi, 7);
  EXPECT_FLOAT_EQ(range.normalize(4.5f), 0.5f);
}

TEST(ValueRange, NanAndInfinityAreIgnoredAndStillGetAColour) {
  const std::vector<float> values = {kNaN, 1, kInf, -kInf, 3};
  const ValueRange range = ValueRange::of(values);
  EXPECT_FALSE(range.is_signed);
  EXPECT_EQ(range.lo, 1);
  EXPECT_EQ(range.hi, 3);
  EXPECT_TRUE(std::isnan(range.normalize(kNaN)));
  EXPECT_EQ(range.normalize(kInf), 1.0f);
  EXPECT_EQ(range.normalize(-kInf), 0.0f);
  for (PaletteKind p : kPalettes) {
    EXPECT_EQ(cell_color(p, TensorRole::kOutput, kNaN, range), no_value_color());
    EXPECT_EQ(cell_color(p, TensorRole::kInput, -kInf, range), cell_color(p, TensorRole::kInput, 1, range));
    EXPECT_EQ(cell_color(p, TensorRole::kInput, kInf, range), cell_color(p, TensorRole::kInput, 3, range));
  }
}

TEST(ValueRange, DegenerateInputsStillGiveAUsableRange) {
  EXPECT_EQ(ValueRange::of({}).hi, 1.0f);
  const std::vector<float> nans = {kNaN, kNaN};
  const ValueRange from_nans = ValueRange::of(nans);
  EXPECT_LT(from_nans.lo, from_nans.hi);
  const std::vector<float> ones = {1, 1, 1};
  const ValueRange from_ones = ValueRange::of(ones);
  EXPECT_EQ(from_ones.lo, 0);
  EXPECT_EQ(from_ones.hi, 1);
  EXPECT_EQ(from_ones.normalize(1), 1.0f);  // a kernel of ones is drawn at the top of the scale
  const std::vector<float> zeros = {0, 0};
  EXPECT_LT(ValueRange::of(zeros).lo, ValueRange::of(zeros).hi);
  EXPECT_EQ(ValueRange::symmetric(0).hi, 1.0f);
  EXPECT_EQ(ValueRange::symmetric(kNaN).hi, 1.0f);
  EXPECT_EQ(ValueRange::sequential(5, 2).lo, 2.0f);
}

TEST(ValueRange, MergingASignedRangeKeepsItSymmetric) {
  const ValueRange merged = ValueRange::sequential(0, 9).merged(ValueRange::symmetric(2));
  EXPECT_TRUE(merged.is_signed);
  EXPECT_EQ(merged.lo, -9);
  EXPECT_EQ(merged.hi, 9);
  const ValueRange unsigned_merge = ValueRange::sequential(1, 2).merged(ValueRange::sequential(0, 5));
  EXPECT_FALSE(unsigned_merge.is_signed);
  EXPECT_EQ(unsigned_merge.lo, 0);
  EXPECT_EQ(unsigned_merge.hi, 5);
}

TEST(Legend, TickLabelsUseARealMinusSignAndThreeSignificantDigits) {
  EXPECT_EQ(legend_tick_label(-2.5f), "\u22122.5");
  EXPECT_EQ(legend_tick_label(0.0f), "0");
  EXPECT_EQ(legend_tick_label(-0.0f), "0");
  EXPECT_EQ(legend_tick_label(3.14159f), "3.14");
  EXPECT_EQ(legend_tick_label(1234.0f), "1234");
  EXPECT_EQ(legend_tick_label(0.000123f), "0.000123");
  EXPECT_EQ(legend_tick_label(-kInf), "\u2212\u221e");
}

}  // namespace
}  // namespace convstep
