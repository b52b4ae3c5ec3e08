// The command line: `convstep compute|trace|lessons ...` run here; anything else is the GUI,
// whose options are parsed here and handed to `launch_gui`. Output goes to the given streams so
// tests can run every subcommand in-process.
#pragma once

#include <functional>
#include <iosfwd>

#include "app/cli/export_command.h"
#include "app/gui_options.h"

namespace convstep {

using GuiLauncher = std::function<int(const GuiOptions&)>;

// Returns the process exit code. `launch_export` draws `convstep export` (it needs the GUI's code).
int run_cli(int argc, const char* const* argv, std::ostream& out, std::ostream& err,
            const GuiLauncher& launch_gui, const ExportLauncher& launch_export = {});

}  // namespace convstep
