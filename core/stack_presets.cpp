// The preset stacks. Channel counts are the networks' own, so the lines read as the papers and
// torchvision write them; the view draws one channel of each map.
#include "core/stack_presets.h"

namespace convstep {

const std::vector<StackPreset>& stack_presets() {
  static const std::vector<StackPreset> presets = {
      {"resnet18-stem",
       "ResNet-18 stem",
       "A 7\u00d77 convolution with stride 2 and padding 3, then a 3\u00d73 max pool with stride 2: "
       "each output sees 11\u00d711 input pixels, 4 apart.",
       {"nn.Conv2d(3, 64, kernel_size=7, stride=2, padding=3, bias=False)",
        "nn.MaxPool2d(kernel_size=3, stride=2, padding=1)"},
       {32, 32},
       {224, 224}},
      {"vgg16-conv1-3",
       "VGG-16, blocks conv1 to conv3",
       "Stacks of 3\u00d73 convolutions with padding 1 between 2\u00d72 max pools: after pool3 the field "
       "is 44 pixels wide and the jump is 8.",
       {"nn.Conv2d(3, 64, kernel_size=3, padding=1)", "nn.Conv2d(64, 64, kernel_size=3, padding=1)",
        "nn.MaxPool2d(kernel_size=2, stride=2)", "nn.Conv2d(64, 128, kernel_size=3, padding=1)",
        "nn.Conv2d(128, 128, kernel_size=3, padding=1)", "nn.MaxPool2d(kernel_size=2, stride=2)",
        "nn.Conv2d(128, 256, kernel_size=3, padding=1)", "nn.Conv2d(256, 256, kernel_size=3, padding=1)",
        "nn.Conv2d(256, 256, kernel_size=3, padding=1)", "nn.MaxPool2d(kernel_size=2, stride=2)"},
       {32, 32},
       {224, 224}},
      {"alexnet-first",
       "AlexNet, first layers",
       "An 11\u00d711 convolution with stride 4, a 3\u00d73 max pool with stride 2, a 5\u00d75 convolution "
       "and "
       "another pool: the field grows to 67 pixels after four layers.",
       {"nn.Conv2d(3, 64, kernel_size=11, stride=4, padding=2)", "nn.MaxPool2d(kernel_size=3, stride=2)",
        "nn.Conv2d(64, 192, kernel_size=5, padding=2)", "nn.MaxPool2d(kernel_size=3, stride=2)"},
       {67, 67},
       {224, 224}},
      {"wavenet-dilated",
       "WaveNet-style dilated stack",
       "Four causal convolutions of kernel size 2 with dilation 1, 2, 4 and 8: the field doubles with "
       "each layer, to 16 samples.",
       {"nn.Conv1d(1, 1, kernel_size=2, dilation=1)", "nn.Conv1d(1, 1, kernel_size=2, dilation=2)",
        "nn.Conv1d(1, 1, kernel_size=2, dilation=4)", "nn.Conv1d(1, 1, kernel_size=2, dilation=8)"},
       {24, 24},
       {16000, 16000}},
  };
  return presets;
}

const StackPreset* find_stack_preset(const std::string& id) {
  for (const StackPreset& p : stack_presets())
    if (p.id == id) return &p;
  return nullptr;
}

}  // namespace convstep
