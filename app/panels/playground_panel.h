// The filter playground: a photo and its filtered result side by side (zoom and pan together, the
// pixel under the cursor read out in both), the kernel editor, colour handling, padding and display
// modes, the filters gallery, a selected region sent to the stepper, and PNG export. The preview is
// filtered on the GPU (app/gfx/filter_pass); the engine (core/filtering) is the reference and gives
// every number the panel prints. Like the App: the UI records PlaygroundActions, and
// apply_playground_actions is the only place the image and the kernel change.
#pragma once

#include <array>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "app/gfx/filter_pass.h"
#include "app/panels/gallery_panel.h"
#include "app/widgets/file_browser.h"
#include "app/widgets/image_view.h"
#include "app/widgets/kernel_editor.h"
#include "app/widgets/theme.h"
#include "core/filtering.h"
#include "core/image.h"
#include "core/result.h"
#include "core/scene.h"
#include "core/tensor.h"

namespace convstep {

class Texture;

// Images larger than this are filtered and shown as a downscaled copy; the original is kept for export.
inline constexpr int64_t kPlaygroundMaxWidth = 1920;
inline constexpr int64_t kPlaygroundMaxHeight = 1080;
// A region sent to the stepper is at most this many pixels per side, so its numbers stay legible.
inline constexpr int64_t kMaxStepperRegionSide = 16;

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

// UI-only state: widgets edit it directly.
struct PlaygroundUi {
  ImageViewState view;  // shared by the image and the filtered result
  bool show_gallery = false;
  bool region_with_neighbours = true;  // the stepper gets the pixels around the region, not padding
  char open_path[512] = {};
  char export_path[512] = {};
  FileBrowserState browser;  // "Browse…" beside the open field
  // GPU objects (copy as empty) and CPU-side caches, keyed by the state's generations.
  FilterPreview preview;
  std::shared_ptr<Texture> image_texture;  // the input as the CNN sees it (grey in luminance modes)
  std::optional<uint64_t> image_texture_for;
  std::shared_ptr<Texture> fallback_texture;  // the CPU reference's display, when the GPU path is off
  std::optional<uint64_t> fallback_for;
  GalleryState gallery;
  std::vector<std::string> samples;  // sample_images(), listed once
  bool samples_listed = false;
  // The ends of the filtered view's legend (filtered values), from the last render.
  float legend_low = 0, legend_high = 255;
  // The engine's filtered values of the pixels numbered on screen when zoomed in.
  Tensor numbers;
  Region numbers_region;
  std::optional<uint64_t> numbers_for;
  // The hovered pixel's filtered values, for (generation, row, column).
  Tensor readout;
  std::optional<std::array<uint64_t, 3>> readout_for;
};

struct PlaygroundState {
  std::optional<PlaygroundImage> image;
  ColorMode color_mode = ColorMode::kRgb;
  PixelScale value_range = PixelScale::k0To255;  // core/image.h's: 0–255 or 0–1
  Tensor tensor;                                 // working image as (C, H, W), per color_mode/value_range
  FilterSettings filter;  // kernel (starts as the article's sharpen), padding_mode, orientation
  DisplayMode display_mode = DisplayMode::kClamp;
  std::string error;    // the last refused action, with the reason; shown until the next success
  std::string message;  // the last success worth saying ("wrote edges.png")
  // Bumped by apply_playground_actions: image_generation when the tensor changes, generation when
  // anything the filtered result depends on does. Caches compare against them.
  uint64_t image_generation = 1;
  uint64_t generation = 1;
  PlaygroundUi ui;

  PlaygroundState();
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
  std::optional<std::string> refused;  // why the panel could not do what was asked (shown as state.error)
};

// Draws the playground into the current window's remaining content region.
void draw_playground_panel(PlaygroundState& state, const Fonts& fonts, PlaygroundActions& actions);

// Applies the actions in this order: dismiss, open_image, colour, padding, kernel, display, export.
// An invalid change (unreadable file, kernel the image is too small for, …) keeps the state as it was
// and sets state.error. open_in_stepper is for the App and is ignored here.
void apply_playground_actions(PlaygroundState& state, const PlaygroundActions& actions);

// Loads an image into the playground (what open_image does); false with state.error set on failure.
bool open_playground_image(PlaygroundState& state, const std::string& path);

// The display settings the state implies (value_max from value_range).
DisplayOptions playground_display(const PlaygroundState& state);

// The engine's filtered value of one pixel (channel c, row y, column x) of the working image: a 1×1
// region_scene_with_neighbours, run. Cheap, so hovering never needs the whole CPU result.
Result<float> filtered_value_at(const PlaygroundState& state, int64_t c, int64_t y, int64_t x);
// The same for every channel at once: a (C) tensor.
Result<Tensor> filtered_pixel(const PlaygroundState& state, int64_t y, int64_t x);

// The Scene "Open in stepper" produces for `region` of the working image: region_scene_with_neighbours
// (every output equals the filtered image) or region_scene (padding at the region's border). Regions
// larger than kMaxStepperRegionSide are refused with the numbers.
Result<Scene> playground_region_scene(const PlaygroundState& state, const Region& region,
                                      bool with_neighbours);

// The playground's filter as PyTorch lines a learner can run, from a PIL image `img` to the filtered
// (C, H, W) tensor `y`: the image_to_tensor_pytorch lines, the kernel, then F.conv2d with groups = C
// (and F.pad for reflect, replicate and circular, which F.conv2d itself does not take).
std::vector<std::string> playground_pytorch(const PlaygroundState& state);

// The CPU reference of what the filtered view shows, for `image` (the working tensor or the original's).
Result<Image> playground_display_image(const PlaygroundState& state, const Tensor& image);

}  // namespace convstep
