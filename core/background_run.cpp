#include "core/background_run.h"

#include <algorithm>
#include <system_error>
#include <utility>

namespace convstep {

BackgroundRun::BackgroundRun(Scene scene, RunOptions options) : scene_(std::move(scene)) {
  if (Result<Geometry> g = resolve_geometry(scene_); g) total_ = g->output_count();
  options.cancel = &cancel_;
  options.outputs_done = &done_;
  auto work = [this, options] {
    result_.emplace(run(scene_, options));
    finished_.store(true, std::memory_order_release);
  };
  try {
    thread_ = std::thread(work);
  } catch (const std::system_error&) {
    work();  // no thread to be had: compute here, as a plain run() would
  }
}

BackgroundRun::~BackgroundRun() {
  cancel();
  if (thread_.joinable()) thread_.join();
}

double BackgroundRun::progress() const {
  if (finished()) return 1.0;
  if (total_ <= 0) return 0.0;
  return std::clamp(static_cast<double>(done_outputs()) / static_cast<double>(total_), 0.0, 1.0);
}

Result<Tensor> BackgroundRun::take() {
  if (thread_.joinable()) thread_.join();
  if (!result_) return make_error("the output was already taken");
  Result<Tensor> out = std::move(*result_);
  result_.reset();
  return out;
}

}  // namespace convstep
