// Every hostile reproducer (tests/data/hostile/, plus an oversized sparse lesson, a folder and a missing
// file made here) opened in the App without a window by each way the window opens a file: the lesson
// path field (Actions::load_lesson), a drop (Actions::open_dropped) and the playground's open field
// (PlaygroundActions::open_image). Each shows a message naming the file where the user looks, and the
// lesson, its step and the playground's image stay exactly as they were.
#include <gtest/gtest.h>
#include <unistd.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include "app/app.h"
#include "app/gui_options.h"
#include "core/lesson.h"

namespace convstep {
namespace {

namespace fs = std::filesystem;

// How the window opens a file, as the panels and the drop callback record it.
enum class Route { kLessonField, kDrop, kPlaygroundField };

const char* route_name(Route route) {
  switch (route) {
    case Route::kLessonField:
      return "the lesson path field";
    case Route::kDrop:
      return "a drop";
    case Route::kPlaygroundField:
      return "the playground's open field";
  }
  return "?";
}

std::string hostile(const std::string& name) {
  return std::string(CONVSTEP_TEST_DATA_DIR) + "/hostile/" + name;
}

std::string good_image() {
  return std::string(CONVSTEP_TEST_DATA_DIR) + "/images/rgb_4x3.png";
}

// What must not change when a file fails to open.
struct Shown {
  std::string lesson_json, lesson_source;
  int64_t step = -1;
  std::string image_path;
  std::vector<uint8_t> image_pixels;
  friend bool operator==(const Shown&, const Shown&) = default;
};

Shown shown(const App& app) {
  Shown s;
  s.lesson_json = lesson_to_json(app.model.lesson.lesson);
  s.lesson_source = app.model.lesson.source;
  s.step = app.model.walk.position.step;
  if (app.model.playground.image) {
    s.image_path = app.model.playground.image->path;
    s.image_pixels = app.model.playground.image->original.pixels;
  }
  return s;
}

class HostileOpen : public ::testing::Test {
 protected:
  void SetUp() override {
    const auto* info = ::testing::UnitTest::GetInstance()->current_test_info();
    dir_ = fs::temp_directory_path() /
           ("convstep_hostile_open_" + std::string(info->name()) + "_" + std::to_string(::getpid()));
    fs::remove_all(dir_);
    fs::create_directories(dir_ / "a_folder.json");
    fs::create_directories(dir_ / "a_folder");
    // Past the lesson reader's 256 MB limit, yet no disk space: a sparse file.
    std::ofstream(dir_ / "oversized.json").put('{');
    fs::resize_file(dir_ / "oversized.json", uintmax_t{300} << 20);

    std::ostringstream err;
    init_app(app_, GuiOptions{}, err);
    Actions seek;
    seek.seek = 3;
    apply_actions(app_, seek);
    Actions open;
    open.playground.open_image = good_image();
    apply_actions(app_, open);
    ASSERT_TRUE(app_.model.playground.image) << app_.model.playground.error;
    ASSERT_EQ(app_.model.walk.position.step, 3);
  }
  void TearDown() override { fs::remove_all(dir_); }

  std::vector<std::string> reproducers() const {
    return {hostile("many_codes.jpg"),
            hostile("undefined_table.jpg"),
            hostile("bad_crc.png"),
            hostile("huge_number.json"),
            hostile("deep.json"),
            hostile("truncated.json"),
            (dir_ / "oversized.json").string(),
            (dir_ / "a_folder.json").string(),
            (dir_ / "a_folder").string(),
            (dir_ / "missing.jpg").string(),
            (dir_ / "missing.json").string()};
  }

  // Opens `path` by `route` from the view that route lives in, after clearing earlier messages so each
  // file must bring its own. Returns the message now shown where the user looks ("" if none).
  std::string open(Route route, const std::string& path) {
    Actions dismiss;
    dismiss.dismiss_error = true;
    dismiss.playground.dismiss_error = true;
    apply_actions(app_, dismiss);
    app_.ui.main_view = route == Route::kPlaygroundField ? MainView::kPlayground : MainView::kStepper;
    Actions a;
    if (route == Route::kLessonField) a.load_lesson = path;
    if (route == Route::kDrop) a.open_dropped = path;
    if (route == Route::kPlaygroundField) a.playground.open_image = path;
    apply_actions(app_, a);
    const bool to_stepper =
        route == Route::kLessonField || (route == Route::kDrop && is_lesson_file_name(path));
    if (to_stepper) {
      EXPECT_EQ(app_.ui.main_view, MainView::kStepper) << path << " by " << route_name(route);
      return app_.ui.error_dismissed ? "" : app_.model.lesson.error;
    }
    EXPECT_EQ(app_.ui.main_view, MainView::kPlayground) << path << " by " << route_name(route);
    return app_.model.playground.error;
  }

