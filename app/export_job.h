// An export in progress: its own App (the scene as asked), its own ImGui context and an offscreen
// framebuffer at the chosen size, so the frames are the window's own pixels — the same build_ui,
// stage and panels — whatever the window's size. The walk moves as the window's does when stepped,
// slide included, one frame period at a time. Frames are drawn a few at a time (run), so the window
// can keep drawing between them; the file is written at the end, through atomic_write.
#pragma once

#include <cstdint>
#include <iosfwd>
#include <memory>
#include <string>

#include "app/export_request.h"
#include "core/result.h"

namespace convstep {

struct LessonState;

class ExportJob {
 public:
  // Checks the destination, builds the scene (messages about it go to `err` too), plans the frames and
  // starts the encoder. `scene`, when given, replaces the one request.scene builds (the window exports
  // what it shows, edits included). Needs a current OpenGL 3.3 context: the window's, or an
  // OffscreenContext.
  static Result<std::unique_ptr<ExportJob>> start(const ExportRequest& request, std::ostream& err,
                                                  const LessonState* scene = nullptr);
  ~ExportJob();
  ExportJob(const ExportJob&) = delete;
  ExportJob& operator=(const ExportJob&) = delete;

  // Draws and encodes up to `frames` more frames.
  Status run(int64_t frames);
  bool drawn_all() const;
  int64_t frames_drawn() const;
  int64_t frame_count() const;
  // Once every frame is drawn: ends the file and writes it (atomic_write). Returns its size in bytes.
  Result<int64_t> write();

  const ExportRequest& request() const;

  struct State;

 private:
  explicit ExportJob(std::unique_ptr<State> state);
  std::unique_ptr<State> state_;
};

// `convstep export`: an offscreen context (no display needed), the job with a progress bar on `err`,
// then one line naming the file written. Returns the process exit code.
int run_export_offscreen(const ExportRequest& request, std::ostream& err);

}  // namespace convstep
