// The filters gallery: every preset applied to the same image, with its name, matrix and thumbnail,
// and the display mode each kernel is best shown in.
#include "core/gallery.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <filesystem>

#include "core/playground.h"
#include "core/presets.h"

namespace convstep {
namespace {

PlaygroundModel opened(const std::string& name) {
  PlaygroundModel model;
  PlaygroundActions a;
  a.open_image = (std::filesystem::path(images_dir()) / name).string();
  apply_playground_actions(model, a);
  return model;
}

TEST(Gallery, BuildsEveryPresetWithItsNameMatrixAndThumbnail) {
  const PlaygroundModel state = opened("chelsea.png");
  Result<std::vector<GalleryEntry>> gallery =
      build_gallery(state.tensor, PaddingMode::kZeros, KernelOrientation::kCrossCorrelation, 255.0f);
  ASSERT_TRUE(gallery.ok()) << gallery.message();
  ASSERT_EQ(gallery->size(), kernel_presets().size());
  for (size_t i = 0; i < gallery->size(); ++i) {
    const GalleryEntry& entry = (*gallery)[i];
    EXPECT_EQ(entry.name, kernel_presets()[i].name);
    EXPECT_EQ(entry.kernel, kernel_presets()[i].kernel);
    EXPECT_EQ(entry.image.width, kGalleryThumbnailSide);
    EXPECT_EQ(entry.image.height, 106);  // 300 × 160 / 451, rounded
  }
  // Identity on the thumbnail shows the thumbnail itself; sharpen does not.
  const Image& identity = (*gallery)[0].image;
  const Tensor small = resize_area(state.tensor, 106, 160);
  EXPECT_EQ(identity.at(50, 80, 1),
            static_cast<uint8_t>(std::lround(std::clamp(small.at({1, 50, 80}), 0.0f, 255.0f))));
}

TEST(Gallery, KernelsSummingToZeroAreShownSignedAndOthersClamped) {
  EXPECT_EQ(suggested_display_mode(find_kernel_preset("edge-detection-3")->kernel), DisplayMode::kSigned);
  EXPECT_EQ(suggested_display_mode(find_kernel_preset("sharpen")->kernel), DisplayMode::kClamp);
  EXPECT_EQ(suggested_display_mode(Tensor({3, 3}, 0.0f)), DisplayMode::kClamp) << "an all-zero kernel";
}

TEST(Gallery, AnImageThatIsNotCHWIsRefusedWithItsShape) {
  Result<std::vector<GalleryEntry>> gallery =
      build_gallery(Tensor({4, 4}, 1.0f), PaddingMode::kZeros, KernelOrientation::kCrossCorrelation, 255.0f);
  ASSERT_FALSE(gallery.ok());
  EXPECT_NE(gallery.message().find("[4, 4]"), std::string::npos) << gallery.message();
}

}  // namespace
}  // namespace convstep
