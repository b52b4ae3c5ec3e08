// The rows, their labels, tooltips and widgets follow core/params.h's table; the fields show the last
// valid scene (core/scene_edit's scene_settings). A number is sent when it is
// committed — by the −/+ buttons, Enter or leaving the field — never half-typed, so typing "12" does not
// first try 1.
#include "app/panels/params_panel.h"

#include <algorithm>
#include <array>
#include <optional>
#include <set>
#include <string>

#include <imgui.h>

#include "app/widgets/theme.h"
#include "app/widgets/widget_log.h"
#include "core/params.h"

namespace convstep {
namespace {

// Room for a two-digit number inside an integer field, beside its −/+ buttons.
constexpr float kNumberWidth = 30;
constexpr int kMaxField = 4096;
// The toggle that gives a linked parameter's height and width their own fields.
constexpr const char* kSplitLabel = "\xE2\x86\x94";  // ↔

constexpr std::array<Op, 10> kOps = {
    Op::kConv1d,    Op::kConv2d,    Op::kMaxPool1d, Op::kMaxPool2d,       Op::kAvgPool1d,
    Op::kAvgPool2d, Op::kSumPool1d, Op::kSumPool2d, Op::kConvTranspose1d, Op::kConvTranspose2d};
constexpr std::array<PaddingMode, 4> kModes = {PaddingMode::kZeros, PaddingMode::kReflect,
                                               PaddingMode::kReplicate, PaddingMode::kCircular};

// An integer field that reports a value only when it is committed. While typing, the draft lives in
// ImGui's per-window storage under the field's id.
std::optional<int> int_field(const char* id, int current, int min_value, bool buttons = true) {
  ImGui::PushID(id);
  ImGuiStorage* storage = ImGui::GetStateStorage();
  const ImGuiID draft_on = ImGui::GetID("draft_on");
  const ImGuiID draft_value = ImGui::GetID("draft_value");
  const bool has_draft = storage->GetBool(draft_on);
  int v = has_draft ? storage->GetInt(draft_value) : current;
  const bool changed = ui::input_int("##v", &v, buttons ? 1 : 0, buttons ? 1 : 0);
  std::optional<int> committed;
  if (ImGui::IsItemActive()) {
    if (changed) {
      storage->SetInt(draft_value, v);
      storage->SetBool(draft_on, true);
    }
  } else if (has_draft) {
    storage->SetBool(draft_on, false);
    if (v != current) committed = v;
  } else if (changed && v != current) {
    committed = v;
  }
  ImGui::PopID();
  if (committed) committed = std::clamp(*committed, min_value, kMaxField);
  return committed;
}

float field_width() {
  const ImGuiStyle& style = ImGui::GetStyle();
  return kNumberWidth + 2 * (ImGui::GetFrameHeight() + style.ItemInnerSpacing.x);
}

class ParamsForm {
 public:
  ParamsForm(const Scene& scene, std::set<std::string>& split, Actions& actions)
      : settings_(scene_settings(scene)),
        op_(scene.params.op),
        dims_(spatial_dims(op_)),
        split_(split),
        actions_(actions) {}

  void draw() {
    if (!ImGui::BeginTable("params", 2, ImGuiTableFlags_SizingFixedFit)) return;
    ImGui::TableSetupColumn("key", ImGuiTableColumnFlags_WidthFixed,
                            ImGui::CalcTextSize("count_include_pad").x);
    ImGui::TableSetupColumn("value", ImGuiTableColumnFlags_WidthStretch);
    const std::vector<ParamSpec>& specs = param_specs();
    for (size_t i = 0; i < specs.size() && i < settings_.size(); ++i) {
      if (specs[i].in_panel) row(specs[i], settings_[i]);
    }
    ImGui::EndTable();
  }

 private:
  void edit(const std::string& key, const std::string& value) { actions_.edits.push_back({key, value}); }

  void row(const ParamSpec& spec, const SceneSetting& s) {
    ImGui::TableNextRow();
    ImGui::TableNextColumn();
    ImGui::AlignTextToFramePadding();
    ImGui::TextUnformatted(spec.name);
    if (ImGui::IsItemHovered()) ImGui::SetTooltip("%s", spec.help);
    ImGui::TableNextColumn();
    ImGui::PushID(s.key.c_str());
    ImGui::BeginDisabled(!s.applies);
    ImGui::BeginGroup();
    if (!s.applies && spec.kind == ParamKind::kBool) {
      // A greyed tick would still read as "on": a switch the op does not have shows a dash.
      ImGui::AlignTextToFramePadding();
      ImGui::TextUnformatted("\xE2\x80\x94");
    } else {
      widget(spec, s);
    }
    ImGui::EndGroup();
    ImGui::EndDisabled();
    if (!s.applies && ImGui::IsItemHovered(ImGuiHoveredFlags_AllowWhenDisabled))
      ImGui::SetTooltip("%s", absent_message(spec, op_).c_str());
    ImGui::PopID();
  }

