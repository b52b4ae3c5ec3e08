// Tests for lessons: every built-in lesson loads and has the shape the article gives, the article's
// 5×5 example is exact, each malformed file is an error naming the file and the field, and
// lesson_to_json reads back to the same lesson. Expected values were computed with PyTorch 1.13.
#include "core/lesson.h"

#include <gtest/gtest.h>
#include <unistd.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <limits>
#include <map>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "core/geometry.h"
#include "core/ops.h"

namespace convstep {
namespace {

namespace fs = std::filesystem;

std::vector<Lesson> builtin_lessons() {
  auto lessons = load_builtin_lessons();
  EXPECT_TRUE(lessons.ok()) << (lessons.ok() ? "" : lessons.message());
  return lessons.ok() ? *lessons : std::vector<Lesson>{};
}

Lesson builtin(const std::string& name) {
  auto lesson = find_builtin_lesson(name);
  EXPECT_TRUE(lesson.ok()) << (lesson.ok() ? "" : lesson.message());
  return lesson.ok() ? *lesson : Lesson{};
}

Tensor output_of(const Lesson& lesson) {
  auto out = run(lesson.scene);
  EXPECT_TRUE(out.ok()) << lesson.name << ": " << (out.ok() ? "" : out.message());
  return out.ok() ? *out : Tensor{};
}

// A small valid lesson; malformed cases below replace one piece of it.
const char* const kValidLesson = R"({
  "name": "tiny",
  "title": "Tiny",
  "caption": "A 3x3 input and a 2x2 kernel.",
  "op": "conv2d",
  "params": {"stride": 1, "padding": 0},
  "input": {"shape": [1, 3, 3], "data": [1, 2, 3, 4, 5, 6, 7, 8, 9]},
  "weight": {"shape": [1, 1, 2, 2], "data": [1, 0, 0, 1]},
  "step_captions": [{"from": 0, "to": 1, "text": "first row"}]
})";

std::string replace(std::string text, const std::string& from, const std::string& to) {
  const auto pos = text.find(from);
  EXPECT_NE(pos, std::string::npos) << from;
  if (pos != std::string::npos) text.replace(pos, from.size(), to);
  return text;
}

void expect_same_lesson(const Lesson& a, const Lesson& b) {
  EXPECT_EQ(a.name, b.name);
  EXPECT_EQ(a.title, b.title);
  EXPECT_EQ(a.caption, b.caption);
  const LayerParams &p = a.scene.params, &q = b.scene.params;
  EXPECT_EQ(p.op, q.op) << a.name;
  if (is_pool(p.op)) {
    EXPECT_EQ(p.kernel_size, q.kernel_size) << a.name;
  }
  EXPECT_EQ(p.stride_set, q.stride_set) << a.name;
  if (p.stride_set) {
    EXPECT_EQ(p.stride, q.stride) << a.name;
  }
  EXPECT_EQ(p.padding_kind, q.padding_kind) << a.name;
  EXPECT_EQ(p.padding, q.padding) << a.name;
  EXPECT_EQ(p.dilation, q.dilation) << a.name;
  EXPECT_EQ(p.groups, q.groups) << a.name;
  EXPECT_EQ(p.padding_mode, q.padding_mode) << a.name;
  EXPECT_EQ(p.ceil_mode, q.ceil_mode) << a.name;
  EXPECT_EQ(p.count_include_pad, q.count_include_pad) << a.name;
  EXPECT_EQ(a.scene.input, b.scene.input) << a.name;
  EXPECT_EQ(a.scene.weight, b.scene.weight) << a.name;
  ASSERT_EQ(a.scene.bias.has_value(), b.scene.bias.has_value()) << a.name;
  if (a.scene.bias) {
    EXPECT_EQ(*a.scene.bias, *b.scene.bias) << a.name;
  }
  ASSERT_EQ(a.step_captions.size(), b.step_captions.size()) << a.name;
  for (size_t i = 0; i < a.step_captions.size(); ++i) {
    EXPECT_EQ(a.step_captions[i].first, b.step_captions[i].first);
    EXPECT_EQ(a.step_captions[i].last, b.step_captions[i].last);
    EXPECT_EQ(a.step_captions[i].text, b.step_captions[i].text);
  }
}

