// What an export is asked to make: the scene (as the window's options give it), the kind of file and
// where, and the animation's timeline. Filled by the command line (app/cli/export_command) or the
// window's Export animation dialog; carried out by app/export_job, so the GUI never needs the CLI.
#pragma once

#include <string>

#include "app/gui_options.h"
#include "core/animation.h"

namespace convstep {

// One more kind of output is one more entry here, in export_kind_name and in ExportJob's writer.
enum class ExportKind { kGif, kMp4, kPng, kSvg };

inline const char* export_kind_name(ExportKind kind) {
  switch (kind) {
    case ExportKind::kGif:
      return "GIF";
    case ExportKind::kMp4:
      return "MP4";
    case ExportKind::kPng:
      return "PNG";
    case ExportKind::kSvg:
      return "SVG";
  }
  return "file";
}

struct ExportRequest {
  GuiOptions scene;  // lesson, set, layer, input/weight/bias, present
  ExportKind kind = ExportKind::kGif;
  std::string path;
  bool force = false;  // replace an existing file
  AnimationSpec spec;  // the PNG and the SVG are step spec.from
};

}  // namespace convstep
