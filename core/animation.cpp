// The timeline of an exported animation: positions in walk order (core/walk.h), each drawn
// frames_per_step times, checked against the scene's steps and the frame limits first.
#include "core/animation.h"

#include <charconv>
#include <cmath>
#include <sstream>

namespace convstep {
namespace {

std::string number(double value) {
  std::ostringstream text;
  text << value;
  return text.str();
}

}  // namespace

Result<std::pair<int, int>> parse_export_size(const std::string& text) {
  const size_t x = text.find_first_of("xX");
  int width = 0, height = 0;
  const auto read = [](const std::string& part, int& value) {
    const auto [end, ec] = std::from_chars(part.data(), part.data() + part.size(), value);
    return ec == std::errc() && end == part.data() + part.size() && !part.empty();
  };
  if (x == std::string::npos || !read(text.substr(0, x), width) || !read(text.substr(x + 1), height))
    return make_error("--size: expected WIDTHxHEIGHT in pixels (e.g. 1280x720), got \"" + text + "\"");
  if (width < kMinExportWidth || height < kMinExportHeight || width > kMaxExportWidth ||
      height > kMaxExportHeight)
    return make_error("--size " + text + ": each frame must be " + std::to_string(kMinExportWidth) + " to " +
                      std::to_string(kMaxExportWidth) + " pixels wide and " +
                      std::to_string(kMinExportHeight) + " to " + std::to_string(kMaxExportHeight) + " high");
  return std::pair{width, height};
}

Result<AnimationPlan> plan_animation(const AnimationSpec& spec, int64_t step_count,
                                     const std::function<int64_t(int64_t)>& taps_of) {
  if (step_count <= 0) return make_error("the scene has no steps to animate");
  const std::string steps = "this scene has steps 0 to " + std::to_string(step_count - 1);
  if (spec.from < 0 || spec.from >= step_count)
    return make_error("--from " + std::to_string(spec.from) + " is not a step: " + steps);
  const int64_t to = spec.to < 0 ? step_count - 1 : spec.to;
  if (to >= step_count) return make_error("--to " + std::to_string(to) + " is not a step: " + steps);
  if (to < spec.from)
    return make_error("--to " + std::to_string(to) + " comes before --from " + std::to_string(spec.from));
  if (!(spec.steps_per_second >= 0.25 && spec.steps_per_second <= 60))
    return make_error("--fps " + number(spec.steps_per_second) + ": steps per second must be 0.25 to 60");
  if (spec.frames_per_step < 1 || spec.frames_per_step > 120)
    return make_error("--frames-per-step " + std::to_string(spec.frames_per_step) + ": must be 1 to 120");
  if (!(spec.pause_seconds >= 0 && spec.pause_seconds <= 60))
    return make_error("--pause " + number(spec.pause_seconds) +
                      ": the pause on the last frame must be 0 to 60 s");
  if (spec.loops < 0 || spec.loops > 65535)
    return make_error("--loop " + std::to_string(spec.loops) + ": must be 0 (for ever) to 65535");
  if (spec.width < kMinExportWidth || spec.height < kMinExportHeight || spec.width > kMaxExportWidth ||
      spec.height > kMaxExportHeight)
    return parse_export_size(std::to_string(spec.width) + "x" + std::to_string(spec.height)).error();

  // Positions first (bounded before any frame is listed), then frames_per_step frames each.
  int64_t positions = 0;
  for (int64_t step = spec.from; step <= to; ++step) {
    positions += spec.tap ? taps_of(step) + 1 : 1;
    if (positions * spec.frames_per_step > kMaxExportFrames) break;
  }
  const int64_t frames = positions * spec.frames_per_step;
  if (frames > kMaxExportFrames) {
    return make_error("steps " + std::to_string(spec.from) + " to " + std::to_string(to) +
                      (spec.tap ? " tap by tap" : "") + " at " + std::to_string(spec.frames_per_step) +
                      " frames per step need more than " + std::to_string(kMaxExportFrames) +
                      " frames: choose a shorter range (--from/--to) or fewer --frames-per-step");
  }
  AnimationPlan plan;
  plan.to = to;
  plan.frame_seconds = 1.0 / (spec.steps_per_second * spec.frames_per_step);
  plan.pause_seconds = spec.pause_seconds;
  plan.frames.reserve(static_cast<size_t>(frames));
  const auto add = [&](int64_t step, int64_t tap, bool enters) {
    for (int i = 0; i < spec.frames_per_step; ++i) plan.frames.push_back({step, tap, enters && i == 0});
  };
  for (int64_t step = spec.from; step <= to; ++step) {
    if (spec.tap) {
      for (int64_t tap = 0; tap < taps_of(step); ++tap) add(step, tap, !plan.frames.empty());
    }
    add(step, -1, !plan.frames.empty());
  }
  return plan;
}

}  // namespace convstep
