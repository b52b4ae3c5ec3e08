// Shared by the GUI tests: running the real window headless (--screenshot, --layout), reading back its
// PNG and layout JSON, and the checks a person makes on them (a cell's fill and whether it shows a
// number, whether an outline frames given cells, in which colour), all with tolerances.
#pragma once

#include <gtest/gtest.h>
#include <stb_image.h>
#include <sys/wait.h>

#include <algorithm>
#include <cmath>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <map>
#include <sstream>
#include <string>
#include <vector>

#include <imgui.h>
#include <nlohmann/json.hpp>

namespace convstep::gui_test {

namespace fs = std::filesystem;

// --- The picture ------------------------------------------------------------------------------

struct Rgb {
  int r = 0, g = 0, b = 0;
};

Rgb rgb_of(ImU32 c) {
  return {static_cast<int>(c >> IM_COL32_R_SHIFT & 0xFF), static_cast<int>(c >> IM_COL32_G_SHIFT & 0xFF),
          static_cast<int>(c >> IM_COL32_B_SHIFT & 0xFF)};
}

// The largest per-channel difference: 0 for equal colours, 255 for black against white.
int distance(Rgb a, Rgb b) {
  return std::max({std::abs(a.r - b.r), std::abs(a.g - b.g), std::abs(a.b - b.b)});
}

std::string describe(Rgb c) {
  return "rgb(" + std::to_string(c.r) + ", " + std::to_string(c.g) + ", " + std::to_string(c.b) + ")";
}

struct Image {
  int width = 0;
  int height = 0;
  std::vector<unsigned char> rgb;
  bool contains(int x, int y) const { return x >= 0 && y >= 0 && x < width && y < height; }
  Rgb at(int x, int y) const {
    const unsigned char* p = &rgb[(static_cast<size_t>(y) * width + x) * 3];
    return {p[0], p[1], p[2]};
  }
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

struct PixelRect {
  float x0 = 0, y0 = 0, x1 = 0, y1 = 0;
};

// What fills a cell: the most common colour of its inner part (the number in the middle and the
// outline at the edge are the minority), and the share of pixels far from that fill (the number).
struct CellLook {
  Rgb fill;
  double marked = 0;  // share of inner pixels differing from the fill by more than kMarkDistance
};
constexpr int kMarkDistance = 90;

CellLook look_at(const Image& image, PixelRect r) {
  // The middle 70%: clear of the outline and the gap between cells.
  const float inset_x = 0.15f * (r.x1 - r.x0), inset_y = 0.15f * (r.y1 - r.y0);
  std::map<int, int> counts;
  std::vector<Rgb> pixels;
  for (int y = static_cast<int>(r.y0 + inset_y); y < static_cast<int>(r.y1 - inset_y); ++y) {
    for (int x = static_cast<int>(r.x0 + inset_x); x < static_cast<int>(r.x1 - inset_x); ++x) {
      if (!image.contains(x, y)) continue;
      const Rgb c = image.at(x, y);
      pixels.push_back(c);
      ++counts[c.r << 16 | c.g << 8 | c.b];
    }
  }
  CellLook look;
  if (pixels.empty()) return look;
  const auto mode = std::max_element(counts.begin(), counts.end(),
                                     [](const auto& a, const auto& b) { return a.second < b.second; });
  look.fill = {mode->first >> 16 & 0xFF, mode->first >> 8 & 0xFF, mode->first & 0xFF};
  int marked = 0;
  for (const Rgb& c : pixels) marked += distance(c, look.fill) > kMarkDistance ? 1 : 0;
  look.marked = static_cast<double>(marked) / static_cast<double>(pixels.size());
  return look;
}

// Share of points along the rect's border where the highlight colour is found within a few pixels
// across the border (outlines are drawn a little inside or outside the cells they frame).
double border_share(const Image& image, PixelRect r, Rgb colour, int tolerance) {
  constexpr int kPoints = 24;
  constexpr int kReach = 5;
  int found = 0, total = 0;
  const auto near = [&](float px, float py, bool vertical_edge) {
    for (int d = -kReach; d <= kReach; ++d) {
      const int x = static_cast<int>(std::lround(px)) + (vertical_edge ? d : 0);
      const int y = static_cast<int>(std::lround(py)) + (vertical_edge ? 0 : d);
      if (image.contains(x, y) && distance(image.at(x, y), colour) <= tolerance) return true;
    }
    return false;
  };
  for (int i = 1; i < kPoints; ++i) {
    const float t = static_cast<float>(i) / kPoints;
    const float x = r.x0 + t * (r.x1 - r.x0), y = r.y0 + t * (r.y1 - r.y0);
    found += near(x, r.y0, false) + near(x, r.y1, false) + near(r.x0, y, true) + near(r.x1, y, true);
    total += 4;
  }
  return static_cast<double>(found) / total;
}

// --- The layout --------------------------------------------------------------------------------

struct Grid {
  std::string role;
  int channel = 0;
  float x = 0, y = 0, cell = 0;
  int rows = 0, cols = 0, pad_top = 0, pad_left = 0;
  bool values_shown = true;  // every cell drawn has its value drawn
  float value_px = 0;        // the smallest value text drawn (0: none on screen)
};

// A button, field or checkbox as drawn.
struct Widget {
  std::string label;
  PixelRect r;
};

struct Rect {
  std::string what;
  int channel = 0;
  PixelRect r;
};

struct Layout {
  std::vector<Grid> grids;
  std::vector<Rect> rects;
  std::vector<std::string> texts;
  std::vector<Widget> widgets;
  std::string error;  // why it could not be read

