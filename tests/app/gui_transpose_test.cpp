// The two views of a transposed convolution in the real window, read back through --layout and the
// screenshot: the stamping view outlines the stamp's window on the output and draws each cell's overlap
// count (the counts the Stamper gives, where stamps have landed and nowhere else); the direct view
// marks the inserted zeros and output_padding's zeros on the zero-inserted input, and not the input's
// own cells.
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "core/lesson.h"
#include "core/transpose.h"
#include "tests/app/gui_support.h"

namespace convstep {
namespace {

using namespace gui_test;

class GuiTranspose : public GuiTest {};

// The overlap-count badge's text colour (palette::kWeightNote) and the direct view's marks.
const Rgb kBadge{160, 235, 180};
const Rgb kInsertedAmber{255, 190, 60};

Stamper stamper_of(const std::string& name) {
  Result<Lesson> lesson = find_builtin_lesson(name);
  EXPECT_TRUE(lesson.ok()) << lesson.message();
  Result<Stamper> stamper = Stamper::create(lesson->scene);
  EXPECT_TRUE(stamper.ok()) << stamper.message();
  return std::move(stamper).value();
}

// Pixels near the badge colour in the lower-right quarter of output cell (row, col).
int badge_pixels(const AppRun& r, const Grid& output, int row, int col) {
  const PixelRect cell = cells_rect(output, {row, row, col, col});
  int found = 0;
  for (int y = static_cast<int>((cell.y0 + cell.y1) / 2); y < static_cast<int>(cell.y1); ++y)
    for (int x = static_cast<int>((cell.x0 + cell.x1) / 2); x < static_cast<int>(cell.x1); ++x)
      if (r.image.contains(x, y) && distance(r.image.at(x, y), kBadge) < kColourTolerance) ++found;
  return found;
}

// Pixels of the inserted zeros' amber inside `rect`.
int amber_pixels(const AppRun& r, PixelRect rect) {
  int found = 0;
  for (int y = static_cast<int>(rect.y0); y < static_cast<int>(rect.y1); ++y)
    for (int x = static_cast<int>(rect.x0); x < static_cast<int>(rect.x1); ++x)
      if (r.image.contains(x, y) && distance(r.image.at(x, y), kInsertedAmber) < kColourTolerance) ++found;
  return found;
}

TEST_F(GuiTranspose, StampingDrawsTheStampWindowAndTheOverlapCounts) {
  const Stamper stamper = stamper_of("transpose-strides");
  // Step 3 stamps input (1, 1): stride 2 puts its 3×3 window at output rows and columns 2..4.
  const AppRun r = lesson_at("transpose-strides", 3);
  const Grid* output = r.layout.grid("output");
  ASSERT_NE(output, nullptr);
  EXPECT_EQ(output->rows, 5);
  EXPECT_EQ(output->cols, 5);
  const Rect* window = r.layout.rect("stamp_window");
  ASSERT_NE(window, nullptr) << "no \"stamp_window\" rect in the layout";
  EXPECT_EQ(framing_problem(*output, window->r, {2, 4, 2, 4}), "");
  const Grid* input = r.layout.grid("input");
  ASSERT_NE(input, nullptr);
  const Rect* source = r.layout.rect("stamp_source");
  ASSERT_NE(source, nullptr);
  EXPECT_EQ(framing_problem(*input, source->r, {1, 1, 1, 1}), "");

  // The counts drawn are the Stamper's, row by row: 1, 2 and 4 where the stamps overlap.
  const Tensor counts = stamper.overlap_counts(stamper.step_count());
  for (int row = 0; row < 5; ++row) {
    std::string expected = "overlaps 0," + std::to_string(row) + ":";
    for (int col = 0; col < 5; ++col)
      expected += " " + std::to_string(static_cast<int>(counts.at({0, row, col})));
    EXPECT_TRUE(r.layout.shows_text(expected)) << "missing: " << expected;
  }
  EXPECT_EQ(counts.at({0, 2, 2}), 4.0f);
  EXPECT_GT(badge_pixels(r, *output, 2, 2), 4) << "no overlap count drawn on the cell stamped four times";
}

TEST_F(GuiTranspose, CellsNoStampHasReachedShowNoCount) {
  // After the first stamp only output rows and columns 0..2 have been touched.
  const AppRun r = lesson_at("transpose-strides", 0);
  const Grid* output = r.layout.grid("output");
  ASSERT_NE(output, nullptr);
  EXPECT_TRUE(r.layout.shows_text("overlaps 0,4: 0 0 0 0 0"));
  EXPECT_GT(badge_pixels(r, *output, 0, 0), 4) << "the stamped cell shows no count";
  // The control: an empty cell must not look like one with a count.
  EXPECT_EQ(badge_pixels(r, *output, 4, 4), 0) << "a cell no stamp reached shows a count";
}

TEST_F(GuiTranspose, TheDirectViewMarksTheInsertedZeros) {
  // 3×3 input, stride 2, output_padding 1: per dimension the direct input is x · x · x ·+ (6 cells),
  // so 3·3 are the input's own, 16 are inserted zeros and 11 are output_padding's extra zeros.
  const AppRun r = run("--lesson transpose-strides-output-padding --step 0 --direct");
  ASSERT_EQ(r.exit_code, 0) << r.stderr_text;
  int inserted = 0, extra = 0;
  const Rect* first_inserted = nullptr;
  for (const Rect& rect : r.layout.rects) {
    if (rect.what == "inserted_zero") {
      ++inserted;
      if (!first_inserted) first_inserted = &rect;
    }
    if (rect.what == "output_padding_zero") ++extra;
  }
  EXPECT_EQ(inserted, 16);
  EXPECT_EQ(extra, 11);
  const Grid* input = r.layout.grid("input");
  ASSERT_NE(input, nullptr);
  EXPECT_EQ(input->rows, 8);  // 6 direct cells and a padding of 1 on each side
  EXPECT_EQ(input->pad_top, 1);
  ASSERT_NE(first_inserted, nullptr);
  // (0, 1) is the zero between input cells (0, 0) and (0, 1).
  EXPECT_EQ(framing_problem(*input, first_inserted->r, {0, 0, 1, 1}), "");
  EXPECT_GT(amber_pixels(r, first_inserted->r), 60) << "the inserted zero is not outlined in amber";
  // The control: the input's own cell (1, 1) (direct cell (2, 2)) carries no amber.
  const PixelRect own = cells_rect(*input, {2, 2, 2, 2});
  EXPECT_LT(amber_pixels(r, {own.x0 + 1, own.y0 + 1, own.x1 - 3, own.y1 - 3}), 5);
  EXPECT_TRUE(
      r.layout.shows_text("6×6 zero-inserted input, padded by 1, kernel flipped · amber: inserted 0s, "
                          "blue: output_padding 0s"));
}

TEST_F(GuiTranspose, DirectIsRefusedForOtherOps) {
  std::string err;
  const int code = run_raw("--no-settings --lesson article-5x5 --frames 1 --size 1024x768 --direct", &err);
  EXPECT_NE(code, 0);
  EXPECT_NE(err.find("--direct: the scene is not a transposed convolution"), std::string::npos) << err;
}

}  // namespace
}  // namespace convstep
