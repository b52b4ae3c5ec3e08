// The kernel preset table: the article's filters first, in its order, then classic image kernels.
// Weights are the textbook integer matrices with their normalising factor applied, so a blur sums to 1
// and an edge detector to 0; PyTorch does not flip kernels, so Sobel/Prewitt x respond to a rise left→right.
#include "core/presets.h"

#include <initializer_list>

namespace convstep {

namespace {

// A square or rectangular kernel from rows of integers, each multiplied by `scale`.
Tensor make_kernel(std::initializer_list<std::initializer_list<int>> rows, float scale = 1.0f) {
  const auto height = static_cast<int64_t>(rows.size());
  const auto width = static_cast<int64_t>(rows.begin()->size());
  std::vector<float> data;
  data.reserve(static_cast<size_t>(height * width));
  for (const auto& row : rows)
    for (int v : row) data.push_back(static_cast<float>(v) * scale);
  return Tensor({height, width}, std::move(data));
}

// n×n with ones on the main diagonal, divided by n: a blur along one direction of motion.
Tensor diagonal_kernel(int64_t n) {
  Tensor t({n, n}, 0.0f);
  for (int64_t i = 0; i < n; ++i) t.at({i, i}) = 1.0f / static_cast<float>(n);
  return t;
}

std::vector<KernelPreset> build_presets() {
  std::vector<KernelPreset> p;
  p.push_back({"identity", "Identity", "Copies the centre pixel: the output equals the input.",
               make_kernel({{0, 0, 0}, {0, 1, 0}, {0, 0, 0}})});
  p.push_back({"edge-detection-1", "Edge detection 1",
               "Responds to diagonal edges: opposite corners are subtracted (article's first edge filter).",
               make_kernel({{1, 0, -1}, {0, 0, 0}, {-1, 0, 1}})});
  p.push_back(
      {"edge-detection-2", "Edge detection 2",
       "4-neighbour Laplacian: the centre minus its up/down/left/right neighbours; zero on flat areas.",
       make_kernel({{0, 1, 0}, {1, -4, 1}, {0, 1, 0}})});
  p.push_back(
      {"edge-detection-3", "Edge detection 3",
       "8-neighbour Laplacian: the centre minus all eight neighbours; outlines edges in every direction.",
       make_kernel({{-1, -1, -1}, {-1, 8, -1}, {-1, -1, -1}})});
  p.push_back({"sharpen", "Sharpen", "Boosts the centre against its four neighbours, making edges crisper.",
               make_kernel({{0, -1, 0}, {-1, 5, -1}, {0, -1, 0}})});
  p.push_back({"box-blur", "Box blur", "Averages the 3×3 neighbourhood: every weight is 1/9.",
               make_kernel({{1, 1, 1}, {1, 1, 1}, {1, 1, 1}}, 1.0f / 9.0f)});
  p.push_back({"gaussian-blur-3x3", "Gaussian blur 3×3",
               "Approximates a Gaussian: weights 1 2 1 / 2 4 2 / 1 2 1 divided by 16, centre counts most.",
               make_kernel({{1, 2, 1}, {2, 4, 2}, {1, 2, 1}}, 1.0f / 16.0f)});
  p.push_back(
      {"gaussian-blur-5x5", "Gaussian blur 5×5",
       "A wider Gaussian approximation: binomial weights (1 4 6 4 1) outer product, divided by 256.",
       make_kernel(
           {{1, 4, 6, 4, 1}, {4, 16, 24, 16, 4}, {6, 24, 36, 24, 6}, {4, 16, 24, 16, 4}, {1, 4, 6, 4, 1}},
           1.0f / 256.0f)});
  p.push_back({"sobel-x", "Sobel x",
               "Horizontal gradient, smoothed vertically: bright where values rise left to right.",
               make_kernel({{-1, 0, 1}, {-2, 0, 2}, {-1, 0, 1}})});
  p.push_back({"sobel-y", "Sobel y",
               "Vertical gradient, smoothed horizontally: bright where values rise top to bottom.",
               make_kernel({{-1, -2, -1}, {0, 0, 0}, {1, 2, 1}})});
  p.push_back({"prewitt-x", "Prewitt x",
               "Horizontal gradient with equal row weights: right column minus left column.",
               make_kernel({{-1, 0, 1}, {-1, 0, 1}, {-1, 0, 1}})});
  p.push_back({"prewitt-y", "Prewitt y",
               "Vertical gradient with equal column weights: bottom row minus top row.",
               make_kernel({{-1, -1, -1}, {0, 0, 0}, {1, 1, 1}})});
  p.push_back({"emboss", "Emboss", "Lights the image from the top left, so edges look raised or sunken.",
               make_kernel({{-2, -1, 0}, {-1, 1, 1}, {0, 1, 2}})});
  p.push_back({"laplacian-of-gaussian-5x5", "Laplacian of Gaussian 5×5",
               "Smooths, then takes the Laplacian: finds edges while ignoring single-pixel noise; sums to 0.",
               make_kernel({{0, 0, -1, 0, 0},
                            {0, -1, -2, -1, 0},
                            {-1, -2, 16, -2, -1},
                            {0, -1, -2, -1, 0},
                            {0, 0, -1, 0, 0}})});
  p.push_back({"motion-blur-5x5", "Motion blur 5×5",
               "Averages 5 pixels along the diagonal, like a camera moving while the shutter is open.",
               diagonal_kernel(5)});
  p.push_back({"motion-blur-9x9", "Motion blur 9×9",
               "A longer diagonal smear: 9 pixels along the diagonal, each 1/9.", diagonal_kernel(9)});
  return p;
}

}  // namespace

const std::vector<KernelPreset>& kernel_presets() {
  static const std::vector<KernelPreset> presets = build_presets();
  return presets;
}

const KernelPreset* find_kernel_preset(const std::string& id) {
  for (const KernelPreset& preset : kernel_presets())
    if (preset.id == id) return &preset;
  return nullptr;
}

const KernelPreset* preset_with_kernel(const Tensor& kernel) {
  for (const KernelPreset& preset : kernel_presets()) {
    if (preset.kernel.shape() == kernel.shape() && preset.kernel.values() == kernel.values()) return &preset;
  }
  return nullptr;
}

}  // namespace convstep
