// Your own tensors in the window: the .npy files a user opens as the input, weight or bias, the
// tensors they export, and the two questions these can ask — which tensor a dropped .npy becomes, and
// whether an export may replace an existing file. Plain state; apply_actions changes it.
#pragma once

#include <optional>
#include <string>

#include "app/widgets/file_browser.h"
#include "core/tensor_import.h"

namespace convstep {

// A .npy file to install into the scene as its input, weight or bias (core/tensor_import.h).
struct TensorFile {
  TensorSlot slot = TensorSlot::kInput;
  std::string path;
};

// What an export writes: one of the scene's tensors, or every output of the current scene.
enum class ExportedTensor { kInput, kWeight, kBias, kOutput };
// "input", "weight", "bias", "output".
const char* exported_tensor_name(ExportedTensor what);

struct TensorExport {
  ExportedTensor what = ExportedTensor::kInput;
  std::string path;
  bool replace = false;  // the user agreed to replace an existing file
};

// The model's open questions and the last outcome, shown in the window until answered.
struct TensorQuestions {
  std::optional<std::string> dropped;   // a dropped .npy: as the input, the weight or the bias?
  Shape dropped_shape;                  // ... and the shape it holds
  std::optional<TensorExport> replace;  // this export would replace an existing file: go on?
  std::string message;                  // what the last open or export did
  bool failed = false;                  // ... and whether it failed
};

// UI-only state of the Tensors window.
struct TensorsUi {
  bool open = false;
  FileBrowserState browser;  // "Open .npy…", for the slot below
  TensorSlot browsing_for = TensorSlot::kInput;
  char export_path[4][512] = {};  // one path field per ExportedTensor
};

}  // namespace convstep
