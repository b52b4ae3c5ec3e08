// An exported animation's timeline: which walk positions it shows, for how long, and how many frames
// that takes. The walk moves step by step (or tap by tap) at `steps_per_second`; each position is
// drawn `frames_per_step` times, so the kernel's slide is seen, and the last frame stays on screen
// for `pause_seconds` more. Frame k starts at k / (steps_per_second · frames_per_step) seconds.
#pragma once

#include <cstdint>
#include <functional>
#include <string>
#include <utility>
#include <vector>

#include "core/result.h"

namespace convstep {

// The size limits of an exported frame (pixels) and of a whole animation (frames drawn).
// Below 640×360 the window's own layout has no room left for the stage.
inline constexpr int kMinExportWidth = 640, kMinExportHeight = 360;
inline constexpr int kMaxExportWidth = 3840, kMaxExportHeight = 2160;
inline constexpr int64_t kMaxExportFrames = 20000;
// GIF delays are in hundredths of a second and viewers treat less than 2 as "as fast as possible".
inline constexpr double kMaxGifFramesPerSecond = 50.0;

struct AnimationSpec {
  int width = 1280, height = 720;
  int64_t from = 0;  // first step shown
  int64_t to = -1;   // last step shown; -1 = the last step of the scene
  bool tap = false;  // move tap by tap: every product of each step, then its result
  double steps_per_second = 1.0;
  int frames_per_step = 15;
  double pause_seconds = 2.0;  // the last frame stays this much longer
  int loops = 0;               // how often a viewer plays it: 0 = for ever (GIF only)
};

// One drawn frame: the walk position it shows and whether it is the first frame there (the walk
// moves forward by one position just before it is drawn).
struct AnimationFrame {
  int64_t step = 0;
  int64_t tap = -1;  // -1 = the whole step (its result)
  bool enters = false;
};

struct AnimationPlan {
  std::vector<AnimationFrame> frames;
  double frame_seconds = 0;  // 1 / (steps_per_second · frames_per_step)
  double pause_seconds = 0;
  int64_t to = 0;  // the last step, resolved
  double total_seconds() const { return static_cast<double>(frames.size()) * frame_seconds + pause_seconds; }
};

// Checks the spec against a scene with `step_count` steps (step i has taps_of(i) products, asked only
// in tap mode) and lists the frames. Every refusal names the option and the numbers.
Result<AnimationPlan> plan_animation(const AnimationSpec& spec, int64_t step_count,
                                     const std::function<int64_t(int64_t)>& taps_of);

// "1280x720" → width and height; an error names what is wrong with the text.
Result<std::pair<int, int>> parse_export_size(const std::string& text);

}  // namespace convstep
