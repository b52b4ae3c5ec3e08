// The filter playground's model without a window: every change goes through apply_playground_actions,
// a bad file or an impossible kernel keeps the model and says why, a region becomes a stepper Scene with
// the photo's values at the right coordinates, and the PyTorch lines match the filter.
#include "core/playground.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <filesystem>
#include <fstream>

#include "core/ops.h"
#include "core/presets.h"

namespace convstep {
namespace {

namespace fs = std::filesystem;

std::string sample(const std::string& name) {
  return (fs::path(images_dir()) / name).string();
}

PlaygroundModel opened(const std::string& name) {
  PlaygroundModel state;
  PlaygroundActions a;
  a.open_image = sample(name);
  apply_playground_actions(state, a);
  return state;
}

std::string temp_path(const std::string& name) {
  return (fs::temp_directory_path() / ("convstep_playground_" + name)).string();
}

TEST(Playground, OpensASampleImageAsThreeChannelsOfByteValues) {
  const PlaygroundModel state = opened("chelsea.png");
  ASSERT_TRUE(state.image.has_value()) << state.error;
  EXPECT_EQ(state.image->name, "chelsea.png");
  EXPECT_EQ(state.tensor.shape(), (Shape{3, 300, 451}));
  EXPECT_EQ(state.tensor.at({0, 0, 0}), static_cast<float>(state.image->working.at(0, 0, 0)));
  EXPECT_TRUE(state.error.empty());
  EXPECT_NE(state.message.find("chelsea.png"), std::string::npos) << state.message;
}

TEST(Playground, TheSampleListFindsTheShippedImages) {
  const std::vector<std::string> samples = sample_images();
  ASSERT_GE(samples.size(), 3u);
  const auto has = [&](const std::string& name) {
    return std::any_of(samples.begin(), samples.end(),
                       [&](const std::string& p) { return fs::path(p).filename() == name; });
  };
  EXPECT_TRUE(has("chelsea.png"));
  EXPECT_TRUE(has("camera.png"));
  EXPECT_FALSE(has("ATTRIBUTION.md"));
}

TEST(Playground, AGreyscaleFileOpensAsOneLuminanceChannel) {
  const PlaygroundModel state = opened("camera.png");
  ASSERT_TRUE(state.image.has_value()) << state.error;
  EXPECT_EQ(state.color_mode, ColorMode::kLuminance601);
  EXPECT_EQ(state.tensor.shape(), (Shape{1, 512, 512}));
}

TEST(Playground, ABadFileKeepsTheImageAndSaysWhichFileAndWhy) {
  PlaygroundModel state = opened("chelsea.png");
  const uint64_t generation = state.generation;
  const std::string path = temp_path("not_an_image.png");
  std::ofstream(path) << "this is text, not pixels";
  PlaygroundActions a;
  a.open_image = path;
  apply_playground_actions(state, a);
  ASSERT_TRUE(state.image.has_value());
  EXPECT_EQ(state.image->name, "chelsea.png");
  EXPECT_EQ(state.generation, generation);
  EXPECT_NE(state.error.find("not_an_image.png"), std::string::npos) << state.error;
  PlaygroundActions missing;
  missing.open_image = temp_path("does_not_exist.png");
  apply_playground_actions(state, missing);
  EXPECT_NE(state.error.find("does_not_exist.png"), std::string::npos) << state.error;
  EXPECT_EQ(state.image->name, "chelsea.png");
  std::remove(path.c_str());
}

TEST(Playground, ColourAndValueRangeChangesRebuildTheTensor) {
  PlaygroundModel state = opened("chelsea.png");
  PlaygroundActions a;
  a.color_mode = ColorMode::kLuminance709;
  a.value_range = PixelScale::k0To1;
  apply_playground_actions(state, a);
  ASSERT_EQ(state.tensor.shape(), (Shape{1, 300, 451}));
  const Image& image = state.image->working;
  const float expected =
      (0.2126f * image.at(5, 7, 0) + 0.7152f * image.at(5, 7, 1) + 0.0722f * image.at(5, 7, 2)) / 255;
  EXPECT_NEAR(state.tensor.at({0, 5, 7}), expected, 1e-5);
  EXPECT_EQ(playground_display(state).value_max, 1.0f);
}

TEST(Playground, KernelCellEditsSizeChangesAndPresetsGoThroughTheActions) {
  PlaygroundModel state = opened("chelsea.png");
  uint64_t generation = state.generation;
  PlaygroundActions cell;
  cell.kernel.cells.push_back({0, 2, 7.5f});
  apply_playground_actions(state, cell);
  EXPECT_EQ(state.filter.kernel.at({0, 2}), 7.5f);
  EXPECT_GT(state.generation, generation);

  PlaygroundActions preset;
  preset.kernel.preset = "identity";
  apply_playground_actions(state, preset);
  EXPECT_EQ(state.filter.kernel, find_kernel_preset("identity")->kernel);
  EXPECT_EQ(state.display_mode, DisplayMode::kClamp);

  // Growing keeps the values centred: the identity stays the identity, now 5×4.
  PlaygroundActions grow;
  grow.kernel.kernel_size = Dims{5, 4};
  apply_playground_actions(state, grow);
  ASSERT_EQ(state.filter.kernel.shape(), (Shape{5, 4}));
  EXPECT_EQ(state.filter.kernel.at({2, 1}), 1.0f);

  PlaygroundActions edge;
  edge.kernel.preset = "edge-detection-3";
  apply_playground_actions(state, edge);
  EXPECT_EQ(state.display_mode, DisplayMode::kSigned) << "negative edges must be visible";

  PlaygroundActions flip;
  flip.kernel.orientation = KernelOrientation::kConvolution;
  generation = state.generation;
  apply_playground_actions(state, flip);
  EXPECT_EQ(state.filter.orientation, KernelOrientation::kConvolution);
  EXPECT_GT(state.generation, generation);
}

TEST(Playground, InvalidKernelChangesKeepTheKernelAndExplain) {
  PlaygroundModel state = opened("chelsea.png");
  const Tensor before = state.filter.kernel;

  PlaygroundActions too_big;
  too_big.kernel.kernel_size = Dims{16, 3};
  apply_playground_actions(state, too_big);
  EXPECT_EQ(state.filter.kernel, before);
  EXPECT_NE(state.error.find("16"), std::string::npos) << state.error;

  PlaygroundActions normalize_edges;
  normalize_edges.kernel.preset = "edge-detection-3";
  normalize_edges.kernel.normalize = true;
  apply_playground_actions(state, normalize_edges);
  EXPECT_EQ(state.filter.kernel, before);
  EXPECT_NE(state.error.find("sum to 0"), std::string::npos) << state.error;

  PlaygroundActions outside;
  outside.kernel.cells.push_back({3, 0, 1.0f});
  apply_playground_actions(state, outside);
  EXPECT_EQ(state.filter.kernel, before);
  EXPECT_FALSE(state.error.empty());

  PlaygroundActions blur;
  blur.kernel.preset = "box-blur";
  blur.kernel.normalize = true;
  apply_playground_actions(state, blur);
  EXPECT_TRUE(state.error.empty()) << state.error;
  EXPECT_NEAR(state.filter.kernel.at({1, 1}), 1.0f / 9, 1e-6);
}

TEST(Playground, AKernelTooLargeForATinyImageWithReflectPaddingIsRefused) {
  // A 4×3 image: reflect padding of 4 (a 9×9 kernel) would need at least 5 rows.
  const std::string path = temp_path("tiny.png");
  Tensor tiny({3, 3, 4}, 100.0f);
  ASSERT_TRUE(write_png(path, tiny, 255.0f).ok());
  PlaygroundModel state;
  ASSERT_TRUE(open_playground_image(state, path)) << state.error;
  PlaygroundActions a;
  a.padding_mode = PaddingMode::kReflect;
  a.kernel.kernel_size = Dims{9, 9};
  apply_playground_actions(state, a);
  EXPECT_EQ(state.filter.kernel.shape(), (Shape{3, 3}));
  EXPECT_EQ(state.filter.padding_mode, PaddingMode::kZeros);
  EXPECT_NE(state.error.find("reflect"), std::string::npos) << state.error;
  EXPECT_NE(state.error.find("tiny.png"), std::string::npos) << state.error;
  std::remove(path.c_str());
}

TEST(Playground, ARegionBecomesAStepperSceneWithThePhotosValuesAtTheRightCoordinates) {
  const PlaygroundModel state = opened("chelsea.png");
  const Region region{40, 100, 8, 8};
  Result<Scene> with = playground_region_scene(state, region, true);
  ASSERT_TRUE(with.ok()) << with.message();
  // A 3×3 kernel: the input is the region grown by one pixel each side.
  ASSERT_EQ(with->input.shape(), (Shape{3, 10, 10}));
  for (int64_t c = 0; c < 3; ++c) {
    EXPECT_EQ(with->input.at({c, 0, 0}), state.tensor.at({c, 39, 99}));
    EXPECT_EQ(with->input.at({c, 1, 1}), state.tensor.at({c, 40, 100}));
    EXPECT_EQ(with->input.at({c, 9, 9}), state.tensor.at({c, 48, 108}));
  }
  Result<Tensor> stepped = run(*with);
  Result<Tensor> whole = apply_filter(state.tensor, state.filter);
  ASSERT_TRUE(stepped.ok() && whole.ok());
  for (int64_t i = 0; i < 8; ++i) {
    EXPECT_EQ(stepped->at({1, i, 7 - i}), whole->at({1, 40 + i, 107 - i}));
  }
  Result<Scene> alone = playground_region_scene(state, region, false);
  ASSERT_TRUE(alone.ok()) << alone.message();
  ASSERT_EQ(alone->input.shape(), (Shape{3, 8, 8}));
  EXPECT_EQ(alone->input.at({2, 3, 5}), state.tensor.at({2, 43, 105}));
  Result<Scene> large = playground_region_scene(state, Region{0, 0, 17, 4}, true);
  ASSERT_FALSE(large.ok());
  EXPECT_NE(large.message().find("16"), std::string::npos) << large.message();
}

TEST(Playground, TheHoveredFilteredValueIsTheEnginesValueAtThatPixel) {
  PlaygroundModel state = opened("chelsea.png");
  PlaygroundActions edge;
  edge.kernel.preset = "edge-detection-2";
  edge.padding_mode = PaddingMode::kReplicate;
  apply_playground_actions(state, edge);
  Result<Tensor> whole = apply_filter(state.tensor, state.filter);
  ASSERT_TRUE(whole.ok());
  for (auto [c, y, x] : {std::array<int64_t, 3>{0, 0, 0}, {2, 299, 450}, {1, 150, 200}}) {
    Result<float> v = filtered_value_at(state, c, y, x);
    ASSERT_TRUE(v.ok()) << v.message();
    EXPECT_EQ(*v, whole->at({c, y, x}));
  }
}

TEST(Playground, ExportWritesTheFilteredImageAtTheOriginalSize) {
  PlaygroundModel state = opened("chelsea.png");
  const std::string path = temp_path("export.png");
  PlaygroundActions a;
  a.export_png = path;
  apply_playground_actions(state, a);
  ASSERT_TRUE(state.error.empty()) << state.error;
  Result<Image> written = load_image(path);
  ASSERT_TRUE(written.ok()) << written.message();
  EXPECT_EQ(written->width, 451);
  EXPECT_EQ(written->height, 300);
  Result<Image> expected = playground_display_image(state, state.tensor);
  ASSERT_TRUE(expected.ok());
  EXPECT_EQ(written->pixels, expected->pixels);
  PlaygroundActions bad;
  bad.export_png = "/nonexistent-folder/x.png";
  apply_playground_actions(state, bad);
  EXPECT_FALSE(state.error.empty());
  std::remove(path.c_str());
}

TEST(Playground, ThePyTorchLinesPadAsSameDoesAndFlipForTrueConvolution) {
  PlaygroundModel state = opened("chelsea.png");
  PlaygroundActions a;
  a.padding_mode = PaddingMode::kReflect;
  a.kernel.kernel_size = Dims{2, 4};
  a.kernel.orientation = KernelOrientation::kConvolution;
  apply_playground_actions(state, a);
  ASSERT_TRUE(state.error.empty()) << state.error;
  const std::vector<std::string> lines = playground_pytorch(state);
  ASSERT_GE(lines.size(), 6u);
  // Checked once by hand with torch 1.13 against filtered_value_at.
  EXPECT_EQ(lines.back(), "y = F.conv2d(F.pad(x[None], (1, 2, 0, 1), mode='reflect'), w, groups=3)[0]");
  EXPECT_NE(
      std::find(lines.begin(), lines.end(), "w = k.expand(3, 1, 2, 4)  # the same kernel for every channel"),
      lines.end());
  EXPECT_NE(std::find_if(lines.begin(), lines.end(),
                         [](const std::string& l) { return l.rfind("k = torch.flip(k, [0, 1])", 0) == 0; }),
            lines.end());
  PlaygroundActions zeros;
  zeros.padding_mode = PaddingMode::kZeros;
  apply_playground_actions(state, zeros);
  EXPECT_EQ(playground_pytorch(state).back(), "y = F.conv2d(x[None], w, padding='same', groups=3)[0]");
}

TEST(Playground, OpeningAnImageCountsAsAnOpenSoViewsFitItAgain) {
  PlaygroundModel model = opened("chelsea.png");
  EXPECT_EQ(model.opened, 1u);
  PlaygroundActions again;
  again.open_image = sample("camera.png");
  apply_playground_actions(model, again);
  EXPECT_EQ(model.opened, 2u);
  PlaygroundActions colour;
  colour.color_mode = ColorMode::kLuminance709;
  apply_playground_actions(model, colour);
  EXPECT_EQ(model.opened, 2u) << "a colour change is not a new image";
}

TEST(Playground, AResizedKernelKeepsItsValuesCentred) {
  Tensor identity({3, 3}, 0.0f);
  identity.at({1, 1}) = 1;
  const Tensor grown = resized_kernel(identity, Dims{5, 5});
  ASSERT_EQ(grown.shape(), (Shape{5, 5}));
  EXPECT_EQ(grown.at({2, 2}), 1.0f);
  float sum = 0;
  for (float v : grown.values()) sum += v;
  EXPECT_EQ(sum, 1.0f);
  const Tensor shrunk = resized_kernel(grown, Dims{1, 1});
  EXPECT_EQ(shrunk.at({0, 0}), 1.0f);
}

}  // namespace
}  // namespace convstep
