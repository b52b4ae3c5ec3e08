// The command line: `convstep compute|trace|lessons ...` run here; anything else is the GUI,
// whose options are parsed here and handed to `launch_gui`. Output goes to the given streams so
// tests can run every subcommand in-process.
#pragma once

#include <functional>
#include <iosfwd>
#include <string>
#include <vector>

namespace convstep {

struct GuiOptions {
  std::string lesson;               // built-in lesson name or a lesson file path; "" = default lesson
  std::vector<std::string> set;     // "stride=2", "padding=same", ...
  std::string image;                // optional image path (positional argument)
  long long step = -1;              // step to show; -1 = the lesson's start
  long long tap = -1;               // >= 0: tap-by-tap mode, after this tap of the step
  int frames = 0;                   // > 0: render this many frames, then exit
  std::string screenshot;           // PNG written after the last frame
  std::string layout;               // JSON of where grids and highlights were drawn in the last frame
  int width = 1280, height = 800;   // window size
};

using GuiLauncher = std::function<int(const GuiOptions&)>;

// Returns the process exit code.
int run_cli(int argc, const char* const* argv, std::ostream& out, std::ostream& err,
            const GuiLauncher& launch_gui);

}  // namespace convstep
