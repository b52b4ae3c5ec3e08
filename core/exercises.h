// The exercise generator: fresh scenes with small integers for a learner to work by hand, shaped by a
// difficulty and the same for the same seed on every machine (its own PRNG, splitmix64, and its own
// range reduction: the standard distributions differ between standard libraries). Each exercise carries
// its answer, the engine's output, for `convstep exercises` and the worksheets.
#pragma once

#include <cstdint>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <vector>

#include "core/scene.h"
#include "core/tensor.h"

namespace convstep {

// What each level draws from (inclusive ranges; every scene is then checked by resolve_geometry and
// drawn again if PyTorch would refuse it):
//   easy    conv2d (and conv1d), one channel in and out, no bias, input 4–5, kernel 2–3, stride 1,
//           no padding; a max pool 2×2 stride 2 now and then. Inputs 0–3, weights −1–1.
//   medium  conv1d/conv2d and max/avg/sum pools; 1–2 channels, a bias sometimes, input 5–6, kernel 2–3,
//           stride 1–2, zero padding 0–1. Inputs 0–4, weights −1–2, bias −2–2.
//   hard    all of medium, with rectangular kernels up to 4, stride 1–3, padding 0–2 or 'same',
//           reflect/replicate/circular padding, dilation 1–2, up to 3 channels and groups, and pools
//           with ceil_mode and count_include_pad=False. Inputs −2–5, weights −2–2, bias −3–3.
enum class Difficulty { kEasy, kMedium, kHard };
const char* difficulty_name(Difficulty d);
std::optional<Difficulty> parse_difficulty(const std::string& name);

// splitmix64 (Steele, Lea and Flood), written out so the sequence is fixed by this file alone.
class SplitMix64 {
 public:
  explicit SplitMix64(uint64_t seed) : state_(seed) {}
  uint64_t next();
  // An integer in [lo, hi], by rejection so every value is equally likely; requires lo <= hi.
  int64_t between(int64_t lo, int64_t hi);
  bool chance(int percent) { return between(1, 100) <= percent; }

 private:
  uint64_t state_;
};

struct Exercise {
  Scene scene;    // unbatched input; integer values throughout
  Tensor answer;  // run(scene)
};

// Exercise `index` of a seed's set: exercise i is the same whatever the count asked for.
Exercise generate_exercise(uint64_t seed, int64_t index, Difficulty difficulty);
std::vector<Exercise> generate_exercises(uint64_t seed, int64_t count, Difficulty difficulty);

// {"op", "layer" (the PyTorch line), "params" (PyTorch names, as a lesson file writes them), "input",
//  "weight" and "bias" (convolutions only; bias when it has one), "answer", "output_shape"}; tensors as
// nested lists, integral values as JSON integers.
nlohmann::json exercise_json(const Exercise& exercise);
// {"seed", "difficulty", "exercises": [...]}.
nlohmann::json exercises_json(uint64_t seed, Difficulty difficulty, const std::vector<Exercise>& exercises);
// A readable listing of one exercise, numbered from 1, ending in a newline.
std::string exercise_text(const Exercise& exercise, int64_t number);

}  // namespace convstep
