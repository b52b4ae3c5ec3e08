// The filters gallery's content: every kernel preset applied to the same image, with each filter's
// name, matrix and filtered thumbnail, like the article's table of filters. Built on the CPU engine
// from a small copy of the image, so it is the reference, not the GPU preview.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "core/filtering.h"
#include "core/image.h"
#include "core/result.h"
#include "core/tensor.h"

namespace convstep {

// Gallery thumbnails are filtered from a copy of the image that fits this square.
inline constexpr int64_t kGalleryThumbnailSide = 160;

struct GalleryEntry {
  std::string id;    // the preset's id
  std::string name;  // "Edge detection 1"
  Tensor kernel;     // for the matrix under the thumbnail
  DisplayMode display = DisplayMode::kClamp;
  Image image;  // the filtered thumbnail as it is shown
};

// Which display mode shows a kernel best: signed when its weights sum to 0 (edge detectors: flat areas
// give 0, edges both signs), clamp otherwise (blurs and sharpening keep the image's brightness). The
// playground switches to it when a preset is picked.
DisplayMode suggested_display_mode(const Tensor& kernel);

// Every preset of core/presets.h applied to `image` (a (C, H, W) tensor, shrunk to fit
// kGalleryThumbnailSide first) with the given padding and orientation, in the presets' order. A preset
// the image is too small for (reflect padding ≥ the image's size) is an error naming both.
Result<std::vector<GalleryEntry>> build_gallery(const Tensor& image, PaddingMode padding_mode,
                                                KernelOrientation orientation, float value_max);

}  // namespace convstep