// Sets an environment variable for one test and restores the old value afterwards.
class ScopedEnv {
 public:
  ScopedEnv(const char* name, const std::string& value) : name_(name) {
    if (const char* old = std::getenv(name)) old_ = old;
    setenv(name, value.c_str(), 1);
  }
  ~ScopedEnv() {
    if (old_) {
      setenv(name_, old_->c_str(), 1);
    } else {
      unsetenv(name_);
    }
  }

 private:
  const char* name_;
  std::optional<std::string> old_;
};

fs::path make_temp_dir(const std::string& tag) {
  fs::path dir =
      fs::temp_directory_path() / ("convstep_lesson_test_" + tag + "_" + std::to_string(::getpid()));
  fs::remove_all(dir);
  fs::create_directories(dir);
  return dir;
}

void write_file(const fs::path& path, const std::string& text) {
  std::ofstream(path) << text;
}

TEST(BuiltinLessons, AllLoadAndTheirScenesCompute) {
  const auto lessons = builtin_lessons();
  ASSERT_GE(lessons.size(), 22u);
  std::set<std::string> names;
  for (const Lesson& lesson : lessons) {
    EXPECT_TRUE(names.insert(lesson.name).second) << lesson.name;
    EXPECT_FALSE(lesson.title.empty()) << lesson.name;
    EXPECT_FALSE(lesson.caption.empty()) << lesson.name;
    auto geometry = resolve_geometry(lesson.scene);
    ASSERT_TRUE(geometry.ok()) << lesson.name;
    EXPECT_EQ(output_of(lesson).shape(), geometry->output_shape()) << lesson.name;
  }
  for (const char* required : {"article-5x5", "stride-2", "padding-same", "max-pool", "avg-pool", "sum-pool",
                               "dilation", "reflect-padding", "conv2d-3-channel", "depthwise"})
    EXPECT_EQ(names.count(required), 1u) << required;
}

TEST(BuiltinLessons, TheDefaultLessonComesFirst) {
  const auto lessons = builtin_lessons();
  ASSERT_FALSE(lessons.empty());
  EXPECT_EQ(lessons.front().name, kDefaultLesson);
}

TEST(BuiltinLessons, ReproduceTheArticlesTwelveTensorShapes) {
  const std::map<std::string, Shape> expected = {
      {"input-1d-k3-s1", {1, 1, 8}},        {"input-1d-k3-s2", {1, 1, 4}},
      {"input-1d-k2-s1", {1, 1, 9}},        {"input-1d-out5", {1, 5, 8}},
      {"input-2d-k3-s1", {1, 1, 3}},        {"input-2d-k3-s2", {1, 1, 2}},
      {"input-2d-k2-s1", {1, 1, 4}},        {"input-2d-out5", {1, 5, 3}},
      {"input-2d-img-k3-s1", {1, 1, 1, 8}}, {"input-2d-img-k3-s2", {1, 1, 1, 4}},
      {"input-2d-img-k2-s1", {1, 1, 2, 9}}, {"input-2d-img-out5", {1, 5, 1, 8}},
  };
  const Tensor input_1d({1, 1, 10}, {1, 2, 3, 4, 5, 6, 7, 8, 9, 10});
  const Tensor input_2d({1, 2, 5}, {1, 2, 3, 4, 5, 6, 7, 8, 9, 10});
  std::vector<float> img;
  for (int c = 0; c < 3; ++c)
    for (int r = 0; r < 3; ++r)
      for (int v = 1; v <= 10; ++v) img.push_back(static_cast<float>(v));
  const Tensor input_2d_img({1, 3, 3, 10}, img);

  for (const auto& [name, shape] : expected) {
    const Lesson lesson = builtin(name);
    EXPECT_EQ(output_of(lesson).shape(), shape) << name;
    const Tensor& input = name.rfind("input-2d-img", 0) == 0 ? input_2d_img
                          : name.rfind("input-2d", 0) == 0   ? input_2d
                                                             : input_1d;
    EXPECT_EQ(lesson.scene.input, input) << name;
    EXPECT_FALSE(lesson.scene.bias.has_value()) << name;
    EXPECT_NE(lesson.caption.find("random"), std::string::npos)
        << name << ": caption should say the article's weights were random";
  }
}

