// The quiz panel reads the QuizState (core/quiz.h) and records QuizActions; answers are checked only in
// apply_actions. Its fields belong to one question: a new question (another step, scene or kind) clears
// them and gives the answer field the keyboard, so a learner can type, press Enter, then → for the next.
#include "app/panels/quiz_panel.h"

#include <glad/gl.h>

#include <GLFW/glfw3.h>
#include <imgui.h>

#include <algorithm>
#include <string>

#include "app/app.h"
#include "app/widgets/theme.h"
#include "app/widgets/widget_log.h"

namespace convstep {
namespace {

const ImVec4 kRightText{0.50f, 0.90f, 0.55f, 1.0f};
constexpr QuizKind kAskable[] = {QuizKind::kNextValue, QuizKind::kReceptiveField, QuizKind::kPadding};
constexpr Difficulty kLevels[] = {Difficulty::kEasy, Difficulty::kMedium, Difficulty::kHard};
constexpr float kGap = 12;
constexpr float kLeastPanelHeight = 90;

bool key_pressed(const UiState& ui, int key) {
  return key_presses(ui.key_presses, key, ImGui::IsKeyPressed(key, false)) > 0;
}

CellRef cell_ref(const QuizCell& c) {
  return {StageRole::kInput, c.channel, c.y, c.x};
}

std::vector<QuizCell> picked_cells(const QuizUi& q) {
  std::vector<QuizCell> cells;
  for (const CellRef& c : q.picked) cells.push_back({c.channel, c.y, c.x});
  return cells;
}

// A new question clears the fields and the picks and asks for the keyboard.
void follow_question(const QuizState& quiz, QuizUi& q) {
  if (q.scene_version == quiz.scene_version && q.step == quiz.step && q.kind == quiz.asking()) return;
  q.scene_version = quiz.scene_version;
  q.step = quiz.step;
  q.kind = quiz.asking();
  q.answer[0] = '\0';
  q.shape[0] = '\0';
  q.picked.clear();
  q.focus = q.kind != QuizKind::kReceptiveField;
}

// An answer that could not be read leaves its field to be corrected: the field takes the keyboard back,
// once per message (remembered in ImGui's storage of the panel's window).
void refocus_after_error(const QuizState& quiz, QuizUi& q) {
  ImGuiStorage* storage = ImGui::GetStateStorage();
  const ImGuiID key = ImGui::GetID("##quiz_error_seen");
  const int seen = quiz.input_error.empty() ? 0 : static_cast<int>(ImGui::GetID(quiz.input_error.c_str()));
  if (seen != 0 && storage->GetInt(key, 0) != seen && q.kind != QuizKind::kReceptiveField) q.focus = true;
  storage->SetInt(key, seen);
}

void text_line(UiState& ui, const ImVec4& color, const std::string& text) {
  ImGui::PushTextWrapPos(0.0f);
  ImGui::TextColored(color, "%s", text.c_str());
  ImGui::PopTextWrapPos();
  ui.stage.layout.texts.push_back(text);
}

// A text field that takes the keyboard for a new question; Enter sends its text. In an empty field,
// → skips to the next question.
void answer_field(const char* id, const char* hint, char* buffer, size_t size, UiState& ui, Actions& actions,
                  std::optional<std::string>* send) {
  if (ui.quiz.focus) {
    ImGui::SetKeyboardFocusHere();
    ui.quiz.focus = false;
  }
  ImGui::SetNextItemWidth(std::max(80.0f, ImGui::GetContentRegionAvail().x - ImGui::CalcTextSize("Check").x -
                                              2 * ImGui::GetStyle().FramePadding.x -
                                              ImGui::GetStyle().ItemSpacing.x));
  const bool enter = ui::input_text_with_hint(id, hint, buffer, size, ImGuiInputTextFlags_EnterReturnsTrue);
  const bool active = ImGui::IsItemActive();
  ImGui::SameLine();
  if (enter || ui::button("Check##quiz")) *send = std::string(buffer);
  if (active && buffer[0] == '\0' && ImGui::IsKeyPressed(GLFW_KEY_RIGHT, false)) actions.step_forward = true;
}

// "−1" with a true minus, as the rest of the window writes numbers.
std::string signed_text(int64_t v) {
  return v < 0 ? "\xE2\x88\x92" + std::to_string(-v) : std::to_string(v);
}

// Receptive field: check or clear the picks, and how many there are when that fits.
void picked_row(UiState& ui, Actions& actions) {
  if (ui::button("Check (Enter)##quiz")) actions.quiz.field = picked_cells(ui.quiz);
  ImGui::SameLine();
  if (ui::button("Clear##quiz")) ui.quiz.picked.clear();
  const std::string count = std::to_string(ui.quiz.picked.size()) + " picked";
  const float right =
      ImGui::GetWindowContentRegionMax().x - (ImGui::GetItemRectMax().x - ImGui::GetWindowPos().x);
  if (right > ImGui::CalcTextSize(count.c_str()).x + 2 * kGap) {
    ImGui::SameLine(0, kGap);
    ImGui::AlignTextToFramePadding();
    ImGui::TextColored(palette::kMutedText, "%s", count.c_str());
  }
}

void draw_question(const AppModel& model, UiState& ui, Actions& actions) {
  const QuizState& quiz = model.quiz;
  if (quiz.answered) return;  // the verdict answers it
  const Stepper& stepper = *model.lesson.stepper;
  const Snapshot& s = model.view.snapshot;
  const std::string label = output_label(stepper.geometry(), s);
  switch (quiz.asking()) {
    case QuizKind::kOutputShape: {
      std::string changed;
      for (const SceneEdit& e : quiz.pending_edits) changed += (changed.empty() ? "" : ", ") + edit_text(e);
      const bool one_d = spatial_dims(quiz.pending->params.op) == 1;
      text_line(ui, palette::kAccentText,
                "You set " + changed + ". What size is the feature map now" +
                    (one_d ? " (its length)?" : " (height \xC3\x97 width)?"));
      answer_field("##quiz_shape", one_d ? "e.g. 4" : "e.g. 3x3", ui.quiz.shape, sizeof ui.quiz.shape, ui,
                   actions, &actions.quiz.shape);
      return;
    }
    case QuizKind::kNextValue:
      text_line(ui, palette::kAccentText, "What is " + label + "? Type it, then Enter.");
      answer_field("##quiz_value", "a number, e.g. 4", ui.quiz.answer, sizeof ui.quiz.answer, ui, actions,
                   &actions.quiz.answer);
      return;
    case QuizKind::kReceptiveField:
      text_line(ui, palette::kAccentText,
                "Click every input cell " + label + " reads (padding cells too), then Enter.");
      picked_row(ui, actions);
      return;
    case QuizKind::kPadding:
      break;
  }
  const std::optional<PaddingQuestion> q = padding_question(stepper, s, quiz.step);
  if (!q) {
    text_line(ui, palette::kMutedText,
              "Padding questions need reflect, replicate or circular padding on a convolution.");
    if (is_conv(stepper.geometry().op) && ui::button("Use padding=1, reflect##quiz"))
      actions.edits = {{"padding", "1"}, {"padding_mode", "reflect"}};
    return;
  }
  const Geometry& g = stepper.geometry();
  std::string at = "(";
  if (g.dims == 2) at += signed_text(q->cell.y - g.h.pad_before) + ", ";
  at += signed_text(q->cell.x - g.w.pad_before) + ")";
  text_line(ui, palette::kAccentText,
            "Which input cell does the marked " + std::string(padding_mode_name(g.padding_mode)) +
                " padding cell " + at + " copy? Click it or type its value.");
  answer_field("##quiz_padding", "its value, e.g. 3", ui.quiz.answer, sizeof ui.quiz.answer, ui, actions,
               &actions.quiz.answer);
}

void draw_feedback(const QuizState& quiz, UiState& ui) {
  if (!quiz.input_error.empty()) text_line(ui, palette::kErrorText, quiz.input_error);
  if (!quiz.answered) return;
  text_line(ui, quiz.feedback.correct ? kRightText : palette::kErrorText, quiz.feedback.verdict);
  for (const std::string& line : quiz.feedback.lines)
    text_line(ui, ImGui::GetStyle().Colors[ImGuiCol_Text], line);
  text_line(ui, palette::kMutedText, "\xE2\x86\x92 for the next question");
}

// What to ask, then New exercise and its level, each row filling the width.
void draw_choices(const QuizState& quiz, Actions& actions) {
  ImGui::AlignTextToFramePadding();
  ImGui::TextColored(palette::kMutedText, "ask");
  ImGui::SameLine();
  ImGui::SetNextItemWidth(ImGui::GetContentRegionAvail().x);
  if (ui::begin_combo("##quiz_kind", quiz_kind_name(quiz.kind))) {
    for (QuizKind kind : kAskable)
      if (ImGui::Selectable(quiz_kind_name(kind), kind == quiz.kind)) actions.quiz.kind = kind;
    ImGui::EndCombo();
  }
  if (ImGui::IsItemHovered())
    ImGui::SetTooltip(
        "What each step asks; a change of kernel_size, stride, padding or dilation asks the "
        "output size");
  if (ui::button("New exercise##quiz")) actions.quiz.new_exercise = true;
  if (ImGui::IsItemHovered())
    ImGui::SetTooltip("A fresh scene of small integers from the exercise generator, at the level beside");
  ImGui::SameLine();
  ImGui::SetNextItemWidth(ImGui::GetContentRegionAvail().x);
  if (ui::begin_combo("##quiz_level", difficulty_name(quiz.difficulty))) {
    for (Difficulty d : kLevels)
      if (ImGui::Selectable(difficulty_name(d), d == quiz.difficulty)) actions.quiz.difficulty = d;
    ImGui::EndCombo();
  }
  if (ImGui::IsItemHovered()) ImGui::SetTooltip("How hard New exercise makes the next scene");
}

}  // namespace

void read_quiz_keys(const AppModel& model, UiState& ui, Actions& actions) {
  if (ImGui::GetIO().WantTextInput || ui.lesson_browser.is_open || ImGui::GetIO().KeyCtrl) return;
  if (key_pressed(ui, GLFW_KEY_Q)) actions.quiz.on = !model.quiz.on;
  const QuizState& quiz = model.quiz;
  if (quiz.open() && !quiz.pending && quiz.kind == QuizKind::kReceptiveField &&
      (key_pressed(ui, GLFW_KEY_ENTER) || key_pressed(ui, GLFW_KEY_KP_ENTER)))
    actions.quiz.field = picked_cells(ui.quiz);
}

void draw_quiz_panel(const AppModel& model, UiState& ui, Actions& actions, float room) {
  const float top = ImGui::GetCursorPosY();
  const QuizState& quiz = model.quiz;
  bool on = quiz.on;
  if (ui::checkbox("Quiz (Q)", &on)) actions.quiz.on = on;
  if (ImGui::IsItemHovered())
    ImGui::SetTooltip("Predict, then reveal: the value, shape or cells asked are hidden until you answer");
  if (quiz.on) {
    // Beside the toggle: the whole score when it fits, else right answers and the streak.
    const QuizScore& s = quiz.score;
    std::string score = s.text();
    const float left = ImGui::GetContentRegionAvail().x - ImGui::GetItemRectSize().x - kGap;
    if (ImGui::CalcTextSize(score.c_str()).x > left)
      score = std::to_string(s.correct) + "/" + std::to_string(s.answered) + " right \xC2\xB7 streak " +
              std::to_string(s.streak);
    ImGui::SameLine(0, kGap);
    ImGui::AlignTextToFramePadding();
    ImGui::TextColored(palette::kMutedText, "%s", score.c_str());
    ui.stage.layout.texts.push_back(score);
  }
  if (!quiz.on || !model.lesson.stepper || model.view.step < 0) {
    ImGui::Separator();
    return;
  }
  follow_question(quiz, ui.quiz);
  // The panel takes the height its text needs (measured last frame), at most half the sidebar, and
  // scrolls beyond that, so the parameters below keep their room.
  const float most = std::max(kLeastPanelHeight, room - (ImGui::GetCursorPosY() - top));
  const float height = std::clamp(ui.quiz.height > 0 ? ui.quiz.height : most, kLeastPanelHeight, most);
  ImGui::BeginChild("quiz", ImVec2(0, height), false);
  refocus_after_error(quiz, ui.quiz);
  draw_question(model, ui, actions);
  draw_feedback(quiz, ui);
  draw_choices(quiz, actions);
  ui.quiz.height = ImGui::GetCursorPosY();
  ImGui::EndChild();
  ImGui::Separator();
}

StageQuiz stage_quiz(const AppModel& model, const UiState& ui) {
  StageQuiz q;
  const QuizState& quiz = model.quiz;
  if (!quiz.on || quiz.pending || !model.lesson.stepper) return q;
  const bool open = !quiz.answered;
  switch (quiz.kind) {
    case QuizKind::kNextValue:
      q.blank_current = open;
      if (quiz.answered && quiz.feedback.tap >= 0 &&
          quiz.feedback.tap < static_cast<int64_t>(model.view.snapshot.taps.size())) {
        const Tap& t = model.view.snapshot.taps[static_cast<size_t>(quiz.feedback.tap)];
        q.fault = CellRef{StageRole::kInput, t.in_channel, t.padded_y, t.padded_x};
      }
      break;
    case QuizKind::kReceptiveField:
      q.hide_window = open;
      q.pick_cells = open;
      q.chosen = ui.quiz.picked;
      for (const QuizCell& c : quiz.feedback.missed) q.missed.push_back(cell_ref(c));
      for (const QuizCell& c : quiz.feedback.extra) q.extra.push_back(cell_ref(c));
      break;
    case QuizKind::kPadding:
      if (const std::optional<PaddingQuestion> pq =
              padding_question(*model.lesson.stepper, model.view.snapshot, quiz.step)) {
        q.blank_copies = open;
        q.pick_cells = open;
        q.asked = cell_ref(pq->cell);
        if (quiz.answered) q.source = cell_ref(pq->source);
      }
      break;
    case QuizKind::kOutputShape:
      break;
  }
  return q;
}

void take_stage_pick(const AppModel& model, UiState& ui, const CellRef& cell, Actions& actions) {
  const QuizState& quiz = model.quiz;
  if (!quiz.open() || quiz.pending) return;
  if (quiz.kind == QuizKind::kPadding) {
    actions.quiz.padding_pick = QuizCell{cell.channel, cell.y, cell.x};
    return;
  }
  if (quiz.kind != QuizKind::kReceptiveField) return;
  std::vector<CellRef>& picked = ui.quiz.picked;
  const auto at = std::find(picked.begin(), picked.end(), cell);
  if (at == picked.end()) {
    picked.push_back(cell);
  } else {
    picked.erase(at);
  }
}

void quiz_arithmetic(const AppModel& model, StepArithmetic& arithmetic) {
  const QuizState& quiz = model.quiz;
  if (!quiz.on || quiz.pending || !model.lesson.stepper) return;
  // A padding question needs copying padding; without it nothing is asked, so nothing is hidden.
  if (quiz.kind == QuizKind::kPadding && !has_copied_padding(model.lesson.stepper->geometry())) return;
  if (!quiz.answered) {
    // Nothing of the sum shows before the answer, in tap mode neither: only the question.
    ArithmeticLine line;
    line.pieces.push_back({"?", TermState::kPlain, -1});
    arithmetic.lines = {line};
    arithmetic.progress.clear();
    return;
  }
  if (quiz.kind != QuizKind::kNextValue || quiz.feedback.tap < 0) return;
  for (ArithmeticLine& line : arithmetic.lines)
    for (ArithmeticPiece& piece : line.pieces)
      piece.state = piece.tap == quiz.feedback.tap ? TermState::kCurrent : TermState::kPlain;
}

}  // namespace convstep
