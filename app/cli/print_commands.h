// `convstep svg` (one step of any scene as a vector picture) and `convstep worksheet` (a printable PDF of
// a lesson or of a seed's exercises, with its answer key). Both write through core/atomic_write and
// refuse to replace an existing file without --force.
#pragma once

#include <iosfwd>
#include <string>

#include "app/cli/exercises_command.h"
#include "app/cli/layer_options.h"

namespace CLI {
class App;
}

namespace convstep {

struct SvgOptions {
  std::string out;
  std::string step = "0";
  std::string tap;  // empty: the whole step
  std::string size = "1280x720";
  bool force = false;
};

struct WorksheetCommandOptions {
  std::string lesson;
  ExercisesOptions exercises;  // --seed, --count, --difficulty, with `convstep exercises`'s defaults
  std::string pdf;
  std::string paper = "a4";
  bool force = false;
};

// Adds the picture's own options to `svg` (the scene options are the caller's, as for `trace`).
void add_svg_options(CLI::App* svg, SvgOptions* options);
int run_svg(const LayerOptions& layer, const SvgOptions& options, std::ostream& out, std::ostream& err);

CLI::App* add_worksheet_command(CLI::App& app, WorksheetCommandOptions* options);
int run_worksheet(const WorksheetCommandOptions& options, std::ostream& out, std::ostream& err);

}  // namespace convstep
