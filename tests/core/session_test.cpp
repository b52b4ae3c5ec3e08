// Tests for session files: every built-in lesson, edited and saved with a position, reads back to the
// same scene and state; a session opens wherever a lesson does; a newer schema, malformed, truncated and
// oversized files are each refused with a message naming the file and the field.
#include "core/session.h"
#include "core/transpose.h"

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <optional>
#include <random>
#include <string>

#include "core/atomic_write.h"
#include "core/json_read.h"
#include "core/ops.h"
#include "core/stepper.h"

namespace convstep {
namespace {

namespace fs = std::filesystem;

class TempDir {
 public:
  TempDir() {
    path_ = fs::temp_directory_path() /
            ("convstep_session_test_" +
             std::string(::testing::UnitTest::GetInstance()->current_test_info()->name()) + "_" +
             std::to_string(std::random_device{}()));
    fs::create_directories(path_);
  }
  ~TempDir() {
    std::error_code ignored;
    fs::remove_all(path_, ignored);
  }
  std::string file(const std::string& name) const { return (path_ / name).string(); }

 private:
  fs::path path_;
};

std::string write(const TempDir& dir, const std::string& name, const std::string& text) {
  const std::string path = dir.file(name);
  EXPECT_TRUE(atomic_write(path, text).ok());
  return path;
}

Lesson builtin(const std::string& name) {
  auto lesson = find_builtin_lesson(name);
  EXPECT_TRUE(lesson.ok()) << (lesson.ok() ? "" : lesson.message());
  return lesson.ok() ? *lesson : Lesson{};
}

// A session of the default lesson at step 3, tap 2, with the article's palette.
std::string sample_session() {
  SessionState state;
  state.step = 3;
  state.tap = 2;
  state.tap_by_tap = true;
  state.speed = 2.5;
  state.palette = 1;
  return session_to_json(builtin(kDefaultLesson), state);
}

// The refusal for `text` as a session file named "bad.convstep".
std::string refusal(const std::string& text) {
  Result<Session> s = parse_session(text, "bad.convstep");
  EXPECT_FALSE(s.ok()) << "accepted: " << text.substr(0, 200);
  return s.ok() ? "" : s.message();
}

std::string replaced(std::string text, const std::string& from, const std::string& to) {
  const size_t at = text.find(from);
  EXPECT_NE(at, std::string::npos) << from;
  if (at != std::string::npos) text.replace(at, from.size(), to);
  return text;
}

TEST(SessionFormat, EveryBuiltinLessonRoundTripsWithItsEditsAndPosition) {
  auto lessons = load_builtin_lessons();
  ASSERT_TRUE(lessons.ok()) << lessons.message();
  ASSERT_FALSE(lessons->empty());
  TempDir dir;
  std::mt19937 rng(7);
  for (Lesson lesson : *lessons) {
    // An edited tensor, with a value no lesson has, must come back exactly.
    std::vector<float> values(lesson.scene.input.values().begin(), lesson.scene.input.values().end());
    values[values.size() / 2] = -0.1f + static_cast<float>(rng() % 100) / 7.0f;
    lesson.scene.input = Tensor(lesson.scene.input.shape(), std::move(values));
    // A transposed convolution opens stamp by stamp: its steps are the stamps.
    std::optional<Stepper> stepper;
    std::optional<Stamper> stamper;
    if (is_conv_transpose(lesson.scene.params.op)) {
      Result<Stamper> made = Stamper::create(lesson.scene);
      ASSERT_TRUE(made.ok()) << lesson.name << ": " << made.message();
      stamper.emplace(std::move(made).value());
    } else {
      Result<Stepper> made = Stepper::create(lesson.scene);
      ASSERT_TRUE(made.ok()) << lesson.name << ": " << made.message();
      stepper.emplace(std::move(made).value());
    }
    const WalkTrack& track = stamper ? static_cast<const WalkTrack&>(*stamper) : *stepper;
    SessionState state;
    state.step = track.step_count() - 1;
    state.tap = track.tap_count(state.step) - 1;
    state.tap_by_tap = true;
    state.speed = 0.75;
    state.loop = true;
    state.palette = 1;

    const std::string path = write(dir, lesson.name + kSessionExtension, session_to_json(lesson, state));
    Result<Session> back = load_session_file(path);
    ASSERT_TRUE(back.ok()) << back.message();
    EXPECT_EQ(lesson_to_json(back->lesson), lesson_to_json(lesson)) << lesson.name;
    EXPECT_EQ(back->lesson.scene.input, lesson.scene.input) << lesson.name;
    EXPECT_EQ(back->lesson.title, lesson.title);
    EXPECT_EQ(back->lesson.caption, lesson.caption);
    ASSERT_EQ(back->lesson.step_captions.size(), lesson.step_captions.size()) << lesson.name;
    for (size_t i = 0; i < lesson.step_captions.size(); ++i)
      EXPECT_EQ(back->lesson.step_captions[i].text, lesson.step_captions[i].text);
    ASSERT_TRUE(back->state.has_value()) << lesson.name;
    EXPECT_EQ(*back->state, state) << lesson.name;
    auto a = run(lesson.scene), b = run(back->lesson.scene);
    ASSERT_TRUE(a.ok() && b.ok()) << lesson.name;
    EXPECT_EQ(*a, *b) << lesson.name;
  }
}

TEST(SessionFormat, OpensWhereverALessonDoes) {
  TempDir dir;
  const std::string path = write(dir, "class.convstep", sample_session());
  Result<Lesson> lesson = load_lesson_argument(path);
  ASSERT_TRUE(lesson.ok()) << lesson.message();
  EXPECT_EQ(lesson->name, kDefaultLesson);
  Result<Session> session = load_session_argument(path);
  ASSERT_TRUE(session.ok()) << session.message();
  ASSERT_TRUE(session->state.has_value());
  EXPECT_EQ(session->state->step, 3);
  // A built-in lesson and a plain lesson file are sessions without state.
  Result<Session> builtin_session = load_session_argument(kDefaultLesson);
  ASSERT_TRUE(builtin_session.ok()) << builtin_session.message();
  EXPECT_FALSE(builtin_session->state.has_value());
  const std::string plain = write(dir, "plain.json", lesson_to_json(builtin("stride-2")));
  Result<Session> plain_session = load_session_argument(plain);
  ASSERT_TRUE(plain_session.ok()) << plain_session.message();
  EXPECT_FALSE(plain_session->state.has_value());
  EXPECT_EQ(plain_session->lesson.name, "stride-2");
}

TEST(SessionFormat, ANewerSchemaNamesBothVersions) {
  const std::string message =
      refusal(replaced(sample_session(), "\"convstep_session\": 1", "\"convstep_session\": 7"));
  EXPECT_EQ(message,
            "bad.convstep: convstep_session: made by a newer convstep: schema 7, this version reads up to 1");
}

TEST(SessionFormat, EachMalformedFieldIsNamedWithTheFile) {
  const std::string good = sample_session();
  struct Case {
    std::string from, to, field;
  };
  const Case cases[] = {
      {"\"convstep_session\": 1", "\"convstep_session\": \"one\"",
       "bad.convstep: convstep_session: expected"},
      {"\"convstep_session\": 1", "\"convstep_session\": 0", "bad.convstep: convstep_session: expected"},
      {"\"step\": 3", "\"step\": -4", "bad.convstep: state.step: expected"},
      {"\"step\": 3", "\"step\": 25", "bad.convstep: state.step: step 25 is past the last step (8"},
      {"\"tap\": 2", "\"tap\": 9", "bad.convstep: state.tap: tap 9 is past the last tap (8"},
      {"\"tap\": 2", "\"tap\": -2", "bad.convstep: state.tap: expected"},
      {"\"speed\": 2.5", "\"speed\": 0", "bad.convstep: state.speed: expected steps per second"},
      {"\"speed\": 2.5", "\"speed\": 1e300", "bad.convstep: state.speed: expected steps per second"},
      {"\"palette\": 1", "\"palette\": 5", "bad.convstep: state.palette: expected 0"},
      {"\"loop\": false", "\"loop\": 1", "bad.convstep: state.loop: expected true or false"},
      {"\"loop\": false", "\"lop\": false", "bad.convstep: state.lop: unknown field"},
      {"\"state\": {", "\"state\": [{", "bad.convstep: state: expected an object"},
      {"\"title\":", "\"titel\":", "bad.convstep: titel: unknown field"},
      {"\"stride\": 1", "\"stride\": 0", "bad.convstep: params.stride: expected"},
  };
  for (const Case& c : cases) {
    std::string text = replaced(good, c.from, c.to);
    if (c.to.find("[{") != std::string::npos) text = replaced(text, "},\n", "}],\n");
    const std::string message = refusal(text);
    EXPECT_EQ(message.rfind(c.field, 0), 0u) << c.to << " gave: " << message;
  }
}

TEST(SessionFormat, TruncatedFilesAreRefusedAtEveryLength) {
  const std::string good = sample_session();
  TempDir dir;
  for (size_t length = 0; length < good.size(); length += 1 + length / 9) {
    const std::string path = write(dir, "cut.convstep", good.substr(0, length));
    Result<Session> s = load_session_file(path);
    ASSERT_FALSE(s.ok()) << "a file cut at " << length << " bytes was accepted";
    EXPECT_EQ(s.message().rfind(path + ": ", 0), 0u) << s.message();
  }
}

TEST(SessionFormat, AnOversizedFileIsRefusedBeforeItIsRead) {
  TempDir dir;
  const std::string path = write(dir, "huge.convstep", sample_session());
  // A sparse file: its size is past the limit without the disk holding it.
  fs::resize_file(path, static_cast<uintmax_t>(JsonLimits{}.max_bytes) + 1);
  Result<Session> s = load_session_file(path);
  ASSERT_FALSE(s.ok());
  EXPECT_NE(s.message().find(path + ": the file is "), std::string::npos) << s.message();
}

TEST(SessionFormat, ATensorTooLargeForItsFieldIsNamed) {
  std::string text = replaced(sample_session(), "\"shape\": [1, 5, 5]", "\"shape\": [1, 5, 6]");
  const std::string message = refusal(text);
  EXPECT_EQ(message.rfind("bad.convstep: input.data: has 25 values but shape [1, 5, 6] needs 30", 0), 0u)
      << message;
}

TEST(SessionFormat, FileNamesEndingInConvstepAreSessions) {
  EXPECT_TRUE(is_session_file_name("/a/b/class.convstep"));
  EXPECT_TRUE(is_session_file_name("CLASS.CONVSTEP"));
  EXPECT_FALSE(is_session_file_name("lesson.json"));
  EXPECT_FALSE(is_session_file_name("convstep"));
}

}  // namespace
}  // namespace convstep
