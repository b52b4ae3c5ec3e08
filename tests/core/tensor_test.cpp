// core/tensor: shapes and their element counts, C-order indexing (the last index moves fastest, as in
// PyTorch's contiguous tensors), reshaping that keeps the data, and the shape and value text.
#include "core/tensor.h"

#include <gtest/gtest.h>

#include <cmath>
#include <limits>
#include <vector>

namespace convstep {
namespace {

// 0, 1, 2, … in C order, so a value names its own flat offset.
Tensor arange(Shape shape) {
  std::vector<float> values(static_cast<size_t>(shape_numel(shape)));
  for (size_t i = 0; i < values.size(); ++i) values[i] = static_cast<float>(i);
  return Tensor(std::move(shape), std::move(values));
}

TEST(Tensor, NumelIsTheProductOfTheShape) {
  EXPECT_EQ(shape_numel({1, 3, 7, 7}), 147);
  EXPECT_EQ(shape_numel({5}), 5);
  EXPECT_EQ(shape_numel({2, 0, 3}), 0);
  EXPECT_EQ(shape_numel({}), 1);  // a 0-d tensor holds one value
  EXPECT_EQ(Tensor({2, 3}).numel(), 6);
  EXPECT_EQ(Tensor().numel(), 0);
  EXPECT_TRUE(Tensor().empty());
  EXPECT_FALSE(Tensor({1}).empty());
}

TEST(Tensor, ANewTensorIsFilledWithOneValue) {
  const Tensor t({2, 2}, 1.5f);
  EXPECT_EQ(t.values(), (std::vector<float>{1.5f, 1.5f, 1.5f, 1.5f}));
  EXPECT_EQ(Tensor({3}).values(), (std::vector<float>{0, 0, 0}));
}

TEST(Tensor, SizesCountNegativeDimensionsFromTheEnd) {
  const Tensor t({1, 3, 5, 7});
  EXPECT_EQ(t.dim(), 4);
  EXPECT_EQ(t.size(0), 1);
  EXPECT_EQ(t.size(2), 5);
  EXPECT_EQ(t.size(-1), 7);
  EXPECT_EQ(t.size(-4), 1);
}

TEST(Tensor, TheLastIndexMovesFastest) {
  const Tensor t = arange({2, 3, 4});
  // offset = (i·3 + j)·4 + k: strides 12, 4, 1.
  EXPECT_EQ(t.offset({0, 0, 1}), 1);
  EXPECT_EQ(t.offset({0, 1, 0}), 4);
  EXPECT_EQ(t.offset({1, 0, 0}), 12);
  EXPECT_EQ(t.offset({1, 2, 3}), 23);
  EXPECT_EQ(t.at({1, 2, 3}), 23.0f);
  EXPECT_EQ(t.at({0, 2, 1}), 9.0f);
  const Tensor four = arange({2, 3, 4, 5});
  EXPECT_EQ(four.at({1, 2, 3, 4}), 119.0f);
  EXPECT_EQ(four.at({1, 0, 2, 1}), 60.0f + 10.0f + 1.0f);
}

TEST(Tensor, WritingThroughAtChangesOnlyThatElement) {
  Tensor t({2, 3});
  t.at({1, 2}) = 7.0f;
  t.at({0, 1}) = -1.0f;
  EXPECT_EQ(t.values(), (std::vector<float>{0, -1, 0, 0, 0, 7}));
}

TEST(Tensor, ReshapingKeepsTheDataInOrder) {
  const Tensor t = arange({2, 6});
  const Tensor r = t.reshaped({3, 2, 2});
  EXPECT_EQ(r.shape(), (Shape{3, 2, 2}));
  EXPECT_EQ(r.values(), t.values());
  EXPECT_EQ(r.at({2, 1, 0}), 10.0f);
  EXPECT_EQ(t.shape(), (Shape{2, 6}));  // the original is unchanged
  EXPECT_EQ(r.reshaped({12}).at({11}), 11.0f);
}

TEST(Tensor, EqualityComparesShapeAndValues) {
  EXPECT_EQ(arange({2, 3}), arange({2, 3}));
  EXPECT_FALSE(arange({2, 3}) == arange({3, 2}));
  Tensor changed = arange({2, 3});
  changed.at({0, 0}) = 0.5f;
  EXPECT_FALSE(changed == arange({2, 3}));
}

TEST(Tensor, ShapesPrintAsPyTorchPrintsTorchSize) {
  EXPECT_EQ(shape_to_string({1, 3, 7, 7}), "[1, 3, 7, 7]");
  EXPECT_EQ(shape_to_string({}), "[]");
  EXPECT_EQ(Tensor({5}).shape_string(), "[5]");
}

TEST(Tensor, ValuesPrintWithoutTrailingZeros) {
  EXPECT_EQ(format_value(4.0f), "4");
  EXPECT_EQ(format_value(-0.5f), "-0.5");
  EXPECT_EQ(format_value(1.0f / 9.0f), "0.1111");
  EXPECT_EQ(format_value(-0.0f), "0");
  EXPECT_EQ(format_value(-std::numeric_limits<float>::infinity()), "-inf");
  EXPECT_EQ(format_value(std::nanf("")), "nan");
  EXPECT_EQ(format_value(2.5e7f), "2.5e+07");
}

TEST(Tensor, TensorsPrintAsNestedRows) {
  EXPECT_EQ(format_tensor(arange({2, 2})), "[[0, 1],\n [2, 3]]");
  EXPECT_EQ(format_tensor(arange({3})), "[0, 1, 2]");
  EXPECT_EQ(format_tensor(Tensor({}, 2.5f)), "2.5");
  EXPECT_EQ(format_tensor(Tensor()), "[]");
}

}  // namespace
}  // namespace convstep
