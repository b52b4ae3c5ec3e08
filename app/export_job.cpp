// The export's ImGui context is made current only while it draws and the caller's is put back, so
// the window's own frame never sees it. Nothing here moves the walk except through apply_actions and
// advance, exactly as a person stepping through the window moves it.
#include "app/export_job.h"

#include <glad/gl.h>

#include <imgui.h>
#include <imgui_impl_opengl3.h>

#include <algorithm>
#include <cfloat>
#include <cmath>
#include <filesystem>
#include <optional>
#include <ostream>
#include <sstream>
#include <vector>

#include "app/app.h"
#include "app/gfx/offscreen.h"
#include "core/atomic_write.h"
#include "core/gif_encoder.h"
#include "core/image.h"
#include "core/mp4_encoder.h"
#include "core/output_path.h"
#include "print/step_svg.h"

namespace convstep {
namespace {

// ImGui needs a couple of frames to size its windows before the picture is final.
constexpr int kWarmUpFrames = 2;
// Frames drawn with the walk at rest before the picture is taken as still.
constexpr int kStillFramesDrawn = 2;

class UseImGui {
 public:
  explicit UseImGui(ImGuiContext* context) : previous_(ImGui::GetCurrentContext()) {
    ImGui::SetCurrentContext(context);
  }
  ~UseImGui() { ImGui::SetCurrentContext(previous_); }
  UseImGui(const UseImGui&) = delete;
  UseImGui& operator=(const UseImGui&) = delete;

 private:
  ImGuiContext* previous_;
};

}  // namespace

struct ExportJob::State {
  ExportRequest request;
  ImGuiContext* imgui = nullptr;
  bool backend = false;
  App app;
  std::optional<FrameTarget> target;
  AnimationPlan plan;
  std::optional<GifEncoder> gif;
  std::optional<Mp4Encoder> mp4;
  std::vector<uint8_t> pixels;
  int64_t next = 0;
  int still_frames = 0;  // frames in a row with nothing moving
  bool written = false;

  ~State() {
    if (imgui == nullptr) return;
    {
      UseImGui use(imgui);
      if (backend) ImGui_ImplOpenGL3_Shutdown();
    }
    ImGui::DestroyContext(imgui);
  }

