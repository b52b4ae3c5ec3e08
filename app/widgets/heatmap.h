// A tensor slice too large for numbered cells, drawn as a heatmap: the values go to the GPU as a
// float texture and shaders/heatmap.frag colours them through the palette's lookup table into an
// offscreen texture that ImGui then shows, so a 1920×1080 input costs one quad per frame.
// Without a usable GL context it falls back to ImDrawList rectangles (and says so once on stderr).
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <span>
#include <string>
#include <vector>

#include <imgui.h>

#include "app/gfx/shader.h"
#include "app/gfx/texture.h"
#include "app/widgets/palette.h"
#include "core/result.h"

namespace convstep {

struct HeatmapSpec {
  int rows = 0;
  int cols = 0;
  std::span<const float> values;  // rows * cols, row-major; NaN = no value yet (drawn empty)
  PaletteKind palette = PaletteKind::kColorBlindSafe;
  TensorRole role = TensorRole::kInput;
  ValueRange range;
  bool grid_lines = true;  // a 1-px line between cells, only where cells are at least 4 px wide
};

struct HeatmapHover {
  int row = 0;
  int col = 0;
  float value = 0;
};

// The cell under `point` in a rows × cols heatmap filling [min, max), if any.
std::optional<HeatmapHover> heatmap_cell_at(ImVec2 min, ImVec2 max, int rows, int cols, ImVec2 point);

// "row 12, col 40: 0.75" as a tooltip (uses ImGui::SetTooltip).
void heatmap_tooltip(const HeatmapHover& hover);

// Draws the heatmap as ImDrawList rectangles, one per cell or, when cells are smaller than 2 px, one
// per block of cells that share a screen pixel (coloured by the block's first cell).
void draw_heatmap_rects(ImDrawList* draw, ImVec2 min, ImVec2 max, const HeatmapSpec& spec);

// How the stage uses it: one Heatmap per drawn slice, kept across frames in a HeatmapCache (e.g. a
// `HeatmapCache heatmaps;` member of StageState; it stays copyable):
//   HeatmapSpec spec;
//   spec.rows = H; spec.cols = W;
//   spec.values = std::span<const float>(slice_ptr, H * W);   // row-major, NaN = not computed
//   spec.palette = stage.palette; spec.role = TensorRole::kInput;
//   spec.range = ValueRange::of(spec.values);                  // or a shared, stable range
//   Heatmap& heatmap = stage.heatmaps.get("input/" + std::to_string(channel));
//   if (auto hover = heatmap.draw(ImGui::GetWindowDrawList(), top_left, bottom_right, spec)) {
//     ... hover->row, hover->col, hover->value: highlight / link; heatmap_tooltip(*hover) shows it
//   }
//   ... and once per frame, after the stage is drawn: stage.heatmaps.end_frame();
// Numbered cells and the heatmap share colours: cell_color(palette, role, v, range) for a cell
// equals the heatmap's pixel for v (within 2/255; the GPU interpolates the same 256-entry table).
class Heatmap {
 public:
  Heatmap() = default;  // makes no GL object until first drawn
  Heatmap(Heatmap&&) noexcept = default;
  Heatmap& operator=(Heatmap&&) noexcept = default;
  Heatmap(const Heatmap&) = delete;
  Heatmap& operator=(const Heatmap&) = delete;

  // One Heatmap shows one slice per frame: it renders immediately, so drawing it twice in a frame
  // with different specs would show the second twice. Use one cache key per slice.
  // Draws the slice into [min, max) of `draw` (as an image of the offscreen texture, or as
  // rectangles when the GPU path is unavailable) and returns the cell under the mouse when the
  // current ImGui window is hovered. Call while building the UI, between NewFrame and Render.
  std::optional<HeatmapHover> draw(ImDrawList* draw, ImVec2 min, ImVec2 max, const HeatmapSpec& spec);

  // Renders the slice into the offscreen texture at width × height pixels, re-uploading the values
  // only if they changed and skipping the draw when nothing did. Fails (and leaves the fallback to
  // the caller) without a GL 3.3 context, with a shader that does not build, or with a slice larger
  // than the GPU's texture limit; the message says which, with the numbers.
  Status render(const HeatmapSpec& spec, int width, int height);

  // The offscreen result of the last render: an RGBA8 texture whose first GL row is the slice's
  // LAST row (GL counts from the bottom), so show it with uv0 = (0, 1), uv1 = (1, 0).
  uint32_t texture_id() const { return target_.texture().id(); }
  uint32_t framebuffer_id() const { return target_.framebuffer(); }
  // How many times the values were sent to the GPU (for tests of "only when they change").
  int uploads() const { return uploads_; }
  // True once the GPU path failed; draw() then uses rectangles for the rest of the object's life.
  bool using_fallback() const { return fallback_; }

 private:
  Status ensure_gl_objects();

  ShaderProgram program_;
  VertexArray vertex_array_;
  Texture values_;
  Texture lut_;
  RenderTarget target_;
  // What the offscreen texture currently shows, to skip work when nothing changed.
  std::vector<float> shown_values_;
  int shown_rows_ = 0, shown_cols_ = 0;
  const ColorLut* shown_lut_ = nullptr;
  ValueRange shown_range_{0, 0, false};
  bool shown_grid_ = false;
  bool rendered_ = false;
  int uploads_ = 0;
  bool fallback_ = false;
};

// The heatmaps of the slices on screen, by a name the caller picks ("input/0", "output/3"). A
// heatmap not asked for during a whole frame is freed at end_frame(). Copying a cache gives an
// empty one (GPU textures are not shared), so a struct holding it stays copyable.
class HeatmapCache {
 public:
  HeatmapCache() = default;
  HeatmapCache(const HeatmapCache&) {}
  HeatmapCache& operator=(const HeatmapCache& other) {
    if (this != &other) entries_.clear();
    return *this;
  }
  HeatmapCache(HeatmapCache&&) noexcept = default;
  HeatmapCache& operator=(HeatmapCache&&) noexcept = default;

  Heatmap& get(const std::string& key);
  void end_frame();
  size_t size() const { return entries_.size(); }

 private:
  struct Entry {
    Heatmap heatmap;
    bool used = false;
  };
  std::map<std::string, Entry> entries_;
};

}  // namespace convstep
