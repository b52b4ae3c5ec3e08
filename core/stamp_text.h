// `convstep trace` text for a transposed convolution: each stamping step written as a person adds it
// by hand, from the Stamper's snapshots only, e.g.
//   in[0,1] = 2 stamps out[0,1..3]: 0 + 2×1 = 2, 1 + 2×0 = 1, 0 + 2×(−1) = −2
// then the bias step, the equivalent direct convolution in one line, and the output.
#pragma once

#include <iosfwd>
#include <string>

#include "core/trace_text.h"
#include "core/transpose.h"

namespace convstep {

// One line (without newline) for a stamping snapshot.
std::string format_stamp_step(const StampSnapshot& s, const Stamper& stamper, const TraceStyle& style);

// "the same as conv2d on the 7×7 zero-inserted input (1 zero between cells), padding 2, kernel flipped"
std::string direct_equivalent_text(const Scene& scene, const TraceStyle& style);

// Every step (up to style.max_steps), the direct convolution it equals, then the output.
void write_stamp_trace(const Stamper& stamper, const TraceStyle& style, std::ostream& out);

}  // namespace convstep
