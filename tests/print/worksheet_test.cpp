// The worksheet PDF: it renders with pdftoppm, its fonts are embedded, and its extracted text
// (pdftotext) holds each exercise's layer line and, after "Answer key" only, every row of the engine's
// output and the first step's arithmetic; the same seed gives the same sheet; big grids are split
// rather than cut off; paper sizes; the file rules.
#include "print/worksheet.h"

#include <gtest/gtest.h>

#include <cerrno>
#include <fstream>
#include <sstream>

#include "core/atomic_write.h"
#include "core/geometry.h"
#include "core/lesson.h"
#include "core/ops.h"
#include "core/pytorch_text.h"
#include "core/step_text.h"
#include "core/stepper.h"
#include "tests/print/print_test_support.h"

namespace convstep {
namespace {

using namespace test_support;
using Worksheet = PrintFolder;

std::string pdf_text(const std::string& file) {
  return run_tool("pdftotext -layout '" + file + "' -").out;
}

// The rows of an output tensor as a person reads them off the grid: " 4 3 4 ", " 2 4 3 ", ...
std::vector<std::string> output_rows(const Tensor& out) {
  const int64_t cols = out.size(-1);
  std::vector<std::string> rows;
  for (int64_t start = 0; start < out.numel(); start += cols) {
    std::string row = " ";
    for (int64_t i = start; i < start + cols; ++i) row += display_number(out.data()[i]) + " ";
    rows.push_back(row);
  }
  return rows;
}

std::string without_spaces(std::string s) {
  std::erase(s, ' ');
  std::erase(s, '\n');
  return s;
}

std::vector<WorksheetExercise> seeded(uint64_t seed, int64_t count, Difficulty d) {
  return worksheet_exercises(generate_exercises(seed, count, d));
}

TEST_F(Worksheet, ThePdfRendersAndItsAnswerKeyHoldsTheEnginesOutput) {
  const std::string file = path("sheet.pdf");
  const auto exercises = seeded(7, 4, Difficulty::kMedium);
  ASSERT_TRUE(write_worksheet_pdf(exercises, {}, file).ok());
  EXPECT_EQ(run_tool("pdftoppm -r 20 -png '" + file + "' '" + path("page") + "'").code, 0);
  EXPECT_TRUE(fs::exists(path("page-1.png")));
  const std::string text = pdf_text(file);
  const size_t key = text.find("Answer key");
  ASSERT_NE(key, std::string::npos) << text;
  const std::string sheet = squeezed(text.substr(0, key)), answers = squeezed(text.substr(key));
  for (const WorksheetExercise& e : exercises) {
    EXPECT_TRUE(contains(sheet, pytorch_layer(e.scene))) << pytorch_layer(e.scene);
    auto out = run(e.scene);
    ASSERT_TRUE(out.ok());
    for (const std::string& row : output_rows(*out)) EXPECT_TRUE(contains(answers, row)) << row << answers;
    auto stepper = Stepper::create(e.scene);
    ASSERT_TRUE(stepper.ok());
    const Snapshot first = stepper->snapshot(0);
    const auto lines = step_arithmetic_view(stepper->geometry(), first, -1, first.result, kAllTerms).lines;
    // The total line of the worked step; long lines wrap, so compare its end, without spaces (pdftotext
    // drops some between narrow glyphs).
    const std::string total = without_spaces(lines.back().text());
    EXPECT_TRUE(contains(without_spaces(answers), total.substr(total.size() > 24 ? total.size() - 24 : 0)))
        << total;
  }
}

TEST_F(Worksheet, TheExercisePagesAskAndDoNotAnswer) {
  const std::string file = path("ask.pdf");
  Scene article = find_builtin_lesson("article-5x5")->scene;
  ASSERT_TRUE(write_worksheet_pdf({{article, "The convolution operation"}}, {}, file).ok());
  const std::string text = pdf_text(file);
  const size_t key = text.find("Answer key");
  ASSERT_NE(key, std::string::npos);
  const std::string sheet = squeezed(text.substr(0, key)), answers = squeezed(text.substr(key));
  EXPECT_TRUE(contains(sheet, "What is the output size?"));
  EXPECT_TRUE(contains(sheet, "height ______ width ______"));
  EXPECT_TRUE(contains(sheet, " Name "));
  EXPECT_TRUE(contains(sheet, " 1 1 1 0 0 ")) << "the input's first row";
  // The feature map 4 3 4 / 2 4 3 / 2 3 4 appears only in the key.
  EXPECT_FALSE(contains(sheet, " 4 3 4 ")) << sheet;
  EXPECT_TRUE(contains(answers, " 4 3 4 ")) << answers;
  EXPECT_TRUE(contains(answers, "1×1 + 1×0 + 1×1 + 0×0 + 1×1 + 1×0 + 0×1 + 0×0 + 1×1 = 4")) << answers;
}

TEST_F(Worksheet, PaddingCellsAreDrawnAroundThePaddedInput) {
  const std::string file = path("pad.pdf");
  Scene same = find_builtin_lesson("padding-same")->scene;
  ASSERT_TRUE(write_worksheet_pdf({{same, ""}}, {}, file).ok());
  const std::string sheet = squeezed(pdf_text(file));
  // padding=1 around 5 columns: the top row of the drawn input is seven padding zeros.
  EXPECT_TRUE(contains(sheet, " 0 0 0 0 0 0 0 ")) << sheet;
  EXPECT_TRUE(contains(sheet, "padding"));
}

TEST_F(Worksheet, TheSameSeedGivesTheSameSheetAndAnotherSeedAnother) {
  const std::string a = path("a.pdf"), b = path("b.pdf"), c = path("c.pdf");
  ASSERT_TRUE(write_worksheet_pdf(seeded(7, 3, Difficulty::kHard), {}, a).ok());
  ASSERT_TRUE(write_worksheet_pdf(seeded(7, 3, Difficulty::kHard), {}, b).ok());
  ASSERT_TRUE(write_worksheet_pdf(seeded(8, 3, Difficulty::kHard), {}, c).ok());
  EXPECT_EQ(pdf_text(a), pdf_text(b));
  EXPECT_NE(pdf_text(a), pdf_text(c));
}

TEST_F(Worksheet, FontsAreEmbeddedAndThePaperIsTheOneAsked) {
  const std::string a4 = path("a4.pdf"), letter = path("letter.pdf");
  ASSERT_TRUE(write_worksheet_pdf(seeded(1, 1, Difficulty::kEasy), {}, a4).ok());
  WorksheetOptions us;
  us.paper = Paper::kLetter;
  ASSERT_TRUE(write_worksheet_pdf(seeded(1, 1, Difficulty::kEasy), us, letter).ok());
  const std::string fonts = run_tool("pdffonts '" + a4 + "'").out;
  ASSERT_TRUE(contains(fonts, "DejaVuSans")) << fonts;
  // Every font row (after the two header lines) says emb = yes.
  std::istringstream rows(fonts);
  std::string row;
  int font_rows = 0;
  for (int i = 0; std::getline(rows, row); ++i) {
    if (i < 2 || row.empty()) continue;
    ++font_rows;
    EXPECT_TRUE(contains(row, " yes yes yes ")) << row;
  }
  EXPECT_GT(font_rows, 0);
  EXPECT_TRUE(contains(run_tool("pdfinfo '" + a4 + "'").out, "595.28 x 841.89 pts (A4)"));
  EXPECT_TRUE(contains(run_tool("pdfinfo '" + letter + "'").out, "612 x 792 pts (letter)"));
}

TEST_F(Worksheet, AGridWiderThanThePageIsSplitKeepingEveryNumber) {
  Scene wide;
  wide.params.op = Op::kConv1d;
  std::vector<float> values(60);
  for (int i = 0; i < 60; ++i) values[static_cast<size_t>(i)] = static_cast<float>(i + 100);
  wide.input = Tensor({1, 60}, values);
  wide.weight = Tensor({1, 1, 2}, 1.0f);
  const std::string file = path("wide.pdf");
  ASSERT_TRUE(write_worksheet_pdf({{wide, ""}}, {}, file).ok());
  const std::string text = squeezed(pdf_text(file));
  EXPECT_TRUE(contains(text, "columns 1–")) << text;
  for (int i = 0; i < 60; ++i) {
    std::string word = " ";  // appended, which keeps GCC's -Wrestrict quiet
    word += std::to_string(i + 100);
    word += ' ';
    EXPECT_TRUE(contains(text, word)) << i;
  }
  EXPECT_TRUE(contains(text, " 315 317 ")) << "the last two outputs, 157+158 and 158+159";
}

TEST(WorksheetErrors, InvalidScenesEmptySheetsAndHugeInputsAreExplained) {
  EXPECT_FALSE(render_worksheet_pdf({}, {}).ok());
  Scene bad = find_builtin_lesson("article-5x5")->scene;
  bad.weight = Tensor({1, 1, 7, 7}, 1.0f);
  auto invalid = render_worksheet_pdf({{bad, ""}}, {});
  ASSERT_FALSE(invalid.ok());
  EXPECT_TRUE(contains(invalid.message(), "exercise 1: ")) << invalid.message();
  Scene huge = find_builtin_lesson("article-5x5")->scene;
  huge.input = Tensor({1, 400, 400}, 1.0f);
  auto big = render_worksheet_pdf({{huge, ""}}, {});
  ASSERT_FALSE(big.ok());
  EXPECT_TRUE(contains(big.message(), "cells")) << big.message();
}

TEST_F(Worksheet, TheFileRulesHold) {
  const auto exercises = seeded(3, 1, Difficulty::kEasy);
  const std::string file = path("kept.pdf");
  { std::ofstream(file) << "mine"; }
  auto refused = write_worksheet_pdf(exercises, {}, file);
  ASSERT_FALSE(refused.ok());
  EXPECT_TRUE(contains(refused.message(), "already exists")) << refused.message();
  EXPECT_EQ(fs::file_size(file), 4u);
  atomic_write_testing::fail_next(atomic_write_testing::Step::kWrite, ENOSPC);
  WorksheetOptions force;
  force.force = true;
  auto full = write_worksheet_pdf(exercises, force, file);
  ASSERT_FALSE(full.ok());
  EXPECT_TRUE(contains(full.message(), "No space left")) << full.message();
  EXPECT_EQ(fs::file_size(file), 4u) << "the previous file stays";
  EXPECT_EQ(files_in_folder(), 1u) << "no temporary file is left";
  EXPECT_FALSE(write_worksheet_pdf(exercises, {}, path("missing/x.pdf")).ok());
  EXPECT_TRUE(write_worksheet_pdf(exercises, force, file).ok());
  EXPECT_EQ(run_tool("pdftoppm -r 10 -png -f 1 -l 1 '" + file + "' '" + path("p") + "'").code, 0);
}

}  // namespace
}  // namespace convstep
