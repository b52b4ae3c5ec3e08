// `convstep filter IMAGE... --kernel PRESET|W.npy ...`: the filter playground's filtering
// (core/filtering.h: apply_filter, then map_for_display) from the command line, for several images
// in one process. A file that fails is one line on stderr; the others are still written.
#pragma once

#include <iosfwd>
#include <string>
#include <vector>

namespace CLI {
class App;
}

namespace convstep {

// What the user typed; checked by run_filter, so every message is convstep's.
struct FilterOptions {
  std::vector<std::string> images;
  std::string kernel;
  std::string padding_mode = "zeros";
  bool gray = false;
  std::string display;  // "" = the kernel's suggested_display_mode, as the playground picks it
  std::string output;
  std::string output_dir;
  std::string format;   // "png" or "npy", for --output-dir; "" = png
  std::string threads;  // --threads N; "" = every core
};

// Adds the `filter` subcommand to `app`, filling `options` when parsed.
CLI::App* add_filter_command(CLI::App& app, FilterOptions* options);
// Returns the exit code: 0 when every image was written, 1 when any failed, 2 for bad usage.
int run_filter(const FilterOptions& options, std::ostream& out, std::ostream& err);

}  // namespace convstep
