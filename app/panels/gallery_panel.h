// The filters gallery panel: the thumbnails of core/gallery in a grid with each filter's name and
// matrix, like the article's table of filters; clicking a filter picks it for the playground.
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "core/gallery.h"

namespace convstep {

class Texture;

// The gallery's entries and their textures, rebuilt when `built_for` differs from the key the
// playground gives (image, padding and orientation). Copies share the textures (they are only read).
struct GalleryState {
  std::vector<GalleryEntry> entries;
  std::vector<std::shared_ptr<Texture>> textures;
  std::optional<uint64_t> built_for;
  std::string error;
};

// Draws the grid in the current window; returns the id of a preset the user clicked.
std::optional<std::string> draw_gallery_panel(GalleryState& gallery, float width);

}  // namespace convstep
