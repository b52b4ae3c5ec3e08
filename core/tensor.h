// A small dense float32 tensor (up to 4-D, C order): the one container for inputs, weights,
// biases and outputs throughout convstep. Deliberately minimal: shape, flat data, indexing.
#pragma once

#include <cstdint>
#include <initializer_list>
#include <optional>
#include <string>
#include <vector>

namespace convstep {

using Shape = std::vector<int64_t>;

// Number of elements of a shape; 1 for a 0-d shape. The shape must be valid (sizes >= 0, product in
// range): a programmer error otherwise. Shapes from outside go through checked_numel first.
int64_t shape_numel(const Shape& shape);
// The number of elements, or nullopt when a size is negative or the product exceeds `limit` (so it can
// never overflow). Every shape read from a file or typed by a user is counted with this.
std::optional<int64_t> checked_numel(const Shape& shape, int64_t limit = INT64_MAX);
// "[1, 3, 7, 7]", as PyTorch prints torch.Size.
std::string shape_to_string(const Shape& shape);

class Tensor {
 public:
  static constexpr int kMaxDims = 4;

  Tensor() = default;
  explicit Tensor(Shape shape, float fill = 0.0f);
  // data.size() must equal shape_numel(shape); checked by assert (a programmer error).
  Tensor(Shape shape, std::vector<float> data);

  const Shape& shape() const { return shape_; }
  int64_t dim() const { return static_cast<int64_t>(shape_.size()); }
  // Size of dimension d; negative d counts from the end, as in PyTorch.
  int64_t size(int64_t d) const;
  int64_t numel() const { return static_cast<int64_t>(data_.size()); }
  bool empty() const { return data_.empty(); }

  float* data() { return data_.data(); }
  const float* data() const { return data_.data(); }
  std::vector<float>& values() { return data_; }
  const std::vector<float>& values() const { return data_; }

  // Element access by full index (one entry per dimension).
  float& at(std::initializer_list<int64_t> index);
  float at(std::initializer_list<int64_t> index) const;
  int64_t offset(std::initializer_list<int64_t> index) const;

  // Same data, new shape with the same number of elements (asserts otherwise).
  Tensor reshaped(Shape shape) const;

  std::string shape_string() const { return shape_to_string(shape_); }

  friend bool operator==(const Tensor& a, const Tensor& b) {
    return a.shape_ == b.shape_ && a.data_ == b.data_;
  }

 private:
  Shape shape_;
  std::vector<float> data_;
};

// Prints a tensor the way a person writes it: nested brackets, values without trailing zeros.
std::string format_tensor(const Tensor& t);
// Formats one value compactly: 4, -0.5, 0.1111, -inf.
std::string format_value(float v);

}  // namespace convstep
