#include "core/weight_factor.h"

#include <cmath>
#include <numeric>

namespace convstep {
namespace {

// Whether w is n/d exactly in float, with a legible n.
bool is_fraction(float w, int64_t d) {
  const double n = std::round(static_cast<double>(w) * static_cast<double>(d));
  if (std::fabs(n) > static_cast<double>(kMostWeightNumerator)) return false;
  return static_cast<float>(n) / static_cast<float>(d) == w &&
         static_cast<float>(n) == w * static_cast<float>(d);
}

}  // namespace

int64_t weight_denominator(const Tensor& weight) {
  if (weight.numel() == 0 || weight.numel() > kMostFactoredWeights) return 1;
  int64_t common = 1;
  for (float w : weight.values()) {
    if (!std::isfinite(w)) return 1;
    if (is_fraction(w, common)) continue;
    // This weight's own denominator, then the least common multiple with the others'.
    int64_t own = 0;
    for (int64_t d = 2; d <= kMostWeightDenominator && own == 0; ++d)
      if (is_fraction(w, d)) own = d;
    if (own == 0) return 1;
    common = std::lcm(common, own);
    if (common > kMostWeightDenominator) return 1;
  }
  // The common denominator must still give every weight exactly (a multiple of a weight's own may not
  // in float, and numerators grow with it).
  for (float w : weight.values())
    if (!is_fraction(w, common)) return 1;
  return common;
}

}  // namespace convstep
