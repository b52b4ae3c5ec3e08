// Tests of the walk: the transport the GUI drives, exercised without a window. Time is only ever
// the dt handed to advance(), so every expectation here is exact, never a wall-clock measurement.
// Positions are checked against the stepper's own numbers (tap counts, running values, outputs).
#include "core/walk.h"

#include <gtest/gtest.h>

#include <cmath>
#include <cstdint>
#include <ostream>
#include <utility>
#include <vector>

#include "core/lesson.h"

namespace convstep {

// Readable failures; found by GoogleTest through argument-dependent lookup.
void PrintTo(const WalkPosition& p, std::ostream* os) {
  *os << "(" << p.step << ", " << p.tap << ")";
}
void PrintTo(const Walk& w, std::ostream* os) {
  *os << "{step " << w.position.step << ", tap " << w.position.tap << ", playing " << w.playing << ", speed "
      << w.speed << ", clock " << w.clock_ns << " ns / " << w.clock_moves << " moves, from " << w.from_step
      << ", slide " << w.slide_ns << " ns}";
}

namespace {

Stepper make_stepper(Scene scene) {
  auto stepper = Stepper::create(std::move(scene));
  EXPECT_TRUE(stepper.ok()) << (stepper.ok() ? "" : stepper.message());
  return std::move(stepper).value();
}

// The article's 5×5 input and 1 0 1 / 0 1 0 / 1 0 1 filter: 9 steps of 9 taps.
Scene article_scene() {
  auto lesson = find_builtin_lesson("article-5x5");
  EXPECT_TRUE(lesson.ok()) << (lesson.ok() ? "" : lesson.message());
  return lesson.ok() ? lesson->scene : Scene{};
}

// conv2d on a 1×H×W ramp with a k×k kernel of readable weights and a bias of 0.5, so that a step's
// result differs from the running sum after its last tap.
Scene conv_scene(int64_t height, int64_t width, int64_t k) {
  Scene s;
  s.params.op = Op::kConv2d;
  std::vector<float> input(static_cast<size_t>(height * width));
  for (size_t i = 0; i < input.size(); ++i) input[i] = static_cast<float>(static_cast<int64_t>(i % 7) - 3);
  s.input = Tensor({1, height, width}, std::move(input));
  std::vector<float> weight(static_cast<size_t>(k * k));
  for (size_t i = 0; i < weight.size(); ++i) weight[i] = static_cast<float>(static_cast<int64_t>(i % 3) - 1);
  s.weight = Tensor({1, 1, k, k}, std::move(weight));
  s.bias = Tensor({1}, std::vector<float>{0.5f});
  return s;
}

// max_pool2d(2, stride 2, ceil_mode) on 5×5: the last column and row of windows hang over the edge,
// so steps have 4, 2 or 1 taps.
Scene ragged_pool_scene() {
  Scene s;
  s.params.op = Op::kMaxPool2d;
  s.params.kernel_size = {2, 2};
  s.params.stride = {2, 2};
  s.params.ceil_mode = true;
  std::vector<float> input(25);
  for (size_t i = 0; i < input.size(); ++i) input[i] = static_cast<float>((i * 7) % 11);
  s.input = Tensor({1, 5, 5}, std::move(input));
  return s;
}

WalkPosition at(int64_t step, int64_t tap = kWholeStep) {
  return WalkPosition{step, tap};
}

int64_t taps_of(const Stepper& stepper, int64_t step) {
  return static_cast<int64_t>(stepper.snapshot(step).taps.size());
}

// --- Output level ------------------------------------------------------------------------------

TEST(Walk, StartsAtTheFirstStepWithItsOutputFilled) {
  const Walk walk;
  EXPECT_EQ(walk.position, at(0));
  EXPECT_FALSE(walk.playing);
  EXPECT_EQ(completed_outputs(walk), 1);
}

TEST(Walk, StepForwardMovesOneOutputAndFillsIt) {
  const Stepper stepper = make_stepper(article_scene());
  Walk walk;
  step_forward(walk, stepper);
  EXPECT_EQ(walk.position, at(1));
  EXPECT_EQ(completed_outputs(walk), 2);
  step_forward(walk, stepper);
  EXPECT_EQ(walk.position, at(2));
}

TEST(Walk, StepForwardAtTheEndStays) {
  const Stepper stepper = make_stepper(article_scene());
  Walk walk;
  jump_to_end(walk, stepper);
  step_forward(walk, stepper);
  EXPECT_EQ(walk.position, at(8));
  EXPECT_TRUE(at_end(walk, stepper));
}

TEST(Walk, StepBackAtTheFirstStepStays) {
  const Stepper stepper = make_stepper(article_scene());
  Walk walk;
  step_back(walk, stepper);
  EXPECT_EQ(walk.position, at(0));
  seek(walk, stepper, 4);
  step_back(walk, stepper);
  EXPECT_EQ(walk.position, at(3));
}

TEST(Walk, StepForwardFromATapFinishesThatOutput) {
  const Stepper stepper = make_stepper(article_scene());
  Walk walk;
  seek(walk, stepper, 2);
  tap_forward(walk, stepper);  // (3, 0)
  tap_forward(walk, stepper);  // (3, 1)
  ASSERT_EQ(walk.position, at(3, 1));
  EXPECT_EQ(completed_outputs(walk), 3);
  step_forward(walk, stepper);
  EXPECT_EQ(walk.position, at(3));
  EXPECT_EQ(completed_outputs(walk), 4);
}

TEST(Walk, StepBackFromATapGoesToThePreviousOutput) {
  const Stepper stepper = make_stepper(article_scene());
  Walk walk;
  seek(walk, stepper, 2);
  tap_forward(walk, stepper);  // (3, 0)
  step_back(walk, stepper);
  EXPECT_EQ(walk.position, at(2));
  // Before a tap of step 0 there is no output-level position: the walk goes to the very first one.
  jump_to_start(walk, stepper);
  tap_back(walk, stepper);  // (0, 8)
  tap_back(walk, stepper);  // (0, 7)
  step_back(walk, stepper);
  EXPECT_EQ(walk.position, at(0, 0));
}

TEST(Walk, SeekClampsToTheSteps) {
  const Stepper stepper = make_stepper(article_scene());
  Walk walk;
  seek(walk, stepper, 5);
  EXPECT_EQ(walk.position, at(5));
  seek(walk, stepper, 100);
  EXPECT_EQ(walk.position, at(8));
  seek(walk, stepper, -3);
  EXPECT_EQ(walk.position, at(0));
}

TEST(Walk, SeekShowsTheWholeStep) {
  const Stepper stepper = make_stepper(article_scene());
  Walk walk;
  tap_forward(walk, stepper);
  ASSERT_EQ(walk.position, at(1, 0));
  seek(walk, stepper, 6);
  EXPECT_EQ(walk.position, at(6));
}

TEST(Walk, JumpsGoToTheStartAndTheEnd) {
  const Stepper stepper = make_stepper(article_scene());
  Walk walk;
  jump_to_end(walk, stepper);
  EXPECT_EQ(walk.position, at(8));
  EXPECT_EQ(completed_outputs(walk), 9);
  jump_to_start(walk, stepper);
  EXPECT_EQ(walk.position, at(0));
  set_tap_mode(walk, true);
  jump_to_end(walk, stepper);
  jump_to_start(walk, stepper);
  EXPECT_EQ(walk.position, at(0, 0));
  EXPECT_EQ(completed_outputs(walk), 0);
}

// --- Tap level ---------------------------------------------------------------------------------

TEST(Walk, TapForwardWalksTheTapsThenTheResultThenTheNextOutput) {
  const Stepper stepper = make_stepper(article_scene());
  Walk walk;
  tap_forward(walk, stepper);
  EXPECT_EQ(walk.position, at(1, 0));
  for (int64_t t = 1; t < 9; ++t) {
    tap_forward(walk, stepper);
    EXPECT_EQ(walk.position, at(1, t));
    EXPECT_EQ(completed_outputs(walk), 1);
  }
  tap_forward(walk, stepper);  // past the last tap: output 1 is complete
  EXPECT_EQ(walk.position, at(1));
  EXPECT_EQ(completed_outputs(walk), 2);
  tap_forward(walk, stepper);
  EXPECT_EQ(walk.position, at(2, 0));
}

TEST(Walk, TapBackBeforeTheFirstTapGoesToThePreviousOutput) {
  const Stepper stepper = make_stepper(article_scene());
  Walk walk;
  seek(walk, stepper, 4);
  tap_forward(walk, stepper);
  ASSERT_EQ(walk.position, at(5, 0));
  tap_back(walk, stepper);
  EXPECT_EQ(walk.position, at(4));
  tap_back(walk, stepper);
  EXPECT_EQ(walk.position, at(4, 8));
  tap_back(walk, stepper);
  EXPECT_EQ(walk.position, at(4, 7));
}

TEST(Walk, TapBackAtTheFirstTapStays) {
  const Stepper stepper = make_stepper(article_scene());
  Walk walk;
  set_tap_mode(walk, true);
  jump_to_start(walk, stepper);
  tap_back(walk, stepper);
  EXPECT_EQ(walk.position, at(0, 0));
}

// Tap counts vary here (4, 2 or 1 per step): the walk must follow each step's own window.
TEST(Walk, TapBackRetracesEveryTapForwardOverARaggedPool) {
  const Stepper stepper = make_stepper(ragged_pool_scene());
  ASSERT_EQ(stepper.step_count(), 9);
  ASSERT_EQ(taps_of(stepper, 2), 2);
  ASSERT_EQ(taps_of(stepper, 8), 1);
  Walk walk;
  set_tap_mode(walk, true);
  jump_to_start(walk, stepper);
  std::vector<WalkPosition> forward{walk.position};
  while (!at_end(walk, stepper)) {
    tap_forward(walk, stepper);
    forward.push_back(walk.position);
    ASSERT_LT(forward.size(), 100u) << "tap_forward never reached the end";
  }
  int64_t expected_positions = 0;
  for (int64_t i = 0; i < stepper.step_count(); ++i) expected_positions += taps_of(stepper, i) + 1;
  EXPECT_EQ(static_cast<int64_t>(forward.size()), expected_positions);
  for (size_t k = forward.size(); k-- > 0;) {
    EXPECT_EQ(walk.position, forward[k]);
    tap_back(walk, stepper);
  }
  EXPECT_EQ(walk.position, at(0, 0));
}

TEST(Walk, ShownValueInTapModeEqualsTheSteppersRunningValue) {
  const Stepper stepper = make_stepper(conv_scene(4, 5, 3));
  Walk walk;
  seek(walk, stepper, 3);
  tap_forward(walk, stepper);  // (4, 0)
  const Snapshot snapshot = stepper.snapshot(4);
  for (int64_t t = 0; t < 9; ++t) {
    ASSERT_EQ(walk.position, at(4, t));
    EXPECT_EQ(shown_value(walk, snapshot, Op::kConv2d), Stepper::running_value(snapshot, t, Op::kConv2d));
    tap_forward(walk, stepper);
  }
  // At output level the bias has joined: the result, not the running sum after the last tap.
  ASSERT_EQ(walk.position, at(4));
  EXPECT_EQ(shown_value(walk, snapshot, Op::kConv2d), snapshot.result);
  EXPECT_EQ(snapshot.result, Stepper::running_value(snapshot, 8, Op::kConv2d) + 0.5f);
}

TEST(Walk, ShownValueFollowsTheRunningMaxOfAPool) {
  const Stepper stepper = make_stepper(ragged_pool_scene());
  Walk walk;
  tap_forward(walk, stepper);  // (1, 0)
  const Snapshot snapshot = stepper.snapshot(1);
  for (int64_t t = 0; t < 4; ++t) {
    ASSERT_EQ(walk.position, at(1, t));
    EXPECT_EQ(shown_value(walk, snapshot, Op::kMaxPool2d),
              Stepper::running_value(snapshot, t, Op::kMaxPool2d));
    tap_forward(walk, stepper);
  }
  EXPECT_EQ(shown_value(walk, snapshot, Op::kMaxPool2d), snapshot.result);
}

// --- Playback ----------------------------------------------------------------------------------

TEST(Walk, PlayingMovesSpeedTimesDtSteps) {
  const Stepper stepper = make_stepper(conv_scene(8, 8, 3));  // 36 steps
  Walk walk;
  set_speed(walk, 4);
  play(walk, stepper);
  advance(walk, stepper, 0.99);  // three periods of 0.25 s, not four
  EXPECT_EQ(walk.position, at(3));
  advance(walk, stepper, 0.01);
  EXPECT_EQ(walk.position, at(4));
  advance(walk, stepper, 0.5);
  EXPECT_EQ(walk.position, at(6));
  EXPECT_TRUE(walk.playing);
}

TEST(Walk, TheFirstMoveComesOnePeriodAfterPlay) {
  const Stepper stepper = make_stepper(article_scene());
  Walk walk;
  play(walk, stepper);
  advance(walk, stepper, 0.999);
  EXPECT_EQ(walk.position, at(0));
  advance(walk, stepper, 0.001);
  EXPECT_EQ(walk.position, at(1));
}

TEST(Walk, ManySmallDtsMoveAsFarAsOneBigDt) {
  const Stepper stepper = make_stepper(conv_scene(8, 8, 3));
  for (bool tap_mode : {false, true}) {
    Walk small;
    set_speed(small, 16);
    set_tap_mode(small, tap_mode);
    Walk big = small;
    play(small, stepper);
    play(big, stepper);
    for (int i = 0; i < 100; ++i) advance(small, stepper, 0.01);
    advance(big, stepper, 1.0);
    EXPECT_EQ(small.position, big.position) << "tap_mode " << tap_mode;
    EXPECT_EQ(big.position, tap_mode ? at(2, 5) : at(16)) << "tap_mode " << tap_mode;
    // Clock and slide too: the next frame looks the same either way.
    EXPECT_EQ(small, big) << "tap_mode " << tap_mode;
  }
}

TEST(Walk, ManyMovesInOneFrameVisitEveryTapInOrder) {
  const Stepper stepper = make_stepper(conv_scene(6, 6, 3));
  Walk played;
  set_tap_mode(played, true);
  set_speed(played, 60);
  jump_to_start(played, stepper);
  Walk stepped = played;
  play(played, stepper);
  advance(played, stepper, 0.5);  // 30 moves of 1/60 s
  for (int i = 0; i < 30; ++i) tap_forward(stepped, stepper);
  EXPECT_EQ(played.position, stepped.position);
  EXPECT_EQ(played.position, at(3, 0));  // 3 outputs of 9 taps + result each, then a first tap
}

TEST(Walk, PlayingInTapModeAdvancesTapByTap) {
  const Stepper stepper = make_stepper(article_scene());
  Walk walk;
  set_tap_mode(walk, true);
  set_speed(walk, 10);
  jump_to_start(walk, stepper);
  play(walk, stepper);
  advance(walk, stepper, 0.5);
  EXPECT_EQ(walk.position, at(0, 5));
  advance(walk, stepper, 0.4);
  EXPECT_EQ(walk.position, at(0));  // the ninth move completes output 0
  advance(walk, stepper, 0.1);
  EXPECT_EQ(walk.position, at(1, 0));
}

TEST(Walk, PlaybackStopsAtTheEnd) {
  const Stepper stepper = make_stepper(article_scene());
  Walk walk;
  set_speed(walk, 8);
  play(walk, stepper);
  advance(walk, stepper, 1.0);  // 8 moves reach step 8, the last
  EXPECT_TRUE(at_end(walk, stepper));
  EXPECT_FALSE(walk.playing);
  advance(walk, stepper, 1.0);
  EXPECT_EQ(walk.position, at(8));
}

TEST(Walk, LoopingShowsTheEndForOnePeriodThenWraps) {
  const Stepper stepper = make_stepper(article_scene());
  Walk walk;
  set_loop(walk, true);
  set_speed(walk, 8);
  play(walk, stepper);
  advance(walk, stepper, 1.0);
  EXPECT_EQ(walk.position, at(8));
  EXPECT_TRUE(walk.playing);
  advance(walk, stepper, 0.125);
  EXPECT_EQ(walk.position, at(0));
  EXPECT_EQ(walk.from_step, -1) << "a wrap is a cut, not a slide across the grid";
  advance(walk, stepper, 0.125);
  EXPECT_EQ(walk.position, at(1));
}

TEST(Walk, PlayAtTheEndStartsOver) {
  const Stepper stepper = make_stepper(article_scene());
  Walk walk;
  jump_to_end(walk, stepper);
  toggle_play(walk, stepper);
  EXPECT_TRUE(walk.playing);
  EXPECT_EQ(walk.position, at(0));
}

TEST(Walk, PauseStopsMovement) {
  const Stepper stepper = make_stepper(article_scene());
  Walk walk;
  set_speed(walk, 4);
  play(walk, stepper);
  advance(walk, stepper, 0.6);
  ASSERT_EQ(walk.position, at(2));
  toggle_play(walk, stepper);
  EXPECT_FALSE(walk.playing);
  advance(walk, stepper, 5.0);
  advance(walk, stepper, 1.0);
  EXPECT_EQ(walk.position, at(2));
  // Playing again starts a fresh period rather than spending the 0.1 s left from before.
  toggle_play(walk, stepper);
  advance(walk, stepper, 0.2);
  EXPECT_EQ(walk.position, at(2));
  advance(walk, stepper, 0.05);
  EXPECT_EQ(walk.position, at(3));
}

TEST(Walk, SteppingByHandPausesPlayback) {
  const Stepper stepper = make_stepper(article_scene());
  Walk walk;
  play(walk, stepper);
  step_forward(walk, stepper);
  EXPECT_FALSE(walk.playing);
  play(walk, stepper);
  tap_back(walk, stepper);
  EXPECT_FALSE(walk.playing);
}

TEST(Walk, SeekingWhilePlayingKeepsPlayingFromThere) {
  const Stepper stepper = make_stepper(article_scene());
  Walk walk;
  set_speed(walk, 2);
  play(walk, stepper);
  advance(walk, stepper, 0.4);
  seek(walk, stepper, 5);
  EXPECT_TRUE(walk.playing);
  advance(walk, stepper, 0.4);  // the period restarted at the seek
  EXPECT_EQ(walk.position, at(5));
  advance(walk, stepper, 0.1);
  EXPECT_EQ(walk.position, at(6));
}

TEST(Walk, BadDtsAreIgnoredAndHugeOnesCapped) {
  const Stepper stepper = make_stepper(conv_scene(8, 8, 3));
  Walk walk;
  set_speed(walk, 4);
  play(walk, stepper);
  advance(walk, stepper, -1.0);
  advance(walk, stepper, std::nan(""));
  EXPECT_EQ(walk.position, at(0));
  EXPECT_EQ(walk.clock_ns, 0);
  advance(walk, stepper, 30.0);  // a stalled frame: at most kMaxFrameSeconds of playback
  EXPECT_EQ(walk.position, at(static_cast<int64_t>(4 * kMaxFrameSeconds)));
}

// --- Speed ---------------------------------------------------------------------------------------

TEST(Walk, SpeedIsClampedToItsRange) {
  Walk walk;
  set_speed(walk, 1000);
  EXPECT_EQ(walk.speed, kMaxSpeed);
  set_speed(walk, 0);
  EXPECT_EQ(walk.speed, kMinSpeed);
  set_speed(walk, -5);
  EXPECT_EQ(walk.speed, kMinSpeed);
  set_speed(walk, std::nan(""));
  EXPECT_EQ(walk.speed, kMinSpeed);
}

TEST(Walk, FasterDoublesAndSlowerHalvesWithinTheRange) {
  Walk walk;
  set_speed(walk, 3);
  faster(walk);
  EXPECT_EQ(walk.speed, 6);
  slower(walk);
  slower(walk);
  EXPECT_EQ(walk.speed, 1.5);
  for (int i = 0; i < 20; ++i) faster(walk);
  EXPECT_EQ(walk.speed, kMaxSpeed);
  for (int i = 0; i < 20; ++i) slower(walk);
  EXPECT_EQ(walk.speed, kMinSpeed);
}

TEST(Walk, ChangingSpeedKeepsTheShareOfThePeriodAlreadySpent) {
  const Stepper stepper = make_stepper(article_scene());
  Walk walk;
  set_speed(walk, 1);
  play(walk, stepper);
  advance(walk, stepper, 0.5);  // half-way to the next move
  faster(walk);                 // period 0.5 s: still half-way, 0.25 s in
  EXPECT_EQ(walk.position, at(0));
  advance(walk, stepper, 0.24);
  EXPECT_EQ(walk.position, at(0));
  advance(walk, stepper, 0.01);
  EXPECT_EQ(walk.position, at(1));
}

TEST(Walk, PeriodFollowsTheSpeed) {
  Walk walk;
  set_speed(walk, 4);
  EXPECT_DOUBLE_EQ(move_period_seconds(walk), 0.25);
}

// --- Sliding -----------------------------------------------------------------------------------

TEST(Walk, SlideFractionGoesFromZeroToOneAfterAStep) {
  const Stepper stepper = make_stepper(article_scene());
  Walk walk;
  set_speed(walk, 1);  // slide lasts min(0.6 s, kMaxSlideSeconds)
  EXPECT_EQ(slide_fraction(walk), 1.0);
  EXPECT_FALSE(is_animating(walk));
  step_forward(walk, stepper);
  EXPECT_EQ(walk.from_step, 0);
  EXPECT_EQ(slide_fraction(walk), 0.0);
  EXPECT_TRUE(is_animating(walk));
  const double duration = std::min(kSlideShare * 1.0, kMaxSlideSeconds);
  double last = 0;
  for (int i = 0; i < 10; ++i) {
    advance(walk, stepper, duration / 10);
    const double f = slide_fraction(walk);
    EXPECT_GT(f, last);
    EXPECT_LE(f, 1.0);
    last = f;
  }
  EXPECT_NEAR(last, 1.0, 1e-9);
  advance(walk, stepper, 0.1);
  EXPECT_EQ(slide_fraction(walk), 1.0);
  EXPECT_FALSE(is_animating(walk));
  EXPECT_EQ(walk.from_step, 0) << "the ghost of the previous window stays after the slide";
}

TEST(Walk, ASlideIsShorterAtHighSpeed) {
  const Stepper stepper = make_stepper(article_scene());
  Walk walk;
  set_speed(walk, 20);  // period 0.05 s, slide 0.03 s
  step_forward(walk, stepper);
  advance(walk, stepper, 0.015);
  EXPECT_NEAR(slide_fraction(walk), 0.5, 1e-6);
  advance(walk, stepper, 0.015);
  EXPECT_EQ(slide_fraction(walk), 1.0);
}

TEST(Walk, TapsWithinAStepDoNotRestartTheSlide) {
  const Stepper stepper = make_stepper(article_scene());
  Walk walk;
  tap_forward(walk, stepper);  // (1, 0): the window moved
  advance(walk, stepper, 1.0);
  tap_forward(walk, stepper);  // (1, 1): the window stays
  EXPECT_EQ(slide_fraction(walk), 1.0);
  EXPECT_EQ(walk.from_step, 0);
}

TEST(Walk, SeekAndJumpsCutWithoutSlidingOrGhost) {
  const Stepper stepper = make_stepper(article_scene());
  Walk walk;
  step_forward(walk, stepper);
  seek(walk, stepper, 7);
  EXPECT_EQ(walk.from_step, -1);
  EXPECT_EQ(slide_fraction(walk), 1.0);
  step_back(walk, stepper);
  EXPECT_EQ(walk.from_step, 7);
  jump_to_start(walk, stepper);
  EXPECT_EQ(walk.from_step, -1);
  EXPECT_EQ(slide_fraction(walk), 1.0);
}

TEST(Walk, PlaybackSlidesFromTheStepItLeft) {
  const Stepper stepper = make_stepper(article_scene());
  Walk walk;
  set_speed(walk, 2);  // period 0.5 s, slide 0.3 s
  play(walk, stepper);
  advance(walk, stepper, 0.6);  // the move fell due 0.1 s ago
  EXPECT_EQ(walk.position, at(1));
  EXPECT_EQ(walk.from_step, 0);
  EXPECT_NEAR(slide_fraction(walk), 0.1 / 0.3, 1e-6);
}

// --- Rebinding -----------------------------------------------------------------------------------

TEST(Walk, RebindingKeepsAPositionThatStillExists) {
  const Stepper big = make_stepper(conv_scene(6, 6, 3));   // 16 steps
  const Stepper wide = make_stepper(conv_scene(6, 7, 3));  // 20 steps
  Walk walk;
  set_speed(walk, 8);
  set_loop(walk, true);
  set_tap_mode(walk, true);
  seek(walk, big, 5);
  step_back(walk, big);  // from_step 5
  tap_forward(walk, big);
  tap_forward(walk, big);
  play(walk, big);
  ASSERT_EQ(walk.position, at(5, 1));
  rebind(walk, wide);
  EXPECT_EQ(walk.position, at(5, 1));
  EXPECT_TRUE(walk.playing);
  EXPECT_EQ(walk.speed, 8);
  EXPECT_TRUE(walk.loop);
  EXPECT_TRUE(walk.tap_mode);
  EXPECT_EQ(walk.from_step, 4) << "the ghost shows the previous window in the new geometry";
  EXPECT_EQ(slide_fraction(walk), 1.0) << "nothing slides from the old scene's coordinates";
}

TEST(Walk, RebindingClampsAStepThatNoLongerExists) {
  const Stepper big = make_stepper(conv_scene(6, 6, 3));    // 16 steps
  const Stepper small = make_stepper(conv_scene(4, 4, 3));  // 4 steps
  Walk walk;
  seek(walk, big, 12);
  step_forward(walk, big);
  rebind(walk, small);
  EXPECT_EQ(walk.position, at(3));
  EXPECT_EQ(walk.from_step, -1);
  EXPECT_EQ(completed_outputs(walk), 4);
}

TEST(Walk, RebindingToASmallerWindowShowsTheWholeStepWhenTheTapIsGone) {
  const Stepper k3 = make_stepper(conv_scene(5, 5, 3));  // 9 taps
  const Stepper k2 = make_stepper(conv_scene(5, 5, 2));  // 4 taps
  Walk walk;
  seek(walk, k3, 2);
  for (int i = 0; i < 2; ++i) tap_forward(walk, k3);
  ASSERT_EQ(walk.position, at(3, 1));
  rebind(walk, k2);
  EXPECT_EQ(walk.position, at(3, 1)) << "tap 1 exists in a 2×2 window";
  for (int i = 0; i < 5; ++i) tap_forward(walk, k3);
  ASSERT_EQ(walk.position, at(3, 6));
  rebind(walk, k2);
  EXPECT_EQ(walk.position, at(3));
}

// --- Determinism and the article -------------------------------------------------------------------

Walk scripted_walk(const Stepper& stepper, const Stepper& other) {
  Walk walk;
  set_speed(walk, 3);
  play(walk, stepper);
  for (int i = 0; i < 37; ++i) advance(walk, stepper, 1.0 / 60 + (i % 5) * 0.003);
  faster(walk);
  set_tap_mode(walk, true);
  for (int i = 0; i < 23; ++i) advance(walk, stepper, 1.0 / 30);
  tap_back(walk, stepper);
  tap_back(walk, stepper);
  rebind(walk, other);
  set_loop(walk, true);
  play(walk, other);
  for (int i = 0; i < 200; ++i) advance(walk, other, 0.0137);
  return walk;
}

TEST(Walk, TheSameActionsAndDtsGiveTheSameState) {
  const Stepper stepper = make_stepper(conv_scene(6, 6, 3));
  const Stepper other = make_stepper(conv_scene(5, 7, 2));
  const Walk first = scripted_walk(stepper, other);
  const Walk second = scripted_walk(stepper, other);
  EXPECT_EQ(first, second);
  EXPECT_TRUE(first.playing);
  EXPECT_GT(first.position.step, 0) << "the script should have moved the walk";
}

TEST(Walk, PlayingTheArticleLessonToTheEndFillsItsFeatureMap) {
  const Stepper stepper = make_stepper(article_scene());
  Walk walk;
  set_speed(walk, 4);
  // The first frame shows output 0; later outputs are still empty.
  const Tensor first = stepper.partial_output(completed_outputs(walk));
  EXPECT_EQ(first.values()[0], 4.0f);
  for (size_t i = 1; i < 9; ++i) EXPECT_TRUE(std::isnan(first.values()[i])) << i;
  play(walk, stepper);
  for (int frame = 0; frame < 60 * 3 && walk.playing; ++frame) advance(walk, stepper, 1.0 / 60);
  EXPECT_FALSE(walk.playing);
  EXPECT_TRUE(at_end(walk, stepper));
  const Tensor map = stepper.partial_output(completed_outputs(walk));
  EXPECT_EQ(map.shape(), (Shape{1, 3, 3}));
  EXPECT_EQ(map.values(), (std::vector<float>{4, 3, 4, 2, 4, 3, 2, 3, 4}));
}

TEST(Walk, TheArticleFeatureMapFillsOneCellPerCompletedOutputInTapMode) {
  const Stepper stepper = make_stepper(article_scene());
  Walk walk;
  set_tap_mode(walk, true);
  jump_to_start(walk, stepper);
  const std::vector<float> expected{4, 3, 4, 2, 4, 3, 2, 3, 4};
  while (true) {
    const Tensor map = stepper.partial_output(completed_outputs(walk));
    for (int64_t i = 0; i < 9; ++i) {
      const float v = map.values()[static_cast<size_t>(i)];
      if (i < completed_outputs(walk)) {
        EXPECT_EQ(v, expected[static_cast<size_t>(i)]);
      } else {
        EXPECT_TRUE(std::isnan(v)) << "output " << i << " filled too early at step " << walk.position.step
                                   << " tap " << walk.position.tap;
      }
    }
    if (at_end(walk, stepper)) break;
    tap_forward(walk, stepper);
  }
  EXPECT_EQ(completed_outputs(walk), 9);
}

}  // namespace
}  // namespace convstep
