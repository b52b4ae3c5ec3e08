// The filter playground's model changes: opening images, kernel edits, colour and display settings and
// export, all through apply_playground_actions, plus the engine-backed readouts the panel prints (a
// pixel's filtered value, a region as a stepper Scene).
#include "core/playground.h"

#include <algorithm>
#include <cmath>
#include <filesystem>

#include "core/gallery.h"
#include "core/lesson.h"
#include "core/ops.h"
#include "core/presets.h"

namespace convstep {

namespace fs = std::filesystem;

namespace {

std::string n(int64_t v) {
  return std::to_string(v);
}

std::string size_text(int64_t width, int64_t height) {
  return n(width) + "\u00d7" + n(height);
}

bool is_image_file(const fs::path& path) {
  std::string ext = path.extension().string();
  std::transform(ext.begin(), ext.end(), ext.begin(), [](unsigned char c) { return std::tolower(c); });
  for (const char* known : {".png", ".jpg", ".jpeg", ".bmp", ".gif", ".tga"})
    if (ext == known) return true;
  return false;
}

void bump(PlaygroundModel& model, bool image_too) {
  ++model.generation;
  if (image_too) ++model.image_generation;
}

// Commits the kernel edits when the result is a kernel the image can be filtered with.
void apply_kernel(PlaygroundModel& model, const PlaygroundActions& actions) {
  const KernelEdits& k = actions.kernel;
  if (k.empty() && !actions.padding_mode) return;
  FilterSettings next = model.filter;
  DisplayMode display = model.display_mode;
  if (actions.padding_mode) next.padding_mode = *actions.padding_mode;
  if (k.preset) {
    const KernelPreset* preset = find_kernel_preset(*k.preset);
    if (preset == nullptr) {
      model.error = "there is no kernel preset called \"" + *k.preset + "\"";
      return;
    }
    next.kernel = preset->kernel;
    display = suggested_display_mode(preset->kernel);
  }
  if (k.kernel_size) {
    const Dims size = *k.kernel_size;
    if (size[0] < kMinKernelSide || size[0] > kMaxKernelSide || size[1] < kMinKernelSide ||
        size[1] > kMaxKernelSide) {
      model.error = "a kernel of " + n(size[0]) + "\u00d7" + n(size[1]) +
                    " is not offered: each side goes from " + n(kMinKernelSide) + " to " + n(kMaxKernelSide);
      return;
    }
    next.kernel = resized_kernel(next.kernel, size);
  }
  for (const KernelCellEdit& cell : k.cells) {
    if (cell.y < 0 || cell.x < 0 || cell.y >= next.kernel.size(0) || cell.x >= next.kernel.size(1)) {
      model.error = "kernel cell (" + n(cell.y) + ", " + n(cell.x) + ") is outside the " +
                    n(next.kernel.size(0)) + "\u00d7" + n(next.kernel.size(1)) + " kernel";
      return;
    }
    if (!std::isfinite(cell.value)) {
      model.error = "a kernel weight must be a number, not " + format_value(cell.value);
      return;
    }
    next.kernel.at({cell.y, cell.x}) = cell.value;
  }
  if (k.normalize) {
    Result<Tensor> normalized = normalize_kernel(next.kernel);
    if (!normalized) {
      model.error = normalized.message();
      return;
    }
    next.kernel = std::move(*normalized);
  }
  if (k.orientation) next.orientation = *k.orientation;
  // Only a new shape or padding can make the filter invalid (reflect needs padding < the image's size).
  const bool structural = k.preset || k.kernel_size || actions.padding_mode;
  if (structural && model.image) {
    if (Result<Scene> scene = filter_scene(model.tensor, next); !scene) {
      model.error = "cannot filter " + model.image->name + " (" +
                    size_text(model.tensor.size(2), model.tensor.size(1)) + ") with that: " + scene.message();
      return;
    }
  }
  model.filter = std::move(next);
  model.display_mode = display;
  model.error.clear();
  bump(model, false);
}

void export_png(PlaygroundModel& model, const std::string& path) {
  if (!model.image) {
    model.error = "nothing to export: open an image first";
    return;
  }
  if (path.empty()) {
    model.error = "type a file name for the PNG first";
    return;
  }
  // The original, not the downscaled working copy: an export keeps every pixel of the photo.
  const Tensor original = image_to_tensor(model.image->original, model.color_mode, model.value_range);
  Result<Image> shown = playground_display_image(model, original);
  if (!shown) {
    model.error = "cannot export " + path + ": " + shown.message();
    return;
  }
  if (Status written = write_png(path, *shown); !written) {
    model.error = written.message();
    return;
  }
  model.error.clear();
  model.message = "wrote " + path + " (" + size_text(shown->width, shown->height) + ", " +
                  display_mode_name(model.display_mode) + ")";
}

}  // namespace

PlaygroundModel::PlaygroundModel() {
  const KernelPreset* sharpen = find_kernel_preset("sharpen");
  filter.kernel = sharpen ? sharpen->kernel : Tensor({3, 3}, 0.0f);
}

Tensor resized_kernel(const Tensor& kernel, Dims kernel_size) {
  Tensor out({kernel_size[0], kernel_size[1]});
  if (kernel.dim() != 2) return out;
  const int64_t oh = kernel.size(0), ow = kernel.size(1);
  // Offsets that line the centres up: (new − old) / 2 per dimension, rounded down.
  const int64_t dy = (kernel_size[0] - oh) / 2, dx = (kernel_size[1] - ow) / 2;
  for (int64_t y = 0; y < kernel_size[0]; ++y) {
    for (int64_t x = 0; x < kernel_size[1]; ++x) {
      const int64_t sy = y - dy, sx = x - dx;
      if (sy >= 0 && sy < oh && sx >= 0 && sx < ow) out.at({y, x}) = kernel.at({sy, sx});
    }
  }
  return out;
}

std::string images_dir() {
  return (fs::path(lessons_dir()).parent_path() / "images").string();
}

std::vector<std::string> sample_images() {
  std::vector<std::string> paths;
  std::error_code ec;
  for (fs::directory_iterator it(images_dir(), ec), end; !ec && it != end; it.increment(ec)) {
    if (it->is_regular_file(ec) && is_image_file(it->path())) paths.push_back(it->path().string());
  }
  std::sort(paths.begin(), paths.end());
  return paths;
}

DisplayOptions playground_display(const PlaygroundModel& model) {
  return DisplayOptions{model.display_mode, value_range_max(model.value_range), 0.0f};
}

bool open_playground_image(PlaygroundModel& model, const std::string& path) {
  if (path.empty()) {
    model.error = "type the path of an image file first";
    return false;
  }
  Result<Image> loaded = load_image(path);
  if (!loaded) {
    model.error = loaded.message();
    return false;
  }
  PlaygroundImage image;
  image.path = path;
  image.name = fs::path(path).filename().string();
  image.original = std::move(*loaded);
  image.working = downscale_for_display(image.original, kPlaygroundMaxHeight, kPlaygroundMaxWidth);
  // A grey file holds one channel: luminance gives it as one, rather than three equal copies.
  ColorMode color = model.color_mode;
  if (image.original.source_channels <= 2 && color == ColorMode::kRgb) color = ColorMode::kLuminance601;
  Tensor tensor = image_to_tensor(image.working, color, model.value_range);
  if (Result<Scene> scene = filter_scene(tensor, model.filter); !scene) {
    model.error = "cannot filter " + image.name + " (" +
                  size_text(image.working.width, image.working.height) +
                  ") with the current kernel: " + scene.message();
    return false;
  }
  model.message =
      "opened " + image.name + " (" + size_text(image.original.width, image.original.height) + ")";
  if (image.downscaled()) {
    model.message += ", filtered at " + size_text(image.working.width, image.working.height) +
                     "; export uses the full size";
  }
  if (color != model.color_mode) model.message += "; greyscale, so shown as one luminance channel";
  model.color_mode = color;
  model.tensor = std::move(tensor);
  model.image = std::move(image);
  model.error.clear();
  ++model.opened;
  bump(model, true);
  return true;
}

void apply_playground_actions(PlaygroundModel& model, const PlaygroundActions& actions) {
  if (actions.dismiss_error) model.error.clear();
  if (actions.refused) model.error = *actions.refused;
  if (actions.open_image) open_playground_image(model, *actions.open_image);
  const ColorMode color = actions.color_mode.value_or(model.color_mode);
  const PixelScale range = actions.value_range.value_or(model.value_range);
  if (color != model.color_mode || range != model.value_range) {
    model.color_mode = color;
    model.value_range = range;
    if (model.image) model.tensor = image_to_tensor(model.image->working, color, range);
    bump(model, true);
  }
  apply_kernel(model, actions);
  if (actions.display_mode && *actions.display_mode != model.display_mode) {
    model.display_mode = *actions.display_mode;
    bump(model, false);
  }
  if (actions.export_png) export_png(model, *actions.export_png);
}

Result<Tensor> filtered_pixel(const PlaygroundModel& model, int64_t y, int64_t x) {
  if (!model.image) return make_error("no image is open");
  Result<Scene> scene = region_scene_with_neighbours(model.tensor, Region{y, x, 1, 1}, model.filter);
  if (!scene) return scene.error();
  Result<Tensor> out = run(*scene);
  if (!out) return out.error();
  return out->reshaped({out->size(0)});
}

Result<float> filtered_value_at(const PlaygroundModel& model, int64_t c, int64_t y, int64_t x) {
  Result<Tensor> values = filtered_pixel(model, y, x);
  if (!values) return values.error();
  if (c < 0 || c >= values->numel()) {
    return make_error("channel " + n(c) + " is not in the " + n(values->numel()) + "-channel image");
  }
  return values->data()[c];
}

Result<Scene> playground_region_scene(const PlaygroundModel& model, const Region& region,
                                      bool with_neighbours) {
  if (!model.image) return make_error("open an image first");
  if (region.h > kMaxStepperRegionSide || region.w > kMaxStepperRegionSide) {
    return make_error("the region is " + size_text(region.w, region.h) +
                      " pixels: the stepper takes at most " +
                      size_text(kMaxStepperRegionSide, kMaxStepperRegionSide) +
                      ", so every number stays readable (click for an 8\u00d78 region)");
  }
  return with_neighbours ? region_scene_with_neighbours(model.tensor, region, model.filter)
                         : region_scene(model.tensor, region, model.filter);
}

std::vector<std::string> playground_pytorch(const PlaygroundModel& model) {
  std::vector<std::string> lines = {"import numpy, torch", "import torch.nn.functional as F"};
  for (std::string& line : image_to_tensor_pytorch(model.color_mode, model.value_range))
    lines.push_back(line);
  const Tensor& k = model.filter.kernel;
  const int64_t kh = k.size(0), kw = k.size(1), channels = color_mode_channels(model.color_mode);
  std::string literal = "k = torch.tensor([";
  for (int64_t y = 0; y < kh; ++y) {
    literal += y > 0 ? ", [" : "[";
    for (int64_t x = 0; x < kw; ++x) {
      if (x > 0) literal += ", ";
      literal += format_value(k.at({y, x}));
    }
    literal += "]";
  }
  lines.push_back(literal + "], dtype=torch.float32)  # the kernel (kH, kW)");
  if (model.filter.orientation == KernelOrientation::kConvolution) {
    lines.push_back("k = torch.flip(k, [0, 1])  # true convolution: the kernel turned by 180 degrees");
  }
  lines.push_back("w = k.expand(" + n(channels) + ", 1, " + n(kh) + ", " + n(kw) +
                  ")  # the same kernel for every channel");
  if (model.filter.padding_mode == PaddingMode::kZeros) {
    lines.push_back("y = F.conv2d(x[None], w, padding='same', groups=" + n(channels) + ")[0]");
  } else {
    // conv2d's padding_mode lives on nn.Conv2d; with F, pad first: (left, right, top, bottom), as 'same'
    // splits it.
    const int64_t top = (kh - 1) / 2, left = (kw - 1) / 2;
    lines.push_back("y = F.conv2d(F.pad(x[None], (" + n(left) + ", " + n(kw - 1 - left) + ", " + n(top) +
                    ", " + n(kh - 1 - top) + "), mode='" + padding_mode_name(model.filter.padding_mode) +
                    "'), w, groups=" + n(channels) + ")[0]");
  }
  return lines;
}

Result<Image> playground_display_image(const PlaygroundModel& model, const Tensor& image) {
  Result<Tensor> filtered = apply_filter(image, model.filter);
  if (!filtered) return filtered.error();
  return filtered_image(*filtered, playground_display(model));
}

}  // namespace convstep
