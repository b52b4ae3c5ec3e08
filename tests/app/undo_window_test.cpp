// The real window under Xvfb at the projector's 1024×768: the Undo, Redo and Tensors… buttons sit in
// the sidebar clear of every other widget, and a .npy dropped on the window (--drop feeds the same
// open_dropped as GLFW's drop callback) asks which tensor it becomes, with its four answers on screen
// side by side; a broken .npy is refused instead, failing the headless run.
#include <cstdio>
#include <string>

#include "core/npy.h"
#include "tests/app/gui_support.h"

namespace convstep::gui_test {
namespace {

constexpr int kProjectorWidth = 1024, kProjectorHeight = 768;

class UndoWindow : public GuiTest {
 protected:
  std::string npy(const std::string& name, const Tensor& t) {
    const std::string path = (dir_ / name).string();
    EXPECT_TRUE(write_npy(path, t).ok());
    return path;
  }
};

const Widget* find_widget(const Layout& layout, const std::string& label) {
  for (const Widget& w : layout.widgets)
    if (w.label == label) return &w;
  return nullptr;
}

bool overlap(const PixelRect& a, const PixelRect& b) {
  return a.x0 < b.x1 - 0.5f && b.x0 < a.x1 - 0.5f && a.y0 < b.y1 - 0.5f && b.y0 < a.y1 - 0.5f;
}

bool inside(const PixelRect& r, int width, int height) {
  return r.x0 >= -0.5f && r.y0 >= -0.5f && r.x1 <= width + 0.5f && r.y1 <= height + 0.5f;
}

TEST_F(UndoWindow, TheUndoButtonsSitInTheSidebarClearOfEveryOtherWidget) {
  const AppRun r = run("--no-settings", kProjectorWidth, kProjectorHeight);
  ASSERT_EQ(r.exit_code, 0) << r.stderr_text;
  ASSERT_EQ(r.layout.error, "");
  for (const char* label : {"Undo", "Redo", "Tensors\xE2\x80\xA6"}) {
    const Widget* w = find_widget(r.layout, label);
    ASSERT_NE(w, nullptr) << label << " is not on screen";
    EXPECT_TRUE(inside(w->r, kProjectorWidth, kProjectorHeight)) << label;
    EXPECT_LT(w->r.x1, kProjectorWidth / 2.0f) << label << " belongs to the sidebar, at the left";
    for (const Widget& other : r.layout.widgets) {
      if (&other != w) EXPECT_FALSE(overlap(w->r, other.r)) << label << " overlaps " << other.label;
    }
  }
}

TEST_F(UndoWindow, ADroppedNpyAsksWhichTensorItBecomes) {
  const std::string path = npy("kernel.npy", Tensor({1, 1, 2, 2}, 1.0f));
  const AppRun r = run("--no-settings --drop '" + path + "'", kProjectorWidth, kProjectorHeight);
  EXPECT_EQ(r.exit_code, 0) << "a question is not a failure: " << r.stderr_text;
  ASSERT_EQ(r.layout.error, "");
  EXPECT_TRUE(r.layout.shows_text("kernel.npy holds a [1, 1, 2, 2] tensor"));
  std::vector<const Widget*> answers;
  for (const char* label : {"Input", "Weight", "Bias", "Cancel"}) {
    const Widget* w = find_widget(r.layout, label);
    ASSERT_NE(w, nullptr) << "the answer " << label << " is not on screen";
    EXPECT_TRUE(inside(w->r, kProjectorWidth, kProjectorHeight)) << label;
    answers.push_back(w);
  }
  for (size_t i = 0; i < answers.size(); ++i) {
    for (size_t j = i + 1; j < answers.size(); ++j)
      EXPECT_FALSE(overlap(answers[i]->r, answers[j]->r)) << answers[i]->label << " / " << answers[j]->label;
    if (i > 0) EXPECT_GT(answers[i]->r.x0, answers[i - 1]->r.x1 - 0.5f) << "side by side, in order";
  }
}

TEST_F(UndoWindow, ABrokenNpyDroppedIsRefusedAndFailsTheHeadlessRun) {
  // The control case: the same drop with a file that is no .npy asks nothing.
  const std::string path = (dir_ / "broken.npy").string();
  if (std::FILE* f = std::fopen(path.c_str(), "wb")) {
    std::fputs("\x93NUMPY not really", f);
    std::fclose(f);
  }
  const AppRun r = run("--no-settings --drop '" + path + "'", kProjectorWidth, kProjectorHeight);
  EXPECT_EQ(r.exit_code, 1) << r.stderr_text;
  EXPECT_NE(r.stderr_text.find("broken.npy"), std::string::npos) << r.stderr_text;
  ASSERT_EQ(r.layout.error, "");
  EXPECT_FALSE(r.layout.shows_text("holds a"));
  EXPECT_EQ(find_widget(r.layout, "Weight"), nullptr);
}

}  // namespace
}  // namespace convstep::gui_test
