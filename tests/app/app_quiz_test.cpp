// Quiz mode in the App without a window: answers go through apply_actions (right, wrong with the located
// mistake, unreadable text), a parameter change waits for the learner's output size, the receptive
// field and padding questions check picks, New exercise opens the generator's scene, leaving the quiz
// leaves the scene as it was, and the keyboard alone (type, Enter, →) walks through the questions.
#include <gtest/gtest.h>

#include <glad/gl.h>

#include <GLFW/glfw3.h>
#include <imgui.h>

#include <algorithm>
#include <sstream>

#include "app/app.h"
#include "app/gui_options.h"
#include "core/exercises.h"
#include "core/lesson.h"
#include "tests/app/headless_imgui_support.h"

namespace convstep {
namespace {

// The window's frames without a window: the app's fonts in a headless ImGui context whose keys are GLFW's
// codes, each frame run as the main loop runs it (advance, build the UI, apply its actions).
class QuizFrames {
 public:
  explicit QuizFrames(App& app) {
    test_support::create_headless_imgui(&app.ui.fonts);
    apply_dark_theme();
    const std::pair<ImGuiKey, int> keys[] = {{ImGuiKey_Enter, GLFW_KEY_ENTER},
                                             {ImGuiKey_RightArrow, GLFW_KEY_RIGHT},
                                             {ImGuiKey_Backspace, GLFW_KEY_BACKSPACE},
                                             {ImGuiKey_Escape, GLFW_KEY_ESCAPE}};
    for (const auto& [imgui_key, glfw_key] : keys) ImGui::GetIO().KeyMap[imgui_key] = glfw_key;
  }
  QuizFrames(const QuizFrames&) = delete;
  QuizFrames& operator=(const QuizFrames&) = delete;
  ~QuizFrames() { ImGui::DestroyContext(); }

