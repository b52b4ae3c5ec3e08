// `convstep filter`: everything is checked before the first image is read (kernel, padding mode,
// display mode, where the output goes), then each image is loaded, filtered and written on its own,
// through the atomic writers, so a failing file leaves nothing behind and stops none of the others.
#include "app/cli/filter_command.h"
#include "app/cli/cli_support.h"

#include <CLI/CLI.hpp>

#include <algorithm>
#include <cmath>
#include <filesystem>
#include <optional>
#include <ostream>
#include <set>

#include "app/cli/thread_option.h"
#include "core/filtering.h"
#include "core/gallery.h"
#include "core/image.h"
#include "core/npy.h"
#include "core/presets.h"
#include "core/result.h"

namespace convstep {

namespace {

namespace fs = std::filesystem;

constexpr int kExitFailed = 1;

enum class OutputFormat { kPng, kNpy };

struct FilterPlan {
  std::string kernel_name;  // the preset id or the .npy path, for the report line
  FilterSettings filter;
  DisplayMode display = DisplayMode::kClamp;
  OutputFormat format = OutputFormat::kPng;
  RunOptions run;  // --threads
};

std::string preset_ids() {
  std::string ids;
  for (const KernelPreset& p : kernel_presets()) ids += (ids.empty() ? "" : ", ") + p.id;
  return ids;
}

// A preset id, or a .npy file holding a (kH, kW) kernel (leading sizes of 1 are dropped, so a
// PyTorch weight of shape (1, 1, kH, kW) works too).
Result<Tensor> load_kernel(const std::string& text) {
  if (const KernelPreset* preset = find_kernel_preset(text)) return preset->kernel;
  std::error_code ec;
  const bool is_file = fs::is_regular_file(text, ec);
  if (!is_file) {
    return make_error("--kernel " + text + ": no kernel preset has that name and no such .npy file exists; " +
                      "the presets are " + preset_ids() +
                      " (run `convstep presets --kernels` to see their weights)");
  }
  Result<Tensor> kernel = read_npy(text);
  if (!kernel) return make_error("--kernel: " + kernel.message());
  Shape shape = kernel->shape();
  while (shape.size() > 2 && shape.front() == 1) shape.erase(shape.begin());
  if (shape.size() != 2 || shape[0] < 1 || shape[1] < 1) {
    return make_error("--kernel " + text + ": a filter kernel is 2-D (kH, kW), not of shape " +
                      kernel->shape_string());
  }
  for (float v : kernel->values()) {
    if (!std::isfinite(v))
      return make_error("--kernel " + text + ": every weight must be a number, not " + format_value(v));
  }
  return kernel->reshaped(shape);
}

std::optional<DisplayMode> parse_display(const std::string& text) {
  if (text == "clamp") return DisplayMode::kClamp;
  if (text == "abs" || text == "absolute") return DisplayMode::kAbsolute;
  if (text == "rescale") return DisplayMode::kRescale;
  if (text == "signed") return DisplayMode::kSigned;
  return std::nullopt;
}

std::optional<OutputFormat> format_of_extension(const fs::path& path) {
  if (path.extension() == ".png") return OutputFormat::kPng;
  if (path.extension() == ".npy") return OutputFormat::kNpy;
  return std::nullopt;
}

Result<FilterPlan> check_options(const FilterOptions& o) {
  FilterPlan plan;
  if (o.output.empty() == o.output_dir.empty())
    return make_error("filter: give --output OUT.png|OUT.npy (one image) or --output-dir DIR");
  if (!o.output.empty()) {
    if (o.images.size() > 1) {
      return make_error("--output writes one file, but " + std::to_string(o.images.size()) +
                        " images were given: use --output-dir DIR for several");
    }
    const std::optional<OutputFormat> format = format_of_extension(o.output);
    if (!format) return make_error("--output " + o.output + ": the name must end in .png or .npy");
    if (!o.format.empty())
      return make_error(
          "--format is for --output-dir; with --output the name's ending (.png or .npy) decides");
    plan.format = *format;
    const fs::path folder = fs::path(o.output).parent_path();
    std::error_code ec;
    if (!folder.empty() && !fs::is_directory(folder, ec))
      return make_error("--output: the folder " + folder.string() + " does not exist");
  } else {
    std::error_code ec;
    if (!fs::is_directory(o.output_dir, ec))
      return make_error("--output-dir: " + o.output_dir + " is not an existing folder");
    if (o.format == "npy") {
      plan.format = OutputFormat::kNpy;
    } else if (!o.format.empty() && o.format != "png") {
      return make_error("--format: expected png or npy, got \"" + o.format + "\"");
    }
  }
  Result<Tensor> kernel = load_kernel(o.kernel);
  if (!kernel) return kernel.error();
  plan.kernel_name = o.kernel;
  plan.filter.kernel = std::move(*kernel);
  const std::optional<PaddingMode> padding = parse_padding_mode(o.padding_mode);
  if (!padding) {
    return make_error("--padding-mode: expected zeros, reflect, replicate or circular, got \"" +
                      o.padding_mode + "\"");
  }
  plan.filter.padding_mode = *padding;
  // Unset, the display follows the kernel as the playground's does: signed for edge detectors.
  const std::optional<DisplayMode> display =
      o.display.empty() ? suggested_display_mode(plan.filter.kernel) : parse_display(o.display);
  if (!display)
    return make_error("--display: expected clamp, abs, rescale or signed, got \"" + o.display + "\"");
  plan.display = *display;
  const Result<int> threads = parse_thread_option(o.threads);
  if (!threads) return threads.error();
  plan.run.threads = *threads;
  return plan;
}

fs::path output_path(const FilterOptions& o, const FilterPlan& plan, const std::string& image) {
  if (!o.output.empty()) return o.output;
  return fs::path(o.output_dir) /
         (fs::path(image).stem().string() + (plan.format == OutputFormat::kNpy ? ".npy" : ".png"));
}

bool same_file(const fs::path& a, const fs::path& b) {
  std::error_code ec;
  return fs::equivalent(a, b, ec) && !ec;
}

// Loads, filters and writes one image; the report line on success.
Result<std::string> filter_one(const std::string& path, const fs::path& target, const FilterPlan& plan,
                               bool gray) {
  Result<Image> image = load_image(path);
  if (!image) return image.error();
  // As the playground does: a grey file is one luminance channel, not three equal copies.
  const bool luminance = gray || image->source_channels <= 2;
  const ColorMode color = luminance ? ColorMode::kLuminance601 : ColorMode::kRgb;
  const Tensor tensor = image_to_tensor(*image, color, PixelScale::k0To255);
  Result<Tensor> filtered = apply_filter(tensor, plan.filter, plan.run);
  if (!filtered) return make_error(path + ": cannot filter it: " + filtered.message());
  Status written = Ok{};
  if (plan.format == OutputFormat::kNpy) {
    written = write_npy(target.string(), *filtered);
  } else {
    Result<Image> shown = filtered_image(*filtered, {plan.display, 255.0f, 0.0f});
    if (!shown) return make_error(path + ": " + shown.message());
    written = write_png(target.string(), *shown);
  }
  if (!written) return written.error();
  const std::string size = std::to_string(tensor.size(2)) + "\u00d7" + std::to_string(tensor.size(1));
  const std::string channels = tensor.size(0) == 1 ? "luminance" : "RGB";
  return "wrote " + target.string() + ": " + path + " (" + size + ", " + channels + ") filtered with " +
         plan.kernel_name + ", padding_mode=" + padding_mode_name(plan.filter.padding_mode) +
         (plan.format == OutputFormat::kPng ? std::string(", display ") + display_mode_name(plan.display)
                                            : std::string(", float32 (C, H, W)"));
}

}  // namespace

CLI::App* add_filter_command(CLI::App& app, FilterOptions* o) {
  CLI::App* cmd = app.add_subcommand(
      "filter",
      "Filter images with a kernel as the playground does: the same kernel on every channel "
      "(conv2d with groups = channels, padding='same', cross-correlation), values 0-255");
  cmd->add_option("images", o->images, "Image files (PNG, JPEG, BMP, GIF, TGA)")
      ->type_name("IMAGE")
      ->required();
  cmd->add_option("--kernel", o->kernel,
                  "A kernel preset (see `convstep presets`) or a .npy file of shape (kH, kW)")
      ->type_name("PRESET|W.npy")
      ->required();
  cmd->add_option("--padding-mode", o->padding_mode, "zeros (default), reflect, replicate or circular")
      ->type_name("MODE");
  cmd->add_flag("--gray", o->gray,
                "Filter the luminance (Rec. 601) instead of R, G and B; grey files always are");
  cmd->add_option("--display", o->display,
                  "How a PNG shows the filtered values: clamp (negatives black), abs, rescale (darkest to "
                  "brightest) or signed (blue-white-red); default: as the playground picks for the kernel, "
                  "signed when its weights sum to 0 (edge detectors), else clamp")
      ->type_name("MODE");
  auto* output =
      cmd->add_option("--output", o->output,
                      "Write one image's result: OUT.png (as --display shows it) or OUT.npy (the filtered "
                      "float32 values, (C, H, W), before any display mapping)")
          ->type_name("FILE");
  auto* output_dir = cmd->add_option("--output-dir", o->output_dir,
                                     "Write NAME.png (or NAME.npy with --format npy) into DIR for each image")
                         ->type_name("DIR");
  output->excludes(output_dir);
  cmd->add_option("--format", o->format, "With --output-dir: png (default) or npy")->type_name("png|npy");
  cmd->add_option("--threads", o->threads,
                  "Filter on N threads (default: every core); the same result on any number")
      ->type_name("N");
  cmd->footer(
      "Each image is written atomically; a file that fails is one line on stderr, the others are still\n"
      "written, and the exit code is 1 if any failed.\n"
      "Example: convstep filter photos/*.jpg --kernel sobel-x --display signed --output-dir edges");
  return cmd;
}

int run_filter(const FilterOptions& o, std::ostream& out, std::ostream& err) {
  Result<FilterPlan> plan = check_options(o);
  if (!plan) return fail(err, plan.message(), kExitUsage);
  int failures = 0;
  std::set<fs::path> written;
  for (const std::string& image : o.images) {
    const fs::path target = output_path(o, *plan, image);
    std::string refusal;
    if (written.count(target.lexically_normal()) > 0) {
      refusal = image + ": its output " + target.string() + " was already written for an earlier image " +
                "of the same name; filter those into separate folders";
    } else if (const auto clash = std::find_if(o.images.begin(), o.images.end(),
                                               [&](const std::string& in) { return same_file(in, target); });
               clash != o.images.end()) {
      refusal = image + ": its output " + target.string() + " is the input " + *clash +
                "; choose another --output-dir";
    }
    if (!refusal.empty()) {
      fail(err, refusal, kExitFailed);
      ++failures;
      continue;
    }
    Result<std::string> done = filter_one(image, target, *plan, o.gray);
    if (!done) {
      fail(err, done.message(), kExitFailed);
      ++failures;
      continue;
    }
    written.insert(target.lexically_normal());
    out << *done << '\n';
  }
  return failures > 0 ? kExitFailed : 0;
}

}  // namespace convstep
