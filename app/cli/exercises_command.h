// `convstep exercises --seed N --count K [--difficulty easy|medium|hard] [--json]`: prints a reproducible
// set of exercises from core/exercises.h, as JSON (for worksheets and scripts) or as a listing to read.
#pragma once

#include <iosfwd>
#include <string>
#include <vector>

#include "core/exercises.h"
#include "core/result.h"

namespace CLI {
class App;
}

namespace convstep {

// What the user typed; checked by run_exercises, so every message is convstep's.
struct ExercisesOptions {
  std::string seed = "1";
  std::string count = "5";
  std::string difficulty = "easy";
  bool json = false;
};

// The set the options ask for, after checking them ("--count: expected ..."); worksheets use it too.
struct ExerciseSet {
  uint64_t seed = 1;
  Difficulty difficulty = Difficulty::kEasy;
  std::vector<Exercise> exercises;
};
Result<ExerciseSet> generate_exercise_set(const ExercisesOptions& options);

// Adds the `exercises` subcommand to `app`, filling `options` when parsed.
CLI::App* add_exercises_command(CLI::App& app, ExercisesOptions* options);
// Returns the exit code: 0 when printed, 2 for bad usage.
int run_exercises(const ExercisesOptions& options, std::ostream& out, std::ostream& err);

}  // namespace convstep