  const Grid* grid(const std::string& role, int channel = 0) const {
    for (const Grid& g : grids)
      if (g.role == role && g.channel == channel) return &g;
    return nullptr;
  }
  const Rect* rect(const std::string& what, int channel = 0) const {
    for (const Rect& r : rects)
      if (r.what == what && r.channel == channel) return &r;
    return nullptr;
  }
  bool shows_text(const std::string& text) const {
    return std::any_of(texts.begin(), texts.end(),
                       [&](const std::string& t) { return t.find(text) != std::string::npos; });
  }
};

Layout load_layout(const fs::path& path) {
  Layout layout;
  std::ifstream in(path);
  if (!in) {
    layout.error = "no layout file at " + path.string() + " (is --layout wired in main.cpp?)";
    return layout;
  }
  try {
    const nlohmann::json doc = nlohmann::json::parse(in);
    for (const auto& g : doc.at("grids")) {
      layout.grids.push_back({g.at("role"), g.at("channel"), g.at("x"), g.at("y"), g.at("cell"), g.at("rows"),
                              g.at("cols"), g.at("pad_top"), g.at("pad_left"), g.at("values_shown"),
                              g.at("value_px")});
    }
    for (const auto& r : doc.at("rects")) {
      layout.rects.push_back(
          {r.at("what"), r.at("channel"), {r.at("x0"), r.at("y0"), r.at("x1"), r.at("y1")}});
    }
    for (const auto& t : doc.at("texts")) layout.texts.push_back(t);
    for (const auto& w : doc.at("widgets"))
      layout.widgets.push_back({w.at("label"), {w.at("x0"), w.at("y0"), w.at("x1"), w.at("y1")}});
  } catch (const nlohmann::json::exception& e) {
    layout.error = "cannot read the layout " + path.string() + ": " + e.what();
  }
  return layout;
}

// Cells of a tensor slice in its own coordinates: row −1 is the first padding row.
struct CellRange {
  int row0 = 0, row1 = 0, col0 = 0, col1 = 0;
};

std::string describe(CellRange c) {
  return "rows " + std::to_string(c.row0) + ".." + std::to_string(c.row1) + ", cols " +
         std::to_string(c.col0) + ".." + std::to_string(c.col1);
}

// Where the grid draws those cells: from the first cell's top-left to the last cell's far edge (the gap
// after it excluded, which the tolerance absorbs).
PixelRect cells_rect(const Grid& g, CellRange c) {
  return {g.x + static_cast<float>(g.pad_left + c.col0) * g.cell,
          g.y + static_cast<float>(g.pad_top + c.row0) * g.cell,
          g.x + static_cast<float>(g.pad_left + c.col1 + 1) * g.cell,
          g.y + static_cast<float>(g.pad_top + c.row1 + 1) * g.cell};
}

// "" when `rect` frames exactly the cells `expected` of `grid` (within a third of a cell on each edge,
// for outlines drawn around the cells and the gap after the last one), else what is off.
std::string framing_problem(const Grid& grid, const PixelRect& rect, CellRange expected) {
  const PixelRect want = cells_rect(grid, expected);
  const float tolerance = 0.34f * grid.cell;
  std::ostringstream out;
  const auto check = [&](const char* edge, float got, float wanted) {
    if (std::abs(got - wanted) > tolerance)
      out << edge << " at " << got << " px, expected " << wanted << " px; ";
  };
  check("left", rect.x0, want.x0);
  check("top", rect.y0, want.y0);
  check("right", rect.x1, want.x1);
  check("bottom", rect.y1, want.y1);
  const std::string problem = out.str();
  if (problem.empty()) return "";
  return problem + "(expected the " + grid.role + " cells " + describe(expected) + ", cell pitch " +
         std::to_string(grid.cell) + " px)";
}

// "" when the layout's "window" rect over input channel `channel` covers exactly `expected`.
std::string window_problem(const Layout& layout, int channel, CellRange expected) {
  const Grid* input = layout.grid("input", channel);
  if (input == nullptr) return "no input grid for channel " + std::to_string(channel) + " in the layout";
  const Rect* window = layout.rect("window", channel);
  if (window == nullptr) window = layout.rect("window", 0);
  if (window == nullptr) return "no \"window\" rect in the layout";
  return framing_problem(*input, window->r, expected);
}

// --- Running the app ---------------------------------------------------------------------------

constexpr int kWidth = 1280;
constexpr int kHeight = 800;
constexpr int kFrames = 8;
// Colours are compared per channel within this (antialiasing, rounding in the palette's LUT).
constexpr int kColourTolerance = 40;

struct AppRun {
  int exit_code = -1;
  std::string stderr_text;
  Image image;
  Layout layout;
};

class GuiTest : public ::testing::Test {
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

