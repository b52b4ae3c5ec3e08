// `convstep export (--lesson NAME|FILE | scene options) (--gif OUT.gif | --mp4 OUT.mp4 | --png OUT.png)
// [--size WxH] [--fps F] [--from A] [--to B] [--tap] [--present] [--force] ...`: the options are read
// and checked here; the frames are drawn by the launcher main.cpp passes in (app/export_job), which
// needs no display.
#pragma once

#include <functional>
#include <iosfwd>
#include <string>
#include <vector>

#include "app/export_request.h"

namespace CLI {
class App;
}

namespace convstep {

// Draws and writes an export; returns the process exit code.
using ExportLauncher = std::function<int(const ExportRequest&)>;

// What the user typed; checked by run_export_command, so every message is convstep's.
struct ExportOptions {
  std::string lesson, layer, input, weight, bias;
  std::vector<std::string> set;
  // One entry per kind of output: the flag and the path given for it.
  std::string gif, mp4, png, svg;
  std::string size = "1280x720", fps = "1", frames_per_step = "15", from = "0", to, pause = "2", loop = "0";
  bool tap = false, present = false, force = false;
};

CLI::App* add_export_command(CLI::App& app, ExportOptions* options);
// Checks the options into an ExportRequest and hands it to `launch`; 2 for bad usage.
int run_export_command(const ExportOptions& options, std::ostream& err, const ExportLauncher& launch);
// The same check alone, for tests: the request, or the message (without "convstep: error: ").
Result<ExportRequest> export_request_from(const ExportOptions& options);

}  // namespace convstep
