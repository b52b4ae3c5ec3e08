// The command line (CLI11): `compute`, `trace`, `lessons`, `presets` and `filter` run here and write to the
// given streams; with no subcommand the GUI options are checked and handed to the launcher. Every failure is
// one line on stderr ("convstep: error: ...") and a non-zero exit, with no file written.
#include "app/cli/cli.h"

#include <CLI/CLI.hpp>

#include <algorithm>
#include <filesystem>
#include <iomanip>
#include <ostream>

#include "app/cli/cli_support.h"
#include "app/cli/exercises_command.h"
#include "app/cli/filter_command.h"
#include "app/cli/layer_options.h"
#include "app/cli/print_commands.h"
#include "app/cli/receptive_field_command.h"
#include "app/cli/thread_option.h"
#include "core/geometry.h"
#include "core/layer_parser.h"
#include "core/npy.h"
#include "core/ops.h"
#include "core/ops_work.h"
#include "core/params.h"
#include "core/presets.h"
#include "core/scene_edit.h"
#include "core/stamp_text.h"
#include "core/stepper.h"
#include "core/trace_text.h"

namespace convstep {

namespace {

namespace fs = std::filesystem;

constexpr const char* kVersion = "convstep 0.1.0";
constexpr int kMaxWindowSide = 16384;

const char* const kOpHelp =
    "conv1d, conv2d, max_pool1d, max_pool2d, avg_pool1d, avg_pool2d, sum_pool1d, sum_pool2d, "
    "conv_transpose1d or conv_transpose2d";

// What the user typed, per subcommand; validated after parsing so every message is ours.
struct CommandLine {
  LayerOptions layer;
  std::string output;
  std::string threads;   // compute: empty = every core
  std::string max_work;  // compute: empty = kComputeWorkLimit
  std::string max_steps;
  bool ascii = false;
  bool show_kernels = false;
  GuiOptions gui;
  std::string step, tap, frames, size;
};

void add_layer_options(CLI::App* cmd, LayerOptions* o) {
  cmd->add_option("--lesson", o->lesson,
                  "Use a lesson's scene: a built-in name (see `convstep lessons`) or a .json file; the layer "
                  "options below then override its parameters")
      ->type_name("NAME|FILE");
  cmd->add_option("--op", o->op, std::string("The operation: ") + kOpHelp)->type_name("OP");
  cmd->add_option("--layer", o->layer,
                  "A PyTorch layer standing for --op and the layer flags, e.g. \"nn.Conv2d(3, 8, "
                  "kernel_size=3, stride=2)\"; with .npy files their shapes must agree with it")
      ->type_name("TEXT");
  cmd->add_option("--input", o->input,
                  "Input tensor (.npy): (C,L)/(N,C,L) for 1-D ops, (C,H,W)/(N,C,H,W) for 2-D")
      ->type_name("X.npy");
  cmd->add_option(
         "--weight", o->weight,
         "Convolution weight (.npy): (out_channels, in_channels/groups, [kH,] kW); the kernel size and "
         "channel counts come from its shape")
      ->type_name("W.npy");
  cmd->add_option("--bias", o->bias, "Convolution bias (.npy): (out_channels)")->type_name("B.npy");
  // The layer's parameters, one flag per entry of core/params.h's table that has one.
  for (const ParamSpec& spec : param_specs()) {
    if (!spec.flag) continue;
    if (spec.flag_value) {
      cmd->add_option(spec.flag, o->params[spec.param], spec.flag_help)->type_name(spec.flag_value);
    } else {
      const Param param = spec.param;
      cmd->add_flag_callback(
          spec.flag, [o, param] { o->params[param] = "true"; }, spec.flag_help);
    }
  }
}

// The one-line error, then (for an unreadable --layer) the line with a caret under the column at fault.
int fail_layer(std::ostream& err, const std::string& message, const LayerOptions& layer) {
  const int code = fail(err, message);
  if (message.rfind("--layer: column ", 0) == 0) err << layer_option_caret(layer) << '\n';
  return code;
}

int run_compute(const CommandLine& cl, std::ostream& out, std::ostream& err) {
  RunOptions options;
  const Result<int> threads = parse_thread_option(cl.threads);
  if (!threads) return fail(err, threads.message());
  options.threads = *threads;
  WorkLimit limit = kComputeWorkLimit;
  if (!cl.max_work.empty()) {
    const auto max_work = parse_count(cl.max_work);
    if (!max_work || *max_work < 1)
      return fail(err,
                  "--max-work: expected a number of multiply-adds (at least 1), got \"" + cl.max_work + "\"");
    limit.total = *max_work;
  }
  auto scene = scene_from_options(cl.layer);
  if (!scene) return fail_layer(err, scene.message(), cl.layer);
  if (auto geometry = resolve_geometry(*scene); geometry) {
    if (Status fits = check_work(*scene, *geometry, limit); !fits)
      return fail(err, fits.message() + " (--max-work N raises the limit)");
  }
  auto result = run(*scene, options);
  if (!result) return fail(err, result.message());
  if (auto written = write_npy(cl.output, *result); !written) return fail(err, written.message());
  out << "wrote " << cl.output << ": " << op_name(scene->params.op) << " output " << result->shape_string()
      << ", float32\n";
  return 0;
}

int run_trace(const CommandLine& cl, std::ostream& out, std::ostream& err) {
  TraceStyle style;
  style.ascii = cl.ascii;
  if (!cl.max_steps.empty()) {
    const auto limit = parse_count(cl.max_steps);
    if (!limit)
      return fail(err, "--max-steps: expected a number of steps (0 = all), got \"" + cl.max_steps + "\"");
    style.max_steps = *limit;
  }
  auto scene = scene_from_options(cl.layer);
  if (!scene) return fail_layer(err, scene.message(), cl.layer);
  if (is_conv_transpose(scene->params.op)) {
    auto stamper = Stamper::create(std::move(*scene));
    if (!stamper) return fail(err, stamper.message());
    write_stamp_trace(*stamper, style, out);
    return 0;
  }
  auto stepper = Stepper::create(std::move(*scene));
  if (!stepper) return fail(err, stepper.message());
  write_trace(*stepper, style, out);
  return 0;
}

int run_lessons(std::ostream& out, std::ostream& err) {
  auto lessons = load_builtin_lessons();
  if (!lessons) return fail(err, lessons.message());
  size_t name_width = 4, shape_width = 6;
  std::vector<std::string> shapes;
  for (const Lesson& lesson : *lessons) {
    auto geometry = resolve_geometry(lesson.scene);
    shapes.push_back(geometry ? shape_to_string(geometry->output_shape()) : "?");
    name_width = std::max(name_width, lesson.name.size());
    shape_width = std::max(shape_width, shapes.back().size());
  }
  out << std::left << std::setw(static_cast<int>(name_width + 2)) << "NAME"
      << std::setw(static_cast<int>(shape_width + 2)) << "OUTPUT"
      << "TITLE\n";
  for (size_t i = 0; i < lessons->size(); ++i) {
    const Lesson& lesson = (*lessons)[i];
    out << std::setw(static_cast<int>(name_width + 2)) << lesson.name
        << std::setw(static_cast<int>(shape_width + 2)) << shapes[i] << lesson.title << '\n';
  }
  out << std::right;
  return 0;
}

int run_presets(const CommandLine& cl, std::ostream& out) {
  size_t id_width = 2;
  for (const KernelPreset& p : kernel_presets()) id_width = std::max(id_width, p.id.size());
  for (const KernelPreset& p : kernel_presets()) {
    const std::string size = std::to_string(p.kernel.size(0)) + "x" + std::to_string(p.kernel.size(1));
    out << std::left << std::setw(static_cast<int>(id_width + 2)) << p.id << std::setw(5) << size << p.name
        << ": " << p.description << '\n';
    if (cl.show_kernels) out << format_tensor(p.kernel) << "\n\n";
  }
  out << std::right;
  return 0;
}

Result<GuiOptions> check_gui_options(const CommandLine& cl) {
  GuiOptions gui = cl.gui;
  if (!gui.image.empty()) {
    std::error_code ec;
    if (!fs::is_regular_file(gui.image, ec)) {
      const bool word = gui.image.find_first_of("./") == std::string::npos;
      return make_error("image file not found: " + gui.image +
                        (word ? " (nor is it a subcommand: compute, trace, lessons, presets, filter)" : ""));
    }
  }
  if (!gui.view.empty() && gui.view != "stepper" && gui.view != "playground" && gui.view != "network")
    return make_error("--view: expected stepper, playground or network, got \"" + gui.view + "\"");
  if (!gui.lesson.empty()) {
    auto lesson = load_lesson_argument(gui.lesson);
    if (!lesson) return lesson.error();
  }
  // Only the form is checked here; whether the values make a valid layer is the window's to explain.
  for (const std::string& s : gui.set) {
    auto edit = parse_scene_edit(s);
    if (!edit) return make_error("--set: " + edit.message());
    if (edit->value.empty())
      return make_error("--set " + s + ": the value after '=' is missing (e.g. --set stride=2)");
  }
  if (!gui.layer.empty()) {
    LayerParse layer = parse_layer(gui.layer);
    if (!layer.ok())
      return make_error("--layer: " + layer.error.message + "\n" +
                        caret_lines(gui.layer, layer.error.column));
  }
  // The files must read; whether they fit the scene is the window's to explain.
  for (const auto& [flag, path] : {std::pair<const char*, const std::string&>{"--input", gui.input},
                                   {"--weight", gui.weight},
                                   {"--bias", gui.bias}}) {
    if (path.empty()) continue;
    if (Result<Tensor> tensor = read_npy(path); !tensor)
      return make_error(std::string(flag) + ": " + tensor.message());
  }
  if (!cl.step.empty()) {
    const auto step = parse_count(cl.step);
    if (!step) return make_error("--step: expected a step number (0 or more), got \"" + cl.step + "\"");
    gui.step = *step;
  }
  if (!cl.tap.empty()) {
    const auto tap = parse_count(cl.tap);
    if (!tap) return make_error("--tap: expected a tap number (0 or more), got \"" + cl.tap + "\"");
    gui.tap = *tap;
  }
  if (!cl.frames.empty()) {
    const auto frames = parse_count(cl.frames);
    if (!frames || *frames > 1'000'000)
      return make_error("--frames: expected a number of frames from 0 to 1000000, got \"" + cl.frames + "\"");
    gui.frames = static_cast<int>(*frames);
  }
  if (!cl.size.empty()) {
    const auto x = cl.size.find('x');
    const auto w = x == std::string::npos ? std::nullopt : parse_count(cl.size.substr(0, x));
    const auto h = x == std::string::npos ? std::nullopt : parse_count(cl.size.substr(x + 1));
    if (!w || !h || *w < 1 || *h < 1 || *w > kMaxWindowSide || *h > kMaxWindowSide)
      return make_error("--size: expected WIDTHxHEIGHT in pixels, each 1 to " +
                        std::to_string(kMaxWindowSide) + " (e.g. 1280x800), got \"" + cl.size + "\"");
    gui.width = static_cast<int>(*w);
    gui.height = static_cast<int>(*h);
    gui.size_given = true;
  }
  for (const auto& [flag, path] : {std::pair<const char*, const std::string&>{"--screenshot", gui.screenshot},
                                   std::pair<const char*, const std::string&>{"--layout", gui.layout},
                                   std::pair<const char*, const std::string&>{"--save", gui.save}}) {
    if (path.empty()) continue;
    const fs::path folder = fs::path(path).parent_path();
    std::error_code ec;
    if (!folder.empty() && !fs::is_directory(folder, ec))
      return make_error(std::string(flag) + ": the folder " + folder.string() + " does not exist");
  }
  return gui;
}

int run_cli_checked(int argc, const char* const* argv, std::ostream& out, std::ostream& err,
                    const GuiLauncher& launch_gui, const ExportLauncher& launch_export) {
  CommandLine cl;
  CLI::App app{
      "convstep makes convolution visible: it steps a kernel across an input one position at a time.\n"
      "Without a subcommand it opens the window, showing a lesson (default: article-5x5).",
      "convstep"};
  app.set_version_flag("--version", kVersion);
  app.require_subcommand(0, 1);
  app.footer(
      "Examples:\n"
      "  convstep                                  open the window with the default lesson\n"
      "  convstep --lesson stride-2 --step 3       open a lesson at step 3\n"
      "  convstep trace --lesson article-5x5       print every step's arithmetic\n"
      "  convstep compute --op conv2d --input x.npy --weight w.npy --padding same --output y.npy\n"
      "  convstep --layer \"nn.Conv2d(3, 8, kernel_size=3, stride=2)\"   open the window on a PyTorch layer\n"
      "  convstep exercises --seed 7 --count 5 --json   exercises with their answers\n"
      "Run `convstep SUBCOMMAND --help` for a subcommand's options.");

  auto* image = app.add_option("image", cl.gui.image, "An image to use as the input (opens the window)")
                    ->type_name("IMAGE");
  auto* gui_lesson =
      app.add_option("--lesson", cl.gui.lesson, "Lesson to open: a built-in name or a .json file")
          ->type_name("NAME|FILE");
  auto* gui_set = app.add_option("--set", cl.gui.set,
                                 "Change a parameter of the lesson, e.g. --set stride=2 (repeatable)")
                      ->type_name("KEY=VALUE")
                      ->allow_extra_args(false);
  auto* gui_layer = app.add_option("--layer", cl.gui.layer,
                                   "A PyTorch layer the scene takes, e.g. \"nn.Conv2d(3, 8, kernel_size=3, "
                                   "stride=2)\" (after --set)")
                        ->type_name("TEXT");
  auto* gui_input = app.add_option("--input", cl.gui.input, "A .npy to use as the input (after --layer)")
                        ->type_name("X.npy");
  auto* gui_weight = app.add_option("--weight", cl.gui.weight, "A .npy to use as the convolution's weight")
                         ->type_name("W.npy");
  auto* gui_bias =
      app.add_option("--bias", cl.gui.bias, "A .npy to use as the convolution's bias")->type_name("B.npy");
  auto* gui_step = app.add_option("--step", cl.step, "Step to show first (0-based)")->type_name("N");
  auto* gui_tap =
      app.add_option("--tap", cl.tap,
                     "Start tap by tap, after tap N of the step (the running sum of its first N+1 products)")
          ->type_name("N");
  auto* gui_frames =
      app.add_option("--frames", cl.frames, "Render N frames, then exit (0 = run until closed)")
          ->type_name("N");
  auto* gui_screenshot =
      app.add_option("--screenshot", cl.gui.screenshot, "Write a PNG of the last frame")->type_name("FILE");
  auto* gui_size =
      app.add_option("--size", cl.size, "Window size in pixels (default 1280x800)")->type_name("WxH");
  auto* gui_layout = app.add_option("--layout", cl.gui.layout,
                                    "Write where every grid and highlight was drawn in the last frame (JSON)")
                         ->type_name("FILE");
  auto* gui_drop = app.add_option("--drop", cl.gui.drop,
                                  "Open FILE after the start as if dropped on the window, one a frame: a "
                                  ".json as a lesson, anything else as an image (repeatable)")
                       ->type_name("FILE")
                       ->allow_extra_args(false);
  auto* gui_present =
      app.add_flag("--present", cl.gui.present, "Start in presentation mode (F5 toggles it, Esc leaves)");
  auto* gui_direct = app.add_flag("--direct", cl.gui.direct,
                                  "A transposed convolution starts in its direct view (D switches views)");
  auto* gui_view =
      app.add_option("--view", cl.gui.view,
                     "Start in a view: stepper (a lesson step by step), playground (filters on an "
                     "image) or network (a stack of layers and its receptive fields)")
          ->type_name("VIEW");
  auto* gui_no_settings = app.add_flag("--no-settings", cl.gui.no_settings,
                                       "Neither read nor write the remembered settings (settings.json)");
  auto* gui_save = app.add_option("--save", cl.gui.save,
                                  "Write the session (.convstep) once --lesson, --set, --layer and the "
                                  "tensors are applied, then go on")
                       ->type_name("FILE");
  auto* gui_quiz =
      app.add_flag("--quiz", cl.gui.quiz, "Start in quiz mode: predict each value, then see it (Q)");
  auto* gui_quiz_ask =
      app.add_option(
             "--quiz-ask", cl.gui.quiz_ask,
             "Start in quiz mode asking KIND at each step: next-value (default), receptive-field or padding")
          ->type_name("KIND");
  auto* gui_quiz_answer =
      app.add_option("--quiz-answer", cl.gui.quiz_answer,
                     "Start in quiz mode and answer the first question with TEXT, as if typed and Enter")
          ->type_name("TEXT");
  const std::vector<CLI::Option*> gui_options = {
      image,        gui_lesson,      gui_set,     gui_layer,       gui_input,      gui_weight,
      gui_bias,     gui_step,        gui_tap,     gui_frames,      gui_screenshot, gui_size,
      gui_layout,   gui_drop,        gui_present, gui_no_settings, gui_save,       gui_quiz,
      gui_quiz_ask, gui_quiz_answer, gui_direct,  gui_view};

  auto* compute = app.add_subcommand(
      "compute",
      "Run a convolution or pooling on .npy files (or a lesson) and write the output as float32 .npy");
  add_layer_options(compute, &cl.layer);
  compute->add_option("--output", cl.output, "Where to write the output (.npy); nothing is written on error")
      ->type_name("Y.npy")
      ->required();
  compute
      ->add_option("--threads", cl.threads,
                   "Threads to compute with (default: every core); same output for any N")
      ->type_name("N");
  compute
      ->add_option("--max-work", cl.max_work,
                   "Refuse layers needing more than N multiply-adds (default " +
                       grouped_number(kComputeWorkLimit.total) + ")")
      ->type_name("N");
  compute->footer("The output keeps the input's form: batched in, batched out.");

  auto* trace =
      app.add_subcommand("trace", "Print every step's arithmetic as written by hand, then the output");
  add_layer_options(trace, &cl.layer);
  trace->add_option("--max-steps", cl.max_steps, "Print at most N steps (default 200; 0 = all)")
      ->type_name("N");
  trace->add_flag("--ascii", cl.ascii, "Use x, - and ... instead of ×, − and …");

  auto* lessons = app.add_subcommand("lessons", "List the built-in lessons: name, output shape and title");
  auto* presets = app.add_subcommand("presets", "List the kernel presets: id, size, name and description");
  presets->add_flag("--kernels", cl.show_kernels, "Also print each kernel's weights");
  FilterOptions filter_options;
  CLI::App* filter = add_filter_command(app, &filter_options);
  ExercisesOptions exercises_options;
  CLI::App* exercises = add_exercises_command(app, &exercises_options);
  auto* svg =
      app.add_subcommand("svg", "Draw one step of a scene as an SVG: grids, numbers, window, arithmetic");
  add_layer_options(svg, &cl.layer);
  SvgOptions svg_options;
  add_svg_options(svg, &svg_options);
  WorksheetCommandOptions worksheet_options;
  CLI::App* worksheet = add_worksheet_command(app, &worksheet_options);
  ExportOptions export_options;
  CLI::App* exporter = add_export_command(app, &export_options);
  ReceptiveFieldOptions receptive_field_options;
  CLI::App* receptive_field = add_receptive_field_command(app, &receptive_field_options);

  try {
    app.parse(argc, argv);
  } catch (const CLI::CallForHelp& e) {
    return app.exit(e, out, err);
  } catch (const CLI::CallForAllHelp& e) {
    return app.exit(e, out, err);
  } catch (const CLI::CallForVersion& e) {
    return app.exit(e, out, err);
  } catch (const CLI::ParseError& e) {
    return fail(err, std::string(e.what()) + " (run with --help for usage)", kExitUsage);
  }

  const auto chosen = app.get_subcommands();
  if (!chosen.empty()) {
    for (const CLI::Option* option : gui_options)
      if (option->count() > 0)
        return fail(err,
                    option->get_name() + " is an option of the window; it cannot be combined with `" +
                        chosen.front()->get_name() + "` (put subcommand options after the subcommand)",
                    kExitUsage);
  }
  if (compute->parsed()) return run_compute(cl, out, err);
  if (trace->parsed()) return run_trace(cl, out, err);
  if (lessons->parsed()) return run_lessons(out, err);
  if (presets->parsed()) return run_presets(cl, out);
  if (filter->parsed()) return run_filter(filter_options, out, err);
  if (exercises->parsed()) return run_exercises(exercises_options, out, err);
  if (svg->parsed()) return run_svg(cl.layer, svg_options, out, err);
  if (worksheet->parsed()) return run_worksheet(worksheet_options, out, err);
  if (exporter->parsed()) return run_export_command(export_options, err, launch_export);
  if (receptive_field->parsed()) return run_receptive_field(receptive_field_options, out, err);

  auto gui = check_gui_options(cl);
  if (!gui) {
    // An unreadable --layer brings its line and caret after the one-line message.
    const std::string& message = gui.message();
    const size_t caret = message.rfind("--layer: column ", 0) == 0 ? message.find('\n') : std::string::npos;
    const int code = fail(err, message.substr(0, caret), kExitUsage);
    if (caret != std::string::npos) err << message.substr(caret + 1) << '\n';
    return code;
  }
  return launch_gui(*gui);
}

}  // namespace

int run_cli(int argc, const char* const* argv, std::ostream& out, std::ostream& err,
            const GuiLauncher& launch_gui, const ExportLauncher& launch_export) {
  // Nothing may escape as an exception: the last line of defence still reports one line and fails.
  try {
    return run_cli_checked(argc, argv, out, err, launch_gui, launch_export);
  } catch (const std::exception& e) {
    return fail(err, std::string("internal error: ") + e.what());
  }
}

}  // namespace convstep