TEST(BuiltinLessons, Article5x5GivesExactlyTheArticlesFeatureMap) {
  const Lesson lesson = builtin("article-5x5");
  EXPECT_EQ(lesson.scene.input.shape(), (Shape{1, 5, 5}));
  EXPECT_EQ(output_of(lesson), Tensor({1, 3, 3}, {4, 3, 4, 2, 4, 3, 2, 3, 4}));
  EXPECT_NE(lesson.caption_for_step(0).find("= 4"), std::string::npos);
  EXPECT_FALSE(lesson.caption_for_step(1).empty());
  EXPECT_FALSE(lesson.caption_for_step(2).empty());
}

TEST(BuiltinLessons, OutputsMatchPyTorch) {
  // torch.nn.functional on the same tensors (sum-pool as avg_pool2d * 4).
  const std::map<std::string, Tensor> expected = {
      {"stride-2", Tensor({1, 2, 2}, {4, 4, 2, 4})},
      {"padding-same",
       Tensor({1, 5, 5}, {2, 2, 3, 1, 1, 1, 4, 3, 4, 1, 1, 2, 4, 3, 3, 1, 2, 3, 4, 1, 0, 2, 2, 1, 1})},
      {"dilation", Tensor({1, 3, 3}, {85, 90, 95, 120, 125, 130, 155, 160, 165})},
      {"reflect-padding",
       Tensor({1, 4, 4}, {39, 42, 51, 54, 51, 54, 63, 66, 87, 90, 99, 102, 99, 102, 111, 114})},
      {"conv2d-3-channel", Tensor({1, 3, 3}, {8, 4, 5, 4, 8, 5, 4, 5, 8})},
      {"depthwise",
       Tensor({3, 3, 3}, {4, 3, 4, 2, 4, 3, 2, 3, 4, 1, 0, 0, 1, 1, 1, 1, 1, 1, 6, 6, 6, 6, 10, 6, 6, 6, 6})},
      {"max-pool", Tensor({1, 2, 2}, {12, 14, 15, 13})},
      {"avg-pool", Tensor({1, 2, 2}, {7.25f, 6, 7.5f, 9.25f})},
      {"sum-pool", Tensor({1, 2, 2}, {29, 24, 30, 37})},
      {"edge-detection", Tensor({1, 4, 4}, {0, 4, 4, 0, 0, 4, 4, 0, 0, 4, 4, 0, 0, 4, 4, 0})},
      {"input-1d-k3-s1", Tensor({1, 1, 8}, {6, 9, 12, 15, 18, 21, 24, 27})},
      {"input-2d-k3-s1", Tensor({1, 1, 3}, {13, 17, 21})},
      {"input-2d-img-k3-s2", Tensor({1, 1, 1, 4}, {14, 28, 42, 56})},
  };
  for (const auto& [name, tensor] : expected) EXPECT_EQ(output_of(builtin(name)), tensor) << name;
}

TEST(BuiltinLessons, FindingAnUnknownLessonListsTheAvailableOnes) {
  auto lesson = find_builtin_lesson("no-such-lesson");
  ASSERT_FALSE(lesson.ok());
  EXPECT_NE(lesson.message().find("\"no-such-lesson\""), std::string::npos) << lesson.message();
  EXPECT_NE(lesson.message().find("article-5x5"), std::string::npos) << lesson.message();
}

