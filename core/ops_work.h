// How much work a layer is, and the limits that keep the window responsive: a scene whose full
// output or whose single step is too big to compute while a person waits is refused with the numbers
// and the nearest kernel_size or input_size that fits, instead of freezing the app.
//   multiply-adds (convolution) = N · C_out · H_out · W_out · (C_in / groups) · kH · kW
//   window reads (pool)         = N · C · H_out · W_out · kH · kW
//   taps per step               = (C_in / groups) · kH · kW, or kH · kW for a pool
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "core/geometry.h"
#include "core/result.h"
#include "core/scene.h"

namespace convstep {

struct Work {
  int64_t total = 0;          // multiply-adds, or window reads for a pool (saturates at INT64_MAX)
  int64_t taps_per_step = 0;  // what one step of the stepper lists
};

struct WorkLimit {
  int64_t total = 0;
  int64_t taps_per_step = 0;
};

// Scenes built in the window or with --set: about a second of one core at most, and steps whose
// snapshot stays a few megabytes.
inline constexpr WorkLimit kInteractiveWorkLimit{int64_t{1'000'000'000}, int64_t{1} << 16};
// `compute`: minutes, not hours; --max-work raises it.
inline constexpr WorkLimit kComputeWorkLimit{int64_t{1'000'000'000'000}, INT64_MAX};

Work work_of(const Geometry& g);

// Ok when the scene's work fits; otherwise an error naming the numbers, the limit, and the nearest
// kernel_size / input_size (as --set / the panel write them) that would fit, e.g.
// "this layer needs 68,853,694,464 multiply-adds (…), more than the 1,000,000,000 allowed here — try
// kernel_size=61 or input_size=124x124".
Status check_work(const Scene& scene, const Geometry& g, const WorkLimit& limit);
// check_work's parts: what is too much, with the numbers ("" when the work fits), and the nearest
// settings that fit, as edits ("kernel_size=61", "input_size=124x124"; at most two, largest first).
std::string work_excess(const Geometry& g, const WorkLimit& limit);
std::vector<std::string> work_tries(const Scene& scene, const Geometry& g, const WorkLimit& limit);

// "1,000,000,000".
std::string grouped_number(int64_t n);

}  // namespace convstep
