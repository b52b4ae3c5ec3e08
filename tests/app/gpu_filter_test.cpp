// The GPU filter preview (app/gfx/filter_pass, shaders/filter.*) against the CPU reference
// (core/filtering: apply_filter, map_for_display, display_to_image) on a real GL 3.3 context (a hidden
// GLFW window; under Xvfb in scripts/test.sh): several kernels, every padding mode and every display
// mode on a sample photo agree within 1/255 per channel, and a wrong kernel is caught (the control).
#include "app/gfx/filter_pass.h"

#include <glad/gl.h>

#include <gtest/gtest.h>

#include <cstdlib>
#include <filesystem>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "app/gfx/shader.h"
#include "core/filtering.h"
#include "core/image.h"
#include "core/lesson.h"
#include "core/presets.h"
#include "tests/app/gl_test_context.h"

namespace convstep {
namespace {

// chelsea.png (the cat), shrunk so the CPU reference stays quick; odd sizes on purpose.
const Image& sample_image() {
  static const Image image = [] {
    const std::string path =
        (std::filesystem::path(lessons_dir()).parent_path() / "images" / "chelsea.png").string();
    Result<Image> loaded = load_image(path);
    if (!loaded) return Image{};
    return resize_area(*loaded, 61, 83);
  }();
  return image;
}

Tensor kernel_of(const std::string& preset_id) {
  const KernelPreset* preset = find_kernel_preset(preset_id);
  return preset ? preset->kernel : Tensor();
}

// A non-square, even, asymmetric kernel: flipping matters and 'same' pads unevenly.
Tensor uneven_kernel() {
  return Tensor({2, 4}, {1, -2, 0.5f, 3, -1, 0, 2, -0.25f});
}

// The largest difference of any channel of any pixel, or 256 when the sizes differ.
int largest_difference(const Image& a, const Image& b) {
  if (a.width != b.width || a.height != b.height || a.pixels.size() != b.pixels.size()) return 256;
  int worst = 0;
  for (size_t i = 0; i < a.pixels.size(); ++i) worst = std::max(worst, std::abs(a.pixels[i] - b.pixels[i]));
  return worst;
}

Image cpu_reference(const Tensor& image, const FilterSettings& filter, const DisplayOptions& display) {
  Result<Tensor> filtered = apply_filter(image, filter);
  if (!filtered) return Image{};
  Result<Image> shown = display_to_image(map_for_display(*filtered, display));
  return shown ? *shown : Image{};
}

struct Case {
  std::string kernel;
  PaddingMode padding_mode;
  DisplayMode display;
  ColorMode color;
  KernelOrientation orientation = KernelOrientation::kCrossCorrelation;
};

std::string describe(const Case& c) {
  return c.kernel + ", " + padding_mode_name(c.padding_mode) + ", " + display_mode_name(c.display) + ", " +
         color_mode_name(c.color) + ", " + kernel_orientation_name(c.orientation);
}

Tensor case_kernel(const std::string& name) {
  return name == "uneven" ? uneven_kernel() : kernel_of(name);
}

TEST(GpuFilter, AgreesWithTheCpuEngineWithinOneLevelForKernelsPaddingsAndDisplayModes) {
  REQUIRE_GL();
  ASSERT_FALSE(sample_image().empty()) << "assets/images/chelsea.png did not load";
  const std::vector<std::string> kernels = {"identity", "sharpen", "box-blur", "uneven"};
  std::vector<Case> cases;
  for (const std::string& k : kernels) {
    for (PaddingMode p :
         {PaddingMode::kZeros, PaddingMode::kReflect, PaddingMode::kReplicate, PaddingMode::kCircular}) {
      for (DisplayMode d :
           {DisplayMode::kClamp, DisplayMode::kAbsolute, DisplayMode::kRescale, DisplayMode::kSigned}) {
        cases.push_back({k, p, d, ColorMode::kRgb});
      }
    }
  }
  for (const char* k : {"edge-detection-2", "uneven"}) {
    for (DisplayMode d :
         {DisplayMode::kClamp, DisplayMode::kAbsolute, DisplayMode::kRescale, DisplayMode::kSigned}) {
      cases.push_back(
          {k, PaddingMode::kReflect, d, ColorMode::kLuminance709, KernelOrientation::kConvolution});
    }
  }
  FilterPass pass;
  for (const Case& c : cases) {
    SCOPED_TRACE(describe(c));
    const Tensor image = image_to_tensor(sample_image(), c.color, PixelScale::k0To255);
    const Tensor kernel = case_kernel(c.kernel);
    ASSERT_FALSE(kernel.empty()) << "no preset " << c.kernel;
    const FilterSettings filter{kernel, c.padding_mode, c.orientation};
    const DisplayOptions display{c.display, 255.0f, 0.0f};
    ASSERT_TRUE(pass.set_image(image).ok());
    const Status rendered = pass.render(filter, display);
    ASSERT_TRUE(rendered.ok()) << rendered.message();
    Result<Image> gpu = pass.read_display();
    ASSERT_TRUE(gpu.ok()) << gpu.message();
    const Image cpu = cpu_reference(image, filter, display);
    EXPECT_LE(largest_difference(*gpu, cpu), 1);
  }
}

TEST(GpuFilter, UsesTheKernelsPresetsAndTheValueRangeZeroToOne) {
  REQUIRE_GL();
  ASSERT_FALSE(sample_image().empty());
  FilterPass pass;
  const Tensor image = image_to_tensor(sample_image(), ColorMode::kLuminance601, PixelScale::k0To1);
  ASSERT_TRUE(pass.set_image(image).ok());
  for (const KernelPreset& preset : kernel_presets()) {
    if (preset.kernel.size(0) > kMaxGpuKernelSide || preset.kernel.size(1) > kMaxGpuKernelSide) continue;
    SCOPED_TRACE(preset.id);
    const FilterSettings filter{preset.kernel, PaddingMode::kZeros, KernelOrientation::kCrossCorrelation};
    const DisplayOptions display{DisplayMode::kSigned, 1.0f, 0.0f};
    ASSERT_TRUE(pass.render(filter, display).ok());
    Result<Image> gpu = pass.read_display();
    ASSERT_TRUE(gpu.ok());
    EXPECT_LE(largest_difference(*gpu, cpu_reference(image, filter, display)), 1);
  }
}

TEST(GpuFilter, TheLargestKernelAndTheRangeMatchTheCpu) {
  REQUIRE_GL();
  ASSERT_FALSE(sample_image().empty());
  Tensor kernel({15, 15});
  for (int64_t i = 0; i < kernel.numel(); ++i) kernel.data()[i] = static_cast<float>((i * 7) % 11) - 5.0f;
  const Tensor image = image_to_tensor(sample_image(), ColorMode::kRgb, PixelScale::k0To1);
  const FilterSettings filter{kernel, PaddingMode::kCircular, KernelOrientation::kConvolution};
  const DisplayOptions display{DisplayMode::kRescale, 1.0f, 0.0f};
  FilterPass pass;
  ASSERT_TRUE(pass.set_image(image).ok());
  ASSERT_TRUE(pass.render(filter, display).ok());
  Result<Tensor> filtered = apply_filter(image, filter);
  ASSERT_TRUE(filtered.ok());
  const DisplayImage cpu = map_for_display(*filtered, display);
  Result<FilterRange> range = pass.read_range();
  ASSERT_TRUE(range.ok());
  EXPECT_NEAR(range->min, cpu.low, 1e-3);
  EXPECT_NEAR(range->max, cpu.high, 1e-3);
  EXPECT_LE(largest_difference(*pass.read_display(), cpu_reference(image, filter, display)), 1);
}

TEST(GpuFilter, AFullHdPhotoSizedImageAgreesIncludingItsRange) {
  REQUIRE_GL();
  // 1920×1080, three channels of patterns with sharp steps, so sharpening overshoots both ways and
  // the range folds through three reduction passes.
  Tensor image({3, 1080, 1920});
  for (int64_t c = 0; c < 3; ++c) {
    for (int64_t y = 0; y < 1080; ++y) {
      for (int64_t x = 0; x < 1920; ++x) {
        image.at({c, y, x}) = static_cast<float>(((x / (7 + c)) + (y / 5)) % 2 == 0 ? (x * 255) / 1919
                                                                                    : 255 - (y * 255) / 1079);
      }
    }
  }
  const FilterSettings filter{kernel_of("sharpen"), PaddingMode::kReflect,
                              KernelOrientation::kCrossCorrelation};
  FilterPass pass;
  ASSERT_TRUE(pass.set_image(image).ok());
  for (DisplayMode mode : {DisplayMode::kRescale, DisplayMode::kSigned}) {
    SCOPED_TRACE(display_mode_name(mode));
    const DisplayOptions display{mode, 255.0f, 0.0f};
    ASSERT_TRUE(pass.render(filter, display).ok());
    Result<Tensor> filtered = apply_filter(image, filter);
    ASSERT_TRUE(filtered.ok());
    const DisplayImage cpu = map_for_display(*filtered, display);
    Result<FilterRange> range = pass.read_range();
    ASSERT_TRUE(range.ok());
    if (mode == DisplayMode::kRescale) {
      EXPECT_EQ(range->min, cpu.low);
      EXPECT_EQ(range->max, cpu.high);
    }
    EXPECT_LE(largest_difference(*pass.read_display(), *display_to_image(cpu)), 1);
  }
}

// The control: the comparison must notice a kernel that differs from the one the CPU used.
TEST(GpuFilter, AWrongKernelIsCaughtByTheComparison) {
  REQUIRE_GL();
  ASSERT_FALSE(sample_image().empty());
  const Tensor image = image_to_tensor(sample_image(), ColorMode::kRgb, PixelScale::k0To255);
  FilterPass pass;
  ASSERT_TRUE(pass.set_image(image).ok());
  const DisplayOptions display{DisplayMode::kClamp, 255.0f, 0.0f};
  const FilterSettings gpu_filter{kernel_of("sharpen"), PaddingMode::kZeros,
                                  KernelOrientation::kCrossCorrelation};
  const FilterSettings cpu_filter{kernel_of("identity"), PaddingMode::kZeros,
                                  KernelOrientation::kCrossCorrelation};
  ASSERT_TRUE(pass.render(gpu_filter, display).ok());
  EXPECT_GT(largest_difference(*pass.read_display(), cpu_reference(image, cpu_filter, display)), 1);
  // And an unflipped asymmetric kernel is not its flipped self.
  const FilterSettings flipped{uneven_kernel(), PaddingMode::kZeros, KernelOrientation::kConvolution};
  const FilterSettings as_written{uneven_kernel(), PaddingMode::kZeros, KernelOrientation::kCrossCorrelation};
  ASSERT_TRUE(pass.render(flipped, display).ok());
  EXPECT_GT(largest_difference(*pass.read_display(), cpu_reference(image, as_written, display)), 1);
}

TEST(GpuFilter, RefusesWhatTheShaderCannotTakeWithTheNumbers) {
  REQUIRE_GL();
  FilterPass pass;
  const Status no_image = pass.render({Tensor({3, 3}, 1.0f)}, {});
  EXPECT_FALSE(no_image.ok());
  const Status two_channels = pass.set_image(Tensor({2, 4, 4}));
  ASSERT_FALSE(two_channels.ok());
  EXPECT_NE(two_channels.message().find("[2, 4, 4]"), std::string::npos) << two_channels.message();
  ASSERT_TRUE(pass.set_image(Tensor({1, 20, 20}, 1.0f)).ok());
  const Status too_big = pass.render({Tensor({17, 3}, 1.0f)}, {});
  ASSERT_FALSE(too_big.ok());
  EXPECT_NE(too_big.message().find("[17, 3]"), std::string::npos) << too_big.message();
}

TEST(FilterPreview, RendersOnceAndAgainOnlyWhenTheGenerationChanges) {
  REQUIRE_GL();
  const Tensor image = image_to_tensor(sample_image(), ColorMode::kLuminance601, PixelScale::k0To255);
  FilterPreview preview;
  const FilterSettings filter{kernel_of("sharpen")};
  ASSERT_TRUE(preview.update(image, 1, filter, {}, 1)) << preview.failure();
  EXPECT_NE(preview.texture(), 0u);
  const FilterRange first = preview.range();
  // Same generation, different kernel: nothing is redrawn, so the range stays.
  ASSERT_TRUE(preview.update(image, 1, {kernel_of("identity")}, {}, 1));
  EXPECT_EQ(preview.range().max, first.max);
  ASSERT_TRUE(preview.update(image, 1, {kernel_of("identity")}, {}, 2));
  EXPECT_NE(preview.range().max, first.max);
  // A copy starts empty rather than sharing GL objects.
  const FilterPreview copy = preview;
  EXPECT_EQ(copy.texture(), 0u);
}

// The copies built into the binary (generated from shaders/ at build time) are what a binary run away
// from the source tree draws with: both filter files are there and compile without the folder.
TEST(FilterShader, TheBuiltInCopiesAreThereAndCompile) {
  REQUIRE_GL();
  const std::optional<std::string_view> vertex = embedded_shader_source("filter.vert");
  const std::optional<std::string_view> fragment = embedded_shader_source("filter.frag");
  ASSERT_TRUE(vertex && fragment);
  EXPECT_NE(fragment->find("#version 330 core"), std::string_view::npos);
  const Result<ShaderProgram> program = ShaderProgram::compile(*vertex, *fragment, "filter (built in)");
  EXPECT_TRUE(program.ok()) << program.message();
  EXPECT_FALSE(embedded_shader_source("no_such.frag").has_value());
}

// The playground filters on the CPU under a renderer that runs on the CPU itself.
TEST(FilterShader, SoftwareRenderersAreToldFromGpus) {
  EXPECT_TRUE(is_software_renderer("llvmpipe (LLVM 15.0.6, 256 bits)"));
  EXPECT_TRUE(is_software_renderer("softpipe"));
  EXPECT_TRUE(is_software_renderer("Mesa X11 swrast"));
  EXPECT_TRUE(is_software_renderer("GDI Generic"));
  EXPECT_FALSE(is_software_renderer("AMD Radeon RX 6600 (radeonsi, navi23, LLVM 15.0.6, DRM 3.49)"));
  EXPECT_FALSE(is_software_renderer("Mesa Intel(R) UHD Graphics 620 (KBL GT2)"));
  EXPECT_FALSE(is_software_renderer(""));
}

}  // namespace
}  // namespace convstep
