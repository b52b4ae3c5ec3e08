// One step of any scene as an SVG, drawn with cairo: the input with its padding ring, the kernel and
// the feature map filling in, every number, the window and the current output highlighted, the step's
// arithmetic, the title and caption — the stepping view's content as a vector picture for slides.
// Cairo writes glyphs as outlines (the same on every machine); the file also carries every number and
// line as invisible SVG text, so it can be searched and read back.
#pragma once

#include <cstdint>
#include <string>

#include "core/result.h"
#include "core/scene.h"

namespace convstep {

struct StepPictureOptions {
  int width = 1280, height = 720;  // the picture's size in pixels (it scales without loss)
  std::string title;               // e.g. the lesson's title; empty: the PyTorch layer line
  std::string caption;             // one or two sentences under the title; may be empty
  bool force = false;              // replace an existing file
};

// The largest picture, and the most cells it draws (every cell carries its number).
inline constexpr int kMaxPictureSide = 16384;
inline constexpr int64_t kMaxPictureCells = 40000;

// The SVG text of step `step` (0-based); `tap` ≥ 0 shows the step tap by tap after that tap, −1 the
// whole step. An invalid scene, a step or tap out of range or a scene too large to draw is an error.
Result<std::string> render_step_svg(const Scene& scene, int64_t step, int64_t tap,
                                    const StepPictureOptions& options);
// render_step_svg, written to `path` through atomic_write; an existing file only with options.force.
Status write_step_svg(const Scene& scene, int64_t step, int64_t tap, const StepPictureOptions& options,
                      const std::string& path);

}  // namespace convstep
