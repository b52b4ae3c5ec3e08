// Screenshots: the back buffer read with glReadPixels before the swap, written as a PNG by core's
// write_png, whose atomic_write renames a fully written temporary file into place.
#pragma once

#include <string>

#include "core/result.h"

namespace convstep {

// Reads the current back buffer (width × height pixels from the bottom-left) and writes it to `path`.
Status save_screenshot(const std::string& path, int width, int height);

}  // namespace convstep
