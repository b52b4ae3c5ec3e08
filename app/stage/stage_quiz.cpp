// Quiz marks on the stage. The blanks are made in the model (cells become empty, the window goes), so
// the draw passes need no quiz logic of their own; the marks are drawn last, over everything.
#include "app/stage/stage_quiz.h"

#include <algorithm>
#include <cmath>

#include "app/stage/stage_frame.h"
#include "app/stage/stage_overlay.h"

namespace convstep {
namespace {

constexpr ImU32 kChosen = IM_COL32(90, 200, 255, 255);
constexpr ImU32 kChosenFill = IM_COL32(90, 200, 255, 70);
constexpr ImU32 kMissed = IM_COL32(255, 176, 0, 255);
constexpr ImU32 kExtra = IM_COL32(255, 90, 80, 255);
constexpr ImU32 kAsked = IM_COL32(255, 64, 200, 255);

// Where the input cell `ref` was drawn, if it was.
std::optional<ScreenRect> input_cell_rect(const PlacedStage& placed, const CellRef& ref) {
  for (const PlacedGrid& p : placed.inputs) {
    if (!p.grid->holds_channel(ref.channel)) continue;
    const int r = p.grid->row_of(ref.channel, ref.y);
    if (r < 0 || r >= p.grid->rows || ref.x < 0 || ref.x >= p.grid->cols) return std::nullopt;
    const ImVec2 a = p.placement.cell_min(r, static_cast<int>(ref.x));
    return ScreenRect{a, ImVec2(a.x + p.placement.pitch, a.y + p.placement.pitch)};
  }
  return std::nullopt;
}

void record(StageLayout& layout, const char* what, const CellRef& ref, const ScreenRect& r) {
  layout.rects.push_back({what, static_cast<int>(ref.channel), r.min.x, r.min.y, r.max.x, r.max.y});
}

}  // namespace

void apply_stage_quiz(StageModel& model, const StageQuiz& quiz) {
  if (quiz.blank_current) {
    for (GridModel& grid : model.outputs)
      for (CellModel& cell : grid.cells)
        if (cell.has(kCurrent)) {
          cell.kind = CellKind::kEmpty;
          cell.value = NAN;
        }
  }
  if (quiz.hide_window) {
    std::fill(model.windows.begin(), model.windows.end(), std::nullopt);
    std::fill(model.ghosts.begin(), model.ghosts.end(), std::nullopt);
    model.partial_window = false;
    constexpr uint16_t kWindowFlags = kInWindow | kLitTap | kCurrentTap | kWinner;
    for (std::vector<GridModel>* grids : {&model.inputs, &model.kernels})
      for (GridModel& grid : *grids)
        for (CellModel& cell : grid.cells) cell.flags &= static_cast<uint16_t>(~kWindowFlags);
  }
  if (quiz.blank_copies) {
    for (GridModel& grid : model.inputs)
      for (CellModel& cell : grid.cells)
        if (cell.kind == CellKind::kCopiedPadding) {
          cell.kind = CellKind::kEmpty;
          cell.value = NAN;
        }
  }
}

void draw_stage_quiz(ImDrawList* draw, const PlacedStage& placed, const StageQuiz& quiz, const Fonts& fonts,
                     StageLayout& layout) {
  const float pitch = placed.inputs.empty() ? 0 : placed.inputs.front().placement.pitch;
  const float thick = std::max(2.5f, pitch * 0.07f);
  for (const CellRef& ref : quiz.chosen) {
    const std::optional<ScreenRect> r = input_cell_rect(placed, ref);
    if (!r) continue;
    draw->AddRectFilled(r->min, r->max, kChosenFill, 3);
    draw->AddRect(ImVec2(r->min.x + 1, r->min.y + 1), ImVec2(r->max.x - 1, r->max.y - 1), kChosen, 3, 0,
                  thick);
    record(layout, "quiz_chosen", ref, *r);
  }
  for (const CellRef& ref : quiz.missed) {
    const std::optional<ScreenRect> r = input_cell_rect(placed, ref);
    if (!r) continue;
    dashed_rect(draw, ImVec2(r->min.x + 2, r->min.y + 2), ImVec2(r->max.x - 2, r->max.y - 2), kMissed, thick,
                std::max(4.0f, pitch * 0.12f));
    record(layout, "quiz_missed", ref, *r);
  }
  for (const CellRef& ref : quiz.extra) {
    const std::optional<ScreenRect> r = input_cell_rect(placed, ref);
    if (!r) continue;
    const float inset = pitch * 0.18f;
    draw->AddLine(ImVec2(r->min.x + inset, r->min.y + inset), ImVec2(r->max.x - inset, r->max.y - inset),
                  kExtra, thick);
    draw->AddLine(ImVec2(r->max.x - inset, r->min.y + inset), ImVec2(r->min.x + inset, r->max.y - inset),
                  kExtra, thick);
    record(layout, "quiz_extra", ref, *r);
  }
  if (quiz.fault) {
    if (const std::optional<ScreenRect> r = input_cell_rect(placed, *quiz.fault)) {
      draw->AddRect(ImVec2(r->min.x - 2, r->min.y - 2), ImVec2(r->max.x + 2, r->max.y + 2), kMissed, 4, 0,
                    thick + 1);
      record(layout, "quiz_fault", *quiz.fault, *r);
    }
  }
  std::optional<ScreenRect> asked;
  if (quiz.asked) asked = input_cell_rect(placed, *quiz.asked);
  if (asked) {
    draw->AddRect(asked->min, asked->max, kAsked, 3, 0, thick);
    if (!quiz.source) {
      ImFont* font = fonts.large;
      const float size = std::min(font->FontSize, pitch * 0.7f);
      const ImVec2 e = font->CalcTextSizeA(size, FLT_MAX, 0, "?");
      draw->AddText(
          font, size,
          ImVec2((asked->min.x + asked->max.x - e.x) * 0.5f, (asked->min.y + asked->max.y - e.y) * 0.5f),
          kAsked, "?");
    }
    record(layout, "quiz_asked", *quiz.asked, *asked);
  }
  if (quiz.source) {
    if (const std::optional<ScreenRect> r = input_cell_rect(placed, *quiz.source)) {
      draw->AddRect(r->min, r->max, kChosen, 3, 0, thick);
      if (asked)
        draw_copy_arrow(draw,
                        ImVec2((asked->min.x + asked->max.x) * 0.5f, (asked->min.y + asked->max.y) * 0.5f),
                        ImVec2((r->min.x + r->max.x) * 0.5f, (r->min.y + r->max.y) * 0.5f));
      record(layout, "quiz_source", *quiz.source, *r);
    }
  }
}

}  // namespace convstep
