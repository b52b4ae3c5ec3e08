// The playground's image views. Geometry is kept in image pixels (centre + zoom), so both views can
// share one state whatever their size on screen.
#include "app/widgets/image_view.h"

#include <algorithm>
#include <cmath>
#include <vector>

#include "app/gfx/shader.h"
#include "app/gfx/texture.h"
#include "app/widgets/theme.h"

namespace convstep {

namespace {

// Screen position of image point (x, y) in a view at origin/size.
ImVec2 to_screen(const ImageViewState& view, float zoom, ImVec2 origin, ImVec2 size, float x, float y) {
  return ImVec2(origin.x + size.x * 0.5f + (x - view.center_x) * zoom,
                origin.y + size.y * 0.5f + (y - view.center_y) * zoom);
}

float effective_zoom(const ImageViewState& view, int64_t width, int64_t height, ImVec2 size) {
  return view.zoom > 0 ? view.zoom : fit_zoom(width, height, size);
}

Region clamp_region(Region r, int64_t width, int64_t height) {
  r.h = std::clamp<int64_t>(r.h, 1, height);
  r.w = std::clamp<int64_t>(r.w, 1, width);
  r.y = std::clamp<int64_t>(r.y, 0, height - r.h);
  r.x = std::clamp<int64_t>(r.x, 0, width - r.w);
  return r;
}

}  // namespace

float fit_zoom(int64_t width, int64_t height, ImVec2 size) {
  if (width < 1 || height < 1 || size.x <= 0 || size.y <= 0) return 1.0f;
  const float zoom = std::min(size.x / static_cast<float>(width), size.y / static_cast<float>(height));
  return std::clamp(zoom, kMinImageZoom, kMaxImageZoom);
}

std::optional<std::array<int64_t, 2>> image_pixel_at(const ImageViewState& view, int64_t width,
                                                     int64_t height, ImVec2 origin, ImVec2 size,
                                                     ImVec2 point) {
  const float zoom = effective_zoom(view, width, height, size);
  const float x = view.center_x + (point.x - origin.x - size.x * 0.5f) / zoom;
  const float y = view.center_y + (point.y - origin.y - size.y * 0.5f) / zoom;
  if (!(x >= 0 && y >= 0 && x < static_cast<float>(width) && y < static_cast<float>(height)))
    return std::nullopt;
  return std::array<int64_t, 2>{static_cast<int64_t>(y), static_cast<int64_t>(x)};
}

ImVec2 image_to_screen(const ImageViewState& view, int64_t width, int64_t height, ImVec2 origin, ImVec2 size,
                       float x, float y) {
  return to_screen(view, effective_zoom(view, width, height, size), origin, size, x, y);
}

bool draw_image_view(const char* id, uint32_t texture, int64_t width, int64_t height, ImVec2 size,
                     ImageViewState& view, const char* placeholder) {
  ImDrawList* draw = ImGui::GetWindowDrawList();
  const ImVec2 origin = ImGui::GetCursorScreenPos();
  size.x = std::max(size.x, 16.0f);
  size.y = std::max(size.y, 16.0f);
  ImGui::InvisibleButton(id, size, ImGuiButtonFlags_MouseButtonLeft);
  const bool hovered = ImGui::IsItemHovered();
  const ImVec2 end(origin.x + size.x, origin.y + size.y);
  draw->AddRectFilled(origin, end, palette::kEmptyFill);
  if (width < 1 || height < 1) {
    draw->AddText(ImVec2(origin.x + 8, origin.y + 8), palette::kCellText, placeholder);
    return hovered;
  }
  if (view.zoom <= 0 && view.center_x == 0 && view.center_y == 0) {
    view.center_x = static_cast<float>(width) * 0.5f;
    view.center_y = static_cast<float>(height) * 0.5f;
  }
  ImGuiIO& io = ImGui::GetIO();
  if (hovered && ImGui::IsMouseDoubleClicked(ImGuiMouseButton_Left)) {
    // Back to the whole image.
    view.zoom = 0;
    view.center_x = static_cast<float>(width) * 0.5f;
    view.center_y = static_cast<float>(height) * 0.5f;
  }
  float zoom = effective_zoom(view, width, height, size);

  if (hovered && io.MouseWheel != 0) {
    // Zoom about the cursor: the image point under it stays put.
    const float px = view.center_x + (io.MousePos.x - origin.x - size.x * 0.5f) / zoom;
    const float py = view.center_y + (io.MousePos.y - origin.y - size.y * 0.5f) / zoom;
    const float next = std::clamp(zoom * std::pow(1.2f, io.MouseWheel), kMinImageZoom, kMaxImageZoom);
    view.center_x = px - (io.MousePos.x - origin.x - size.x * 0.5f) / next;
    view.center_y = py - (io.MousePos.y - origin.y - size.y * 0.5f) / next;
    view.zoom = zoom = next;
  }
  const std::optional<std::array<int64_t, 2>> under =
      hovered ? image_pixel_at(view, width, height, origin, size, io.MousePos) : std::nullopt;
  if (ImGui::IsItemActive()) {
    if (io.KeyShift) {
      if (!view.drag_start && under) view.drag_start = under;
      if (view.drag_start && under) {
        const int64_t y0 = std::min((*view.drag_start)[0], (*under)[0]),
                      y1 = std::max((*view.drag_start)[0], (*under)[0]);
        const int64_t x0 = std::min((*view.drag_start)[1], (*under)[1]),
                      x1 = std::max((*view.drag_start)[1], (*under)[1]);
        view.selection = Region{y0, x0, y1 - y0 + 1, x1 - x0 + 1};
      }
    } else if (ImGui::IsMouseDragging(ImGuiMouseButton_Left, 2.0f)) {
      if (view.zoom <= 0) view.zoom = zoom;
      view.center_x -= io.MouseDelta.x / zoom;
      view.center_y -= io.MouseDelta.y / zoom;
    }
  }
  if (ImGui::IsItemDeactivated()) {
    const bool was_drag = ImGui::GetMouseDragDelta(ImGuiMouseButton_Left, 2.0f).x != 0 ||
                          ImGui::GetMouseDragDelta(ImGuiMouseButton_Left, 2.0f).y != 0;
    if (!view.drag_start && !was_drag && under) {
      // A click centres a selection_size square on the pixel.
      const int64_t s = std::max<int64_t>(1, view.selection_size);
      view.selection = clamp_region(Region{(*under)[0] - s / 2, (*under)[1] - s / 2, s, s}, width, height);
    }
    view.drag_start.reset();
  }
  if (under) view.hover = under;

  draw->PushClipRect(origin, end, true);
  if (texture != 0) {
    const ImVec2 a = to_screen(view, zoom, origin, size, 0, 0);
    const ImVec2 b =
        to_screen(view, zoom, origin, size, static_cast<float>(width), static_cast<float>(height));
    draw->AddImage(reinterpret_cast<ImTextureID>(static_cast<intptr_t>(texture)), a, b);
  } else {
    draw->AddText(ImVec2(origin.x + 8, origin.y + 8), palette::kCellText, placeholder);
  }
  if (view.selection) {
    const Region& r = *view.selection;
    draw_highlight_rect(
        draw, to_screen(view, zoom, origin, size, static_cast<float>(r.x), static_cast<float>(r.y)),
        to_screen(view, zoom, origin, size, static_cast<float>(r.x + r.w), static_cast<float>(r.y + r.h)));
  }
  draw->PopClipRect();
  return hovered;
}

std::shared_ptr<Texture> make_image_texture(const Image& image) {
  if (!gl_available() || image.empty()) return nullptr;
  const size_t count = static_cast<size_t>(image.width * image.height);
  std::vector<uint8_t> rgba(count * 4);
  for (size_t i = 0; i < count; ++i) {
    for (size_t k = 0; k < 3; ++k)
      rgba[i * 4 + k] = image.pixels[i * static_cast<size_t>(image.channels) + k];
    rgba[i * 4 + 3] = 255;
  }
  Result<Texture> texture = Texture::create(static_cast<int>(image.width), static_cast<int>(image.height),
                                            TextureFormat::kRGBA8, TextureFilter::kNearest, rgba.data());
  return texture ? std::make_shared<Texture>(std::move(texture).value()) : nullptr;
}

}  // namespace convstep
