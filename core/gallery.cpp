// The filters gallery's thumbnails come from the engine (apply_filter → map_for_display), so the
// gallery shows exactly what the playground's CPU reference would.
#include "core/gallery.h"

#include <cmath>

#include "core/presets.h"

namespace convstep {

DisplayMode suggested_display_mode(const Tensor& kernel) {
  double sum = 0, magnitude = 0;
  for (float v : kernel.values()) {
    sum += v;
    magnitude += std::fabs(v);
  }
  // A kernel summing to 0 gives 0 on flat areas and signed values at edges; one summing to 1 keeps
  // the image's brightness, so clamping shows it as a photo.
  return magnitude > 0 && std::fabs(sum) <= 1e-6 * magnitude ? DisplayMode::kSigned : DisplayMode::kClamp;
}

Result<std::vector<GalleryEntry>> build_gallery(const Tensor& image, PaddingMode padding_mode,
                                                KernelOrientation orientation, float value_max) {
  if (image.dim() != 3 || image.empty()) {
    return make_error("the gallery needs a (C, H, W) image, not one of shape " + image.shape_string());
  }
  const auto [h, w] = fit_within(image.size(1), image.size(2), kGalleryThumbnailSide, kGalleryThumbnailSide);
  const Tensor small = h == image.size(1) && w == image.size(2) ? image : resize_area(image, h, w);
  std::vector<GalleryEntry> entries;
  for (const KernelPreset& preset : kernel_presets()) {
    GalleryEntry entry;
    entry.id = preset.id;
    entry.name = preset.name;
    entry.kernel = preset.kernel;
    entry.display = suggested_display_mode(preset.kernel);
    Result<Tensor> filtered = apply_filter(small, {preset.kernel, padding_mode, orientation});
    if (!filtered)
      return make_error(preset.name + " on the " + std::to_string(h) + "x" + std::to_string(w) +
                        " thumbnail: " + filtered.message());
    Result<Image> shown = filtered_image(*filtered, {entry.display, value_max, 0.0f});
    if (!shown) return shown.error();
    entry.image = std::move(*shown);
    entries.push_back(std::move(entry));
  }
  return entries;
}

}  // namespace convstep
