// The walk: transport and position for stepping through a scene, advanced by a dt passed in.
// Positions are moved by four neighbour functions over one order (see core/walk.h); every action
// is a choice of neighbour plus whether the move slides (adjacent) or cuts (seek, jump, wrap).
#include "core/walk.h"

#include <algorithm>
#include <cmath>

namespace convstep {

namespace {

constexpr double kNsPerSecond = 1e9;
constexpr int64_t kMaxSlideNs = static_cast<int64_t>(kMaxSlideSeconds * kNsPerSecond);

int64_t to_ns(double seconds) {
  return std::llround(seconds * kNsPerSecond);
}

// Move k of the playback clock falls due at k/speed seconds; k·10⁹ and clock_ns·speed are exact in
// a double for any realistic k, so 0.5 s at 60 moves/s is exactly 30 moves.
bool move_due(int64_t clock_ns, int64_t move, double speed) {
  return static_cast<double>(clock_ns) * speed >= static_cast<double>(move) * kNsPerSecond;
}

double due_ns(int64_t move, double speed) {
  return static_cast<double>(move) * kNsPerSecond / speed;
}

int64_t slide_duration_ns(double speed) {
  return std::min<int64_t>(kMaxSlideNs, std::llround(kSlideShare * kNsPerSecond / speed));
}

void reset_clock(Walk& walk) {
  walk.clock_ns = 0;
  walk.clock_moves = 0;
}

int64_t last_step(const WalkTrack& stepper) {
  return stepper.step_count() - 1;
}

int64_t tap_count(const WalkTrack& stepper, int64_t step) {
  return stepper.tap_count(step);
}

WalkPosition start_position(const Walk& walk) {
  return {0, walk.tap_mode ? 0 : kWholeStep};
}

WalkPosition end_position(const WalkTrack& stepper) {
  return {last_step(stepper), kWholeStep};
}

WalkPosition next_tap(WalkPosition p, const WalkTrack& stepper) {
  if (p.tap == kWholeStep) return p.step < last_step(stepper) ? WalkPosition{p.step + 1, 0} : p;
  if (p.tap + 1 < tap_count(stepper, p.step)) return {p.step, p.tap + 1};
  return {p.step, kWholeStep};
}

WalkPosition previous_tap(WalkPosition p, const WalkTrack& stepper) {
  if (p.tap == kWholeStep) return {p.step, tap_count(stepper, p.step) - 1};
  if (p.tap > 0) return {p.step, p.tap - 1};
  return p.step > 0 ? WalkPosition{p.step - 1, kWholeStep} : p;
}

WalkPosition next_output(WalkPosition p, const WalkTrack& stepper) {
  if (p.tap != kWholeStep) return {p.step, kWholeStep};
  return {std::min(p.step + 1, last_step(stepper)), kWholeStep};
}

WalkPosition previous_output(WalkPosition p) {
  if (p.step > 0) return {p.step - 1, kWholeStep};
  // Nothing at output level comes before a tap of step 0: go to the very first position.
  return p.tap == kWholeStep ? p : WalkPosition{0, 0};
}

enum class Move { kSlide, kCut };

void move_to(Walk& walk, WalkPosition to, Move move) {
  if (to.step != walk.position.step) {
    walk.from_step = move == Move::kSlide ? walk.position.step : -1;
    walk.slide_ns = 0;
  }
  walk.position = to;
}

bool has_steps(const WalkTrack& stepper) {
  return stepper.step_count() > 0;
}

// One move of playback, due now.
void playback_move(Walk& walk, const WalkTrack& stepper) {
  if (at_end(walk, stepper)) {
    if (walk.loop) {
      move_to(walk, start_position(walk), Move::kCut);
    } else {
      pause(walk);
    }
    return;
  }
  const WalkPosition to =
      walk.tap_mode ? next_tap(walk.position, stepper) : next_output(walk.position, stepper);
  move_to(walk, to, Move::kSlide);
  if (!walk.loop && at_end(walk, stepper)) pause(walk);
}

}  // namespace

int64_t completed_outputs(const Walk& walk) {
  return walk.position.tap == kWholeStep ? walk.position.step + 1 : walk.position.step;
}

bool at_end(const Walk& walk, const WalkTrack& stepper) {
  return walk.position == end_position(stepper);
}

float shown_value(const Walk& walk, const Snapshot& snapshot, Op op) {
  if (walk.position.tap == kWholeStep) return snapshot.result;
  return Stepper::running_value(snapshot, walk.position.tap, op);
}

double move_period_seconds(const Walk& walk) {
  return 1.0 / walk.speed;
}

double slide_fraction(const Walk& walk) {
  if (walk.from_step < 0) return 1.0;
  const int64_t duration = slide_duration_ns(walk.speed);
  if (duration <= 0 || walk.slide_ns >= duration) return 1.0;
  return static_cast<double>(walk.slide_ns) / static_cast<double>(duration);
}

bool is_animating(const Walk& walk) {
  return walk.playing || slide_fraction(walk) < 1.0;
}

void play(Walk& walk, const WalkTrack& stepper) {
  if (!has_steps(stepper)) return;
  if (at_end(walk, stepper)) move_to(walk, start_position(walk), Move::kCut);
  walk.playing = true;
  reset_clock(walk);
}

void pause(Walk& walk) {
  walk.playing = false;
  reset_clock(walk);
}

void toggle_play(Walk& walk, const WalkTrack& stepper) {
  if (walk.playing) {
    pause(walk);
  } else {
    play(walk, stepper);
  }
}

void step_forward(Walk& walk, const WalkTrack& stepper) {
  if (!has_steps(stepper)) return;
  pause(walk);
  move_to(walk, next_output(walk.position, stepper), Move::kSlide);
}

void step_back(Walk& walk, const WalkTrack& stepper) {
  if (!has_steps(stepper)) return;
  pause(walk);
  move_to(walk, previous_output(walk.position), Move::kSlide);
}

void tap_forward(Walk& walk, const WalkTrack& stepper) {
  if (!has_steps(stepper)) return;
  pause(walk);
  move_to(walk, next_tap(walk.position, stepper), Move::kSlide);
}

void tap_back(Walk& walk, const WalkTrack& stepper) {
  if (!has_steps(stepper)) return;
  pause(walk);
  move_to(walk, previous_tap(walk.position, stepper), Move::kSlide);
}

void jump_to_start(Walk& walk, const WalkTrack& stepper) {
  if (!has_steps(stepper)) return;
  move_to(walk, start_position(walk), Move::kCut);
  reset_clock(walk);
}

void jump_to_end(Walk& walk, const WalkTrack& stepper) {
  if (!has_steps(stepper)) return;
  move_to(walk, end_position(stepper), Move::kCut);
  reset_clock(walk);
}

void seek(Walk& walk, const WalkTrack& stepper, int64_t step) {
  if (!has_steps(stepper)) return;
  move_to(walk, {std::clamp<int64_t>(step, 0, last_step(stepper)), kWholeStep}, Move::kCut);
  reset_clock(walk);
}

void set_speed(Walk& walk, double speed) {
  if (std::isnan(speed)) return;
  const double old_speed = walk.speed;
  walk.speed = std::clamp(speed, kMinSpeed, kMaxSpeed);
  if (walk.clock_ns == 0 && walk.clock_moves == 0) return;
  // Restart the clock at the same share of the new period, strictly before the next move is due.
  const double share =
      (static_cast<double>(walk.clock_ns) - due_ns(walk.clock_moves, old_speed)) * old_speed / kNsPerSecond;
  reset_clock(walk);
  walk.clock_ns = std::max<int64_t>(0, std::llround(share * kNsPerSecond / walk.speed));
  while (walk.clock_ns > 0 && move_due(walk.clock_ns, 1, walk.speed)) --walk.clock_ns;
}

void faster(Walk& walk) {
  set_speed(walk, walk.speed * 2);
}

void slower(Walk& walk) {
  set_speed(walk, walk.speed / 2);
}

void set_loop(Walk& walk, bool loop) {
  walk.loop = loop;
}

void set_tap_mode(Walk& walk, bool tap_mode) {
  walk.tap_mode = tap_mode;
}

void rebind(Walk& walk, const WalkTrack& stepper) {
  if (!has_steps(stepper)) {
    walk.position = {};
    walk.from_step = -1;
    pause(walk);
    return;
  }
  WalkPosition to = walk.position;
  to.step = std::clamp<int64_t>(to.step, 0, last_step(stepper));
  if (to.tap >= tap_count(stepper, to.step)) to.tap = kWholeStep;
  const bool step_kept = to.step == walk.position.step;
  walk.position = to;
  if (!step_kept || walk.from_step > last_step(stepper)) walk.from_step = -1;
  // The old position was in another scene's coordinates: show the new one at once.
  walk.slide_ns = kMaxSlideNs;
}

void advance(Walk& walk, const WalkTrack& stepper, double dt) {
  if (!(dt > 0)) return;
  const int64_t ns = to_ns(std::min(dt, kMaxFrameSeconds));
  walk.slide_ns = std::min(walk.slide_ns + ns, kMaxSlideNs);
  if (!walk.playing || !has_steps(stepper)) return;
  walk.clock_ns += ns;
  while (walk.playing && move_due(walk.clock_ns, walk.clock_moves + 1, walk.speed)) {
    ++walk.clock_moves;
    const double since_move = static_cast<double>(walk.clock_ns) - due_ns(walk.clock_moves, walk.speed);
    const int64_t step_before = walk.position.step;
    playback_move(walk, stepper);
    if (walk.position.step != step_before)
      walk.slide_ns = std::min<int64_t>(std::llround(since_move), kMaxSlideNs);
  }
}

}  // namespace convstep
