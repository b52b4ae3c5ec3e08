// HiDPI: the fonts are rasterized again at a new content scale (sharp text, not a stretched atlas) and
// the theme's sizes follow; the scale comes from GLFW's larger axis within 1..4.
#include <gtest/gtest.h>

#include <imgui.h>

#include <cmath>

#include "app/widgets/theme.h"

namespace convstep {
namespace {

TEST(UiScale, TheLargerAxisWithinOneToFour) {
  EXPECT_FLOAT_EQ(ui_scale_for(1, 1), 1);
  EXPECT_FLOAT_EQ(ui_scale_for(2, 1.5f), 2);
  EXPECT_FLOAT_EQ(ui_scale_for(0.5f, 0.75f), 1);
  EXPECT_FLOAT_EQ(ui_scale_for(9, 9), 4);
  EXPECT_FLOAT_EQ(ui_scale_for(std::nanf(""), 1), 1);
}

TEST(UiScale, RescalingRasterizesTheFontsAgainAtTheNewSize) {
  ImGui::CreateContext();
  ImGuiIO& io = ImGui::GetIO();
  io.IniFilename = nullptr;
  Fonts fonts = load_fonts(io, 1.0f);
  apply_dark_theme(1.0f);
  const float ui = fonts.ui->FontSize, large = fonts.large->FontSize;
  const float padding = ImGui::GetStyle().FramePadding.x;
  unsigned char* pixels = nullptr;
  int width = 0, height = 0;
  io.Fonts->GetTexDataAsRGBA32(&pixels, &width, &height);
  const int small_atlas = width * height;

  rescale_ui(io, &fonts, 2.0f);
  EXPECT_FLOAT_EQ(fonts.ui->FontSize, 2 * ui);
  EXPECT_FLOAT_EQ(fonts.large->FontSize, 2 * large);
  EXPECT_FLOAT_EQ(ImGui::GetStyle().FramePadding.x, 2 * padding);
  EXPECT_EQ(io.Fonts->Fonts.Size, 4) << "the old fonts are gone from the atlas";
  io.Fonts->GetTexDataAsRGBA32(&pixels, &width, &height);
  EXPECT_GT(width * height, 2 * small_atlas) << "the glyphs were rasterized again, larger";
  ImGui::DestroyContext();
}

}  // namespace
}  // namespace convstep
