// A kernel written the way articles write fractional filters: an integer matrix and one factor,
// (1/16)·[1 2 1; 2 4 2; 1 2 1] for the 3×3 Gaussian, instead of 0.0625, 0.125 and 0.25. The factor is
// used only when it reproduces every weight exactly in float, so nothing shown differs from the engine.
#pragma once

#include <cstdint>

#include "core/tensor.h"

namespace convstep {

// Denominators above this, numerators past ±kMostWeightNumerator, and weights with more than
// kMostFactoredWeights values are written as decimals: the integers would be no easier to read.
inline constexpr int64_t kMostWeightDenominator = 1024;
inline constexpr int64_t kMostWeightNumerator = 9999;
inline constexpr int64_t kMostFactoredWeights = 4096;

// The smallest D > 1 such that every weight is n/D for an integer n (n/D computed in float gives the
// weight exactly); 1 when the weights are integers already, or when no such D exists within the limits.
int64_t weight_denominator(const Tensor& weight);

// The integer n that `weight` is n/denominator of (denominator from weight_denominator).
inline float weight_numerator(float weight, int64_t denominator) {
  return weight * static_cast<float>(denominator);
}

}  // namespace convstep
