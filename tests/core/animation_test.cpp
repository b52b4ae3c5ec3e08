// The export timeline: positions in walk order, frames_per_step frames each, the steps checked against
// the scene and every limit refused with the option and the numbers.
#include "core/animation.h"

#include <gtest/gtest.h>

namespace convstep {
namespace {

const auto kNineTaps = [](int64_t) { return int64_t{9}; };

TEST(Animation, EachStepIsDrawnFramesPerStepTimesAndEnteredOnce) {
  AnimationSpec spec;
  spec.frames_per_step = 3;
  spec.steps_per_second = 2;
  Result<AnimationPlan> plan = plan_animation(spec, 9, kNineTaps);
  ASSERT_TRUE(plan) << plan.message();
  ASSERT_EQ(plan->frames.size(), 27u);
  EXPECT_EQ(plan->to, 8);
  EXPECT_DOUBLE_EQ(plan->frame_seconds, 1.0 / 6);
  EXPECT_DOUBLE_EQ(plan->total_seconds(), 4.5 + 2.0);
  int entered = 0;
  for (const AnimationFrame& f : plan->frames) entered += f.enters;
  EXPECT_EQ(entered, 8) << "the first step is where the walk starts";
  EXPECT_FALSE(plan->frames[0].enters);
  EXPECT_TRUE(plan->frames[3].enters);
  EXPECT_EQ(plan->frames[3].step, 1);
  EXPECT_EQ(plan->frames[26].step, 8);
}

TEST(Animation, TapByTapVisitsEveryProductThenTheResult) {
  AnimationSpec spec;
  spec.from = 4;
  spec.to = 5;
  spec.tap = true;
  spec.frames_per_step = 1;
  Result<AnimationPlan> plan = plan_animation(spec, 9, kNineTaps);
  ASSERT_TRUE(plan) << plan.message();
  ASSERT_EQ(plan->frames.size(), 20u);
  EXPECT_EQ(plan->frames[0].step, 4);
  EXPECT_EQ(plan->frames[0].tap, 0);
  EXPECT_EQ(plan->frames[9].tap, -1) << "the result after the 9 products";
  EXPECT_EQ(plan->frames[10].step, 5);
  EXPECT_EQ(plan->frames[10].tap, 0);
}

TEST(Animation, StepsOutsideTheSceneAreRefusedWithTheRange) {
  AnimationSpec spec;
  spec.from = 9;
  EXPECT_EQ(plan_animation(spec, 9, kNineTaps).message(),
            "--from 9 is not a step: this scene has steps 0 to 8");
  spec.from = 5;
  spec.to = 3;
  EXPECT_EQ(plan_animation(spec, 9, kNineTaps).message(), "--to 3 comes before --from 5");
  spec.to = 12;
  EXPECT_EQ(plan_animation(spec, 9, kNineTaps).message(),
            "--to 12 is not a step: this scene has steps 0 to 8");
}

TEST(Animation, LimitsAreRefusedWithTheNumbers) {
  AnimationSpec spec;
  spec.steps_per_second = 0.1;
  EXPECT_NE(plan_animation(spec, 9, kNineTaps).message().find("0.25 to 60"), std::string::npos);
  spec = {};
  spec.frames_per_step = 0;
  EXPECT_NE(plan_animation(spec, 9, kNineTaps).message().find("1 to 120"), std::string::npos);
  spec = {};
  spec.width = 100;
  EXPECT_NE(plan_animation(spec, 9, kNineTaps).message().find("--size 100x720"), std::string::npos);
  // A huge walk is refused before any frame is listed.
  spec = {};
  spec.tap = true;
  spec.frames_per_step = 120;
  const std::string huge = plan_animation(spec, 1'000'000'000, kNineTaps).message();
  EXPECT_NE(huge.find("more than 20000 frames"), std::string::npos) << huge;
}

TEST(Animation, SizesReadAsWidthByHeight) {
  Result<std::pair<int, int>> size = parse_export_size("1920x1080");
  ASSERT_TRUE(size);
  EXPECT_EQ(size->first, 1920);
  EXPECT_EQ(size->second, 1080);
  EXPECT_FALSE(parse_export_size("1920"));
  EXPECT_FALSE(parse_export_size("axb"));
  EXPECT_FALSE(parse_export_size("8000x8000"));
  EXPECT_FALSE(parse_export_size("-640x480"));
}

}  // namespace
}  // namespace convstep
