// Editing the Network view's stack: every edit is all or nothing, and a refusal names the layer and,
// for an unreadable line, the column.
#include "core/stack_session.h"

#include <gtest/gtest.h>

namespace convstep {
namespace {

TEST(StackSession, TheDefaultIsTheResNetStemWithItsMaps) {
  const StackSession s = default_stack_session();
  EXPECT_EQ(s.lines.size(), 2u);
  EXPECT_EQ(s.maps.size(), 3u);
  EXPECT_EQ(s.maps[2].size(0), 8);
  EXPECT_EQ(s.stack.levels[1].dims[0].receptive_field, 11);
}

TEST(StackSession, AnUnreadableLineKeepsTheStackAndPointsAtTheCharacter) {
  StackSession s = default_stack_session();
  EXPECT_FALSE(set_stack_line(s, 1, "nn.MaxPool2d(3, stride=q)"));
  EXPECT_EQ(s.lines[1], "nn.MaxPool2d(kernel_size=3, stride=2, padding=1)");
  EXPECT_EQ(s.error.layer, 1);
  EXPECT_EQ(s.error.column, 24u);
  EXPECT_EQ(s.error.line, "nn.MaxPool2d(3, stride=q)");
  EXPECT_EQ(s.error.message.rfind("layer 2: column 24", 0), 0u) << s.error.message;
  EXPECT_TRUE(set_stack_line(s, 1, "nn.MaxPool2d(2)"));
  EXPECT_EQ(s.error.message, "");
  EXPECT_EQ(s.stack.levels[1].dims[0].receptive_field, 9);
}

TEST(StackSession, ALayerLeavingNoOutputIsRefusedWithTheLayerNamed) {
  StackSession s = default_stack_session();
  EXPECT_FALSE(set_stack_line(s, 0, "nn.Conv2d(3, 64, kernel_size=40)"));
  EXPECT_EQ(s.error.layer, 0);
  EXPECT_EQ(s.error.column, 0u);
  EXPECT_NE(s.error.message.find("output height"), std::string::npos);
  EXPECT_EQ(s.maps.size(), 3u);
}

TEST(StackSession, AddRemoveAndMoveLayers) {
  StackSession s = default_stack_session();
  EXPECT_TRUE(add_stack_layer(s, 1));
  EXPECT_EQ(s.lines.size(), 3u);
  EXPECT_EQ(s.maps.size(), 4u);
  EXPECT_TRUE(move_stack_layer(s, 0, +1));
  EXPECT_EQ(s.lines[1], "nn.Conv2d(3, 64, kernel_size=7, stride=2, padding=3, bias=False)");
  EXPECT_FALSE(move_stack_layer(s, 0, -1));
  EXPECT_TRUE(remove_stack_layer(s, 0));
  EXPECT_TRUE(remove_stack_layer(s, 0));
  EXPECT_FALSE(remove_stack_layer(s, 0));
  EXPECT_EQ(s.lines.size(), 1u);
  while (s.lines.size() < static_cast<size_t>(kMaxStackLayers)) ASSERT_TRUE(add_stack_layer(s, 0));
  EXPECT_FALSE(add_stack_layer(s, 0));
  EXPECT_NE(s.error.message.find("already has"), std::string::npos);
}

TEST(StackSession, AddingToAnEmptySessionStartsAStack) {
  StackSession s;
  EXPECT_TRUE(add_stack_layer(s, 0));
  EXPECT_EQ(s.lines.size(), 1u);
  EXPECT_EQ(s.maps.size(), 2u);
}

TEST(StackSession, InputSizeAndPresets) {
  StackSession s = default_stack_session();
  EXPECT_TRUE(set_stack_input_size(s, "20x24"));
  EXPECT_EQ(s.maps[0].size(0), 20);
  EXPECT_EQ(s.maps[0].size(1), 24);
  EXPECT_FALSE(set_stack_input_size(s, "2x2x2"));
  EXPECT_FALSE(set_stack_input_size(s, "0"));
  EXPECT_EQ(s.maps[0].size(0), 20);
  EXPECT_TRUE(load_stack_preset(s, "wavenet-dilated"));
  EXPECT_EQ(s.stack.dims, 1);
  EXPECT_EQ(s.maps[0].size(1), 24);
  EXPECT_TRUE(set_stack_input_size(s, "40"));
  EXPECT_EQ(s.maps[0].size(1), 40);
  EXPECT_FALSE(load_stack_preset(s, "nope"));
  // Bounded: the view computes every map.
  EXPECT_FALSE(set_stack_input_size(s, "600000"));
  EXPECT_NE(s.error.message.find("draws at most"), std::string::npos) << s.error.message;
  EXPECT_TRUE(load_stack_preset(s, "resnet18-stem"));
  EXPECT_TRUE(set_stack_input_size(s, "512x512"));
  EXPECT_FALSE(set_stack_line(s, 0, "nn.Conv2d(3, 64, kernel_size=99, padding=49)"));
  EXPECT_NE(s.error.message.find("multiply-adds"), std::string::npos) << s.error.message;
  EXPECT_EQ(s.stack.levels[0].dims[0].kernel, 7);
}

}  // namespace
}  // namespace convstep
