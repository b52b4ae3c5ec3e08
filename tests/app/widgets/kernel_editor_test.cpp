// The kernel as the playground's preset tooltips and factor line write it: a row a line or rows joined,
// and a kernel of n/D weights as its integers after the factor.
#include "app/widgets/kernel_editor.h"

#include <gtest/gtest.h>

#include "core/presets.h"

namespace convstep {
namespace {

TEST(KernelRowsText, IntegerKernelsAreTheirRows) {
  const KernelPreset* sharpen = find_kernel_preset("sharpen");
  ASSERT_NE(sharpen, nullptr);
  EXPECT_EQ(kernel_rows_text(sharpen->kernel, " / "), "0 -1 0 / -1 5 -1 / 0 -1 0");
  EXPECT_EQ(kernel_rows_text(sharpen->kernel, "\n"), "0 -1 0\n-1 5 -1\n0 -1 0");
}

TEST(KernelRowsText, FractionalKernelsAreIntegersAfterTheirFactor) {
  const KernelPreset* gaussian = find_kernel_preset("gaussian-blur-3x3");
  ASSERT_NE(gaussian, nullptr);
  EXPECT_EQ(kernel_rows_text(gaussian->kernel, " / "), "(1/16)·1 2 1 / 2 4 2 / 1 2 1");
  EXPECT_EQ(kernel_rows_text(gaussian->kernel, "\n"), "(1/16)·\n1 2 1\n2 4 2\n1 2 1");
  const KernelPreset* motion = find_kernel_preset("motion-blur-9x9");
  ASSERT_NE(motion, nullptr);
  EXPECT_EQ(kernel_rows_text(motion->kernel, "\n").rfind("(1/9)·\n1 0 0 0 0 0 0 0 0\n0 1 0", 0), 0u);
}

}  // namespace
}  // namespace convstep
