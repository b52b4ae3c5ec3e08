// The colour scales, built once into 256-entry tables. Every scale is a path through CIELAB with
// lightness changing monotonically, so brighter always means "more" (sequential) or "further from
// 0" (diverging, whose centre is a light neutral grey), even in greyscale or for a colour-blind eye.
// Colours outside sRGB keep their lightness and hue and lose chroma until they fit.
#include "app/widgets/palette.h"

#include <algorithm>
#include <cmath>
#include <limits>
#include <numbers>

#include "app/widgets/theme.h"

namespace convstep {
namespace {

struct Lab {
  double l = 0, a = 0, b = 0;
};

struct Rgb {  // sRGB components in [0, 1] (gamma-encoded)
  double r = 0, g = 0, b = 0;
};

// D65 white, as sRGB uses.
constexpr double kWhiteX = 0.95047, kWhiteY = 1.0, kWhiteZ = 1.08883;
constexpr double kDelta = 6.0 / 29.0;

double srgb_to_linear(double c) {
  return c <= 0.04045 ? c / 12.92 : std::pow((c + 0.055) / 1.055, 2.4);
}

double linear_to_srgb(double c) {
  return c <= 0.0031308 ? 12.92 * c : 1.055 * std::pow(c, 1.0 / 2.4) - 0.055;
}

double lab_f(double t) {
  return t > kDelta * kDelta * kDelta ? std::cbrt(t) : t / (3 * kDelta * kDelta) + 4.0 / 29.0;
}

double lab_f_inverse(double f) {
  return f > kDelta ? f * f * f : 3 * kDelta * kDelta * (f - 4.0 / 29.0);
}

Lab rgb_to_lab(Rgb c) {
  const double r = srgb_to_linear(c.r), g = srgb_to_linear(c.g), b = srgb_to_linear(c.b);
  const double x = 0.4124564 * r + 0.3575761 * g + 0.1804375 * b;
  const double y = 0.2126729 * r + 0.7151522 * g + 0.0721750 * b;
  const double z = 0.0193339 * r + 0.1191920 * g + 0.9503041 * b;
  const double fx = lab_f(x / kWhiteX), fy = lab_f(y / kWhiteY), fz = lab_f(z / kWhiteZ);
  return {116 * fy - 16, 500 * (fx - fy), 200 * (fy - fz)};
}

// Unclamped: components outside [0, 1] mean the colour is outside sRGB.
Rgb lab_to_rgb_unclamped(Lab c) {
  const double fy = (c.l + 16) / 116;
  const double x = kWhiteX * lab_f_inverse(fy + c.a / 500);
  const double y = kWhiteY * lab_f_inverse(fy);
  const double z = kWhiteZ * lab_f_inverse(fy - c.b / 200);
  const double r = 3.2404542 * x - 1.5371385 * y - 0.4985314 * z;
  const double g = -0.9692660 * x + 1.8760108 * y + 0.0415560 * z;
  const double b = 0.0556434 * x - 0.2040259 * y + 1.0572252 * z;
  return {r, g, b};
}

bool in_gamut(Rgb linear) {
  constexpr double kSlack = 1e-6;
  return linear.r >= -kSlack && linear.r <= 1 + kSlack && linear.g >= -kSlack && linear.g <= 1 + kSlack &&
         linear.b >= -kSlack && linear.b <= 1 + kSlack;
}

// Lab → sRGB, pulling out-of-gamut colours towards the grey of the same lightness.
Rgb lab_to_rgb(Lab c) {
  Rgb linear = lab_to_rgb_unclamped(c);
  if (!in_gamut(linear)) {
    double keep = 0, drop = 1;  // fraction of chroma kept: `keep` fits, `drop` does not
    for (int i = 0; i < 30; ++i) {
      const double mid = 0.5 * (keep + drop);
      if (in_gamut(lab_to_rgb_unclamped({c.l, c.a * mid, c.b * mid}))) {
        keep = mid;
      } else {
        drop = mid;
      }
    }
    linear = lab_to_rgb_unclamped({c.l, c.a * keep, c.b * keep});
  }
  auto encode = [](double v) { return linear_to_srgb(std::clamp(v, 0.0, 1.0)); };
  return {encode(linear.r), encode(linear.g), encode(linear.b)};
}

ImU32 to_u32(Rgb c) {
  auto byte = [](double v) { return static_cast<int>(std::lround(std::clamp(v, 0.0, 1.0) * 255.0)); };
  return IM_COL32(byte(c.r), byte(c.g), byte(c.b), 255);
}

Rgb from_u32(ImU32 c) {
  return {((c >> IM_COL32_R_SHIFT) & 0xFF) / 255.0, ((c >> IM_COL32_G_SHIFT) & 0xFF) / 255.0,
          ((c >> IM_COL32_B_SHIFT) & 0xFF) / 255.0};
}

Rgb from_bytes(int r, int g, int b) {
  return {r / 255.0, g / 255.0, b / 255.0};
}

Lab mix(Lab x, Lab y, double t) {
  return {x.l + (y.l - x.l) * t, x.a + (y.a - x.a) * t, x.b + (y.b - x.b) * t};
}

double hue_of(Rgb c) {
  const Lab lab = rgb_to_lab(c);
  return std::atan2(lab.b, lab.a);
}

Lab from_lch(double l, double chroma, double hue) {
  return {l, chroma * std::cos(hue), chroma * std::sin(hue)};
}

// cividis (Nuñez, Anderton & Renslow 2018, PLoS ONE 13(7): e0199239), sampled at t = 0, 0.2, …, 1
// and joined in CIELAB; its lightness rises steadily and it reads the same to deutan/protan eyes.
Lab cividis(double t) {
  static const std::array<Lab, 6> kStops = {
      rgb_to_lab(from_bytes(0, 34, 78)),     rgb_to_lab(from_bytes(53, 69, 108)),
      rgb_to_lab(from_bytes(102, 105, 112)), rgb_to_lab(from_bytes(148, 142, 119)),
      rgb_to_lab(from_bytes(200, 184, 102)), rgb_to_lab(from_bytes(254, 232, 56)),
  };
  const double x = std::clamp(t, 0.0, 1.0) * (kStops.size() - 1);
  const size_t i = std::min(static_cast<size_t>(x), kStops.size() - 2);
  return mix(kStops[i], kStops[i + 1], x - static_cast<double>(i));
}

// A diverging scale: a light neutral grey at the centre (t = 0.5, value 0), darkening at the same
// rate towards both ends, with hue `negative_hue` below the centre and `positive_hue` above. The
// two halves are mirror images in lightness and chroma, so −v and v weigh the same.
constexpr double kDivergingCentreL = 90;
constexpr double kDivergingEndL = 40;
constexpr double kDivergingEndChroma = 55;

Lab diverging(double t, double negative_hue, double positive_hue) {
  const double s = 2 * std::clamp(t, 0.0, 1.0) - 1;  // −1 … 1
  const double m = std::abs(s);
  const double l = kDivergingCentreL + (kDivergingEndL - kDivergingCentreL) * m;
  return from_lch(l, kDivergingEndChroma * m, s < 0 ? negative_hue : positive_hue);
}

// Blue–orange: the two hues colour-blind viewers of every common type tell apart. The hues are
// those of ColorBrewer's #2166AC (RdBu's blue end) and #B35806 (PuOr's orange end).
double blue_hue() {
  static const double kHue = hue_of(from_bytes(0x21, 0x66, 0xAC));
  return kHue;
}
double orange_hue() {
  static const double kHue = hue_of(from_bytes(0xB3, 0x58, 0x06));
  return kHue;
}

// The article's role hues, taken from the theme's families so the old look carries over.
double role_hue(TensorRole role) {
  auto hue_of_family = [](const ColorFamily& family) {
    return hue_of({family.high.x, family.high.y, family.high.z});
  };
  static const double kInputHue = hue_of_family(palette::kInput);
  static const double kKernelHue = hue_of_family(palette::kKernel);
  static const double kOutputHue = hue_of_family(palette::kOutput);
  switch (role) {
    case TensorRole::kInput:
      return kInputHue;
    case TensorRole::kKernel:
      return kKernelHue;
    case TensorRole::kOutput:
      return kOutputHue;
  }
  return kInputHue;
}

// The article's sequential scale: the role's hue from deep to bright, as its figures shade cells.
Lab article_sequential(double t, TensorRole role) {
  t = std::clamp(t, 0.0, 1.0);
  return from_lch(24 + 38 * t, 24 + 36 * t, role_hue(role));
}

// The article's diverging scale: the role's hue for positive values, its complement for negative.
Lab article_diverging(double t, TensorRole role) {
  const double hue = role_hue(role);
  return diverging(t, hue + std::numbers::pi, hue);
}

Lab scale_lab(PaletteKind palette, TensorRole role, bool is_signed, double t) {
  if (palette == PaletteKind::kArticle) {
    return is_signed ? article_diverging(t, role) : article_sequential(t, role);
  }
  return is_signed ? diverging(t, blue_hue(), orange_hue()) : cividis(t);
}

ColorLut build_lut(PaletteKind palette, TensorRole role, bool is_signed) {
  ColorLut lut{};
  for (int i = 0; i < kLutSize; ++i) {
    lut[i] = to_u32(lab_to_rgb(scale_lab(palette, role, is_signed, i / double(kLutSize - 1))));
  }
  return lut;
}

int lut_index(PaletteKind palette, TensorRole role, bool is_signed) {
  return (static_cast<int>(palette) * 3 + static_cast<int>(role)) * 2 + (is_signed ? 1 : 0);
}

ImU32 lerp_u32(ImU32 x, ImU32 y, float t) {
  auto channel = [&](int shift) {
    const float a = static_cast<float>((x >> shift) & 0xFF), b = static_cast<float>((y >> shift) & 0xFF);
    return static_cast<ImU32>(std::lround(a + (b - a) * t)) << shift;
  };
  return channel(IM_COL32_R_SHIFT) | channel(IM_COL32_G_SHIFT) | channel(IM_COL32_B_SHIFT) |
         (0xFFu << IM_COL32_A_SHIFT);
}

bool finite(float v) {
  return std::isfinite(v);
}

}  // namespace

ValueRange ValueRange::of(std::span<const float> values) {
  float lo = std::numeric_limits<float>::infinity();
  float hi = -std::numeric_limits<float>::infinity();
  for (float v : values) {
    if (!finite(v)) continue;
    lo = std::min(lo, v);
    hi = std::max(hi, v);
  }
  if (lo > hi) return ValueRange{};  // nothing finite
  if (lo < 0) return symmetric(std::max(-lo, std::abs(hi)));
  return sequential(lo, hi);
}

ValueRange ValueRange::symmetric(float magnitude) {
  if (!finite(magnitude) || magnitude <= 0) magnitude = 1;
  return ValueRange{-magnitude, magnitude, true};
}

ValueRange ValueRange::sequential(float lo, float hi) {
  if (!finite(lo)) lo = 0;
  if (!finite(hi)) hi = lo + 1;
  if (hi < lo) std::swap(lo, hi);
  if (hi - lo <= std::abs(hi) * 1e-6f) {  // one repeated value: show it at the top of [0, v]
    lo = std::min(0.0f, lo);
    hi = std::max(hi, lo + 1);
  }
  return ValueRange{lo, hi, false};
}

ValueRange ValueRange::merged(const ValueRange& other) const {
  if (is_signed || other.is_signed) {
    return symmetric(std::max({std::abs(lo), std::abs(hi), std::abs(other.lo), std::abs(other.hi)}));
  }
  return sequential(std::min(lo, other.lo), std::max(hi, other.hi));
}

float ValueRange::normalize(float value) const {
  if (std::isnan(value)) return value;
  if (std::isinf(value)) return value < 0 ? 0.0f : 1.0f;
  const float span = hi - lo;
  if (!(span > 0)) return 0.5f;
  return std::clamp((value - lo) / span, 0.0f, 1.0f);
}

const ColorLut& scale_lut(PaletteKind palette, TensorRole role, bool is_signed) {
  static const std::array<ColorLut, 12> kLuts = [] {
    std::array<ColorLut, 12> luts{};
    for (PaletteKind p : {PaletteKind::kColorBlindSafe, PaletteKind::kArticle}) {
      for (TensorRole r : {TensorRole::kInput, TensorRole::kKernel, TensorRole::kOutput}) {
        for (bool s : {false, true}) luts[lut_index(p, r, s)] = build_lut(p, r, s);
      }
    }
    return luts;
  }();
  return kLuts[lut_index(palette, role, is_signed)];
}

ImU32 scale_color(PaletteKind palette, TensorRole role, bool is_signed, float t) {
  if (std::isnan(t)) return no_value_color();
  const ColorLut& lut = scale_lut(palette, role, is_signed);
  // Linear interpolation between entries, as the shader's GL_LINEAR lookup does.
  const float x = std::clamp(t, 0.0f, 1.0f) * (kLutSize - 1);
  const int i = std::min(static_cast<int>(x), kLutSize - 2);
  return lerp_u32(lut[i], lut[i + 1], x - static_cast<float>(i));
}

ImU32 cell_color(PaletteKind palette, TensorRole role, float value, const ValueRange& range) {
  return scale_color(palette, role, range.is_signed, range.normalize(value));
}

ImU32 no_value_color() {
  return palette::kEmptyFill;
}

float relative_luminance(ImU32 color) {
  const Rgb c = from_u32(color);
  // WCAG 2 linearises with a 0.03928 threshold; the difference from sRGB's 0.04045 is invisible.
  auto linear = [](double v) { return v <= 0.03928 ? v / 12.92 : std::pow((v + 0.055) / 1.055, 2.4); };
  return static_cast<float>(0.2126 * linear(c.r) + 0.7152 * linear(c.g) + 0.0722 * linear(c.b));
}

float contrast_ratio(ImU32 a, ImU32 b) {
  const float la = relative_luminance(a), lb = relative_luminance(b);
  return (std::max(la, lb) + 0.05f) / (std::min(la, lb) + 0.05f);
}

ImU32 text_color_for(ImU32 background) {
  constexpr ImU32 kWhite = IM_COL32(255, 255, 255, 255);
  constexpr ImU32 kBlack = IM_COL32(0, 0, 0, 255);
  return contrast_ratio(background, kWhite) >= contrast_ratio(background, kBlack) ? kWhite : kBlack;
}

float lightness(ImU32 color) {
  return static_cast<float>(rgb_to_lab(from_u32(color)).l);
}

std::string_view palette_name(PaletteKind palette) {
  switch (palette) {
    case PaletteKind::kColorBlindSafe:
      return "Colour-blind safe";
    case PaletteKind::kArticle:
      return "Article";
  }
  return "?";
}

}  // namespace convstep