  // The widget follows the kind of value (core/params.h), not the parameter's name.
  void widget(const ParamSpec& spec, const SceneSetting& s) {
    const std::string key = spec.name;
    switch (spec.kind) {
      case ParamKind::kOp:
        op_combo(key);
        break;
      case ParamKind::kSize: {
        const Result<Dims> in = parse_input_size(key, s.value, dims_);
        dims_fields(key, in ? *in : Dims{1, 1}, static_cast<int>(spec.min_value), "x");
        break;
      }
      case ParamKind::kCount: {
        ImGui::SetNextItemWidth(field_width());
        const Result<int64_t> v = parse_int_value(key, s.value, spec.min_value);
        if (auto c = int_field("n", static_cast<int>(v ? *v : 1), static_cast<int>(spec.min_value)))
          edit(key, std::to_string(*c));
        break;
      }
      case ParamKind::kDims:
        linkable_fields(key, dims_or(s.value, 1), static_cast<int>(spec.min_value));
        break;
      case ParamKind::kStride: {
        // A pool without a stride uses its kernel size (PyTorch's default); show that number.
        const std::string kernel = settings_[static_cast<size_t>(Param::kKernelSize)].value;
        const std::string value = s.value == "none" ? kernel : s.value;
        linkable_fields(key, dims_or(value, 1), static_cast<int>(spec.min_value));
        if (s.value == "none") {
          ImGui::SameLine();
          ImGui::TextColored(palette::kMutedText, "(= kernel_size)");
        }
        break;
      }
      case ParamKind::kPadding:
        padding_widget(key, s.value);
        break;
      case ParamKind::kPaddingMode:
        mode_combo(key, s.value);
        break;
      case ParamKind::kBool: {
        bool on = s.value == "true";
        if (ui::checkbox("##on", &on)) edit(key, on ? "true" : "false");
        break;
      }
    }
  }

  Dims dims_or(const std::string& text, int64_t fallback) const {
    const Result<Dims> d = parse_dims_value("value", text, dims_, 0);
    return d ? *d : Dims{fallback, fallback};
  }

  // One field per spatial dimension (height first), sent together as "h,w" (or "HxW" for input_size);
  // `reserve` keeps room on the right for a widget beside the fields.
  void dims_fields(const std::string& key, Dims value, int min_value, const char* separator,
                   float reserve = 0) {
    Dims next = value;
    bool changed = false;
    const int count = dims_;
    // In a narrow sidebar two fields drop their −/+ buttons rather than run off the edge.
    const float room = ImGui::GetContentRegionAvail().x - reserve;
    const bool buttons = count * field_width() + (count - 1) * 4 <= room;
    const float width = buttons ? field_width() : (room - (count - 1) * 4) / count;
    for (int i = 0; i < count; ++i) {
      if (i > 0) ImGui::SameLine(0, 4);
      ImGui::SetNextItemWidth(width);
      ImGui::PushID(i);
      if (auto c = int_field("d", static_cast<int>(value[i]), min_value, buttons)) {
        next[i] = *c;
        changed = true;
      }
      if (ImGui::IsItemHovered())
        ui::tooltip_above(count == 1 ? "length" : (i == 0 ? "height (rows)" : "width (columns)"));
      ImGui::PopID();
    }
    if (!changed) return;
    const std::string text =
        count == 1 ? std::to_string(next[0]) : std::to_string(next[0]) + separator + std::to_string(next[1]);
    edit(key, text);
  }

