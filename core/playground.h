// The filter playground's model: the open photo as a (C, H, W) tensor, the kernel and its padding and
// orientation, colour and display settings, and the one apply step (apply_playground_actions) that
// changes them. Also the engine-backed readouts the panel prints (a pixel's filtered value, a region
// as a stepper Scene, the PyTorch lines). No drawing and no GPU here: see app/panels/playground_panel.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "core/filtering.h"
#include "core/image.h"
#include "core/result.h"
#include "core/scene.h"
#include "core/tensor.h"

namespace convstep {

// Images larger than this are filtered and shown as a downscaled copy; the original is kept for export.
inline constexpr int64_t kPlaygroundMaxWidth = 1920;
inline constexpr int64_t kPlaygroundMaxHeight = 1080;
// A region sent to the stepper is at most this many pixels per side, so its numbers stay legible.
inline constexpr int64_t kMaxStepperRegionSide = 16;
// Each side of the playground's kernel goes from kMinKernelSide to kMaxKernelSide.
inline constexpr int64_t kMinKernelSide = 1;
inline constexpr int64_t kMaxKernelSide = 15;

// The folder with the sample images: assets/images beside the lessons folder (core's lessons_dir():
// $CONVSTEP_ASSETS, beside the executable, or the source tree).
std::string images_dir();
// The sample images in images_dir(), full paths sorted by file name (PNG, JPEG, BMP, GIF, TGA).
std::vector<std::string> sample_images();

struct PlaygroundImage {
  std::string path;
  std::string name;  // the file name, for titles and messages
  Image original;    // as loaded: exported at this size
  Image working;     // fits kPlaygroundMaxWidth × kPlaygroundMaxHeight: filtered and shown
  bool downscaled() const { return working.width != original.width || working.height != original.height; }
};

struct PlaygroundModel {
  std::optional<PlaygroundImage> image;
  ColorMode color_mode = ColorMode::kRgb;
  PixelScale value_range = PixelScale::k0To255;  // core/image.h's: 0–255 or 0–1
  Tensor tensor;                                 // working image as (C, H, W), per color_mode/value_range
  FilterSettings filter;  // kernel (starts as the article's sharpen), padding_mode, orientation
  DisplayMode display_mode = DisplayMode::kClamp;
  std::string error;    // the last refused action, with the reason; shown until the next success
  std::string message;  // the last success worth saying ("wrote edges.png")
  // Bumped by apply_playground_actions: image_generation when the tensor changes, generation when
  // anything the filtered result depends on does, opened each time an image is opened (views fit the
  // new one). Caches compare against them.
  uint64_t image_generation = 1;
  uint64_t generation = 1;
  uint64_t opened = 0;

  PlaygroundModel();
};

struct KernelCellEdit {
  int64_t y = 0, x = 0;
  float value = 0;
};

// What the kernel editor asked for; applied in this order: preset, size, cells, normalize, orientation.
struct KernelEdits {
  std::optional<Dims> kernel_size;  // (kH, kW)
  std::vector<KernelCellEdit> cells;
  std::optional<std::string> preset;  // core/presets.h id
  bool normalize = false;
  std::optional<KernelOrientation> orientation;

  bool empty() const { return !kernel_size && cells.empty() && !preset && !normalize && !orientation; }
};

// What the user asked for during one frame.
struct PlaygroundActions {
  std::optional<std::string> open_image;  // a path: file field, sample list, drop, or `convstep IMAGE`
  std::optional<ColorMode> color_mode;
  std::optional<PixelScale> value_range;
  std::optional<PaddingMode> padding_mode;
  std::optional<DisplayMode> display_mode;
  KernelEdits kernel;  // size, cells, preset (which also picks suggested_display_mode), normalize, flip
  std::optional<std::string> export_png;  // a path
  bool dismiss_error = false;
  // Filled by the panel when "Open in stepper" is pressed: the selected region with its real values and
  // the current kernel (core/filtering's region_scene*). The App installs it as its scene.
  std::optional<Scene> open_in_stepper;
  std::optional<std::string> refused;  // why the panel could not do what was asked (shown as model.error)
};

// Applies the actions in this order: dismiss, open_image, colour, padding, kernel, display, export.
// An invalid change (unreadable file, kernel the image is too small for, …) keeps the model as it was
// and sets model.error. open_in_stepper is for the App and is ignored here.
void apply_playground_actions(PlaygroundModel& model, const PlaygroundActions& actions);

// Loads an image into the playground (what open_image does); false with model.error set on failure.
bool open_playground_image(PlaygroundModel& model, const std::string& path);

// The kernel resized to kernel_size with its values kept centred (cells that no longer fit are
// dropped, new ones are 0), so a 3×3 identity grown to 5×5 is still the identity.
Tensor resized_kernel(const Tensor& kernel, Dims kernel_size);

// The display settings the model implies (value_max from value_range).
DisplayOptions playground_display(const PlaygroundModel& model);

// The engine's filtered value of one pixel (channel c, row y, column x) of the working image: a 1×1
// region_scene_with_neighbours, run. Cheap, so hovering never needs the whole CPU result.
Result<float> filtered_value_at(const PlaygroundModel& model, int64_t c, int64_t y, int64_t x);
// The same for every channel at once: a (C) tensor.
Result<Tensor> filtered_pixel(const PlaygroundModel& model, int64_t y, int64_t x);

// The Scene "Open in stepper" produces for `region` of the working image: region_scene_with_neighbours
// (every output equals the filtered image) or region_scene (padding at the region's border). Regions
// larger than kMaxStepperRegionSide are refused with the numbers.
Result<Scene> playground_region_scene(const PlaygroundModel& model, const Region& region,
                                      bool with_neighbours);

// The playground's filter as PyTorch lines a learner can run, from a PIL image `img` to the filtered
// (C, H, W) tensor `y`: the image_to_tensor_pytorch lines, the kernel, then F.conv2d with groups = C
// (and F.pad for reflect, replicate and circular, which F.conv2d itself does not take).
std::vector<std::string> playground_pytorch(const PlaygroundModel& model);

// The CPU reference of what the filtered view shows, for `image` (the working tensor or the original's).
Result<Image> playground_display_image(const PlaygroundModel& model, const Tensor& image);

}  // namespace convstep
