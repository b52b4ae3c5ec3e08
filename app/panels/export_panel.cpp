// The dialog asks for what `convstep export` takes, in the window's terms (steps counted from 1, as the
// scrubber counts them), and exports the scene on screen, edits included. The export's frames are drawn
// after the window's own frame, within a time budget, so the window stays responsive; Cancel drops the
// job and nothing is written (the file appears only at the end, through atomic_write).
#include "app/panels/export_panel.h"

#include <spawn.h>
#include <sys/wait.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <filesystem>
#include <sstream>
#include <thread>

#include <imgui.h>

#include "app/app.h"
#include "app/export_job.h"
#include "app/widgets/widget_log.h"

extern char** environ;

namespace convstep {
namespace {

namespace fs = std::filesystem;

constexpr const char* kTitle = "Export animation";

struct KindEntry {
  ExportKind kind;
  const char* label;
  const char* extension;
};
constexpr KindEntry kKinds[] = {
    {ExportKind::kGif, "GIF", ".gif"},
    {ExportKind::kMp4, "MP4 (H.264)", ".mp4"},
    {ExportKind::kPng, "PNG of one step", ".png"},
};

struct SizeEntry {
  int width, height;
  const char* label;
};
constexpr SizeEntry kSizes[] = {{1280, 720,
                                 "1280\xC3\x97"
                                 "720 (720p)"},
                                {1920, 1080,
                                 "1920\xC3\x97"
                                 "1080 (1080p)"},
                                {1024, 768,
                                 "1024\xC3\x97"
                                 "768 (projector)"},
                                {1280, 800,
                                 "1280\xC3\x97"
                                 "800"}};

// The path with its extension made the kind's, when it ends in another kind's.
void use_extension(char* path, size_t size, const char* extension) {
  std::string text = path;
  for (const KindEntry& k : kKinds) {
    const std::string ext = k.extension;
    if (text.size() >= ext.size() && text.compare(text.size() - ext.size(), ext.size(), ext) == 0) {
      text.resize(text.size() - ext.size());
      break;
    }
  }
  std::snprintf(path, size, "%s%s", text.c_str(), extension);
}

void fill_fields(const AppModel& model, ExportPanelState& p) {
  std::error_code ec;
  const fs::path folder = fs::current_path(ec);
  const std::string name = model.lesson.lesson.name.empty() ? "convstep" : model.lesson.lesson.name;
  std::snprintf(p.path, sizeof p.path, "%s%s", (folder / name).string().c_str(), kKinds[p.kind].extension);
  const int64_t count = model.lesson.stepper ? model.lesson.stepper->step_count() : 1;
  p.from = 1;
  p.to = static_cast<int>(std::max<int64_t>(count, 1));
  p.tap = model.walk.tap_mode;
  p.error.clear();
  p.written.clear();
}

ExportRequest request_from(const ExportPanelState& p) {
  ExportRequest request;
  request.kind = kKinds[p.kind].kind;
  request.path = p.path;
  request.force = p.replace;
  // The scene itself comes from the window (ExportJob::start's `scene`), edits included; the lesson's
  // file is not read again.
  request.scene.present = p.present;
  request.scene.no_settings = true;
  AnimationSpec& spec = request.spec;
  spec.width = p.width;
  spec.height = p.height;
  spec.steps_per_second = p.steps_per_second;
  spec.frames_per_step = p.frames_per_step;
  spec.from = p.from - 1;
  spec.to = p.to - 1;
  spec.tap = p.tap;
  spec.pause_seconds = p.pause_seconds;
  spec.loops = p.loop ? 0 : 1;
  return request;
}

// Opens `folder` in the desktop's file manager, without a shell (the path is passed as it is).
std::string open_folder(const std::string& folder) {
  pid_t pid = 0;
  char* argv[] = {const_cast<char*>("xdg-open"), const_cast<char*>(folder.c_str()), nullptr};
  if (posix_spawnp(&pid, "xdg-open", nullptr, nullptr, argv, environ) != 0)
    return "cannot open " + folder + ": xdg-open is not installed";
  std::thread([pid] { waitpid(pid, nullptr, 0); }).detach();
  return "";
}

// A row's label in the dialog's first column, so every field starts at the same x.
void row_label(const char* text, float column) {
  ImGui::AlignTextToFramePadding();
  ImGui::TextUnformatted(text);
  ImGui::SameLine(column);
}

void draw_options(const AppModel& model, ExportPanelState& p) {
  const int64_t count = model.lesson.stepper ? model.lesson.stepper->step_count() : 1;
  const float number = ImGui::GetFontSize() * 4.5f;
  const float column = ImGui::CalcTextSize("Speed").x + ImGui::GetFontSize() * 1.5f;
  row_label("Make", column);
  for (int i = 0; i < static_cast<int>(std::size(kKinds)); ++i) {
    if (i > 0) ImGui::SameLine();
    if (ui::radio_button(kKinds[i].label, p.kind == i)) {
      p.kind = i;
      use_extension(p.path, sizeof p.path, kKinds[i].extension);
    }
  }
  row_label("File", column);
  ImGui::SetNextItemWidth(-1);
  ui::input_text_with_hint("##export_path", "file to write", p.path, sizeof p.path);

  row_label("Size", column);
  ImGui::SetNextItemWidth(ImGui::GetFontSize() * 11);
  char size_label[64];
  std::snprintf(size_label, sizeof size_label, "%d\xC3\x97%d", p.width, p.height);
  if (ui::begin_combo("##export_size", size_label)) {
    for (const SizeEntry& s : kSizes)
      if (ImGui::Selectable(s.label, s.width == p.width && s.height == p.height))
        p.width = s.width, p.height = s.height;
    ImGui::EndCombo();
  }
  ImGui::SameLine();
  ImGui::SetNextItemWidth(number);
  ui::input_int("##export_width", &p.width, 0, 0);
  ImGui::SameLine();
  ImGui::TextUnformatted("\xC3\x97");
  ImGui::SameLine();
  ImGui::SetNextItemWidth(number);
  ui::input_int("##export_height", &p.height, 0, 0);
  ImGui::SameLine();
  ImGui::TextUnformatted("pixels");

  const bool still = kKinds[p.kind].kind == ExportKind::kPng;
  row_label(still ? "Step" : "Steps", column);
  ImGui::SetNextItemWidth(number);
  ui::input_int("##export_from", &p.from, 0, 0);
  p.from = std::clamp(p.from, 1, static_cast<int>(count));
  ImGui::SameLine();
  if (!still) {
    ImGui::TextUnformatted("to");
    ImGui::SameLine();
    ImGui::SetNextItemWidth(number);
    ui::input_int("##export_to", &p.to, 0, 0);
    p.to = std::clamp(p.to, p.from, static_cast<int>(count));
    ImGui::SameLine();
  }
  ImGui::Text("of %lld", static_cast<long long>(count));
  if (!still) {
    row_label("Speed", column);
    ImGui::SetNextItemWidth(number);
    ui::drag_float("##export_speed", &p.steps_per_second, 0.05f, 0.25f, 60.0f, "%.2f");
    ImGui::SameLine();
    ImGui::TextUnformatted("steps/s,");
    ImGui::SameLine();
    ImGui::SetNextItemWidth(number);
    ui::input_int("##export_frames", &p.frames_per_step, 0, 0);
    p.frames_per_step = std::clamp(p.frames_per_step, 1, 120);
    ImGui::SameLine();
    ImGui::TextUnformatted("frames per step");
    row_label("Pause", column);
    ImGui::SetNextItemWidth(number);
    ui::drag_float("##export_pause", &p.pause_seconds, 0.1f, 0.0f, 60.0f, "%.1f s");
    ImGui::SameLine();
    ImGui::TextUnformatted("on the last frame");
    ImGui::Dummy(ImVec2(column - ImGui::GetStyle().ItemSpacing.x, 0));
    ImGui::SameLine();
    ui::checkbox("tap by tap", &p.tap);
    if (kKinds[p.kind].kind == ExportKind::kGif) {
      ImGui::SameLine();
      ui::checkbox("loop", &p.loop);
    }
    ImGui::SameLine();
  } else {
    ImGui::Dummy(ImVec2(column - ImGui::GetStyle().ItemSpacing.x, 0));
    ImGui::SameLine();
  }
  ui::checkbox("presentation layout", &p.present);
  std::error_code ec;
  if (fs::exists(fs::symlink_status(p.path, ec))) {
    ImGui::Dummy(ImVec2(column - ImGui::GetStyle().ItemSpacing.x, 0));
    ImGui::SameLine();
    ui::checkbox("replace the existing file", &p.replace);
    ImGui::SameLine();
    ImGui::TextDisabled("(%s exists)", fs::path(p.path).filename().string().c_str());
  }
}

}  // namespace

void draw_export_button(Actions& actions, float row_y) {
  constexpr const char* kLabel = "Export animation\xE2\x80\xA6";
  const ImVec2 kept = ImGui::GetCursorPos();
  const float width = ImGui::CalcTextSize(kLabel).x + 2 * ImGui::GetStyle().FramePadding.x;
  ImGui::SetCursorPos(ImVec2(ImGui::GetWindowContentRegionMax().x - width, row_y));
  if (ui::button(kLabel)) actions.open_export = true;
  ImGui::SetCursorPos(kept);
  if (ImGui::IsItemHovered()) ImGui::SetTooltip("Export the walk as a GIF or MP4, or one step as a PNG");
}

void draw_export_panel(const AppModel& model, UiState& ui, Actions& actions) {
  ExportPanelState& p = ui.export_panel;
  if (p.opening) {
    p.opening = false;
    p.open = true;
    if (!p.job) fill_fields(model, p);
    ImGui::OpenPopup(kTitle);
  }
  if (!p.open) return;
  const ImGuiViewport* viewport = ImGui::GetMainViewport();
  ImGui::SetNextWindowPos(viewport->GetCenter(), ImGuiCond_Appearing, ImVec2(0.5f, 0.5f));
  ImGui::SetNextWindowSize(ImVec2(std::min(760.0f, viewport->WorkSize.x - 40), 0), ImGuiCond_Always);
  if (!ImGui::BeginPopupModal(kTitle, nullptr, ImGuiWindowFlags_NoSavedSettings)) {
    p.open = false;
    return;
  }
  if (p.job) {
    const double done = static_cast<double>(p.job->frames_drawn());
    const double all = static_cast<double>(std::max<int64_t>(p.job->frame_count(), 1));
    char text[96];
    std::snprintf(text, sizeof text, "frame %lld of %lld", static_cast<long long>(done),
                  static_cast<long long>(all));
    ImGui::TextWrapped("Drawing %s", p.job->request().path.c_str());
    ImGui::ProgressBar(static_cast<float>(done / all), ImVec2(-1, 0), text);
    if (ui::button("Cancel")) actions.cancel_animation_export = true;
  } else {
    draw_options(model, p);
    ImGui::Separator();
    if (!p.error.empty()) {
      ImGui::PushStyleColor(ImGuiCol_Text, IM_COL32(255, 120, 110, 255));
      ImGui::TextWrapped("%s", p.error.c_str());
      ImGui::PopStyleColor();
    }
    if (!p.written.empty()) {
      ImGui::TextWrapped("Wrote %s", p.written.c_str());
      ImGui::TextDisabled("%s", p.written_note.c_str());
      if (ui::button("Open folder")) {
        const std::string failed = open_folder(fs::path(p.written).parent_path().string());
        if (!failed.empty()) p.error = failed;
      }
      ImGui::SameLine();
    }
    if (ui::button("Export")) actions.start_export = request_from(p);
    ImGui::SameLine();
    if (ui::button("Close")) {
      p.open = false;
      ImGui::CloseCurrentPopup();
    }
  }
  ImGui::EndPopup();
}

void apply_export_actions(App& app, const Actions& actions) {
  ExportPanelState& p = app.ui.export_panel;
  if (actions.open_export) p.opening = true;
  if (actions.cancel_animation_export && p.job) {
    p.job.reset();
    p.error = "Cancelled: nothing was written.";
  }
  if (actions.start_export && !p.job) {
    p.start = *actions.start_export;
    p.error.clear();
    p.written.clear();
  }
}

void run_export_frames(App& app, double budget_seconds) {
  ExportPanelState& p = app.ui.export_panel;
  if (p.start) {
    std::ostringstream ignored;  // the scene is the one on screen: nothing to report about building it
    Result<std::unique_ptr<ExportJob>> started = ExportJob::start(*p.start, ignored, &app.model.lesson);
    p.start.reset();
    if (!started) {
      p.error = started.message();
      return;
    }
    p.job = std::move(started).value();
  }
  if (!p.job) return;
  using Clock = std::chrono::steady_clock;
  const Clock::time_point end = Clock::now() + std::chrono::duration_cast<Clock::duration>(
                                                   std::chrono::duration<double>(budget_seconds));
  do {
    if (Status ran = p.job->run(1); !ran) {
      p.error = ran.message();
      p.job.reset();
      return;
    }
  } while (!p.job->drawn_all() && Clock::now() < end);
  if (!p.job->drawn_all()) return;
  const ExportRequest request = p.job->request();
  const int64_t frames = p.job->frame_count();
  Result<int64_t> written = p.job->write();
  p.job.reset();
  if (!written) {
    p.error = written.message();
    return;
  }
  std::error_code ec;
  p.written = fs::absolute(request.path, ec).lexically_normal().string();
  std::ostringstream note;
  note.precision(1);
  note << std::fixed << export_kind_name(request.kind) << ", " << request.spec.width << "\xC3\x97"
       << request.spec.height << ", " << frames << (frames == 1 ? " frame, " : " frames, ")
       << static_cast<double>(*written) / 1024.0 << " kB";
  p.written_note = note.str();
  p.replace = false;
}

bool export_running(const App& app) {
  return app.ui.export_panel.job != nullptr || app.ui.export_panel.start.has_value();
}

}  // namespace convstep
