// The exercise generator (core/exercises.h): the same seed gives the same set, different seeds differ,
// every exercise is a valid scene of small integers whose answer is the engine's output, the difficulty
// shapes what is drawn, and the JSON has the keys the worksheets and `convstep exercises --json` read.
#include "core/exercises.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <cmath>
#include <set>

#include "core/geometry.h"
#include "core/lesson.h"
#include "core/ops.h"
#include "core/stepper.h"

namespace convstep {
namespace {

using ::testing::HasSubstr;

constexpr Difficulty kAll[] = {Difficulty::kEasy, Difficulty::kMedium, Difficulty::kHard};

TEST(SplitMix64, GivesTheReferenceSequenceForSeedZero) {
  // The first outputs of splitmix64 from state 0, as its published reference code prints them.
  SplitMix64 r(0);
  EXPECT_EQ(r.next(), 0xE220A8397B1DCDAFull);
  EXPECT_EQ(r.next(), 0x6E789E6AA1B965F4ull);
  EXPECT_EQ(r.next(), 0x06C45D188009454Full);
}

TEST(SplitMix64, BetweenStaysInItsRangeAndReachesBothEnds) {
  SplitMix64 r(7);
  std::set<int64_t> seen;
  for (int i = 0; i < 1000; ++i) {
    const int64_t v = r.between(-2, 3);
    ASSERT_GE(v, -2);
    ASSERT_LE(v, 3);
    seen.insert(v);
  }
  EXPECT_EQ(seen.size(), 6u);
}

TEST(Exercises, TheSameSeedGivesTheSameSet) {
  for (Difficulty d : kAll) {
    EXPECT_EQ(exercises_json(42, d, generate_exercises(42, 10, d)),
              exercises_json(42, d, generate_exercises(42, 10, d)));
  }
}

TEST(Exercises, AnExerciseDoesNotDependOnHowManyAreAsked) {
  const auto three = generate_exercises(5, 3, Difficulty::kHard);
  const auto ten = generate_exercises(5, 10, Difficulty::kHard);
  for (size_t i = 0; i < three.size(); ++i) EXPECT_EQ(exercise_json(three[i]), exercise_json(ten[i]));
}

TEST(Exercises, DifferentSeedsGiveDifferentNumbers) {
  EXPECT_NE(
      exercises_json(1, Difficulty::kMedium, generate_exercises(1, 5, Difficulty::kMedium))["exercises"],
      exercises_json(2, Difficulty::kMedium, generate_exercises(2, 5, Difficulty::kMedium))["exercises"]);
}

// A fixed exercise pinned down, so a change to the generator (which would change every teacher's set) is
// seen.
TEST(Exercises, SeedOneEasyStartsAsItAlwaysHas) {
  const nlohmann::json j = exercise_json(generate_exercise(1, 0, Difficulty::kEasy));
  EXPECT_EQ(j["layer"], "nn.Conv2d(1, 1, kernel_size=3, bias=False)");
  EXPECT_EQ(j["input"].dump(), "[[[0,2,0,2],[3,3,2,2],[0,0,1,1],[3,0,3,3]]]");
  EXPECT_EQ(j["weight"].dump(), "[[[[1,1,0],[0,0,-1],[1,0,-1]]]]");
  EXPECT_EQ(j["answer"].dump(), "[[[-1,-1],[5,1]]]");
  EXPECT_NE(j, exercise_json(generate_exercise(1, 1, Difficulty::kEasy)));
}

bool all_integers(const Tensor& t) {
  for (float v : t.values())
    if (v != std::floor(v) || std::fabs(v) > 5) return false;
  return true;
}

TEST(Exercises, EveryExerciseIsAValidSceneOfSmallIntegersWhoseAnswerIsTheEnginesOutput) {
  for (Difficulty d : kAll) {
    for (const Exercise& e : generate_exercises(2026, 60, d)) {
      const Result<Geometry> g = resolve_geometry(e.scene);
      ASSERT_TRUE(g.ok()) << g.message();
      EXPECT_TRUE(all_integers(e.scene.input));
      if (is_conv(e.scene.params.op)) {
        EXPECT_TRUE(all_integers(e.scene.weight));
        if (e.scene.bias) {
          EXPECT_TRUE(all_integers(*e.scene.bias));
        }
      }
      const Result<Tensor> out = run(e.scene);
      ASSERT_TRUE(out.ok());
      EXPECT_EQ(*out, e.answer);
      EXPECT_EQ(e.answer.shape(), g->output_shape());
      // The stepper, which the window animates, ends at the same answer.
      Result<Stepper> stepper = Stepper::create(e.scene);
      ASSERT_TRUE(stepper.ok());
      EXPECT_EQ(stepper->partial_output(stepper->step_count()), e.answer);
      EXPECT_LE(e.answer.numel(), 100);
    }
  }
}

struct Tally {
  int pools = 0, one_d = 0, padded = 0, strided = 0, dilated = 0, modes = 0, multi_channel = 0, biased = 0,
      count = 0;
  int64_t most_kernel = 0;
};

Tally tally(Difficulty d) {
  Tally t;
  for (const Exercise& e : generate_exercises(99, 200, d)) {
    const LayerParams& p = e.scene.params;
    ++t.count;
    t.pools += is_pool(p.op);
    t.one_d += spatial_dims(p.op) == 1;
    t.padded += p.padding_kind == PaddingKind::kSame || p.padding[0] > 0 || p.padding[1] > 0;
    t.strided += (is_conv(p.op) || p.stride_set) && (p.stride[0] > 1 || p.stride[1] > 1);
    t.dilated += p.dilation[0] > 1 || p.dilation[1] > 1;
    t.modes += is_conv(p.op) && p.padding_mode != PaddingMode::kZeros;
    const int64_t channels = e.scene.input.size(0);
    t.multi_channel += channels > 1 || (is_conv(p.op) && e.scene.weight.size(0) > 1);
    t.biased += e.scene.bias.has_value();
    if (is_conv(p.op)) t.most_kernel = std::max(t.most_kernel, e.scene.weight.size(-1));
  }
  return t;
}

TEST(Exercises, TheDifficultyShapesTheScenes) {
  const Tally easy = tally(Difficulty::kEasy), medium = tally(Difficulty::kMedium),
              hard = tally(Difficulty::kHard);
  // Easy: one channel, no padding, stride or bias; pools are rare.
  EXPECT_EQ(easy.padded, 0);
  EXPECT_EQ(easy.strided, 0);
  EXPECT_EQ(easy.multi_channel, 0);
  EXPECT_EQ(easy.biased, 0);
  EXPECT_EQ(easy.dilated, 0);
  EXPECT_GT(easy.pools, 0);
  EXPECT_GT(easy.one_d, 0);
  // Medium: stride, padding, channels and bias appear; no padding modes or dilation yet.
  EXPECT_GT(medium.strided, 0);
  EXPECT_GT(medium.padded, 0);
  EXPECT_GT(medium.multi_channel, 0);
  EXPECT_GT(medium.biased, 0);
  EXPECT_EQ(medium.modes, 0);
  EXPECT_EQ(medium.dilated, 0);
  // Hard: everything, including padding modes, dilation and kernels of 4.
  EXPECT_GT(hard.modes, 0);
  EXPECT_GT(hard.dilated, 0);
  EXPECT_EQ(hard.most_kernel, 4);
  EXPECT_GT(hard.multi_channel, medium.multi_channel);
}

TEST(Exercises, TheJsonHasTheKeysTheIssueNames) {
  bool saw_pool = false, saw_conv = false;
  for (const Exercise& e : generate_exercises(3, 30, Difficulty::kMedium)) {
    const nlohmann::json j = exercise_json(e);
    for (const char* key : {"op", "params", "input", "answer", "output_shape", "layer"})
      EXPECT_TRUE(j.contains(key)) << key << " in " << j.dump();
    if (is_pool(e.scene.params.op)) {
      saw_pool = true;
      EXPECT_FALSE(j.contains("weight"));
      EXPECT_FALSE(j.contains("bias"));
      EXPECT_TRUE(j["params"].contains("kernel_size"));
    } else {
      saw_conv = true;
      EXPECT_TRUE(j.contains("weight"));
      EXPECT_EQ(j.contains("bias"), e.scene.bias.has_value());
      EXPECT_TRUE(j["params"].contains("padding_mode"));
    }
    EXPECT_EQ(j["output_shape"].get<Shape>(), e.answer.shape());
    EXPECT_TRUE(j["input"].is_array());
  }
  EXPECT_TRUE(saw_pool);
  EXPECT_TRUE(saw_conv);
  const nlohmann::json all =
      exercises_json(3, Difficulty::kMedium, generate_exercises(3, 2, Difficulty::kMedium));
  EXPECT_EQ(all["seed"], 3);
  EXPECT_EQ(all["difficulty"], "medium");
  EXPECT_EQ(all["exercises"].size(), 2u);
}

// "params (PyTorch names, as in lesson files)": a lesson file made of an exercise's op, params and
// tensors opens as the same scene, with the same answer.
TEST(Exercises, TheParamsReadBackAsALessonFileOfTheSameScene) {
  for (Difficulty d : kAll) {
    for (const Exercise& e : generate_exercises(11, 40, d)) {
      const nlohmann::json j = exercise_json(e);
      nlohmann::json lesson = {{"name", "exercise"},
                               {"title", "Exercise"},
                               {"caption", ""},
                               {"op", j["op"]},
                               {"params", j["params"]}};
      lesson["input"] = {{"shape", e.scene.input.shape()}, {"data", j["input"]}};
      if (j.contains("weight")) lesson["weight"] = {{"shape", e.scene.weight.shape()}, {"data", j["weight"]}};
      if (j.contains("bias")) lesson["bias"] = {{"shape", e.scene.bias->shape()}, {"data", j["bias"]}};
      Result<Lesson> read = parse_lesson(lesson.dump(), "exercise.json");
      ASSERT_TRUE(read.ok()) << read.message() << "\n" << lesson.dump();
      Result<Tensor> answer = run(read->scene);
      ASSERT_TRUE(answer.ok()) << answer.message();
      EXPECT_EQ(exercise_json({read->scene, *answer}), j);
    }
  }
}

TEST(Exercises, IntegralValuesAreJsonIntegersAndAveragesKeepTheirFraction) {
  Exercise e;
  e.scene.params.op = Op::kAvgPool1d;
  e.scene.params.kernel_size = {2, 2};
  e.scene.params.stride_set = false;
  e.scene.input = Tensor({1, 4}, {1, 2, 3, 3});
  e.answer = *run(e.scene);
  const nlohmann::json j = exercise_json(e);
  EXPECT_EQ(j["input"].dump(), "[[1,2,3,3]]");
  EXPECT_EQ(j["answer"].dump(), "[[1.5,3]]");
  EXPECT_EQ(j["params"].dump(),
            R"({"ceil_mode":false,"count_include_pad":true,"kernel_size":2,"padding":0})");
}

TEST(Exercises, TheListingShowsTheLayerTheTensorsAndTheAnswer) {
  const std::string text = exercise_text(generate_exercise(1, 0, Difficulty::kEasy), 1);
  EXPECT_THAT(text, HasSubstr("Exercise 1: nn."));
  EXPECT_THAT(text, HasSubstr("  input ["));
  EXPECT_THAT(text, HasSubstr("  output shape: ["));
  EXPECT_THAT(text, HasSubstr("  answer ["));
}

TEST(Exercises, DifficultyNamesReadBack) {
  for (Difficulty d : kAll) EXPECT_EQ(parse_difficulty(difficulty_name(d)), d);
  EXPECT_FALSE(parse_difficulty("expert").has_value());
}

}  // namespace
}  // namespace convstep
