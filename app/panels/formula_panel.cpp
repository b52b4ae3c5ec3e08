// Reads the formulas from core/geometry (output_size_formulas), so the panel, the CLI and the error
// messages write the arithmetic the same way; the refused change comes from model.edit_error. The text is
// built once per frame by formula_lines, which both the height and the drawing use.
#include "app/panels/formula_panel.h"

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

float refused_height(const EditError& e, float width) {
  if (e.message.empty()) return 0;
  // Text wraps short of the dismiss button at the top right.
  const float inner = width - 3 * kBoxPadding - ImGui::GetFrameHeight();
  const ImGuiStyle& style = ImGui::GetStyle();
  return wrapped(refused_heading(e), inner) + wrapped(e.message, inner) +
         wrapped("The last valid layer stays on screen.", inner) + ImGui::GetFrameHeight() +
         4 * style.ItemSpacing.y + 2 * kBoxPadding;
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
  ImGui::TextUnformatted(e.message.c_str());
  ImGui::TextColored(palette::kMutedText, "The last valid layer stays on screen.");
  ImGui::PopTextWrapPos();
  ui.stage.layout.texts.push_back(heading);
  ui.stage.layout.texts.push_back(e.message);
  for (size_t i = 0; i < e.suggestions.size(); ++i) {
    const std::string label = "Use " + edit_text(e.suggestions[i]);
    ImGui::PushID(static_cast<int>(i));
    if (ui::button(label.c_str())) actions.edits = edits_with_fix(e.edits, e.suggestions[i]);
    ImGui::PopID();
    ImGui::SameLine();
  }
  ImGui::NewLine();
  ImGui::EndGroup();
  ImGui::EndChild();
  ImGui::PopStyleColor();
}

}  // namespace

float formula_panel_height(const AppModel& model, float width) {
  const ImGuiStyle& style = ImGui::GetStyle();
  float height = ImGui::GetTextLineHeightWithSpacing();  // the heading
  for (const Line& line : formula_lines(model)) height += wrapped(line.text, width) + style.ItemSpacing.y;
  if (!model.edit_error.message.empty())
    height += refused_height(model.edit_error, width) + style.ItemSpacing.y;
  return height;
}

void draw_formula_panel(const AppModel& model, UiState& ui, Actions& actions) {
  ImGui::TextColored(palette::kMutedText, "OUTPUT SIZE");
  // The refusal comes first: it answers the change the user has just made.
  refused_box(model, ui, actions);
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
