// Runs the real convstep window (under Xvfb, see scripts/test.sh) for a few frames, reads back its
// screenshot and checks what a person would at a glance: the picture has the requested size and is not
// blank, the input, kernel and feature-map grids are drawn where the layout says, the highlighted window
// sits on the centre of the input at the fifth step, and the feature map fills in as the steps go.
// gui_visualizer_test.cpp checks cells and colours in detail.
#include <gtest/gtest.h>

#include <fstream>

#include <set>
#include <string>

#include "app/widgets/palette.h"
#include "app/widgets/theme.h"
#include "tests/app/gui_support.h"

namespace convstep {
namespace {

using namespace gui_test;

// "" when the image looks like a real picture, else why it looks blank.
std::string blank_reason(const Image& image) {
  if (image.rgb.empty()) return "no pixels";
  std::set<unsigned> colours;
  double sum = 0, sum_sq = 0;
  const size_t pixels = image.rgb.size() / 3;
  for (size_t i = 0; i < pixels; ++i) {
    const unsigned char* p = &image.rgb[i * 3];
    colours.insert(p[0] << 16 | p[1] << 8 | p[2]);
    const double luma = 0.299 * p[0] + 0.587 * p[1] + 0.114 * p[2];
    sum += luma;
    sum_sq += luma * luma;
  }
  const double mean = sum / pixels;
  const double variance = sum_sq / pixels - mean * mean;
  if (colours.size() < 16) return "blank: only " + std::to_string(colours.size()) + " distinct colours";
  if (variance < 50) return "blank: luminance variance " + std::to_string(variance);
  return "";
}

PixelRect grid_rect(const Grid& g) {
  return {g.x, g.y, g.x + static_cast<float>(g.cols) * g.cell, g.y + static_cast<float>(g.rows) * g.cell};
}

// Share of a grid's pixels that differ from the window background: cells cover most of a drawn grid.
double drawn_share(const Image& image, const Grid& g) {
  const PixelRect r = grid_rect(g);
  const Rgb background = rgb_of(palette::kBackground);
  int drawn = 0, total = 0;
  for (int y = static_cast<int>(r.y0); y < static_cast<int>(r.y1); ++y) {
    for (int x = static_cast<int>(r.x0); x < static_cast<int>(r.x1); ++x) {
      if (!image.contains(x, y)) continue;
      ++total;
      drawn += distance(image.at(x, y), background) > 6 ? 1 : 0;
    }
  }
  return total == 0 ? 0 : static_cast<double>(drawn) / total;
}

// Output cells that hold a value: their fill is neither the empty-cell colour nor the background.
int filled_outputs(const AppRun& run) {
  const Grid* g = run.layout.grid("output");
  if (g == nullptr) return -1;
  int filled = 0;
  for (int row = 0; row < g->rows; ++row) {
    for (int col = 0; col < g->cols; ++col) {
      const CellLook look = look_at(run.image, cells_rect(*g, {row, row, col, col}));
      const int to_empty = std::min(distance(look.fill, rgb_of(no_value_color())),
                                    distance(look.fill, rgb_of(palette::kBackground)));
      filled += to_empty > 24 ? 1 : 0;
    }
  }
  return filled;
}

// The highlight-coloured pixels over the input grid (the output cell's outline lies elsewhere).
struct Box {
  int x0 = 1 << 30, y0 = 1 << 30, x1 = -1, y1 = -1;
  bool empty() const { return x1 < x0; }
  double cx() const { return 0.5 * (x0 + x1); }
  double cy() const { return 0.5 * (y0 + y1); }
  int width() const { return x1 - x0 + 1; }
};

Box highlight_box(const Image& image, const PixelRect& over) {
  Box box;
  const Rgb highlight = rgb_of(palette::kHighlight);
  for (int y = static_cast<int>(over.y0) - 8; y <= static_cast<int>(over.y1) + 8; ++y) {
    for (int x = static_cast<int>(over.x0) - 8; x <= static_cast<int>(over.x1) + 8; ++x) {
      if (!image.contains(x, y) || distance(image.at(x, y), highlight) > 24) continue;
      box.x0 = std::min(box.x0, x), box.x1 = std::max(box.x1, x);
      box.y0 = std::min(box.y0, y), box.y1 = std::max(box.y1, y);
    }
  }
  return box;
}

// article-5x5 at step 4 computes out[0,1,1]: its 3×3 window is the centre of the 5×5 input.
// "" when the highlight over the input grid is centred on it and 3/5 of its width, else what is wrong.
// Only pixels are read here, the layout just says where the input grid is.
std::string centre_window_problem(const AppRun& run) {
  const Grid* input = run.layout.grid("input");
  if (input == nullptr) return "no input grid in the layout";
  const PixelRect grid = grid_rect(*input);
  const Box window = highlight_box(run.image, grid);
  if (window.empty()) return "no highlighted window on the input";
  const double width = grid.x1 - grid.x0;
  const double tolerance = 0.06 * width;
  std::ostringstream problem;
  const double cx = 0.5 * (grid.x0 + grid.x1), cy = 0.5 * (grid.y0 + grid.y1);
  if (std::abs(window.cx() - cx) > tolerance || std::abs(window.cy() - cy) > tolerance) {
    problem << "window centre (" << window.cx() << ", " << window.cy() << ") is not the grid centre (" << cx
            << ", " << cy << ")";
  }
  const double share = window.width() / width;
  if (share < 0.52 || share > 0.68) problem << " window spans " << share << " of the grid width, not 3/5";
  return problem.str();
}

class GuiSmoke : public GuiTest {
 protected:
  AppRun shot(const std::string& lesson, int step) {
    AppRun r = run("--lesson " + lesson + " --step " + std::to_string(step));
    EXPECT_EQ(r.exit_code, 0) << r.stderr_text;
    EXPECT_EQ(r.layout.error, "");
    return r;
  }
};

TEST_F(GuiSmoke, TheArticleLessonShowsAllThreeGridsAtTheRequestedSize) {
  const AppRun r = shot("article-5x5", 4);
  ASSERT_EQ(r.image.width, kWidth);
  ASSERT_EQ(r.image.height, kHeight);
  EXPECT_EQ(blank_reason(r.image), "");
  for (const char* role : {"input", "kernel", "output"}) {
    const Grid* g = r.layout.grid(role);
    ASSERT_NE(g, nullptr) << "no " << role << " grid in the layout";
    // Cells are tens of pixels wide: a legible 5×5 grid at 1280×800 needs at least ~30 px per cell.
    EXPECT_GE(g->cell, 30) << role << " cells are too small to read";
    EXPECT_GT(drawn_share(r.image, *g), 0.6) << "the " << role << " grid is not drawn where the layout says";
  }
}

// ImGui sizes tab bars a frame late: a one-frame screenshot still shows the view tabs, drawn where the
// layout puts them (the selected tab's colour differs from the window's background behind it).
TEST_F(GuiSmoke, AOneFrameScreenshotHasTheViewTabs) {
  const fs::path png = dir_ / "one.png", json = dir_ / "one.json";
  std::string err;
  ASSERT_EQ(run_raw("--lesson article-5x5 --size 1024x768 --frames 1 --screenshot '" + png.string() +
                        "' --layout '" + json.string() + "'",
                    &err),
            0)
      << err;
  const Image image = load_png(png);
  const Layout layout = load_layout(json);
  ASSERT_EQ(image.width, 1024);
  const Widget* tab = nullptr;
  const Widget* last = nullptr;
  for (const Widget& w : layout.widgets) {
    if (w.label == "Step through a lesson") tab = &w;
    if (w.label == "Network of layers") last = &w;
  }
  ASSERT_NE(tab, nullptr) << "no view tab in a one-frame layout";
  ASSERT_NE(last, nullptr);
  const int y = static_cast<int>((tab->r.y0 + tab->r.y1) / 2);
  const Rgb inside = image.at(static_cast<int>(tab->r.x0) + 4, y);
  const Rgb beside = image.at(static_cast<int>(last->r.x1) + 30, y);  // the bar's background
  EXPECT_GT(std::abs(inside.r - beside.r) + std::abs(inside.g - beside.g) + std::abs(inside.b - beside.b), 60)
      << "the tab is not drawn";
}

// A Gaussian 3×3 (weights n/16) reads as the article writes it: integer weights times 1/16, in the
// kernel, the value×weight notes and the arithmetic, whose result stays the engine's.
TEST_F(GuiSmoke, AGaussianKernelShowsIntegerWeightsAndItsFactor) {
  const fs::path lesson = dir_ / "gaussian.json";
  std::ofstream(lesson) << R"({"name": "gaussian", "title": "Gaussian blur", "caption": "Blur.",
    "op": "conv2d", "params": {"stride": 1, "padding": 0},
    "input": {"shape": [1, 3, 3], "data": [[[2, 5, 9], [0, 7, 4], [8, 8, 7]]]},
    "weight": {"shape": [1, 1, 3, 3], "data": [[[[0.0625, 0.125, 0.0625], [0.125, 0.25, 0.125],
                                                 [0.0625, 0.125, 0.0625]]]]}})";
  const AppRun r = run("--lesson '" + lesson.string() + "'", 1024, 768);
  ASSERT_EQ(r.exit_code, 0) << r.stderr_text;
  bool factored = false;
  for (const std::string& t : r.layout.texts)
    factored =
        factored || t == "out[0,0,0] = (1/16)·(2×1 + 5×2 + 9×1 + 0×2 + 7×4 + 4×2 + 8×1 + 8×2 + 7×1) = 5.5";
  EXPECT_TRUE(factored) << "the arithmetic is not written with the factor";
  const Grid* kernel = r.layout.grid("kernel");
  ASSERT_NE(kernel, nullptr);
  EXPECT_TRUE(kernel->values_shown);
  EXPECT_GE(kernel->value_px, 14.0f);
}

