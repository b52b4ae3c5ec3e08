// Runs the real window (under Xvfb) on named lessons at given steps and checks what a person would
// check, with tolerances: the highlighted window covers exactly the input cells the lesson's geometry
// gives, its outline is drawn in the highlight colour, the current output cell has its value's colour
// and a number, cells not computed yet are empty, the formula is on screen. Positions come from the
// layout the app writes with --layout; the pixels come from its --screenshot, so a layout that lies
// about the picture fails too.
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "app/widgets/palette.h"
#include "app/widgets/theme.h"
#include "core/lesson.h"
#include "core/stepper.h"
#include "tests/app/gui_support.h"

namespace convstep {
namespace {

using namespace gui_test;

class GuiVisualizer : public GuiTest {};

// The lesson's stepper, for the values the cells should show (positions come from the geometry).
Stepper stepper_of(const std::string& name) {
  Result<Lesson> lesson = find_builtin_lesson(name);
  EXPECT_TRUE(lesson.ok()) << lesson.message();
  Result<Stepper> stepper = Stepper::create(lesson->scene);
  EXPECT_TRUE(stepper.ok()) << stepper.message();
  return std::move(stepper).value();
}

std::vector<float> values_of(const Tensor& t) {
  return std::vector<float>(t.data(), t.data() + t.numel());
}

// Checks the window outline: it frames `expected` on the input and is drawn in the highlight colour.
void expect_window(const AppRun& run, CellRange expected, int channel = 0) {
  EXPECT_EQ(window_problem(run.layout, channel, expected), "");
  const Rect* window = run.layout.rect("window", channel);
  if (window == nullptr) window = run.layout.rect("window", 0);
  if (window == nullptr || run.image.rgb.empty()) return;
  EXPECT_GT(border_share(run.image, window->r, rgb_of(palette::kHighlight), kColourTolerance), 0.8)
      << "the window's outline is not in the highlight colour " << describe(rgb_of(palette::kHighlight));
}

// "" when the cell of an output (or input) value is filled with the palette's colour for it and shows a
// number, else what it shows instead.
std::string filled_problem(const AppRun& run, const std::string& role, int channel, int row, int col,
                           ImU32 expected) {
  const Grid* grid = run.layout.grid(role, channel);
  if (grid == nullptr) return "no " + role + " grid in the layout";
  const CellLook look = look_at(run.image, cells_rect(*grid, {row, row, col, col}));
  const std::string cell = role + " cell (" + std::to_string(row) + ", " + std::to_string(col) + ")";
  if (distance(look.fill, rgb_of(expected)) > kColourTolerance)
    return cell + " is filled with " + describe(look.fill) + ", expected " + describe(rgb_of(expected));
  if (look.marked < 0.01) return cell + " shows no number";
  return "";
}

// "" when an output cell is not computed yet: the empty-cell colour (or the background), no number.
std::string empty_problem(const AppRun& run, int row, int col) {
  const Grid* grid = run.layout.grid("output", 0);
  if (grid == nullptr) return "no output grid in the layout";
  const CellLook look = look_at(run.image, cells_rect(*grid, {row, row, col, col}));
  const std::string cell = "output cell (" + std::to_string(row) + ", " + std::to_string(col) + ")";
  const int to_empty = std::min(distance(look.fill, rgb_of(no_value_color())),
                                distance(look.fill, rgb_of(palette::kBackground)));
  if (to_empty > 24) return cell + " should be empty but is filled with " + describe(look.fill);
  if (look.marked >= 0.01) return cell + " should be empty but shows marks (a number?)";
  return "";
}

void expect_filled(const AppRun& run, const std::string& role, int channel, int row, int col,
                   ImU32 expected) {
  EXPECT_EQ(filled_problem(run, role, channel, row, col, expected), "");
}
void expect_empty(const AppRun& run, int row, int col) {
  EXPECT_EQ(empty_problem(run, row, col), "");
}

ImU32 output_colour(const Stepper& stepper, int64_t step) {
  const Tensor full = stepper.partial_output(stepper.step_count());
  const std::vector<float> values = values_of(full);
  return cell_color(PaletteKind::kColorBlindSafe, TensorRole::kOutput, values[static_cast<size_t>(step)],
                    ValueRange::of(values));
}

// --- The lessons ---------------------------------------------------------------------------------

TEST_F(GuiVisualizer, TheArticlesFifthStepFramesTheCentreOfTheInput) {
  const AppRun r = lesson_at("article-5x5", 4);
  // out[0,1,1] reads input rows 1..3, columns 1..3.
  expect_window(r, {1, 3, 1, 3});
  const Grid* output = r.layout.grid("output");
  ASSERT_NE(output, nullptr);
  EXPECT_EQ(output->rows, 3);
  EXPECT_EQ(output->cols, 3);
  const Rect* current = r.layout.rect("current_output");
  ASSERT_NE(current, nullptr) << "no \"current_output\" rect in the layout";
  EXPECT_EQ(framing_problem(*output, current->r, {1, 1, 1, 1}), "");
  const Stepper stepper = stepper_of("article-5x5");
  expect_filled(r, "output", 0, 1, 1, output_colour(stepper, 4));
  expect_filled(r, "output", 0, 0, 0, output_colour(stepper, 0));
  // Steps 5..8 are not computed yet.
  expect_empty(r, 1, 2);
  expect_empty(r, 2, 0);
  expect_empty(r, 2, 2);
}

TEST_F(GuiVisualizer, TheFormulaAndTheArithmeticAreOnScreen) {
  const AppRun r = lesson_at("article-5x5", 4);
  EXPECT_TRUE(r.layout.shows_text("⌊(5 + 2·0 − 1·(3−1) − 1)/1⌋ + 1 = 3")) << "formula missing";
  EXPECT_TRUE(r.layout.shows_text("out[0,1,1] = 1×1 + 1×0 + 1×1 + 0×0 + 1×1 + 1×0 + 0×1 + 1×0 + 1×1 = 4"))
      << "arithmetic missing";
}

TEST_F(GuiVisualizer, TheLayoutMatchesThePicture) {
  const AppRun r = lesson_at("article-5x5", 4);
  const Stepper stepper = stepper_of("article-5x5");
  const std::vector<float> input = values_of(stepper.scene().input);
  const ValueRange range = ValueRange::of(input);
  // Input cell (0,0) holds 1 and (0,3) holds 0: each has its own colour where the layout says.
  expect_filled(r, "input", 0, 0, 0,
                cell_color(PaletteKind::kColorBlindSafe, TensorRole::kInput, input[0], range));
  expect_filled(r, "input", 0, 0, 3,
                cell_color(PaletteKind::kColorBlindSafe, TensorRole::kInput, input[3], range));
}

TEST_F(GuiVisualizer, StrideTwoMovesTheWindowTwoCells) {
  // stride-2 step 3 is out[0,1,1]: rows 2..4, columns 2..4 of the 5×5 input.
  const AppRun r = lesson_at("stride-2", 3);
  expect_window(r, {2, 4, 2, 4});
  const Grid* output = r.layout.grid("output");
  ASSERT_NE(output, nullptr);
  EXPECT_EQ(output->rows, 2);
  EXPECT_EQ(output->cols, 2);
}

TEST_F(GuiVisualizer, WithSamePaddingTheFirstWindowReachesIntoThePadding) {
  // padding-same: 5×5 input, padding 1; out[0,0,0] reads rows −1..1, columns −1..1.
  const AppRun r = lesson_at("padding-same", 0);
  const Grid* input = r.layout.grid("input");
  ASSERT_NE(input, nullptr);
  EXPECT_EQ(input->pad_top, 1);
  EXPECT_EQ(input->pad_left, 1);
  EXPECT_EQ(input->rows, 7);
  EXPECT_EQ(input->cols, 7);
  expect_window(r, {-1, 1, -1, 1});
  EXPECT_TRUE(r.layout.shows_text("⌊(5 + 2·1 − 1·(3−1) − 1)/1⌋ + 1 = 5"));
}

TEST_F(GuiVisualizer, WithDilationTheWindowSpansFiveCellsForAThreeTapKernel) {
  // dilation: 7×7 input, kernel 3, dilation 2; out[0,1,1] spans rows 1..5, columns 1..5.
  const AppRun r = lesson_at("dilation", 4);
  expect_window(r, {1, 5, 1, 5});
}

TEST_F(GuiVisualizer, MaxPoolFramesItsWindowAndColoursTheWinner) {
  // max-pool: 4×4 input, kernel 2, stride 2; out[0,1,1] reads rows 2..3, columns 2..3.
  const AppRun r = lesson_at("max-pool", 3);
  expect_window(r, {2, 3, 2, 3});
  const Stepper stepper = stepper_of("max-pool");
  expect_filled(r, "output", 0, 1, 1, output_colour(stepper, 3));
  EXPECT_TRUE(r.layout.shows_text("max(8, 6, 13, 10) = 13"));
}

TEST_F(GuiVisualizer, AOneDimensionalWindowCoversThreeCellsOfTheRow) {
  // input-1d-k3-s1: one channel of length 10; out[0,0,4] reads cells 4..6.
  const AppRun r = lesson_at("input-1d-k3-s1", 4);
  const Grid* input = r.layout.grid("input");
  ASSERT_NE(input, nullptr);
  EXPECT_EQ(input->rows, 1);
  EXPECT_EQ(input->cols, 10);
  expect_window(r, {0, 0, 4, 6});
  expect_empty(r, 0, 5);
}

TEST_F(GuiVisualizer, AStrideSetOnTheCommandLineShrinksTheFeatureMap) {
  const AppRun r = run("--lesson article-5x5 --set stride=2 --step 1");
  ASSERT_EQ(r.exit_code, 0) << r.stderr_text;
  const Grid* output = r.layout.grid("output");
  ASSERT_NE(output, nullptr) << r.layout.error;
  EXPECT_EQ(output->rows, 2);
  EXPECT_EQ(output->cols, 2);
  // out[0,0,1] with stride 2 reads rows 0..2, columns 2..4.
  expect_window(r, {0, 2, 2, 4});
  EXPECT_TRUE(r.layout.shows_text("⌊(5 + 2·0 − 1·(3−1) − 1)/2⌋ + 1 = 2"));
}

TEST_F(GuiVisualizer, AnInvalidSettingIsExplainedAndTheLastValidSceneIsDrawn) {
  const AppRun r = run("--lesson article-5x5 --set kernel_size=7 --step 4");
  EXPECT_EQ(r.exit_code, 0) << r.stderr_text;
  EXPECT_NE(r.stderr_text.find("kernel"), std::string::npos) << r.stderr_text;
  EXPECT_NE(r.stderr_text.find('7'), std::string::npos)
      << "the explanation should give the numbers: " << r.stderr_text;
  // The window explains it too, with the refused numbers substituted into the formula.
  EXPECT_TRUE(r.layout.shows_text("⌊(5 + 2·0 − 1·(7−1) − 1)/1⌋ + 1 = −1")) << "no explanation on screen";
  // The lesson as written stays: a 3×3 map with its window on the centre.
  const Grid* output = r.layout.grid("output");
  ASSERT_NE(output, nullptr) << r.layout.error;
  EXPECT_EQ(output->rows, 3);
  EXPECT_EQ(output->cols, 3);
  expect_window(r, {1, 3, 1, 3});
}

// --- Control cases: the checks must be able to fail --------------------------------------------------

TEST_F(GuiVisualizer, TheWindowCheckRejectsAWrongCellRange) {
  const AppRun r = lesson_at("article-5x5", 4);
  ASSERT_EQ(window_problem(r.layout, 0, {1, 3, 1, 3}), "");
  EXPECT_NE(window_problem(r.layout, 0, {0, 2, 0, 2}), "");
  EXPECT_NE(window_problem(r.layout, 0, {1, 3, 2, 4}), "");
  EXPECT_NE(window_problem(r.layout, 0, {1, 2, 1, 3}), "");
}

TEST_F(GuiVisualizer, TheCellChecksTellFilledFromEmpty) {
  const AppRun r = lesson_at("article-5x5", 4);
  const Stepper stepper = stepper_of("article-5x5");
  ASSERT_EQ(filled_problem(r, "output", 0, 0, 0, output_colour(stepper, 0)), "");
  ASSERT_EQ(empty_problem(r, 2, 2), "");
  EXPECT_NE(empty_problem(r, 0, 0), "") << "a computed cell passed as empty";
  EXPECT_NE(filled_problem(r, "output", 0, 2, 2, output_colour(stepper, 8)), "")
      << "an empty cell passed as filled";
  // out[0,1,0] = 2 and out[0,0,0] = 4 have different colours: each fails the other's check.
  EXPECT_NE(filled_problem(r, "output", 0, 1, 0, output_colour(stepper, 0)), "");
}

TEST(GuiVisualizerChecks, ABorderOfAnotherColourIsNotTheHighlight) {
  Image image;
  image.width = 40;
  image.height = 40;
  image.rgb.assign(40 * 40 * 3, 30);
  const PixelRect r{10, 10, 30, 30};
  EXPECT_LT(border_share(image, r, rgb_of(palette::kHighlight), kColourTolerance), 0.01);
  for (int i = 10; i <= 30; ++i) {
    for (const auto [x, y] : {std::pair{i, 10}, std::pair{i, 30}, std::pair{10, i}, std::pair{30, i}}) {
      unsigned char* p = &image.rgb[(static_cast<size_t>(y) * 40 + x) * 3];
      const Rgb hl = rgb_of(palette::kHighlight);
      p[0] = static_cast<unsigned char>(hl.r), p[1] = static_cast<unsigned char>(hl.g);
      p[2] = static_cast<unsigned char>(hl.b);
    }
  }
  EXPECT_GT(border_share(image, r, rgb_of(palette::kHighlight), kColourTolerance), 0.95);
}

}  // namespace
}  // namespace convstep
