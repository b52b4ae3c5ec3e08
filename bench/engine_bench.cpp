// Speed of the engine and the stepper on sizes the app meets: a classroom grid, a 64×64 input
// (the visualizer's smooth-interaction target) and a 1080p photo with a small kernel.
#include <benchmark/benchmark.h>

#include <cstdint>

#include "core/ops.h"
#include "core/stepper.h"

namespace convstep {
namespace {

Tensor ramp(Shape shape) {
  Tensor t(std::move(shape));
  for (int64_t i = 0; i < t.numel(); ++i)
    t.values()[static_cast<size_t>(i)] = static_cast<float>(i % 17) - 8.0f;
  return t;
}

Scene conv_scene(int64_t channels, int64_t h, int64_t w, int64_t k, PaddingMode mode) {
  Scene s;
  s.params.op = Op::kConv2d;
  s.params.padding = {k / 2, k / 2};
  s.params.padding_mode = mode;
  s.input = ramp({1, channels, h, w});
  s.weight = ramp({1, channels, k, k});
  return s;
}

void BM_Conv2d(benchmark::State& state) {
  const int64_t size = state.range(0);
  const int64_t k = state.range(1);
  Scene scene = conv_scene(3, size, size, k, PaddingMode::kZeros);
  for (auto _ : state) {
    auto out = run(scene);
    benchmark::DoNotOptimize(out);
  }
  state.SetItemsProcessed(state.iterations() * size * size);
}
BENCHMARK(BM_Conv2d)->Args({5, 3})->Args({64, 3})->Args({64, 7})->Args({512, 3})->Unit(
    benchmark::kMicrosecond);

void BM_Conv2dFullHdGray(benchmark::State& state) {
  Scene scene = conv_scene(1, 1080, 1920, state.range(0), PaddingMode::kReflect);
  for (auto _ : state) {
    auto out = run(scene);
    benchmark::DoNotOptimize(out);
  }
  state.SetItemsProcessed(state.iterations() * 1080 * 1920);
}
BENCHMARK(BM_Conv2dFullHdGray)->Arg(3)->Arg(5)->Unit(benchmark::kMillisecond);

void BM_MaxPool2d(benchmark::State& state) {
  Scene scene;
  scene.params.op = Op::kMaxPool2d;
  scene.params.kernel_size = {2, 2};
  scene.params.stride_set = false;
  scene.input = ramp({1, 3, state.range(0), state.range(0)});
  for (auto _ : state) {
    auto out = run(scene);
    benchmark::DoNotOptimize(out);
  }
}
BENCHMARK(BM_MaxPool2d)->Arg(64)->Arg(512)->Unit(benchmark::kMicrosecond);

// One seek of the stepper: the cost the GUI pays per frame when scrubbing.
void BM_StepperSnapshot(benchmark::State& state) {
  auto stepper = Stepper::create(conv_scene(3, state.range(0), state.range(0), 3, PaddingMode::kReflect));
  if (!stepper.ok()) {
    state.SkipWithError(stepper.message().c_str());
    return;
  }
  const int64_t n = stepper->step_count();
  int64_t i = 0;
  for (auto _ : state) {
    auto snap = stepper->snapshot(i);
    benchmark::DoNotOptimize(snap);
    i = (i + 7919) % n;
  }
}
BENCHMARK(BM_StepperSnapshot)->Arg(5)->Arg(64)->Unit(benchmark::kNanosecond);

// Filling the whole feature map as the GUI does at the end of a walk.
void BM_StepperPartialOutput(benchmark::State& state) {
  auto stepper = Stepper::create(conv_scene(3, state.range(0), state.range(0), 3, PaddingMode::kZeros));
  if (!stepper.ok()) {
    state.SkipWithError(stepper.message().c_str());
    return;
  }
  for (auto _ : state) {
    auto out = stepper->partial_output(stepper->step_count());
    benchmark::DoNotOptimize(out);
  }
}
BENCHMARK(BM_StepperPartialOutput)->Arg(5)->Arg(64)->Unit(benchmark::kMicrosecond);

}  // namespace
}  // namespace convstep
