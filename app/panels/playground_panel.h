// The filter playground panel: a photo and its filtered result side by side (zoom and pan together, the
// pixel under the cursor read out in both), the kernel editor, colour handling, padding and display
// modes, the filters gallery, a selected region sent to the stepper, and PNG export. The model and its
// apply step are core/playground; this panel reads the model and records PlaygroundActions. The
// preview is filtered on the GPU (app/gfx/filter_pass); the engine gives every number it prints.
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
#include "app/widgets/theme.h"
#include "core/playground.h"

namespace convstep {

class Texture;

// UI-only state: widgets edit it directly.
struct PlaygroundUi {
  ImageViewState view;    // shared by the image and the filtered result
  uint64_t view_for = 0;  // the model's `opened` the view was last fitted to
  bool show_gallery = false;
  bool region_with_neighbours = true;  // the stepper gets the pixels around the region, not padding
  char open_path[512] = {};
  char export_path[512] = "filtered.png";
  FileBrowserState browser;          // "Browse…" beside the open field
  std::vector<std::string> samples;  // sample_images(), listed once
  bool samples_listed = false;
};

// GPU objects (copy as empty) and CPU-side engine caches, keyed by the model's generations. Owned by
// the App's graphics, not by the model or the UI state.
struct PlaygroundGfx {
  FilterPreview preview;
  std::shared_ptr<Texture> image_texture;  // the input as the CNN sees it (grey in luminance modes)
  std::optional<uint64_t> image_texture_for;
  std::shared_ptr<Texture> fallback_texture;  // the CPU reference's display, when the GPU path is off
  std::optional<uint64_t> fallback_for;
  GalleryState gallery;
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

// Draws the playground into the current window's remaining content region. Reads the model only.
void draw_playground_panel(const PlaygroundModel& model, PlaygroundUi& ui, PlaygroundGfx& gfx,
                           const Fonts& fonts, PlaygroundActions& actions);

}  // namespace convstep
