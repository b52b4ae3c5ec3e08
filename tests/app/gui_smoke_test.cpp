// Runs the real convstep window (under Xvfb, see scripts/test.sh) for a few frames, reads back its
// screenshot and checks what a person would: the picture has the requested size and is not blank, the
// input, kernel and feature-map grids are there in their colours, the window highlight sits on the
// right input cells, and the feature map fills in as the steps go.
#include <gtest/gtest.h>
#include <stb_image.h>
#include <sys/wait.h>

#include <algorithm>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <functional>
#include <set>
#include <sstream>
#include <string>
#include <vector>

namespace {

namespace fs = std::filesystem;

constexpr int kWidth = 1280;
constexpr int kHeight = 800;

struct Image {
  int width = 0;
  int height = 0;
  std::vector<unsigned char> rgb;  // width * height * 3
  const unsigned char* at(int x, int y) const { return &rgb[(static_cast<size_t>(y) * width + x) * 3]; }
};

Image load_png(const fs::path& path) {
  Image image;
  int channels = 0;
  unsigned char* data = stbi_load(path.c_str(), &image.width, &image.height, &channels, 3);
  if (data == nullptr) return image;
  image.rgb.assign(data, data + static_cast<size_t>(image.width) * image.height * 3);
  stbi_image_free(data);
  return image;
}

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

// The colour families of the roles (app/widgets/theme.h), with room for antialiasing.
bool is_input_blue(const unsigned char* p) {
  return p[2] >= 90 && p[2] > p[0] + 50 && p[2] > p[1] + 30;
}
bool is_kernel_green(const unsigned char* p) {
  return p[1] >= 70 && p[1] > p[0] + 40 && p[1] > p[2] + 30;
}
// Deep reds only: the amber highlight and the lighter red title text have much more green.
bool is_output_red(const unsigned char* p) {
  return p[0] >= 90 && p[1] * 2 < p[0] && p[2] * 2 < p[0];
}
bool is_highlight_amber(const unsigned char* p) {
  return p[0] > 200 && p[1] > 150 && p[2] < 70;
}

int count(const Image& image, const std::function<bool(const unsigned char*)>& is) {
  int n = 0;
  for (int y = 0; y < image.height; ++y)
    for (int x = 0; x < image.width; ++x) n += is(image.at(x, y)) ? 1 : 0;
  return n;
}

struct Box {
  int x0 = 1 << 30, y0 = 1 << 30, x1 = -1, y1 = -1;
  bool empty() const { return x1 < x0; }
  double cx() const { return 0.5 * (x0 + x1); }
  double cy() const { return 0.5 * (y0 + y1); }
  int width() const { return x1 - x0 + 1; }
  int height() const { return y1 - y0 + 1; }
};

// The input grid: rows and columns with many blue pixels (labels and titles have few).
Box input_grid_box(const Image& image) {
  Box box;
  for (int y = 0; y < image.height; ++y) {
    int n = 0;
    for (int x = 0; x < image.width; ++x) n += is_input_blue(image.at(x, y)) ? 1 : 0;
    if (n > 100) box.y0 = std::min(box.y0, y), box.y1 = std::max(box.y1, y);
  }
  for (int x = 0; x < image.width; ++x) {
    int n = 0;
    for (int y = 0; y < image.height; ++y) n += is_input_blue(image.at(x, y)) ? 1 : 0;
    if (n > 100) box.x0 = std::min(box.x0, x), box.x1 = std::max(box.x1, x);
  }
  return box;
}

// The amber outline drawn over the input grid (the output cell's outline lies further right).
Box window_highlight_box(const Image& image, const Box& grid) {
  Box box;
  for (int y = grid.y0 - 8; y <= grid.y1 + 8; ++y) {
    for (int x = grid.x0 - 8; x <= grid.x1 + 8; ++x) {
      if (x < 0 || y < 0 || x >= image.width || y >= image.height || !is_highlight_amber(image.at(x, y)))
        continue;
      box.x0 = std::min(box.x0, x), box.x1 = std::max(box.x1, x);
      box.y0 = std::min(box.y0, y), box.y1 = std::max(box.y1, y);
    }
  }
  return box;
}

// article-5x5 at step 4 computes out[0,1,1]: its 3×3 window is the centre of the 5×5 input.
// "" when the highlight covers the central 3×3 of the input grid, else what is wrong.
std::string centre_window_problem(const Image& image) {
  const Box grid = input_grid_box(image);
  if (grid.empty()) return "no input grid found";
  const Box window = window_highlight_box(image, grid);
  if (window.empty()) return "no highlighted window on the input";
  const double tolerance = 0.06 * grid.width();
  std::ostringstream problem;
  if (std::abs(window.cx() - grid.cx()) > tolerance || std::abs(window.cy() - grid.cy()) > tolerance) {
    problem << "window centre (" << window.cx() << ", " << window.cy() << ") is not the grid centre ("
            << grid.cx() << ", " << grid.cy() << ")";
  }
  const double share = static_cast<double>(window.width()) / grid.width();
  if (share < 0.52 || share > 0.68) problem << " window spans " << share << " of the grid width, not 3/5";
  return problem.str();
}

class GuiSmoke : public ::testing::Test {
 protected:
  void SetUp() override {
    const char* display = std::getenv("DISPLAY");
    if (display == nullptr || *display == '\0') {
      GTEST_FAIL() << "DISPLAY is not set: run the GUI tests under a virtual X server, e.g. "
                      "xvfb-run -a -s \"-screen 0 1280x800x24\" ctest ... (scripts/test.sh does this)";
    }
    std::string pattern = (fs::temp_directory_path() / "convstep_gui_XXXXXX").string();
    ASSERT_NE(mkdtemp(pattern.data()), nullptr) << "cannot create a temporary folder from " << pattern;
    dir_ = pattern;
  }
  void TearDown() override {
    std::error_code ec;
    if (!dir_.empty()) fs::remove_all(dir_, ec);
  }

