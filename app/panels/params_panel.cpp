// The fields show the last valid scene (core/scene_edit's scene_settings). A number is sent when it is
// committed — by the −/+ buttons, Enter or leaving the field — never half-typed, so typing "12" does not
// first try 1.
#include "app/panels/params_panel.h"

#include <algorithm>
#include <array>
#include <optional>
#include <string>

#include <imgui.h>

#include "app/widgets/theme.h"

namespace convstep {
namespace {

// Room for a two-digit number inside an integer field, beside its −/+ buttons.
constexpr float kNumberWidth = 30;
constexpr int kMaxField = 4096;

constexpr std::array<Op, 8> kOps = {Op::kConv1d,    Op::kConv2d,    Op::kMaxPool1d, Op::kMaxPool2d,
                                    Op::kAvgPool1d, Op::kAvgPool2d, Op::kSumPool1d, Op::kSumPool2d};
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
  const bool changed = ImGui::InputInt("##v", &v, buttons ? 1 : 0, buttons ? 1 : 0);
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

const SceneSetting* find(const std::vector<SceneSetting>& all, const std::string& key) {
  for (const SceneSetting& s : all)
    if (s.key == key) return &s;
  return nullptr;
}

// Why a parameter is greyed out for this op.
std::string not_applicable(const std::string& key, Op op) {
  const std::string name = op_name(op);
  if (key == "out_channels") return "A pool keeps the channels: out_channels = in_channels.";
  if (key == "padding_mode")
    return name + " pads with " + (is_max_pool(op) ? "−∞" : "zeros") +
           "; padding_mode is a convolution's parameter.";
  return name + " has no " + key + ".";
}

class ParamsForm {
 public:
  ParamsForm(const Scene& scene, Actions& actions)
      : settings_(scene_settings(scene)), op_(scene.params.op), dims_(spatial_dims(op_)), actions_(actions) {}

  void draw() {
    if (!ImGui::BeginTable("params", 2, ImGuiTableFlags_SizingFixedFit)) return;
    ImGui::TableSetupColumn("key", ImGuiTableColumnFlags_WidthFixed,
                            ImGui::CalcTextSize("count_include_pad").x);
    ImGui::TableSetupColumn("value", ImGuiTableColumnFlags_WidthStretch);
    for (const SceneSetting& s : settings_) {
      if (s.key == "batch") continue;  // a file's layout, not a layer parameter
      row(s);
    }
    ImGui::EndTable();
  }

 private:
  void edit(const std::string& key, const std::string& value) { actions_.edits.push_back({key, value}); }

  void row(const SceneSetting& s) {
    ImGui::TableNextRow();
    ImGui::TableNextColumn();
    ImGui::AlignTextToFramePadding();
    ImGui::TextUnformatted(s.key.c_str());
    ImGui::TableNextColumn();
    ImGui::PushID(s.key.c_str());
    ImGui::BeginDisabled(!s.applies);
    ImGui::BeginGroup();
    if (!s.applies && (s.value == "true" || s.value == "false")) {
      // A greyed tick would still read as "on": a switch the op does not have shows a dash.
      ImGui::AlignTextToFramePadding();
      ImGui::TextUnformatted("\xE2\x80\x94");
    } else {
      widget(s);
    }
    ImGui::EndGroup();
    ImGui::EndDisabled();
    if (!s.applies && ImGui::IsItemHovered(ImGuiHoveredFlags_AllowWhenDisabled))
      ImGui::SetTooltip("%s", not_applicable(s.key, op_).c_str());
    ImGui::PopID();
  }

  void widget(const SceneSetting& s) {
    const std::string& key = s.key;
    if (key == "op") {
      op_combo();
    } else if (key == "input_size") {
      const Result<Dims> in = parse_input_size(key, s.value, dims_);
      dims_fields(key, in ? *in : Dims{1, 1}, 1, "x");
    } else if (key == "in_channels" || key == "out_channels" || key == "groups") {
      ImGui::SetNextItemWidth(field_width());
      const Result<int64_t> v = parse_int_value(key, s.value, 1);
      if (auto c = int_field("n", static_cast<int>(v ? *v : 1), 1)) edit(key, std::to_string(*c));
    } else if (key == "kernel_size" || key == "dilation") {
      dims_fields(key, dims_or(s.value, 1), 1, ",");
    } else if (key == "stride") {
      // A pool without a stride uses its kernel size (PyTorch's default); show that number.
      const SceneSetting* kernel = find(settings_, "kernel_size");
      const std::string value = s.value == "none" && kernel ? kernel->value : s.value;
      dims_fields(key, dims_or(value, 1), 1, ",");
      if (s.value == "none") {
        ImGui::SameLine();
        ImGui::TextColored(palette::kMutedText, "(= kernel_size)");
      }
    } else if (key == "padding") {
      padding_widget(s.value);
    } else if (key == "padding_mode") {
      mode_combo(s.value);
    } else {
      bool on = s.value == "true";
      if (ImGui::Checkbox("##on", &on)) edit(key, on ? "true" : "false");
    }
  }

