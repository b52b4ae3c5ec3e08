// `convstep exercises`: the options are checked as text (so the messages are convstep's), then the set
// is generated and printed. Nothing is written to a file: a teacher redirects the output.
#include "app/cli/exercises_command.h"

#include <CLI/CLI.hpp>

#include <ostream>

#include "app/cli/cli_support.h"

#include "core/exercises.h"

namespace convstep {

namespace {

// Enough for a class's worth of worksheets; more is almost certainly a typo.
constexpr int64_t kMostExercises = 1000;

}  // namespace

CLI::App* add_exercises_command(CLI::App& app, ExercisesOptions* o) {
  CLI::App* cmd = app.add_subcommand(
      "exercises",
      "Print exercises to work by hand: small integer scenes with their answers, the same for a seed");
  cmd->add_option("--seed", o->seed, "The set's seed: the same seed gives the same exercises (default 1)")
      ->type_name("N");
  cmd->add_option("--count", o->count, "How many exercises, 1 to 1000 (default 5)")->type_name("K");
  cmd->add_option(
         "--difficulty", o->difficulty,
         "easy (one channel, no padding), medium (stride, padding, channels, pools) or hard (padding "
         "modes, dilation, groups, ceil_mode); default easy")
      ->type_name("LEVEL");
  cmd->add_flag("--json", o->json,
                "Print JSON: {seed, difficulty, exercises: [{op, layer, params, input, weight, bias, answer, "
                "output_shape}]}");
  return cmd;
}

Result<ExerciseSet> generate_exercise_set(const ExercisesOptions& o) {
  const auto seed = parse_number<uint64_t>(o.seed);
  if (!seed)
    return make_error("--seed: expected a whole number from 0 to 18446744073709551615, got \"" + o.seed +
                      "\"");
  const auto count = parse_number<int64_t>(o.count);
  if (!count || *count < 1 || *count > kMostExercises)
    return make_error("--count: expected a number of exercises from 1 to " + std::to_string(kMostExercises) +
                      ", got \"" + o.count + "\"");
  const auto difficulty = parse_difficulty(o.difficulty);
  if (!difficulty)
    return make_error("--difficulty: expected easy, medium or hard, got \"" + o.difficulty + "\"");
  return ExerciseSet{*seed, *difficulty, generate_exercises(*seed, *count, *difficulty)};
}

int run_exercises(const ExercisesOptions& o, std::ostream& out, std::ostream& err) {
  auto set = generate_exercise_set(o);
  if (!set) return fail(err, set.message(), kExitUsage);
  const std::vector<Exercise>& exercises = set->exercises;
  if (o.json) {
    out << exercises_json(set->seed, set->difficulty, exercises).dump(2) << '\n';
    return 0;
  }
  out << "Exercises, seed " << set->seed << ", " << difficulty_name(set->difficulty)
      << " (answers below each; the same seed gives the same set):\n";
  for (size_t i = 0; i < exercises.size(); ++i)
    out << '\n' << exercise_text(exercises[i], static_cast<int64_t>(i + 1));
  return 0;
}

}  // namespace convstep
