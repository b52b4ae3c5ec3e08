// The filters gallery panel: core/gallery's thumbnails uploaded once as textures, in a table that
// fits the width, each with its matrix (or, for large kernels, the matrix on hover).
#include "app/panels/gallery_panel.h"

#include <imgui.h>

#include <algorithm>

#include "app/gfx/shader.h"
#include "app/gfx/texture.h"
#include "app/widgets/image_view.h"
#include "app/widgets/kernel_editor.h"
#include "app/widgets/theme.h"
#include "app/widgets/widget_log.h"

namespace convstep {

namespace {
// Matrices up to this many columns are printed under their thumbnail.
constexpr int64_t kGalleryMatrixColumns = 3;

std::string matrix_row(const Tensor& kernel, int64_t y) {
  std::string row;
  for (int64_t x = 0; x < kernel.size(1); ++x) {
    if (x > 0) row += "  ";
    row += format_value(kernel.at({y, x}));
  }
  return row;
}
}  // namespace

std::optional<std::string> draw_gallery_panel(GalleryState& gallery, float width) {
  std::optional<std::string> picked;
  if (!gallery.error.empty()) {
    ImGui::TextColored(palette::kErrorText, "%s", gallery.error.c_str());
    return picked;
  }
  if (gallery.textures.size() != gallery.entries.size()) {
    gallery.textures.clear();
    for (const GalleryEntry& entry : gallery.entries)
      gallery.textures.push_back(make_image_texture(entry.image));
  }
  const float tile = static_cast<float>(kGalleryThumbnailSide);
  // A column is as wide as its widest thumbnail frame or matrix row.
  float widest = tile + 2 * ImGui::GetStyle().FramePadding.x;
  for (const GalleryEntry& entry : gallery.entries) {
    for (int64_t y = 0; entry.kernel.size(1) <= kGalleryMatrixColumns && y < entry.kernel.size(0); ++y) {
      widest = std::max(widest, ImGui::CalcTextSize(matrix_row(entry.kernel, y).c_str()).x);
    }
  }
  const float pitch = widest + 2 * ImGui::GetStyle().CellPadding.x + ImGui::GetStyle().ItemSpacing.x;
  const int columns = std::max(1, static_cast<int>(width / pitch));
  if (ImGui::BeginTable("gallery", columns, ImGuiTableFlags_SizingFixedSame)) {
    for (size_t i = 0; i < gallery.entries.size(); ++i) {
      const GalleryEntry& entry = gallery.entries[i];
      ImGui::TableNextColumn();
      ImGui::PushID(static_cast<int>(i));
      ImGui::TextUnformatted(entry.name.c_str());
      const float scale = tile / static_cast<float>(std::max(entry.image.width, entry.image.height));
      const ImVec2 size(static_cast<float>(entry.image.width) * scale,
                        static_cast<float>(entry.image.height) * scale);
      const Texture* texture = gallery.textures[i].get();
      if (texture != nullptr) {
        if (ImGui::ImageButton(reinterpret_cast<ImTextureID>(static_cast<intptr_t>(texture->id())), size))
          picked = entry.id;
      } else if (ui::button("use", ImVec2(size.x, 24))) {
        picked = entry.id;
      }
      if (ImGui::IsItemHovered()) ImGui::SetTooltip("Use %s in the playground", entry.name.c_str());
      // The matrix, one row per line, as the article's table prints it; large ones on hover.
      if (entry.kernel.size(1) > kGalleryMatrixColumns) {
        ImGui::TextColored(palette::kMutedText, "%lld\u00d7%lld matrix (hover)",
                           static_cast<long long>(entry.kernel.size(0)),
                           static_cast<long long>(entry.kernel.size(1)));
        if (ImGui::IsItemHovered()) ImGui::SetTooltip("%s", format_tensor(entry.kernel).c_str());
      }
      for (int64_t y = 0; entry.kernel.size(1) <= kGalleryMatrixColumns && y < entry.kernel.size(0); ++y) {
        ImGui::TextColored(palette::kMutedText, "%s", matrix_row(entry.kernel, y).c_str());
      }
      ImGui::PopID();
    }
    ImGui::EndTable();
  }
  return picked;
}

}  // namespace convstep