  // Builds and draws one frame of the App into the framebuffer and reads it into `pixels`.
  Status draw(double dt) {
    UseImGui use(imgui);
    ImGuiIO& io = ImGui::GetIO();
    io.DisplaySize = ImVec2(static_cast<float>(target->width()), static_cast<float>(target->height()));
    io.DisplayFramebufferScale = ImVec2(1, 1);
    io.DeltaTime = static_cast<float>(dt > 0 ? dt : 1.0 / 60);
    io.MousePos = ImVec2(-FLT_MAX, -FLT_MAX);  // no pointer: nothing hovered
    ImGui_ImplOpenGL3_NewFrame();
    ImGui::NewFrame();
    const Actions actions = build_ui(app);
    apply_actions(app, actions);
    ImGui::Render();
    target->bind();
    const ImVec4 bg = ImGui::ColorConvertU32ToFloat4(palette::kBackground);
    glClearColor(bg.x, bg.y, bg.z, 1.0f);
    glClear(GL_COLOR_BUFFER_BIT);
    ImGui_ImplOpenGL3_RenderDrawData(ImGui::GetDrawData());
    target->unbind();
    return target->read(pixels);
  }
};

ExportJob::ExportJob(std::unique_ptr<State> state) : state_(std::move(state)) {}
ExportJob::~ExportJob() = default;

Result<std::unique_ptr<ExportJob>> ExportJob::start(const ExportRequest& request, std::ostream& err,
                                                    const LessonState* scene) {
  if (Status usable = check_output_path(request.path, request.force); !usable) return usable.error();
  auto state = std::make_unique<State>();
  State& s = *state;
  s.request = request;
  const AnimationSpec& spec = request.spec;
  if (request.kind == ExportKind::kMp4 && (spec.width % 2 != 0 || spec.height % 2 != 0))
    return make_error("--size " + std::to_string(spec.width) + "x" + std::to_string(spec.height) +
                      ": an MP4 (H.264, yuv420p) needs an even width and height");
  const double rate = spec.steps_per_second * spec.frames_per_step;
  if (request.kind == ExportKind::kGif && rate > kMaxGifFramesPerSecond) {
    std::ostringstream text;
    text << "--fps " << spec.steps_per_second << " × --frames-per-step " << spec.frames_per_step << " = "
         << rate << " frames per second: a GIF plays at most " << kMaxGifFramesPerSecond
         << " (lower either, or write an MP4)";
    return make_error(text.str());
  }

  // The scene, exactly as the window builds it from the same options, or the window's own scene.
  std::ostringstream scene_messages;
  if (!init_app(s.app, request.scene, scene_messages)) {
    std::string message = scene_messages.str();
    while (!message.empty() && message.back() == '\n') message.pop_back();
    const std::string prefix = "convstep: ";
    if (message.rfind(prefix, 0) == 0) message.erase(0, prefix.size());
    return make_error(message.empty() ? "the scene could not be built" : message);
  }
  err << scene_messages.str();
  if (scene != nullptr) s.app.model.lesson = *scene;
  if (!s.app.model.lesson.stepper) return make_error("no scene to export");
  const Stepper& stepper = *s.app.model.lesson.stepper;
  AnimationSpec checked = spec;
  if (request.kind == ExportKind::kPng)
    checked.to = spec.from, checked.tap = false, checked.frames_per_step = 1;
  Result<AnimationPlan> plan = plan_animation(checked, stepper.step_count(), [&](int64_t step) {
    return static_cast<int64_t>(stepper.snapshot(step).taps.size());
  });
  if (!plan) return plan.error();
  s.plan = std::move(plan).value();

  // The first position, as a cut (nothing slides into it), paused at the chosen speed.
  if (request.scene.present) s.app.ui.presentation.on = true;
  Walk& walk = s.app.model.walk;
  pause(walk);
  set_speed(walk, spec.steps_per_second);
  set_tap_mode(walk, checked.tap);
  walk.position = {spec.from, checked.tap ? 0 : kWholeStep};
  walk.from_step = -1;
  s.app.model.view = StepView{};
  s.app.model.view.full_output = stepper.partial_output(stepper.step_count());
  advance(s.app, 0);

  Result<FrameTarget> target = FrameTarget::create(spec.width, spec.height);
  if (!target) return target.error();
  s.target.emplace(std::move(target).value());
  if (request.kind == ExportKind::kGif) {
    Result<GifEncoder> gif = GifEncoder::create(spec.width, spec.height, spec.loops);
    if (!gif) return gif.error();
    s.gif.emplace(std::move(gif).value());
  } else if (request.kind == ExportKind::kMp4) {
    Result<Mp4Encoder> mp4 = Mp4Encoder::create(spec.width, spec.height, rate);
    if (!mp4) return mp4.error();
    s.mp4.emplace(std::move(mp4).value());
  }

  {
    // Its own ImGui context, styled and with the fonts as the window loads them.
    ImGuiContext* previous = ImGui::GetCurrentContext();
    s.imgui = ImGui::CreateContext();
    ImGui::SetCurrentContext(s.imgui);
    ImGuiIO& io = ImGui::GetIO();
    io.IniFilename = nullptr;
    s.app.ui.fonts = load_fonts(io, 1.0f);
    apply_dark_theme(1.0f);
    s.backend = ImGui_ImplOpenGL3_Init("#version 330 core");
    ImGui::SetCurrentContext(previous);
    if (!s.backend) return make_error("cannot draw offscreen: ImGui's OpenGL 3 renderer did not start");
  }
  for (int i = 0; i < kWarmUpFrames; ++i) {
    if (Status drawn = s.draw(1.0 / 60); !drawn) return drawn.error();
  }
  return std::unique_ptr<ExportJob>(new ExportJob(std::move(state)));
}

Status ExportJob::run(int64_t frames) {
  State& s = *state_;
  const bool tap = s.request.spec.tap;
  for (int64_t done = 0; done < frames && s.next < frame_count(); ++done) {
    const AnimationFrame& frame = s.plan.frames[static_cast<size_t>(s.next)];
    if (frame.enters) {
      Actions move;
      (tap ? move.tap_forward : move.step_forward) = true;
      apply_actions(s.app, move);
    }
    const WalkPosition& at = s.app.model.walk.position;
    if (at.step != frame.step || at.tap != frame.tap)
      return make_error("the walk is at step " + std::to_string(at.step) + " tap " + std::to_string(at.tap) +
                        " where the export expected step " + std::to_string(frame.step) + " tap " +
                        std::to_string(frame.tap));
    // Each frame shows the walk at the end of its period, so the last frame of a step has the slide
    // finished and a single frame per step shows each step in place.
    advance(s.app, s.plan.frame_seconds);
    // Once the slide is over the picture holds still until the next move: after two frames drawn at
    // rest (ImGui has settled), the rest of the step reuses the last one instead of drawing it again.
    s.still_frames = frame.enters || is_animating(s.app.model.walk) ? 0 : s.still_frames + 1;
    if (s.still_frames <= kStillFramesDrawn || s.pixels.empty()) {
      if (Status drawn = s.draw(s.plan.frame_seconds); !drawn) return drawn;
    }
    const bool last = s.next + 1 == frame_count();
    if (s.gif) {
      if (Status added =
              s.gif->add_frame(s.pixels.data(), s.plan.frame_seconds + (last ? s.plan.pause_seconds : 0));
          !added)
        return added;
    } else if (s.mp4) {
      // The pause is the last frame repeated (H.264 stores a repeat in a few bytes).
      const int64_t repeats = last ? 1 + std::llround(s.plan.pause_seconds / s.plan.frame_seconds) : 1;
      for (int64_t r = 0; r < repeats; ++r)
        if (Status added = s.mp4->add_frame(s.pixels.data()); !added) return added;
    }
    ++s.next;
  }
  return Ok{};
}

bool ExportJob::drawn_all() const {
  return state_->next >= frame_count();
}

int64_t ExportJob::frames_drawn() const {
  return state_->next;
}

int64_t ExportJob::frame_count() const {
  return static_cast<int64_t>(state_->plan.frames.size());
}

const ExportRequest& ExportJob::request() const {
  return state_->request;
}

Result<int64_t> ExportJob::write() {
  State& s = *state_;
  if (!drawn_all())
    return make_error("the export is not finished: " + std::to_string(frames_drawn()) + " of " +
                      std::to_string(frame_count()) + " frames drawn");
  if (s.written) return make_error(s.request.path + " is already written");
  s.written = true;
  // Checked again: the file may have appeared, or the folder gone, while the frames were drawn.
  if (Status usable = check_output_path(s.request.path, s.request.force); !usable) return usable.error();
  if (s.request.kind == ExportKind::kPng) {
    Image image;
    image.width = s.target->width();
    image.height = s.target->height();
    image.channels = 4;
    image.source_channels = 4;
    image.pixels = s.pixels;
    if (Status saved = write_png(s.request.path, image); !saved) return saved.error();
  } else {
    Result<std::string> bytes = s.gif ? s.gif->finish() : s.mp4->finish();
    if (!bytes) return bytes.error();
    if (Status saved = atomic_write(s.request.path, *bytes); !saved) return saved.error();
  }
  std::error_code ec;
  const auto size = std::filesystem::file_size(s.request.path, ec);
  return ec ? int64_t{0} : static_cast<int64_t>(size);
}

namespace {

void draw_progress(std::ostream& err, const std::string& path, int64_t done, int64_t count) {
  constexpr int kBarWidth = 30;
  const int filled = count > 0 ? static_cast<int>(kBarWidth * done / count) : kBarWidth;
  err << "\rconvstep: exporting " << path << " [" << std::string(static_cast<size_t>(filled), '#')
      << std::string(static_cast<size_t>(kBarWidth - filled), '-') << "] " << done << "/" << count
      << " frames" << std::flush;
}

}  // namespace

// An SVG is drawn by cairo from the scene (print/step_svg), not from GL pixels: the scene is built as the
// window builds it, then step spec.from is written.
Status write_export_svg(const ExportRequest& request) {
  App app;
  std::ostringstream messages;
  if (!init_app(app, request.scene, messages) || !app.model.lesson.stepper) {
    std::string message = messages.str();
    while (!message.empty() && message.back() == '\n') message.pop_back();
    if (message.rfind("convstep: ", 0) == 0) message.erase(0, 10);
    return make_error(message.empty() ? "the scene could not be built" : message);
  }
  const Stepper& stepper = *app.model.lesson.stepper;
  const int64_t step = request.spec.from;
  if (step < 0 || step >= stepper.step_count())
    return make_error("--from " + std::to_string(step) + " is not a step: this scene has steps 0 to " +
                      std::to_string(stepper.step_count() - 1));
  StepPictureOptions picture;
  picture.width = request.spec.width;
  picture.height = request.spec.height;
  picture.force = request.force;
  const Lesson& lesson = app.model.lesson.lesson;
  picture.title = lesson.title;
  picture.caption = lesson.caption_for_step(step).empty() ? lesson.caption : lesson.caption_for_step(step);
  return write_step_svg(stepper.scene(), step, -1, picture, request.path);
}

int run_export_offscreen(const ExportRequest& request, std::ostream& err) {
  const auto fail = [&err](const std::string& message) {
    std::string line = message;
    std::replace(line.begin(), line.end(), '\n', ' ');
    err << "convstep: error: " << line << '\n';
    return 1;
  };
  // The destination is checked before a context is even made: a wrong path costs nothing.
  if (Status usable = check_output_path(request.path, request.force); !usable) return fail(usable.message());
  if (request.kind == ExportKind::kSvg) {
    if (Status written = write_export_svg(request); !written) return fail(written.message());
    err << "convstep: wrote " << std::filesystem::absolute(request.path).lexically_normal().string()
        << " (SVG, " << request.spec.width << "x" << request.spec.height << ", step " << request.spec.from
        << ")\n";
    return 0;
  }
  Result<OffscreenContext> context = OffscreenContext::create();
  if (!context) return fail(context.message());
  Result<std::unique_ptr<ExportJob>> started = ExportJob::start(request, err);
  if (!started) return fail(started.message());
  ExportJob& job = **started;
  const int64_t count = job.frame_count();
  const int64_t chunk = std::max<int64_t>(1, count / 50);
  const bool bar = count > 1;
  while (!job.drawn_all()) {
    if (Status ran = job.run(chunk); !ran) {
      if (bar) err << '\n';
      return fail(ran.message());
    }
    if (bar) draw_progress(err, request.path, job.frames_drawn(), count);
  }
  if (bar) err << '\n';
  Result<int64_t> written = job.write();
  if (!written) return fail(written.message());
  std::ostringstream size;
  size.precision(1);
  size << std::fixed << static_cast<double>(*written) / 1024.0;
  err << "convstep: wrote " << std::filesystem::absolute(request.path).lexically_normal().string() << " ("
      << export_kind_name(request.kind) << ", " << request.spec.width << "x" << request.spec.height << ", "
      << count << (count == 1 ? " frame, " : " frames, ") << size.str() << " kB)\n";
  return 0;
}

}  // namespace convstep
