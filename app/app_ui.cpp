// Building the window for one frame: the view tabs, the stepping view (header, sidebar, grids,
// arithmetic), presentation mode and the playground. It reads the model and records Actions; only
// apply_actions (app/app.cpp) changes the model.
#include "app/app.h"

#include <algorithm>
#include <utility>

#include <imgui.h>

#include "app/panels/controls_panel.h"
#include "app/panels/export_panel.h"
#include "app/panels/formula_panel.h"
#include "app/panels/grids_panel.h"
#include "app/panels/header_panel.h"
#include "app/panels/layer_panel.h"
#include "app/panels/menu_bar.h"
#include "app/panels/network_panel.h"
#include "app/panels/params_panel.h"
#include "app/panels/presentation_panel.h"
#include "app/panels/progress_panel.h"
#include "app/panels/quiz_panel.h"
#include "app/panels/shortcuts_panel.h"
#include "app/panels/stamp_panel.h"
#include "app/panels/step_panel.h"
#include "app/panels/tensors_panel.h"
#include "app/panels/worksheet_panel.h"
#include "app/widgets/widget_log.h"

namespace convstep {
namespace {

// The sidebar (parameters and formula) takes a share of the width, within readable bounds.
constexpr float kSidebarShare = 0.30f;
constexpr float kLeastSidebar = 336.0f, kMostSidebar = 460.0f;
// The parameter list keeps at least this much of the sidebar's height (a share of it, or a few rows), so
// the parameter just changed stays in sight beside a refusal; the output size scrolls if it must.
constexpr float kLeastParamsHeight = 120.0f;
constexpr float kParamsShare = 0.33f;
constexpr float kLeastGridHeight = 220.0f;
// Grid values are never drawn smaller than these (pixels): legible from the back of a classroom.
constexpr float kLeastValuePx = 14.0f;
constexpr float kPresentationValuePx = 20.0f;
constexpr float kMenuBarWindowPadding = 6.0f;

// The two views as tabs under the window's top edge. An action that switches view (opening an image,
// sending a region to the stepper) selects the tab for one frame; otherwise the tabs decide.
void draw_view_tabs(UiState& ui) {
  if (!ImGui::BeginTabBar("views")) return;
  constexpr std::pair<MainView, const char*> kTabs[] = {{MainView::kStepper, "Step through a lesson"},
                                                        {MainView::kPlayground, "Filter playground"},
                                                        {MainView::kNetwork, "Network of layers"}};
  MainView shown = ui.main_view;
  for (const auto& [view, label] : kTabs) {
    const ImGuiTabItemFlags flags =
        ui.select_view && ui.main_view == view ? ImGuiTabItemFlags_SetSelected : 0;
    const bool selected = ImGui::BeginTabItem(label, nullptr, flags);
    record_last_item(label);
    if (selected) {
      shown = view;
      ImGui::EndTabItem();
    }
  }
  ImGui::EndTabBar();
  if (!ui.select_view) ui.main_view = shown;
  ui.select_view = false;
}

// Presentation mode: a one-line header, then the grids and the arithmetic across the whole width.
void draw_presentation_view(const AppModel& model, UiState& ui, Actions& actions) {
  draw_presentation_header(model, ui);
  ImGui::Separator();
  const ImVec2 room = ImGui::GetContentRegionAvail();
  const float below = stepping_text_height(model, ui, room.x) + 2 * ImGui::GetStyle().ItemSpacing.y + 2;
  draw_stepping_grids(model, ui, actions, ImVec2(room.x, std::max(kLeastGridHeight, room.y - below)));
  ImGui::Separator();
  draw_stepping_text(model, ui);
}

void draw_stepper_view(const AppModel& model, UiState& ui, Actions& actions) {
  ui.stage.presentation = ui.presentation.on;
  ui.stage.least_value_px = ui.presentation.on ? kPresentationValuePx : kLeastValuePx;
  if (ui.presentation.on) {
    draw_presentation_view(model, ui, actions);
    return;
  }
  draw_header_panel(model, ui, actions);
  draw_layer_panel(model, ui);
  draw_layer_field(model, ui, actions);
  draw_worksheet_dialog(model, ui.worksheet);
  ImGui::Separator();

  // Below the header: the stage column (transport, grids, arithmetic) and, at its left, the sidebar.
  const ImVec2 top = ImGui::GetCursorPos();
  const ImVec2 room = ImGui::GetContentRegionAvail();
  const float spacing = ImGui::GetStyle().ItemSpacing.x;
  const float sidebar =
      ui.sidebar_hidden ? 0.0f : std::clamp(room.x * kSidebarShare, kLeastSidebar, kMostSidebar);
  const float stage_width = ui.sidebar_hidden ? room.x : room.x - sidebar - spacing;

  ImGui::SetCursorPos(ImVec2(ui.sidebar_hidden ? top.x : top.x + sidebar + spacing, top.y));
  ImGui::BeginChild("stage_column", ImVec2(stage_width, room.y), false, ImGuiWindowFlags_NoScrollbar);
  draw_controls_panel(model, ui, actions);
  ImGui::Separator();
  const float below = stepping_text_height(model, ui, stage_width) + 2 * ImGui::GetStyle().ItemSpacing.y + 2;
  const float grid_height = std::max(kLeastGridHeight, ImGui::GetContentRegionAvail().y - below);
  draw_stepping_grids(model, ui, actions, ImVec2(stage_width, grid_height));
  ImGui::Separator();
  draw_stepping_text(model, ui);
  ImGui::EndChild();
  if (ui.sidebar_hidden) return;

  // The sidebar: the parameters scroll when they must; the formula (and any refusal) stays in view below.
  ImGui::SetCursorPos(top);
  ImGui::BeginChild("sidebar", ImVec2(sidebar, room.y), true, ImGuiWindowFlags_NoScrollbar);
  draw_history_toolbar(model, ui, actions);
  const float formula_width = ImGui::GetContentRegionAvail().x;
  const float formula = formula_panel_height(model, formula_width) + 2 * ImGui::GetStyle().ItemSpacing.y;
  const float least_params = std::max(kLeastParamsHeight, kParamsShare * ImGui::GetContentRegionAvail().y);
  draw_quiz_panel(model, ui, actions, ImGui::GetContentRegionAvail().y - formula - least_params);
  draw_params_heading(ui);
  ImGui::BeginChild("params", ImVec2(0, std::max(least_params, ImGui::GetContentRegionAvail().y - formula)));
  draw_params_panel(model, ui, actions);
  ImGui::EndChild();
  ImGui::Separator();
  // What does not fit below the parameters scrolls in its own region rather than past the window's edge.
  ImGui::BeginChild("output_size", ImVec2(0, 0));
  draw_formula_panel(model, ui, actions);
  ImGui::EndChild();
  ImGui::EndChild();
}

}  // namespace

Actions build_ui(const AppModel& model, UiState& ui, AppGfx& gfx) {
  Actions actions;
  ui.stage.layout.clear();
  set_widget_log(&ui.stage.layout.widgets);
  read_presentation_keys(ui);
  read_file_keys(ui, actions);
  if (ui.main_view == MainView::kStepper && !ui.presentation.blanked) {
    read_transport_keys(ui, actions);
    read_quiz_keys(model, ui, actions);
  }
  if (!ui.presentation.blanked) read_undo_keys(ui, actions);
  ui.key_presses.clear();  // consumed: the next frame reads only what GLFW queues until then

  // The menu bar first; the window takes the room below it (ImGui's own work area follows a frame late).
  const float menu = draw_menu_bar(model, ui, actions);
  const ImGuiViewport* viewport = ImGui::GetMainViewport();
  ImGui::SetNextWindowPos(ImVec2(viewport->Pos.x, viewport->Pos.y + menu));
  ImGui::SetNextWindowSize(ImVec2(viewport->Size.x, viewport->Size.y - menu));
  const ImGuiWindowFlags flags = ImGuiWindowFlags_NoTitleBar | ImGuiWindowFlags_NoResize |
                                 ImGuiWindowFlags_NoMove | ImGuiWindowFlags_NoCollapse |
                                 ImGuiWindowFlags_NoSavedSettings | ImGuiWindowFlags_NoBringToFrontOnFocus;
  // Below the menu bar the window's own top and bottom margins shrink, so the bar costs the grids
  // almost no height.
  const ImVec2 padding = ImGui::GetStyle().WindowPadding;
  ImGui::PushStyleVar(ImGuiStyleVar_WindowPadding,
                      ImVec2(padding.x, menu > 0 ? std::min(padding.y, kMenuBarWindowPadding) : padding.y));
  ImGui::Begin("convstep", nullptr, flags);
  ImGui::PopStyleVar();

  if (!ui.presentation.on) {
    const float tabs_y = ImGui::GetCursorPosY();
    draw_view_tabs(ui);
    if (ui.main_view == MainView::kStepper) draw_export_button(actions, tabs_y);
  }
  if (ui.main_view == MainView::kPlayground) {
    draw_playground_panel(model.playground, ui.playground, gfx.playground, ui.fonts, actions.playground);
    // Recorded as shown, so a headless run's layout says which message the user saw.
    if (!model.playground.error.empty()) ui.stage.layout.texts.push_back(model.playground.error);
  } else if (ui.main_view == MainView::kNetwork) {
    if (ui.presentation.on) {
      draw_network_presentation_header(model.network, ui);
      ImGui::Separator();
    }
    draw_network_panel(model.network, ui.network, ui.fonts, ui.stage.layout, actions.network,
                       ui.presentation.on);
  } else {
    draw_stepper_view(model, ui, actions);
  }
  draw_tensor_questions(model, ui, actions);
  ImGui::End();
  draw_tensors_window(model, ui, actions);
  draw_file_dialogs(model, ui, actions);
  draw_export_panel(model, ui, actions);
  draw_progress_panel(model, ui, actions);
  draw_shortcuts_panel(ui);
  draw_blank_screen(ui);
  actions.held = ImGui::IsAnyItemActive();  // a drag goes on: its changes join one undo step
  set_widget_log(nullptr);
  // ImGui reads the global scale as a frame begins: the mode's type size shows from the next frame.
  ImGui::GetIO().FontGlobalScale = presentation_type_scale(ui.presentation);
  return actions;
}

}  // namespace convstep
