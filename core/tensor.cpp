// Tensor storage, indexing and the human-readable printing shared by the CLI and the views.
#include "core/tensor.h"

#include <cassert>
#include <cmath>
#include <cstdio>
#include <sstream>

namespace convstep {

std::optional<int64_t> checked_numel(const Shape& shape, int64_t limit) {
  bool empty = false;
  for (int64_t s : shape) {
    if (s < 0) return std::nullopt;
    empty = empty || s == 0;
  }
  if (empty) return 0;  // never divide by a zero size below
  int64_t n = 1;
  for (int64_t s : shape) {
    if (n > limit / s) return std::nullopt;
    n *= s;
  }
  return n;
}

int64_t shape_numel(const Shape& shape) {
  const std::optional<int64_t> n = checked_numel(shape);
  assert(n.has_value());
  return n.value_or(0);
}

std::string shape_to_string(const Shape& shape) {
  std::string s = "[";
  for (size_t i = 0; i < shape.size(); ++i) {
    if (i) s += ", ";
    s += std::to_string(shape[i]);
  }
  return s + "]";
}

Tensor::Tensor(Shape shape, float fill)
    : shape_(std::move(shape)), data_(static_cast<size_t>(shape_numel(shape_)), fill) {
  assert(shape_.size() <= kMaxDims);
}

Tensor::Tensor(Shape shape, std::vector<float> data) : shape_(std::move(shape)), data_(std::move(data)) {
  assert(shape_.size() <= kMaxDims);
  assert(static_cast<int64_t>(data_.size()) == shape_numel(shape_));
}

int64_t Tensor::size(int64_t d) const {
  if (d < 0) d += dim();
  assert(d >= 0 && d < dim());
  return shape_[static_cast<size_t>(d)];
}

int64_t Tensor::offset(std::initializer_list<int64_t> index) const {
  assert(static_cast<int64_t>(index.size()) == dim());
  int64_t off = 0;
  size_t d = 0;
  for (int64_t i : index) {
    assert(i >= 0 && i < shape_[d]);
    off = off * shape_[d] + i;
    ++d;
  }
  return off;
}

float& Tensor::at(std::initializer_list<int64_t> index) {
  return data_[static_cast<size_t>(offset(index))];
}
float Tensor::at(std::initializer_list<int64_t> index) const {
  return data_[static_cast<size_t>(offset(index))];
}

Tensor Tensor::reshaped(Shape shape) const {
  assert(shape_numel(shape) == numel());
  return Tensor(std::move(shape), data_);
}

std::string format_value(float v) {
  if (std::isnan(v)) return "nan";
  if (std::isinf(v)) return v < 0 ? "-inf" : "inf";
  if (v == 0.0f) return "0";  // also folds -0
  char buf[32];
  if (std::fabs(v) >= 1e6f || std::fabs(v) < 1e-4f) {
    std::snprintf(buf, sizeof buf, "%.4g", static_cast<double>(v));
    return buf;
  }
  std::snprintf(buf, sizeof buf, "%.4f", static_cast<double>(v));
  std::string s = buf;
  while (!s.empty() && s.back() == '0') s.pop_back();
  if (!s.empty() && s.back() == '.') s.pop_back();
  if (s == "-0") s = "0";
  return s;
}

namespace {
void format_recursive(const Tensor& t, size_t d, int64_t& flat, int indent, std::ostringstream& out) {
  const Shape& shape = t.shape();
  out << '[';
  for (int64_t i = 0; i < shape[d]; ++i) {
    if (i) {
      out << ',';
      if (d + 1 < shape.size()) {
        out << '\n' << std::string(static_cast<size_t>(indent + 1), ' ');
      } else {
        out << ' ';
      }
    }
    if (d + 1 == shape.size()) {
      out << format_value(t.values()[static_cast<size_t>(flat++)]);
    } else {
      format_recursive(t, d + 1, flat, indent + 1, out);
    }
  }
  out << ']';
}
}  // namespace

std::string format_tensor(const Tensor& t) {
  if (t.dim() == 0) return t.empty() ? "[]" : format_value(t.values()[0]);
  std::ostringstream out;
  int64_t flat = 0;
  format_recursive(t, 0, flat, 0, out);
  return out.str();
}

}  // namespace convstep
