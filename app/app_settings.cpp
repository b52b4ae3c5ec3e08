// The App's remembered settings: what is restored at start and saved at exit (core/settings), and Dear
// ImGui's own ini file kept beside them, written through core's atomic_write like every other file.
#include "app/app.h"

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <ostream>
#include <sstream>

#include <imgui.h>

#include "app/gui_options.h"
#include "core/atomic_write.h"
#include "core/session.h"
#include "core/settings.h"

namespace convstep {
namespace {

constexpr const char* kImGuiIni = "imgui.ini";

}  // namespace

void restore_settings(App& app, const Settings& settings) {
  app.ui.stage.palette = settings.palette;
  app.ui.presentation.text_scale = std::clamp(settings.text_scale, kMinTextScale, kMaxTextScale);
  if (settings.presentation) app.ui.presentation.on = true;
  app.ui.sidebar_hidden = !settings.sidebar;
  set_speed(app.model.walk, settings.speed);
  app.ui.file.recent_files = settings.recent_files;
}

Settings remembered_settings(const App& app, Settings base, const WindowPlace& window) {
  base.window = window;
  base.palette = app.ui.stage.palette;
  base.speed = app.model.walk.speed;
  base.text_scale = app.ui.presentation.text_scale;
  base.presentation = app.ui.presentation.on;
  base.sidebar = !app.ui.sidebar_hidden;
  // The File menu's list, which saves and opens kept up to date during the run, oldest first so the
  // newest ends up first.
  for (auto it = app.ui.file.recent_files.rbegin(); it != app.ui.file.recent_files.rend(); ++it)
    add_recent_file(base, *it);
  // A lesson made on the spot (a playground region) has no source to reopen: the last one stays.
  if (!app.model.lesson.source.empty()) {
    base.last_lesson = app.model.lesson.source;
    if (app.model.lesson.source.find('/') != std::string::npos ||
        app.model.lesson.source.find(".json") != std::string::npos ||
        is_session_file_name(app.model.lesson.source))
      add_recent_file(base, app.model.lesson.source);
  }
  if (app.model.playground.image && !app.model.playground.image->path.empty())
    add_recent_file(base, app.model.playground.image->path);
  return base;
}

RememberedRun read_remembered(GuiOptions& options, bool headless, std::ostream& err) {
  RememberedRun run;
  run.remember = !options.no_settings && (!headless || std::getenv("CONVSTEP_CONFIG_DIR"));
  if (!run.remember) return run;
  run.dir = settings_dir();
  run.loaded = load_settings(run.dir);
  if (!run.loaded.problem.empty()) err << "convstep: " << run.loaded.problem << "\n";
  if (!options.size_given) {
    options.width = run.loaded.settings.window.width;
    options.height = run.loaded.settings.window.height;
  }
  if (options.lesson.empty()) options.lesson = run.loaded.settings.last_lesson;
  return run;
}

void save_remembered(const RememberedRun& run, const App& app, const WindowPlace& window, std::ostream& err) {
  if (!run.remember) return;
  const Settings now = remembered_settings(app, run.loaded.settings, window);
  for (Status saved : {save_settings(run.dir, now), save_imgui_ini(run.dir)})
    if (!saved) err << "convstep: cannot save the settings: " << saved.message() << "\n";
}

void load_imgui_ini(const std::string& dir) {
  std::ifstream in(std::filesystem::path(dir) / kImGuiIni, std::ios::binary);
  if (!in) return;
  std::ostringstream text;
  text << in.rdbuf();
  const std::string ini = text.str();
  ImGui::LoadIniSettingsFromMemory(ini.data(), ini.size());
}

Status save_imgui_ini(const std::string& dir) {
  size_t size = 0;
  const char* ini = ImGui::SaveIniSettingsToMemory(&size);
  return atomic_write((std::filesystem::path(dir) / kImGuiIni).string(), std::string_view(ini, size));
}

}  // namespace convstep
