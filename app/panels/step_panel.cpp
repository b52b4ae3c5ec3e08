// The arithmetic is laid out by hand, piece by piece, so a long sum wraps between terms (never inside
// one, never past the window) and each term can take its own colour in tap mode. Height and drawing
// share one layout, so the space the grids leave is exactly the space the text takes.
#include "app/panels/step_panel.h"

#include <algorithm>
#include <cstring>
#include <string>
#include <vector>

#include <imgui.h>

#include "app/panels/quiz_panel.h"
#include "app/widgets/theme.h"
#include "core/step_text.h"

namespace convstep {
namespace {

// The arithmetic shrinks through these sizes (pixels, drawn from the large font) until it fits its
// share of the window; the smallest is still readable from the back of a classroom at 1280×800.
constexpr float kArithmeticSizes[] = {34.0f, 28.0f, 24.0f, 20.0f, 17.0f};
// Of the window height, the step's caption included: the grids get the most of the window.
constexpr float kArithmeticShare = 0.2f;
constexpr float kContinuationIndent = 1.5f;  // wrapped lines are indented by this many font sizes
constexpr float kCurrentPad = 3.0f;
constexpr float kLineHeight = 1.15f;  // in font sizes

struct Placed {
  const ArithmeticPiece* piece = nullptr;
  const char* begin = nullptr;  // the piece's text without leading spaces at a line start
  float x = 0, y = 0, width = 0;
  bool label = false;  // "out[…] = ", in the accent colour
};

struct Block {
  std::vector<Placed> placed;
  float height = 0;
  float right = 0;  // the widest line's end; past the width only when one piece alone is wider
};

struct PanelText {
  StepArithmetic arithmetic;
  std::string caption;
};

float text_width(ImFont* font, float size, const char* begin, const char* end = nullptr) {
  return font->CalcTextSizeA(size, FLT_MAX, 0, begin, end).x;
}

// Where a term's own text ends: before the separator (" + ", ", ") that follows it.
const char* term_end(const char* text) {
  const char* end = text + std::strlen(text);
  while (end > text && (end[-1] == ' ' || end[-1] == '+' || end[-1] == ',')) --end;
  return end;
}

// Flows `line` into `width`, starting `first_x` in; wrapped lines start at `indent`.
float flow(ImFont* font, float size, const ArithmeticLine& line, float first_x, float indent, float width,
           float top, std::vector<Placed>* out) {
  const float line_height = size * kLineHeight;
  float x = first_x, y = top;
  for (const ArithmeticPiece& piece : line.pieces) {
    const char* begin = piece.text.c_str();
    float w = text_width(font, size, begin);
    if (x + w > width && x > indent) {
      x = indent;
      y += line_height;
    }
    if (x == indent || x == 0) {
      while (*begin == ' ') ++begin;  // no space at the start of a wrapped line
      w = text_width(font, size, begin);
    }
    if (out) out->push_back({&piece, begin, x, y, w, false});
    x += w;
  }
  return y + line_height - top;
}

// The caption now; the arithmetic once fit_arithmetic knows how much room it has.
PanelText panel_text(const AppModel& model) {
  PanelText text;
  text.caption = model.lesson.lesson.caption_for_step(model.view.step);
  return text;
}

// The channel lines, then "out[…] = " and the total, then the running sum in tap mode. The label and
// the progress are pieces too, kept in `composed` (which the placed pieces point into).
struct Composed {
  ArithmeticPiece label;
  ArithmeticLine progress;
  Block block;
};

void compose(const StepArithmetic& a, ImFont* font, float size, float width, Composed* composed) {
  Block& block = composed->block;
  block = Block{};
  const float indent = size * kContinuationIndent;
  float y = 0;
  for (size_t i = 0; i + 1 < a.lines.size(); ++i)
    y += flow(font, size, a.lines[i], 0, indent, width, y, &block.placed);

  composed->label = {a.label + " = ", TermState::kPlain, -1};
  const float label_width = text_width(font, size, composed->label.text.c_str());
  block.placed.push_back({&composed->label, composed->label.text.c_str(), 0, y, label_width, true});
  if (!a.lines.empty()) {
    // Wrapped lines of the total align under its first term when the label is short.
    const float total_indent = label_width < width * 0.4f ? label_width : indent;
    y += flow(font, size, a.lines.back(), label_width, total_indent, width, y, &block.placed);
  } else {
    y += size * kLineHeight;
  }
  composed->progress.pieces.clear();
  if (!a.progress.empty()) {
    // Prose: one piece per word, so it wraps like text.
    for (size_t at = 0; at < a.progress.size();) {
      const size_t space = a.progress.find(' ', at);
      const size_t next = space == std::string::npos ? a.progress.size() : space + 1;
      composed->progress.pieces.push_back({a.progress.substr(at, next - at), TermState::kCurrent, -1});
      at = next;
    }
    y += flow(font, size, composed->progress, 0, indent, width, y, &block.placed);
  }
  block.height = y;
  for (const Placed& p : block.placed) block.right = std::max(block.right, p.x + p.width);
}

// The caption is drawn by ImGui at the current font and global scale (presentation mode's type).
float wrapped_height(const std::string& text, float width) {
  return ImGui::CalcTextSize(text.c_str(), nullptr, false, width).y;
}

// Fills text->arithmetic and returns its size: every term at the largest size that fits `budget`
// (pixels of height); when even the smallest size is too tall, fewer terms per line (the first and
// last around "… (N terms) …", and always the current one).
float fit_arithmetic(const AppModel& model, ImFont* font, float width, float budget, float scale,
                     PanelText* text) {
  constexpr size_t kTermLimits[] = {kMaxTermsPerLine, 32, 16, 8};
  const Geometry& g = model.lesson.stepper->geometry();
  Composed composed;
  for (size_t limit : kTermLimits) {
    text->arithmetic = step_arithmetic_view(g, model.view.snapshot, model.view.tap, model.view.running, limit,
                                            model.lesson.weight_denominator);
    quiz_arithmetic(model, text->arithmetic);
    for (float size : kArithmeticSizes) {
      compose(text->arithmetic, font, size * scale, width, &composed);
      if (composed.block.height <= budget && composed.block.right <= width) return size * scale;
    }
  }
  return kArithmeticSizes[std::size(kArithmeticSizes) - 1] * scale;
}

float share_of_window() {
  return ImGui::GetMainViewport()->WorkSize.y * kArithmeticShare;
}

// Presentation mode draws the arithmetic larger, as it does all its type.
float type_scale(const UiState& ui) {
  return ui.presentation.on ? kPresentationType * ui.presentation.text_scale : 1.0f;
}

ImU32 piece_color(TermState state) {
  switch (state) {
    case TermState::kLater:
      return palette::kDimText;
    case TermState::kCurrent:
    case TermState::kWinner:
      return palette::kHighlight;
    case TermState::kPlain:
    case TermState::kDone:
      break;
  }
  return ImGui::GetColorU32(ImGuiCol_Text);
}

}  // namespace

float step_panel_height(const AppModel& model, const UiState& ui, float width) {
  if (!model.lesson.stepper || model.view.step < 0) return 0;
  PanelText text = panel_text(model);
  const Fonts& fonts = ui.fonts;
  const float spacing = ImGui::GetStyle().ItemSpacing.y;
  const float caption = text.caption.empty() ? 0 : wrapped_height(text.caption, width) + spacing;
  const float size = fit_arithmetic(model, fonts.large, width, std::max(0.0f, share_of_window() - caption),
                                    type_scale(ui), &text);
  Composed composed;
  compose(text.arithmetic, fonts.large, size, width, &composed);
  return composed.block.height + spacing + caption;
}

void draw_step_panel(const AppModel& model, UiState& ui) {
  if (!model.lesson.stepper || model.view.step < 0) return;
  PanelText text = panel_text(model);
  const Fonts& fonts = ui.fonts;
  std::vector<std::string>& shown = ui.stage.layout.texts;

  const ImVec2 room = ImGui::GetContentRegionAvail();
  const float width = std::max(1.0f, room.x);
  // The grids above may have kept more than step_panel_height left them (they have a least height):
  // the arithmetic then takes what is left, so its last line (the result) is never cut off.
  const float spacing = ImGui::GetStyle().ItemSpacing.y;
  const float caption = text.caption.empty() ? 0 : wrapped_height(text.caption, width) + spacing;
  const float budget = std::min(share_of_window() - caption, std::max(0.0f, room.y - caption - spacing));
  const float size = fit_arithmetic(model, fonts.large, width, budget, type_scale(ui), &text);
  Composed composed;
  compose(text.arithmetic, fonts.large, size, width, &composed);
  const Block& block = composed.block;
  const ImVec2 origin = ImGui::GetCursorScreenPos();
  ImDrawList* draw = ImGui::GetWindowDrawList();
  for (const Placed& p : block.placed) {
    const ImVec2 at(origin.x + p.x, origin.y + p.y);
    const TermState state = p.piece->state;
    // Boxes, underlines and the highlight colour mark the term alone, not the separator after it.
    const char* end = p.piece->tap >= 0 ? term_end(p.begin) : p.begin + std::strlen(p.begin);
    const float term_width = text_width(fonts.large, size, p.begin, end);
    if (state == TermState::kCurrent && p.piece->tap >= 0) {
      // The term being added: a soft box in the highlight colour, like its cell's outline on the grid.
      const ImVec4 hl = ImGui::ColorConvertU32ToFloat4(palette::kHighlight);
      draw->AddRectFilled(ImVec2(at.x - kCurrentPad, at.y),
                          ImVec2(at.x + term_width + kCurrentPad, at.y + size * 1.1f),
                          ImGui::GetColorU32(ImVec4(hl.x, hl.y, hl.z, 0.22f)), 4.0f);
    }
    draw->AddText(fonts.large, size, at, p.label ? palette::kHighlight : piece_color(state), p.begin, end);
    if (*end != '\0') {
      const ImU32 separator = piece_color(state == TermState::kLater ? TermState::kLater : TermState::kDone);
      draw->AddText(fonts.large, size, ImVec2(at.x + term_width, at.y), separator, end);
    }
    if (state == TermState::kWinner && p.piece->tap >= 0) {
      // The max pool's winner: underlined as well, since colour alone is not enough on a projector.
      const float y = at.y + size * 1.05f;
      draw->AddLine(ImVec2(at.x, y), ImVec2(at.x + term_width, y), palette::kHighlight, 2.0f);
    }
  }
  ImGui::Dummy(ImVec2(width, block.height));
  // Where the text actually went, so tests can check that a long sum stays inside the window.
  ui.stage.layout.rects.push_back(
      {"arithmetic", 0, origin.x, origin.y, origin.x + block.right, origin.y + block.height});

  // The lines as shown, for --layout: the total carries its label, like `convstep trace`.
  const std::vector<ArithmeticLine>& lines = text.arithmetic.lines;
  for (size_t i = 0; i < lines.size(); ++i) {
    shown.push_back(i + 1 == lines.size() ? text.arithmetic.label + " = " + lines[i].text()
                                          : lines[i].text());
  }
  if (!text.arithmetic.progress.empty()) shown.push_back(text.arithmetic.progress);

  if (!text.caption.empty()) {
    ImGui::PushTextWrapPos(0.0f);
    ImGui::TextColored(palette::kAccentText, "%s", text.caption.c_str());
    ImGui::PopTextWrapPos();
    shown.push_back(text.caption);
  }
}

}  // namespace convstep