  void frame(App& app) {
    advance(app, 1.0 / 60);
    ImGui::NewFrame();
    const Actions asked = build_ui(app);
    ImGui::Render();
    apply_actions(app, asked);
  }
  // `key` down for one frame, then up for one.
  void press(App& app, int key) {
    for (const bool down : {true, false}) {
      ImGui::GetIO().KeysDown[key] = down;
      frame(app);
    }
  }
};

App quiz_app(const std::string& lesson = kDefaultLesson, int64_t step = 4) {
  App app;
  GuiOptions options;
  options.lesson = lesson;
  options.step = step;
  options.quiz = true;
  options.frames = 1;  // a fixed exercise seed
  std::ostringstream err;
  EXPECT_TRUE(init_app(app, options, err)) << err.str();
  return app;
}

void answer(App& app, const std::string& text) {
  Actions a;
  a.quiz.answer = text;
  apply_actions(app, a);
}

bool shows(const App& app, const std::string& text) {
  const std::vector<std::string>& texts = app.ui.stage.layout.texts;
  return std::any_of(texts.begin(), texts.end(),
                     [&](const std::string& t) { return t.find(text) != std::string::npos; });
}

TEST(AppQuiz, TheCurrentValueAndItsArithmeticAreHiddenUntilAnswered) {
  App app = quiz_app();
  QuizFrames imgui(app);
  imgui.frame(app);
  EXPECT_TRUE(shows(app, "out[0,1,1] = ?"));
  EXPECT_TRUE(shows(app, "What is out[0,1,1]?"));
  EXPECT_FALSE(shows(app, "= 4")) << "nothing on screen gives the answer away";
  answer(app, "4");
  imgui.frame(app);
  EXPECT_TRUE(shows(app, "Right: out[0,1,1] = 4."));
  EXPECT_TRUE(shows(app,
                    "1\xC3\x97"
                    "1 + 1\xC3\x97"
                    "0"))
      << "the arithmetic is revealed";
  EXPECT_EQ(app.model.quiz.score.correct, 1);
  EXPECT_TRUE(shows(app, "streak 1"));
}

TEST(AppQuiz, TapByTapShowsNoResultBeforeTheAnswer) {
  App app = quiz_app();
  Actions tap_mode;
  tap_mode.tap_mode = true;
  tap_mode.tap_forward = true;
  apply_actions(app, tap_mode);
  ASSERT_GE(app.model.walk.position.tap, 0);
  QuizFrames imgui(app);
  imgui.frame(app);
  EXPECT_FALSE(shows(app, "= 4"));
  EXPECT_FALSE(shows(app, "running sum"));
}

TEST(AppQuiz, AWrongAnswerIsScoredAndItsMistakeLocated) {
  App app = quiz_app();
  answer(app, "3");  // one 1×1 left out of 4
  const QuizState& quiz = app.model.quiz;
  EXPECT_TRUE(quiz.answered);
  EXPECT_FALSE(quiz.feedback.correct);
  EXPECT_EQ(quiz.score.answered, 1);
  EXPECT_EQ(quiz.score.streak, 0);
  ASSERT_FALSE(quiz.feedback.lines.empty());
  EXPECT_EQ(quiz.feedback.lines[0],
            "Off by 1: the first product, 1\xC3\x97"
            "1 = 1, is missing.");
  QuizFrames imgui(app);
  imgui.frame(app);
  EXPECT_TRUE(shows(app, "Not quite: out[0,1,1] = 4, not 3."));
  EXPECT_TRUE(shows(app,
                    "the first product, 1\xC3\x97"
                    "1 = 1, is missing"));
  // A second answer to the same question does not count again.
  answer(app, "4");
  EXPECT_EQ(app.model.quiz.score.answered, 1);
}

TEST(AppQuiz, TextThatIsNoNumberGetsAMessageAndTheQuestionStays) {
  App app = quiz_app();
  answer(app, "four");
  EXPECT_FALSE(app.model.quiz.answered);
  EXPECT_EQ(app.model.quiz.score.answered, 0);
  EXPECT_NE(app.model.quiz.input_error.find("\"four\" is not a number"), std::string::npos);
  QuizFrames imgui(app);
  imgui.frame(app);
  EXPECT_TRUE(shows(app, "is not a number"));
  EXPECT_TRUE(shows(app, "out[0,1,1] = ?"));
  answer(app, "4");
  EXPECT_TRUE(app.model.quiz.feedback.correct);
  EXPECT_TRUE(app.model.quiz.input_error.empty());
}

TEST(AppQuiz, TheKeyboardAloneTypesChecksAndMovesOn) {
  App app = quiz_app();
  QuizFrames imgui(app);
  imgui.frame(app);  // the new question gives the field the keyboard
  imgui.frame(app);
  ImGuiIO& io = ImGui::GetIO();
  io.AddInputCharactersUTF8("4");
  imgui.frame(app);
  imgui.press(app, GLFW_KEY_ENTER);
  ASSERT_TRUE(app.model.quiz.answered) << "Enter checks the typed answer";
  EXPECT_TRUE(app.model.quiz.feedback.correct);
  imgui.press(app, GLFW_KEY_RIGHT);
  EXPECT_EQ(app.model.walk.position.step, 5) << "→ goes to the next question";
  EXPECT_FALSE(app.model.quiz.answered);
  imgui.frame(app);
  io.AddInputCharactersUTF8("2");  // out[0,1,2] is 3
  imgui.frame(app);
  imgui.press(app, GLFW_KEY_ENTER);
  EXPECT_TRUE(app.model.quiz.answered);
  EXPECT_FALSE(app.model.quiz.feedback.correct);
  // Text that is no number leaves the field to be corrected, with the keyboard.
  imgui.press(app, GLFW_KEY_RIGHT);
  for (int i = 0; i < 3; ++i) imgui.frame(app);
  io.AddInputCharactersUTF8("x");
  imgui.frame(app);
  imgui.press(app, GLFW_KEY_ENTER);
  EXPECT_FALSE(app.model.quiz.input_error.empty());
  for (int i = 0; i < 3; ++i) imgui.frame(app);
  io.KeysDown[GLFW_KEY_BACKSPACE] = true;
  imgui.frame(app);
  io.KeysDown[GLFW_KEY_BACKSPACE] = false;
  io.AddInputCharactersUTF8("2");
  imgui.frame(app);
  imgui.press(app, GLFW_KEY_ENTER);
  EXPECT_TRUE(app.model.quiz.answered) << app.model.quiz.input_error;
  EXPECT_TRUE(app.model.quiz.feedback.correct) << app.model.quiz.feedback.verdict;
  EXPECT_EQ(app.model.quiz.score.text(), "2 of 3 right \xC2\xB7 streak 1 \xC2\xB7 best 1");
}

TEST(AppQuiz, QTogglesTheQuizAndLeavingKeepsTheScene) {
  App app = quiz_app();
  const Tensor before = app.model.lesson.stepper->scene().input;
  const WalkPosition at = app.model.walk.position;
  QuizFrames imgui(app);
  for (int i = 0; i < 3; ++i) imgui.frame(app);
  EXPECT_TRUE(ImGui::GetIO().WantTextInput) << "a new question gives the answer field the keyboard";
  // Esc gives it back, then Q leaves.
  imgui.press(app, GLFW_KEY_ESCAPE);
  imgui.press(app, GLFW_KEY_Q);
  EXPECT_FALSE(app.model.quiz.on);
  EXPECT_EQ(app.model.lesson.stepper->scene().input, before);
  EXPECT_EQ(app.model.walk.position, at);
  imgui.frame(app);
  EXPECT_TRUE(shows(app,
                    "out[0,1,1] = 1\xC3\x97"
                    "1"))
      << "the arithmetic is back";
  imgui.press(app, GLFW_KEY_Q);
  EXPECT_TRUE(app.model.quiz.on);
}

TEST(AppQuiz, AParameterChangeWaitsForTheOutputSize) {
  App app = quiz_app(kDefaultLesson, 0);
  Actions stride;
  stride.edits = {{"stride", "2"}};
  apply_actions(app, stride);
  EXPECT_EQ(app.model.lesson.stepper->geometry().w.out, 3) << "the grids wait for the answer";
  EXPECT_EQ(app.model.quiz.asking(), QuizKind::kOutputShape);
  QuizFrames imgui(app);
  imgui.frame(app);
  EXPECT_TRUE(shows(app, "You set stride=2. What size is the feature map now"));
  Actions bad;
  bad.quiz.shape = "big";
  apply_actions(app, bad);
  EXPECT_NE(app.model.quiz.input_error.find("is not a size"), std::string::npos);
  Actions shape;
  shape.quiz.shape = "3x3";
  apply_actions(app, shape);
  EXPECT_FALSE(app.model.quiz.feedback.correct);
  EXPECT_EQ(app.model.lesson.stepper->geometry().w.out, 2) << "answered: the change is on screen";
  imgui.frame(app);
  EXPECT_TRUE(shows(app, "Not quite: the feature map is 2 \xC3\x97 2, not 3 \xC3\x97 3."));
  EXPECT_TRUE(shows(app, "/2\xE2\x8C\x8B + 1 = 2")) << "the formula with the numbers";
  // A change that keeps every size asks nothing.
  Actions bias;
  bias.edits = {{"bias", "true"}};
  apply_actions(app, bias);
  EXPECT_TRUE(app.model.lesson.stepper->geometry().has_bias);
}

TEST(AppQuiz, LeavingWithAHeldChangePutsItOnScreen) {
  App app = quiz_app(kDefaultLesson, 0);
  Actions padding;
  padding.edits = {{"padding", "1"}};
  apply_actions(app, padding);
  EXPECT_EQ(app.model.lesson.stepper->geometry().w.out, 3);
  Actions off;
  off.quiz.on = false;
  apply_actions(app, off);
  EXPECT_EQ(app.model.lesson.stepper->geometry().w.out, 5);
}

TEST(AppQuiz, TheReceptiveFieldIsCheckedWithMissedAndExtraCellsMarked) {
  App app = quiz_app();
  Actions kind;
  kind.quiz.kind = QuizKind::kReceptiveField;
  apply_actions(app, kind);
  QuizFrames imgui(app);
  imgui.frame(app);
  const auto has_rect = [&](const std::string& what) {
    const auto& rects = app.ui.stage.layout.rects;
    return std::any_of(rects.begin(), rects.end(), [&](const DrawnRect& r) { return r.what == what; });
  };
  EXPECT_FALSE(has_rect("window")) << "the window would give the field away";
  std::vector<QuizCell> field = receptive_field(app.model.view.snapshot);
  ASSERT_EQ(field.size(), 9u);
  field.back() = {0, 4, 4};
  Actions pick;
  pick.quiz.field = field;
  apply_actions(app, pick);
  EXPECT_FALSE(app.model.quiz.feedback.correct);
  imgui.frame(app);
  EXPECT_TRUE(has_rect("quiz_missed"));
  EXPECT_TRUE(has_rect("quiz_extra"));
  EXPECT_TRUE(has_rect("window")) << "answered: the window is back";
}

TEST(AppQuiz, PaddingQuestionsTakeAClickOrAValue) {
  App app = quiz_app("reflect-padding", 0);
  Actions kind;
  kind.quiz.kind = QuizKind::kPadding;
  apply_actions(app, kind);
  const std::optional<PaddingQuestion> q =
      padding_question(*app.model.lesson.stepper, app.model.view.snapshot, app.model.quiz.step);
  ASSERT_TRUE(q.has_value());
  QuizFrames imgui(app);
  imgui.frame(app);
  EXPECT_TRUE(shows(app, "Which input cell does the marked reflect padding cell"));
  Actions pick;
  pick.quiz.padding_pick = q->source;
  apply_actions(app, pick);
  EXPECT_TRUE(app.model.quiz.feedback.correct);
  imgui.press(app, GLFW_KEY_RIGHT);
  ASSERT_FALSE(app.model.quiz.answered);
  const std::optional<PaddingQuestion> next =
      padding_question(*app.model.lesson.stepper, app.model.view.snapshot, app.model.quiz.step);
  ASSERT_TRUE(next.has_value());
  answer(app, display_number(next->value + 1));
  EXPECT_FALSE(app.model.quiz.feedback.correct);
  EXPECT_EQ(app.model.quiz.score.text(), "1 of 2 right \xC2\xB7 streak 0 \xC2\xB7 best 1");
}

TEST(AppQuiz, NewExerciseOpensTheGeneratorsSceneAtTheChosenLevel) {
  App app = quiz_app();
  Actions a;
  a.quiz.difficulty = Difficulty::kMedium;
  a.quiz.new_exercise = true;
  apply_actions(app, a);
  const Exercise expected = generate_exercise(app.model.quiz.seed, 0, Difficulty::kMedium);
  EXPECT_EQ(app.model.lesson.lesson.title, "Exercise 1 (medium)");
  EXPECT_EQ(app.model.lesson.stepper->scene().input, expected.scene.input);
  EXPECT_EQ(app.model.lesson.stepper->partial_output(app.model.lesson.stepper->step_count()),
            expected.answer);
  EXPECT_EQ(app.model.walk.position.step, 0);
  EXPECT_TRUE(app.model.quiz.open()) << "a fresh question on the new scene";
  apply_actions(app, a);
  EXPECT_EQ(app.model.lesson.lesson.title, "Exercise 2 (medium)");
}

}  // namespace
}  // namespace convstep
