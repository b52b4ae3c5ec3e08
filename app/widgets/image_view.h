// A zoomable, pannable view of an image texture for the filter playground. Two views drawn with the
// same ImageViewState move together: the wheel zooms about the cursor, a left drag pans, a double
// click fits the image again, a click places the selection and Shift+drag draws one.
#pragma once

#include <array>
#include <cstdint>
#include <memory>
#include <optional>

#include <imgui.h>

#include "core/image.h"

namespace convstep {

class Texture;

// UI-only state, shared by the views that should move together.
struct ImageViewState {
  float zoom = 0;      // screen pixels per image pixel; 0 = fit the image into the view
  float center_x = 0;  // the image point (in pixels) at the view's centre
  float center_y = 0;
  std::optional<Region> selection;  // in image pixels
  int64_t selection_size = 8;       // a click places a selection this many pixels square
  // The pixel under the cursor this frame (row, column), in whichever view has it.
  std::optional<std::array<int64_t, 2>> hover;
  // A Shift+drag in progress: where it started, in image pixels.
  std::optional<std::array<int64_t, 2>> drag_start;
};

inline constexpr float kMinImageZoom = 0.05f;
inline constexpr float kMaxImageZoom = 64.0f;

// The zoom that fits a width × height image into `size` (never 0).
float fit_zoom(int64_t width, int64_t height, ImVec2 size);

// The image pixel (row, column) under screen point `point` for a view at `origin` of `size`, or none
// when it falls outside the image.
std::optional<std::array<int64_t, 2>> image_pixel_at(const ImageViewState& view, int64_t width,
                                                     int64_t height, ImVec2 origin, ImVec2 size,
                                                     ImVec2 point);

// Screen position of image point (x, y) (in pixels, corners at integers) in a view at origin/size.
ImVec2 image_to_screen(const ImageViewState& view, int64_t width, int64_t height, ImVec2 origin, ImVec2 size,
                       float x, float y);

// Draws `texture` (0: a placeholder saying why there is none) as a width × height image into a
// `size` region at the cursor, handling zoom, pan, hover and selection. `id` must differ per view.
// `placeholder` is shown when texture is 0. Returns true while this view is hovered.
bool draw_image_view(const char* id, uint32_t texture, int64_t width, int64_t height, ImVec2 size,
                     ImageViewState& view, const char* placeholder);

// An RGBA8 texture of an RGB(A) image for ImGui::Image (linear filtering off: pixels stay crisp when
// zoomed in), or null without a GL context.
std::shared_ptr<Texture> make_image_texture(const Image& image);

}  // namespace convstep
