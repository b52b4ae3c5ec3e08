// The Export animation dialog in the App: it opens through its action filled from the lesson on
// screen, an export started from it draws between the window's frames and writes the scene as shown
// (edits included), and Cancel leaves nothing behind. The UI runs in a headless ImGui context; the
// export draws in a hidden window's OpenGL context, as it does in the window's.
#include "app/panels/export_panel.h"

#include <gtest/gtest.h>

#include <gif_lib.h>
#include <imgui.h>
#include <stdlib.h>

#include <cerrno>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>

#include "app/app.h"
#include "app/export_job.h"
#include "app/gui_options.h"
#include "core/atomic_write.h"
#include "tests/app/gl_test_context.h"
#include "tests/app/headless_imgui_support.h"

namespace convstep {
namespace {

namespace fs = std::filesystem;

class ExportPanel : public ::testing::Test {
 protected:
  void SetUp() override {
    test_support::create_headless_imgui(&app_.ui.fonts);
    apply_dark_theme();
    std::string pattern = (fs::temp_directory_path() / "convstep_export_XXXXXX").string();
    ASSERT_NE(mkdtemp(pattern.data()), nullptr);
    dir_ = pattern;
    GuiOptions options;
    options.no_settings = true;
    std::ostringstream err;
    ASSERT_TRUE(init_app(app_, options, err)) << err.str();
  }
  void TearDown() override {
    app_.ui.export_panel.job.reset();
    ImGui::DestroyContext();
    std::error_code ec;
    fs::remove_all(dir_, ec);
  }
  // One frame of the window: build the UI, apply what it asked for.
  void frame(const Actions& extra = {}) {
    ImGui::NewFrame();
    Actions actions = build_ui(app_);
    ImGui::Render();
    apply_actions(app_, actions);
    apply_actions(app_, extra);
  }
  ExportRequest gif_request(const std::string& name) {
    ExportRequest request;
    request.kind = ExportKind::kGif;
    request.path = (dir_ / name).string();
    request.spec.width = 640;
    request.spec.height = 480;
    request.spec.frames_per_step = 2;
    request.spec.steps_per_second = 4;
    return request;
  }
  std::vector<std::string> names() const {
    std::vector<std::string> found;
    for (const auto& e : fs::directory_iterator(dir_)) found.push_back(e.path().filename().string());
    return found;
  }
  App app_;
  fs::path dir_;
};

TEST_F(ExportPanel, OpensThroughItsActionFilledFromTheLessonOnScreen) {
  frame();
  EXPECT_FALSE(app_.ui.export_panel.open);
  Actions open;
  open.open_export = true;
  frame(open);
  frame();
  const ExportPanelState& p = app_.ui.export_panel;
  EXPECT_TRUE(p.open);
  EXPECT_EQ(fs::path(p.path).filename(), "article-5x5.gif");
  EXPECT_EQ(p.from, 1);
  EXPECT_EQ(p.to, 9) << "the article's walk has 9 steps";
  bool export_button = false;
  for (const DrawnWidget& w : app_.ui.stage.layout.widgets) export_button |= w.label == "Export";
  EXPECT_TRUE(export_button) << "the dialog's Export button is drawn";
}

TEST_F(ExportPanel, AnExportDrawsBetweenFramesAndWritesTheSceneAsShown) {
  REQUIRE_GL();
  // An edit on screen: stride 2 leaves 4 steps.
  ASSERT_TRUE(apply_settings(app_, {"stride=2"}));
  Actions start;
  start.start_export = gif_request("walk.gif");
  frame(start);
  int frames = 0;
  while (export_running(app_) && frames < 1000) {
    run_export_frames(app_, 0.0);  // one export frame per window frame
    frame();
    ++frames;
  }
  const ExportPanelState& p = app_.ui.export_panel;
  ASSERT_EQ(p.error, "");
  EXPECT_EQ(p.written, (dir_ / "walk.gif").string());
  EXPECT_GE(frames, 8) << "4 steps of 2 frames, drawn a frame at a time";
  EXPECT_NE(p.written_note.find("8 frames"), std::string::npos) << p.written_note;
  int error = 0;
  GifFileType* gif = DGifOpenFileName(p.written.c_str(), &error);
  ASSERT_NE(gif, nullptr);
  EXPECT_EQ(gif->SWidth, 640);
  DGifCloseFile(gif, &error);
}

TEST_F(ExportPanel, CancelStopsTheExportAndWritesNothing) {
  REQUIRE_GL();
  Actions start;
  start.start_export = gif_request("cancelled.gif");
  frame(start);
  run_export_frames(app_, 0.0);
  ASSERT_TRUE(export_running(app_));
  Actions cancel;
  cancel.cancel_animation_export = true;
  frame(cancel);
  EXPECT_FALSE(export_running(app_));
  EXPECT_NE(app_.ui.export_panel.error.find("Cancelled"), std::string::npos);
  EXPECT_TRUE(names().empty()) << "nothing was written";
}

TEST_F(ExportPanel, AnExistingFileIsNotReplacedUnlessTicked) {
  REQUIRE_GL();
  std::ofstream(dir_ / "kept.gif") << "kept";
  Actions start;
  start.start_export = gif_request("kept.gif");
  frame(start);
  run_export_frames(app_, 0.0);
  EXPECT_FALSE(export_running(app_));
  EXPECT_NE(app_.ui.export_panel.error.find("exists"), std::string::npos) << app_.ui.export_panel.error;
  std::ifstream in(dir_ / "kept.gif");
  std::string text;
  in >> text;
  EXPECT_EQ(text, "kept");
}

TEST_F(ExportPanel, AFullDiskAtTheEndIsOneMessageAndLeavesNothing) {
  REQUIRE_GL();
  std::ostringstream err;
  Result<std::unique_ptr<ExportJob>> job = ExportJob::start(gif_request("full.gif"), err, &app_.model.lesson);
  ASSERT_TRUE(job) << job.message();
  ASSERT_TRUE((*job)->run((*job)->frame_count()));
  atomic_write_testing::fail_next(atomic_write_testing::Step::kWrite, ENOSPC);
  Result<int64_t> written = (*job)->write();
  ASSERT_FALSE(written);
  EXPECT_NE(written.message().find((dir_ / "full.gif").string()), std::string::npos) << written.message();
  EXPECT_NE(written.message().find("No space left on device"), std::string::npos) << written.message();
  EXPECT_TRUE(names().empty()) << "nothing left behind";
}

}  // namespace
}  // namespace convstep
