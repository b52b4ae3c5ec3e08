// The stepping view's frame budget: the whole window's UI built for a 32×32 and a 64×64 scene, every
// cell labelled with its value, without rendering (Dear ImGui with no backend: a context, a display
// size, the font atlas built, NewFrame, the UI, Render to draw lists that no renderer draws). Prints the
// median CPU time of a frame, the goal being at most 2 ms.
// Run: build/bench/convstep_frame_bench
#include <imgui.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <sstream>
#include <string>
#include <vector>

#include "app/app.h"
#include "app/gui_options.h"
#include "app/widgets/theme.h"

namespace convstep {
namespace {

constexpr int kWarmUp = 20;
constexpr int kFrames = 200;

struct Figure {
  double median_ms = 0, worst_ms = 0;
  int vertices = 0;
  bool labelled = false;
};

// One labelled scene: the default lesson at `side`×`side` with random values (so every cell has a
// number to print), one step in.
Figure measure(int side, ImVec2 display, bool step_each_frame) {
  ImGui::CreateContext();
  ImGuiIO& io = ImGui::GetIO();
  io.IniFilename = nullptr;
  io.DisplaySize = display;
  io.DeltaTime = 1.0f / 60.0f;
  App app;
  app.ui.fonts = load_fonts(io);
  apply_dark_theme();
  unsigned char* pixels = nullptr;
  int w = 0, h = 0;
  io.Fonts->GetTexDataAsRGBA32(&pixels, &w, &h);

  GuiOptions options;
  options.set = {"input_size=" + std::to_string(side)};
  std::ostringstream err;
  if (!init_app(app, options, err)) std::fprintf(stderr, "%s", err.str().c_str());
  Actions fill;
  fill.fills.randomize_input = true;
  apply_actions(app, fill);

  std::vector<double> ms;
  Figure f;
  for (int i = 0; i < kWarmUp + kFrames; ++i) {
    const auto start = std::chrono::steady_clock::now();
    advance(app, 1.0 / 60.0);
    ImGui::NewFrame();
    Actions actions = build_ui(app);
    ImGui::Render();
    if (step_each_frame) actions.step_forward = true;
    apply_actions(app, actions);
    const auto end = std::chrono::steady_clock::now();
    if (i >= kWarmUp) ms.push_back(std::chrono::duration<double, std::milli>(end - start).count());
    if (i + 1 == kWarmUp + kFrames) f.vertices = ImGui::GetDrawData()->TotalVtxCount;
  }
  // Labelled: the layout holds cell values drawn as text.
  f.labelled = !app.ui.stage.layout.grids.empty() && app.ui.stage.layout.grids.front().values_shown;
  std::sort(ms.begin(), ms.end());
  f.median_ms = ms[ms.size() / 2];
  f.worst_ms = ms.back();
  ImGui::DestroyContext();
  return f;
}

int main_impl() {
  std::printf("stepping view, one frame built without rendering: median of %d frames (after %d)\n\n", kFrames,
              kWarmUp);
  std::printf("| scene | window | frames | ms per frame (median) | slowest ms | vertices | values drawn |\n");
  std::printf("|---|---|---|---:|---:|---:|---|\n");
  for (int side : {32, 64}) {
    for (ImVec2 display : {ImVec2(1024, 768), ImVec2(1920, 1080)}) {
      for (bool stepping : {false, true}) {
        const Figure f = measure(side, display, stepping);
        std::printf("| %dx%d input | %.0fx%.0f | %s | %.3f | %.3f | %d | %s |\n", side, side, display.x,
                    display.y, stepping ? "stepping each frame" : "still", f.median_ms, f.worst_ms,
                    f.vertices, f.labelled ? "yes" : "no");
      }
    }
  }
  return 0;
}

}  // namespace
}  // namespace convstep

int main() {
  return convstep::main_impl();
}
