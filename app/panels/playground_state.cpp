// The filter playground's state changes: opening images, kernel edits, colour and display settings and
// export, all through apply_playground_actions, plus the engine-backed readouts the panel prints (a
// pixel's filtered value, a region as a stepper Scene). No drawing here: see playground_panel.cpp.
#include "app/panels/playground_panel.h"

#include <algorithm>
#include <cmath>
#include <cstring>
#include <filesystem>

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

void copy_to_field(char* field, size_t capacity, const std::string& text) {
  const size_t count = std::min(capacity - 1, text.size());
  std::memcpy(field, text.data(), count);
  field[count] = '\0';
}

void bump(PlaygroundState& state, bool image_too) {
  ++state.generation;
  if (image_too) ++state.image_generation;
}

// Commits the kernel edits when the result is a kernel the image can be filtered with.
void apply_kernel(PlaygroundState& state, const PlaygroundActions& actions) {
  const KernelEdits& k = actions.kernel;
  if (k.empty() && !actions.padding_mode) return;
  FilterSettings next = state.filter;
  DisplayMode display = state.display_mode;
  if (actions.padding_mode) next.padding_mode = *actions.padding_mode;
  if (k.preset) {
    const KernelPreset* preset = find_kernel_preset(*k.preset);
    if (preset == nullptr) {
      state.error = "there is no kernel preset called \"" + *k.preset + "\"";
      return;
    }
    next.kernel = preset->kernel;
    display = suggested_display_mode(preset->kernel);
  }
  if (k.kernel_size) {
    const Dims size = *k.kernel_size;
    if (size[0] < kMinKernelSide || size[0] > kMaxKernelSide || size[1] < kMinKernelSide ||
        size[1] > kMaxKernelSide) {
      state.error = "a kernel of " + n(size[0]) + "\u00d7" + n(size[1]) +
                    " is not offered: each side goes from " + n(kMinKernelSide) + " to " + n(kMaxKernelSide);
      return;
    }
    next.kernel = resized_kernel(next.kernel, size);
  }
  for (const KernelCellEdit& cell : k.cells) {
    if (cell.y < 0 || cell.x < 0 || cell.y >= next.kernel.size(0) || cell.x >= next.kernel.size(1)) {
      state.error = "kernel cell (" + n(cell.y) + ", " + n(cell.x) + ") is outside the " +
                    n(next.kernel.size(0)) + "\u00d7" + n(next.kernel.size(1)) + " kernel";
      return;
    }
    if (!std::isfinite(cell.value)) {
      state.error = "a kernel weight must be a number, not " + format_value(cell.value);
      return;
    }
    next.kernel.at({cell.y, cell.x}) = cell.value;
  }
  if (k.normalize) {
    Result<Tensor> normalized = normalize_kernel(next.kernel);
    if (!normalized) {
      state.error = normalized.message();
      return;
    }
    next.kernel = std::move(*normalized);
  }
  if (k.orientation) next.orientation = *k.orientation;
  // Only a new shape or padding can make the filter invalid (reflect needs padding < the image's size).
  const bool structural = k.preset || k.kernel_size || actions.padding_mode;
  if (structural && state.image) {
    if (Result<Scene> scene = filter_scene(state.tensor, next); !scene) {
      state.error = "cannot filter " + state.image->name + " (" +
                    size_text(state.tensor.size(2), state.tensor.size(1)) + ") with that: " + scene.message();
      return;
    }
  }
  state.filter = std::move(next);
  state.display_mode = display;
  state.error.clear();
  bump(state, false);
}

void export_png(PlaygroundState& state, const std::string& path) {
  if (!state.image) {
    state.error = "nothing to export: open an image first";
    return;
  }
  if (path.empty()) {
    state.error = "type a file name for the PNG first";
    return;
  }
  // The original, not the downscaled working copy: an export keeps every pixel of the photo.
  const Tensor original = image_to_tensor(state.image->original, state.color_mode, state.value_range);
  Result<Image> shown = playground_display_image(state, original);
  if (!shown) {
    state.error = "cannot export " + path + ": " + shown.message();
    return;
  }
  if (Status written = write_png(path, *shown); !written) {
    state.error = written.message();
    return;
  }
  state.error.clear();
  state.message = "wrote " + path + " (" + size_text(shown->width, shown->height) + ", " +
                  display_mode_name(state.display_mode) + ")";
}

}  // namespace

