// Reads the formulas from core/geometry (output_size_formulas), so the panel, the CLI and the error
// messages write the arithmetic the same way; the refused change comes from model.edit_error. The text is
// built once per frame by formula_lines, which both the height and the drawing use.
#include "app/panels/formula_panel.h"

#include <algorithm>
#include <string>
#include <vector>

#include <imgui.h>

#include "app/widgets/theme.h"
#include "app/widgets/widget_log.h"
#include "core/geometry.h"

namespace convstep {
namespace {

constexpr float kBoxPadding = 10;

enum class LineKind { kFormula, kName, kNote };

struct Line {
  std::string text;
  LineKind kind = LineKind::kFormula;
};

// "1 input column", "2 input rows".
std::string unused_text(const DimFormula& f) {
  const std::string what =
      f.name == "length" ? "input cell" : (f.name == "height" ? "input row" : "input column");
  return std::to_string(f.unused_inputs) + " " + what + (f.unused_inputs == 1 ? "" : "s");
}

std::vector<Line> formula_lines(const AppModel& model) {
  std::vector<Line> lines;
  if (!model.lesson.stepper) return lines;
  const Scene& scene = shown_scene(model);
  const Result<Geometry> resolved = resolve_geometry(scene);
  if (!resolved) return lines;
  const Geometry& g = *resolved;
  const bool one_d = g.dims == 1;
  const Dims in = one_d ? Dims{g.w.in, g.w.in} : Dims{g.h.in, g.w.in};
  const Dims kernel = one_d ? Dims{g.w.kernel, g.w.kernel} : Dims{g.h.kernel, g.w.kernel};
  for (const DimFormula& f : output_size_formulas(scene.params, in, kernel)) {
    // The name on its own line, so the formula itself fits on one line of the sidebar.
    lines.push_back({f.name, LineKind::kName});
    lines.push_back({f.text});
    if (f.unused_inputs > 0) {
      lines.push_back(
          {"The floor leaves the last " + unused_text(f) + " unread (shaded on the grid).", LineKind::kNote});
    }
  }
  return lines;
}

std::string refused_heading(const EditError& e) {
  std::string heading = "Not applied";
  if (!e.edits.empty()) {
    heading += ":";
    for (const SceneEdit& edit : e.edits) heading += " " + edit_text(edit);
  }
  return heading;
}

float wrapped(const std::string& text, float width) {
  return ImGui::CalcTextSize(text.c_str(), nullptr, false, width).y;
}

// The message as the box shows it: when the fixes are offered as buttons, without its "— try ..." ending.
std::string shown_message(const EditError& e) {
  if (e.suggestions.empty()) return e.message;
  const size_t at = e.message.rfind(" \u2014 try ");
  return at == std::string::npos ? e.message : e.message.substr(0, at);
}

std::string fix_label(const SceneEdit& fix) {
  return "Use " + edit_text(fix);
}

// The fix buttons in rows in a box of this width: each row holds what fits (at least one button), so
// button i starts a row where this is true. The box's height and its drawing both follow it.
std::vector<bool> fix_row_starts(const EditError& e, float width) {
  const ImGuiStyle& style = ImGui::GetStyle();
  const float room = width - 2 * kBoxPadding;
  std::vector<bool> starts;
  float x = 0;
  for (const SceneEdit& fix : e.suggestions) {
    const float w = ImGui::CalcTextSize(fix_label(fix).c_str()).x + 2 * style.FramePadding.x;
    const bool new_row = x == 0 || x + style.ItemSpacing.x + w > room;
    starts.push_back(new_row);
    x = (new_row ? 0 : x + style.ItemSpacing.x) + w;
  }
  return starts;
}

float refused_height(const EditError& e, float width) {
  if (e.message.empty()) return 0;
  // Text wraps short of the dismiss button at the top right.
  const float inner = width - 3 * kBoxPadding - ImGui::GetFrameHeight();
  const ImGuiStyle& style = ImGui::GetStyle();
  const std::vector<bool> starts = fix_row_starts(e, width);
  const auto rows = std::count(starts.begin(), starts.end(), true);
  return wrapped(refused_heading(e), inner) + wrapped(shown_message(e), inner) +
         wrapped("The last valid layer stays on screen.", inner) +
         static_cast<float>(rows) * (ImGui::GetFrameHeight() + style.ItemSpacing.y) +
         3 * style.ItemSpacing.y + 2 * kBoxPadding;
}

void refused_box(const AppModel& model, UiState& ui, Actions& actions) {
  const EditError& e = model.edit_error;
  if (e.message.empty()) return;
  const float width = ImGui::GetContentRegionAvail().x;
  const std::string heading = refused_heading(e);
  ImGui::PushStyleColor(ImGuiCol_ChildBg, ImVec4(0.30f, 0.10f, 0.10f, 1.0f));
  ImGui::BeginChild("edit_error", ImVec2(0, refused_height(e, width)), false, ImGuiWindowFlags_NoScrollbar);
  ImGui::SetCursorPos(ImVec2(kBoxPadding, kBoxPadding));
  ImGui::BeginGroup();
  ImGui::PushTextWrapPos(width - 2 * kBoxPadding - ImGui::GetFrameHeight());  // = kBoxPadding + inner
  ImGui::TextColored(palette::kErrorText, "%s", heading.c_str());
  const ImVec2 after_heading = ImGui::GetCursorPos();
  ImGui::SameLine(width - kBoxPadding - ImGui::GetFrameHeight());
  if (ui::button("\xC3\x97##dismiss", ImVec2(ImGui::GetFrameHeight(), 0))) actions.dismiss_error = true;
  if (ImGui::IsItemHovered()) ImGui::SetTooltip("Dismiss");
  ImGui::SetCursorPos(after_heading);
  const std::string message = shown_message(e);
  ImGui::TextUnformatted(message.c_str());
  ImGui::PopTextWrapPos();
  ui.stage.layout.texts.push_back(heading);
  ui.stage.layout.texts.push_back(message);
  // The fixes, right under the numbers they answer, in rows.
  const std::vector<bool> starts = fix_row_starts(e, width);
  for (size_t i = 0; i < e.suggestions.size(); ++i) {
    if (!starts[i]) ImGui::SameLine();
    ImGui::PushID(static_cast<int>(i));
    if (ui::button(fix_label(e.suggestions[i]).c_str()))
      actions.edits = edits_with_fix(e.edits, e.suggestions[i]);
    ImGui::PopID();
  }
  ImGui::PushTextWrapPos(width - kBoxPadding);
  ImGui::TextColored(palette::kMutedText, "The last valid layer stays on screen.");
  ImGui::PopTextWrapPos();
  ImGui::EndGroup();
  ImGui::EndChild();
  ImGui::PopStyleColor();
}

}  // namespace

float formula_panel_height(const AppModel& model, float width) {
  const ImGuiStyle& style = ImGui::GetStyle();
  float height = ImGui::GetTextLineHeightWithSpacing();  // the heading
  if (!model.edit_error.message.empty())
    return height + refused_height(model.edit_error, width) + style.ItemSpacing.y;
  for (const Line& line : formula_lines(model)) height += wrapped(line.text, width) + style.ItemSpacing.y;
  return height;
}

void draw_formula_panel(const AppModel& model, UiState& ui, Actions& actions) {
  ImGui::TextColored(palette::kMutedText, "OUTPUT SIZE");
  // A refusal takes the formulas' place: it answers the change the user has just made, with the formula
  // that failed, and the layer's own sizes are still on the stage.
  if (!model.edit_error.message.empty()) {
    refused_box(model, ui, actions);
    return;
  }
  ImGui::PushTextWrapPos(0.0f);
  for (const Line& line : formula_lines(model)) {
    if (line.kind == LineKind::kNote) {
      ImGui::TextColored(palette::kAccentText, "%s", line.text.c_str());
    } else if (line.kind == LineKind::kName) {
      ImGui::TextColored(palette::kMutedText, "%s", line.text.c_str());
    } else {
      ImGui::TextUnformatted(line.text.c_str());
    }
    ui.stage.layout.texts.push_back(line.text);
  }
  ImGui::PopTextWrapPos();
}

}  // namespace convstep