TEST(LessonFormat, ParsesTheValidExample) {
  auto lesson = parse_lesson(kValidLesson, "tiny.json");
  ASSERT_TRUE(lesson.ok()) << lesson.message();
  EXPECT_EQ(lesson->name, "tiny");
  EXPECT_EQ(lesson->scene.input.shape(), (Shape{1, 3, 3}));
  EXPECT_EQ(output_of(*lesson), Tensor({1, 2, 2}, {6, 8, 12, 14}));
  EXPECT_EQ(lesson->caption_for_step(1), "first row");
  EXPECT_EQ(lesson->caption_for_step(2), "");
}

TEST(LessonFormat, AcceptsNestedListsFillArangeAndComments) {
  const std::string text = R"({
    // comments are allowed
    "name": "forms", "title": "t", "caption": "c", "op": "conv1d",
    "params": {"stride": [2], "padding": "valid", "kernel_size": 3},
    "input": {"shape": [1, 1, 10], "fill": "arange", "start": 1},
    "weight": [[[1, 1, 1]]],
    "bias": {"shape": [1], "fill": 0.5}
  })";
  auto lesson = parse_lesson(text, "forms.json");
  ASSERT_TRUE(lesson.ok()) << lesson.message();
  EXPECT_EQ(lesson->scene.params.stride[0], 2);
  EXPECT_EQ(lesson->scene.params.padding_kind, PaddingKind::kValid);
  EXPECT_EQ(lesson->scene.weight.shape(), (Shape{1, 1, 3}));
  EXPECT_EQ(output_of(*lesson), Tensor({1, 1, 4}, {6.5f, 12.5f, 18.5f, 24.5f}));
}

TEST(LessonFormat, PoolsDefaultTheStrideToTheKernelSize) {
  const std::string text = R"({"name": "p", "title": "t", "caption": "c", "op": "max_pool2d",
    "params": {"kernel_size": 2}, "input": {"shape": [1, 4, 4], "fill": "arange"}})";
  auto lesson = parse_lesson(text, "p.json");
  ASSERT_TRUE(lesson.ok()) << lesson.message();
  EXPECT_FALSE(lesson->scene.params.stride_set);
  EXPECT_EQ(output_of(*lesson), Tensor({1, 2, 2}, {5, 7, 13, 15}));
}

struct MalformedCase {
  std::string text;
  std::string expected;  // must appear in the message, after "bad.json: "
};