  // A 2-D parameter of one value for both dimensions while they are equal and not split: one field (with
  // its −/+ buttons) that sets both, and a toggle to split it; split, a field per dimension and a toggle
  // that joins them (both take the height's value).
  void linkable_fields(const std::string& key, Dims value, int min_value, float reserve = 0) {
    if (dims_ != 2) {
      dims_fields(key, value, min_value, ",", reserve);
      return;
    }
    const bool linked = value[0] == value[1] && split_.count(key) == 0;
    const char* toggle_text = linked ? kSplitLabel : "=";
    const float toggle = ImGui::CalcTextSize(toggle_text).x + 2 * ImGui::GetStyle().FramePadding.x + 4;
    if (linked) {
      // The −/+ buttons when the number keeps its room beside them.
      const float room = ImGui::GetContentRegionAvail().x - reserve - toggle;
      const bool buttons = room >= field_width();
      ImGui::SetNextItemWidth(std::min(room, field_width() + kNumberWidth));
      if (auto c = int_field("both", static_cast<int>(value[0]), min_value, buttons))
        edit(key, std::to_string(*c) + "," + std::to_string(*c));
      if (ImGui::IsItemHovered()) ui::tooltip_above("height and width (one value for both)");
    } else {
      dims_fields(key, value, min_value, ",", reserve + toggle);
    }
    ImGui::SameLine(0, 4);
    if (ui::small_button((std::string(toggle_text) + (linked ? "##split_" : "##join_") + key).c_str())) {
      if (linked) {
        split_.insert(key);
      } else {
        split_.erase(key);
        if (value[0] != value[1]) edit(key, std::to_string(value[0]) + "," + std::to_string(value[0]));
      }
    }
    if (ImGui::IsItemHovered())
      ui::tooltip_above(linked ? "Give height and width their own values"
                               : "One value for height and width (the height's)");
  }

  void op_combo(const std::string& key) {
    ImGui::SetNextItemWidth(-FLT_MIN);
    if (!ui::begin_combo("##op", op_name(op_))) return;
    for (Op op : kOps) {
      if (ImGui::Selectable(op_name(op), op == op_) && op != op_) edit(key, op_name(op));
    }
    ImGui::EndCombo();
  }

  void mode_combo(const std::string& key, const std::string& current) {
    ImGui::SetNextItemWidth(-FLT_MIN);
    if (!ui::begin_combo("##mode", current.c_str())) return;
    for (PaddingMode mode : kModes) {
      const std::string name = padding_mode_name(mode);
      if (ImGui::Selectable(name.c_str(), name == current) && name != current) edit(key, name);
    }
    ImGui::EndCombo();
  }

  // Numbers, `same` or `valid`: the numbers (when they apply) and a menu switching the kind.
  void padding_widget(const std::string& key, const std::string& value) {
    const char* kinds[] = {"numbers", "same", "valid"};
    const int kind = value == "same" ? 1 : (value == "valid" ? 2 : 0);
    if (kind == 0) {
      linkable_fields(key, dims_or(value, 0), 0, ImGui::GetFrameHeight() + 4);
      ImGui::SameLine(0, 4);
    }
    const ImGuiComboFlags flags = kind == 0 ? ImGuiComboFlags_NoPreview : ImGuiComboFlags_None;
    if (kind != 0) ImGui::SetNextItemWidth(field_width());
    if (ui::begin_combo("##kind", kinds[kind], flags)) {
      for (int i = 0; i < 3; ++i) {
        if (ImGui::Selectable(kinds[i], i == kind) && i != kind) edit(key, i == 0 ? "0" : kinds[i]);
      }
      ImGui::EndCombo();
    }
    if (ImGui::IsItemHovered())
      ImGui::SetTooltip(
          "numbers, same (the output keeps the input's size; stride 1 only) or valid (no padding)");
  }

  std::vector<SceneSetting> settings_;
  Op op_;
  int dims_;
  std::set<std::string>& split_;
  Actions& actions_;
};

}  // namespace

void draw_params_heading(UiState& ui) {
  ImGui::PushStyleVar(ImGuiStyleVar_FramePadding, ImVec2(6, 0));  // no taller than the text line
  ImGui::TextColored(palette::kMutedText, "LAYER");
  // At the line's right end: fold the panel away, so the grids get its width.
  const float width = ImGui::CalcTextSize("\xC2\xAB").x + 2 * ImGui::GetStyle().FramePadding.x;
  ImGui::SameLine(ImGui::GetContentRegionMax().x - width);
  if (ui::small_button("\xC2\xAB##hide_sidebar")) ui.sidebar_hidden = true;
  if (ImGui::IsItemHovered()) ImGui::SetTooltip("Hide the layer panel: its room goes to the grids (Ctrl+B)");
  ImGui::PopStyleVar();
}

void draw_params_panel(const AppModel& model, UiState& ui, Actions& actions) {
  if (!model.lesson.stepper) return;
  const Scene& scene = shown_scene(model);
  // Compact rows, so every parameter and the formula below fit beside the stage.
  ImGui::PushStyleVar(ImGuiStyleVar_FramePadding, ImVec2(6, 2));
  ImGui::PushStyleVar(ImGuiStyleVar_ItemSpacing, ImVec2(8, 4));
  ImGui::PushStyleVar(ImGuiStyleVar_ItemInnerSpacing, ImVec2(3, 3));
  ParamsForm(scene, ui.split_params, actions).draw();
  ImGui::PopStyleVar(3);
}

}  // namespace convstep
