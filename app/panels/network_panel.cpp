// The Network view's frame: the sidebar (presets, input size, one field per layer with its reorder and
// remove buttons, the refusal with a caret under the character at fault, then each layer's numbers) and
// the maps beside it (app/panels/network_maps.cpp).
#include "app/panels/network_panel.h"

#include <imgui.h>
#include <algorithm>
#include <cstring>

#include "app/widgets/widget_log.h"
#include "core/stack_presets.h"

namespace convstep {

namespace {

constexpr float kSidebarShare = 0.36f;
constexpr float kLeastSidebar = 340.0f, kMostSidebar = 470.0f;

std::string size_text(const StackSession& s) {
  return s.stack.dims == 1 ? std::to_string(s.input_size[0])
                           : std::to_string(s.input_size[0]) + "x" + std::to_string(s.input_size[1]);
}

void copy_text(char* buffer, size_t size, const std::string& text) {
  const size_t n = std::min(size - 1, text.size());
  std::memcpy(buffer, text.data(), n);
  buffer[n] = '\0';
}

// The fields follow the session whenever its lines or size change (an edit applied, a preset, a lesson).
void sync_fields(const StackSession& session, NetworkUi& ui) {
  if (ui.fields_from != session.lines) {
    ui.fields.assign(session.lines.size(), {});
    for (size_t l = 0; l < session.lines.size(); ++l)
      copy_text(ui.fields[l].data(), kLayerFieldBytes, session.lines[l]);
    ui.fields_from = session.lines;
  }
  if (ui.input_size_from != session.input_size) {
    copy_text(ui.input_size, sizeof ui.input_size, size_text(session));
    ui.input_size_from = session.input_size;
  }
}

// The caret under column `column` of `line` as drawn in a field starting at `field_x`.
void draw_caret(const std::string& line, size_t column, float field_x) {
  size_t bytes = 0;
  for (size_t seen = 1; bytes < line.size() && seen < column; ++seen) {
    ++bytes;
    while (bytes < line.size() && (static_cast<unsigned char>(line[bytes]) & 0xC0) == 0x80) ++bytes;
  }
  const float x = field_x + ImGui::GetStyle().FramePadding.x +
                  ImGui::CalcTextSize(line.c_str(), line.c_str() + bytes).x - ImGui::CalcTextSize("^").x / 2;
  ImGui::SetCursorScreenPos(ImVec2(x, ImGui::GetCursorScreenPos().y));
  ImGui::TextColored(palette::kErrorText, "^");
}

void draw_editor(const StackSession& session, NetworkUi& ui, NetworkActions& actions) {
  ImGui::SetNextItemWidth(-FLT_MIN);
  const std::string preview = session.source.empty() ? "Presets\u2026" : session.source;
  if (ui::begin_combo("##stack_preset", preview.c_str())) {
    for (const StackPreset& p : stack_presets()) {
      if (ImGui::Selectable(p.name.c_str(), p.name == session.source)) actions.preset = p.id;
      if (ImGui::IsItemHovered()) ImGui::SetTooltip("%s", p.description.c_str());
    }
    ImGui::EndCombo();
  }
  ImGui::AlignTextToFramePadding();
  ImGui::TextUnformatted(session.stack.dims == 1 ? "Input length" : "Input size");
  ImGui::SameLine();
  ImGui::SetNextItemWidth(110);
  if (ui::input_text_with_hint("##stack_input_size", "32x32", ui.input_size, sizeof ui.input_size,
                               ImGuiInputTextFlags_EnterReturnsTrue))
    actions.input_size = std::string(ui.input_size);
  ImGui::SameLine();
  ImGui::TextDisabled("(Enter)");

  const StackSession::Refusal& error = session.error;
  const size_t count = session.lines.size();
  const float button = ImGui::GetFrameHeight();
  for (size_t l = 0; l < count; ++l) {
    ImGui::PushID(static_cast<int>(l));
    ImGui::AlignTextToFramePadding();
    ImGui::Text("%zu", l + 1);
    ImGui::SameLine();
    const float spacing = ImGui::GetStyle().ItemSpacing.x;
    ImGui::SetNextItemWidth(std::max(120.0f, ImGui::GetContentRegionAvail().x - 3 * (button + spacing)));
    const float field_x = ImGui::GetCursorScreenPos().x;
    const std::string id = "##layer_" + std::to_string(l + 1);
    if (ui::input_text_with_hint(id.c_str(), "nn.Conv2d(1, 1, kernel_size=3)", ui.fields[l].data(),
                                 kLayerFieldBytes, ImGuiInputTextFlags_EnterReturnsTrue))
      actions.set_line = {l, std::string(ui.fields[l].data())};
    if (ImGui::IsItemHovered())
      ImGui::SetTooltip(
          "%s\nA PyTorch layer (nn.Conv1d/2d, nn.MaxPool1d/2d, nn.AvgPool1d/2d); Enter applies it",
          session.lines[l].c_str());
    ImGui::SameLine();
    ImGui::BeginDisabled(l + 1 == count);
    if (ui::button("\u2191", ImVec2(button, 0))) actions.move = {l, +1};
    ImGui::EndDisabled();
    if (ImGui::IsItemHovered(ImGuiHoveredFlags_AllowWhenDisabled))
      ImGui::SetTooltip("Move up the stack (later)");
    ImGui::SameLine();
    ImGui::BeginDisabled(l == 0);
    if (ui::button("\u2193", ImVec2(button, 0))) actions.move = {l, -1};
    ImGui::EndDisabled();
    if (ImGui::IsItemHovered(ImGuiHoveredFlags_AllowWhenDisabled))
      ImGui::SetTooltip("Move down the stack (earlier)");
    ImGui::SameLine();
    ImGui::BeginDisabled(count == 1);
    if (ui::button("\u00d7", ImVec2(button, 0))) actions.remove = l;
    ImGui::EndDisabled();
    if (ImGui::IsItemHovered(ImGuiHoveredFlags_AllowWhenDisabled)) ImGui::SetTooltip("Remove this layer");
    if (!error.message.empty() && error.layer == static_cast<int>(l) && error.column > 0)
      draw_caret(error.line, error.column, field_x);
    ImGui::PopID();
  }
  ImGui::BeginDisabled(count >= static_cast<size_t>(kMaxStackLayers));
  if (ui::button("+ Add layer")) actions.add_after = count - 1;
  ImGui::EndDisabled();
  ImGui::SameLine();
  ImGui::TextDisabled("%zu of at most %d", count, kMaxStackLayers);
  if (!error.message.empty()) {
    ImGui::PushTextWrapPos(0.0f);
    ImGui::TextColored(palette::kErrorText, "%s", error.message.c_str());
    ImGui::PopTextWrapPos();
  }
}

// Whether both dimensions of a layer have the same numbers, so one block says it for both.
bool same_dims(const StackLevel& level) {
  if (level.dims.size() < 2) return true;
  const StackDim& a = level.dims[0];
  const StackDim& b = level.dims[1];
  return a.out_formula == b.out_formula && a.receptive_field_text == b.receptive_field_text &&
         a.jump_text == b.jump_text && a.start_text == b.start_text;
}

void draw_numbers(const StackSession& session, const NetworkCell& shown, StageLayout& layout) {
  const LayerStack& stack = session.stack;
  ImGui::PushTextWrapPos(0.0f);
  ImGui::TextColored(
      palette::kMutedText,
      "Per layer: output size, receptive field r, jump and start, with k' = d\u00b7(k \u2212 1) + 1, "
      "from r = 1, jump = 1, start = 0");
  ImGui::PopTextWrapPos();
  const char* names[2] = {"height", "width"};
  for (size_t l = 0; l < stack.levels.size(); ++l) {
    const StackLevel& level = stack.levels[l];
    ImGui::Separator();
    const bool selected = static_cast<int>(l + 1) == shown.map;
    const std::string head = std::to_string(l + 1) + "  " + level.layer.line;
    ImGui::PushStyleColor(ImGuiCol_Text, selected ? kReceptiveFieldColor : IM_COL32(235, 238, 242, 255));
    ImGui::PushTextWrapPos(0.0f);
    ImGui::TextUnformatted(head.c_str());
    ImGui::PopTextWrapPos();
    ImGui::PopStyleColor();
    const size_t blocks = same_dims(level) ? 1 : level.dims.size();
    for (size_t i = 0; i < blocks; ++i) {
      const StackDim& d = level.dims[i];
      if (stack.dims == 2)
        ImGui::TextColored(palette::kMutedText, "%s", blocks == 1 ? "height and width" : names[i]);
      for (const std::string* text : {&d.out_formula, &d.receptive_field_text, &d.jump_text, &d.start_text}) {
        if (text->empty()) continue;
        const std::string shown_text = text == &d.out_formula ? "size " + *text : *text;
        ImGui::Indent();
        ImGui::PushTextWrapPos(0.0f);
        ImGui::TextUnformatted(shown_text.c_str());
        ImGui::PopTextWrapPos();
        ImGui::Unindent();
        layout.texts.push_back(std::to_string(l + 1) + " " +
                               (stack.dims == 2 ? names[blocks == 1 ? 0 : i] : "length") + ": " + shown_text);
      }
    }
  }
}

}  // namespace

bool asks_anything(const NetworkActions& a) {
  return a.set_line || a.add_after || a.remove || a.move || a.preset || a.input_size;
}

bool apply_network_actions(StackSession& session, NetworkUi& ui, const NetworkActions& a) {
  if (!asks_anything(a)) return false;
  const std::vector<std::string> before = session.lines;
  const Dims size_before = session.input_size;
  bool changed = false;
  if (a.preset) changed = load_stack_preset(session, *a.preset);
  if (a.input_size) changed = set_stack_input_size(session, *a.input_size) || changed;
  if (a.set_line) changed = set_stack_line(session, a.set_line->first, a.set_line->second) || changed;
  if (a.add_after) changed = add_stack_layer(session, *a.add_after) || changed;
  if (a.remove) changed = remove_stack_layer(session, *a.remove) || changed;
  if (a.move) changed = move_stack_layer(session, a.move->first, a.move->second) || changed;
  if (session.lines != before || session.input_size != size_before) {
    ui.pinned.reset();
    ui.hovered.reset();
  }
  // A refused line stays in its field, to be corrected; an accepted one is written back as the session has
  // it.
  if (changed && session.error.message.empty()) ui.fields_from.clear();
  return changed;
}

NetworkCell shown_network_cell(const StackSession& session, const NetworkUi& ui) {
  const LayerStack& stack = session.stack;
  auto valid = [&](const NetworkCell& c) {
    if (c.map < 0 || c.map >= stack.maps()) return false;
    for (int i = 0; i < stack.dims; ++i)
      if (c.cell[static_cast<size_t>(i)] < 0 || c.cell[static_cast<size_t>(i)] >= stack.map_size(c.map, i))
        return false;
    return true;
  };
  if (ui.pinned && valid(*ui.pinned)) return *ui.pinned;
  if (ui.hovered && valid(*ui.hovered)) return *ui.hovered;
  NetworkCell centre;
  centre.map = stack.maps() - 1;
  for (int i = 0; i < stack.dims; ++i)
    centre.cell[static_cast<size_t>(i)] = stack.map_size(centre.map, i) / 2;
  return centre;
}

void draw_network_panel(const StackSession& session, NetworkUi& ui, const Fonts& fonts, StageLayout& layout,
                        NetworkActions& actions, bool presenting) {
  sync_fields(session, ui);
  const NetworkCell shown = shown_network_cell(session, ui);
  const ImVec2 top = ImGui::GetCursorPos();
  const ImVec2 room = ImGui::GetContentRegionAvail();
  const float spacing = ImGui::GetStyle().ItemSpacing.x;
  const float sidebar = std::clamp(room.x * kSidebarShare, kLeastSidebar, kMostSidebar);

  // Presenting, the sidebar keeps the numbers only: the stack is edited outside presentation mode.
  ImGui::BeginChild("network_sidebar", ImVec2(sidebar, room.y), true);
  if (!presenting) {
    draw_editor(session, ui, actions);
    ImGui::Separator();
  }
  ImGui::BeginChild("network_numbers");
  draw_numbers(session, shown, layout);
  ImGui::EndChild();
  ImGui::EndChild();

  ImGui::SetCursorPos(ImVec2(top.x + sidebar + spacing, top.y));
  ImGui::BeginChild("network_maps", ImVec2(room.x - sidebar - spacing, room.y), false,
                    ImGuiWindowFlags_NoScrollbar);
  const LayerStack& stack = session.stack;
  std::string cell = "map " + std::to_string(shown.map) + ", ";
  cell += stack.dims == 2
              ? "row " + std::to_string(shown.cell[0]) + ", column " + std::to_string(shown.cell[1])
              : "cell " + std::to_string(shown.cell[0]);
  const std::string caption = std::string(ui.pinned ? "Pinned: " : "Hover or click a cell. Shown: ") + cell +
                              ". Orange: its receptive field below; blue: its projective field above.";
  ImGui::PushTextWrapPos(0.0f);
  ImGui::TextUnformatted(caption.c_str());
  ImGui::PopTextWrapPos();
  layout.texts.push_back(caption);
  ImGui::PushTextWrapPos(0.0f);
  ImGui::TextColored(palette::kMutedText,
                     "One channel per map: input 1 2 3 4 1 \u2026, every convolution averages its "
                     "window (no bias); grey cells are padding.");
  ImGui::PopTextWrapPos();
  const ImVec2 origin = ImGui::GetCursorScreenPos();
  const ImVec2 avail = ImGui::GetContentRegionAvail();
  draw_network_maps(session, ui, fonts, layout, ImVec2(origin.x, origin.y + 4),
                    ImVec2(avail.x - 8, avail.y - 8));
  ImGui::EndChild();
}

}  // namespace convstep
