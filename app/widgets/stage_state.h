// UI-only state of the stage (the grids): hover, pinned highlights, zoom, colour palette, and the
// layout the last frame drew. Widgets may edit it directly; it never changes the scene.
#pragma once

#include "app/widgets/stage_layout.h"

namespace convstep {

struct StageState {
  StageLayout layout;  // rebuilt every frame by the grids panel
};

}  // namespace convstep
