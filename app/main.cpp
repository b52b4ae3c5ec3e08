// convstep's entry point. The command line decides: a subcommand (compute, trace, lessons) runs in
// app/cli; anything else opens the window below, whose loop follows ImGui's own GLFW example:
// poll events, advance by dt, build the UI, apply its actions, render, (screenshot,) swap.
#include <glad/gl.h>

#include <GLFW/glfw3.h>

#include <imgui.h>
#include <imgui_impl_glfw.h>
#include <imgui_impl_opengl3.h>

#include <algorithm>
#include <cmath>
#include <cstdlib>
#include <iostream>
#include <string>
#include <vector>

#include "app/app.h"
#include "app/cli/cli.h"
#include "app/export_job.h"
#include "app/gfx/gl_window.h"
#include "app/gfx/screenshot.h"
#include "app/stage/stage_layout.h"
#include "app/widgets/theme.h"
#include "core/allocator.h"

namespace convstep {
namespace {

// Headless runs advance a fixed 1/60 s per frame, so the same --frames always draws the same picture.
constexpr double kHeadlessFrameSeconds = 1.0 / 60.0;
// --screenshot without --frames still needs a frame or two for ImGui to lay the window out.
constexpr int kScreenshotFrames = 3;
// With nothing moving, the loop sleeps until input arrives (or this long) instead of spinning.
constexpr double kIdleWaitSeconds = 0.25;
// An export from the window draws its frames for about this long per frame of the window.
constexpr double kExportFrameBudgetSeconds = 0.03;

// Files dropped on the window and keys pressed; GLFW reports them during event polling, before the
// frame is built, and the frame takes them all (a tap shorter than a frame is never lost).
std::vector<std::string> g_dropped_files;
KeyQueue g_keys;
GLFWkeyfun g_imgui_key_callback = nullptr;  // the ImGui backend's, which still gets every key

void on_drop(GLFWwindow* /*window*/, int count, const char** paths) {
  for (int i = 0; i < count; ++i) g_dropped_files.emplace_back(paths[i]);
}

void on_key(GLFWwindow* window, int key, int scancode, int action, int mods) {
  if (g_imgui_key_callback) g_imgui_key_callback(window, key, scancode, action, mods);
  queue_key_event(g_keys, key, action, mods);
}

void render(GlWindow& window) {
  ImGui::Render();
  int width = 0, height = 0;
  window.framebuffer_size(&width, &height);
  glViewport(0, 0, width, height);
  const ImVec4 bg = ImGui::ColorConvertU32ToFloat4(palette::kBackground);
  glClearColor(bg.x, bg.y, bg.z, 1.0f);
  glClear(GL_COLOR_BUFFER_BIT);
  ImGui_ImplOpenGL3_RenderDrawData(ImGui::GetDrawData());
}

int run_gui(const GuiOptions& given) {
  keep_large_blocks_for_reuse();  // the playground refilters a photo on every edit
  GuiOptions options = given;
  int frames = options.frames > 0 ? options.frames : (options.screenshot.empty() ? 0 : kScreenshotFrames);
  const bool headless = frames > 0;
  // ImGui sizes a tab bar from the frame before, so one frame alone would have no tabs: `--frames 1` draws
  // an unseen first frame in which nothing moves, then the one asked for.
  const bool warm_up = headless && frames == 1 && options.drop.empty();
  if (warm_up) frames = 2;
  // Each --drop takes a frame, and the last one's outcome needs one more to be drawn.
  if (headless) frames = std::max(frames, static_cast<int>(options.drop.size()) + 1);
  const RememberedRun remembered = read_remembered(options, headless, std::cerr);
  const bool remember = remembered.remember;

  Result<GlWindow> created = GlWindow::create(options.width, options.height, "convstep");
  if (!created) {
    std::cerr << "convstep: " << created.message() << "\n";
    return 1;
  }
  GlWindow window = std::move(created).value();
  if (remember && !options.size_given) window.move_to(remembered.loaded.settings.window);
  glfwSwapInterval(headless ? 0 : 1);

  IMGUI_CHECKVERSION();
  ImGui::CreateContext();
  ImGuiIO& io = ImGui::GetIO();
  io.IniFilename = nullptr;  // written by save_imgui_ini, through atomic_write, beside the settings
  if (remember) load_imgui_ini(remembered.dir);
  App app;
  // HiDPI: fonts rasterized and sizes scaled at the window's content scale (1 on ordinary screens).
  float scale_x = 1, scale_y = 1;
  glfwGetWindowContentScale(window.handle(), &scale_x, &scale_y);
  float scale = ui_scale_for(scale_x, scale_y);
  app.ui.fonts = load_fonts(io, scale);
  apply_dark_theme(scale);
  ImGui_ImplGlfw_InitForOpenGL(window.handle(), true);
  ImGui_ImplOpenGL3_Init("#version 330 core");
  glfwSetDropCallback(window.handle(), on_drop);  // the ImGui backend installs no drop callback
  g_imgui_key_callback = glfwSetKeyCallback(window.handle(), on_key);  // chained: ImGui's runs first

  // init_app has printed why the lesson, a --set, --layer, a tensor or the image failed; a headless run
  // must not then report success. The window itself runs on and shows the message.
  const bool started = init_app(app, options, std::cerr);
  if (remember) restore_settings(app, remembered.loaded.settings);
  if (options.present) app.ui.presentation.on = true;
  int exit_code = started || !headless ? 0 : 1;
  // Tests and headless runs use the built-in file browser, never a desktop dialog.
  if (headless) app.ui.file.native_dialogs = false;
  bool run = true;
  if (!options.save.empty()) {
    if (Status saved = save_session(app, options.save); !saved) {
      std::cerr << "convstep: --save: " << saved.message() << "\n";
      exit_code = 1;
      run = false;
    }
  }
  // Autosave as settings are remembered: not in tests or headless runs unless CONVSTEP_STATE_DIR is set.
  const char* state_override = std::getenv("CONVSTEP_STATE_DIR");
  start_autosave(app, (state_override && *state_override) || (!options.no_settings && !headless),
                 state_dir());
  std::string shown_title;
  double last_time = glfwGetTime();
  bool applied = false;  // the last frame's actions changed the model after its picture was built
  for (int frame = 0; run; ++frame) {
    if (window.should_close()) {
      // Unsaved work: the question is asked and the window stays until it is answered.
      if (may_close_window(app)) break;
      glfwSetWindowShouldClose(window.handle(), GLFW_FALSE);
    }
    // --drop files arrive one a frame, as if dropped on the window then.
    const std::string* dropped =
        frame < static_cast<int>(options.drop.size()) ? &options.drop[frame] : nullptr;
    if (dropped) g_dropped_files.push_back(*dropped);
    if (draw_next_frame_at_once(headless, is_animating(app), applied)) {
      glfwPollEvents();
    } else {
      glfwWaitEventsTimeout(kIdleWaitSeconds);
    }
    const double now = glfwGetTime();
    advance(app, headless ? (warm_up && frame == 0 ? 0.0 : kHeadlessFrameSeconds) : now - last_time);
    last_time = now;

    // Moved to a screen of another content scale (a laptop's panel to a projector): new fonts at it.
    glfwGetWindowContentScale(window.handle(), &scale_x, &scale_y);
    if (const float now_scale = ui_scale_for(scale_x, scale_y); std::fabs(now_scale - scale) > 0.01f) {
      scale = now_scale;
      rescale_ui(io, &app.ui.fonts, scale);
      ImGui_ImplOpenGL3_DestroyFontsTexture();
      ImGui_ImplOpenGL3_CreateFontsTexture();
    }
    ImGui_ImplOpenGL3_NewFrame();
    ImGui_ImplGlfw_NewFrame();
    ImGui::NewFrame();
    app.ui.key_presses = take_key_presses(g_keys);
    Actions actions = build_ui(app);
    if (!g_dropped_files.empty()) {
      actions.open_dropped = g_dropped_files.back();  // several at once: the last one wins
      g_dropped_files.clear();
    }
    applied = apply_actions(app, actions);
    tick_autosave(app, headless ? frame * kHeadlessFrameSeconds : now);
    if (const std::string title = window_title(app.model); title != shown_title) {
      glfwSetWindowTitle(window.handle(), title.c_str());
      shown_title = title;
    }
    if (dropped && headless) {
      if (std::string failure = open_failure(app.model, *dropped); !failure.empty()) {
        std::replace(failure.begin(), failure.end(), '\n', ' ');
        std::cerr << "convstep: " << failure << "\n";
        exit_code = 1;
      }
    }
    // Full screen follows the mode; a headless run keeps its window, so screenshots have its size.
    if (!headless && window.fullscreen() != app.ui.presentation.on)
      window.set_fullscreen(app.ui.presentation.on);
    render(window);
    run_export_frames(app, kExportFrameBudgetSeconds);  // an export's frames, after the window's own

    const bool last_frame = headless && frame + 1 >= frames;
    if (last_frame && !options.layout.empty()) {
      if (Status written = write_layout_json(app.ui.stage.layout, options.layout); !written) {
        std::cerr << "convstep: " << written.message() << "\n";
        exit_code = 1;
      }
    }
    if (last_frame && !options.screenshot.empty()) {
      int width = 0, height = 0;
      window.framebuffer_size(&width, &height);
      if (Status saved = save_screenshot(options.screenshot, width, height); !saved) {
        std::cerr << "convstep: " << saved.message() << "\n";
        exit_code = 1;
      }
    }
    glfwSwapBuffers(window.handle());
    if (last_frame || app.ui.file.quit_now) break;
  }

  stop_dialog(app.ui.file.native);
  finish_autosave(app);
  save_remembered(remembered, app, window.place(), std::cerr);
  ImGui_ImplOpenGL3_Shutdown();
  ImGui_ImplGlfw_Shutdown();
  ImGui::DestroyContext();
  return exit_code;
}

}  // namespace
}  // namespace convstep

int main(int argc, char** argv) {
  return convstep::run_cli(
      argc, argv, std::cout, std::cerr, convstep::run_gui,
      [](const convstep::ExportRequest& r) { return convstep::run_export_offscreen(r, std::cerr); });
}
