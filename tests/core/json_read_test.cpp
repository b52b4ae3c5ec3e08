// The bounded JSON reader: limits checked before and during the parse, every failure a message with the
// source, long numeric lists packed as float32 with the same values.
#include "core/json_read.h"

#include <gtest/gtest.h>

#include <string>

namespace convstep {
namespace {

using nlohmann::json;

std::string numbers(int n, const char* each = "1.5") {
  std::string s = "[";
  for (int i = 0; i < n; ++i) s += (i ? "," : "") + std::string(each);
  return s + "]";
}

TEST(JsonRead, ReadsOrdinaryJsonWithComments) {
  auto j = parse_json_bounded("// a lesson\n{\"a\": [1, 2], \"b\": {\"c\": \"x\"}, \"d\": true, \"e\": null}",
                              "f.json");
  ASSERT_TRUE(j) << j.message();
  EXPECT_EQ((*j)["a"], json::array({1, 2}));
  EXPECT_EQ((*j)["b"]["c"], "x");
  EXPECT_TRUE((*j)["d"].get<bool>());
  EXPECT_TRUE((*j)["e"].is_null());
}

TEST(JsonRead, ANumberPastDoubleIsAnErrorWithItsPlaceNotAnException) {
  auto j = parse_json_bounded("{\n  \"x\": 1e400\n}", "big.json");
  ASSERT_FALSE(j);
  EXPECT_NE(j.message().find("big.json: invalid JSON"), std::string::npos) << j.message();
  EXPECT_NE(j.message().find("1e400"), std::string::npos) << j.message();
  EXPECT_NE(j.message().find("line 2"), std::string::npos) << j.message();
}

TEST(JsonRead, SyntaxErrorsNameTheSourceAndLine) {
  auto j = parse_json_bounded("{\"a\": [1, 2,]}", "bad.json");
  ASSERT_FALSE(j);
  EXPECT_EQ(j.message().rfind("bad.json: invalid JSON: ", 0), 0u) << j.message();
  EXPECT_NE(j.message().find("line 1"), std::string::npos) << j.message();
  EXPECT_FALSE(parse_json_bounded("", "empty.json"));
  EXPECT_FALSE(parse_json_bounded("[1, 2", "cut.json"));
}

TEST(JsonRead, RefusesTextLargerThanTheLimitBeforeParsing) {
  JsonLimits limits;
  limits.max_bytes = 10;
  auto j = parse_json_bounded("[1, 2, 3, 4, 5]", "long.json", limits);
  ASSERT_FALSE(j);
  EXPECT_NE(j.message().find("15 bytes"), std::string::npos) << j.message();
}

TEST(JsonRead, RefusesNestingDeeperThanTheLimit) {
  const std::string deep = std::string(100000, '[') + std::string(100000, ']');
  auto j = parse_json_bounded(deep, "deep.json");
  ASSERT_FALSE(j);
  EXPECT_NE(j.message().find("nested more than 64 deep"), std::string::npos) << j.message();
  JsonLimits limits;
  limits.max_depth = 3;
  EXPECT_TRUE(parse_json_bounded("[[[1]]]", "ok.json", limits));
  EXPECT_FALSE(parse_json_bounded("[[[[1]]]]", "no.json", limits));
}

TEST(JsonRead, RefusesMoreValuesThanTheLimit) {
  JsonLimits limits;
  limits.max_values = 100;
  EXPECT_TRUE(parse_json_bounded(numbers(90), "ok.json", limits));
  auto j = parse_json_bounded(numbers(200), "many.json", limits);
  ASSERT_FALSE(j);
  EXPECT_NE(j.message().find("more than 100 values"), std::string::npos) << j.message();
}

TEST(JsonRead, ManyShortListsAreRefusedBeforeTheyTakeMemory) {
  // 200,000 lists of two numbers: 1.2 MB of text that would take ~19 MB as JSON values.
  std::string text = "[";
  for (int i = 0; i < 200000; ++i) text += (i ? ",[1,2]" : "[1,2]");
  text += "]";
  JsonLimits limits;
  limits.min_memory_bytes = 4 << 20;
  auto j = parse_json_bounded(text, "short.json", limits);
  ASSERT_FALSE(j);
  EXPECT_NE(j.message().find("short.json: invalid JSON: its values would take more than 4 MB"),
            std::string::npos)
      << j.message();
  // The same numbers in one long list are packed and fit easily.
  std::string flat = "[";
  for (int i = 0; i < 400000; ++i) flat += (i ? ",1" : "1");
  flat += "]";
  auto packed = parse_json_bounded(flat, "flat.json", limits);
  ASSERT_TRUE(packed) << packed.message();
  EXPECT_EQ(packed_size(*packed), 400000u);
}

TEST(JsonRead, RefusesAListLongerThanTheLimit) {
  JsonLimits limits;
  limits.max_list_length = 100;
  EXPECT_TRUE(parse_json_bounded(numbers(100), "ok.json", limits));
  auto j = parse_json_bounded(numbers(101), "long.json", limits);
  ASSERT_FALSE(j);
  EXPECT_NE(j.message().find("a list longer than 100 elements"), std::string::npos) << j.message();
}

TEST(JsonRead, ShortListsStayPlainAndLongNumericListsArePacked) {
  auto small = parse_json_bounded(numbers(static_cast<int>(kPackedListMinLength) - 1), "s.json");
  ASSERT_TRUE(small);
  EXPECT_TRUE(small->is_array());
  auto big = parse_json_bounded("{\"data\": " + numbers(1000, "-0.25") + "}", "b.json");
  ASSERT_TRUE(big);
  const json& data = (*big)["data"];
  ASSERT_TRUE(is_packed_numbers(data));
  ASSERT_EQ(packed_size(data), 1000u);
  EXPECT_EQ(packed_value(data, 0), -0.25f);
  EXPECT_EQ(packed_value(data, 999), -0.25f);
  std::vector<float> out{7};
  append_packed(data, &out);
  ASSERT_EQ(out.size(), 1001u);
  EXPECT_EQ(out[0], 7);
  EXPECT_EQ(out[1000], -0.25f);
}

TEST(JsonRead, AListWithAnythingButFloat32NumbersStaysPlain) {
  // A string, a nested list, or a number past float32 in a long list: the reader must see each element.
  std::string with_string = numbers(100);
  with_string.insert(with_string.size() - 1, ",\"x\"");
  auto a = parse_json_bounded(with_string, "a.json");
  ASSERT_TRUE(a);
  EXPECT_TRUE(a->is_array());
  EXPECT_EQ(a->size(), 101u);
  EXPECT_EQ(a->back(), "x");
  EXPECT_EQ((*a)[5].get<double>(), 1.5);
  std::string with_huge = numbers(100);
  with_huge.insert(with_huge.size() - 1, ",1e39");
  auto b = parse_json_bounded(with_huge, "b.json");
  ASSERT_TRUE(b);
  ASSERT_TRUE(b->is_array());
  EXPECT_EQ(b->back().get<double>(), 1e39);
  auto rows = parse_json_bounded("[" + numbers(100) + "," + numbers(100) + "]", "rows.json");
  ASSERT_TRUE(rows);
  ASSERT_TRUE(rows->is_array());
  EXPECT_TRUE(is_packed_numbers((*rows)[0]));
  EXPECT_TRUE(is_packed_numbers((*rows)[1]));
}

TEST(JsonRead, BinaryValuesAreNotMistakenForPackedLists) {
  EXPECT_FALSE(is_packed_numbers(json::binary({1, 2, 3, 4})));
  EXPECT_FALSE(is_packed_numbers(json::array({1.0, 2.0})));
}

}  // namespace
}  // namespace convstep
