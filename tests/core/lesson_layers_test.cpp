// A lesson's "layers": PyTorch lines and {op, params} objects become the stack the Network view draws;
// every malformed or hostile entry is refused with the file, the field and what is wrong.
#include <gtest/gtest.h>

#include <string>

#include "core/lesson.h"

namespace convstep {
namespace {

std::string lesson_with(const std::string& layers, const std::string& input = "[[[1, 2, 3, 4, 5, 6, 7, 8]]]",
                        const std::string& op = "max_pool2d") {
  return R"J({"name": "s", "title": "t", "caption": "c", "op": ")J" + op +
         R"J(", "params": {"kernel_size": 1}, "input": )J" + input + R"J(, "layers": )J" + layers + "}";
}

std::string refusal(const std::string& text) {
  auto lesson = parse_lesson(text, "s.json");
  EXPECT_FALSE(lesson) << "accepted: " << text;
  return lesson ? "" : lesson.message();
}

TEST(LessonLayers, LinesAndObjectsBecomeTheStack) {
  auto lesson = parse_lesson(lesson_with(R"J(["nn.Conv2d(1, 4, kernel_size=(1, 3), padding=(0, 1))",
                      {"op": "max_pool2d", "params": {"kernel_size": [1, 2], "stride": [1, 2]}},
                      {"op": "conv2d", "params": {"kernel_size": [1, 3], "dilation": [1, 2]}}])J",
                                         R"J([[[1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16]]])J"),
                             "s.json");
  ASSERT_TRUE(lesson) << lesson.message();
  ASSERT_EQ(lesson->layers.size(), 3u);
  EXPECT_EQ(lesson->layers[0].line, "nn.Conv2d(1, 4, kernel_size=(1, 3), padding=(0, 1))");
  EXPECT_EQ(lesson->layers[1].line, "nn.MaxPool2d(kernel_size=(1, 2), stride=(1, 2))");
  EXPECT_EQ(lesson->layers[1].params.stride, (Dims{1, 2}));
  EXPECT_EQ(lesson->layers[2].params.dilation, (Dims{1, 2}));
  EXPECT_EQ(lesson->layers[2].line, "nn.Conv2d(4, 4, kernel_size=(1, 3), dilation=(1, 2), bias=False)");
  auto stack = build_layer_stack(lesson->layers, Dims{1, 16});
  ASSERT_TRUE(stack) << stack.message();
  EXPECT_EQ(stack->levels[2].dims[1].receptive_field, 3 + (2 - 1) * 1 + (5 - 1) * 2);
}

TEST(LessonLayers, WrittenAndReadBackTheSame) {
  auto lesson = parse_lesson(lesson_with(R"J(["nn.MaxPool2d((1, 2))", {"op": "avg_pool2d", "params":
                                            {"kernel_size": [1, 2], "ceil_mode": true}}])J"),
                             "s.json");
  ASSERT_TRUE(lesson) << lesson.message();
  auto again = parse_lesson(lesson_to_json(*lesson), "again.json");
  ASSERT_TRUE(again) << again.message() << "\n" << lesson_to_json(*lesson);
  ASSERT_EQ(again->layers.size(), 2u);
  for (size_t i = 0; i < 2; ++i) EXPECT_EQ(again->layers[i].line, lesson->layers[i].line);
  EXPECT_TRUE(again->layers[1].params.ceil_mode);
}

TEST(LessonLayers, TheBuiltInStackLessonsLoad) {
  for (const char* name : {"layers-resnet-stem", "layers-dilated-1d", "layers-down-and-up"}) {
    auto lesson = find_builtin_lesson(name);
    ASSERT_TRUE(lesson) << lesson.message();
    EXPECT_FALSE(lesson->layers.empty()) << name;
  }
  auto stem = find_builtin_lesson("layers-resnet-stem");
  ASSERT_TRUE(stem);
  auto stack = build_layer_stack(stem->layers, Dims{16, 16});
  ASSERT_TRUE(stack);
  EXPECT_EQ(stack->levels[1].dims[0].receptive_field, 11);
  // Down and up: an odd output of the transposed layer sees 5 input rows, an even one 3.
  auto trip = find_builtin_lesson("layers-down-and-up");
  ASSERT_TRUE(trip);
  auto round = build_layer_stack(trip->layers, Dims{8, 8});
  ASSERT_TRUE(round) << round.message();
  EXPECT_EQ(round->map_size(2, 0), 8);
  EXPECT_EQ(round->levels[1].dims[0].receptive_field, 5);
  EXPECT_EQ(round->levels[1].dims[0].jump, 1);
  EXPECT_EQ(receptive_field(*round, 2, Dims{3, 3}).maps[0][0], (CellRange{1, 5}));
  EXPECT_EQ(receptive_field(*round, 2, Dims{4, 4}).maps[0][0], (CellRange{3, 5}));
}

TEST(LessonLayers, BadEntriesAreRefusedWithTheFieldAndTheReason) {
  EXPECT_NE(refusal(lesson_with("3")).find("s.json: layers: expected a list of 1 to 12 layers"),
            std::string::npos);
  EXPECT_NE(refusal(lesson_with("[]")).find("layers: expected a list"), std::string::npos);
  std::string many = "[";
  for (int i = 0; i < 13; ++i) many += std::string(i ? "," : "") + "\"nn.MaxPool2d(1)\"";
  EXPECT_NE(refusal(lesson_with(many + "]")).find("layers: expected a list of 1 to 12"), std::string::npos);
  EXPECT_NE(refusal(lesson_with(R"J(["nn.MaxPool2d(x)"])J"))
                .find(R"J(s.json: layers[0]: "nn.MaxPool2d(x)": column 14: )J"),
            std::string::npos);
  EXPECT_NE(refusal(lesson_with(R"J([7])J")).find("layers[0]: expected a PyTorch line"), std::string::npos);
  EXPECT_NE(refusal(lesson_with(R"J([{"op": "conv2d"}])J")).find("layers[0].params.kernel_size: required"),
            std::string::npos);
  EXPECT_NE(
      refusal(lesson_with(R"J([{"op": "conv9d", "params": {}}])J")).find("layers[0].op: expected one of"),
      std::string::npos);
  EXPECT_NE(refusal(lesson_with(R"J([{"op": "max_pool2d", "params": {"kernel_size": 2, "groups": 2}}])J"))
                .find("layers[0].params.groups: max_pool2d has no groups"),
            std::string::npos);
  EXPECT_NE(refusal(lesson_with(R"J([{"op": "max_pool2d", "params": {"kernel_size": 1}, "x": 1}])J"))
                .find("layers[0]"),
            std::string::npos);
  EXPECT_NE(refusal(lesson_with(R"J(["nn.MaxPool1d(2)"])J"))
                .find("the stack is 1-D, but the lesson's input is 2-D"),
            std::string::npos);
  EXPECT_NE(
      refusal(lesson_with(R"J(["nn.MaxPool2d(3)"])J")).find("layers: layer 1 (nn.MaxPool2d(3)): output"),
      std::string::npos);
  EXPECT_NE(refusal(lesson_with("[\"" + std::string(5000, 'n') + "\"]")).find("at most 1000"),
            std::string::npos);
}

}  // namespace
}  // namespace convstep
