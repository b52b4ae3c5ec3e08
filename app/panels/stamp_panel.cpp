// The two views of a transposed convolution. Stamping: the input with the stamped cell, its kernel,
// and the output with the partial sums so far, the stamp's window outlined and each cell's overlap
// count in its corner. Direct: the ordinary stage over the zero-inserted input, with the inserted
// zeros and output_padding's extra zeros marked on it. Everything drawn comes from the model's
// StampView / DirectEquivalent; nothing here redoes the arithmetic.
#include "app/panels/stamp_panel.h"

#include "app/panels/grids_panel.h"
#include "app/panels/step_panel.h"

#include <algorithm>
#include <cmath>
#include <string>
#include <vector>

#include "app/widgets/palette.h"
#include "app/widgets/tensor_grid.h"
#include "app/widgets/text_fit.h"
#include "app/widgets/theme.h"
#include "app/widgets/widget_log.h"
#include "core/stamp_text.h"
#include "core/trace_text.h"

namespace convstep {

namespace {

constexpr float kGridGap = 28.0f;  // between the three grids
constexpr float kLabelGap = 6.0f;
constexpr float kMostPitch = 64.0f;
constexpr ImU32 kStampOutline = IM_COL32(255, 64, 200, 255);
constexpr ImU32 kInsertedMark = IM_COL32(255, 190, 60, 255);
constexpr ImU32 kInsertedFill = IM_COL32(255, 190, 60, 60);
constexpr ImU32 kExtraMark = IM_COL32(120, 210, 255, 255);
constexpr ImU32 kExtraFill = IM_COL32(120, 210, 255, 60);

// One 2-D slice to draw: rows × cols values (NaN = empty), with an optional count per cell.
struct Slice {
  const char* role;
  int channel = 0;
  int rows = 0, cols = 0;
  std::vector<float> values;
  std::vector<float> counts;  // empty: none drawn
  ValueRange range;
  TensorRole palette_role = TensorRole::kInput;
  std::string label;
};

std::string value_text(float v) {
  return format_number(v, TraceStyle{});
}

// The widest value text of the slice at font size px.
float widest(const Slice& s, ImFont* font, float px) {
  float w = 0;
  for (float v : s.values)
    if (!std::isnan(v)) w = std::max(w, font->CalcTextSizeA(px, FLT_MAX, 0, value_text(v).c_str()).x);
  return w;
}

Slice plane(const char* role, int channel, const Tensor& t, int64_t offset, int rows, int cols, TensorRole pr,
            std::string label) {
  Slice s;
  s.role = role;
  s.channel = channel;
  s.rows = rows;
  s.cols = cols;
  s.values.assign(t.data() + offset, t.data() + offset + static_cast<int64_t>(rows) * cols);
  s.range = ValueRange::of(s.values);
  s.palette_role = pr;
  s.label = std::move(label);
  return s;
}

PaletteKind palette_of(const UiState& ui) {
  return ui.stage.presentation || ui.stage.palette == 0 ? PaletteKind::kColorBlindSafe
                                                        : PaletteKind::kArticle;
}

// Draws a slice with its cells `pitch` apart at `origin`; values at `px` when they fit.
DrawnGrid draw_slice(ImDrawList* draw, ImVec2 origin, const Slice& s, float pitch, float px,
                     const Fonts& fonts, PaletteKind palette) {
  DrawnGrid g;
  g.role = s.role;
  g.channel = s.channel;
  g.x = origin.x;
  g.y = origin.y;
  g.cell = pitch;
  g.rows = s.rows;
  g.cols = s.cols;
  const float inner = pitch - 2;
  const bool fits = widest(s, fonts.large, px) <= inner - 2 && px <= inner;
  g.values_shown = fits;
  g.value_px = fits ? px : 0;
  const float count_px = std::max(11.0f, px * 0.62f);
  for (int r = 0; r < s.rows; ++r) {
    for (int c = 0; c < s.cols; ++c) {
      const float v = s.values[static_cast<size_t>(r * s.cols + c)];
      const ImVec2 a(origin.x + c * pitch, origin.y + r * pitch);
      const ImVec2 b(a.x + inner, a.y + inner);
      if (std::isnan(v)) {
        draw->AddRectFilled(a, b, palette::kEmptyFill);
        draw->AddRect(a, b, palette::kEmptyBorder);
      } else {
        const ImU32 fill = cell_color(palette, s.palette_role, v, s.range);
        draw->AddRectFilled(a, b, fill);
        if (fits) {
          const std::string text = value_text(v);
          const ImVec2 size = fonts.large->CalcTextSizeA(px, FLT_MAX, 0, text.c_str());
          draw->AddText(fonts.large, px, ImVec2(a.x + (inner - size.x) / 2, a.y + (inner - size.y) / 2),
                        text_color_for(fill), text.c_str());
        }
      }
      if (!s.counts.empty()) {
        const float n = s.counts[static_cast<size_t>(r * s.cols + c)];
        if (n > 0) {
          const std::string text = "\xC3\x97" + std::to_string(static_cast<int>(n));
          const ImVec2 size = fonts.small->CalcTextSizeA(count_px, FLT_MAX, 0, text.c_str());
          const ImVec2 at(b.x - size.x - 1, b.y - size.y);
          draw->AddRectFilled(ImVec2(at.x - 1, at.y), b, IM_COL32(0, 0, 0, 170));
          draw->AddText(fonts.small, count_px, at, palette::kWeightNote, text.c_str());
        }
      }
    }
  }
  return g;
}

std::string stamp_step_line(const AppModel& model) {
  const Stamper& stamper = *model.lesson.transpose->stamper;
  const StampSnapshot& s = model.stamp_view.snapshot;
  return "Step " + std::to_string(s.step + 1) + " of " + std::to_string(stamper.step_count()) + ": " +
         format_stamp_step(s, stamper, TraceStyle{});
}

// "6×6 zero-inserted input, padded by 1, kernel flipped": the direct view in a few words.
std::string direct_summary(const DirectEquivalent& d) {
  const bool two = spatial_dims(d.scene.params.op) == 2;
  const std::string size =
      two ? std::to_string(d.h.source.size()) + "\u00d7" + std::to_string(d.w.source.size())
          : std::to_string(d.w.source.size());
  const int64_t pad = two ? std::max(d.h.padding, d.w.padding) : d.w.padding;
  return size + " zero-inserted input, padded by " + std::to_string(pad) + ", kernel flipped";
}

// The number size the stage would use at this pitch, never below the legible least.
float value_px_for(float pitch, float least) {
  return std::max(least, std::min(28.0f, pitch * 0.42f));
}

}  // namespace

void draw_transpose_toolbar(const AppModel& model, UiState& ui, Actions& actions) {
  if (!model.lesson.transpose) return;
  const bool direct = model.lesson.transpose->direct_view;
  ImGui::AlignTextToFramePadding();
  ImGui::TextUnformatted("Transposed:");
  ImGui::SameLine();
  if (ui::radio_button("Stamping##transpose_view", !direct)) actions.direct_view = false;
  if (ImGui::IsItemHovered())
    ImGui::SetTooltip("Each input cell adds value \xC3\x97 kernel onto the output (D)");
  ImGui::SameLine();
  if (ui::radio_button("Direct##transpose_view", direct)) actions.direct_view = true;
  if (ImGui::IsItemHovered())
    ImGui::SetTooltip(
        "The equivalent direct convolution: the same output from the zero-inserted, padded input (D)");
  if (!direct) {
    ImGui::SameLine(0, 18);
    ui::checkbox("Overlap counts", &ui.show_overlaps);
    if (ImGui::IsItemHovered()) ImGui::SetTooltip("How many stamps have landed on each output cell so far");
  }
}

void draw_stamp_panel(const AppModel& model, UiState& ui, ImVec2 size) {
  StageLayout& layout = ui.stage.layout;
  const StampView& view = model.stamp_view;
  if (!shows_stamping(model) || view.step < 0) {
    ImGui::Dummy(size);
    return;
  }
  const Stamper& stamper = *model.lesson.transpose->stamper;
  const Geometry& g = stamper.geometry();
  const Scene& scene = stamper.scene();
  const StampSnapshot& s = view.snapshot;
  const bool two = g.dims == 2;
  const int ih = static_cast<int>(g.h.in), iw = static_cast<int>(g.w.in);
  const int kh = static_cast<int>(g.h.kernel), kw = static_cast<int>(g.w.kernel);
  const int oh = static_cast<int>(g.h.out), ow = static_cast<int>(g.w.out);
  const int64_t ocpg = g.out_channels_per_group();
  const int64_t out_c = s.bias_step ? 0
                                    : (s.stamps.empty() ? (s.in_channel / g.in_channels_per_group()) * ocpg
                                                        : s.stamps.front().out_channel);

  Slice input = plane("input", static_cast<int>(s.in_channel), scene.input,
                      (s.batch * g.in_channels + s.in_channel) * g.h.in * g.w.in, ih, iw, TensorRole::kInput,
                      "input channel " + std::to_string(s.in_channel));
  Slice kernel =
      plane("kernel", static_cast<int>(out_c), scene.weight,
            (s.in_channel * ocpg + out_c % ocpg) * g.h.kernel * g.w.kernel, kh, kw, TensorRole::kKernel,
            "weight[" + std::to_string(s.in_channel) + ", " + std::to_string(out_c % ocpg) + "]");
  const int64_t out_offset = (s.batch * g.out_channels + out_c) * g.h.out * g.w.out;
  Slice output = plane("output", static_cast<int>(out_c), view.output, out_offset, oh, ow,
                       TensorRole::kOutput, "output channel " + std::to_string(out_c));
  // One colour scale for the whole walk: the finished output's range, so colours do not shift.
  output.range = ValueRange::of(stamper.partial_output(stamper.step_count()).values());
  if (ui.show_overlaps)
    output.counts.assign(view.counts.data() + out_offset, view.counts.data() + out_offset + oh * ow);

  const Fonts& fonts = ui.fonts;
  const float label_h = ImGui::GetTextLineHeight() + kLabelGap;
  const float least = ui.stage.least_value_px;
  const int cols_total = iw + kw + ow;
  const int rows_most = std::max({ih, kh, oh});
  float pitch = std::min((size.x - 2 * kGridGap - 8) / static_cast<float>(cols_total),
                         (size.y - label_h - 8) / static_cast<float>(rows_most));
  pitch = std::clamp(pitch, 8.0f, kMostPitch);
  // Every number legible: the pitch grows to what the widest value needs, shrinking nothing else.
  const float px = value_px_for(pitch, least);
  for (const Slice* slice : {&input, &kernel, &output})
    pitch = std::max(pitch, std::min(kMostPitch, widest(*slice, fonts.large, px) + 6));

  ImDrawList* draw = ImGui::GetWindowDrawList();
  const ImVec2 top = ImGui::GetCursorScreenPos();
  const float width = cols_total * pitch + 2 * kGridGap;
  const float left = top.x + std::max(0.0f, (size.x - width) / 2);
  const ImVec2 in_at(left, top.y + label_h);
  const ImVec2 k_at(in_at.x + iw * pitch + kGridGap, in_at.y);
  const ImVec2 out_at(k_at.x + kw * pitch + kGridGap, in_at.y);
  const PaletteKind palette = palette_of(ui);

  draw->AddText(ImVec2(in_at.x, top.y), palette::kDimText, input.label.c_str());
  draw->AddText(ImVec2(k_at.x, top.y), palette::kDimText, kernel.label.c_str());
  draw->AddText(ImVec2(out_at.x, top.y), palette::kDimText, output.label.c_str());
  layout.grids.push_back(draw_slice(draw, in_at, input, pitch, px, fonts, palette));
  layout.grids.push_back(draw_slice(draw, k_at, kernel, pitch, px, fonts, palette));
  layout.grids.push_back(draw_slice(draw, out_at, output, pitch, px, fonts, palette));
  if (ui.show_overlaps) {
    for (int r = 0; r < oh; ++r) {
      std::string row = "overlaps " + std::to_string(out_c) + "," + std::to_string(r) + ":";
      for (int c = 0; c < ow; ++c)
        row += " " + std::to_string(static_cast<int>(output.counts[static_cast<size_t>(r * ow + c)]));
      layout.texts.push_back(row);
    }
  }

  const float inner = pitch - 2;
  auto outline = [&](ImVec2 at, float y0, float x0, float y1, float x1, const char* what, int channel) {
    const ImVec2 a(at.x + x0 * pitch - 2, at.y + y0 * pitch - 2);
    const ImVec2 b(at.x + (x1 - 1) * pitch + inner + 2, at.y + (y1 - 1) * pitch + inner + 2);
    draw_highlight_rect(draw, a, b);
    layout.rects.push_back({what, channel, a.x, a.y, b.x, b.y});
  };
  if (!s.bias_step) {
    const float sy = two ? static_cast<float>(s.in_y) : 0.0f;
    outline(in_at, sy, static_cast<float>(s.in_x), sy + 1, static_cast<float>(s.in_x) + 1, "stamp_source",
            input.channel);
    // The stamp's window on the output, clipped to the cells it keeps (padding crops the rest).
    const float span_y = two ? static_cast<float>(g.h.dilation * (kh - 1) + 1) : 1.0f;
    const float span_x = static_cast<float>(g.w.dilation * (kw - 1) + 1);
    const float y0 = std::max(0.0f, static_cast<float>(s.origin_y));
    const float x0 = std::max(0.0f, static_cast<float>(s.origin_x));
    const float y1 = std::min(static_cast<float>(oh), static_cast<float>(s.origin_y) + span_y);
    const float x1 = std::min(static_cast<float>(ow), static_cast<float>(s.origin_x) + span_x);
    if (y1 > y0 && x1 > x0) outline(out_at, y0, x0, y1, x1, "stamp_window", output.channel);
    // Tap by tap: the cell the current tap lands on.
    for (size_t k = 0; k < s.stamps.size(); ++k) {
      if (static_cast<int64_t>(k) != view.tap) continue;
      const Stamp& st = s.stamps[k];
      if (st.out_channel != out_c) continue;
      const ImVec2 a(out_at.x + st.out_x * pitch, out_at.y + st.out_y * pitch);
      draw->AddRect(a, ImVec2(a.x + inner, a.y + inner), kStampOutline, 0, 0, 2.0f);
    }
  }
  ImGui::Dummy(ImVec2(size.x, std::max(size.y, label_h + rows_most * pitch + 4)));
}

float stamp_step_height(const AppModel& model, const UiState& ui, float width) {
  if (!shows_stamping(model) || model.stamp_view.step < 0) return 0;
  const float px = std::max(ui.stage.least_value_px, 18.0f);
  const std::string line = stamp_step_line(model);
  const float text = ui.fonts.large->CalcTextSizeA(px, FLT_MAX, width, line.c_str()).y;
  return text + ImGui::GetTextLineHeight() + 2 * ImGui::GetStyle().ItemSpacing.y;
}

void draw_stamp_step(const AppModel& model, UiState& ui) {
  if (!shows_stamping(model) || model.stamp_view.step < 0) return;
  const std::string line = stamp_step_line(model);
  const float px = std::max(ui.stage.least_value_px, 18.0f);
  const float width = ImGui::GetContentRegionAvail().x;
  const ImVec2 at = ImGui::GetCursorScreenPos();
  ImGui::PushFont(ui.fonts.large);
  ImGui::SetWindowFontScale(px / ui.fonts.large->FontSize);
  ImGui::PushTextWrapPos(ImGui::GetCursorPosX() + width);
  ImGui::TextUnformatted(line.c_str());
  ImGui::PopTextWrapPos();
  ImGui::SetWindowFontScale(1.0f);
  ImGui::PopFont();
  const ImVec2 end = ImGui::GetItemRectMax();
  ui.stage.layout.rects.push_back({"arithmetic", 0, at.x, at.y, at.x + width, end.y});
  ui.stage.layout.texts.push_back(line);
  const std::string note =
      "The same output as a plain convolution (D): " + direct_summary(model.lesson.transpose->direct);
  ImGui::TextColored(palette::kMutedText, "%s", fit_one_line(note, width).c_str());
}

void draw_direct_marks(const AppModel& model, UiState& ui, ImVec2 clip_min, ImVec2 clip_max) {
  if (!model.lesson.transpose || !model.lesson.transpose->direct_view) return;
  const DirectEquivalent& d = model.lesson.transpose->direct;
  StageLayout& layout = ui.stage.layout;
  // The stage is its own child window, drawn after this one: the marks go on top of everything,
  // clipped to the part of the stage on screen.
  ImDrawList* draw = ImGui::GetForegroundDrawList();
  for (const DrawnRect& r : layout.rects) {
    if (r.what != "grid_area") continue;
    clip_min = ImVec2(std::max(clip_min.x, r.x0), std::max(clip_min.y, r.y0));
    clip_max = ImVec2(std::min(clip_max.x, r.x1), std::min(clip_max.y, r.y1));
  }
  draw->PushClipRect(clip_min, clip_max, true);
  std::vector<DrawnRect> marks;
  for (const DrawnGrid& grid : layout.grids) {
    if (grid.role != "input" || grid.cell < kHeatmapBelowPitch) continue;
    const float inner = grid.cell - 2;
    for (size_t y = 0; y < d.h.source.size(); ++y) {
      for (size_t x = 0; x < d.w.source.size(); ++x) {
        const int64_t sy = d.h.source[y], sx = d.w.source[x];
        if (sy >= 0 && sx >= 0) continue;
        const bool extra = sy == kOutputPaddingZero || sx == kOutputPaddingZero;
        const int r = grid.pad_top + static_cast<int>(y), c = grid.pad_left + static_cast<int>(x);
        if (r >= grid.rows || c >= grid.cols) continue;
        const ImVec2 a(grid.x + c * grid.cell, grid.y + r * grid.cell);
        const ImVec2 b(a.x + inner, a.y + inner);
        if (b.y <= clip_min.y || a.y >= clip_max.y || b.x <= clip_min.x || a.x >= clip_max.x) continue;
        draw->AddRectFilled(a, b, extra ? kExtraFill : kInsertedFill);
        draw->AddRect(ImVec2(a.x + 1, a.y + 1), ImVec2(b.x - 1, b.y - 1), extra ? kExtraMark : kInsertedMark,
                      0, 0, 2.0f);
        marks.push_back({extra ? "output_padding_zero" : "inserted_zero", grid.channel, a.x, a.y, b.x, b.y});
      }
    }
  }
  draw->PopClipRect();
  layout.rects.insert(layout.rects.end(), marks.begin(), marks.end());
}

std::string direct_view_note(const AppModel& model) {
  if (!model.lesson.transpose || !model.lesson.transpose->direct_view) return "";
  const DirectEquivalent& d = model.lesson.transpose->direct;
  const std::string note = direct_summary(d);
  if (d.h.extra || d.w.extra) return note + " \u00b7 amber: inserted 0s, blue: output_padding 0s";
  return note + " \u00b7 amber: inserted 0s";
}

void draw_stepping_grids(const AppModel& model, UiState& ui, Actions& actions, ImVec2 size) {
  if (!model.lesson.transpose) {
    draw_grids_panel(model, ui, actions, size);
    return;
  }
  const float top = ImGui::GetCursorPosY();
  draw_transpose_toolbar(model, ui, actions);
  const std::string note = direct_view_note(model);
  if (!note.empty()) {
    // On the toolbar's row, shortened to what fits: the grids keep their height.
    ImGui::SameLine(0, 18);
    const std::string shown = fit_one_line(note, ImGui::GetContentRegionAvail().x);
    ImGui::TextColored(palette::kMutedText, "%s", shown.c_str());
    ui.stage.layout.texts.push_back(note);
  }
  const ImVec2 rest(size.x, std::max(40.0f, size.y - (ImGui::GetCursorPosY() - top)));
  if (shows_stamping(model)) {
    draw_stamp_panel(model, ui, rest);
  } else {
    draw_grids_panel(model, ui, actions, rest);
    // The stage's grids scroll inside their own child window: the marks are clipped to what it shows.
    draw_direct_marks(model, ui, ImGui::GetItemRectMin(), ImGui::GetItemRectMax());
  }
}

float stepping_text_height(const AppModel& model, const UiState& ui, float width) {
  return shows_stamping(model) ? stamp_step_height(model, ui, width) : step_panel_height(model, ui, width);
}

void draw_stepping_text(const AppModel& model, UiState& ui) {
  if (shows_stamping(model)) {
    draw_stamp_step(model, ui);
  } else {
    draw_step_panel(model, ui);
  }
}

}  // namespace convstep
