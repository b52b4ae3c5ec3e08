// The kernel editor widget. Cells are drag-or-type fields: dragging a value records an edit every
// frame it changes, and the playground re-filters on the GPU before the next frame.
#include "app/widgets/kernel_editor.h"

#include <imgui.h>

#include <algorithm>
#include <cmath>
#include <cstdio>

#include "app/widgets/theme.h"
#include "app/widgets/widget_log.h"
#include "core/presets.h"
#include "core/weight_factor.h"

namespace convstep {

std::string kernel_rows_text(const Tensor& kernel, const char* row_separator) {
  if (kernel.dim() != 2) return format_tensor(kernel);
  // A kernel of n/D weights is its integers and the factor, as articles write it.
  const int64_t d = weight_denominator(kernel);
  std::string text = d > 1 ? "(1/" + std::to_string(d) + ")\xC2\xB7" : "";
  if (d > 1 && row_separator[0] == '\n') text += row_separator;  // a matrix a row a line starts under it
  for (int64_t y = 0; y < kernel.size(0); ++y) {
    if (y > 0) text += row_separator;
    for (int64_t x = 0; x < kernel.size(1); ++x) {
      if (x > 0) text += ' ';
      const float w = kernel.at({y, x});
      text += format_value(d > 1 ? weight_numerator(w, d) : w);
    }
  }
  return text;
}

void draw_kernel_editor(const FilterSettings& filter, float width, KernelEdits& edits) {
  const Tensor& kernel = filter.kernel;
  const int64_t kh = kernel.dim() == 2 ? kernel.size(0) : 0, kw = kernel.dim() == 2 ? kernel.size(1) : 0;
  ImGui::PushID("kernel_editor");
  const float left = ImGui::GetCursorScreenPos().x;

  // Size: rows × columns, each 1..15.
  int size[2] = {static_cast<int>(kh), static_cast<int>(kw)};
  ImGui::AlignTextToFramePadding();
  ImGui::TextUnformatted("kernel_size");
  ImGui::SameLine();
  ImGui::SetNextItemWidth(std::min(width * 0.5f, 150.0f));
  const bool resized = ImGui::InputInt2("##size", size);
  record_last_item("##size");
  if (resized) {
    size[0] = std::clamp(size[0], static_cast<int>(kMinKernelSide), static_cast<int>(kMaxKernelSide));
    size[1] = std::clamp(size[1], static_cast<int>(kMinKernelSide), static_cast<int>(kMaxKernelSide));
    if (size[0] != kh || size[1] != kw) edits.kernel_size = Dims{size[0], size[1]};
  }

  // Presets from the engine, beside the size when the name fits there, else on a line of their own.
  const float beside = left + width - ImGui::GetItemRectMax().x - ImGui::GetStyle().ItemSpacing.x;
  const KernelPreset* active = preset_with_kernel(kernel);
  const char* shown = active ? active->name.c_str() : "custom kernel";
  const float needed =
      ImGui::CalcTextSize(shown).x + ImGui::GetFrameHeight() + 2 * ImGui::GetStyle().FramePadding.x;
  if (beside >= needed) ImGui::SameLine();
  ImGui::SetNextItemWidth(std::max(80.0f, ImGui::GetContentRegionAvail().x));
  // The box names the kernel in use, so a class sees which filter this is; an edited one is "custom".
  if (ui::begin_combo("##preset", shown)) {
    for (const KernelPreset& preset : kernel_presets()) {
      if (ImGui::Selectable(preset.name.c_str(), &preset == active)) edits.preset = preset.id;
      if (ImGui::IsItemHovered()) {
        // The description wrapped and the kernel a row a line, so even a 9×9 stays on screen.
        ImGui::BeginTooltip();
        ImGui::PushTextWrapPos(std::min(ImGui::GetIO().DisplaySize.x * 0.45f, 520.0f));
        ImGui::TextUnformatted(preset.description.c_str());
        ImGui::PopTextWrapPos();
        ImGui::TextUnformatted(kernel_rows_text(preset.kernel, "\n").c_str());
        ImGui::EndTooltip();
      }
    }
    ImGui::EndCombo();
  }

  // The cells: narrower as the kernel grows, so 15 columns still fit the column, and wide enough for
  // their numbers (0.0625) while the column has the room.
  const float spacing = ImGui::GetStyle().ItemSpacing.x * 0.5f;
  const float fit = (width - spacing * static_cast<float>(kw)) / static_cast<float>(std::max<int64_t>(kw, 1));
  float widest = 0;
  char text[32];
  for (float v : kernel.values()) {
    std::snprintf(text, sizeof text, "%.4g", static_cast<double>(v));
    widest = std::max(widest, ImGui::CalcTextSize(text).x);
  }
  const float cell = std::clamp(fit, 18.0f, std::max(56.0f, widest + 2 * ImGui::GetStyle().FramePadding.x));
  ImGui::PushStyleVar(ImGuiStyleVar_ItemSpacing, ImVec2(spacing, spacing));
  ImGui::PushStyleColor(ImGuiCol_FrameBg, palette::kKernel.low);
  ImGui::PushStyleColor(ImGuiCol_FrameBgHovered, palette::kKernel.high);
  for (int64_t y = 0; y < kh; ++y) {
    for (int64_t x = 0; x < kw; ++x) {
      if (x > 0) ImGui::SameLine();
      ImGui::PushID(static_cast<int>(y * kMaxKernelSide + x));
      float value = kernel.at({y, x});
      ImGui::SetNextItemWidth(cell);
      const float speed = std::max(0.01f, std::fabs(value) * 0.01f);
      if (ui::drag_float("##cell", &value, speed, 0.0f, 0.0f, cell < 36 ? "%.2g" : "%.4g")) {
        edits.cells.push_back({y, x, value});
      }
      if (ImGui::IsItemHovered())
        ImGui::SetTooltip("weight[%d][%d] = %s  (drag, or double-click to type)", static_cast<int>(y),
                          static_cast<int>(x), format_value(kernel.at({y, x})).c_str());
      ImGui::PopID();
    }
  }
  ImGui::PopStyleColor(2);
  ImGui::PopStyleVar();

  // A kernel of n/D weights, as articles write it: "= (1/16)·1 2 1 / 2 4 2 / 1 2 1".
  if (weight_denominator(kernel) > 1 && kernel.dim() == 2) {
    ImGui::PushTextWrapPos(ImGui::GetCursorPosX() + width);
    ImGui::TextColored(palette::kMutedText, "= %s", kernel_rows_text(kernel, " / ").c_str());
    ImGui::PopTextWrapPos();
  }

  float sum = 0;
  for (float v : kernel.values()) sum += v;
  if (ui::button("Normalize to sum 1")) edits.normalize = true;
  ImGui::SameLine();
  ImGui::TextColored(palette::kMutedText, "sum = %s", format_value(sum).c_str());

  bool flipped = filter.orientation == KernelOrientation::kConvolution;
  if (ui::checkbox("flip kernel (true convolution)", &flipped)) {
    edits.orientation = flipped ? KernelOrientation::kConvolution : KernelOrientation::kCrossCorrelation;
  }
  ImGui::PushTextWrapPos(ImGui::GetCursorPosX() + width);
  ImGui::TextColored(palette::kMutedText, "%s", kernel_orientation_explanation(filter.orientation));
  ImGui::PopTextWrapPos();
  ImGui::PopID();
}

}  // namespace convstep