TEST_F(GuiSmoke, TheHighlightedWindowSitsOnTheCellsOfTheCurrentStep) {
  EXPECT_EQ(centre_window_problem(shot("article-5x5", 4)), "");
}

TEST_F(GuiSmoke, TheFeatureMapFillsInAsTheStepsGo) {
  EXPECT_EQ(filled_outputs(shot("article-5x5", 0)), 1);
  EXPECT_EQ(filled_outputs(shot("article-5x5", 4)), 5);
  EXPECT_EQ(filled_outputs(shot("article-5x5", 8)), 9);
}

TEST_F(GuiSmoke, ABadLessonFileIsRefusedWithItsNameAndNothingIsWritten) {
  const fs::path missing = dir_ / "no-such-lesson.json";
  const fs::path png = dir_ / "refused.png";
  std::string err;
  EXPECT_NE(
      run_raw("--frames 3 --screenshot '" + png.string() + "' --lesson '" + missing.string() + "'", &err), 0);
  EXPECT_NE(err.find("no-such-lesson.json"), std::string::npos) << err;
  EXPECT_FALSE(fs::exists(png));
}

TEST_F(GuiSmoke, AnInvalidSettingIsExplainedAndTheLessonStaysAsWritten) {
  // The run fails (what it was asked for failed), yet the window still draws the lesson as written.
  const AppRun r = run("--set stride=0");
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_NE(r.stderr_text.find("stride"), std::string::npos) << r.stderr_text;
  EXPECT_EQ(blank_reason(r.image), "");
  const Grid* output = r.layout.grid("output");
  ASSERT_NE(output, nullptr);
  EXPECT_EQ(output->rows, 3);
  EXPECT_EQ(output->cols, 3);
}