  // Runs the app with exactly `args` (and `env` before it); returns its exit code, stderr in `stderr_text`.
  int run_raw(const std::string& args, std::string* stderr_text, const std::string& env = "") {
    const fs::path err = dir_ / "stderr.txt";
    const std::string command =
        env + " '" + std::string(CONVSTEP_BINARY) + "' " + args + " > /dev/null 2> '" + err.string() + "'";
    const int status = std::system(command.c_str());
    std::ifstream in(err);
    std::stringstream text;
    text << in.rdbuf();
    *stderr_text = text.str();
    return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
  }

  // Runs the app with `args` plus the size, frames, screenshot and layout; reads back both.
  AppRun run(const std::string& args, int width = kWidth, int height = kHeight) {
    ++runs_;
    const fs::path png = dir_ / ("shot" + std::to_string(runs_) + ".png");
    const fs::path json = dir_ / ("layout" + std::to_string(runs_) + ".json");
    AppRun result;
    result.exit_code = run_raw("--size " + std::to_string(width) + "x" + std::to_string(height) +
                                   " --frames " + std::to_string(kFrames) + " --screenshot '" + png.string() +
                                   "' --layout '" + json.string() + "' " + args,
                               &result.stderr_text);
    result.image = load_png(png);
    result.layout = load_layout(json);
    return result;
  }

  AppRun lesson_at(const std::string& lesson, int step) {
    AppRun r = run("--lesson " + lesson + " --step " + std::to_string(step));
    EXPECT_EQ(r.exit_code, 0) << r.stderr_text;
    EXPECT_EQ(r.image.width, kWidth) << "no screenshot of " << lesson;
    EXPECT_EQ(r.layout.error, "");
    return r;
  }

  fs::path dir_;
  int runs_ = 0;
};

}  // namespace convstep::gui_test
