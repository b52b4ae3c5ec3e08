// The full output off the UI thread: a background run gives run()'s bits and counts every output;
// the engine stops when cancelled and says so; a cancelled background run hands over no output.
#include "core/background_run.h"

#include <gtest/gtest.h>

#include <atomic>
#include <cstring>
#include <random>

#include "core/ops.h"
#include "tests/test_tensors.h"

namespace convstep {
namespace {

using test_support::random_tensor;

Scene conv_scene(int64_t in_c, int64_t out_c, int64_t groups, int64_t h, int64_t w, int64_t k) {
  Scene s;
  s.params.op = Op::kConv2d;
  s.params.groups = groups;
  s.params.padding = {k / 2, k / 2};
  s.input = random_tensor({1, in_c, h, w}, 3);
  s.weight = random_tensor({out_c, in_c / groups, k, k}, 4);
  s.bias = random_tensor({out_c}, 5);
  return s;
}

bool same_bits(const Tensor& a, const Tensor& b) {
  return a.shape() == b.shape() &&
         std::memcmp(a.data(), b.data(), static_cast<size_t>(a.numel()) * sizeof(float)) == 0;
}

TEST(BackgroundRun, GivesRunsBitsAndCountsEveryOutput) {
  const Scene scene = conv_scene(3, 4, 1, 97, 131, 5);
  BackgroundRun background(scene);
  Result<Tensor> out = background.take();
  ASSERT_TRUE(out.ok()) << out.message();
  EXPECT_TRUE(background.finished());
  EXPECT_EQ(background.total(), 4 * 97 * 131);
  EXPECT_EQ(background.done_outputs(), background.total());
  EXPECT_DOUBLE_EQ(background.progress(), 1.0);
  Result<Tensor> expected = run(scene);
  ASSERT_TRUE(expected.ok());
  EXPECT_TRUE(same_bits(*out, *expected));
  EXPECT_FALSE(background.take().ok()) << "the output is handed over once";
}

// Row pairs (one channel per group), channel blocks and pools each count their outputs, on any number
// of threads.
TEST(BackgroundRun, TheEngineCountsEveryOutputOnEveryThreadCount) {
  Scene pool;
  pool.params.op = Op::kMaxPool2d;
  pool.params.kernel_size = {2, 2};
  pool.params.stride = {2, 2};
  pool.input = random_tensor({2, 3, 41, 37}, 6);
  for (const Scene& scene : {conv_scene(3, 3, 3, 61, 45, 3), conv_scene(2, 5, 1, 33, 70, 3), pool}) {
    const int64_t outputs = resolve_geometry(scene)->output_count();
    for (int threads : {1, 2, 3}) {
      std::atomic<int64_t> done{0};
      RunOptions options;
      options.threads = threads;
      options.outputs_done = &done;
      ASSERT_TRUE(run(scene, options).ok());
      EXPECT_EQ(done.load(), outputs) << op_name(scene.params.op) << " on " << threads << " threads";
    }
  }
}

TEST(BackgroundRun, ACancelledRunStopsWithAMessageAndTheOutputIsLeftAlone) {
  const Scene scene = conv_scene(1, 1, 1, 64, 64, 3);
  const std::atomic<bool> cancel{true};
  std::atomic<int64_t> done{0};
  RunOptions options;
  options.cancel = &cancel;
  options.outputs_done = &done;
  Result<Tensor> out = run(scene, options);
  ASSERT_FALSE(out.ok());
  EXPECT_EQ(out.message(), kRunCancelled);
  EXPECT_EQ(done.load(), 0) << "no row starts once the run is cancelled";
}

// About 10^10 multiply-adds: far longer than the few instructions between starting and cancelling.
TEST(BackgroundRun, CancelStopsALongRunAndHandsOverNoOutput) {
  const Scene scene = conv_scene(16, 16, 1, 512, 512, 7);
  BackgroundRun background(scene);
  background.cancel();
  Result<Tensor> out = background.take();
  ASSERT_FALSE(out.ok());
  EXPECT_EQ(out.message(), kRunCancelled);
  EXPECT_LT(background.done_outputs(), background.total());
}

TEST(BackgroundRun, ARefusedSceneGivesItsMessage) {
  Scene scene = conv_scene(1, 1, 1, 8, 8, 3);
  scene.params.padding = {0, 0};
  scene.weight = random_tensor({1, 1, 9, 9}, 7);  // larger than the input
  BackgroundRun background(scene);
  Result<Tensor> out = background.take();
  ASSERT_FALSE(out.ok());
  EXPECT_FALSE(out.message().empty());
  EXPECT_NE(out.message(), kRunCancelled);
  EXPECT_EQ(background.total(), 0);
}

}  // namespace
}  // namespace convstep
