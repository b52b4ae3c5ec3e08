// The step's arithmetic (from the snapshot), the lesson's caption for the step and the output-size
// formula (from core/geometry.h). Text is laid out once per frame and measured with the same strings.
#include "app/panels/step_panel.h"

#include <string>
#include <vector>

#include <imgui.h>

#include "app/widgets/step_text.h"
#include "app/widgets/theme.h"
#include "core/geometry.h"

namespace convstep {
namespace {

struct StepText {
  std::vector<std::string> channel_lines;  // one per input channel when there are several
  std::string label;                       // "out[0,1,1] ="
  std::string total;                       // the arithmetic ending in the result
  std::string caption;
  std::string formula;
};

StepText step_text(const App& app) {
  StepText text;
  if (!app.lesson.stepper || app.view.step < 0) return text;
  const Stepper& stepper = *app.lesson.stepper;
  const Geometry& g = stepper.geometry();
  std::vector<std::string> lines = step_arithmetic(g, app.view.snapshot);
  text.label = output_label(g, app.view.snapshot) + " =";
  if (!lines.empty()) {
    text.total = lines.back();
    lines.pop_back();
  }
  text.channel_lines = std::move(lines);
  text.caption = app.lesson.lesson.caption_for_step(app.view.step);

  const Dims in_sizes = g.dims == 2 ? Dims{g.h.in, g.w.in} : Dims{g.w.in, 1};
  const Dims kernel_sizes = g.dims == 2 ? Dims{g.h.kernel, g.w.kernel} : Dims{g.w.kernel, 1};
  text.formula = "Output size:";
  for (const DimFormula& f : output_size_formulas(stepper.scene().params, in_sizes, kernel_sizes)) {
    text.formula += "   " + f.name + " = " + f.text;
    if (f.unused_inputs > 0) {
      const char* unit = f.name == "height" ? "row" : (f.name == "width" ? "column" : "cell");
      text.formula += " (" + std::to_string(f.unused_inputs) + " input " + unit +
                      (f.unused_inputs > 1 ? "s" : "") + " unused)";
    }
  }
  return text;
}

float wrapped_height(ImFont* font, const std::string& text, float width) {
  return font->CalcTextSizeA(font->FontSize, FLT_MAX, width, text.c_str()).y;
}

}  // namespace

float step_panel_height(const App& app, float width) {
  const StepText text = step_text(app);
  const Fonts& fonts = app.ui.fonts;
  const float spacing = ImGui::GetStyle().ItemSpacing.y;
  const float label_width =
      fonts.large->CalcTextSizeA(fonts.large->FontSize, FLT_MAX, 0, text.label.c_str()).x + 12;
  float height = 0;
  for (const std::string& line : text.channel_lines)
    height += wrapped_height(fonts.ui, line, width) + spacing;
  height += wrapped_height(fonts.large, text.total, width - label_width) + spacing;
  if (!text.caption.empty()) height += wrapped_height(fonts.ui, text.caption, width) + spacing;
  height += wrapped_height(fonts.ui, text.formula, width) + spacing;
  return height;
}

void draw_step_panel(const App& app) {
  const StepText text = step_text(app);
  if (text.label.empty()) return;
  const Fonts& fonts = app.ui.fonts;

  for (const std::string& line : text.channel_lines) {
    ImGui::PushTextWrapPos(0.0f);
    ImGui::TextUnformatted(line.c_str());
    ImGui::PopTextWrapPos();
  }
  ImGui::PushFont(fonts.large);
  ImGui::TextColored(palette::kAccentText, "%s", text.label.c_str());
  ImGui::SameLine(0, 12);
  ImGui::PushTextWrapPos(0.0f);
  ImGui::TextUnformatted(text.total.c_str());
  ImGui::PopTextWrapPos();
  ImGui::PopFont();

  if (!text.caption.empty()) {
    ImGui::PushTextWrapPos(0.0f);
    ImGui::TextColored(palette::kAccentText, "%s", text.caption.c_str());
    ImGui::PopTextWrapPos();
  }
  ImGui::PushStyleColor(ImGuiCol_Text, palette::kMutedText);
  ImGui::PushTextWrapPos(0.0f);
  ImGui::TextUnformatted(text.formula.c_str());
  ImGui::PopTextWrapPos();
  ImGui::PopStyleColor();
}

}  // namespace convstep
