// The plain reference engine: the same results as run() (core/ops.h), bit for bit, computed the
// simplest way (a padded copy of the input and one loop per tap). Kept so tests can check that every
// vector path and thread count of run() gives exactly its numbers.
#pragma once

#include "core/result.h"
#include "core/scene.h"
#include "core/tensor.h"

namespace convstep {

Result<Tensor> run_reference(const Scene& scene);

}  // namespace convstep
