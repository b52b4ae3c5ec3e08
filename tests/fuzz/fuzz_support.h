// Shared by the fuzz harnesses: invariants every harness checks on what a reader accepted. A broken
// invariant aborts, so libFuzzer (and the replay tests) report it with the input that caused it.
#pragma once

#include <cstdio>
#include <cstdlib>

#include "core/geometry.h"
#include "core/ops.h"
#include "core/scene.h"
#include "core/stepper.h"
#include "core/tensor.h"
#include "core/transpose.h"

namespace convstep::fuzz {

// Scenes larger than this are only validated: running them would make each input slow, not more revealing.
inline constexpr int64_t kMaxCheckedWork = 1 << 16;

[[noreturn]] inline void fail(const char* what) {
  std::fprintf(stderr, "fuzz invariant broken: %s\n", what);
  std::abort();
}

inline bool same_bits(const Tensor& a, const Tensor& b) {
  if (a.shape() != b.shape()) return false;
  for (size_t i = 0; i < a.values().size(); ++i) {
    const float x = a.values()[i], y = b.values()[i];
    if (!(x == y) && !(x != x && y != y)) return false;  // NaN equals NaN here
  }
  return true;
}

// A scene that validates must run, and stepping to the end must give the engine's output bit for bit.
inline void check_scene(const Scene& scene) {
  Result<Geometry> geometry = resolve_geometry(scene);
  if (is_conv_transpose(scene.params.op)) {
    // Walked by stamping and as the equivalent direct convolution; both must end at the engine.
    Result<Stamper> stamper = Stamper::create(scene);
    if (stamper.ok() != geometry.ok())
      fail("stamping and the validation disagree on whether a scene is valid");
    if (!stamper) return;
    const Geometry& t = *geometry;
    const int64_t work =
        t.batch * t.in_channels * t.h.in * t.w.in * t.out_channels_per_group() * t.h.kernel * t.w.kernel;
    if (t.output_count() > kMaxCheckedWork || work > kMaxCheckedWork) return;
    Result<Tensor> output = run(scene);
    if (!output) fail("a valid scene does not run");
    if (!same_bits(stamper->partial_output(stamper->step_count()), *output))
      fail("stamping to the end differs from the engine's output");
    Result<DirectEquivalent> direct = direct_equivalent(scene);
    if (!direct) return;  // a zero-inserted input too large to draw is refused with a message
    Result<Stepper> walked = Stepper::create(direct->scene);
    if (!walked) fail("the direct convolution of a valid scene is invalid");
    if (!same_bits(walked->partial_output(walked->step_count()), *output))
      fail("the direct convolution differs from the engine's output");
    return;
  }
  Result<Stepper> stepper = Stepper::create(scene);
  if (stepper.ok() != geometry.ok())
    fail("the stepper and the validation disagree on whether a scene is valid");
  if (!stepper) return;
  // Only small scenes are run: a large one (say padding=514) is valid but slow under the fuzzer's
  // instrumentation, and running it would find nothing the small ones do not.
  const Geometry& g = stepper->geometry();
  const int64_t taps = g.h.kernel * g.w.kernel * (is_conv(g.op) ? g.in_channels_per_group() : 1);
  if (g.output_count() > kMaxCheckedWork || g.output_count() * taps > kMaxCheckedWork) return;
  Result<Tensor> output = run(scene);
  if (!output) fail("a valid scene does not run");
  if (!same_bits(stepper->partial_output(stepper->step_count()), *output))
    fail("stepping to the end differs from the engine's output");
}

}  // namespace convstep::fuzz
