// The filter playground's GPU preview: shaders/filter.frag convolves the image texture with the
// kernel (up to 15×15, PyTorch's padding modes), finds the result's range and maps it to display
// colours in an offscreen RGBA8 texture, so editing a kernel cell re-filters a 1920×1080 photo within
// the frame. core/filtering (apply_filter + map_for_display + display_to_image) is the reference.
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>

#include "core/filtering.h"
#include "core/image.h"
#include "core/result.h"
#include "core/tensor.h"

namespace convstep {

// The largest kernel the shader holds (its uniform array has room for 15 × 15 values).
inline constexpr int64_t kMaxGpuKernelSide = 15;

// What the last render found in the filtered values: the finite min and max over all channels
// (min > max when there is no finite value), which the legend needs for rescale and signed.
struct FilterRange {
  float min = 0.0f;
  float max = 0.0f;
};

class FilterPass {
 public:
  FilterPass();
  ~FilterPass();
  FilterPass(FilterPass&&) noexcept;
  FilterPass& operator=(FilterPass&&) noexcept;
  FilterPass(const FilterPass&) = delete;
  FilterPass& operator=(const FilterPass&) = delete;

  // Sends a (C, H, W) image tensor (C = 1 or 3) to the GPU. Needs a current GL 3.3 context; an Error
  // (with the numbers) for a shape the shader cannot take or a texture larger than the GPU allows.
  Status set_image(const Tensor& chw);
  // Filters the image set last with `filter` ('same' padding, the kernel oriented as the engine does)
  // and maps the result with `display` into display_texture(). Fails, leaving the CPU path to the
  // caller, when the shader does not build, the kernel is larger than 15×15 or has no cells, or no
  // image was set.
  Status render(const FilterSettings& filter, const DisplayOptions& display);

  // The RGBA8 result, W × H, image row 0 in GL row 0: show it with uv (0, 0) top-left, (1, 1) bottom-right.
  uint32_t display_texture() const;
  int width() const;
  int height() const;
  // Reads the display texture back (RGB, rows top to bottom), for tests and screenshots.
  Result<Image> read_display() const;
  // The range of the last render's filtered values (read back from the GPU, 2 floats).
  Result<FilterRange> read_range() const;

 private:
  struct Gl;
  std::unique_ptr<Gl> gl_;
};

// Holds a FilterPass and its state for the playground: copying it gives an empty one (GL objects are
// not shared) so structs holding it stay copyable, as HeatmapCache does. Once the GPU path fails it
// stays off for the object's life, and the reason is logged once on stderr.
class FilterPreview {
 public:
  FilterPreview() = default;
  FilterPreview(const FilterPreview&) {}
  FilterPreview& operator=(const FilterPreview& other) {
    if (this != &other) reset();
    return *this;
  }
  FilterPreview(FilterPreview&&) noexcept = default;
  FilterPreview& operator=(FilterPreview&&) noexcept = default;

  // Re-filters on the GPU when `generation` changed since the last successful call (the caller bumps
  // it whenever the image, kernel or display settings change); `image_generation` likewise for the
  // upload. False (after logging once) when the GPU path is unavailable.
  bool update(const Tensor& chw, uint64_t image_generation, const FilterSettings& filter,
              const DisplayOptions& display, uint64_t generation);
  bool failed() const { return failed_; }
  const std::string& failure() const { return failure_; }
  // Valid only after update() returned true.
  uint32_t texture() const;
  const FilterRange& range() const { return range_; }
  FilterPass* pass() { return pass_.get(); }

  void reset();

 private:
  std::unique_ptr<FilterPass> pass_;
  uint64_t image_generation_ = 0;
  uint64_t generation_ = 0;
  bool has_image_ = false;
  bool rendered_ = false;
  bool failed_ = false;
  std::string failure_;
  FilterRange range_;
};

}  // namespace convstep
