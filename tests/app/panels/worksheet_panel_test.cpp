// The Worksheet dialog's logic without a window: it prints the scene on screen (window edits included) or
// the seed's exercises, suggests a file name, asks before replacing an existing file, shows the full path
// written or the reason nothing was, and the dialog itself draws headless with its controls.
#include "app/panels/worksheet_panel.h"

#include <gtest/gtest.h>

#include <fstream>
#include <sstream>

#include <imgui.h>

#include "app/app.h"
#include "app/gui_options.h"
#include "app/widgets/widget_log.h"
#include "core/pytorch_text.h"
#include "tests/app/headless_imgui_support.h"
#include "tests/print/print_test_support.h"

namespace convstep {
namespace {

using namespace test_support;
using WorksheetPanel = PrintFolder;

App started_app(const std::string& lesson, const std::vector<std::string>& set = {}) {
  App app;
  GuiOptions options;
  options.lesson = lesson;
  options.set = set;
  std::ostringstream err;
  EXPECT_TRUE(init_app(app, options, err)) << err.str();
  return app;
}

void set_path(WorksheetPanelState& state, const std::string& path) {
  std::snprintf(state.path, sizeof state.path, "%s", path.c_str());
}

TEST_F(WorksheetPanel, TheLessonIsPrintedAsEditedInTheWindow) {
  App app = started_app("article-5x5", {"stride=2"});
  WorksheetPanelState state;
  WorksheetOptions options;
  const auto exercises = worksheet_panel_exercises(app.model, state, &options);
  ASSERT_EQ(exercises.size(), 1u);
  EXPECT_EQ(pytorch_layer(exercises[0].scene), "nn.Conv2d(1, 1, kernel_size=3, stride=2, bias=False)");
  EXPECT_EQ(exercises[0].title, "The convolution operation");
  set_path(state, path("sheet.pdf"));
  ASSERT_TRUE(write_worksheet_from_panel(app.model, state, false)) << state.message;
  EXPECT_FALSE(state.failed);
  EXPECT_TRUE(contains(state.message, "Wrote " + path("sheet.pdf"))) << state.message;
  const std::string text = squeezed(run_tool("pdftotext -layout '" + path("sheet.pdf") + "' -").out);
  EXPECT_TRUE(contains(text, "stride=2"));
  EXPECT_TRUE(contains(text, "Answer key"));
}

TEST_F(WorksheetPanel, ASeedPrintsTheGeneratorsExercises) {
  App app = started_app("article-5x5");
  WorksheetPanelState state;
  state.from_lesson = false;
  state.seed = 7;
  state.count = 3;
  state.difficulty = 1;
  state.letter = true;
  WorksheetOptions options;
  const auto exercises = worksheet_panel_exercises(app.model, state, &options);
  const auto generated = generate_exercises(7, 3, Difficulty::kMedium);
  ASSERT_EQ(exercises.size(), generated.size());
  for (size_t i = 0; i < generated.size(); ++i)
    EXPECT_EQ(pytorch_layer(exercises[i].scene), pytorch_layer(generated[i].scene));
  EXPECT_EQ(options.paper, Paper::kLetter);
  EXPECT_TRUE(contains(default_worksheet_path(app.model, state), "worksheet-seed-7.pdf"));
  state.from_lesson = true;
  EXPECT_TRUE(contains(default_worksheet_path(app.model, state), "worksheet-article-5x5.pdf"));
}

TEST_F(WorksheetPanel, AnExistingFileIsReplacedOnlyAfterAsking) {
  App app = started_app("article-5x5");
  WorksheetPanelState state;
  const std::string file = path("kept.pdf");
  { std::ofstream(file) << "mine"; }
  set_path(state, file);
  EXPECT_FALSE(write_worksheet_from_panel(app.model, state, false));
  EXPECT_EQ(state.confirm_replace, file);
  EXPECT_EQ(fs::file_size(file), 4u);
  EXPECT_TRUE(write_worksheet_from_panel(app.model, state, true)) << state.message;
  EXPECT_TRUE(state.confirm_replace.empty());
  EXPECT_GT(fs::file_size(file), 1000u);
}

TEST_F(WorksheetPanel, ABadDestinationIsShownAndNothingIsWritten) {
  App app = started_app("article-5x5");
  WorksheetPanelState state;
  set_path(state, path("no/such/folder/x.pdf"));
  EXPECT_FALSE(write_worksheet_from_panel(app.model, state, false));
  EXPECT_TRUE(state.failed);
  EXPECT_TRUE(contains(state.message, "no/such/folder")) << state.message;
  fs::create_directories(path("folder.pdf"));
  set_path(state, path("folder.pdf"));
  EXPECT_FALSE(write_worksheet_from_panel(app.model, state, true));
  EXPECT_TRUE(state.failed);
  EXPECT_TRUE(fs::is_empty(path("folder.pdf")));
  set_path(state, "");
  EXPECT_FALSE(write_worksheet_from_panel(app.model, state, false));
  EXPECT_TRUE(contains(state.message, ".pdf"));
  EXPECT_EQ(files_in_folder(), 1u);
}

TEST(WorksheetDialog, TheButtonOpensTheDialogWithItsControls) {
  App app = started_app("article-5x5");
  create_headless_imgui();
  std::vector<DrawnWidget> widgets;
  WorksheetPanelState state;
  bool seen_write = false, seen_button = false;
  for (int frame = 0; frame < 3; ++frame) {
    widgets.clear();
    set_widget_log(&widgets);
    ImGui::NewFrame();
    ImGui::Begin("host");
    draw_worksheet_button(app.model, state);
    if (frame == 0) state.open_requested = true;  // as a click on the button does
    draw_worksheet_dialog(app.model, state);
    ImGui::End();
    ImGui::Render();
    for (const DrawnWidget& w : widgets) {
      seen_button = seen_button || contains(w.label, "Worksheet");
      if (frame == 2) seen_write = seen_write || w.label == "Write PDF";
    }
  }
  set_widget_log(nullptr);
  ImGui::DestroyContext();
  EXPECT_TRUE(seen_button);
  EXPECT_TRUE(seen_write) << "the dialog is open with its Write PDF button";
  EXPECT_TRUE(contains(state.path, "worksheet-article-5x5.pdf")) << state.path;
}

}  // namespace
}  // namespace convstep
