// Tests for core/filtering: depthwise filtering checked against PyTorch's numbers (Conv2d with
// padding='same' in every padding_mode, odd, even and non-square kernels), true convolution vs
// cross-correlation, kernel normalization, the display modes on known values, and a region of an image
// as a Scene the stepper can walk.
#include "core/filtering.h"

#include <gtest/gtest.h>

#include <cmath>
#include <string>
#include <vector>

#include "core/ops.h"
#include "core/presets.h"
#include "core/stepper.h"

namespace convstep {
namespace {

bool contains(const std::string& text, const std::string& part) {
  return text.find(part) != std::string::npos;
}

// x = torch.arange(20.).reshape(1, 1, 4, 5); x = x * x % 7
Tensor pytorch_input() {
  return Tensor({1, 4, 5}, {0, 1, 4, 2, 2, 4, 1, 0, 1, 4, 2, 2, 4, 1, 0, 1, 4, 2, 2, 4});
}

Tensor kernel_3x3() {
  return Tensor({3, 3}, {1, 2, 0, -1, 0.5f, 3, 0, -2, 1});
}

void expect_values(const Tensor& actual, const std::vector<float>& expected) {
  ASSERT_EQ(actual.numel(), static_cast<int64_t>(expected.size()));
  for (size_t i = 0; i < expected.size(); ++i) EXPECT_FLOAT_EQ(actual.data()[i], expected[i]) << "at " << i;
}

Tensor filtered(const Tensor& image, const Tensor& kernel, PaddingMode mode = PaddingMode::kZeros,
                KernelOrientation orientation = KernelOrientation::kCrossCorrelation) {
  Result<Tensor> out = apply_filter(image, FilterSettings{kernel, mode, orientation});
  EXPECT_TRUE(out.ok()) << out.message();
  return out.ok() ? *out : Tensor();
}

// Expected values printed by torch 1.13: nn.Conv2d(1, 1, k, padding='same', padding_mode=mode, bias=False).
TEST(Filtering, MatchesPytorchSamePaddingInEveryPaddingMode) {
  const Tensor x = pytorch_input();
  expect_values(filtered(x, kernel_3x3(), PaddingMode::kZeros),
                {-4, 10.5, 8, 5, -9, 3, -1.5, 4, 18.5, 7, 17, 11, 2, -1.5, 0, 16.5, 13, 13, 17, 1});
  expect_values(filtered(x, kernel_3x3(), PaddingMode::kReflect),
                {4, 16.5, 9, 7, 7, 3, -1.5, 4, 18.5, 11, 16, 11, 2, -1.5, 5, 12.5, 13, 6, 15, 8});
  expect_values(filtered(x, kernel_3x3(), PaddingMode::kReplicate),
                {-4, 12.5, 17, 13, 7, -1, -1.5, 4, 18.5, 19, 19, 11, 2, -1.5, 4, 19.5, 7, 11, 17, 9});
  expect_values(filtered(x, kernel_3x3(), PaddingMode::kCircular),
                {0, 19.5, 16, 11, 5, 1, -1.5, 4, 18.5, 21, 21, 11, 2, -1.5, 7, 13.5, 15, 7, 15, 0});
}

TEST(Filtering, EvenAndNonSquareKernelsMatchPytorchSamePadding) {
  const Tensor x = pytorch_input();
  expect_values(filtered(x, Tensor({2, 2}, {1, 2, 3, 4})),
                {18, 12, 12, 25, 14, 20, 23, 18, 12, 4, 25, 30, 20, 23, 12, 9, 8, 6, 10, 4});
  const Tensor k23({2, 3}, {1, -1, 2, 0.5f, 3, -2});
  expect_values(filtered(x, k23),
                {12, 12, -0.5, 1, 12.5, 0, 2, 14, 12, -2.5, -3, 16.5, 4, 2, 14, 7, 1, 6, 8, -2});
  expect_values(filtered(x, k23, PaddingMode::kReplicate),
                {14, 12, -0.5, 1, 8.5, 5, 2, 14, 12, 5.5, -0.5, 16.5, 4, 2, 6, 3.5, 9.5, 10, 7, 11});
}

// 'same' with an even kernel pads (k-1)//2 = 0 before and 1 after: the kernel's top-left tap sits on
// the output pixel, so a kernel that picks the top-left tap returns the image, and one that picks the
// bottom-right tap shifts it up and left.
TEST(Filtering, EvenKernelsPutTheExtraPaddingBottomRight) {
  const Tensor x = pytorch_input();
  EXPECT_EQ(filtered(x, Tensor({2, 2}, {1, 0, 0, 0})), x);
  const Tensor shifted = filtered(x, Tensor({2, 2}, {0, 0, 0, 1}));
  EXPECT_EQ(shifted.at({0, 0, 0}), x.at({0, 1, 1}));
  EXPECT_EQ(shifted.at({0, 2, 3}), x.at({0, 3, 4}));
  EXPECT_EQ(shifted.at({0, 3, 2}), 0.0f);  // reads the bottom padding row
}

TEST(Filtering, EveryKernelSizeKeepsTheImageSize) {
  Tensor image({3, 16, 17}, 1.0f);
  for (int64_t kh = 1; kh <= 15; kh += 1) {
    for (int64_t kw : {int64_t{1}, int64_t{2}, int64_t{7}, int64_t{15}}) {
      for (PaddingMode mode :
           {PaddingMode::kZeros, PaddingMode::kReflect, PaddingMode::kReplicate, PaddingMode::kCircular}) {
        Result<Tensor> out = apply_filter(image, FilterSettings{Tensor({kh, kw}, 1.0f), mode});
        ASSERT_TRUE(out.ok()) << kh << "x" << kw << " " << padding_mode_name(mode) << ": " << out.message();
        EXPECT_EQ(out->shape(), image.shape());
      }
    }
  }
}

TEST(Filtering, EachChannelIsFilteredOnItsOwnWithTheSameKernel) {
  Tensor rgb({3, 4, 5});
  for (int64_t i = 0; i < rgb.numel(); ++i) rgb.data()[i] = static_cast<float>((i * 7) % 11) - 3.0f;
  const Tensor all = filtered(rgb, kernel_3x3(), PaddingMode::kReflect);
  for (int64_t c = 0; c < 3; ++c) {
    Tensor channel({1, 4, 5});
    std::copy_n(rgb.data() + c * 20, 20, channel.data());
    const Tensor alone = filtered(channel, kernel_3x3(), PaddingMode::kReflect);
    for (int64_t i = 0; i < 20; ++i) EXPECT_EQ(all.data()[c * 20 + i], alone.data()[i]);
  }
}

TEST(Filtering, FilterSceneIsADepthwiseConv2d) {
  Result<Scene> scene =
      filter_scene(Tensor({3, 6, 6}), FilterSettings{kernel_3x3(), PaddingMode::kReplicate});
  ASSERT_TRUE(scene.ok()) << scene.message();
  EXPECT_EQ(scene->params.op, Op::kConv2d);
  EXPECT_EQ(scene->params.groups, 3);
  EXPECT_EQ(scene->params.padding_kind, PaddingKind::kSame);
  EXPECT_EQ(scene->params.padding_mode, PaddingMode::kReplicate);
  EXPECT_EQ(scene->weight.shape(), (Shape{3, 1, 3, 3}));
  EXPECT_FALSE(scene->bias.has_value());
  for (int64_t c = 0; c < 3; ++c) EXPECT_EQ(scene->weight.at({c, 0, 1, 2}), 3.0f);
}

TEST(Filtering, BadKernelsAndImagesAreExplained) {
  Result<Tensor> flat = apply_filter(Tensor({1, 4, 4}), FilterSettings{Tensor({9}, 1.0f)});
  ASSERT_FALSE(flat.ok());
  EXPECT_TRUE(contains(flat.message(), "2-D (kH, kW)")) << flat.message();
  EXPECT_FALSE(apply_filter(Tensor({4, 4}), FilterSettings{kernel_3x3()}).ok());
  // Reflection cannot mirror 2 cells of a 2-pixel-wide image.
  Result<Tensor> reflect =
      apply_filter(Tensor({1, 8, 2}), FilterSettings{Tensor({5, 5}, 1.0f), PaddingMode::kReflect});
  ASSERT_FALSE(reflect.ok());
  EXPECT_TRUE(contains(reflect.message(), "reflect")) << reflect.message();
}

// ---- Cross-correlation and true convolution ----

TEST(Filtering, FlipRotatesTheKernelByHalfATurn) {
  const Tensor flipped = flip_kernel(Tensor({2, 3}, {1, 2, 3, 4, 5, 6}));
  EXPECT_EQ(flipped, Tensor({2, 3}, {6, 5, 4, 3, 2, 1}));
  EXPECT_EQ(flip_kernel(flipped), Tensor({2, 3}, {1, 2, 3, 4, 5, 6}));
}

TEST(Filtering, TrueConvolutionIsCrossCorrelationWithTheFlippedKernel) {
  const Tensor x = pytorch_input();
  for (PaddingMode mode : {PaddingMode::kZeros, PaddingMode::kReflect, PaddingMode::kCircular}) {
    const Tensor convolved = filtered(x, kernel_3x3(), mode, KernelOrientation::kConvolution);
    EXPECT_EQ(convolved, filtered(x, flip_kernel(kernel_3x3()), mode));
    EXPECT_NE(convolved, filtered(x, kernel_3x3(), mode));  // this kernel is not symmetric
  }
}

TEST(Filtering, SymmetricKernelsGiveTheSameResultBothWays) {
  const Tensor x = pytorch_input();
  for (const char* id : {"gaussian-blur-3x3", "gaussian-blur-5x5", "box-blur", "sharpen"}) {
    const KernelPreset* preset = find_kernel_preset(id);
    ASSERT_NE(preset, nullptr) << id;
    EXPECT_EQ(filtered(x, preset->kernel, PaddingMode::kZeros, KernelOrientation::kConvolution),
              filtered(x, preset->kernel))
        << id;
  }
}

TEST(Filtering, OrientationsExplainThemselvesInOneLine) {
  const std::string cross = kernel_orientation_explanation(KernelOrientation::kCrossCorrelation);
  const std::string conv = kernel_orientation_explanation(KernelOrientation::kConvolution);
  EXPECT_TRUE(contains(cross, "PyTorch"));
  EXPECT_TRUE(contains(conv, "flipped"));
  EXPECT_FALSE(contains(cross + conv, "\n"));
  EXPECT_STREQ(kernel_orientation_name(KernelOrientation::kConvolution), "convolution");
}

// ---- Normalization ----

TEST(Filtering, NormalizeMakesTheKernelSumToOne) {
  Result<Tensor> box = normalize_kernel(Tensor({3, 3}, 1.0f));
  ASSERT_TRUE(box.ok()) << box.message();
  for (float v : box->values()) EXPECT_EQ(v, 1.0f / 9.0f);
  Result<Tensor> gauss = normalize_kernel(Tensor({1, 3}, {1, 2, 1}));
  ASSERT_TRUE(gauss.ok());
  EXPECT_EQ(*gauss, Tensor({1, 3}, {0.25f, 0.5f, 0.25f}));
  // A negative sum flips the signs: the result still sums to 1.
  Result<Tensor> negative = normalize_kernel(Tensor({1, 2}, {-3, 1}));
  ASSERT_TRUE(negative.ok());
  EXPECT_EQ(*negative, Tensor({1, 2}, {1.5f, -0.5f}));
}

TEST(Filtering, NormalizingAKernelThatSumsToZeroIsAnError) {
  const KernelPreset* edges = find_kernel_preset("edge-detection-2");
  ASSERT_NE(edges, nullptr);
  Result<Tensor> zero = normalize_kernel(edges->kernel);
  ASSERT_FALSE(zero.ok());
  EXPECT_TRUE(contains(zero.message(), "sum to 0")) << zero.message();
  // Only rounding noise away from 0: still nothing to divide by.
  EXPECT_FALSE(normalize_kernel(Tensor({1, 3}, {0.1f, 0.2f, -0.3f})).ok());
  EXPECT_FALSE(normalize_kernel(Tensor({1, 2}, {1.0f, std::nanf("")})).ok());
  EXPECT_FALSE(normalize_kernel(Tensor({4}, 1.0f)).ok());
}

// ---- Display modes ----

const Tensor kResponses({1, 1, 6}, {-255, -100, 0, 100, 255, 400});

TEST(Filtering, ClampCutsValuesToTheImageRange) {
  const DisplayImage d = map_for_display(kResponses, {DisplayMode::kClamp, 255.0f});
  expect_values(d.values, {0, 0, 0, 100 / 255.0f, 1, 1});
  EXPECT_EQ(d.low, 0.0f);
  EXPECT_EQ(d.high, 255.0f);
  const DisplayImage unit =
      map_for_display(Tensor({1, 1, 3}, {-0.5f, 0.25f, 2}), {DisplayMode::kClamp, 1.0f});
  expect_values(unit.values, {0, 0.25f, 1});
}

TEST(Filtering, AbsoluteShowsNegativeResponsesAsBrightAsPositiveOnes) {
  const DisplayImage d = map_for_display(kResponses, {DisplayMode::kAbsolute, 255.0f});
  expect_values(d.values, {1, 100 / 255.0f, 0, 100 / 255.0f, 1, 1});
}

TEST(Filtering, RescaleMapsTheMinimumToBlackAndTheMaximumToWhite) {
  const DisplayImage d = map_for_display(kResponses, {DisplayMode::kRescale, 255.0f});
  expect_values(d.values, {0, 155 / 655.0f, 255 / 655.0f, 355 / 655.0f, 510 / 655.0f, 1});
  EXPECT_EQ(d.low, -255.0f);
  EXPECT_EQ(d.high, 400.0f);
  // A constant image has no range to stretch: it is shown as clamp shows it.
  const DisplayImage flat = map_for_display(Tensor({1, 1, 2}, 51.0f), {DisplayMode::kRescale, 255.0f});
  expect_values(flat.values, {0.2f, 0.2f});
}

TEST(Filtering, SignedKeepsZeroInTheMiddleOfTheScale) {
  const DisplayImage automatic = map_for_display(kResponses, {DisplayMode::kSigned, 255.0f});
  expect_values(automatic.values, {-255 / 400.0f, -0.25f, 0, 0.25f, 255 / 400.0f, 1});
  EXPECT_EQ(automatic.low, -400.0f);
  EXPECT_EQ(automatic.high, 400.0f);
  const DisplayImage scaled = map_for_display(kResponses, {DisplayMode::kSigned, 255.0f, 200.0f});
  expect_values(scaled.values, {-1, -0.5f, 0, 0.5f, 1, 1});
  const DisplayImage zeros = map_for_display(Tensor({1, 1, 2}, 0.0f), {DisplayMode::kSigned, 255.0f});
  expect_values(zeros.values, {0, 0});
}

TEST(Filtering, NanIsShownAsZeroAndInfinitiesAtTheEnds) {
  const Tensor odd({1, 1, 4}, {std::nanf(""), INFINITY, -INFINITY, 10});
  const DisplayImage rescale = map_for_display(odd, {DisplayMode::kRescale, 255.0f});
  EXPECT_EQ(rescale.values.at({0, 0, 0}), 0.0f);
  const DisplayImage clamp = map_for_display(odd, {DisplayMode::kClamp, 255.0f});
  expect_values(clamp.values, {0, 1, 0, 10 / 255.0f});
}

// A vertical step edge under the article's Laplacian edge detector: one side of the edge responds
// negatively. Clamp hides it (setosa's playground does that); the other modes must show it.
TEST(Filtering, NegativeEdgeResponsesAreVisibleInAbsoluteRescaleAndSigned) {
  Tensor step({1, 5, 6});
  for (int64_t y = 0; y < 5; ++y) {
    for (int64_t x = 3; x < 6; ++x) step.at({0, y, x}) = 200.0f;
  }
  const Tensor laplacian({3, 3}, {0, 1, 0, 1, -4, 1, 0, 1, 0});
  const Tensor edges = filtered(step, laplacian, PaddingMode::kReplicate);
  ASSERT_EQ(edges.at({0, 2, 2}), 200.0f);   // dark side of the edge
  ASSERT_EQ(edges.at({0, 2, 3}), -200.0f);  // bright side: negative
  ASSERT_EQ(edges.at({0, 2, 0}), 0.0f);     // flat area
  const auto shown = [&](DisplayMode mode) {
    const DisplayImage d = map_for_display(edges, {mode, 255.0f});
    return std::make_pair(d.values.at({0, 2, 3}), d.values.at({0, 2, 0}));
  };
  EXPECT_EQ(shown(DisplayMode::kClamp).first, shown(DisplayMode::kClamp).second);  // the control: hidden
  for (DisplayMode mode : {DisplayMode::kAbsolute, DisplayMode::kRescale, DisplayMode::kSigned}) {
    const auto [negative_edge, flat] = shown(mode);
    EXPECT_GT(std::fabs(negative_edge - flat), 0.3f) << display_mode_name(mode);
  }
}

TEST(Filtering, DivergingColoursRunFromBlueThroughWhiteToRed) {
  EXPECT_EQ(diverging_color(-1.0f), (std::array<uint8_t, 3>{33, 102, 172}));
  EXPECT_EQ(diverging_color(0.0f), (std::array<uint8_t, 3>{255, 255, 255}));
  EXPECT_EQ(diverging_color(1.0f), (std::array<uint8_t, 3>{178, 24, 43}));
  EXPECT_EQ(diverging_color(5.0f), diverging_color(1.0f));
  const std::array<uint8_t, 3> half = diverging_color(-0.5f);
  EXPECT_EQ(half[2], 214);  // 255 + 0.5·(172 − 255), rounded
}

TEST(Filtering, DisplayImagesUseGreyColourOrTheDivergingScale) {
  const DisplayImage grey = map_for_display(Tensor({1, 1, 2}, {0, 255}), {DisplayMode::kClamp, 255.0f});
  Result<Image> g = display_to_image(grey);
  ASSERT_TRUE(g.ok()) << g.message();
  EXPECT_EQ(g->pixels, (std::vector<uint8_t>{0, 0, 0, 255, 255, 255}));

  const DisplayImage signed_one =
      map_for_display(Tensor({1, 1, 2}, {-10, 10}), {DisplayMode::kSigned, 255.0f});
  Result<Image> s = display_to_image(signed_one);
  ASSERT_TRUE(s.ok());
  EXPECT_EQ(s->pixels, (std::vector<uint8_t>{33, 102, 172, 178, 24, 43}));

  const DisplayImage signed_rgb =
      map_for_display(Tensor({3, 1, 1}, {-10, 0, 10}), {DisplayMode::kSigned, 255.0f});
  Result<Image> c = display_to_image(signed_rgb);
  ASSERT_TRUE(c.ok());
  EXPECT_EQ(c->pixels, (std::vector<uint8_t>{0, 128, 255}));
  EXPECT_FALSE(display_to_image(DisplayImage{DisplayMode::kClamp, Tensor({2, 1, 1})}).ok());
}

// filtered_image is the two-step path in one pass: the same pixels and legend ends in every display
// mode, for grey and colour, with NaN, infinities, negative values and ragged sizes (the threads' split
// and the blocks of 256 pixels fall mid-row), and large enough to run on several threads.
TEST(Filtering, TheOnePassImageEqualsTheDisplayTensorsImage) {
  for (int64_t channels : {1, 3}) {
    Tensor filtered({channels, 301, 977});
    for (int64_t i = 0; i < filtered.numel(); ++i)
      filtered.data()[i] = static_cast<float>((i * 37) % 611) - 180.5f;
    filtered.data()[5] = std::nanf("");
    filtered.data()[700] = INFINITY;
    filtered.data()[9000] = -INFINITY;
    for (DisplayMode mode :
         {DisplayMode::kClamp, DisplayMode::kAbsolute, DisplayMode::kRescale, DisplayMode::kSigned}) {
      for (float signed_scale : {0.0f, 40.0f}) {
        const DisplayOptions options{mode, 255.0f, signed_scale};
        const DisplayImage display = map_for_display(filtered, options);
        Result<Image> two_step = display_to_image(display);
        float low = 0, high = 0;
        Result<Image> one_pass = filtered_image(filtered, options, &low, &high);
        ASSERT_TRUE(two_step.ok() && one_pass.ok());
        EXPECT_EQ(one_pass->pixels, two_step->pixels) << display_mode_name(mode) << " " << channels;
        EXPECT_EQ(one_pass->source_channels, two_step->source_channels);
        EXPECT_EQ(low, display.low);
        EXPECT_EQ(high, display.high);
      }
    }
  }
  EXPECT_FALSE(filtered_image(Tensor({2, 1, 1}), DisplayOptions{}).ok());
}

// ---- A region of the image in the stepper ----

// A (3, 10, 12) image whose value names its position: c·1000 + y·100 + x (as 0–255 would not allow).
Tensor coordinate_image() {
  Tensor t({3, 10, 12});
  for (int64_t c = 0; c < 3; ++c) {
    for (int64_t y = 0; y < 10; ++y) {
      for (int64_t x = 0; x < 12; ++x) t.at({c, y, x}) = static_cast<float>(c * 1000 + y * 100 + x);
    }
  }
  return t;
}

TEST(Filtering, RegionSceneHoldsTheRealPixelsAtTheRightCoordinates) {
  const Tensor image = coordinate_image();
  const Region region{4, 6, 3, 5};
  Result<Scene> scene = region_scene(image, region, FilterSettings{kernel_3x3(), PaddingMode::kZeros});
  ASSERT_TRUE(scene.ok()) << scene.message();
  ASSERT_EQ(scene->input.shape(), (Shape{3, 3, 5}));
  for (int64_t c = 0; c < 3; ++c) {
    for (int64_t i = 0; i < 3; ++i) {
      for (int64_t j = 0; j < 5; ++j) {
        EXPECT_EQ(scene->input.at({c, i, j}), image.at({c, region.y + i, region.x + j}));
      }
    }
  }
  EXPECT_EQ(scene->input.at({2, 0, 0}), 2406.0f);
  EXPECT_EQ(scene->weight.shape(), (Shape{3, 1, 3, 3}));
  EXPECT_EQ(scene->params.groups, 3);
}

TEST(Filtering, SteppingThroughARegionGivesTheFilteredImagesInnerPixels) {
  const Tensor image = coordinate_image();
  const Region region{2, 3, 5, 6};
  const FilterSettings filter{kernel_3x3(), PaddingMode::kZeros, KernelOrientation::kConvolution};
  Result<Scene> scene = region_scene(image, region, filter);
  ASSERT_TRUE(scene.ok()) << scene.message();
  Result<Stepper> stepper = Stepper::create(*scene);
  ASSERT_TRUE(stepper.ok()) << stepper.message();
  ASSERT_EQ(stepper->step_count(), 3 * 5 * 6);
  const Tensor whole = filtered(image, kernel_3x3(), PaddingMode::kZeros, KernelOrientation::kConvolution);
  const Tensor stepped = stepper->partial_output(stepper->step_count());
  EXPECT_EQ(stepped, *run(*scene));
  // Inner cells: the 3×3 window stays inside the region, so the numbers are the photo's.
  for (int64_t c = 0; c < 3; ++c) {
    for (int64_t i = 1; i < 4; ++i) {
      for (int64_t j = 1; j < 5; ++j) {
        EXPECT_EQ(stepped.at({c, i, j}), whole.at({c, region.y + i, region.x + j}))
            << c << " " << i << " " << j;
      }
    }
  }
  // A snapshot's taps read the region's values.
  const Snapshot s = stepper->snapshot(stepper->step_of(0, 1, 1, 1));
  ASSERT_EQ(s.taps.size(), 9u);
  EXPECT_EQ(s.taps[0].value, image.at({1, region.y, region.x}));
  EXPECT_EQ(s.taps[0].weight, flip_kernel(kernel_3x3()).at({0, 0}));
}

TEST(Filtering, RegionWithoutPaddingUsesOnlyRealPixels) {
  const Tensor image = coordinate_image();
  const Region region{0, 0, 4, 4};
  Result<Scene> scene = region_scene(image, region, FilterSettings{kernel_3x3()}, Dims{0, 0});
  ASSERT_TRUE(scene.ok()) << scene.message();
  Result<Tensor> out = run(*scene);
  ASSERT_TRUE(out.ok());
  ASSERT_EQ(out->shape(), (Shape{3, 2, 2}));
  const Tensor whole = filtered(image, kernel_3x3());
  for (int64_t c = 0; c < 3; ++c) EXPECT_EQ(out->at({c, 0, 0}), whole.at({c, 1, 1}));
}

// With its neighbours, every cell of the region equals the filtered image, at the corners too, in
// every padding mode and for even kernels.
TEST(Filtering, RegionWithNeighboursEqualsTheFilteredImageEverywhere) {
  const Tensor image = coordinate_image();
  const std::vector<Region> regions = {{0, 0, 3, 4}, {7, 8, 3, 4}, {3, 5, 4, 4}, {0, 0, 10, 12}};
  for (const Tensor& kernel :
       {kernel_3x3(), Tensor({2, 3}, {1, -1, 2, 0.5f, 3, -2}), Tensor({5, 4}, 0.25f)}) {
    for (PaddingMode mode :
         {PaddingMode::kZeros, PaddingMode::kReflect, PaddingMode::kReplicate, PaddingMode::kCircular}) {
      const FilterSettings filter{kernel, mode};
      const Tensor whole = filtered(image, kernel, mode);
      for (const Region& region : regions) {
        Result<Scene> scene = region_scene_with_neighbours(image, region, filter);
        ASSERT_TRUE(scene.ok()) << scene.message();
        EXPECT_EQ(scene->input.shape(),
                  (Shape{3, region.h + kernel.size(0) - 1, region.w + kernel.size(1) - 1}));
        Result<Stepper> stepper = Stepper::create(*scene);
        ASSERT_TRUE(stepper.ok()) << stepper.message();
        EXPECT_EQ(stepper->partial_output(stepper->step_count()), *crop(whole, region))
            << padding_mode_name(mode) << " " << kernel.shape_string() << " at (" << region.y << ", "
            << region.x << ")";
      }
    }
  }
}

TEST(Filtering, RegionWithNeighboursHoldsTheSurroundingPixels) {
  const Tensor image = coordinate_image();
  Result<Scene> scene = region_scene_with_neighbours(image, Region{4, 6, 2, 2}, FilterSettings{kernel_3x3()});
  ASSERT_TRUE(scene.ok()) << scene.message();
  ASSERT_EQ(scene->input.shape(), (Shape{3, 4, 4}));
  EXPECT_EQ(scene->input.at({0, 0, 0}), image.at({0, 3, 5}));  // one row up, one column left
  EXPECT_EQ(scene->input.at({2, 3, 3}), image.at({2, 6, 8}));
  // At the top-left corner with zeros, the first row and column are padding.
  Result<Scene> corner =
      region_scene_with_neighbours(image, Region{0, 0, 2, 2}, FilterSettings{kernel_3x3()});
  ASSERT_TRUE(corner.ok());
  EXPECT_EQ(corner->input.at({1, 0, 2}), 0.0f);
  EXPECT_EQ(corner->input.at({1, 1, 1}), image.at({1, 0, 0}));
}

// The scenario: a patch of the cat's ear, stepped through with its real numbers.
TEST(Filtering, APatchOfTheCatSteppedThroughGivesThePlaygroundsPixels) {
  Result<Image> cat = load_image(std::string(CONVSTEP_TEST_DATA_DIR) + "/../../assets/images/chelsea.png");
  ASSERT_TRUE(cat.ok()) << cat.message();
  const Tensor image = image_to_tensor(*cat, ColorMode::kRgb, PixelScale::k0To255);
  const KernelPreset* edges = find_kernel_preset("edge-detection-3");
  ASSERT_NE(edges, nullptr);
  const FilterSettings filter{edges->kernel, PaddingMode::kReflect};
  const Region ear{20, 355, 8, 8};  // inside the right ear
  Result<Scene> scene = region_scene_with_neighbours(image, ear, filter);
  ASSERT_TRUE(scene.ok()) << scene.message();
  EXPECT_EQ(scene->input.at({0, 1, 1}), static_cast<float>(cat->at(ear.y, ear.x, 0)));
  Result<Stepper> stepper = Stepper::create(*scene);
  ASSERT_TRUE(stepper.ok()) << stepper.message();
  Result<Tensor> whole = apply_filter(image, filter);
  ASSERT_TRUE(whole.ok());
  for (int64_t c = 0; c < 3; ++c) {
    for (int64_t y = 0; y < ear.h; ++y) {
      for (int64_t x = 0; x < ear.w; ++x) {
        EXPECT_EQ(stepper->snapshot(stepper->step_of(0, c, y, x)).result,
                  whole->at({c, ear.y + y, ear.x + x}));
      }
    }
  }
}

TEST(Filtering, RegionOutsideTheImageIsExplained) {
  Result<Scene> scene = region_scene(coordinate_image(), Region{8, 0, 4, 4}, FilterSettings{kernel_3x3()});
  ASSERT_FALSE(scene.ok());
  EXPECT_TRUE(contains(scene.message(), "rows 8\u201311")) << scene.message();
  EXPECT_FALSE(
      region_scene_with_neighbours(coordinate_image(), Region{8, 0, 4, 4}, FilterSettings{kernel_3x3()})
          .ok());
}

// The gallery's core: every preset filters a photo-sized image and keeps its size.
TEST(Filtering, EveryPresetFiltersAnImage) {
  Tensor image({3, 24, 32});
  for (int64_t i = 0; i < image.numel(); ++i) image.data()[i] = static_cast<float>((i * 13) % 256);
  ASSERT_FALSE(kernel_presets().empty());
  for (const KernelPreset& preset : kernel_presets()) {
    Result<Tensor> out = apply_filter(image, FilterSettings{preset.kernel, PaddingMode::kReflect});
    ASSERT_TRUE(out.ok()) << preset.id << ": " << out.message();
    EXPECT_EQ(out->shape(), image.shape()) << preset.id;
  }
}

}  // namespace
}  // namespace convstep
