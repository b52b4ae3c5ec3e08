// Ready for the projector: every built-in lesson at 1024×768 and 1920×1080, in the normal view and in
// presentation mode, read back through --layout: every drawn cell shows its value, in digits at least
// 14 px tall (20 px presenting), no two widgets overlap and nothing lies outside the window. A window
// below the supported size is the control case the same checks must reject. Also the remembered
// settings as the app reads and writes them.
#include <gtest/gtest.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include "core/lesson.h"
#include "core/settings.h"
#include "tests/app/gui_support.h"

namespace convstep::gui_test {
namespace {

constexpr float kLeastDigits = 14.0f, kLeastPresentedDigits = 20.0f;
// Enough for ImGui to lay the window out and for the type size of presentation mode to apply.
constexpr int kProjectorFrames = 3;

// What a person checking the projection would object to, one line each ("" none).
std::vector<std::string> projector_problems(const Layout& layout, int width, int height, float least_px) {
  std::vector<std::string> problems;
  const auto name = [](const Grid& g) { return g.role + " " + std::to_string(g.channel); };
  bool any_digits = false;
  for (const Grid& g : layout.grids) {
    if (!g.values_shown) problems.push_back("the " + name(g) + " grid leaves some values out");
    if (g.value_px > 0 && g.value_px < least_px - 0.01f)
      problems.push_back("the " + name(g) + " grid's digits are " + std::to_string(g.value_px) +
                         " px, under " + std::to_string(least_px));
    any_digits = any_digits || g.value_px >= least_px - 0.01f;
  }
  if (!any_digits) problems.push_back("no grid shows any value at the legible size");
  const auto outside = [&](const PixelRect& r) {
    return r.x0 < -0.5f || r.y0 < -0.5f || r.x1 > width + 0.5f || r.y1 > height + 0.5f;
  };
  const auto describe_rect = [](const PixelRect& r) {
    std::ostringstream out;
    out << "(" << r.x0 << ", " << r.y0 << ")–(" << r.x1 << ", " << r.y1 << ")";
    return out.str();
  };
  for (size_t i = 0; i < layout.widgets.size(); ++i) {
    const Widget& a = layout.widgets[i];
    if (outside(a.r))
      problems.push_back("\"" + a.label + "\" at " + describe_rect(a.r) + " leaves the window");
    for (size_t j = i + 1; j < layout.widgets.size(); ++j) {
      const Widget& b = layout.widgets[j];
      const float w = std::min(a.r.x1, b.r.x1) - std::max(a.r.x0, b.r.x0);
      const float h = std::min(a.r.y1, b.r.y1) - std::max(a.r.y0, b.r.y0);
      if (w > 1 && h > 1)
        problems.push_back("\"" + a.label + "\" " + describe_rect(a.r) + " overlaps \"" + b.label + "\" " +
                           describe_rect(b.r));
    }
  }
  for (const Rect& r : layout.rects)
    if (r.what == "arithmetic" && outside(r.r))
      problems.push_back("the arithmetic at " + describe_rect(r.r) + " leaves the window");
  return problems;
}

std::string joined(const std::vector<std::string>& lines) {
  std::string text;
  for (const std::string& line : lines) text += "\n  " + line;
  return text;
}

class Projector : public GuiTest {
 protected:
  // Runs the app headless at `width`×`height` with `args` and returns its layout ("" error on success).
  Layout layout_of(const std::string& args, int width, int height, int* exit_code,
                   const std::string& env = "", bool no_settings = true) {
    const fs::path json = dir_ / ("layout" + std::to_string(++runs_) + ".json");
    std::string err;
    *exit_code = run_raw("--size " + std::to_string(width) + "x" + std::to_string(height) + " --frames " +
                             std::to_string(kProjectorFrames) + " --layout '" + json.string() + "' " +
                             (no_settings ? "--no-settings " : "") + args,
                         &err, env);
    stderr_ = err;
    return load_layout(json);
  }
  std::string stderr_;
};

struct Screen {
  int width, height;
  bool present;
  bool quiz = false;
};

class EveryLesson : public Projector, public ::testing::WithParamInterface<Screen> {};

TEST_P(EveryLesson, ShowsEveryValueLegiblyWithNothingOverlappingOrCutOff) {
  const Screen screen = GetParam();
  Result<std::vector<Lesson>> lessons = load_builtin_lessons();
  ASSERT_TRUE(lessons.ok()) << lessons.message();
  ASSERT_FALSE(lessons->empty());
  const float least = screen.present ? kLeastPresentedDigits : kLeastDigits;
  for (const Lesson& lesson : *lessons) {
    int exit_code = -1;
    // The stepping view of every lesson (a lesson with "layers" would open the Network view).
    const Layout layout = layout_of("--lesson " + lesson.name + " --view stepper" +
                                        (screen.present ? " --present" : "") + (screen.quiz ? " --quiz" : ""),
                                    screen.width, screen.height, &exit_code);
    ASSERT_EQ(exit_code, 0) << lesson.name << ": " << stderr_;
    ASSERT_EQ(layout.error, "") << lesson.name;
    EXPECT_FALSE(layout.widgets.empty()) << lesson.name << ": no widget recorded";
    const std::vector<std::string> problems = projector_problems(layout, screen.width, screen.height, least);
    EXPECT_TRUE(problems.empty()) << lesson.name << " at " << screen.width << "x" << screen.height
                                  << (screen.present ? " presenting" : "")
                                  << (screen.quiz ? " in a quiz" : "") << ":" << joined(problems);
  }
}

INSTANTIATE_TEST_SUITE_P(Projector, EveryLesson,
                         ::testing::Values(Screen{1024, 768, false}, Screen{1024, 768, true},
                                           Screen{1920, 1080, false}, Screen{1920, 1080, true},
                                           Screen{1024, 768, false, true}, Screen{1920, 1080, false, true}),
                         [](const ::testing::TestParamInfo<Screen>& info) {
                           return std::to_string(info.param.width) + "x" + std::to_string(info.param.height) +
                                  (info.param.present ? "Presenting" : "Normal") +
                                  (info.param.quiz ? "Quiz" : "");
                         });

// A refused setting at 1024×768: the box's fix buttons are whole (in rows when they do not fit side by
// side), the parameter list keeps its rows, and nothing overlaps or leaves the window.
TEST_F(Projector, ARefusedSettingKeepsItsFixButtonsWholeAndTheParametersInSight) {
  int exit_code = -1;
  const Layout layout = layout_of("--lesson article-5x5 --set kernel_size=7,3", 1024, 768, &exit_code);
  ASSERT_EQ(exit_code, 1) << stderr_;  // the refused --set is reported, the window still opens
  ASSERT_EQ(layout.error, "");
  EXPECT_TRUE(projector_problems(layout, 1024, 768, kLeastDigits).empty())
      << joined(projector_problems(layout, 1024, 768, kLeastDigits));
  const auto find = [&](const std::string& label) -> const Widget* {
    for (const Widget& w : layout.widgets)
      if (w.label == label) return &w;
    return nullptr;
  };
  // The box's dismiss button is a whole button at its top right: the fixes match its height and stay
  // left of its right edge.
  const Widget* dismiss = find("\u00d7##dismiss");
  ASSERT_NE(dismiss, nullptr);
  const float button_height = dismiss->r.y1 - dismiss->r.y0;
  for (const char* fix : {"Use padding=1,0", "Use kernel_size=5,3"}) {
    const Widget* w = find(fix);
    ASSERT_NE(w, nullptr) << fix << " is not drawn";
    EXPECT_NEAR(w->r.y1 - w->r.y0, button_height, 1.0f) << fix << " is cut off";
    EXPECT_LE(w->r.x1, dismiss->r.x1 + 1) << fix << " passes the box's edge";
  }
  // op, input_size, in_channels, out_channels and kernel_size (the one changed) are on screen: 7 parameter
  // fields ("##op" and "##v"), where a squeezed list showed 5.
  int fields = 0;
  for (const Widget& w : layout.widgets) fields += w.label == "##op" || w.label == "##v";
  EXPECT_GE(fields, 7) << "the parameter list is squeezed";
}

// The control: a window smaller than any projector crowds the toolbar, and the checks must say so.
TEST_F(Projector, TheChecksRejectAWindowBelowTheSupportedSize) {
  int exit_code = -1;
  const Layout layout = layout_of("--lesson article-5x5", 640, 480, &exit_code);
  ASSERT_EQ(exit_code, 0) << stderr_;
  ASSERT_EQ(layout.error, "");
  EXPECT_FALSE(projector_problems(layout, 640, 480, kLeastDigits).empty());
}

TEST(ProjectorChecks, FindOverlapsHiddenValuesSmallDigitsAndWidgetsOffScreen) {
  Layout layout;
  Grid grid;
  grid.role = "input";
  grid.value_px = 15;
  layout.grids.push_back(grid);
  EXPECT_TRUE(projector_problems(layout, 800, 600, kLeastDigits).empty());
  layout.widgets = {{"a", {0, 0, 50, 20}}, {"b", {40, 10, 90, 30}}};
  EXPECT_EQ(projector_problems(layout, 800, 600, kLeastDigits).size(), 1u);
  layout.widgets = {{"a", {780, 0, 820, 20}}};
  EXPECT_EQ(projector_problems(layout, 800, 600, kLeastDigits).size(), 1u);
  layout.widgets.clear();
  layout.grids[0].values_shown = false;
  EXPECT_EQ(projector_problems(layout, 800, 600, kLeastDigits).size(), 1u);
  layout.grids[0].values_shown = true;
  EXPECT_FALSE(projector_problems(layout, 800, 600, kLeastPresentedDigits).empty());
}

TEST_F(Projector, PresentationModeHidesTheSidebarAndDrawsLargerDigits) {
  int code = -1;
  const Layout normal = layout_of("--lesson article-5x5", 1024, 768, &code);
  ASSERT_EQ(code, 0) << stderr_;
  const Layout presenting = layout_of("--lesson article-5x5 --present", 1024, 768, &code);
  ASSERT_EQ(code, 0) << stderr_;
  const Grid* a = normal.grid("input");
  const Grid* b = presenting.grid("input");
  ASSERT_NE(a, nullptr);
  ASSERT_NE(b, nullptr);
  EXPECT_GT(b->cell, a->cell * 1.3f);
  EXPECT_GE(b->value_px, kLeastPresentedDigits);
  const auto has = [](const Layout& l, const std::string& label) {
    return std::any_of(l.widgets.begin(), l.widgets.end(), [&](const Widget& w) { return w.label == label; });
  };
  EXPECT_TRUE(has(normal, "Present"));
  EXPECT_TRUE(has(normal, "random##input"));
  EXPECT_FALSE(has(presenting, "random##input")) << "the edit toolbar stays hidden while presenting";
  EXPECT_TRUE(has(presenting, "Leave (Esc)"));
}

// --- Remembered settings, through the real app --------------------------------------------------

std::string read_text(const fs::path& path) {
  std::ifstream in(path);
  std::stringstream text;
  text << in.rdbuf();
  return text.str();
}

TEST_F(Projector, TheNextRunOpensTheLessonAndModeLeftByTheLast) {
  const fs::path config = dir_ / "config";
  const std::string env = "CONVSTEP_CONFIG_DIR='" + config.string() + "'";
  int code = -1;
  layout_of("--lesson stride-2 --present", 1024, 768, &code, env, false);
  ASSERT_EQ(code, 0) << stderr_;
  const LoadedSettings saved = load_settings(config.string());
  ASSERT_EQ(saved.problem, "");
  EXPECT_EQ(saved.settings.last_lesson, "stride-2");
  EXPECT_TRUE(saved.settings.presentation);
  EXPECT_TRUE(fs::exists(config / "imgui.ini"));

  // No lesson named: the remembered one opens (stride 2 gives a 2×2 feature map), presenting.
  const Layout next = layout_of("", 1024, 768, &code, env, false);
  ASSERT_EQ(code, 0) << stderr_;
  const Grid* output = next.grid("output");
  ASSERT_NE(output, nullptr);
  EXPECT_EQ(output->rows, 2);
  EXPECT_EQ(output->cols, 2);
  EXPECT_GE(output->value_px, kLeastPresentedDigits);
}

TEST_F(Projector, ACorruptSettingsFileIsReportedOnceAndReplacedByDefaults) {
  const fs::path config = dir_ / "config";
  fs::create_directories(config);
  std::ofstream(config / "settings.json") << "{\"window\": [not json";
  int code = -1;
  const Layout layout = layout_of("--lesson article-5x5", 1024, 768, &code,
                                  "CONVSTEP_CONFIG_DIR='" + config.string() + "'", false);
  EXPECT_EQ(code, 0) << "a bad settings file never stops the app: " << stderr_;
  EXPECT_EQ(layout.error, "");
  const std::string needle = "settings.json";
  size_t count = 0;
  for (size_t at = stderr_.find(needle); at != std::string::npos; at = stderr_.find(needle, at + 1)) ++count;
  EXPECT_EQ(count, 1u) << stderr_;
  EXPECT_EQ(load_settings(config.string()).problem, "")
      << "replaced: " << read_text(config / "settings.json");
}

TEST_F(Projector, NoSettingsLeavesTheConfigFolderAlone) {
  const fs::path config = dir_ / "config";
  int code = -1;
  layout_of("--lesson article-5x5", 1024, 768, &code, "CONVSTEP_CONFIG_DIR='" + config.string() + "'", true);
  ASSERT_EQ(code, 0) << stderr_;
  EXPECT_FALSE(fs::exists(config));
}

}  // namespace
}  // namespace convstep::gui_test
