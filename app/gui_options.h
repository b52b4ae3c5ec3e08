// What the GUI is asked to show when it starts: the lesson, --set edits, a layer line, .npy tensors, an
// image, a step, and for tests
// a frame count, a screenshot and a layout file. Filled by the command line (app/cli), read by the App,
// so the GUI never needs the CLI's headers.
#pragma once

#include <string>
#include <vector>

namespace convstep {

struct GuiOptions {
  std::string lesson;               // built-in lesson name or a lesson file path; "" = default lesson
  std::vector<std::string> set;     // "stride=2", "padding=same", ...
  std::string layer;                // a PyTorch layer line applied after --set; "" = none
  std::string input, weight, bias;  // .npy files installed into the scene after the layer; "" = none
  std::string image;                // optional image path (positional argument)
  std::vector<std::string> drop;    // files opened after the start, one a frame, as a drop opens them
  long long step = -1;              // step to show; -1 = the lesson's start
  long long tap = -1;               // >= 0: tap-by-tap mode, after this tap of the step
  int frames = 0;                   // > 0: render this many frames, then exit
  std::string screenshot;           // PNG written after the last frame
  std::string layout;               // JSON of where grids and highlights were drawn in the last frame
  int width = 1280, height = 800;   // window size
  bool size_given = false;          // --size: wins over the remembered window size
  bool present = false;             // --present: start in presentation mode
  bool quiz = false;                // --quiz: start in quiz mode
  std::string quiz_ask;             // --quiz-ask: next-value, receptive-field or padding; "" = next value
  std::string quiz_answer;          // --quiz-answer: typed into the first question; "" = none
  bool direct = false;              // --direct: a transposed convolution starts in its direct view
  std::string view;                 // --view stepper|playground|network; "" = as the lesson decides
  bool no_settings = false;         // --no-settings: neither read nor write settings.json
  std::string save;                 // --save: the session written once the options above are applied
};

}  // namespace convstep
