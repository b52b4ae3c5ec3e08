// The heatmap on a real GL 3.3 context (a hidden GLFW window; under Xvfb in scripts/test.sh):
// renders known tensors offscreen, reads the pixels back and checks every cell shows the palette's
// CPU colour, row 0 on top, NaN empty, grid lines only on large cells, and that a wrong range is
// caught (the control). Also: shader errors become messages, and the built-in shader copies match
// shaders/.
#include "app/widgets/heatmap.h"

#include <glad/gl.h>

#include <gtest/gtest.h>
#include <imgui.h>
#include <imgui_impl_opengl3.h>

#include <cmath>
#include <cstdlib>
#include <fstream>
#include <limits>
#include <sstream>
#include <string>
#include <vector>

#include "app/widgets/theme.h"
#include "tests/app/gl_test_context.h"

namespace convstep {
namespace {

constexpr float kNaN = std::numeric_limits<float>::quiet_NaN();
constexpr float kInf = std::numeric_limits<float>::infinity();
constexpr int kTolerance = 2;  // per channel, out of 255

struct Pixels {
  int width = 0, height = 0;
  std::vector<unsigned char> rgba;
  // (x, y) from the top-left, as the heatmap is shown on screen.
  ImU32 at(int x, int y) const {
    const unsigned char* p = &rgba[(static_cast<size_t>(height - 1 - y) * width + x) * 4];
    return IM_COL32(p[0], p[1], p[2], p[3]);
  }
};

Pixels read_framebuffer(uint32_t framebuffer, int width, int height) {
  Pixels pixels;
  pixels.width = width;
  pixels.height = height;
  pixels.rgba.resize(static_cast<size_t>(width) * height * 4);
  GLint previous = 0;
  glGetIntegerv(GL_READ_FRAMEBUFFER_BINDING, &previous);
  glBindFramebuffer(GL_READ_FRAMEBUFFER, framebuffer);
  glPixelStorei(GL_PACK_ALIGNMENT, 1);
  glReadPixels(0, 0, width, height, GL_RGBA, GL_UNSIGNED_BYTE, pixels.rgba.data());
  glBindFramebuffer(GL_READ_FRAMEBUFFER, static_cast<GLuint>(previous));
  return pixels;
}

Pixels read_back(const Heatmap& heatmap, int width, int height) {
  return read_framebuffer(heatmap.framebuffer_id(), width, height);
}

int channel_difference(ImU32 a, ImU32 b) {
  int d = 0;
  for (int shift : {IM_COL32_R_SHIFT, IM_COL32_G_SHIFT, IM_COL32_B_SHIFT}) {
    d = std::max(d, std::abs(static_cast<int>((a >> shift) & 0xFF) - static_cast<int>((b >> shift) & 0xFF)));
  }
  return d;
}

std::string rgb(ImU32 c) {
  return "(" + std::to_string(c & 0xFF) + ", " + std::to_string((c >> 8) & 0xFF) + ", " +
         std::to_string((c >> 16) & 0xFF) + ")";
}

// Cells whose centre pixel differs from the CPU palette's colour for `expected_range` by more than
// the tolerance, as "row r col c: got … want …" lines.
std::vector<std::string> mismatched_cells(const Pixels& pixels, const HeatmapSpec& spec,
                                          const ValueRange& expected_range) {
  std::vector<std::string> bad;
  const float cell_w = static_cast<float>(pixels.width) / spec.cols;
  const float cell_h = static_cast<float>(pixels.height) / spec.rows;
  for (int row = 0; row < spec.rows; ++row) {
    for (int col = 0; col < spec.cols; ++col) {
      const int x = static_cast<int>((col + 0.5f) * cell_w), y = static_cast<int>((row + 0.5f) * cell_h);
      const float value = spec.values[static_cast<size_t>(row) * spec.cols + col];
      const ImU32 want = cell_color(spec.palette, spec.role, value, expected_range);
      const ImU32 got = pixels.at(x, y);
      if (channel_difference(want, got) > kTolerance) {
        bad.push_back("row " + std::to_string(row) + " col " + std::to_string(col) + " (value " +
                      std::to_string(value) + "): got " + rgb(got) + ", want " + rgb(want));
      }
    }
  }
  return bad;
}

std::string join(const std::vector<std::string>& lines) {
  std::string out;
  for (const std::string& line : lines) out += line + "\n";
  return out;
}

// A 4×5 slice with distinct, signed values, a NaN and both infinities; no two rows alike, so a
// flipped image shows.
const std::vector<float> kSigned = {-3,    -2,     -1,    0,      1,      //
                                    2,     3,      kNaN,  0.5f,   -0.5f,  //
                                    kInf,  -kInf,  1.5f,  -2.5f,  2.5f,   //
                                    0.25f, -0.75f, 2.75f, -1.25f, 1.75f};

HeatmapSpec signed_spec(PaletteKind palette, TensorRole role) {
  HeatmapSpec spec;
  spec.rows = 4;
  spec.cols = 5;
  spec.values = kSigned;
  spec.palette = palette;
  spec.role = role;
  spec.range = ValueRange::of(kSigned);
  return spec;
}

TEST(Heatmap, EveryCellShowsTheColourThePaletteGivesItsValue) {
  REQUIRE_GL();
  for (PaletteKind palette : {PaletteKind::kColorBlindSafe, PaletteKind::kArticle}) {
    for (TensorRole role : {TensorRole::kInput, TensorRole::kKernel, TensorRole::kOutput}) {
      Heatmap heatmap;
      const HeatmapSpec spec = signed_spec(palette, role);
      ASSERT_TRUE(heatmap.render(spec, 5 * 12, 4 * 12).ok());
      const std::vector<std::string> bad = mismatched_cells(read_back(heatmap, 60, 48), spec, spec.range);
      EXPECT_TRUE(bad.empty()) << palette_name(palette) << ", role " << static_cast<int>(role) << ":\n"
                               << join(bad);
    }
  }
}

TEST(Heatmap, NonNegativeValuesUseTheSequentialScale) {
  REQUIRE_GL();
  std::vector<float> values(8 * 8);
  for (size_t i = 0; i < values.size(); ++i) values[i] = static_cast<float>((i * 37) % 64);
  HeatmapSpec spec;
  spec.rows = 8;
  spec.cols = 8;
  spec.values = values;
  spec.range = ValueRange::of(values);
  ASSERT_FALSE(spec.range.is_signed);
  Heatmap heatmap;
  ASSERT_TRUE(heatmap.render(spec, 80, 80).ok());
  EXPECT_EQ(join(mismatched_cells(read_back(heatmap, 80, 80), spec, spec.range)), "");
}

TEST(Heatmap, AWrongRangeIsCaughtByTheColourCheck) {
  // The control case: rendering with a range other than the one the check expects must show up
  // as mismatched cells, or the test above could not fail.
  REQUIRE_GL();
  HeatmapSpec spec = signed_spec(PaletteKind::kColorBlindSafe, TensorRole::kInput);
  const ValueRange right = spec.range;
  spec.range = ValueRange::symmetric(10);
  Heatmap heatmap;
  ASSERT_TRUE(heatmap.render(spec, 60, 48).ok());
  EXPECT_GE(mismatched_cells(read_back(heatmap, 60, 48), spec, right).size(), 10u);
}

TEST(Heatmap, GridLinesAppearOnlyBetweenCellsOfFourPixelsOrMore) {
  REQUIRE_GL();
  std::vector<float> values(3 * 3, 1.0f);
  HeatmapSpec spec;
  spec.rows = 3;
  spec.cols = 3;
  spec.values = values;
  spec.range = ValueRange::sequential(0, 1);
  const ImU32 fill = cell_color(spec.palette, spec.role, 1.0f, spec.range);

  Heatmap large;
  ASSERT_TRUE(large.render(spec, 30, 30).ok());
  const Pixels big = read_back(large, 30, 30);
  EXPECT_LE(channel_difference(big.at(10, 5), palette::kGridLine), kTolerance)
      << rgb(big.at(10, 5));  // col 1's edge
  EXPECT_LE(channel_difference(big.at(5, 20), palette::kGridLine), kTolerance)
      << rgb(big.at(5, 20));                                      // row 2's edge
  EXPECT_LE(channel_difference(big.at(0, 0), fill), kTolerance);  // no line on the outer border
  EXPECT_LE(channel_difference(big.at(15, 15), fill), kTolerance);

  Heatmap small;
  ASSERT_TRUE(small.render(spec, 9, 9).ok());
  const Pixels tiny = read_back(small, 9, 9);
  for (int x = 0; x < 9; ++x) EXPECT_LE(channel_difference(tiny.at(x, 3), fill), kTolerance) << "x=" << x;

  spec.grid_lines = false;
  Heatmap plain;
  ASSERT_TRUE(plain.render(spec, 30, 30).ok());
  EXPECT_LE(channel_difference(read_back(plain, 30, 30).at(10, 5), fill), kTolerance);
}

TEST(Heatmap, ValuesAreUploadedOnlyWhenTheyChange) {
  REQUIRE_GL();
  std::vector<float> values = {0, 1, 2, 3};
  HeatmapSpec spec;
  spec.rows = 2;
  spec.cols = 2;
  spec.values = values;
  spec.range = ValueRange::sequential(0, 3);
  Heatmap heatmap;
  ASSERT_TRUE(heatmap.render(spec, 20, 20).ok());
  ASSERT_TRUE(heatmap.render(spec, 20, 20).ok());
  EXPECT_EQ(heatmap.uploads(), 1);

  spec.range = ValueRange::sequential(0, 6);  // a new range redraws without a new upload
  ASSERT_TRUE(heatmap.render(spec, 20, 20).ok());
  EXPECT_EQ(heatmap.uploads(), 1);
  EXPECT_EQ(join(mismatched_cells(read_back(heatmap, 20, 20), spec, spec.range)), "");

  values[3] = 6;  // same buffer, new contents
  ASSERT_TRUE(heatmap.render(spec, 20, 20).ok());
  EXPECT_EQ(heatmap.uploads(), 2);
  EXPECT_EQ(join(mismatched_cells(read_back(heatmap, 20, 20), spec, spec.range)), "");
}

TEST(Heatmap, AFullHdInputRendersAtScreenSize) {
  REQUIRE_GL();
  constexpr int kRows = 1080, kCols = 1920;
  std::vector<float> values(static_cast<size_t>(kRows) * kCols);
  for (int r = 0; r < kRows; ++r) {
    for (int c = 0; c < kCols; ++c)
      values[static_cast<size_t>(r) * kCols + c] = std::sin(r * 0.01f) * std::cos(c * 0.013f);
  }
  HeatmapSpec spec;
  spec.rows = kRows;
  spec.cols = kCols;
  spec.values = values;
  spec.range = ValueRange::of(values);
  constexpr int kWidth = 480, kHeight = 270;  // 4 × 4 cells per pixel
  Heatmap heatmap;
  const Status rendered = heatmap.render(spec, kWidth, kHeight);
  ASSERT_TRUE(rendered.ok()) << rendered.message();
  const Pixels pixels = read_back(heatmap, kWidth, kHeight);
  for (int y = 0; y < kHeight; y += 27) {
    for (int x = 0; x < kWidth; x += 31) {
      // The pixel centre (x + 0.5) falls in cell floor((x + 0.5) · 1920 / 480) = 4x + 2.
      const int col = 4 * x + 2, row = 4 * y + 2;
      const ImU32 want =
          cell_color(spec.palette, spec.role, values[static_cast<size_t>(row) * kCols + col], spec.range);
      EXPECT_LE(channel_difference(pixels.at(x, y), want), kTolerance)
          << "pixel (" << x << ", " << y << "): got " << rgb(pixels.at(x, y)) << ", want " << rgb(want);
    }
  }
}

// Draws one ImGui frame of `width` × `height` pixels with `draw_content` and returns its pixels,
// rendered by ImGui's own OpenGL backend into an offscreen target.
template <class DrawContent>
Pixels imgui_frame(int width, int height, DrawContent draw_content) {
  IMGUI_CHECKVERSION();
  ImGui::CreateContext();
  ImGuiIO& io = ImGui::GetIO();
  io.IniFilename = nullptr;
  io.DisplaySize = ImVec2(static_cast<float>(width), static_cast<float>(height));
  ImGui_ImplOpenGL3_Init("#version 330 core");
  ImGui_ImplOpenGL3_NewFrame();
  ImGui::NewFrame();
  draw_content(ImGui::GetBackgroundDrawList());
  ImGui::Render();
  Result<RenderTarget> target = RenderTarget::create(width, height);
  Pixels pixels;
  if (target) {
    glBindFramebuffer(GL_FRAMEBUFFER, target->framebuffer());
    glViewport(0, 0, width, height);
    glClearColor(1, 0, 1, 1);
    glClear(GL_COLOR_BUFFER_BIT);
    ImGui_ImplOpenGL3_RenderDrawData(ImGui::GetDrawData());
    glBindFramebuffer(GL_FRAMEBUFFER, 0);
    pixels = read_framebuffer(target->framebuffer(), width, height);
  }
  ImGui_ImplOpenGL3_Shutdown();
  ImGui::DestroyContext();
  return pixels;
}

TEST(Heatmap, ShownThroughImGuiRowZeroIsOnTopAndTheRectangleFallbackMatches) {
  REQUIRE_GL();
  // Three rows, one column: 0 on top, 1 in the middle, 2 at the bottom.
  const std::vector<float> values = {0, 1, 2};
  HeatmapSpec spec;
  spec.rows = 3;
  spec.cols = 1;
  spec.values = values;
  spec.range = ValueRange::sequential(0, 2);
  Heatmap heatmap;
  const Pixels pixels = imgui_frame(60, 30, [&](ImDrawList* draw) {
    heatmap.draw(draw, ImVec2(0, 0), ImVec2(30, 30), spec);         // the shader path
    draw_heatmap_rects(draw, ImVec2(30, 0), ImVec2(60, 30), spec);  // the fallback
  });
  ASSERT_EQ(pixels.width, 60);
  EXPECT_FALSE(heatmap.using_fallback());
  for (int row = 0; row < 3; ++row) {
    const ImU32 want = cell_color(spec.palette, spec.role, values[row], spec.range);
    const int y = row * 10 + 5;
    EXPECT_LE(channel_difference(pixels.at(15, y), want), kTolerance)
        << "shader, row " << row << ": got " << rgb(pixels.at(15, y)) << ", want " << rgb(want);
    EXPECT_LE(channel_difference(pixels.at(45, y), want), kTolerance)
        << "rectangles, row " << row << ": got " << rgb(pixels.at(45, y)) << ", want " << rgb(want);
  }
}

TEST(Heatmap, BadSlicesAreReportedWithTheirNumbers) {
  REQUIRE_GL();
  std::vector<float> values(5);
  HeatmapSpec spec;
  spec.rows = 2;
  spec.cols = 3;
  spec.values = values;
  Heatmap heatmap;
  const Status wrong_count = heatmap.render(spec, 10, 10);
  ASSERT_FALSE(wrong_count.ok());
  EXPECT_NE(wrong_count.message().find("2x3 heatmap needs 6 values, got 5"), std::string::npos)
      << wrong_count.message();
  EXPECT_FALSE(
      Texture::create(max_texture_size() + 1, 1, TextureFormat::kR32F, TextureFilter::kNearest, nullptr)
          .ok());
}

TEST(ShaderProgram, ACompileErrorBecomesAMessageWithTheDriverLog) {
  REQUIRE_GL();
  const Result<std::string> vertex = load_shader_source("heatmap.vert");
  ASSERT_TRUE(vertex.ok()) << vertex.message();
  const Result<ShaderProgram> broken = ShaderProgram::compile(
      *vertex, "#version 330 core\nout vec4 c;\nvoid main() { c = vec4(undefined_name); }\n", "broken");
  ASSERT_FALSE(broken.ok());
  EXPECT_NE(broken.message().find("broken.frag does not compile"), std::string::npos) << broken.message();
  EXPECT_NE(broken.message().find("undefined_name"), std::string::npos) << broken.message();
  EXPECT_TRUE(ShaderProgram::load("heatmap").ok());
}

// The copies compiled into the binary are generated from shaders/ at build time
// (app/gfx/embed_shaders.cmake): this checks the generator keeps every byte, so a shader that loads from disk
// and one that is built in agree.
TEST(ShaderSource, TheGeneratedBuiltInCopiesEqualTheFilesInShaders) {
  for (const char* name : {"heatmap.vert", "heatmap.frag"}) {
    std::ifstream in(std::string(CONVSTEP_SHADERS_DIR) + "/" + name, std::ios::binary);
    ASSERT_TRUE(in) << name << " missing from " << CONVSTEP_SHADERS_DIR;
    std::ostringstream text;
    text << in.rdbuf();
    const std::optional<std::string_view> embedded = embedded_shader_source(name);
    ASSERT_TRUE(embedded.has_value()) << name;
    EXPECT_EQ(std::string(*embedded), text.str())
        << name << ": the generated copy differs from the file (see app/gfx/embed_shaders.cmake)";
  }
  EXPECT_FALSE(load_shader_source("no_such.frag").ok());
}

TEST(HeatmapCellAt, MapsAPointToTheCellUnderIt) {
  const ImVec2 min(100, 50), max(300, 150);  // 4 rows × 8 cols of 25 px
  const std::optional<HeatmapHover> hover = heatmap_cell_at(min, max, 4, 8, ImVec2(176, 124));
  ASSERT_TRUE(hover.has_value());
  EXPECT_EQ(hover->row, 2);
  EXPECT_EQ(hover->col, 3);
  EXPECT_FALSE(heatmap_cell_at(min, max, 4, 8, ImVec2(300, 60)).has_value());
  EXPECT_FALSE(heatmap_cell_at(min, max, 4, 8, ImVec2(99, 60)).has_value());
  const std::optional<HeatmapHover> corner = heatmap_cell_at(min, max, 4, 8, ImVec2(299.9f, 149.9f));
  ASSERT_TRUE(corner.has_value());
  EXPECT_EQ(corner->row, 3);
  EXPECT_EQ(corner->col, 7);
}

TEST(HeatmapCache, KeepsHeatmapsInUseAndFreesTheRestAtTheEndOfAFrame) {
  HeatmapCache cache;
  Heatmap* input = &cache.get("input/0");
  cache.get("output/0");
  cache.end_frame();
  EXPECT_EQ(cache.size(), 2u);
  EXPECT_EQ(&cache.get("input/0"), input);  // the same object frame after frame
  cache.end_frame();
  EXPECT_EQ(cache.size(), 1u);  // output/0 was not drawn this frame
  const HeatmapCache copy = cache;
  EXPECT_EQ(copy.size(), 0u);
}

}  // namespace
}  // namespace convstep
