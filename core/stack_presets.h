// Layer stacks from well-known networks, as their PyTorch lines (torchvision's definitions), for the
// Network view's preset menu and the tests of the receptive-field numbers: AlexNet's first layers,
// VGG-16's conv1–conv3 blocks, the ResNet-18 stem and a WaveNet-style dilated 1-D stack.
#pragma once

#include <string>
#include <vector>

#include "core/scene.h"

namespace convstep {

struct StackPreset {
  std::string id;           // "resnet18-stem"
  std::string name;         // "ResNet-18 stem"
  std::string description;  // one sentence
  std::vector<std::string> layers;
  // An input small enough to draw every cell on a projector (the network's own input is larger).
  Dims view_input_size{32, 32};
  Dims network_input_size{224, 224};  // the input the network was designed for
};

const std::vector<StackPreset>& stack_presets();
// nullptr for an unknown id.
const StackPreset* find_stack_preset(const std::string& id);

}  // namespace convstep
