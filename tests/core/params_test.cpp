// The parameter table (core/params.h) walked entry by entry: every parameter is named and explained,
// every op's values read back to themselves, the keys of `--set` and of lesson files are the table's,
// and a parameter an op lacks is refused with the table's message.
#include "core/params.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <iterator>
#include <nlohmann/json.hpp>
#include <set>
#include <string>

#include "core/lesson.h"
#include "core/scene_edit.h"
#include "tests/core/scene_test_support.h"

namespace convstep {
namespace {

using test_support::apply_ok;
using test_support::article;
using ::testing::HasSubstr;

constexpr Op kAllOps[] = {Op::kConv1d,          Op::kConv2d,         Op::kMaxPool1d, Op::kMaxPool2d,
                          Op::kAvgPool1d,       Op::kAvgPool2d,      Op::kSumPool1d, Op::kSumPool2d,
                          Op::kConvTranspose1d, Op::kConvTranspose2d};

// A valid scene of `op`, reached from the article's scene by an edit, with a 2-channel 6×6 input
// (6 for 1-D) and a 2×2 window, so every parameter has a value.
Scene scene_of(Op op) {
  Scene s = apply_ok(article(), {{"input_size", "6x6"}, {"in_channels", "2"}, {"op", op_name(op)}});
  return apply_ok(s, {{"kernel_size", "2"}});
}

TEST(Params, EveryParameterHasANameHelpAndAtLeastOneOp) {
  std::set<std::string> names;
  for (size_t i = 0; i < param_specs().size(); ++i) {
    const ParamSpec& spec = param_specs()[i];
    EXPECT_EQ(static_cast<size_t>(spec.param), i) << "the table is in Param order";
    ASSERT_NE(spec.name, nullptr);
    EXPECT_TRUE(names.insert(spec.name).second) << spec.name << " appears twice";
    ASSERT_NE(spec.help, nullptr) << spec.name;
    EXPECT_GT(std::string(spec.help).size(), 10u) << spec.name;
    int ops = 0;
    for (Op op : kAllOps) ops += spec.has(op) ? 1 : 0;
    EXPECT_GE(ops, 1) << spec.name;
    if (ops < static_cast<int>(std::size(kAllOps))) {
      EXPECT_NE(spec.owners, nullptr) << spec.name << " must say which ops have it";
    }
    if (spec.flag) {
      EXPECT_EQ(std::string(spec.flag).rfind("--", 0), 0u) << spec.flag;
      EXPECT_NE(spec.flag_help, nullptr) << spec.flag;
    }
    EXPECT_TRUE(spec.store || spec.apply) << spec.name << " must change something";
    EXPECT_NE(spec.get, nullptr) << spec.name;
    EXPECT_EQ(find_param(spec.name), &spec);
  }
  EXPECT_EQ(find_param("kernel"), nullptr);
}

TEST(Params, EveryOpsValuesRoundTripThroughParseAndFormat) {
  for (Op op : kAllOps) {
    const Scene scene = scene_of(op);
    const std::vector<SceneSetting> settings = scene_settings(scene);
    ASSERT_EQ(settings.size(), param_specs().size()) << op_name(op);
    for (size_t i = 0; i < settings.size(); ++i) {
      const ParamSpec& spec = param_specs()[i];
      EXPECT_EQ(settings[i].key, spec.name);
      EXPECT_EQ(settings[i].applies, spec.has(op)) << op_name(op) << " " << spec.name;
      const auto parsed = parse_param(spec, spec.name, settings[i].value, op);
      ASSERT_TRUE(parsed.ok()) << op_name(op) << " " << spec.name << "=" << settings[i].value << ": "
                               << parsed.message();
      EXPECT_EQ(format_param(spec, *parsed, op), settings[i].value) << op_name(op) << " " << spec.name;
      if (!spec.has(op)) continue;
      // Setting a parameter to its current value leaves the scene as it was.
      const Scene same = apply_ok(scene, {{spec.name, settings[i].value}});
      EXPECT_EQ(scene_settings_text(same), scene_settings_text(scene)) << op_name(op) << " " << spec.name;
    }
  }
}

TEST(Params, TheKeysOfSetAreTheTablesNamesInOrder) {
  const std::vector<std::string>& keys = scene_edit_keys();
  ASSERT_EQ(keys.size(), param_specs().size());
  for (size_t i = 0; i < keys.size(); ++i) EXPECT_EQ(keys[i], param_specs()[i].name);
  for (const std::string& key : keys) EXPECT_TRUE(parse_scene_edit(key + "=1").ok()) << key;
  const auto unknown = parse_scene_edit("strid=2");
  ASSERT_FALSE(unknown.ok());
  EXPECT_THAT(unknown.message(), HasSubstr(param_names_text()));
}

TEST(Params, EveryKeyOfTheBuiltInLessonsIsALessonFieldOfTheTable) {
  const auto lessons = load_builtin_lessons();
  ASSERT_TRUE(lessons.ok()) << lessons.message();
  ASSERT_FALSE(lessons->empty());
  for (const Lesson& lesson : *lessons) {
    // The writer emits every params key the op takes; each must be a lesson field the op has.
    const nlohmann::json written = nlohmann::json::parse(lesson_to_json(lesson));
    ASSERT_TRUE(written.contains("params")) << lesson.name;
    for (const auto& [key, value] : written["params"].items()) {
      const ParamSpec* spec = find_param(key);
      ASSERT_NE(spec, nullptr) << lesson.name << ": " << key;
      EXPECT_TRUE(spec->lesson_field) << key;
      EXPECT_TRUE(spec->has(lesson.scene.params.op)) << lesson.name << ": " << key;
    }
  }
}

std::string lesson_with(Op op, const std::string& key, const std::string& value) {
  const bool conv = is_conv(op);
  const bool two_d = spatial_dims(op) == 2;
  const std::string input =
      two_d ? "[[[1, 2, 3, 4], [5, 6, 7, 8], [9, 10, 11, 12], [13, 14, 15, 16]]]" : "[[1, 2, 3, 4, 5, 6]]";
  const std::string weight = two_d ? "[[[[1, 0], [0, 1]]]]" : "[[[1, 0]]]";
  std::string params = "\"" + key + "\": " + value;
  if (!conv && key != "kernel_size") params += ", \"kernel_size\": 2";
  // output_padding must stay below the stride, so it comes with one it fits under.
  if (key == "output_padding") params += ", \"stride\": 2";
  return std::string("{\"name\": \"t\", \"title\": \"t\", \"caption\": \"c\", \"op\": \"") + op_name(op) +
         "\", \"params\": {" + params + "}, \"input\": " + input +
         (conv ? ", \"weight\": " + weight : std::string()) + "}";
}

// A value each kind of lesson field takes on every op that has it.
std::string lesson_value(const ParamSpec& spec) {
  switch (spec.kind) {
    case ParamKind::kBool:
      return spec.param == Param::kCountIncludePad ? "false" : "true";
    case ParamKind::kPaddingMode:
      return "\"zeros\"";
    case ParamKind::kPadding:
      return "1";
    default:
      return spec.param == Param::kKernelSize ? "2" : "1";
  }
}

TEST(Params, LessonFilesReadExactlyTheTablesLessonFields) {
  for (Op op : kAllOps) {
    for (const ParamSpec& spec : param_specs()) {
      const auto lesson = parse_lesson(lesson_with(op, spec.name, lesson_value(spec)), "t.json");
      const bool readable = spec.lesson_field && spec.has(op);
      EXPECT_EQ(lesson.ok(), readable)
          << op_name(op) << " " << spec.name << ": " << (lesson.ok() ? "" : lesson.message());
      if (!lesson.ok() && spec.lesson_field) {
        EXPECT_THAT(lesson.message(), HasSubstr(std::string(op_name(op)) + " has no " + spec.name));
      }
    }
  }
}

TEST(Params, ApplyingAParameterAnOpLacksGivesTheTablesMessage) {
  int refused = 0;
  for (Op op : kAllOps) {
    const Scene scene = scene_of(op);
    for (const ParamSpec& spec : param_specs()) {
      if (spec.has(op)) continue;
      // A value other than the neutral one: the table's neutral value stays accepted.
      const std::string value = spec.kind == ParamKind::kBool          ? "true"
                                : spec.kind == ParamKind::kPaddingMode ? "reflect"
                                                                       : "2";
      const auto edited = apply_edit(scene, {spec.name, value});
      ASSERT_FALSE(edited.ok()) << op_name(op) << " " << spec.name;
      EXPECT_EQ(edited.message(), absent_message(spec, op));
      EXPECT_THAT(absent_message(spec, op), HasSubstr(std::string(op_name(op)) + " has no " + spec.name));
      ++refused;
      if (spec.neutral) {
        EXPECT_TRUE(apply_edit(scene, {spec.name, spec.neutral}).ok()) << op_name(op) << " " << spec.name;
      }
    }
  }
  EXPECT_GT(refused, 20);
  EXPECT_EQ(apply_edit(scene_of(Op::kConv2d), {"ceil_mode", "true"}).message(),
            "conv2d has no ceil_mode (only pools do)");
  EXPECT_EQ(apply_edit(scene_of(Op::kMaxPool1d), {"groups", "2"}).message(),
            "max_pool1d has no groups (only conv1d and conv2d do)");
}

TEST(Params, AStrideOfNoneIsAPoolsDefaultOnly) {
  const ParamSpec& stride = param_spec(Param::kStride);
  const auto pool = parse_param(stride, "stride", "none", Op::kAvgPool2d);
  ASSERT_TRUE(pool.ok());
  EXPECT_EQ(format_param(stride, *pool, Op::kAvgPool2d), "none");
  const auto conv = parse_param(stride, "--stride", "none", Op::kConv2d);
  ASSERT_FALSE(conv.ok());
  EXPECT_THAT(conv.message(), HasSubstr("--stride: expected a positive integer"));
}

}  // namespace
}  // namespace convstep
