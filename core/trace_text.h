// `convstep trace` text (core, so the window's step text can share it): each step written the way a
// person writes it by hand, built only from the stepper's snapshots (never recomputed), e.g.
//   out[0,0,0] = 1×1 + 1×0 + 1×1 + 0×0 + 1×1 + 1×0 + 0×1 + 0×0 + 1×1 = 4
//   out[0,0,1] = max(3, 9, 12, 5) = 12        out[0,0,1] = (3 + 9 + 12 + 5)/4 = 7.25
#pragma once

#include <cstdint>
#include <iosfwd>
#include <string>

#include "core/stepper.h"

namespace convstep {

struct TraceStyle {
  bool ascii = false;       // "x", "-", "inf" and "..." instead of "×", "−", "∞" and "…"
  int64_t max_steps = 200;  // step lines before "… N more steps"; 0 = no limit
};

// A value as a person writes it: "−1", "−∞" (or "-1", "-inf" in ASCII); NaN as format_value writes it.
// The window's numbers (display_number) are these too, so the trace and the window read alike.
std::string format_number(float v, const TraceStyle& style);

// `text` (v as written) in parentheses when v is negative, as in 2×(−1), so an operand of + or ×
// cannot be misread.
std::string bracket_negative(float v, const std::string& text);

// "out[0,2,1]": the output index in the output tensor's own form (no batch index when unbatched,
// no row index for 1-D ops).
std::string format_output_index(const Snapshot& s, const Geometry& g);

// One line (without newline) for a snapshot.
std::string format_step(const Snapshot& s, const Geometry& g, const TraceStyle& style);

// Every step (up to style.max_steps), then the output tensor as the stepper filled it.
void write_trace(const Stepper& stepper, const TraceStyle& style, std::ostream& out);

}  // namespace convstep
