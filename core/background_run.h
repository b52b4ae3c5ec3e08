// run() on a thread of its own, so a window can keep drawing while a large output computes: progress
// as a fraction of the outputs, cancel at any time (the run stops before its next output row), and the
// result handed over once. The output has exactly run()'s bits.
#pragma once

#include <atomic>
#include <cstdint>
#include <mutex>
#include <optional>
#include <thread>

#include "core/ops.h"
#include "core/result.h"
#include "core/scene.h"

namespace convstep {

class BackgroundRun {
 public:
  // Starts computing `scene` at once (options.cancel and options.outputs_done are the run's own).
  explicit BackgroundRun(Scene scene, RunOptions options = {});
  // Cancels a run still going and waits for its thread.
  ~BackgroundRun();
  BackgroundRun(const BackgroundRun&) = delete;
  BackgroundRun& operator=(const BackgroundRun&) = delete;

  const Scene& scene() const { return scene_; }
  // Outputs finished so far, of `total()`.
  int64_t done_outputs() const { return done_.load(std::memory_order_relaxed); }
  int64_t total() const { return total_; }
  // 0 … 1.
  double progress() const;
  bool finished() const { return finished_.load(std::memory_order_acquire); }
  void cancel() { cancel_.store(true, std::memory_order_relaxed); }
  // Once finished(): the output, or why there is none (kRunCancelled after cancel()). Waits for the run
  // when it has not finished; the result is handed over once, later calls give an error.
  Result<Tensor> take();

 private:
  Scene scene_;
  int64_t total_ = 0;
  std::atomic<bool> cancel_{false};
  std::atomic<int64_t> done_{0};
  std::atomic<bool> finished_{false};
  std::optional<Result<Tensor>> result_;
  std::thread thread_;
};

}  // namespace convstep
