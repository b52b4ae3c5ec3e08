// Text that must keep to one line in a given width (a title beside a button, a view's caption): cut
// at a character boundary with "…" rather than wrapped or run into its neighbour.
#pragma once

#include <string>

namespace convstep {

// `text` as it fits `width` pixels in ImGui's current font: whole, or shortened with "…".
std::string fit_one_line(const std::string& text, float width);

// Draws `text` fitted to `width`; hovering a shortened one shows it whole. Returns true when it was cut.
bool text_one_line(const std::string& text, float width);

}  // namespace convstep