  // Runs the app with `args`; returns its exit code. stderr is kept in stderr_text_.
  int run(const std::string& args, const std::string& env = "") {
    const fs::path err = dir_ / "stderr.txt";
    const std::string command =
        env + " '" + std::string(CONVSTEP_BINARY) + "' " + args + " > /dev/null 2> '" + err.string() + "'";
    const int status = std::system(command.c_str());
    std::ifstream in(err);
    std::stringstream text;
    text << in.rdbuf();
    stderr_text_ = text.str();
    return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
  }

  Image screenshot_of(const std::string& lesson, int step, const std::string& name) {
    const fs::path png = dir_ / name;
    const std::string args = "--frames 4 --size " + std::to_string(kWidth) + "x" + std::to_string(kHeight) +
                             " --screenshot '" + png.string() + "' --lesson " + lesson + " --step " +
                             std::to_string(step);
    EXPECT_EQ(run(args), 0) << stderr_text_;
    EXPECT_TRUE(fs::exists(png)) << "no screenshot at " << png;
    return load_png(png);
  }

  fs::path dir_;
  std::string stderr_text_;
};

TEST_F(GuiSmoke, TheArticleLessonShowsAllThreeGridsAtTheRequestedSize) {
  const Image image = screenshot_of("article-5x5", 4, "article.png");
  ASSERT_EQ(image.width, kWidth);
  ASSERT_EQ(image.height, kHeight);
  EXPECT_EQ(blank_reason(image), "");
  // Each grid's cells are tens of pixels wide; text and titles alone would not reach these counts.
  EXPECT_GT(count(image, is_input_blue), 20000) << "the blue input grid is missing";
  EXPECT_GT(count(image, is_kernel_green), 10000) << "the green kernel grid is missing";
  EXPECT_GT(count(image, is_output_red), 5000) << "the red feature-map cells are missing";
  EXPECT_GT(count(image, is_highlight_amber), 500) << "no highlighted window or output cell";
}

TEST_F(GuiSmoke, TheHighlightedWindowSitsOnTheCellsOfTheCurrentStep) {
  const Image image = screenshot_of("article-5x5", 4, "centre.png");
  EXPECT_EQ(centre_window_problem(image), "");
}

TEST_F(GuiSmoke, TheFeatureMapFillsInAsTheStepsGo) {
  // Step 0 shows one computed output cell, step 4 shows five of the same size. In both the current
  // cell's amber outline covers part of its red, so the ratio sits a little above 5.
  const int first = count(screenshot_of("article-5x5", 0, "first.png"), is_output_red);
  const int fifth = count(screenshot_of("article-5x5", 4, "fifth.png"), is_output_red);
  ASSERT_GT(first, 0);
  const double ratio = static_cast<double>(fifth) / first;
  EXPECT_GT(ratio, 4.0) << "step 0: " << first << " red pixels, step 4: " << fifth;
  EXPECT_LT(ratio, 7.0) << "step 0: " << first << " red pixels, step 4: " << fifth;
}

TEST_F(GuiSmoke, ABadLessonFileIsRefusedWithItsNameAndNothingIsWritten) {
  const fs::path missing = dir_ / "no-such-lesson.json";
  const fs::path png = dir_ / "refused.png";
  EXPECT_NE(run("--frames 3 --screenshot '" + png.string() + "' --lesson '" + missing.string() + "'"), 0);
  EXPECT_NE(stderr_text_.find("no-such-lesson.json"), std::string::npos) << stderr_text_;
  EXPECT_FALSE(fs::exists(png));
}

TEST_F(GuiSmoke, AnInvalidSettingIsExplainedAndTheLessonStaysAsWritten) {
  const fs::path png = dir_ / "kept.png";
  EXPECT_EQ(run("--frames 3 --size 1280x800 --screenshot '" + png.string() + "' --set stride=0"), 0);
  EXPECT_NE(stderr_text_.find("stride"), std::string::npos) << stderr_text_;
  const Image image = load_png(png);
  EXPECT_EQ(blank_reason(image), "");
  EXPECT_GT(count(image, is_input_blue), 20000);
  EXPECT_GT(count(image, is_kernel_green), 10000);
}

TEST_F(GuiSmoke, ASettingChangesTheLayerShown) {
  // Stride 2 on the 5×5 input leaves a 2×2 feature map: at its last step all four cells are filled,
  // while stride 1 fills nine cells of the same size at its last step.
  const int stride1 = count(screenshot_of("article-5x5", 8, "stride1.png"), is_output_red);
  const fs::path png = dir_ / "stride2.png";
  EXPECT_EQ(run("--frames 4 --size 1280x800 --screenshot '" + png.string() +
                "' --lesson article-5x5 --set stride=2 --step 3"),
            0)
      << stderr_text_;
  const int stride2 = count(load_png(png), is_output_red);
  ASSERT_GT(stride2, 0);
  const double ratio = static_cast<double>(stride1) / stride2;
  EXPECT_GT(ratio, 1.6) << "stride 1: " << stride1 << " red pixels, stride 2: " << stride2;
  EXPECT_LT(ratio, 2.9);
}

TEST_F(GuiSmoke, WithoutAUsableDisplayItFailsWithOneClearLine) {
  EXPECT_NE(run("--frames 1", "DISPLAY=:54321"), 0);
  EXPECT_FALSE(stderr_text_.empty());
  EXPECT_EQ(std::count(stderr_text_.begin(), stderr_text_.end(), '\n'), 1) << stderr_text_;
}

// Control cases: the checks above must be able to fail.
TEST(GuiSmokeChecks, AUniformImageIsBlank) {
  Image image;
  image.width = 64;
  image.height = 48;
  image.rgb.assign(static_cast<size_t>(image.width) * image.height * 3, 37);
  EXPECT_NE(blank_reason(image), "");
  EXPECT_EQ(count(image, is_input_blue), 0);
}

TEST_F(GuiSmoke, TheWindowCheckRejectsTheFirstStepsWindow) {
  // At step 0 the window is the top-left 3×3, not the centre: the check must say so.
  const Image image = screenshot_of("article-5x5", 0, "corner.png");
  EXPECT_NE(centre_window_problem(image), "");
}

}  // namespace