TEST(LessonFormat, EachMalformedFileIsAnErrorNamingTheFileAndTheField) {
  const std::string v = kValidLesson;
  const std::vector<MalformedCase> cases = {
      {replace(v, "\"stride\": 1", "\"stride\": \"x\""),
       "params.stride: expected a positive integer or a list of 2, got \"x\""},
      {replace(v, "\"stride\": 1", "\"stride\": 0"), "params.stride: expected a positive integer"},
      {replace(v, "\"stride\": 1", "\"stride\": [1, 2, 3]"),
       "params.stride: expected a positive integer or a list of 2"},
      {replace(v, "\"padding\": 0", "\"padding\": -1"), "params.padding: expected a non-negative integer"},
      {replace(v, "\"padding\": 0", "\"padding\": \"full\""),
       "params.padding: expected a non-negative integer, a list of 2, \"same\" or \"valid\""},
      {replace(v, "\"stride\": 1", "\"strid\": 1"), "params.strid: unknown field"},
      {replace(v, "\"stride\": 1", "\"ceil_mode\": true"), "params.ceil_mode: conv2d has no ceil_mode"},
      {replace(v, "\"stride\": 1", "\"padding_mode\": \"mirror\""),
       "params.padding_mode: expected \"zeros\""},
      {replace(v, "\"stride\": 1", "\"groups\": 1.5"), "params.groups: expected a positive integer, got 1.5"},
      {replace(v, "\"stride\": 1", "\"kernel_size\": 3"),
       "params.kernel_size: 3 disagrees with the weight's shape [1, 1, 2, 2]"},
      {replace(v, "\"params\": {\"stride\": 1, \"padding\": 0}", "\"params\": [1]"),
       "params: expected an object"},
      {replace(v, "\"name\": \"tiny\",", ""), "name: required field is missing"},
      {replace(v, "\"name\": \"tiny\"", "\"name\": \"two words\""), "name: expected letters, digits"},
      {replace(v, "\"title\": \"Tiny\"", "\"title\": 7"), "title: expected a string, got 7"},
      {replace(v, "\"caption\": \"A 3x3 input and a 2x2 kernel.\",", ""),
       "caption: required field is missing"},
      {replace(v, "\"op\": \"conv2d\"", "\"op\": \"conv3d\""), "op: expected one of conv1d, conv2d"},
      {replace(v, "\"name\": \"tiny\"", "\"name\": \"tiny\", \"colour\": 1"), "colour: unknown field"},
      {replace(v, "[1, 2, 3, 4, 5, 6, 7, 8, 9]", "[1, 2, 3, 4, 5, 6, 7, 8]"),
       "input.data: has 8 values but shape [1, 3, 3] needs 9"},
      {replace(v, "[1, 2, 3, 4, 5, 6, 7, 8, 9]", "[1, 2, 3, 4, \"five\", 6, 7, 8, 9]"),
       "input.data[4]: expected a number"},
      {replace(v, "[1, 2, 3, 4, 5, 6, 7, 8, 9]", "[[[1, 2, 3], [4, 5, 6], [7, 8]]]"),
       "input.data[0][2]: expected a list of 3"},
      {replace(v, "[1, 2, 3, 4, 5, 6, 7, 8, 9]", "[[[1, 2, 3], [4, 5, 6]]]"),
       "input.data: nested lists have shape [1, 2, 3] but shape is [1, 3, 3]"},
      {replace(v, "\"shape\": [1, 3, 3]", "\"shape\": [1, 0, 3]"),
       "input.shape: expected a list of 1 to 4 positive integers"},
      {replace(v, "\"shape\": [1, 3, 3]", "\"shape\": [1, 1, 1, 3, 3]"),
       "input.shape: expected a list of 1 to 4"},
      {replace(v, "\"shape\": [1, 3, 3], \"data\"", "\"data\""), "input.shape: required field is missing"},
      {replace(v, "\"data\": [1, 2, 3, 4, 5, 6, 7, 8, 9]",
               "\"data\": [1, 2, 3, 4, 5, 6, 7, 8, 9], \"fill\": 1"),
       "input: expected exactly one of \"data\" and \"fill\""},
      {replace(v, "\"data\": [1, 0, 0, 1]", "\"fill\": \"ones\""),
       "weight.fill: expected a number or \"arange\""},
      {replace(v, "\"input\": {\"shape\": [1, 3, 3], \"data\": [1, 2, 3, 4, 5, 6, 7, 8, 9]},", ""),
       "input: required field is missing"},
      {replace(v, "\"input\": {\"shape\": [1, 3, 3], \"data\": [1, 2, 3, 4, 5, 6, 7, 8, 9]}", "\"input\": 5"),
       "input: expected a nested list"},
      {replace(v, "\"weight\": {\"shape\": [1, 1, 2, 2], \"data\": [1, 0, 0, 1]},", ""),
       "weight: required field is missing"},
      {replace(v, "\"data\": [1, 2, 3, 4, 5, 6, 7, 8, 9]", "\"data\": [1, 2, 3, 4, 5, 6, 7, 8, 1e300]"),
       "input.data[8]: 1e+300 does not fit in float32"},
      {replace(v, "\"from\": 0, \"to\": 1", "\"from\": 0, \"to\": 4"),
       "step_captions[0].to: step 4 is past the last step (3; the output has 4 elements)"},
      {replace(v, "\"from\": 0, \"to\": 1", "\"from\": 2, \"to\": 1"),
       "step_captions[0].to: step 1 comes before \"from\" (2)"},
      {replace(v, "\"from\": 0, \"to\": 1", "\"from\": -1"), "step_captions[0].from: expected a step number"},
      {replace(v, ", \"text\": \"first row\"", ""), "step_captions[0].text: required field is missing"},
      {replace(v, "\"op\": \"conv2d\"", "\"op\": \"max_pool2d\""), "weight: max_pool2d takes no weight"},
      {replace(replace(v, "\"op\": \"conv2d\"", "\"op\": \"avg_pool2d\""),
               "\"weight\": {\"shape\": [1, 1, 2, 2], \"data\": [1, 0, 0, 1]},", ""),
       "params.kernel_size: required field is missing for avg_pool2d"},
      {"[1, 2]", "expected a JSON object at the top level, got [1,2]"},
  };
  for (const MalformedCase& c : cases) {
    auto lesson = parse_lesson(c.text, "bad.json");
    ASSERT_FALSE(lesson.ok()) << "accepted:\n" << c.text;
    EXPECT_EQ(lesson.message().rfind("bad.json: ", 0), 0u) << lesson.message();
    EXPECT_NE(lesson.message().find(c.expected), std::string::npos)
        << "message: " << lesson.message() << "\nexpected to contain: " << c.expected;
    EXPECT_EQ(lesson.message().find('\n'), std::string::npos) << lesson.message();
  }
}