  fs::path dir_;
  App app_;
};

TEST_F(HostileOpen, EveryReproducerByEveryRouteShowsAMessageNamingItAndKeepsTheScene) {
  const Shown before = shown(app_);
  for (Route route : {Route::kLessonField, Route::kDrop, Route::kPlaygroundField}) {
    for (const std::string& path : reproducers()) {
      const std::string message = open(route, path);
      const std::string name = fs::path(path).filename().string();
      EXPECT_NE(message.find(name), std::string::npos)
          << path << " by " << route_name(route) << ": the message does not name it: \"" << message << "\"";
      EXPECT_TRUE(shown(app_) == before) << path << " by " << route_name(route) << " changed the scene";
    }
  }
}

TEST_F(HostileOpen, EachLessonReproducerSaysWhatIsWrongWithIt) {
  const std::vector<std::pair<std::string, std::string>> reasons = {
      {hostile("huge_number.json"), "1e400"},
      {hostile("deep.json"), "deep"},
      {(dir_ / "oversized.json").string(), "at most"},
      {(dir_ / "a_folder.json").string(), "folder"},
      {(dir_ / "missing.json").string(), "exist"}};
  for (const auto& [path, reason] : reasons) {
    const std::string message = open(Route::kDrop, path);
    EXPECT_NE(message.find(reason), std::string::npos) << path << ": \"" << message << "\"";
  }
}

TEST_F(HostileOpen, TwoCraftedJpegsOneAfterTheOtherEachGetTheirOwnMessage) {
  // stb_image crashed on the second of two such files in one process.
  const Shown before = shown(app_);
  for (int round = 0; round < 3; ++round) {
    for (const char* name : {"many_codes.jpg", "undefined_table.jpg"}) {
      const std::string message = open(Route::kDrop, hostile(name));
      EXPECT_NE(message.find(name), std::string::npos) << "round " << round << ": \"" << message << "\"";
      EXPECT_NE(message.find("libjpeg"), std::string::npos) << message;
    }
  }
  EXPECT_TRUE(shown(app_) == before);
}

TEST_F(HostileOpen, AFailedDropIsReportedAndAGoodOneIsNot) {
  // The control case for open_failure, which a headless --drop run's exit code reads.
  open(Route::kDrop, hostile("many_codes.jpg"));
  EXPECT_NE(open_failure(app_.model, hostile("many_codes.jpg")).find("many_codes.jpg"), std::string::npos);
  open(Route::kDrop, hostile("huge_number.json"));
  EXPECT_NE(open_failure(app_.model, hostile("huge_number.json")).find("1e400"), std::string::npos);

  const std::string lesson = std::string(CONVSTEP_TEST_DATA_DIR) + "/../../assets/lessons/stride-2.json";
  EXPECT_EQ(open(Route::kDrop, lesson), "");
  EXPECT_EQ(open_failure(app_.model, lesson), "");
  EXPECT_EQ(open(Route::kDrop, good_image()), "");
  EXPECT_EQ(open_failure(app_.model, good_image()), "");
}

TEST_F(HostileOpen, ALessonDropIsRecognisedWhateverTheCaseOfItsEnding) {
  EXPECT_TRUE(is_lesson_file_name("/x/lesson.json"));
  EXPECT_TRUE(is_lesson_file_name("LESSON.JSON"));
  EXPECT_FALSE(is_lesson_file_name("photo.jpg"));
  EXPECT_FALSE(is_lesson_file_name("json"));
}

TEST(InitApp, ReportsEachFailedRequestOnOneLineAndSucceedsWhenAllWorked) {
  // What a headless run's exit code is read from: the lesson, a --set and the image asked for.
  const auto started = [](const GuiOptions& options, std::string* err_text) {
    App app;
    std::ostringstream err;
    const bool ok = init_app(app, options, err);
    *err_text = err.str();
    return ok;
  };
  std::string err;
  GuiOptions good;
  good.lesson = "stride-2";
  good.set = {"padding=1"};
  good.image = good_image();
  EXPECT_TRUE(started(good, &err)) << err;
  EXPECT_EQ(err, "");

  GuiOptions lesson;
  lesson.lesson = hostile("huge_number.json");
  EXPECT_FALSE(started(lesson, &err));
  EXPECT_NE(err.find("huge_number.json"), std::string::npos) << err;

  GuiOptions set;
  set.set = {"stride=1", "kernel_size=9"};
  EXPECT_FALSE(started(set, &err));
  EXPECT_EQ(err.rfind("convstep: --set stride=1 kernel_size=9: ", 0), 0u) << err;
  EXPECT_EQ(std::count(err.begin(), err.end(), '\n'), 1) << err;

  GuiOptions image;
  image.image = hostile("undefined_table.jpg");
  EXPECT_FALSE(started(image, &err));
  EXPECT_NE(err.find("undefined_table.jpg"), std::string::npos) << err;
}

}  // namespace
}  // namespace convstep
