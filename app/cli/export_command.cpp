// The export's options: the scene's are the window's own (so a scene exports as it opens), the
// timeline's are checked as text here and again against the scene by plan_animation.
#include "app/cli/export_command.h"

#include <CLI/CLI.hpp>

#include <cmath>
#include <optional>
#include <ostream>

#include "app/cli/cli_support.h"

namespace convstep {
namespace {

// The outputs, in the order their flags are listed; one more kind is one more row.
struct OutputFlag {
  const char* flag;
  ExportKind kind;
  std::string ExportOptions::*path;
  const char* help;
};
const OutputFlag kOutputs[] = {
    {"--gif", ExportKind::kGif, &ExportOptions::gif,
     "Write an animated GIF (the walk, sliding step to step)"},
    {"--mp4", ExportKind::kMp4, &ExportOptions::mp4, "Write an MP4 video (H.264)"},
    {"--png", ExportKind::kPng, &ExportOptions::png, "Write one step (--from) as a PNG"},
    {"--svg", ExportKind::kSvg, &ExportOptions::svg,
     "Write one step (--from) as an SVG: vector grids, numbers and arithmetic, crisp at any size"},
};

}  // namespace

CLI::App* add_export_command(CLI::App& app, ExportOptions* o) {
  CLI::App* cmd = app.add_subcommand(
      "export", "Write a walk as an animated GIF or an MP4, or one step as a PNG or SVG; needs no display");
  cmd->add_option("--lesson", o->lesson, "Lesson to export: a built-in name or a .json file")
      ->type_name("NAME|FILE");
  cmd->add_option("--set", o->set, "Change a parameter of the lesson, e.g. --set stride=2 (repeatable)")
      ->type_name("KEY=VALUE")
      ->allow_extra_args(false);
  cmd->add_option("--layer", o->layer, "A PyTorch layer the scene takes (after --set)")->type_name("TEXT");
  cmd->add_option("--input", o->input, "A .npy to use as the input")->type_name("X.npy");
  cmd->add_option("--weight", o->weight, "A .npy to use as the convolution's weight")->type_name("W.npy");
  cmd->add_option("--bias", o->bias, "A .npy to use as the convolution's bias")->type_name("B.npy");
  for (const OutputFlag& output : kOutputs)
    cmd->add_option(output.flag, o->*output.path, output.help)->type_name("FILE");
  cmd->add_option("--size", o->size, "Frame size in pixels (default 1280x720; e.g. 1920x1080)")
      ->type_name("WxH");
  cmd->add_option("--fps", o->fps,
                  "Steps per second (taps per second with --tap), as the window's speed (default 1)")
      ->type_name("F");
  cmd->add_option("--frames-per-step", o->frames_per_step,
                  "Frames drawn per step: more makes the slide smoother (default 15)")
      ->type_name("N");
  cmd->add_option("--from", o->from, "First step (default 0); the step --png and --svg write")
      ->type_name("A");
  cmd->add_option("--to", o->to, "Last step (default: the last)")->type_name("B");
  cmd->add_flag("--tap", o->tap, "Tap by tap: every product of each step, then its result");
  cmd->add_flag("--present", o->present, "Presentation layout: the stage alone, large type");
  cmd->add_option("--pause", o->pause, "Seconds the last frame stays (default 2)")->type_name("S");
  cmd->add_option("--loop", o->loop, "GIF: how often it plays, 0 = for ever (default 0)")->type_name("N");
  cmd->add_flag("--force", o->force, "Replace the file if it exists");
  cmd->footer(
      "Examples:\n"
      "  convstep export --lesson stride-2 --gif stride.gif\n"
      "  convstep export --lesson article-5x5 --mp4 walk.mp4 --size 1920x1080 --fps 2\n"
      "  convstep export --lesson article-5x5 --tap --from 4 --to 4 --gif step4.gif\n"
      "  convstep export --lesson max-pool --png step3.png --from 3 --present\n"
      "  convstep export --lesson article-5x5 --svg step4.svg --from 4");
  return cmd;
}

Result<ExportRequest> export_request_from(const ExportOptions& o) {
  ExportRequest request;
  int outputs = 0;
  for (const OutputFlag& output : kOutputs) {
    if ((o.*output.path).empty()) continue;
    ++outputs;
    request.kind = output.kind;
    request.path = o.*output.path;
  }
  if (outputs != 1) {
    std::string flags;
    for (const OutputFlag& output : kOutputs) flags += (flags.empty() ? "" : ", ") + std::string(output.flag);
    return make_error(std::string(outputs == 0 ? "nothing to write" : "one output at a time") +
                      ": give one of " + flags);
  }
  request.scene.lesson = o.lesson;
  request.scene.set = o.set;
  request.scene.layer = o.layer;
  request.scene.input = o.input;
  request.scene.weight = o.weight;
  request.scene.bias = o.bias;
  request.scene.present = o.present;
  request.scene.no_settings = true;
  request.force = o.force;

  AnimationSpec& spec = request.spec;
  Result<std::pair<int, int>> size = parse_export_size(o.size);
  if (!size) return size.error();
  spec.width = size->first;
  spec.height = size->second;
  const auto fps = parse_number<double>(o.fps);
  if (!fps || !std::isfinite(*fps))
    return make_error("--fps: expected steps per second (e.g. 1 or 0.5), got \"" + o.fps + "\"");
  spec.steps_per_second = *fps;
  const auto frames = parse_number<int>(o.frames_per_step);
  if (!frames)
    return make_error("--frames-per-step: expected a whole number, got \"" + o.frames_per_step + "\"");
  spec.frames_per_step = *frames;
  const auto from = parse_number<int64_t>(o.from);
  if (!from) return make_error("--from: expected a step number, got \"" + o.from + "\"");
  spec.from = *from;
  if (!o.to.empty()) {
    const auto to = parse_number<int64_t>(o.to);
    if (!to || *to < 0) return make_error("--to: expected a step number, got \"" + o.to + "\"");
    spec.to = *to;
  }
  const auto pause = parse_number<double>(o.pause);
  if (!pause || !std::isfinite(*pause))
    return make_error("--pause: expected seconds, got \"" + o.pause + "\"");
  spec.pause_seconds = *pause;
  const auto loop = parse_number<int>(o.loop);
  if (!loop) return make_error("--loop: expected a whole number (0 = for ever), got \"" + o.loop + "\"");
  spec.loops = *loop;
  spec.tap = o.tap;
  // The timeline's own limits, before any scene is built (the steps are checked against the scene later).
  Result<AnimationPlan> limits =
      plan_animation(AnimationSpec{spec.width, spec.height, 0, 0, false, spec.steps_per_second,
                                   spec.frames_per_step, spec.pause_seconds, spec.loops},
                     1, [](int64_t) { return int64_t{0}; });
  if (!limits) return limits.error();
  return request;
}

int run_export_command(const ExportOptions& options, std::ostream& err, const ExportLauncher& launch) {
  Result<ExportRequest> request = export_request_from(options);
  if (!request) {
    err << "convstep: error: " << request.message() << '\n';
    return kExitUsage;
  }
  if (!launch) {
    err << "convstep: error: export is not available in this build\n";
    return 1;
  }
  return launch(*request);
}

}  // namespace convstep
