// Shortening walks back over UTF-8 continuation bytes, so "…" never lands inside a multi-byte sign
// (× − ∗ are common in titles).
#include "app/widgets/text_fit.h"

#include <imgui.h>

namespace convstep {
namespace {

constexpr const char* kEllipsis = "\xE2\x80\xA6";

bool fits(const std::string& text, float width) {
  return ImGui::CalcTextSize(text.c_str()).x <= width;
}

}  // namespace

std::string fit_one_line(const std::string& text, float width) {
  if (fits(text, width)) return text;
  std::string cut = text;
  while (!cut.empty() && !fits(cut + kEllipsis, width)) {
    cut.pop_back();
    while (!cut.empty() && (static_cast<unsigned char>(cut.back()) & 0xC0) == 0x80) cut.pop_back();
    if (!cut.empty() && (static_cast<unsigned char>(cut.back()) & 0xC0) == 0xC0) cut.pop_back();
  }
  while (!cut.empty() && cut.back() == ' ') cut.pop_back();
  return cut + kEllipsis;
}

bool text_one_line(const std::string& text, float width) {
  const std::string shown = fit_one_line(text, width);
  ImGui::TextUnformatted(shown.c_str());
  const bool cut = shown != text;
  if (cut && ImGui::IsItemHovered()) ImGui::SetTooltip("%s", text.c_str());
  return cut;
}

}  // namespace convstep