TEST(LessonFormat, DeeplyNestedListsAreAnErrorNotACrash) {
  // Past the reader's depth limit the file is refused while it is parsed, before anything is built.
  const std::string deep = std::string(100000, '[') + std::string(100000, ']');
  auto hostile = parse_lesson(replace(kValidLesson, "\"Tiny\"", deep), "deep.json");
  ASSERT_FALSE(hostile.ok());
  EXPECT_NE(hostile.message().find("deep.json: invalid JSON: lists and objects nested more than 64 deep"),
            std::string::npos)
      << hostile.message();
  // Within it, the fields say what they expected.
  const std::string nested = std::string(10, '[') + "1" + std::string(10, ']');
  auto title = parse_lesson(replace(kValidLesson, "\"Tiny\"", nested), "deep.json");
  ASSERT_FALSE(title.ok());
  EXPECT_NE(title.message().find("deep.json: title: expected a string, got a list of 1"), std::string::npos)
      << title.message();
  auto input = parse_lesson(
      replace(kValidLesson, "{\"shape\": [1, 3, 3], \"data\": [1, 2, 3, 4, 5, 6, 7, 8, 9]}", nested),
      "deep.json");
  ASSERT_FALSE(input.ok());
  EXPECT_NE(input.message().find("deep.json: input: lists nested more than 4 deep"), std::string::npos)
      << input.message();
}

TEST(LessonFormat, InvalidJsonIsReportedWithLineAndColumn) {
  const std::string text = "{\n  \"name\": \"x\",\n  \"title\": \n}\n";
  auto lesson = parse_lesson(text, "broken.json");
  ASSERT_FALSE(lesson.ok());
  EXPECT_EQ(lesson.message().rfind("broken.json: invalid JSON: ", 0), 0u) << lesson.message();
  EXPECT_NE(lesson.message().find("line 4, column 1"), std::string::npos) << lesson.message();
  EXPECT_FALSE(parse_lesson("", "empty.json").ok());
}

TEST(LessonFormat, AGeometryErrorIsReportedWithTheFileName) {
  const std::string text =
      replace(kValidLesson, "\"weight\": {\"shape\": [1, 1, 2, 2], \"data\": [1, 0, 0, 1]}",
              "\"weight\": {\"shape\": [1, 1, 5, 5], \"fill\": 1}");
  auto lesson = parse_lesson(replace(text, "\"to\": 1", "\"to\": 0"), "big-kernel.json");
  ASSERT_FALSE(lesson.ok());
  EXPECT_EQ(lesson.message().rfind("big-kernel.json: ", 0), 0u) << lesson.message();
  EXPECT_NE(lesson.message().find("output height"), std::string::npos) << lesson.message();

  auto groups = parse_lesson(replace(kValidLesson, "\"stride\": 1", "\"groups\": 2"), "groups.json");
  ASSERT_FALSE(groups.ok());
  EXPECT_EQ(groups.message().rfind("groups.json: ", 0), 0u) << groups.message();
  EXPECT_NE(groups.message().find("groups"), std::string::npos) << groups.message();
}

