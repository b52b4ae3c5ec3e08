// The work limits (core/ops_work.h): counts by the formulas, refusals that name the numbers and a
// setting that fits, and window edits (apply_edits) held to the interactive limit.
#include "core/ops_work.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <string>

#include "core/scene_edit.h"
#include "tests/core/scene_test_support.h"

namespace convstep {
namespace {

using test_support::apply_ok;
using test_support::article;
using ::testing::HasSubstr;

Geometry geometry_of(const Scene& s) {
  Result<Geometry> g = resolve_geometry(s);
  EXPECT_TRUE(g.ok()) << (g.ok() ? "" : g.message());
  return g.ok() ? *g : Geometry{};
}

TEST(OpsWork, CountsMultiplyAddsAndTapsPerStepByTheFormula) {
  Scene s;
  s.params.op = Op::kConv2d;
  s.params.groups = 2;
  s.input = Tensor({3, 4, 5, 5});
  s.weight = Tensor({6, 2, 3, 3});
  const Work w = work_of(geometry_of(s));
  EXPECT_EQ(w.taps_per_step, 2 * 3 * 3);
  EXPECT_EQ(w.total, int64_t{3} * 6 * 3 * 3 * (2 * 3 * 3));
}

TEST(OpsWork, APoolCountsItsWindowReads) {
  Scene s = apply_ok(article(), {{"op", "max_pool2d"}, {"kernel_size", "2"}, {"stride", "1"}});
  const Work w = work_of(geometry_of(s));
  EXPECT_EQ(w.taps_per_step, 4);
  EXPECT_EQ(w.total, int64_t{4} * 4 * 4);
}

TEST(OpsWork, TheArticleFitsEveryLimit) {
  const Scene s = article();
  EXPECT_TRUE(check_work(s, geometry_of(s), kInteractiveWorkLimit).ok());
  EXPECT_TRUE(check_work(s, geometry_of(s), WorkLimit{81, 9}).ok()) << "exactly at the limit fits";
}

TEST(OpsWork, ALayerOverTheLimitIsRefusedWithItsNumbersAndASettingThatFits) {
  const Scene s = article();  // 9 outputs × 9 taps = 81 multiply-adds
  Status r = check_work(s, geometry_of(s), WorkLimit{80, 100});
  ASSERT_FALSE(r.ok());
  EXPECT_THAT(r.message(),
              HasSubstr("this layer needs 81 multiply-adds (9 outputs × 9 taps each), more than the 80"));
  // kernel 2: 16 outputs × 4 taps = 64 fits; input 4×4: 4 outputs × 9 = 36 fits (and 5×5 is the current).
  EXPECT_THAT(r.message(), HasSubstr("try kernel_size=2 or input_size=4x4"));
  for (const std::string fix : {"kernel_size=2", "input_size=4x4"}) {
    auto edit = parse_scene_edit(fix);
    ASSERT_TRUE(edit.ok());
    auto fixed = apply_edits(s, {*edit});
    ASSERT_TRUE(fixed.ok()) << fixed.message();
    EXPECT_TRUE(check_work(*fixed, geometry_of(*fixed), WorkLimit{80, 100}).ok()) << fix << " does not fit";
  }
}

TEST(OpsWork, AStepWithTooManyTapsIsRefusedNamingTheKernel) {
  const Scene s = apply_ok(article(), {{"in_channels", "2"}});
  Status r = check_work(s, geometry_of(s), WorkLimit{1'000'000, 10});
  ASSERT_FALSE(r.ok());
  EXPECT_THAT(r.message(),
              HasSubstr("one step of this layer reads 18 taps (2 channels × 3×3), more than the 10"));
  EXPECT_THAT(r.message(), HasSubstr("try kernel_size=2"));
}

// The example: a 1024×1024 input with a 512×512 kernel froze the window for 77 s.
TEST(OpsWork, AWindowEditThatWouldFreezeTheAppIsRefusedAndTheSceneKept) {
  auto edited = apply_edits(article(), {{"input_size", "1024"}, {"kernel_size", "512"}});
  ASSERT_FALSE(edited.ok());
  EXPECT_THAT(edited.message(), HasSubstr("one step of this layer reads 262,144 taps (512×512)"));
  EXPECT_THAT(edited.message(), HasSubstr("more than the 65,536 allowed here — try kernel_size=31"));
  auto big = apply_edits(article(), {{"input_size", "2000"}, {"kernel_size", "200"}});
  ASSERT_FALSE(big.ok());
  EXPECT_THAT(big.message(), HasSubstr("multiply-adds"));
  EXPECT_THAT(big.message(),
              HasSubstr("1,000,000,000 allowed here — try kernel_size=15 or input_size=357x357"));
}

TEST(OpsWork, NumbersAreGroupedInThousands) {
  EXPECT_EQ(grouped_number(0), "0");
  EXPECT_EQ(grouped_number(999), "999");
  EXPECT_EQ(grouped_number(1000), "1,000");
  EXPECT_EQ(grouped_number(68853694464), "68,853,694,464");
}

TEST(OpsWork, CountsSaturateInsteadOfOverflowing) {
  Geometry g;
  g.op = Op::kConv2d;
  g.batch = int64_t{1} << 40;  // 2^40 outputs × 2^30 taps each: past INT64_MAX
  g.in_channels = int64_t{1} << 30;
  g.h.out = g.w.out = 1;
  g.h.kernel = g.w.kernel = 1;
  EXPECT_EQ(work_of(g).total, INT64_MAX);
}

}  // namespace
}  // namespace convstep
