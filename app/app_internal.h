// What app.cpp, app_init.cpp and app_view.cpp share and nothing else uses: putting a scene on screen and
// keeping the stepping view in step with the walk.
#pragma once

#include "app/app.h"
#include "core/result.h"

namespace convstep {

// Refreshes the StepView from the stepper at the walk's position. Snapshots and the partial output are
// rebuilt only when the position moved or the scene changed (`force`); the slide changes every frame.
void sync_view(App& app, bool force = false);

// Puts a validated scene on screen. `keep_position`: the walk keeps its step (and tap) when they still
// exist; otherwise it starts over, paused, with the user's speed, loop and tap mode.
Status install_scene(App& app, Scene scene, bool keep_position);

// Selects a main view's tab on the next frame.
void show_view(App& app, MainView view);

}  // namespace convstep