TEST(LessonFormat, LoadingAMissingFileNamesThePath) {
  auto lesson = load_lesson_file("/nonexistent/dir/lesson.json");
  ASSERT_FALSE(lesson.ok());
  EXPECT_NE(lesson.message().find("/nonexistent/dir/lesson.json"), std::string::npos) << lesson.message();
}

TEST(LessonFormat, ErrorsFromAFileNameThatFile) {
  const fs::path dir = make_temp_dir("file");
  write_file(dir / "article-5x5.json", replace(kValidLesson, "\"stride\": 1", "\"stride\": \"x\""));
  auto lesson = load_lesson_file((dir / "article-5x5.json").string());
  ASSERT_FALSE(lesson.ok());
  EXPECT_NE(lesson.message().find(
                "article-5x5.json: params.stride: expected a positive integer or a list of 2, got \"x\""),
            std::string::npos)
      << lesson.message();
  fs::remove_all(dir);
}

TEST(LessonArgument, ABareNameIsABuiltinLesson) {
  auto lesson = load_lesson_argument(kDefaultLesson);
  ASSERT_TRUE(lesson.ok()) << lesson.message();
  EXPECT_EQ(lesson->name, kDefaultLesson);
}

TEST(LessonArgument, AnUnknownBareNameIsRefusedAsALessonName) {
  auto lesson = load_lesson_argument("no-such-lesson");
  ASSERT_FALSE(lesson.ok());
  EXPECT_NE(lesson.message().find("no-such-lesson"), std::string::npos) << lesson.message();
  EXPECT_NE(lesson.message().find(kDefaultLesson), std::string::npos) << lesson.message();
}

TEST(LessonArgument, AnArgumentWithASlashIsAFile) {
  const fs::path dir = make_temp_dir("argument");
  write_file(dir / "tiny", kValidLesson);
  auto lesson = load_lesson_argument((dir / "tiny").string());
  ASSERT_TRUE(lesson.ok()) << lesson.message();
  EXPECT_EQ(lesson->name, "tiny");
  fs::remove_all(dir);
}

TEST(LessonArgument, ANameEndingInJsonIsAFileEvenWhenMissing) {
  // Not looked up among the built-ins: the error names the file that could not be read.
  auto lesson = load_lesson_argument("article-5x5.json");
  ASSERT_FALSE(lesson.ok());
  EXPECT_NE(lesson.message().find("article-5x5.json"), std::string::npos) << lesson.message();
  EXPECT_EQ(lesson.message().find("built-in lesson"), std::string::npos) << lesson.message();
}

TEST(LessonArgument, AnExistingFileInTheWorkingFolderIsAFile) {
  const fs::path dir = make_temp_dir("cwd");
  write_file(dir / "tiny", kValidLesson);
  const fs::path before = fs::current_path();
  fs::current_path(dir);
  auto lesson = load_lesson_argument("tiny");
  fs::current_path(before);
  ASSERT_TRUE(lesson.ok()) << lesson.message();
  EXPECT_EQ(lesson->title, "Tiny");
  fs::remove_all(dir);
}

TEST(LessonFormat, LessonToJsonReadsBackToTheSameLesson) {
  for (const Lesson& lesson : builtin_lessons()) {
    auto again = parse_lesson(lesson_to_json(lesson), lesson.name + " (written)");
    ASSERT_TRUE(again.ok()) << again.message();
    expect_same_lesson(lesson, *again);
  }
}

