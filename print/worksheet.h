// Printable worksheets (PDF through cairo): each exercise shows its input grid (with the padding ring),
// the kernel, the layer as its nn.Conv2d(...) line, "what is the output size?" with blanks and an empty
// feature map to fill in; the answer-key pages that follow give each filled feature map (the engine's
// output) and one worked step's arithmetic (the stepper's). Text is real text in embedded DejaVu fonts.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "core/exercises.h"
#include "core/result.h"
#include "core/scene.h"

namespace convstep {

enum class Paper { kA4, kLetter };
std::optional<Paper> parse_paper(const std::string& name);  // "a4", "letter"

struct WorksheetExercise {
  Scene scene;
  std::string title;  // shown after "Exercise N", e.g. a lesson's title; may be empty
};

struct WorksheetOptions {
  Paper paper = Paper::kA4;
  std::string heading = "Convolution worksheet";
  std::string subtitle;  // e.g. "seed 7 · easy · 4 exercises"
  bool force = false;    // replace an existing file
};

// Grids draw every number, so a sheet's cells are bounded (a photo-sized lesson is not a worksheet).
inline constexpr int64_t kMaxWorksheetCells = 100000;

// The exercises of `convstep exercises` (the same generator, the same order) as worksheet exercises.
std::vector<WorksheetExercise> worksheet_exercises(const std::vector<Exercise>& exercises);

// The PDF bytes; an exercise whose scene is invalid, or a sheet too large to print, is an error.
Result<std::string> render_worksheet_pdf(const std::vector<WorksheetExercise>& exercises,
                                         const WorksheetOptions& options);
// render_worksheet_pdf, written to `path` through atomic_write; an existing file only with options.force.
Status write_worksheet_pdf(const std::vector<WorksheetExercise>& exercises, const WorksheetOptions& options,
                           const std::string& path);

}  // namespace convstep
