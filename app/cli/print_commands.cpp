// The two vector exports. The options are checked as text first so every message is convstep's; the
// scene comes from the same options as `trace`, the exercises from the same generator as
// `convstep exercises`, so `--seed N` prints exactly that set.
#include "app/cli/print_commands.h"

#include <CLI/CLI.hpp>

#include <optional>
#include <ostream>

#include "app/cli/cli_support.h"
#include "core/lesson.h"
#include "print/step_svg.h"
#include "print/worksheet.h"

namespace convstep {

void add_svg_options(CLI::App* svg, SvgOptions* o) {
  svg->add_option("--out", o->out, "Where to write the picture (.svg)")->type_name("OUT.svg")->required();
  svg->add_option("--step", o->step, "The step to draw, 0-based (default 0)")->type_name("N");
  svg->add_option("--tap", o->tap, "Draw the step tap by tap, after tap N (default: the whole step)")
      ->type_name("N");
  svg->add_option("--size", o->size,
                  "The picture's size in pixels (default 1280x720; it scales without loss)")
      ->type_name("WxH");
  svg->add_flag("--force", o->force, "Replace OUT.svg if it exists");
  svg->footer("Example: convstep svg --lesson article-5x5 --step 4 --out step4.svg");
}

int run_svg(const LayerOptions& layer, const SvgOptions& o, std::ostream& out, std::ostream& err) {
  const auto step = parse_count(o.step);
  if (!step)
    return fail(err, "--step: expected a step number (0 or more), got \"" + o.step + "\"", kExitUsage);
  int64_t tap = -1;
  if (!o.tap.empty()) {
    const auto t = parse_count(o.tap);
    if (!t) return fail(err, "--tap: expected a tap number (0 or more), got \"" + o.tap + "\"", kExitUsage);
    tap = *t;
  }
  StepPictureOptions picture;
  const auto x = o.size.find('x');
  const auto w = x == std::string::npos ? std::nullopt : parse_count(o.size.substr(0, x));
  const auto h = x == std::string::npos ? std::nullopt : parse_count(o.size.substr(x + 1));
  if (!w || !h || *w < 64 || *h < 64 || *w > kMaxPictureSide || *h > kMaxPictureSide)
    return fail(err,
                "--size: expected WIDTHxHEIGHT in pixels, each 64 to " + std::to_string(kMaxPictureSide) +
                    " (e.g. 1280x720), got \"" + o.size + "\"",
                kExitUsage);
  picture.width = static_cast<int>(*w);
  picture.height = static_cast<int>(*h);
  picture.force = o.force;
  auto scene = scene_from_options(layer);
  if (!scene) {
    const int code = fail(err, scene.message());
    if (const std::string caret = layer_option_caret(layer); !caret.empty()) err << caret << '\n';
    return code;
  }
  if (!layer.lesson.empty()) {
    if (auto lesson = load_lesson_argument(layer.lesson); lesson) {
      picture.title = lesson->title;
      picture.caption =
          lesson->caption_for_step(*step).empty() ? lesson->caption : lesson->caption_for_step(*step);
    }
  }
  if (Status written = write_step_svg(*scene, *step, tap, picture, o.out); !written)
    return fail(err, written.message());
  out << "wrote " << o.out << ": step " << *step << (tap >= 0 ? ", tap " + std::to_string(tap) : "") << ", "
      << picture.width << "x" << picture.height << " SVG\n";
  return 0;
}

CLI::App* add_worksheet_command(CLI::App& app, WorksheetCommandOptions* o) {
  CLI::App* cmd = app.add_subcommand(
      "worksheet",
      "Write a printable worksheet (PDF) of a lesson or of a seed's exercises, with its answer key");
  cmd->add_option("--lesson", o->lesson,
                  "A lesson's scene as the one exercise: a built-in name or a .json file")
      ->type_name("NAME|FILE");
  cmd->add_option("--seed", o->exercises.seed,
                  "The exercises of `convstep exercises --seed N` (the same seed gives the same sheet)")
      ->type_name("N");
  cmd->add_option("--count", o->exercises.count, "How many exercises, 1 to 1000 (default 5)")->type_name("K");
  cmd->add_option("--difficulty", o->exercises.difficulty, "easy, medium or hard (default easy)")
      ->type_name("LEVEL");
  cmd->add_option("--pdf", o->pdf, "Where to write the worksheet")->type_name("OUT.pdf")->required();
  cmd->add_option("--paper", o->paper, "a4 or letter (default a4)")->type_name("SIZE");
  cmd->add_flag("--force", o->force, "Replace OUT.pdf if it exists");
  cmd->footer("Example: convstep worksheet --seed 7 --count 4 --pdf sheet.pdf");
  return cmd;
}

int run_worksheet(const WorksheetCommandOptions& o, std::ostream& out, std::ostream& err) {
  const auto paper = parse_paper(o.paper);
  if (!paper) return fail(err, "--paper: expected a4 or letter, got \"" + o.paper + "\"", kExitUsage);
  WorksheetOptions options;
  options.paper = *paper;
  options.force = o.force;
  std::vector<WorksheetExercise> exercises;
  const bool seeded = o.exercises.seed != ExercisesOptions{}.seed ||
                      o.exercises.count != ExercisesOptions{}.count ||
                      o.exercises.difficulty != ExercisesOptions{}.difficulty;
  if (!o.lesson.empty()) {
    if (seeded)
      return fail(err,
                  "--lesson prints that lesson; --seed, --count and --difficulty are for generated exercises",
                  kExitUsage);
    auto lesson = load_lesson_argument(o.lesson);
    if (!lesson) return fail(err, lesson.message());
    exercises.push_back({lesson->scene, lesson->title});
    options.subtitle = "lesson " + lesson->name;
  } else {
    auto set = generate_exercise_set(o.exercises);
    if (!set) return fail(err, set.message(), kExitUsage);
    exercises = worksheet_exercises(set->exercises);
    options.subtitle = "seed " + std::to_string(set->seed) + " · " + difficulty_name(set->difficulty) +
                       " · " + std::to_string(set->exercises.size()) +
                       (set->exercises.size() == 1 ? " exercise" : " exercises") +
                       " (the same as convstep exercises --seed " + std::to_string(set->seed) + ")";
  }
  if (Status written = write_worksheet_pdf(exercises, options, o.pdf); !written)
    return fail(err, written.message());
  out << "wrote " << o.pdf << ": " << exercises.size() << (exercises.size() == 1 ? " exercise" : " exercises")
      << " and the answer key, " << o.paper << "\n";
  return 0;
}

}  // namespace convstep
