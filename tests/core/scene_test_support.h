// Shared by the core tests that start from the article's layer and change it with scene edits
// (tests/core/scene_edit_test.cpp, tests/core/pytorch_text_test.cpp).
#pragma once

#include <gtest/gtest.h>

#include <vector>

#include "core/scene.h"
#include "core/scene_edit.h"

namespace convstep::test_support {

// The article's 5×5 input and 1 0 1 / 0 1 0 / 1 0 1 filter, unbatched, no bias.
inline Scene article() {
  Scene s;
  s.params.op = Op::kConv2d;
  s.input = Tensor({1, 5, 5}, {1, 1, 1, 0, 0, 0, 1, 1, 1, 0, 0, 0, 1, 1, 1, 0, 0, 1, 1, 0, 0, 1, 1, 0, 0});
  s.weight = Tensor({1, 1, 3, 3}, {1, 0, 1, 0, 1, 0, 1, 0, 1});
  return s;
}

// `scene` with `edits` applied; a refused edit fails the test and returns `scene` unchanged.
inline Scene apply_ok(const Scene& scene, const std::vector<SceneEdit>& edits) {
  Result<Scene> r = apply_edits(scene, edits);
  EXPECT_TRUE(r.ok()) << (r.ok() ? "" : r.message());
  return r.ok() ? r.value() : scene;
}

}  // namespace convstep::test_support