TEST_F(GuiSmoke, ASettingChangesTheLayerShown) {
  // Stride 2 on the 5×5 input leaves a 2×2 feature map: at its last step all four cells are filled.
  const AppRun r = run("--lesson article-5x5 --set stride=2 --step 3");
  EXPECT_EQ(r.exit_code, 0) << r.stderr_text;
  EXPECT_EQ(filled_outputs(r), 4);
}

TEST_F(GuiSmoke, WithoutAUsableDisplayItFailsWithOneClearLine) {
  std::string err;
  EXPECT_NE(run_raw("--frames 1", &err, "DISPLAY=:54321"), 0);
  EXPECT_FALSE(err.empty());
  EXPECT_EQ(std::count(err.begin(), err.end(), '\n'), 1) << err;
}

// Control cases: the checks above must be able to fail.
TEST(GuiSmokeChecks, AUniformImageIsBlank) {
  Image image;
  image.width = 64;
  image.height = 48;
  image.rgb.assign(static_cast<size_t>(image.width) * image.height * 3, 37);
  EXPECT_NE(blank_reason(image), "");
}

TEST_F(GuiSmoke, TheWindowCheckRejectsTheFirstStepsWindow) {
  // At step 0 the window is the top-left 3×3, not the centre: the check must say so.
  EXPECT_NE(centre_window_problem(shot("article-5x5", 0)), "");
}

}  // namespace
}  // namespace convstep
