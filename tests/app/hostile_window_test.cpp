// The real window under Xvfb opens two crafted JPEGs one after the other through its drop path
// (--drop feeds the same open_dropped as GLFW's drop callback), then draws and takes its screenshot:
// it must not crash, each file's message reaches stderr, and the last one is on screen (in the layout).
#include <string>

#include "tests/app/gui_support.h"

namespace convstep::gui_test {
namespace {

class HostileWindow : public GuiTest {};

std::string hostile(const std::string& name) {
  return std::string(CONVSTEP_TEST_DATA_DIR) + "/hostile/" + name;
}

TEST_F(HostileWindow, TwoCraftedJpegsDroppedOneAfterTheOtherAreEachRefusedWithoutACrash) {
  const AppRun r = run("--drop '" + hostile("many_codes.jpg") + "' --drop '" +
                       hostile("undefined_table.jpg") + "' --drop '" + hostile("many_codes.jpg") + "'");
  ASSERT_NE(r.exit_code, -1) << "the app was killed by a signal: " << r.stderr_text;
  EXPECT_EQ(r.exit_code, 1) << "a headless run whose drops failed must fail: " << r.stderr_text;
  EXPECT_NE(r.stderr_text.find("many_codes.jpg"), std::string::npos) << r.stderr_text;
  EXPECT_NE(r.stderr_text.find("undefined_table.jpg"), std::string::npos) << r.stderr_text;
  EXPECT_EQ(r.image.width, kWidth) << "no screenshot after the drops";
  ASSERT_EQ(r.layout.error, "");
  EXPECT_TRUE(r.layout.shows_text("many_codes.jpg")) << "the last drop's message is not on screen";
}

TEST_F(HostileWindow, ACraftedJpegThenAGoodImageShowsTheGoodImageAndNoMessage) {
  // The control case: the same drops end on a good file, which replaces the message.
  const AppRun r = run("--drop '" + hostile("undefined_table.jpg") + "' --drop '" +
                       std::string(CONVSTEP_TEST_DATA_DIR) + "/images/rgb_4x3.png'");
  EXPECT_EQ(r.exit_code, 1) << "the first drop failed: " << r.stderr_text;
  EXPECT_NE(r.stderr_text.find("undefined_table.jpg"), std::string::npos) << r.stderr_text;
  ASSERT_EQ(r.layout.error, "");
  EXPECT_FALSE(r.layout.shows_text("undefined_table.jpg"));
}

TEST_F(HostileWindow, ABrokenLessonDroppedOnTheWindowFailsTheHeadlessRun) {
  const AppRun r = run("--drop '" + hostile("huge_number.json") + "'");
  EXPECT_EQ(r.exit_code, 1) << r.stderr_text;
  EXPECT_NE(r.stderr_text.find("huge_number.json"), std::string::npos) << r.stderr_text;
  EXPECT_EQ(r.image.width, kWidth);
}

TEST_F(HostileWindow, AGoodDropExitsZero) {
  const AppRun r = run("--drop '" + std::string(CONVSTEP_TEST_DATA_DIR) + "/images/rgb_4x3.png'");
  EXPECT_EQ(r.exit_code, 0) << r.stderr_text;
  EXPECT_EQ(r.image.width, kWidth);
}

}  // namespace
}  // namespace convstep::gui_test
