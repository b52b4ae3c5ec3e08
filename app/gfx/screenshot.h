// Screenshots: the back buffer read with glReadPixels before the swap, written as a PNG through
// stb_image_write to a temporary file that is renamed into place, so a reader never sees half a file.
#pragma once

#include <string>

#include "core/result.h"

namespace convstep {

// Reads the current back buffer (width × height pixels from the bottom-left) and writes it to `path`.
Status save_screenshot(const std::string& path, int width, int height);

}  // namespace convstep
