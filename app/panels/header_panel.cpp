// Choosing or opening a lesson only records an action; the lesson is replaced in apply_actions, which
// keeps the current one when the new one fails to load.
#include "app/panels/header_panel.h"

#include <algorithm>
#include <cstdio>
#include <optional>
#include <string>

#include <imgui.h>

#include "app/panels/worksheet_panel.h"
#include "app/widgets/file_browser.h"
#include "app/widgets/text_fit.h"
#include "app/widgets/theme.h"
#include "app/widgets/widget_log.h"
#include "core/lesson.h"
#include "core/pytorch_text.h"

namespace convstep {
namespace {

constexpr float kPickerWidth = 340;
// Below this window height the lesson's caption folds into the title's tooltip, so the grids keep the
// room (the header's toggle brings it back).
constexpr float kCaptionFromHeight = 860;
constexpr const char* kOpenLabel = "Open lesson file\xE2\x80\xA6";
constexpr const char* kBrowseLabel = "Browse\xE2\x80\xA6";

void lesson_picker(const AppModel& model, UiState& ui, Actions& actions) {
  ImGui::SetNextItemWidth(kPickerWidth);
  const std::string& current = model.lesson.lesson.name;
  std::string preview = "Choose a lesson";
  for (const LessonEntry& entry : ui.lessons)
    if (entry.name == current) preview = entry.title;
  if (ui::begin_combo("##lesson", preview.c_str(), ImGuiComboFlags_HeightLarge)) {
    for (const LessonEntry& entry : ui.lessons) {
      const bool selected = entry.name == current;
      const std::string label = entry.title + "   (" + entry.name + ")";
      if (ImGui::Selectable(label.c_str(), selected)) actions.load_lesson = entry.name;
      if (selected) ImGui::SetItemDefaultFocus();
    }
    ImGui::EndCombo();
  }
  ImGui::SameLine();
  if (ui::button(kOpenLabel)) ui.open_file = !ui.open_file;
  draw_worksheet_button(model, ui.worksheet);
}

// The path field: Enter or Open loads; the field stays open after a failure so the path can be fixed.
void open_file_row(UiState& ui, Actions& actions) {
  if (!ui.open_file) return;
  ImGui::AlignTextToFramePadding();
  ImGui::TextUnformatted("Lesson file:");
  ImGui::SameLine();
  const ImGuiStyle& style = ImGui::GetStyle();
  float buttons = 0;
  for (const char* label : {"Open", kBrowseLabel, "Cancel"})
    buttons += ImGui::CalcTextSize(label).x + 2 * style.FramePadding.x + style.ItemSpacing.x;
  ImGui::SetNextItemWidth(ImGui::GetContentRegionAvail().x - buttons);
  const bool entered = ui::input_text_with_hint("##lesson_path", "/path/to/lesson.json", ui.lesson_path,
                                                sizeof ui.lesson_path, ImGuiInputTextFlags_EnterReturnsTrue);
  ImGui::SameLine();
  const bool open = ui::button("Open");
  ImGui::SameLine();
  if (ui::button(kBrowseLabel))
    open_file_browser(ui.lesson_browser, "Open a lesson file", {".json"}, lessons_dir(),
                      standard_places("Lessons", lessons_dir()));
  ImGui::SameLine();
  if (ui::button("Cancel")) ui.open_file = false;
  const std::string path = ui.lesson_path;
  if ((entered || open) && !path.empty()) actions.load_lesson = path;
  if (std::optional<std::string> chosen = draw_file_browser(ui.lesson_browser)) {
    std::snprintf(ui.lesson_path, sizeof ui.lesson_path, "%s", chosen->c_str());
    actions.load_lesson = *chosen;
  }
}

void load_error_box(const AppModel& model, const UiState& ui, Actions& actions) {
  if (model.lesson.error.empty() || ui.error_dismissed) return;
  ImGui::PushStyleColor(ImGuiCol_ChildBg, ImVec4(0.30f, 0.10f, 0.10f, 1.0f));
  const float wrap = ImGui::GetContentRegionAvail().x - 140;
  const float text_height = ImGui::CalcTextSize(model.lesson.error.c_str(), nullptr, false, wrap).y;
  ImGui::BeginChild("load_error", ImVec2(0, text_height + 18), false, ImGuiWindowFlags_NoScrollbar);
  ImGui::SetCursorPos(ImVec2(14, 8));
  ImGui::PushTextWrapPos(wrap);
  ImGui::TextColored(palette::kErrorText, "%s", model.lesson.error.c_str());
  ImGui::PopTextWrapPos();
  ImGui::SameLine(ImGui::GetWindowWidth() - 110);
  if (ui::small_button("Dismiss")) actions.dismiss_error = true;
  ImGui::EndChild();
  ImGui::PopStyleColor();
}

}  // namespace

void draw_header_panel(const AppModel& model, UiState& ui, Actions& actions) {
  const Fonts& fonts = ui.fonts;
  const Lesson& lesson = model.lesson.lesson;

  // The picker sits at the right end of the title's line, vertically centred on it.
  const float open_width =
      ImGui::CalcTextSize(kOpenLabel).x + 2 * ImGui::GetStyle().FramePadding.x + worksheet_button_width();
  const float picker_x =
      ImGui::GetWindowContentRegionMax().x - kPickerWidth - open_width - ImGui::GetStyle().ItemSpacing.x;
  if (fonts.heading) ImGui::PushFont(fonts.heading);
  const float title_width = picker_x - ImGui::GetCursorPosX() - 24;
  // One line, cut short with "…" when too long: the picker beside it names the lesson in full, and
  // the tooltip too, so the grids keep the height a second line would take.
  const std::string title = fit_one_line(lesson.title.empty() ? "convstep" : lesson.title, title_width);
  ImGui::TextUnformatted(title.c_str());
  const bool title_hovered = ImGui::IsItemHovered();
  if (fonts.heading) ImGui::PopFont();
  const float title_mid = (ImGui::GetItemRectMin().y + ImGui::GetItemRectMax().y) * 0.5f;
  const float after_title = ImGui::GetCursorScreenPos().y;
  ImGui::SameLine(picker_x);
  ImGui::SetCursorScreenPos(
      ImVec2(ImGui::GetCursorScreenPos().x, title_mid - ImGui::GetFrameHeight() * 0.5f));
  lesson_picker(model, ui, actions);
  ImGui::SetCursorScreenPos(
      ImVec2(ImGui::GetCursorScreenPos().x, std::max(after_title, ImGui::GetCursorScreenPos().y)));
  open_file_row(ui, actions);
  if (title_hovered && (!caption_shown(ui) || title != lesson.title)) {
    ImGui::BeginTooltip();
    ImGui::PushTextWrapPos(ImGui::GetFontSize() * 30);
    ImGui::TextUnformatted(lesson.title.c_str());
    if (!caption_shown(ui) && !lesson.caption.empty()) ImGui::TextUnformatted(lesson.caption.c_str());
    ImGui::PopTextWrapPos();
    ImGui::EndTooltip();
  }

  if (caption_shown(ui)) {
    ImGui::PushTextWrapPos(0.0f);
    if (!lesson.caption.empty()) ImGui::TextUnformatted(lesson.caption.c_str());
    ImGui::PopTextWrapPos();
  }
  load_error_box(model, ui, actions);
}

bool caption_shown(const UiState& ui) {
  if (ui.presentation.on) return false;
  return ui.show_caption.value_or(ImGui::GetMainViewport()->WorkSize.y >= kCaptionFromHeight);
}

namespace {

// Presentation mode's one line: the title, an accent (the layer as PyTorch writes it) and where the
// walk is, each only where it fits; nothing to click but the way out.
void draw_presentation_line(const std::string& title, const std::string& accent, const std::string& where,
                            UiState& ui) {
  const float leave_width = ImGui::CalcTextSize("Leave (Esc)").x + 2 * ImGui::GetStyle().FramePadding.x;
  // A long title is cut short with "…" before the way out, never under it.
  const float title_room = ImGui::GetContentRegionMax().x - leave_width -
                           2 * ImGui::GetStyle().ItemSpacing.x - ImGui::GetCursorPosX();
  if (ui.fonts.heading) ImGui::PushFont(ui.fonts.heading);
  ImGui::TextUnformatted(fit_one_line(title.empty() ? "convstep" : title, title_room).c_str());
  if (ui.fonts.heading) ImGui::PopFont();
  const float room = ImGui::GetContentRegionMax().x - leave_width - ImGui::GetStyle().ItemSpacing.x;
  const float x = ImGui::GetItemRectMax().x - ImGui::GetWindowPos().x + 28;
  const float accent_width = ImGui::CalcTextSize(accent.c_str()).x,
              where_width = ImGui::CalcTextSize(where.c_str()).x;
  if (!accent.empty() && x + accent_width + 28 + where_width < room) {
    ImGui::SameLine(0, 28);
    ImGui::TextColored(palette::kAccentText, "%s", accent.c_str());
  }
  if (!where.empty()) {
    ImGui::SameLine(0, 28);
    if (ImGui::GetCursorPosX() + where_width < room) ImGui::TextUnformatted(where.c_str());
  }
  ImGui::SameLine(ImGui::GetContentRegionMax().x - leave_width);
  if (ui::button("Leave (Esc)")) ui.presentation.on = false;
}

}  // namespace

void draw_presentation_header(const AppModel& model, UiState& ui) {
  const Lesson& lesson = model.lesson.lesson;
  std::string layer, where;
  if (model.lesson.stepper) {
    layer = pytorch_layer(shown_scene(model));
    where = "step " + std::to_string(model.walk.position.step + 1) + " of " +
            std::to_string(model.lesson.stepper->step_count());
  }
  draw_presentation_line(lesson.title, layer, where, ui);
}

void draw_network_presentation_header(const StackSession& network, UiState& ui) {
  const size_t layers = network.lines.size();
  const std::string count = std::to_string(layers) + (layers == 1 ? " layer" : " layers");
  draw_presentation_line(network.source.empty() ? "Network of layers" : network.source, count, "", ui);
}

}  // namespace convstep
