// The filter playground panel in a headless ImGui frame (no OpenGL: the pictures are placeholders, the
// numbers still come from the engine): it draws with and without an image and with the gallery, asks
// for nothing unprompted, and hover, click and wheel edit only its UI state.
#include "app/panels/playground_panel.h"

#include <gtest/gtest.h>
#include <imgui.h>

#include <array>
#include <filesystem>

#include "core/presets.h"
#include "tests/app/headless_imgui_support.h"

namespace convstep {
namespace {

PlaygroundModel opened(const std::string& name) {
  PlaygroundModel model;
  PlaygroundActions a;
  a.open_image = (std::filesystem::path(images_dir()) / name).string();
  apply_playground_actions(model, a);
  return model;
}

// The three parts the App keeps for the playground: the model, its UI state and its graphics.
struct Playground {
  PlaygroundModel model;
  PlaygroundUi ui;
  PlaygroundGfx gfx;
};

Playground opened_playground(const std::string& name) {
  Playground p;
  p.model = opened(name);
  return p;
}

// A headless ImGui context, as tests/app/app_test.cpp uses: a display size and a built font atlas.
class HeadlessImGui {
 public:
  HeadlessImGui() { test_support::create_headless_imgui(&fonts); }
  ~HeadlessImGui() { ImGui::DestroyContext(); }
  PlaygroundActions frame(Playground& p) {
    ImGui::NewFrame();
    ImGui::SetNextWindowPos(ImVec2(0, 0));
    ImGui::SetNextWindowSize(ImVec2(1280, 800));
    ImGui::Begin("playground");
    PlaygroundActions actions;
    draw_playground_panel(p.model, p.ui, p.gfx, fonts, actions);
    ImGui::End();
    ImGui::Render();
    return actions;
  }
  Fonts fonts;
};

TEST(PlaygroundPanel, DrawsWithoutAnImageWithAnImageAndWithTheGalleryAndAsksForNothing) {
  HeadlessImGui imgui;
  Playground empty;
  for (int i = 0; i < 2; ++i) {
    const PlaygroundActions a = imgui.frame(empty);
    EXPECT_FALSE(a.open_image.has_value());
    EXPECT_TRUE(a.kernel.empty());
  }
  Playground p = opened_playground("digit_3_8x8.png");
  ASSERT_TRUE(p.model.image.has_value()) << p.model.error;
  imgui.frame(p);
  p.ui.view.selection = Region{0, 0, 8, 8};
  for (int i = 0; i < 2; ++i) {
    const PlaygroundActions a = imgui.frame(p);
    EXPECT_FALSE(a.open_in_stepper.has_value());
    EXPECT_TRUE(a.kernel.empty());
  }
  p.ui.show_gallery = true;
  imgui.frame(p);
  EXPECT_EQ(p.gfx.gallery.entries.size(), kernel_presets().size()) << "the gallery is built on demand";
}

TEST(PlaygroundPanel, HoverReadsAPixelAClickSelectsAroundItAndTheWheelZoomsBothViews) {
  HeadlessImGui imgui;
  Playground p = opened_playground("chelsea.png");
  ASSERT_TRUE(p.model.image.has_value()) << p.model.error;
  ImGuiIO& io = ImGui::GetIO();
  // The right-hand (filtered) view: a point well inside it.
  io.MousePos = ImVec2(1000, 300);
  imgui.frame(p);
  imgui.frame(p);
  ASSERT_TRUE(p.ui.view.hover.has_value()) << "no pixel under (1000, 300)";
  const auto [y, x] = *p.ui.view.hover;
  EXPECT_EQ(p.gfx.readout_for,
            (std::array<uint64_t, 3>{p.model.generation, static_cast<uint64_t>(y), static_cast<uint64_t>(x)}))
      << "the hovered pixel's filtered values are cached in the graphics, not the model";
  io.MouseDown[0] = true;
  imgui.frame(p);
  io.MouseDown[0] = false;
  imgui.frame(p);
  ASSERT_TRUE(p.ui.view.selection.has_value());
  const Region& r = *p.ui.view.selection;
  EXPECT_EQ(r.h, 8);
  EXPECT_EQ(r.w, 8);
  EXPECT_TRUE(r.y <= y && y < r.y + r.h && r.x <= x && x < r.x + r.w);
  // With a selection, the stepper button gives the region's scene.
  Result<Scene> scene = playground_region_scene(p.model, r, true);
  ASSERT_TRUE(scene.ok()) << scene.message();
  EXPECT_EQ(scene->input.at({0, 1, 1}), p.model.tensor.at({0, r.y, r.x}));

  EXPECT_EQ(p.ui.view.zoom, 0.0f);  // fit
  io.MouseWheel = 1;
  imgui.frame(p);
  io.MouseWheel = 0;
  EXPECT_GT(p.ui.view.zoom, 0.0f);
  // The pixel under the cursor stays put while zooming.
  imgui.frame(p);
  ASSERT_TRUE(p.ui.view.hover.has_value());
  EXPECT_NEAR(static_cast<double>((*p.ui.view.hover)[0]), static_cast<double>(y), 1.0);
  EXPECT_NEAR(static_cast<double>((*p.ui.view.hover)[1]), static_cast<double>(x), 1.0);
}

TEST(PlaygroundPanel, ANewlyOpenedImageIsFittedAgainAndKeepsTheClickSize) {
  HeadlessImGui imgui;
  Playground p = opened_playground("chelsea.png");
  imgui.frame(p);
  p.ui.view.zoom = 4;
  p.ui.view.selection = Region{1, 1, 4, 4};
  p.ui.view.selection_size = 4;
  imgui.frame(p);
  EXPECT_EQ(p.ui.view.zoom, 4.0f) << "drawing alone keeps the view";
  PlaygroundActions open;
  open.open_image = (std::filesystem::path(images_dir()) / "camera.png").string();
  apply_playground_actions(p.model, open);
  imgui.frame(p);
  EXPECT_EQ(p.ui.view.zoom, 0.0f);
  EXPECT_FALSE(p.ui.view.selection.has_value());
  EXPECT_EQ(p.ui.view.selection_size, 4);
}

}  // namespace
}  // namespace convstep
