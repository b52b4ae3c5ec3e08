// Quiz mode in the real window under Xvfb: --quiz leaves the current output blank on screen and keeps
// its value out of every text drawn, a typed answer (--quiz-answer, as if typed and Enter) reveals the
// value with the located mistake, and text that is no number is a message, not a crash. Without --quiz
// the same cell shows its number: the control the blank is measured against.
#include <gtest/gtest.h>

#include "tests/app/gui_support.h"

namespace convstep::gui_test {
namespace {

class QuizWindow : public GuiTest {
 protected:
  // How much of the centre output cell out[0,1,1] of the article's map is drawn in ink.
  double ink_at_centre(const AppRun& run) {
    const Grid* output = run.layout.grid("output");
    EXPECT_NE(output, nullptr);
    if (output == nullptr) return -1;
    return look_at(run.image, cells_rect(*output, {1, 1, 1, 1})).marked;
  }
};

TEST_F(QuizWindow, HidesTheCurrentValueOnScreenAndInEveryTextDrawn) {
  const AppRun plain = run("--no-settings --lesson article-5x5 --step 4");
  const AppRun quiz = run("--no-settings --lesson article-5x5 --step 4 --quiz");
  ASSERT_EQ(plain.exit_code, 0) << plain.stderr_text;
  ASSERT_EQ(quiz.exit_code, 0) << quiz.stderr_text;
  ASSERT_EQ(quiz.layout.error, "");
  EXPECT_GE(ink_at_centre(plain), 0.01) << "control: without the quiz the 4 is drawn";
  EXPECT_LT(ink_at_centre(quiz), 0.01) << "the quiz leaves out[0,1,1] blank";
  EXPECT_TRUE(plain.layout.shows_text("= 4"));
  EXPECT_TRUE(quiz.layout.shows_text("out[0,1,1] = ?"));
  EXPECT_TRUE(quiz.layout.shows_text("What is out[0,1,1]?"));
  EXPECT_FALSE(quiz.layout.shows_text("= 4"));
  EXPECT_NE(quiz.layout.rect("current_output"), nullptr) << "the cell asked is still marked";
}

TEST_F(QuizWindow, AWrongAnswerRevealsTheValueAndWhereItWentAstray) {
  const AppRun r = run("--no-settings --lesson article-5x5 --step 4 --quiz --quiz-answer 3");
  ASSERT_EQ(r.exit_code, 0) << r.stderr_text;
  EXPECT_TRUE(r.layout.shows_text("Not quite: out[0,1,1] = 4, not 3."));
  EXPECT_TRUE(
      r.layout.shows_text("Off by 1: the first product, 1\xC3\x97"
                          "1 = 1, is missing."));
  EXPECT_TRUE(r.layout.shows_text("= 4"));
  EXPECT_TRUE(r.layout.shows_text("0/1 right \xC2\xB7 streak 0"));
  EXPECT_GE(ink_at_centre(r), 0.01) << "revealed: the 4 is drawn again";
  // The term at fault is framed on the grid too: input[0, 1, 1], the first cell of the window.
  const Grid* input = r.layout.grid("input");
  const Rect* fault = r.layout.rect("quiz_fault");
  ASSERT_NE(input, nullptr);
  ASSERT_NE(fault, nullptr);
  EXPECT_EQ(framing_problem(*input, fault->r, {1, 1, 1, 1}), "");
  EXPECT_GT(border_share(r.image, fault->r, {255, 176, 0}, kColourTolerance), 0.5) << "drawn in amber";
}

TEST_F(QuizWindow, ARightAnswerCountsTowardsTheStreak) {
  const AppRun r = run("--no-settings --lesson article-5x5 --step 4 --quiz --quiz-answer 4");
  ASSERT_EQ(r.exit_code, 0) << r.stderr_text;
  EXPECT_TRUE(r.layout.shows_text("Right: out[0,1,1] = 4."));
  EXPECT_TRUE(r.layout.shows_text("1/1 right \xC2\xB7 streak 1"));
}

TEST_F(QuizWindow, TextThatIsNoNumberIsAMessageNotACrash) {
  const AppRun r = run("--no-settings --lesson article-5x5 --step 4 --quiz --quiz-answer four");
  EXPECT_EQ(r.exit_code, 1) << "a headless run reports what it could not do";
  EXPECT_NE(r.stderr_text.find("--quiz-answer: \"four\" is not a number"), std::string::npos)
      << r.stderr_text;
  EXPECT_EQ(r.image.width, kWidth) << "the window ran and drew";
  EXPECT_TRUE(r.layout.shows_text("\"four\" is not a number"));
  EXPECT_TRUE(r.layout.shows_text("out[0,1,1] = ?")) << "the question stays open";
}

TEST_F(QuizWindow, APaddingAnswerDrawsTheCopyFromItsSource) {
  const AppRun r = run("--no-settings --lesson reflect-padding --quiz-ask padding --quiz-answer 6");
  ASSERT_EQ(r.exit_code, 0) << r.stderr_text;
  EXPECT_TRUE(r.layout.shows_text("copies input[0, 1, 2] = 7, not 6."));
  EXPECT_TRUE(r.layout.shows_text("Reflect mirrors the input at its edge"));
  const Grid* input = r.layout.grid("input");
  const Rect* asked = r.layout.rect("quiz_asked");
  const Rect* source = r.layout.rect("quiz_source");
  ASSERT_NE(input, nullptr);
  ASSERT_NE(asked, nullptr);
  ASSERT_NE(source, nullptr);
  EXPECT_EQ(framing_problem(*input, asked->r, {-1, -1, 2, 2}), "") << "the padding cell above column 2";
  EXPECT_EQ(framing_problem(*input, source->r, {1, 1, 2, 2}), "") << "reflected to row 1";
}

TEST_F(QuizWindow, AnUnknownQuestionKindIsRefusedWithTheChoices) {
  const AppRun r = run("--no-settings --lesson article-5x5 --quiz-ask everything");
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_NE(
      r.stderr_text.find("--quiz-ask: expected next-value, receptive-field or padding, got \"everything\""),
      std::string::npos)
      << r.stderr_text;
  EXPECT_TRUE(r.layout.shows_text("What is out[0,0,0]?")) << "the quiz runs, asking the next value";
}

}  // namespace
}  // namespace convstep::gui_test
