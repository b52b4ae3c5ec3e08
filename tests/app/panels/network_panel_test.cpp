// The Network view in the real window (under Xvfb): for the ResNet-18 stem lesson and the default
// stack, the receptive field of the shown cell is framed in orange on exactly the cells core/layer_stack
// gives in every map below it, padding included, the cell itself in the highlight colour, the numbers
// with their recurrences on screen, and small maps carry their values. Positions come from --layout,
// colours from the --screenshot; a control case checks the checks can fail.
#include "app/panels/network_panel.h"

#include <gtest/gtest.h>

#include <algorithm>

#include <optional>
#include <string>
#include <vector>

#include "app/widgets/theme.h"
#include "core/lesson.h"
#include "core/stack_session.h"
#include "tests/app/gui_support.h"

namespace convstep {
namespace {

using gui_test::AppRun;
using gui_test::border_share;
using gui_test::framing_problem;
using gui_test::Grid;
using gui_test::kColourTolerance;
using gui_test::rgb_of;

class NetworkView : public gui_test::GuiTest {
 protected:
  AppRun expect_lesson_fields(const std::string& name, Dims size, const NetworkCell& shown,
                              const gui_test::CellRange& input_field);
};

gui_test::CellRange cells_of(const std::array<convstep::CellRange, 2>& field, bool one_d) {
  if (one_d) return {0, 0, static_cast<int>(field[0].first), static_cast<int>(field[0].last)};
  return {static_cast<int>(field[0].first), static_cast<int>(field[0].last), static_cast<int>(field[1].first),
          static_cast<int>(field[1].last)};
}

// Every map below the shown cell frames its receptive field, in orange, on the cells core computes.
void expect_fields(const AppRun& shot, const StackSession& session, const NetworkCell& shown) {
  const bool one_d = session.stack.dims == 1;
  const StackField field = receptive_field(session.stack, shown.map, shown.cell);
  for (int m = 0; m <= shown.map; ++m) {
    SCOPED_TRACE("map " + std::to_string(m));
    const Grid* grid = shot.layout.grid("network_map", m);
    ASSERT_NE(grid, nullptr);
    const char* what = m == shown.map ? "network_cell" : "network_receptive_field";
    const gui_test::Rect* rect = shot.layout.rect(what, m);
    ASSERT_NE(rect, nullptr) << what;
    EXPECT_EQ(framing_problem(*grid, rect->r, cells_of(field.maps[static_cast<size_t>(m)], one_d)), "");
    const ImU32 colour = m == shown.map ? palette::kHighlight : kReceptiveFieldColor;
    EXPECT_GT(border_share(shot.image, rect->r, rgb_of(colour), kColourTolerance), 0.8);
  }
}

// Opens built-in stack lesson `name` at 1024×768 (its stack on `size`) and checks that the `shown` cell's
// fields are framed in every map below it, the input's on `input_field`.
AppRun NetworkView::expect_lesson_fields(const std::string& name, Dims size, const NetworkCell& shown,
                                         const gui_test::CellRange& input_field) {
  AppRun shot = run("--no-settings --lesson " + name, 1024, 768);
  EXPECT_EQ(shot.exit_code, 0) << shot.stderr_text;
  EXPECT_EQ(shot.layout.error, "");
  auto lesson = find_builtin_lesson(name);
  EXPECT_TRUE(lesson) << lesson.message();
  if (!lesson) return shot;
  std::vector<std::string> lines;
  for (const StackLayer& layer : lesson->layers) lines.push_back(layer.line);
  auto session = make_stack_session(lines, size);
  EXPECT_TRUE(session) << session.message();
  if (!session) return shot;
  expect_fields(shot, *session, shown);
  const Grid* input = shot.layout.grid("network_map", 0);
  const gui_test::Rect* field = shot.layout.rect("network_receptive_field", 0);
  EXPECT_TRUE(input && field);
  if (input && field) {
    EXPECT_EQ(framing_problem(*input, field->r, input_field), "");
  }
  return shot;
}

TEST_F(NetworkView, TheResNetStemLessonLightsUpAnElevenByElevenFieldInTheInput) {
  // Nothing hovered: the centre of the top map (4×4) is shown; its field in the input is rows and
  // columns 3 to 13, eleven of them.
  const AppRun shot =
      expect_lesson_fields("layers-resnet-stem", Dims{16, 16}, NetworkCell{2, Dims{2, 2}}, {3, 13, 3, 13});
  const Grid* input = shot.layout.grid("network_map", 0);
  ASSERT_NE(input, nullptr);
  EXPECT_EQ(input->pad_top, 3);
  EXPECT_EQ(input->pad_left, 3);
  // The numbers with their recurrences.
  EXPECT_TRUE(shot.layout.shows_text("r = 7 + (3 \u2212 1)\u00b72 = 11"));
  EXPECT_TRUE(shot.layout.shows_text("jump = 2\u00b72 = 4"));
  // The 4×4 output carries its numbers at a projector's size.
  const Grid* top = shot.layout.grid("network_map", 2);
  ASSERT_NE(top, nullptr);
  EXPECT_TRUE(top->values_shown);
  EXPECT_GE(top->value_px, 14.0f);
  const gui_test::CellLook look = gui_test::look_at(shot.image, gui_test::cells_rect(*top, {0, 0, 0, 0}));
  EXPECT_GT(look.marked, 0.02) << "no number drawn in the top map's first cell";
  EXPECT_NE(shot.layout.grid("network_paths"), nullptr);
}

// A transposed layer in the stack: the even output in the top map's centre reads one real cell of the
// middle map (the others are inserted zeros), so its field in the input is 3×3, framed where core puts it;
// the sidebar reads the transposed layer's recurrence with the jump divided by its stride.
TEST_F(NetworkView, ATransposedLayerFramesTheFieldOfItsDirectForm) {
  const AppRun shot =
      expect_lesson_fields("layers-down-and-up", Dims{8, 8}, NetworkCell{2, Dims{4, 4}}, {3, 5, 3, 5});
  EXPECT_TRUE(shot.layout.shows_text("jump = 2 \u00f7 2 = 1"));
  EXPECT_TRUE(shot.layout.shows_text("r = 3 + (3 \u2212 1)\u00b71 = 5"));
}

// Presentation mode keeps the Network view (it used to switch to the stepping view): one title line
// with the way out, the maps with their fields and the numbers with their recurrences, and no editor.
TEST_F(NetworkView, PresentingShowsTheMapsAndTheNumbersWithoutTheEditor) {
  const AppRun shot = run("--no-settings --lesson layers-resnet-stem --present", 1024, 768);
  ASSERT_EQ(shot.exit_code, 0) << shot.stderr_text;
  auto session = make_stack_session({"nn.Conv2d(3, 64, kernel_size=7, stride=2, padding=3, bias=False)",
                                     "nn.MaxPool2d(kernel_size=3, stride=2, padding=1)"},
                                    Dims{16, 16});
  ASSERT_TRUE(session) << session.message();
  expect_fields(shot, *session, NetworkCell{2, Dims{2, 2}});
  EXPECT_TRUE(shot.layout.shows_text("r = 7 + (3 \u2212 1)\u00b72 = 11"));
  auto has_widget = [&](const std::string& label) {
    return std::any_of(shot.layout.widgets.begin(), shot.layout.widgets.end(),
                       [&](const gui_test::Widget& w) { return w.label.find(label) != std::string::npos; });
  };
  EXPECT_TRUE(has_widget("Leave (Esc)"));
  EXPECT_FALSE(has_widget("+ Add layer"));
  EXPECT_FALSE(has_widget("Step through a lesson")) << "the view tabs are not shown when presenting";
  // Control: the same lesson outside presentation mode has the editor.
  const AppRun normal = run("--no-settings --lesson layers-resnet-stem", 1024, 768);
  EXPECT_TRUE(std::any_of(
      normal.layout.widgets.begin(), normal.layout.widgets.end(),
      [](const gui_test::Widget& w) { return w.label.find("+ Add layer") != std::string::npos; }));
}

TEST_F(NetworkView, TheDefaultStackOpensWithViewNetworkAndTheChecksCanFail) {
  const AppRun shot = run("--no-settings --view network", 1024, 768);
  ASSERT_EQ(shot.exit_code, 0) << shot.stderr_text;
  const StackSession session = default_stack_session();
  const NetworkCell shown{2, Dims{4, 4}};  // the 8×8 top map's centre
  expect_fields(shot, session, shown);
  // Control: the field one cell to the right is not what is framed, and a cell outside the field has
  // no orange border.
  const Grid* input = shot.layout.grid("network_map", 0);
  ASSERT_NE(input, nullptr);
  const gui_test::Rect* field = shot.layout.rect("network_receptive_field", 0);
  ASSERT_NE(field, nullptr);
  EXPECT_NE(framing_problem(*input, field->r, {5, 15, 6, 16}), "");
  EXPECT_LT(border_share(shot.image, gui_test::cells_rect(*input, {28, 28, 28, 28}),
                         rgb_of(kReceptiveFieldColor), kColourTolerance),
            0.05);
  // The view's own texts: what is shown and how to change it.
  EXPECT_TRUE(shot.layout.shows_text("Shown: map 2, row 4, column 4"));
}

TEST_F(NetworkView, ABadViewNameIsRefusedBeforeTheWindowOpens) {
  std::string err;
  EXPECT_EQ(run_raw("--no-settings --view nowhere --frames 1", &err), 2);
  EXPECT_NE(err.find("--view: expected stepper, playground or network"), std::string::npos) << err;
}

}  // namespace
}  // namespace convstep