  Dims dims_or(const std::string& text, int64_t fallback) const {
    const Result<Dims> d = parse_dims_value("value", text, dims_, 0);
    return d ? *d : Dims{fallback, fallback};
  }

  // One field per spatial dimension (height first), sent together as "h,w" (or "HxW" for input_size).
  void dims_fields(const std::string& key, Dims value, int min_value, const char* separator) {
    Dims next = value;
    bool changed = false;
    const int count = dims_;
    // In a narrow sidebar two fields drop their −/+ buttons rather than run off the edge.
    const float room =
        ImGui::GetContentRegionAvail().x - (key == "padding" ? ImGui::GetFrameHeight() + 4 : 0);
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
        ImGui::SetTooltip("%s", count == 1 ? "length" : (i == 0 ? "height (rows)" : "width (columns)"));
      ImGui::PopID();
    }
    if (!changed) return;
    const std::string text =
        count == 1 ? std::to_string(next[0]) : std::to_string(next[0]) + separator + std::to_string(next[1]);
    edit(key, text);
  }

  void op_combo() {
    ImGui::SetNextItemWidth(-FLT_MIN);
    if (!ImGui::BeginCombo("##op", op_name(op_))) return;
    for (Op op : kOps) {
      if (ImGui::Selectable(op_name(op), op == op_) && op != op_) edit("op", op_name(op));
    }
    ImGui::EndCombo();
  }

  void mode_combo(const std::string& current) {
    ImGui::SetNextItemWidth(-FLT_MIN);
    if (!ImGui::BeginCombo("##mode", current.c_str())) return;
    for (PaddingMode mode : kModes) {
      const std::string name = padding_mode_name(mode);
      if (ImGui::Selectable(name.c_str(), name == current) && name != current) edit("padding_mode", name);
    }
    ImGui::EndCombo();
  }

  // Numbers, `same` or `valid`: the numbers (when they apply) and a menu switching the kind.
  void padding_widget(const std::string& value) {
    const char* kinds[] = {"numbers", "same", "valid"};
    const int kind = value == "same" ? 1 : (value == "valid" ? 2 : 0);
    if (kind == 0) {
      dims_fields("padding", dims_or(value, 0), 0, ",");
      ImGui::SameLine(0, 4);
    }
    const ImGuiComboFlags flags = kind == 0 ? ImGuiComboFlags_NoPreview : ImGuiComboFlags_None;
    if (kind != 0) ImGui::SetNextItemWidth(field_width());
    if (ImGui::BeginCombo("##kind", kinds[kind], flags)) {
      for (int i = 0; i < 3; ++i) {
        if (ImGui::Selectable(kinds[i], i == kind) && i != kind) edit("padding", i == 0 ? "0" : kinds[i]);
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
  Actions& actions_;
};

}  // namespace

void draw_params_panel(const AppModel& model, Actions& actions) {
  if (!model.lesson.stepper) return;
  const Scene& scene = model.lesson.stepper->scene();
  // Compact rows, so every parameter and the formula below fit beside the stage.
  ImGui::PushStyleVar(ImGuiStyleVar_FramePadding, ImVec2(6, 2));
  ImGui::PushStyleVar(ImGuiStyleVar_ItemSpacing, ImVec2(8, 4));
  ImGui::PushStyleVar(ImGuiStyleVar_ItemInnerSpacing, ImVec2(3, 3));
  ImGui::TextColored(palette::kMutedText, "LAYER");
  ParamsForm(scene, actions).draw();
  ImGui::PopStyleVar(3);
}

}  // namespace convstep
