// The walk: playback state for stepping through a scene — where the walk is (output step and tap),
// the transport (play, speed, loop, tap mode) and the window's slide between positions. Time is
// passed in as dt, never read, so the same actions and dts always give the same state; the GUI owns
// one Walk and UI-action tests drive it without a window. Calls that move it take the track walked (a
// Stepper, or a Stamper for a transposed convolution).
#pragma once

#include <cstdint>

#include "core/scene.h"
#include "core/stepper.h"

namespace convstep {

// Position.tap value for "the whole step is shown and its result is complete".
inline constexpr int64_t kWholeStep = -1;

// Speed in moves per second: output steps at output level, taps in tap mode.
inline constexpr double kMinSpeed = 0.25;
inline constexpr double kMaxSpeed = 60.0;
inline constexpr double kDefaultSpeed = 1.0;

// advance() never moves on by more than this per call, so a stalled frame (a dragged window, a
// debugger) does not fast-forward the lesson; it also bounds the work one frame can ask for.
inline constexpr double kMaxFrameSeconds = 1.0;

// The kernel slides to a new position over min(kSlideShare · period, kMaxSlideSeconds): fast
// playback slides in most of a period, slow playback slides briskly and then rests on the step.
inline constexpr double kSlideShare = 0.6;
inline constexpr double kMaxSlideSeconds = 0.35;

// Where the walk is. Positions form one order, walked by tap_forward/tap_back:
//   (0,0) (0,1) … (0,T₀−1) (0,whole) (1,0) … (1,whole) … (N−1,whole)
// where T_i is the number of taps of step i. (i, t ≥ 0) shows the running sum after taps [0, t] of
// output i, which is not complete yet (a convolution's bias and an avg pool's division come last);
// (i, kWholeStep) shows output i's result. Output-level positions are the (i, kWholeStep) ones.
struct WalkPosition {
  int64_t step = 0;
  int64_t tap = kWholeStep;
  friend bool operator==(const WalkPosition&, const WalkPosition&) = default;
};

struct Walk {
  WalkPosition position;

  // Transport.
  bool playing = false;
  bool loop = false;      // at the end, playback wraps to the start instead of stopping
  bool tap_mode = false;  // playback moves tap by tap instead of output by output
  double speed = kDefaultSpeed;
  // Playback time since play, a cut or a speed change, and the moves made since then: move k falls
  // due at k/speed seconds, compared exactly rather than by summing a rounded period. 0 while paused.
  int64_t clock_ns = 0;
  int64_t clock_moves = 0;

  // The slide of the window from the previous step to the current one. from_step is the step shown
  // before the current one was entered by an adjacent move (step, tap or playback), kept after the
  // slide ends so the view can draw a faint ghost there; -1 after a cut (seek, jump, loop wrap,
  // rebinding to a changed position), which neither slides nor leaves a ghost.
  int64_t from_step = -1;
  int64_t slide_ns = 0;  // time since the step changed, saturating at kMaxSlideSeconds

  friend bool operator==(const Walk&, const Walk&) = default;
};

// --- Reading the state ---------------------------------------------------------------------------

// Outputs filled in the feature map: step + 1 at (step, whole), since its result is shown; step at
// a tap, since that output is still being summed. stepper.partial_output(completed_outputs(walk)) is
// the map to draw; its other cells are NaN (empty).
int64_t completed_outputs(const Walk& walk);
bool at_end(const Walk& walk, const WalkTrack& track);
// The value the arithmetic shows at the walk's position: the running sum (running max for max pools)
// after the current tap, or the result at output level. `snapshot` is stepper.snapshot(position.step).
float shown_value(const Walk& walk, const Snapshot& snapshot, Op op);

// Seconds between two playback moves at the walk's speed.
double move_period_seconds(const Walk& walk);
// How far the window has slid from from_step to the current step, in [0, 1]: 0 just after the
// step changed, 1 once the slide is over or when there is nothing to slide from. Linear; a view
// may ease it.
double slide_fraction(const Walk& walk);
// True while playing or sliding: the frame loop should keep redrawing.
bool is_animating(const Walk& walk);

// --- Transport -------------------------------------------------------------------------------

// Starts playing; at the end it first jumps to the start, as a teacher replaying the walk expects.
// The first move comes one period after play.
void play(Walk& walk, const WalkTrack& track);
void pause(Walk& walk);
void toggle_play(Walk& walk, const WalkTrack& track);

// Output level: to the next output-level position (from (i, t ≥ 0) that finishes output i), or back
// to the previous one ((i−1, whole); from step 0 back to the first position). They pause playback,
// since they are how a person inspects one step.
void step_forward(Walk& walk, const WalkTrack& track);
void step_back(Walk& walk, const WalkTrack& track);
// Tap level: one position along the order above, crossing into the neighbouring output at either
// end, so tap_back exactly undoes tap_forward. They pause playback.
void tap_forward(Walk& walk, const WalkTrack& track);
void tap_back(Walk& walk, const WalkTrack& track);

// Cuts (no slide, no ghost). They keep playing or paused, restarting the period when playing.
// The start is (0, whole) at output level and (0, 0) in tap mode; the end is (N−1, whole).
void jump_to_start(Walk& walk, const WalkTrack& track);
void jump_to_end(Walk& walk, const WalkTrack& track);
// The scrubber: to (step, whole), with step clamped to [0, step_count − 1].
void seek(Walk& walk, const WalkTrack& track, int64_t step);

// Clamped to [kMinSpeed, kMaxSpeed]; NaN is ignored. While playing, the time already spent towards
// the next move keeps its share of the period, so changing speed neither jumps nor stalls.
void set_speed(Walk& walk, double speed);
void faster(Walk& walk);  // doubles the speed
void slower(Walk& walk);  // halves the speed
void set_loop(Walk& walk, bool loop);
// Only changes how playback moves; the position stays where it is.
void set_tap_mode(Walk& walk, bool tap_mode);

// After the scene changed: keeps the step when it still exists (clamps it otherwise), keeps the tap
// when the new window still has it (else shows the whole step), keeps playing/speed/loop/tap mode.
// The ghost stays when the step and from_step both survive, but nothing slides across scenes.
void rebind(Walk& walk, const WalkTrack& track);

// Moves the clock on by dt seconds (clamped to [0, kMaxFrameSeconds]; NaN counts as 0). While
// playing, makes every move that falls due, one position at a time, however many fit in dt; at the
// end it stops, or wraps to the start when looping (the end stays on screen for one period first).
// Time is counted in whole nanoseconds, so many small dts add up exactly to one big one.
void advance(Walk& walk, const WalkTrack& track, double dt);

}  // namespace convstep
