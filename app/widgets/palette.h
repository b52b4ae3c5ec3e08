// Colour scales for tensor cells: which colour a value gets, for the ImDrawList grids and (as a
// 256-entry lookup table) for the heatmap shader, so a cell looks the same in both. Also the text
// colour that keeps a number legible on any cell colour (WCAG contrast).
// Scales are built in CIELAB so lightness follows the value; see palette.cpp for the control points.
#pragma once

#include <array>
#include <span>
#include <string_view>

#include <imgui.h>

namespace convstep {

enum class PaletteKind {
  kColorBlindSafe,  // default: blue–orange diverging, cividis-like sequential; the same for every role
  kArticle,         // the article's look: input blue, kernel green, feature map red
};

enum class TensorRole { kInput, kKernel, kOutput };

// The values a scale spans. A signed range is symmetric (lo = −hi) so 0 sits on the neutral centre
// of the diverging scale; an unsigned range maps lo..hi onto a sequential scale.
struct ValueRange {
  float lo = 0.0f;
  float hi = 1.0f;
  bool is_signed = false;

  // The range of the finite values (NaN and ±inf are ignored). Any negative value makes it signed
  // and symmetric about 0. No finite values gives [0, 1]; a single repeated value v ≥ 0 gives
  // [min(0, v), max(v, lo + 1)] so it still maps onto the scale.
  static ValueRange of(std::span<const float> values);
  // [−magnitude, magnitude], signed; a magnitude ≤ 0 or non-finite becomes 1.
  static ValueRange symmetric(float magnitude);
  // [lo, hi] unsigned (swapped if given in reverse, widened by 1 if empty).
  static ValueRange sequential(float lo, float hi);
  // The union of two ranges (signed if either is), e.g. one scale for all output channels.
  ValueRange merged(const ValueRange& other) const;

  // Position on the scale in [0, 1]: 0 at lo, 1 at hi (0.5 is 0 for a signed range). −inf gives 0,
  // +inf gives 1, NaN stays NaN.
  float normalize(float value) const;
};

constexpr int kLutSize = 256;
using ColorLut = std::array<ImU32, kLutSize>;

// The scale a (palette, role, signedness) uses, as 256 opaque colours; entry i is position i/255.
// The heatmap shader samples exactly this table with linear filtering, like cell_color below.
const ColorLut& scale_lut(PaletteKind palette, TensorRole role, bool is_signed);

// The colour of a position t in [0, 1] on a scale (clamped; NaN gives the "no value" colour).
ImU32 scale_color(PaletteKind palette, TensorRole role, bool is_signed, float t);

// The fill of a cell holding `value`: scale_color at range.normalize(value). NaN (an output not
// computed yet) gives no_value_color(); ±inf the ends of the scale (−inf is max pooling's padding).
ImU32 cell_color(PaletteKind palette, TensorRole role, float value, const ValueRange& range);

// Fill for NaN cells: the theme's empty-cell colour.
ImU32 no_value_color();

// Black or white, whichever contrasts more with `background` (alpha ignored). One of the two always
// reaches at least 4.58:1, above WCAG AA's 4.5:1 for body text.
ImU32 text_color_for(ImU32 background);

// WCAG 2 relative luminance of an sRGB colour (0 black … 1 white) and the contrast ratio of two
// colours (1 … 21).
float relative_luminance(ImU32 color);
float contrast_ratio(ImU32 a, ImU32 b);

// CIELAB lightness L* (0 … 100) of an sRGB colour, for tests and for ordering colours.
float lightness(ImU32 color);

// Display names, e.g. for a palette picker: "Colour-blind safe", "Article".
std::string_view palette_name(PaletteKind palette);

}  // namespace convstep