PlaygroundState::PlaygroundState() {
  const KernelPreset* sharpen = find_kernel_preset("sharpen");
  filter.kernel = sharpen ? sharpen->kernel : Tensor({3, 3}, 0.0f);
  copy_to_field(ui.export_path, sizeof ui.export_path, "filtered.png");
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

DisplayOptions playground_display(const PlaygroundState& state) {
  return DisplayOptions{state.display_mode, value_range_max(state.value_range), 0.0f};
}

bool open_playground_image(PlaygroundState& state, const std::string& path) {
  if (path.empty()) {
    state.error = "type the path of an image file first";
    return false;
  }
  Result<Image> loaded = load_image(path);
  if (!loaded) {
    state.error = loaded.message();
    return false;
  }
  PlaygroundImage image;
  image.path = path;
  image.name = fs::path(path).filename().string();
  image.original = std::move(*loaded);
  image.working = downscale_for_display(image.original, kPlaygroundMaxHeight, kPlaygroundMaxWidth);
  // A grey file holds one channel: luminance gives it as one, rather than three equal copies.
  ColorMode color = state.color_mode;
  if (image.original.source_channels <= 2 && color == ColorMode::kRgb) color = ColorMode::kLuminance601;
  Tensor tensor = image_to_tensor(image.working, color, state.value_range);
  if (Result<Scene> scene = filter_scene(tensor, state.filter); !scene) {
    state.error = "cannot filter " + image.name + " (" +
                  size_text(image.working.width, image.working.height) +
                  ") with the current kernel: " + scene.message();
    return false;
  }
  state.message =
      "opened " + image.name + " (" + size_text(image.original.width, image.original.height) + ")";
  if (image.downscaled()) {
    state.message += ", filtered at " + size_text(image.working.width, image.working.height) +
                     "; export uses the full size";
  }
  if (color != state.color_mode) state.message += "; greyscale, so shown as one luminance channel";
  state.color_mode = color;
  state.tensor = std::move(tensor);
  state.image = std::move(image);
  state.error.clear();
  const int64_t selection_size = state.ui.view.selection_size;
  state.ui.view = ImageViewState{};
  state.ui.view.selection_size = selection_size;
  bump(state, true);
  return true;
}

void apply_playground_actions(PlaygroundState& state, const PlaygroundActions& actions) {
  if (actions.dismiss_error) state.error.clear();
  if (actions.refused) state.error = *actions.refused;
  if (actions.open_image) open_playground_image(state, *actions.open_image);
  const ColorMode color = actions.color_mode.value_or(state.color_mode);
  const PixelScale range = actions.value_range.value_or(state.value_range);
  if (color != state.color_mode || range != state.value_range) {
    state.color_mode = color;
    state.value_range = range;
    if (state.image) state.tensor = image_to_tensor(state.image->working, color, range);
    bump(state, true);
  }
  apply_kernel(state, actions);
  if (actions.display_mode && *actions.display_mode != state.display_mode) {
    state.display_mode = *actions.display_mode;
    bump(state, false);
  }
  if (actions.export_png) export_png(state, *actions.export_png);
}

Result<Tensor> filtered_pixel(const PlaygroundState& state, int64_t y, int64_t x) {
  if (!state.image) return make_error("no image is open");
  Result<Scene> scene = region_scene_with_neighbours(state.tensor, Region{y, x, 1, 1}, state.filter);
  if (!scene) return scene.error();
  Result<Tensor> out = run(*scene);
  if (!out) return out.error();
  return out->reshaped({out->size(0)});
}

Result<float> filtered_value_at(const PlaygroundState& state, int64_t c, int64_t y, int64_t x) {
  Result<Tensor> values = filtered_pixel(state, y, x);
  if (!values) return values.error();
  if (c < 0 || c >= values->numel()) {
    return make_error("channel " + n(c) + " is not in the " + n(values->numel()) + "-channel image");
  }
  return values->data()[c];
}

Result<Scene> playground_region_scene(const PlaygroundState& state, const Region& region,
                                      bool with_neighbours) {
  if (!state.image) return make_error("open an image first");
  if (region.h > kMaxStepperRegionSide || region.w > kMaxStepperRegionSide) {
    return make_error("the region is " + size_text(region.w, region.h) +
                      " pixels: the stepper takes at most " +
                      size_text(kMaxStepperRegionSide, kMaxStepperRegionSide) +
                      ", so every number stays readable (click for an 8\u00d78 region)");
  }
  return with_neighbours ? region_scene_with_neighbours(state.tensor, region, state.filter)
                         : region_scene(state.tensor, region, state.filter);
}

std::vector<std::string> playground_pytorch(const PlaygroundState& state) {
  std::vector<std::string> lines = {"import numpy, torch", "import torch.nn.functional as F"};
  for (std::string& line : image_to_tensor_pytorch(state.color_mode, state.value_range))
    lines.push_back(line);
  const Tensor& k = state.filter.kernel;
  const int64_t kh = k.size(0), kw = k.size(1), channels = color_mode_channels(state.color_mode);
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
  if (state.filter.orientation == KernelOrientation::kConvolution) {
    lines.push_back("k = torch.flip(k, [0, 1])  # true convolution: the kernel turned by 180 degrees");
  }
  lines.push_back("w = k.expand(" + n(channels) + ", 1, " + n(kh) + ", " + n(kw) +
                  ")  # the same kernel for every channel");
  if (state.filter.padding_mode == PaddingMode::kZeros) {
    lines.push_back("y = F.conv2d(x[None], w, padding='same', groups=" + n(channels) + ")[0]");
  } else {
    // conv2d's padding_mode lives on nn.Conv2d; with F, pad first: (left, right, top, bottom), as 'same'
    // splits it.
    const int64_t top = (kh - 1) / 2, left = (kw - 1) / 2;
    lines.push_back("y = F.conv2d(F.pad(x[None], (" + n(left) + ", " + n(kw - 1 - left) + ", " + n(top) +
                    ", " + n(kh - 1 - top) + "), mode='" + padding_mode_name(state.filter.padding_mode) +
                    "'), w, groups=" + n(channels) + ")[0]");
  }
  return lines;
}

Result<Image> playground_display_image(const PlaygroundState& state, const Tensor& image) {
  Result<Tensor> filtered = apply_filter(image, state.filter);
  if (!filtered) return filtered.error();
  return display_to_image(map_for_display(*filtered, playground_display(state)));
}

}  // namespace convstep