TEST(LessonFormat, RoundTripKeepsFractionsInfinitiesAndEveryParameter) {
  Lesson lesson;
  lesson.name = "odd_values.1";
  lesson.title = "Quotes \" and \\ and ünïcode";
  lesson.caption = "line\nbreak";
  lesson.scene.params.op = Op::kAvgPool2d;
  lesson.scene.params.kernel_size = {3, 2};
  lesson.scene.params.stride = {2, 1};
  lesson.scene.params.padding = {1, 0};
  lesson.scene.params.ceil_mode = true;
  lesson.scene.params.count_include_pad = false;
  lesson.scene.input = Tensor({1, 2, 5, 4}, 0.0f);
  for (int64_t i = 0; i < lesson.scene.input.numel(); ++i)
    lesson.scene.input.values()[static_cast<size_t>(i)] = 1.0f / static_cast<float>(i + 3) - 0.25f;
  lesson.scene.input.values()[3] = -std::numeric_limits<float>::infinity();
  lesson.step_captions = {{0, 0, "a"}, {1, 5, "b"}};
  auto again = parse_lesson(lesson_to_json(lesson), "odd.json");
  ASSERT_TRUE(again.ok()) << again.message() << "\n" << lesson_to_json(lesson);
  expect_same_lesson(lesson, *again);

  Lesson conv = builtin("article-5x5");
  conv.scene.params.padding_kind = PaddingKind::kSame;
  conv.scene.params.dilation = {2, 1};
  conv.scene.params.padding_mode = PaddingMode::kCircular;
  conv.scene.bias = Tensor({1}, std::vector<float>{-0.1f});
  conv.step_captions.clear();
  auto conv_again = parse_lesson(lesson_to_json(conv), "conv.json");
  ASSERT_TRUE(conv_again.ok()) << conv_again.message();
  expect_same_lesson(conv, *conv_again);
}

TEST(LessonsDir, FollowsConvstepAssetsAndReportsDuplicateNames) {
  const fs::path dir = make_temp_dir("assets");
  fs::create_directories(dir / "lessons");
  write_file(dir / "lessons" / "b.json",
             replace(kValidLesson, "\"name\": \"tiny\"", "\"name\": \"second\", \"order\": 2"));
  write_file(dir / "lessons" / "a.json",
             replace(kValidLesson, "\"name\": \"tiny\"", "\"name\": \"first\", \"order\": 1"));
  write_file(dir / "lessons" / "notes.txt", "not a lesson");
  {
    ScopedEnv env("CONVSTEP_ASSETS", dir.string());
    EXPECT_EQ(lessons_dir(), (dir / "lessons").string());
    auto lessons = load_builtin_lessons();
    ASSERT_TRUE(lessons.ok()) << lessons.message();
    ASSERT_EQ(lessons->size(), 2u);
    EXPECT_EQ((*lessons)[0].name, "first");
    EXPECT_EQ((*lessons)[1].name, "second");
    EXPECT_TRUE(find_builtin_lesson("second").ok());

    write_file(dir / "lessons" / "c.json",
               replace(kValidLesson, "\"name\": \"tiny\"", "\"name\": \"first\""));
    auto duplicate = load_builtin_lessons();
    ASSERT_FALSE(duplicate.ok());
    EXPECT_NE(duplicate.message().find("c.json: name: \"first\" is already used by"), std::string::npos)
        << duplicate.message();
  }
  {
    ScopedEnv env("CONVSTEP_ASSETS", (dir / "missing").string());
    auto lessons = load_builtin_lessons();
    ASSERT_FALSE(lessons.ok());
    EXPECT_NE(lessons.message().find("missing"), std::string::npos) << lessons.message();
  }
  fs::remove_all(dir);
}

TEST(LessonsDir, WithoutTheVariableFindsTheSourceTreesLessons) {
  if (std::getenv("CONVSTEP_ASSETS")) GTEST_SKIP() << "CONVSTEP_ASSETS is set";
  EXPECT_TRUE(fs::exists(fs::path(lessons_dir()) / "article-5x5.json")) << lessons_dir();
}

}  // namespace
}  // namespace convstep
