// The legend's bar is a row of short gradient strips sampled from the same scale as the cells, so
// it matches them exactly; tick labels are kept inside the bar's span so they never collide with
// neighbouring widgets.
#include "app/widgets/legend.h"

#include <algorithm>
#include <cmath>
#include <cstdio>

#include "app/widgets/theme.h"

namespace convstep {
namespace {

constexpr float kBarHeight = 14;
constexpr float kTickLength = 4;
constexpr float kTitleGap = 10;
constexpr int kStrips = 64;

float title_width(const LegendSpec& spec, ImFont* font) {
  if (spec.title.empty()) return 0;
  return font->CalcTextSizeA(font->FontSize, FLT_MAX, 0, spec.title.c_str()).x + kTitleGap;
}

}  // namespace

std::string legend_tick_label(float value) {
  if (std::isnan(value)) return "NaN";
  if (std::isinf(value)) return value < 0 ? "\u2212\u221e" : "\u221e";
  if (value == 0) return "0";
  char text[32];
  const double magnitude = std::abs(static_cast<double>(value));
  // Whole numbers up to a million read better than 1.23e+03 (pixel sums, image values).
  std::snprintf(text, sizeof text, magnitude >= 1000 && magnitude < 1e6 ? "%.0f" : "%.3g", magnitude);
  return (value < 0 ? std::string("\u2212") : std::string()) + text;
}

ImVec2 legend_extent(const LegendSpec& spec, float bar_width, ImFont* font) {
  return ImVec2(title_width(spec, font) + bar_width, kBarHeight + kTickLength + 2 + font->FontSize);
}

void draw_legend(ImDrawList* draw, ImVec2 origin, float bar_width, const LegendSpec& spec, ImFont* font) {
  if (!(bar_width > 0)) return;
  const float size = font->FontSize;
  if (!spec.title.empty()) {
    draw->AddText(font, size, ImVec2(origin.x, origin.y + (kBarHeight - size) * 0.5f), palette::kDimText,
                  spec.title.c_str());
  }
  const float left = origin.x + title_width(spec, font);
  const float right = left + bar_width;
  const float top = origin.y, bottom = origin.y + kBarHeight;

  for (int i = 0; i < kStrips; ++i) {
    const float t0 = static_cast<float>(i) / kStrips, t1 = static_cast<float>(i + 1) / kStrips;
    const ImU32 c0 = scale_color(spec.palette, spec.role, spec.range.is_signed, t0);
    const ImU32 c1 = scale_color(spec.palette, spec.role, spec.range.is_signed, t1);
    draw->AddRectFilledMultiColor(ImVec2(left + bar_width * t0, top), ImVec2(left + bar_width * t1, bottom),
                                  c0, c1, c1, c0);
  }
  draw->AddRect(ImVec2(left - 1, top - 1), ImVec2(right + 1, bottom + 1), palette::kEmptyBorder);

  auto tick = [&](float value) {
    const float x = left + bar_width * spec.range.normalize(value);
    draw->AddLine(ImVec2(x, bottom), ImVec2(x, bottom + kTickLength), palette::kDimText);
    const std::string label = legend_tick_label(value);
    const float w = font->CalcTextSizeA(size, FLT_MAX, 0, label.c_str()).x;
    const float text_x = std::clamp(x - w * 0.5f, left, std::max(left, right - w));
    draw->AddText(font, size, ImVec2(text_x, bottom + kTickLength + 2), palette::kDimText, label.c_str());
  };
  tick(spec.range.lo);
  tick(spec.range.hi);
  // 0 only where it does not crowd the ends (it always does for a range starting at 0).
  const float zero = spec.range.normalize(0.0f);
  if (spec.range.lo < 0 && spec.range.hi > 0 && zero > 0.2f && zero < 0.8f) tick(0.0f);
}

}  // namespace convstep
