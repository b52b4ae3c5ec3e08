// The step picture: the SVG parses (xmllint), is the size asked for, and carries the step's numbers —
// the arithmetic the stepper writes, the window's values and weights, the feature map filled so far —
// and nothing of a later step; bad steps, taps, sizes and scenes are errors; the file rules hold.
#include "print/step_svg.h"

#include <gtest/gtest.h>

#include <cerrno>
#include <fstream>

#include "core/atomic_write.h"
#include "core/lesson.h"
#include "core/step_text.h"
#include "core/stepper.h"
#include "tests/print/print_test_support.h"

namespace convstep {
namespace {

using namespace test_support;

Scene article() {
  auto lesson = find_builtin_lesson("article-5x5");
  EXPECT_TRUE(lesson.ok());
  return lesson->scene;
}

// Every text of the SVG's text layer, one per line, as xmllint reads them.
std::string svg_texts(const std::string& file) {
  return run_tool("xmllint --xpath \"//*[local-name()='text']/text()\" '" + file + "'").out;
}

using StepSvg = PrintFolder;

TEST_F(StepSvg, TheFileParsesAndCarriesTheStepsArithmeticAndNumbers) {
  const std::string file = path("step4.svg");
  ASSERT_TRUE(write_step_svg(article(), 4, -1, {}, file).ok());
  EXPECT_EQ(run_tool("xmllint --noout '" + file + "'").code, 0);
  const std::string texts = svg_texts(file);
  auto stepper = Stepper::create(article());
  ASSERT_TRUE(stepper.ok());
  const Snapshot s = stepper->snapshot(4);
  // The arithmetic, term by term, as the stepper's text writes it.
  const StepArithmetic view = step_arithmetic_view(stepper->geometry(), s, -1, s.result);
  std::string joined;
  for (const ArithmeticLine& line : view.lines) joined += line.text();
  EXPECT_EQ(joined, "1×1 + 1×0 + 1×1 + 0×0 + 1×1 + 1×0 + 0×1 + 1×0 + 1×1 = 4");
  for (const std::string& part : {std::string("1×1 + "), std::string("0×0 + "), std::string(" = 4")})
    EXPECT_TRUE(contains(texts, part)) << part;
  EXPECT_TRUE(contains(texts, "out[0,1,1] =")) << texts;
  // The window's weights under its values, and the feature map filled through step 4: 4 3 4 / 2 4.
  EXPECT_TRUE(contains(texts, "×1"));
  const std::string words = squeezed(texts);
  EXPECT_TRUE(contains(words, " 4 3 4 2 4 ")) << words;
  EXPECT_TRUE(contains(texts, "The convolution operation") ||
              contains(texts, "nn.Conv2d(1, 1, kernel_size=3"));
}

TEST_F(StepSvg, AnEarlierStepShowsNeitherTheLaterOutputsNorTheirArithmetic) {
  const std::string file = path("step0.svg");
  ASSERT_TRUE(write_step_svg(article(), 0, -1, {}, file).ok());
  const std::string texts = svg_texts(file);
  EXPECT_TRUE(contains(texts, "out[0,0,0] ="));
  EXPECT_FALSE(contains(texts, "out[0,1,1]"));
  // Only the first output (4) is filled in: the map's "3" (step 1) is not drawn anywhere as an output.
  const std::string words = squeezed(texts);
  EXPECT_FALSE(contains(words, " 4 3 4 ")) << words;
}

TEST_F(StepSvg, TapByTapMarksTheProgressOfTheRunningSum) {
  auto svg = render_step_svg(article(), 4, 3, {});
  ASSERT_TRUE(svg.ok()) << svg.message();
  EXPECT_TRUE(contains(*svg, "term 4 of 9")) << "tap 3 is the fourth product";
}

TEST_F(StepSvg, ThePictureHasTheSizeAskedForInPixels) {
  StepPictureOptions options;
  options.width = 1024;
  options.height = 768;
  auto svg = render_step_svg(article(), 0, -1, options);
  ASSERT_TRUE(svg.ok());
  EXPECT_TRUE(contains(*svg, "width=\"1024\"")) << svg->substr(0, 300);
  EXPECT_TRUE(contains(*svg, "height=\"768\""));
}

TEST(StepSvgErrors, StepsTapsSizesAndScenesOutOfRangeAreExplained) {
  Scene scene = article();
  auto past = render_step_svg(scene, 9, -1, {});
  ASSERT_FALSE(past.ok());
  EXPECT_TRUE(contains(past.message(), "9 steps (0 to 8)")) << past.message();
  auto tap = render_step_svg(scene, 0, 9, {});
  ASSERT_FALSE(tap.ok());
  EXPECT_TRUE(contains(tap.message(), "9 taps (0 to 8)")) << tap.message();
  StepPictureOptions tiny;
  tiny.width = 10;
  EXPECT_FALSE(render_step_svg(scene, 0, -1, tiny).ok());
  Scene too_wide = scene;
  too_wide.weight = Tensor({1, 1, 7, 7}, 1.0f);
  auto invalid = render_step_svg(too_wide, 0, -1, {});
  ASSERT_FALSE(invalid.ok());
  EXPECT_TRUE(contains(invalid.message(), "output")) << invalid.message();
  Scene huge = scene;
  huge.input = Tensor({1, 300, 300}, 1.0f);
  auto big = render_step_svg(huge, 0, -1, {});
  ASSERT_FALSE(big.ok());
  EXPECT_TRUE(contains(big.message(), "cells")) << big.message();
}

TEST_F(StepSvg, AnExistingFileIsKeptWithoutForceAndReplacedWithIt) {
  const std::string file = path("kept.svg");
  { std::ofstream(file) << "mine"; }
  auto refused = write_step_svg(article(), 0, -1, {}, file);
  ASSERT_FALSE(refused.ok());
  EXPECT_TRUE(contains(refused.message(), "already exists")) << refused.message();
  std::ifstream in(file);
  std::string kept((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  EXPECT_EQ(kept, "mine");
  StepPictureOptions force;
  force.force = true;
  EXPECT_TRUE(write_step_svg(article(), 0, -1, force, file).ok());
  EXPECT_EQ(run_tool("xmllint --noout '" + file + "'").code, 0);
}

TEST_F(StepSvg, AFullDiskFailsAndLeavesNothingBehind) {
  atomic_write_testing::fail_next(atomic_write_testing::Step::kWrite, ENOSPC);
  auto full = write_step_svg(article(), 0, -1, {}, path("full.svg"));
  ASSERT_FALSE(full.ok());
  EXPECT_TRUE(contains(full.message(), "No space left")) << full.message();
  EXPECT_EQ(files_in_folder(), 0u);
}

TEST_F(StepSvg, AMissingFolderOrAFolderAsTheTargetFails) {
  auto missing = write_step_svg(article(), 0, -1, {}, path("no/such/folder/x.svg"));
  ASSERT_FALSE(missing.ok());
  EXPECT_TRUE(contains(missing.message(), "no/such/folder")) << missing.message();
  fs::create_directories(path("folder.svg"));
  StepPictureOptions force;
  force.force = true;
  auto folder = write_step_svg(article(), 0, -1, force, path("folder.svg"));
  ASSERT_FALSE(folder.ok());
  EXPECT_TRUE(fs::is_directory(path("folder.svg")));
  EXPECT_EQ(files_in_folder(), 1u);
}

}  // namespace
}  // namespace convstep
