// The stage's input phase and its feedback: what the mouse is over, click to pin, Esc, zoom and
// scroll, the double-click that opens the cell editor, the hovered cell's tooltip and the editor popup
// that turns a typed number into a request. Only StageState changes here; the scene never does.
#include <algorithm>
#include <cmath>
#include <cstdio>

#include "app/stage/stage_frame.h"
#include "app/stage/stage_quiz.h"
#include "core/step_text.h"

namespace convstep {
namespace {

constexpr float kMinZoom = 0.25f, kMaxZoom = 6.0f;
constexpr const char* kEditPopup = "stage_cell_edit";

// "[c, y, x]" in the tensor's own coordinates (the padded ones minus the padding).
std::string cell_name(const Geometry& g, const CellRef& ref) {
  const char* role = ref.role == StageRole::kInput    ? "input"
                     : ref.role == StageRole::kKernel ? "weight"
                                                      : "output";
  const int64_t y = ref.role == StageRole::kInput ? ref.y - g.h.pad_before : ref.y;
  const int64_t x = ref.role == StageRole::kInput ? ref.x - g.w.pad_before : ref.x;
  std::string text = std::string(role) + "[" + std::to_string(ref.channel);
  if (g.dims == 2) text += ", " + std::to_string(y);
  return text + ", " + std::to_string(x) + "]";
}

// What a hovered cell is, for its tooltip: the value, and for padding where it comes from.
std::string cell_tooltip(const Geometry& g, const GridModel& grid, const CellModel& cell,
                         const CellRef& ref) {
  switch (cell.kind) {
    case CellKind::kEmpty:
      return cell_name(g, ref) + ": not computed yet";
    case CellKind::kZeroPadding:
      return std::string(is_max_pool(g.op) ? "padding: \xE2\x88\x92\xE2\x88\x9E (never the max)"
                                           : "zero padding: 0");
    case CellKind::kCopiedPadding: {
      const CellRef source{StageRole::kInput, ref.channel, grid.rows_are_channels ? ref.y : cell.source_y,
                           cell.source_x};
      return std::string(padding_mode_name(g.padding_mode)) + " padding: copies " + cell_name(g, source) +
             " = " + display_number(cell.value);
    }
    case CellKind::kValue:
      break;
  }
  std::string text = cell_name(g, ref) + " = " + display_number(cell.value);
  if (cell.has(kUnused)) text += "  (no window reads it: the floor leaves it out)";
  return text;
}

// A computed output cell names the step that made it, and what a click does.
std::string output_tooltip(const Stepper& stepper, const Snapshot& current, const GridModel& grid,
                           const CellModel& cell, const CellRef& ref) {
  std::string text = cell_tooltip(stepper.geometry(), grid, cell, ref);
  if (ref.role != StageRole::kOutput || cell.kind != CellKind::kValue) return text;
  const int64_t step = stepper.step_of(current.batch, ref.channel, ref.y, ref.x);
  text += "\nstep " + std::to_string(step + 1) + " of " + std::to_string(stepper.step_count());
  if (step != current.step) text += " \xE2\x80\x94 click to go there";
  return text;
}

// The cell under the mouse, searched in drawing order so the last slice drawn wins.
void find_hovered(const PlacedStage& placed, ImVec2 mouse, StageHover& hover, StageState& state) {
  for (const std::vector<PlacedGrid>* list : {&placed.inputs, &placed.kernels, &placed.outputs})
    for (const PlacedGrid& p : *list)
      if (p.placement.hit(mouse, &hover.row, &hover.col)) {
        hover.grid = &p;
        state.hovered = ref_of(*p.grid, hover.row, hover.col);
      }
}

// A click (not a drag) on a computed output cell goes to the step that computed it; on any other cell it
// toggles the pin; in quiz mode it picks an input cell as an answer. Esc drops the pin.
void update_pin(const Stepper& stepper, const Snapshot& current, StageHover& hover, StageState& state,
                bool picking) {
  const ImGuiIO& io = ImGui::GetIO();
  const bool popup_open = ImGui::IsPopupOpen(kEditPopup);
  if (hover.over_stage && !popup_open && ImGui::IsMouseReleased(ImGuiMouseButton_Left) &&
      io.MouseDragMaxDistanceSqr[0] <= io.MouseDragThreshold * io.MouseDragThreshold && state.hovered) {
    const CellRef& ref = *state.hovered;
    const bool computed = hover.grid && hover.grid->grid->at(hover.row, hover.col).kind == CellKind::kValue;
    if (picking) {
      if (ref.role == StageRole::kInput) hover.picked = ref;
    } else if (ref.role == StageRole::kOutput && computed) {
      hover.jump = stepper.step_of(current.batch, ref.channel, ref.y, ref.x);
      state.pinned.reset();
    } else {
      state.pinned = state.pinned == state.hovered ? std::nullopt : state.hovered;
    }
  }
  if (!popup_open && ImGui::IsKeyPressed(ImGui::GetKeyIndex(ImGuiKey_Escape), false)) state.pinned.reset();
}

void update_zoom_and_scroll(const StageHover& hover, float pitch, StageState& state) {
  const ImGuiIO& io = ImGui::GetIO();
  if (hover.over_stage && io.KeyCtrl && io.MouseWheel != 0) {
    state.zoom = std::clamp(state.zoom * std::pow(1.15f, io.MouseWheel), kMinZoom, kMaxZoom);
  } else if (ImGui::IsWindowHovered() && io.MouseWheel != 0) {
    // The child takes no wheel by itself (Ctrl+wheel is zoom), so plain wheel scrolls a zoomed stage.
    ImGui::SetScrollY(ImGui::GetScrollY() - io.MouseWheel * pitch * 2);
  }
}

// Editing: double-click an input or kernel value while paused.
void open_cell_editor(const StageInput& in, const StageHover& hover, StageState& state) {
  if (!hover.over_stage || !hover.grid || !in.editable || !ImGui::IsMouseDoubleClicked(ImGuiMouseButton_Left))
    return;
  const CellModel& cell = hover.grid->grid->at(hover.row, hover.col);
  if (hover.grid->grid->role == StageRole::kOutput || cell.kind != CellKind::kValue) return;
  state.editing = state.hovered;
  state.pinned = state.hovered;
  std::snprintf(state.edit_text, sizeof(state.edit_text), "%s", format_value(cell.value).c_str());
  state.editing_opened = true;
  ImGui::OpenPopup(kEditPopup);
}

}  // namespace

CellRef ref_of(const GridModel& grid, int r, int c) {
  CellRef ref;
  ref.role = grid.role;
  ref.channel = grid.rows_are_channels ? grid.channel + r : grid.channel;
  ref.y = grid.rows_are_channels ? 0 : r;
  ref.x = c;
  return ref;
}

StageHover read_stage_input(const StageInput& in, StageModel& model, const PlacedStage& placed, float pitch,
                            StageState& state) {
  const ImGuiIO& io = ImGui::GetIO();
  if (io.MouseDelta.x != 0 || io.MouseDelta.y != 0) state.mouse_moved = true;
  StageHover hover;
  hover.over_stage = state.mouse_moved && ImGui::IsWindowHovered();
  state.hovered.reset();
  if (hover.over_stage) find_hovered(placed, io.MousePos, hover, state);
  update_pin(*in.stepper, *in.snapshot, hover, state, in.quiz && in.quiz->pick_cells);
  update_zoom_and_scroll(hover, pitch, state);
  // A pin outlives a scene change only while its cell still exists; the quiz's hidden answers drop it.
  if (state.pinned && (!find_cell(model, *state.pinned) || (in.quiz && in.quiz->quiet())))
    state.pinned.reset();
  hover.focus = state.pinned ? state.pinned : state.hovered;
  if (in.quiz && in.quiz->quiet()) hover.focus.reset();
  if (hover.focus) mark_focus(model, *in.stepper, *in.snapshot, *hover.focus);
  if (!in.quiz || !in.quiz->pick_cells) open_cell_editor(in, hover, state);
  return hover;
}

CellEdit cell_edit_for(const Geometry& g, const Snapshot& s, const CellRef& ref, float value) {
  CellEdit edit;
  edit.value = value;
  if (ref.role == StageRole::kInput) {
    edit.batch = s.batch;
    edit.channel = ref.channel;
    edit.y = g.dims == 2 ? ref.y - g.h.pad_before : 0;
    edit.x = ref.x - g.w.pad_before;
  } else {
    edit.weight = true;
    edit.channel = s.out_channel;
    edit.in_channel = ref.channel;
    edit.y = ref.y;
    edit.x = ref.x;
  }
  return edit;
}

void show_cell_tooltip(const Stepper& stepper, const Snapshot& current, const StageHover& hover,
                       const StageState& state, float pitch) {
  // The value of a heatmap cell, where a padding cell comes from, an empty output, the step of a computed
  // one.
  if (!hover.grid || !state.hovered || ImGui::IsPopupOpen(kEditPopup)) return;
  const GridModel& grid = *hover.grid->grid;
  const CellModel& cell = grid.at(hover.row, hover.col);
  const bool computed_output = grid.role == StageRole::kOutput && cell.kind == CellKind::kValue;
  if (pitch < kHeatmapBelowPitch || cell.kind != CellKind::kValue || cell.has(kUnused) || computed_output) {
    ImGui::BeginTooltip();
    ImGui::TextUnformatted(output_tooltip(stepper, current, grid, cell, *state.hovered).c_str());
    ImGui::EndTooltip();
  }
}

void edit_cell_popup(const Geometry& g, const Snapshot& s, StageState& state, StageRequests& requests) {
  if (!ImGui::BeginPopup(kEditPopup)) {
    if (state.editing && !state.editing_opened) state.editing.reset();
    return;
  }
  if (state.editing) {
    ImGui::TextUnformatted(cell_name(g, *state.editing).c_str());
    if (state.editing_opened) {
      ImGui::SetKeyboardFocusHere();
      state.editing_opened = false;
    }
    ImGui::SetNextItemWidth(140);
    const bool enter =
        ImGui::InputText("##value", state.edit_text, sizeof(state.edit_text),
                         ImGuiInputTextFlags_EnterReturnsTrue | ImGuiInputTextFlags_AutoSelectAll);
    const std::optional<float> value = parse_cell_value(state.edit_text);
    if (!value) ImGui::TextColored(palette::kErrorText, "type a number, e.g. 3, -0.5 or 1/9");
    if (enter && value) {
      requests.cell_edits.push_back(cell_edit_for(g, s, *state.editing, *value));
      state.editing.reset();
      ImGui::CloseCurrentPopup();
    }
  } else {
    ImGui::CloseCurrentPopup();
  }
  ImGui::EndPopup();
}

}  // namespace convstep
