// Quiz mode's checking (core/quiz.h): typed numbers are read or refused with a message, values are right
// exactly in integer scenes and within tolerance otherwise, a wrong value names the slip that explains
// it (and the tap), and the output shape, receptive field and padding questions check against the
// stepper and the formula. The score counts answers and streaks.
#include "core/quiz.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "core/lesson.h"
#include "core/ops.h"
#include "tests/core/scene_test_support.h"

namespace convstep {
namespace {

using ::testing::HasSubstr;

Stepper stepper_of(Scene scene) {
  Result<Stepper> s = Stepper::create(std::move(scene));
  EXPECT_TRUE(s.ok()) << (s.ok() ? "" : s.message());
  return std::move(s).value();
}

Scene conv1d(std::vector<float> input, std::vector<float> weight, std::optional<float> bias = std::nullopt) {
  Scene s;
  s.params.op = Op::kConv1d;
  const int64_t n = static_cast<int64_t>(input.size()), k = static_cast<int64_t>(weight.size());
  s.input = Tensor({1, n}, std::move(input));
  s.weight = Tensor({1, 1, k}, std::move(weight));
  if (bias) s.bias = Tensor({1}, std::vector<float>{*bias});
  return s;
}

// The feedback for `typed` at step 0 of `scene`.
QuizFeedback typed_at_first_step(const Scene& scene, float typed) {
  const Stepper st = stepper_of(scene);
  return check_next_value(st.geometry(), st.snapshot(0), is_integer_scene(scene), typed);
}

std::string all_lines(const QuizFeedback& f) {
  std::string text = f.verdict;
  for (const std::string& line : f.lines) text += "\n" + line;
  return text;
}

TEST(QuizNumber, ReadsIntegersDecimalsFractionsAndTheTypographicMinus) {
  EXPECT_EQ(*parse_quiz_number("4"), 4.0f);
  EXPECT_EQ(*parse_quiz_number(" -0.5 "), -0.5f);
  EXPECT_EQ(*parse_quiz_number("\xE2\x88\x92"
                               "2"),
            -2.0f);
  EXPECT_EQ(*parse_quiz_number("1/4"), 0.25f);
  EXPECT_EQ(*parse_quiz_number("2.5e-1"), 0.25f);
}

TEST(QuizNumber, RefusesTextThatIsNoNumberWithAMessage) {
  const Result<float> word = parse_quiz_number("four");
  ASSERT_FALSE(word.ok());
  EXPECT_THAT(word.message(), HasSubstr("\"four\" is not a number"));
  EXPECT_THAT(parse_quiz_number("").message(), HasSubstr("Type a number"));
  EXPECT_THAT(parse_quiz_number("1/0").message(), HasSubstr("divides by zero"));
  EXPECT_FALSE(parse_quiz_number("4.4.4").ok());
  EXPECT_FALSE(parse_quiz_number("inf").ok());
  EXPECT_FALSE(parse_quiz_number("nan").ok());
  EXPECT_FALSE(parse_quiz_number(std::string(100, '1')).ok());
}

TEST(QuizValue, IntegerScenesAreCheckedExactly) {
  const Scene article = test_support::article();
  EXPECT_TRUE(is_integer_scene(article));
  EXPECT_TRUE(typed_at_first_step(article, 4).correct);
  EXPECT_FALSE(typed_at_first_step(article, 4.0001f).correct);
  EXPECT_FALSE(typed_at_first_step(article, 3.999f).correct);
}

TEST(QuizValue, OtherScenesAcceptAnAnswerWithinHalfAPercentOrAThousandth) {
  Scene avg;
  avg.params.op = Op::kAvgPool1d;
  avg.params.kernel_size = {3, 3};
  avg.params.stride_set = false;
  avg.input = Tensor({1, 3}, {0, 0, 1});  // 1/3
  EXPECT_FALSE(is_integer_scene(avg));
  EXPECT_TRUE(typed_at_first_step(avg, 0.333f).correct);
  EXPECT_TRUE(typed_at_first_step(avg, *parse_quiz_number("1/3")).correct);
  EXPECT_FALSE(typed_at_first_step(avg, 0.33f).correct);
  // Large values: 0.5 % of 1000/3 is 1.67.
  avg.input = Tensor({1, 3}, {0, 0, 1000});
  EXPECT_TRUE(typed_at_first_step(avg, 333).correct);
  EXPECT_FALSE(typed_at_first_step(avg, 331).correct);
  EXPECT_TRUE(value_matches(1.0005f, 1.0f, false));
  EXPECT_FALSE(value_matches(1.0005f, 1.0f, true));
  // A fractional weight makes a scene inexact too.
  Scene half = conv1d({1, 2}, {0.5f, 0.5f});
  EXPECT_FALSE(is_integer_scene(half));
}

TEST(QuizValue, ARightAnswerSaysSoWithTheValue) {
  const QuizFeedback f = typed_at_first_step(test_support::article(), 4);
  EXPECT_TRUE(f.correct);
  EXPECT_EQ(f.verdict, "Right: out[0,0,0] = 4.");
  EXPECT_TRUE(f.lines.empty());
}

TEST(QuizMistake, AMissingProductIsNamedWithItsNumbers) {
  // 1×1 + 1×1 + 1×2 = 4; 2 leaves out the third product.
  const QuizFeedback f = typed_at_first_step(conv1d({1, 1, 1}, {1, 1, 2}), 2);
  EXPECT_FALSE(f.correct);
  EXPECT_EQ(f.verdict, "Not quite: out[0,0] = 4, not 2.");
  ASSERT_EQ(f.lines.size(), 1u);
  EXPECT_EQ(f.lines[0],
            "Off by 2: the third product, 1\xC3\x97"
            "2 = 2, is missing.");
  EXPECT_EQ(f.tap, 2);
}

TEST(QuizMistake, AProductAddedTwice) {
  const QuizFeedback f = typed_at_first_step(conv1d({1, 3}, {1, 2}), 13);  // 1 + 6 = 7; 7 + 6
  EXPECT_THAT(all_lines(f), HasSubstr("the second product, 3\xC3\x97"
                                      "2 = 6, was added twice"));
  EXPECT_EQ(f.tap, 1);
}

TEST(QuizMistake, ASignSlip) {
  // 2×1 + 3×(−1) = −1; 5 takes the second product as +3.
  const QuizFeedback f = typed_at_first_step(conv1d({2, 3}, {1, -1}), 5);
  EXPECT_THAT(all_lines(f), HasSubstr("A sign slip: the second product, 3\xC3\x97(\xE2\x88\x92"
                                      "1) = \xE2\x88\x92"
                                      "3, not 3"));
  EXPECT_EQ(f.tap, 1);
}

TEST(QuizMistake, ASumInPlaceOfAProduct) {
  // 2×2 + 3×2 = 10; 9 adds 3 + 2 for the second.
  const QuizFeedback f = typed_at_first_step(conv1d({2, 3}, {2, 2}), 9);
  EXPECT_THAT(all_lines(f), HasSubstr("the second product, 3\xC3\x97"
                                      "2 = 6: the value and the weight are multiplied"));
  EXPECT_EQ(f.tap, 1);
}

TEST(QuizMistake, AWeightNotApplied) {
  // 2×1 + 3×3 = 11; 5 takes the second value as it is.
  const QuizFeedback f = typed_at_first_step(conv1d({2, 3}, {1, 3}), 5);
  EXPECT_THAT(all_lines(f), HasSubstr("the weight 3 was not applied"));
  EXPECT_EQ(f.tap, 1);
}

TEST(QuizMistake, TheBiasLeftOut) {
  Scene s = test_support::article();
  s.bias = Tensor({1}, std::vector<float>{2});
  const QuizFeedback f = typed_at_first_step(s, 4);  // 4 + 2 = 6
  EXPECT_FALSE(f.correct);
  EXPECT_THAT(all_lines(f), HasSubstr("Off by 2: the bias 2 was left out"));
}

TEST(QuizMistake, AFlippedKernel) {
  Scene s;
  s.input = Tensor({1, 2, 2}, {1, 2, 3, 7});
  s.weight = Tensor({1, 1, 2, 2}, {0, 0, 0, 5});  // 7×5 = 35; flipped, 1×5 = 5
  const QuizFeedback f = typed_at_first_step(s, 5);
  EXPECT_THAT(all_lines(f), HasSubstr("kernel flipped"));
  EXPECT_EQ(f.tap, -1);
}

TEST(QuizMistake, StoppingBeforeTheLastProducts) {
  const QuizFeedback f = typed_at_first_step(conv1d({1, 2, 3, 4}, {1, 1, 1, 1}), 3);  // 1 + 2, of 10
  EXPECT_THAT(all_lines(f),
              HasSubstr("running sum after the second product: the last 2 products are missing"));
  EXPECT_EQ(f.tap, 2);
}

TEST(QuizMistake, OneChannelsSumAlone) {
  Scene s;
  s.params.op = Op::kConv1d;
  s.input = Tensor({2, 2}, {1, 2, 3, 4});
  s.weight = Tensor({1, 2, 2}, {1, 1, 1, 1});  // channel 0: 3, channel 1: 7
  const QuizFeedback f = typed_at_first_step(s, 7);
  EXPECT_THAT(all_lines(f), HasSubstr("channel 1's sum alone"));
}

TEST(QuizMistake, AReflectPaddingCellReadAsZeroSaysWhatItCopies) {
  // Reflect padding 1 on [3, 1, 1]: the first window reads the padding cell (a copy of the 1 at
  // index 1), 3 and 1.
  Scene s = conv1d({3, 1, 1}, {2, 1, 1});
  s.params.padding = {1, 1};
  s.params.padding_mode = PaddingMode::kReflect;
  // 1×2 + 3×1 + 1×1 = 6; leaving the padding cell's product out gives 4.
  const QuizFeedback f = typed_at_first_step(s, 4);
  EXPECT_THAT(all_lines(f), HasSubstr("the first product, 1\xC3\x97"
                                      "2 = 2 (a reflect padding cell copying input[0, 1]), is missing"));
  EXPECT_EQ(f.tap, 0);
}

TEST(QuizMistake, AnUnexplainedSlipStillSaysHowFarOff) {
  const QuizFeedback f = typed_at_first_step(test_support::article(), 40);
  EXPECT_FALSE(f.correct);
  ASSERT_EQ(f.lines.size(), 1u);
  EXPECT_THAT(f.lines[0], HasSubstr("Off by 36"));
  EXPECT_EQ(f.tap, -1);
}

Scene pool(Op op, std::vector<float> values, int64_t kernel) {
  Scene s;
  s.params.op = op;
  s.params.kernel_size = {kernel, kernel};
  s.params.stride_set = false;
  const int64_t n = static_cast<int64_t>(values.size());
  s.input = Tensor({1, n}, std::move(values));
  return s;
}

TEST(QuizMistake, PoolsNameTheirOwnSlips) {
  const Scene max = pool(Op::kMaxPool1d, {1, 5, 3}, 3);
  EXPECT_THAT(all_lines(typed_at_first_step(max, 3)),
              HasSubstr("That is the third value, 3; the largest is the second value, 5"));
  EXPECT_THAT(all_lines(typed_at_first_step(max, 9)), HasSubstr("That is the sum of the window"));
  const Scene avg = pool(Op::kAvgPool1d, {1, 5, 3}, 3);
  EXPECT_THAT(all_lines(typed_at_first_step(avg, 9)),
              HasSubstr("That is the sum, 9; an average pool divides it by 3"));
  EXPECT_THAT(all_lines(typed_at_first_step(avg, 2.667f)),
              HasSubstr("the first value, 1, is missing from the sum"));
  const Scene sum = pool(Op::kSumPool1d, {1, 5, 3}, 3);
  EXPECT_THAT(all_lines(typed_at_first_step(sum, 3)), HasSubstr("That is the average"));
  // count_include_pad=True divides by the whole window, padding included: (0 + 4 + 6)/3, not 10/2.
  Scene padded = pool(Op::kAvgPool1d, {4, 6, 2}, 3);
  padded.params.padding = {1, 1};
  EXPECT_THAT(all_lines(typed_at_first_step(padded, 5)),
              HasSubstr("count_include_pad=True counts the padding cells too: divide by 3, not 2"));
}

TEST(QuizShape, ReadsOneSizePerDimension) {
  EXPECT_EQ(*parse_shape_answer("2x3", 2), (std::vector<int64_t>{2, 3}));
  EXPECT_EQ(*parse_shape_answer(" 2 \xC3\x97 3 ", 2), (std::vector<int64_t>{2, 3}));
  EXPECT_EQ(*parse_shape_answer("2, 3", 2), (std::vector<int64_t>{2, 3}));
  EXPECT_EQ(*parse_shape_answer("8", 1), (std::vector<int64_t>{8}));
  EXPECT_THAT(parse_shape_answer("two", 2).message(), HasSubstr("\"two\" is not a size"));
  EXPECT_THAT(parse_shape_answer("2", 2).message(), HasSubstr("has 1 size"));
  EXPECT_THAT(parse_shape_answer("", 1).message(), HasSubstr("Type one size"));
  EXPECT_FALSE(parse_shape_answer("99999999999", 1).ok());
}

TEST(QuizShape, IsCheckedAgainstTheFormulaWhichIsShownWithTheNumbers) {
  const Scene strided = test_support::apply_ok(test_support::article(), {{"stride", "2"}});
  const QuizFeedback right = check_output_shape(strided, {2, 2});
  EXPECT_TRUE(right.correct);
  EXPECT_EQ(right.verdict, "Right: the feature map is 2 \xC3\x97 2.");
  const QuizFeedback wrong = check_output_shape(strided, {3, 2});
  EXPECT_FALSE(wrong.correct);
  EXPECT_EQ(wrong.verdict, "Not quite: the feature map is 2 \xC3\x97 2, not 3 \xC3\x97 2.");
  ASSERT_GE(wrong.lines.size(), 3u);
  EXPECT_THAT(wrong.lines[0], HasSubstr("height (not 3): "));
  EXPECT_THAT(wrong.lines[0], HasSubstr("/2\xE2\x8C\x8B + 1 = 2"));
  EXPECT_THAT(wrong.lines[1], HasSubstr("width: "));
  EXPECT_EQ(wrong.lines.back(), "output [1, 2, 2]");
  EXPECT_FALSE(check_output_shape(strided, {2}).correct);
}

TEST(QuizField, MissedAndExtraCellsAreListed) {
  const Stepper st = stepper_of(test_support::article());
  const Snapshot s = st.snapshot(4);  // the centre: padded rows and columns 1–3
  std::vector<QuizCell> field = receptive_field(s);
  ASSERT_EQ(field.size(), 9u);
  EXPECT_EQ(field.front(), (QuizCell{0, 1, 1}));
  EXPECT_TRUE(check_receptive_field(st.geometry(), s, field).correct);
  std::vector<QuizCell> chosen(field.begin() + 1, field.end());
  chosen.push_back({0, 0, 0});
  const QuizFeedback f = check_receptive_field(st.geometry(), s, chosen);
  EXPECT_FALSE(f.correct);
  EXPECT_EQ(f.missed, (std::vector<QuizCell>{{0, 1, 1}}));
  EXPECT_EQ(f.extra, (std::vector<QuizCell>{{0, 0, 0}}));
  EXPECT_THAT(f.verdict, HasSubstr("1 missed (outlined), 1 extra (crossed)"));
  EXPECT_THAT(all_lines(f), HasSubstr("row 1\xC3\x97"
                                      "1 = 1, column 1\xC3\x97"
                                      "1 = 1"));
}

TEST(QuizField, PaddingCellsBelongToTheField) {
  const Stepper st = stepper_of(test_support::apply_ok(test_support::article(), {{"padding", "1"}}));
  const std::vector<QuizCell> field = receptive_field(st.snapshot(0));
  EXPECT_EQ(field.size(), 9u);
  EXPECT_EQ(field.front(), (QuizCell{0, 0, 0}));  // a padding cell
}

TEST(QuizPadding, EveryQuestionNamesTheCellTheEngineCopies) {
  Result<Lesson> lesson = find_builtin_lesson("reflect-padding");
  ASSERT_TRUE(lesson.ok()) << lesson.message();
  for (PaddingMode mode : {PaddingMode::kReflect, PaddingMode::kReplicate, PaddingMode::kCircular}) {
    Scene scene = lesson->scene;
    scene.params.padding_mode = mode;
    const Stepper st = stepper_of(scene);
    const Geometry& g = st.geometry();
    ASSERT_TRUE(has_copied_padding(g));
    const Snapshot s = st.snapshot(0);
    for (int64_t n = 0; n < 12; ++n) {
      const std::optional<PaddingQuestion> q = padding_question(st, s, n);
      ASSERT_TRUE(q.has_value());
      const int64_t sy = padded_source_index(q->cell.y, g.h.in, g.h.pad_before, mode);
      const int64_t sx = padded_source_index(q->cell.x, g.w.in, g.w.pad_before, mode);
      EXPECT_EQ(q->source, (QuizCell{0, sy + 1, sx + 1}));
      EXPECT_EQ(q->value, scene.input.data()[sy * 4 + sx]);
      EXPECT_TRUE(check_padding_cell(st, s, *q, q->source).correct);
      EXPECT_TRUE(check_padding_value(st, *q, true, q->value).correct);
      EXPECT_FALSE(check_padding_value(st, *q, true, q->value + 1).correct);
      EXPECT_FALSE(check_padding_cell(st, s, *q, q->cell).correct)
          << "a padding cell copies, it is no source";
    }
  }
}

TEST(QuizPadding, TheRevealExplainsTheMode) {
  Result<Lesson> lesson = find_builtin_lesson("reflect-padding");
  ASSERT_TRUE(lesson.ok());
  const Stepper st = stepper_of(lesson->scene);
  const Snapshot s = st.snapshot(0);
  // The corner (−1, −1) reflects to (1, 1), which holds 6.
  const PaddingQuestion corner{{0, 0, 0}, {0, 2, 2}, 6};
  const QuizFeedback wrong = check_padding_cell(st, s, corner, {0, 1, 1});
  EXPECT_FALSE(wrong.correct);
  EXPECT_EQ(wrong.verdict,
            "Not quite: the padding cell (\xE2\x88\x92"
            "1, \xE2\x88\x92"
            "1) copies input[0, 1, 1] = 6, not input[0, 0, 0] = 1.");
  EXPECT_THAT(all_lines(wrong),
              HasSubstr("Reflect mirrors the input at its edge without repeating the edge: row \xE2\x88\x92"
                        "1 \xE2\x86\x92 1, column \xE2\x88\x92"
                        "1 \xE2\x86\x92 1."));
  EXPECT_EQ(wrong.source, (QuizCell{0, 2, 2}));
}

TEST(QuizPadding, ZeroPaddingAsksNothing) {
  const Stepper st = stepper_of(test_support::apply_ok(test_support::article(), {{"padding", "1"}}));
  EXPECT_FALSE(has_copied_padding(st.geometry()));
  EXPECT_FALSE(padding_question(st, st.snapshot(0), 0).has_value());
}

TEST(QuizScore, CountsAnswersAndStreaks) {
  QuizScore score;
  for (bool right : {true, true, false, true, true, true}) score.record(right);
  EXPECT_EQ(score.answered, 6);
  EXPECT_EQ(score.correct, 5);
  EXPECT_EQ(score.streak, 3);
  EXPECT_EQ(score.best_streak, 3);
  EXPECT_EQ(score.text(), "5 of 6 right \xC2\xB7 streak 3 \xC2\xB7 best 3");
}

TEST(QuizState, ANewStepOrSceneAsksAgainAndTheScoreStays) {
  QuizState quiz;
  quiz.on = true;
  follow_quiz(quiz, 1, 0);
  EXPECT_TRUE(quiz.open());
  record_answer(quiz, typed_at_first_step(test_support::article(), 4));
  EXPECT_FALSE(quiz.open());
  follow_quiz(quiz, 1, 0);
  EXPECT_TRUE(quiz.answered) << "the same question stays answered";
  quiz.pending = test_support::article();
  follow_quiz(quiz, 1, 1);
  EXPECT_TRUE(quiz.open());
  EXPECT_EQ(quiz.asking(), QuizKind::kOutputShape) << "a held change waits across steps";
  follow_quiz(quiz, 2, 1);
  EXPECT_EQ(quiz.asking(), QuizKind::kNextValue) << "another scene drops it";
  EXPECT_EQ(quiz.score.correct, 1);
}

TEST(QuizWords, KindsReadAsTheCommandLineSpellsThem) {
  EXPECT_EQ(parse_quiz_kind("next-value"), QuizKind::kNextValue);
  EXPECT_EQ(parse_quiz_kind("receptive-field"), QuizKind::kReceptiveField);
  EXPECT_EQ(parse_quiz_kind("padding"), QuizKind::kPadding);
  EXPECT_FALSE(parse_quiz_kind("output-shape").has_value());
  EXPECT_FALSE(parse_quiz_kind("anything").has_value());
}

TEST(QuizWords, Ordinals) {
  EXPECT_EQ(ordinal(1), "first");
  EXPECT_EQ(ordinal(10), "tenth");
  EXPECT_EQ(ordinal(11), "11th");
  EXPECT_EQ(ordinal(22), "22nd");
  EXPECT_EQ(ordinal(103), "103rd");
}

}  // namespace
}  // namespace convstep
