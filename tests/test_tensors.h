// Tensors the tests fill: uniform random values in [-1, 1), the same for the same seed.
#pragma once

#include <cstdint>
#include <random>
#include <utility>

#include "core/tensor.h"

namespace convstep::test_support {

inline Tensor random_tensor(Shape shape, uint32_t seed) {
  Tensor t(std::move(shape));
  std::mt19937 rng(seed);
  std::uniform_real_distribution<float> d(-1.0f, 1.0f);
  for (float& v : t.values()) v = d(rng);
  return t;
}

}  // namespace convstep::test_support
