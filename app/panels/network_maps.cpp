// The Network view's maps: every map of the stack with the padding its next layer adds, coloured by its
// values (numbers drawn when they reach the projector's 14 px, else a legend), the selected cell's
// receptive field below it and projective field above, and the path counts to the input. 2-D maps flow
// left to right in equal boxes; 1-D maps are rows, the input at the bottom, as Distill draws them.
#include <imgui.h>
#include <algorithm>
#include <cfloat>
#include <cmath>
#include <cstdio>

#include "app/panels/network_panel.h"
#include "app/widgets/heatmap.h"
#include "app/widgets/legend.h"
#include "app/widgets/palette.h"
#include "app/widgets/text_fit.h"

namespace convstep {

namespace {

constexpr float kLeastValuePx = 14.0f, kMostValuePx = 22.0f;
constexpr float kMostPitch = 56.0f;
constexpr float kGap = 14.0f;
constexpr ImU32 kPaddingFill = IM_COL32(36, 40, 48, 255);

// One drawn grid: a map (or the path counts) with its padding ring.
struct Box {
  int map = 0;         // the map index; maps() for the path counts
  bool paths = false;  // the path counts to the input
  std::string title, short_title;
  ImVec2 origin;  // top-left of the first drawn cell, padding included
  float pitch = 0;
  int rows = 1, cols = 1;                                        // the map's own cells
  int pad_top = 0, pad_bottom = 0, pad_left = 0, pad_right = 0;  // the next layer's padding
  std::vector<float> values;                                     // rows × cols
  float value_px = 0;                                            // > 0: values drawn at this size
  LegendSpec legend;
  int total_rows() const { return rows + pad_top + pad_bottom; }
  int total_cols() const { return cols + pad_left + pad_right; }
  ImVec2 cell_min(int64_t r, int64_t c) const {
    return ImVec2(origin.x + static_cast<float>(c + pad_left) * pitch,
                  origin.y + static_cast<float>(r + pad_top) * pitch);
  }
};

// Whole numbers in full, others to two decimals: the view is about where values come from.
std::string count_text(float v) {
  if (std::isfinite(v) && v == std::floor(v) && std::fabs(v) < 1e9f)
    return std::to_string(static_cast<int64_t>(v));
  if (!std::isfinite(v) || std::fabs(v) >= 1e6f) return format_value(v);
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.2f", static_cast<double>(v));
  std::string text = buf;
  while (text.back() == '0') text.pop_back();
  return text;
}

// The largest type size from 14 to 22 px at which every value fits its cell, or 0 for none.
float value_size(const Box& box, ImFont* font) {
  if (box.values.size() > 4096 || box.pitch < kLeastValuePx) return 0;
  float widest = 0;
  for (float v : box.values)
    widest = std::max(widest, font->CalcTextSizeA(kLeastValuePx, FLT_MAX, 0, count_text(v).c_str()).x);
  const float room = box.pitch - 4;
  if (widest > room) return 0;
  const float by_width = kLeastValuePx * room / std::max(widest, 1.0f);
  return std::clamp(std::min(by_width, box.pitch * 0.55f), kLeastValuePx, kMostValuePx);
}

void draw_box(ImDrawList* draw, const Box& box, PaletteKind palette, const Fonts& fonts) {
  const float w = static_cast<float>(box.total_cols()) * box.pitch;
  // The padding ring: cells the next layer reads as padding, drawn empty.
  if (box.pad_top + box.pad_bottom + box.pad_left + box.pad_right > 0) {
    const ImVec2 max(box.origin.x + w, box.origin.y + static_cast<float>(box.total_rows()) * box.pitch);
    draw->AddRectFilled(box.origin, max, kPaddingFill);
    if (box.pitch >= 4)
      for (int r = 0; r < box.total_rows(); ++r)
        for (int c = 0; c < box.total_cols(); ++c) {
          const bool inside = r >= box.pad_top && r < box.pad_top + box.rows && c >= box.pad_left &&
                              c < box.pad_left + box.cols;
          if (inside) continue;
          const ImVec2 a(box.origin.x + static_cast<float>(c) * box.pitch,
                         box.origin.y + static_cast<float>(r) * box.pitch);
          draw->AddRect(a, ImVec2(a.x + box.pitch, a.y + box.pitch), palette::kEmptyBorder);
        }
  }
  HeatmapSpec spec;
  spec.rows = box.rows;
  spec.cols = box.cols;
  spec.values = box.values;
  spec.palette = palette;
  spec.role = box.legend.role;
  spec.range = box.legend.range;
  const ImVec2 min = box.cell_min(0, 0);
  const ImVec2 max(min.x + static_cast<float>(box.cols) * box.pitch,
                   min.y + static_cast<float>(box.rows) * box.pitch);
  draw_heatmap_rects(draw, min, max, spec);
  if (box.value_px > 0) {
    for (int r = 0; r < box.rows; ++r)
      for (int c = 0; c < box.cols; ++c) {
        const float v = box.values[static_cast<size_t>(r * box.cols + c)];
        const std::string text = count_text(v);
        const ImVec2 size = fonts.large->CalcTextSizeA(box.value_px, FLT_MAX, 0, text.c_str());
        const ImVec2 a = box.cell_min(r, c);
        draw->AddText(fonts.large, box.value_px,
                      ImVec2(a.x + (box.pitch - size.x) / 2, a.y + (box.pitch - size.y) / 2),
                      text_color_for(cell_color(palette, spec.role, v, spec.range)), text.c_str());
      }
  }
}

// The rectangle of cells [r0, r1] × [c0, c1] of a box (negative or past the map: padding cells).
void field_rect(ImDrawList* draw, const Box& box, const std::array<CellRange, 2>& field, bool one_dimensional,
                ImU32 color, float thickness, const char* what, StageLayout& layout) {
  const CellRange rows = one_dimensional ? CellRange{0, 0} : field[0];
  const CellRange cols = one_dimensional ? field[0] : field[1];
  if (rows.empty() || cols.empty()) return;
  const ImVec2 a = box.cell_min(rows.first, cols.first);
  const ImVec2 b = box.cell_min(rows.last + 1, cols.last + 1);
  draw->AddRectFilled(a, b, (color & 0x00FFFFFF) | (70u << 24));
  draw_highlight_rect(draw, a, b, 0.0f, thickness, color);
  layout.rects.push_back({what, box.map, a.x, a.y, b.x, b.y});
}

std::vector<float> to_floats(const std::vector<double>& v) {
  return std::vector<float>(v.begin(), v.end());
}

}  // namespace

void draw_network_maps(const StackSession& session, NetworkUi& ui, const Fonts& fonts, StageLayout& layout,
                       ImVec2 origin, ImVec2 size) {
  const LayerStack& stack = session.stack;
  if (session.maps.size() != static_cast<size_t>(stack.maps())) return;
  const bool one_d = stack.dims == 1;
  const PaletteKind palette = ui.palette == 1 ? PaletteKind::kArticle : PaletteKind::kColorBlindSafe;
  const NetworkCell shown = shown_network_cell(session, ui);

  std::vector<Box> boxes;
  for (int m = 0; m < stack.maps(); ++m) {
    Box box;
    box.map = m;
    const Tensor& t = session.maps[static_cast<size_t>(m)];
    box.rows = static_cast<int>(t.size(0));
    box.cols = static_cast<int>(t.size(1));
    box.values = t.values();
    if (m < stack.maps() - 1) {
      const StackLevel& next = stack.levels[static_cast<size_t>(m)];
      const StackDim& across = next.dims.back();
      box.pad_left = static_cast<int>(across.pad_before);
      box.pad_right = static_cast<int>(across.pad_after);
      if (!one_d) {
        box.pad_top = static_cast<int>(next.dims[0].pad_before);
        box.pad_bottom = static_cast<int>(next.dims[0].pad_after);
      }
    }
    const std::string shape =
        one_d ? std::to_string(box.cols) : std::to_string(box.rows) + "\u00d7" + std::to_string(box.cols);
    box.title = m == 0 ? "input " + shape
                       : std::to_string(m) + ": " +
                             stack_op_name(stack.levels[static_cast<size_t>(m - 1)].layer) + " " + shape;
    box.short_title = std::to_string(m) + ": " + shape;
    box.legend = {palette, m == 0 ? TensorRole::kInput : TensorRole::kOutput, ValueRange::of(box.values), ""};
    boxes.push_back(std::move(box));
  }
  {
    Box paths;
    paths.map = stack.maps();
    paths.paths = true;
    paths.rows = static_cast<int>(boxes[0].rows);
    paths.cols = static_cast<int>(boxes[0].cols);
    paths.values = to_floats(path_counts(stack, shown.map, shown.cell));
    paths.title = one_d ? "paths from the cell to each input cell" : "paths to each input cell";
    paths.legend = {palette, TensorRole::kKernel, ValueRange::of(paths.values), ""};
    boxes.push_back(std::move(paths));
  }

  // Sizes: the same pitch for every row of a 1-D stack; equal square boxes for a 2-D one.
  const float line = ImGui::GetTextLineHeightWithSpacing();
  const float legend_h = legend_extent(boxes[0].legend, 120, fonts.small).y + 4;
  const int n = static_cast<int>(boxes.size());
  if (one_d) {
    int widest = 1;
    for (const Box& b : boxes) widest = std::max(widest, b.total_cols());
    // A row's head holds its title and, beside it, its legend.
    const float head = std::max(line, legend_h);
    const float per_row = head + kGap;
    const float pitch =
        std::max(1.0f, std::min({kMostPitch, size.x / static_cast<float>(widest),
                                 (size.y - static_cast<float>(n) * per_row) / static_cast<float>(n)}));
    // Top map first, the input next to the bottom, the path counts under the input.
    float y = origin.y;
    for (int i = n - 2; i >= -1; --i) {
      Box& b = boxes[static_cast<size_t>(i < 0 ? n - 1 : i)];
      b.pitch = pitch;
      b.origin = ImVec2(origin.x, y + head);
      y += head + pitch + kGap;
    }
  } else {
    float best = 0;
    int best_cols = 1;
    for (int c = 1; c <= n; ++c) {
      const int r = (n + c - 1) / c;
      const float side =
          std::min((size.x - static_cast<float>(c - 1) * kGap) / static_cast<float>(c),
                   (size.y - static_cast<float>(r) * (line + legend_h + kGap)) / static_cast<float>(r));
      if (side > best) {
        best = side;
        best_cols = c;
      }
    }
    for (int i = 0; i < n; ++i) {
      Box& b = boxes[static_cast<size_t>(i)];
      b.pitch = std::max(
          0.5f, std::min(kMostPitch, best / static_cast<float>(std::max(b.total_rows(), b.total_cols()))));
      b.origin =
          ImVec2(origin.x + static_cast<float>(i % best_cols) * (best + kGap),
                 origin.y + static_cast<float>(i / best_cols) * (best + line + legend_h + kGap) + line);
    }
  }
  for (Box& b : boxes) b.value_px = value_size(b, fonts.large);

  // Hover and click on this frame's boxes (the highlight follows from the next frame).
  ui.hovered.reset();
  const ImVec2 mouse = ImGui::GetMousePos();
  const ImGuiIO& io = ImGui::GetIO();
  if (io.MouseDelta.x != 0 || io.MouseDelta.y != 0 || ImGui::IsMouseClicked(ImGuiMouseButton_Left))
    ui.mouse_moved = true;
  if (ui.mouse_moved && ImGui::IsWindowHovered())
    for (const Box& b : boxes) {
      if (b.paths) continue;
      const ImVec2 a = b.cell_min(0, 0);
      const int c = static_cast<int>(std::floor((mouse.x - a.x) / b.pitch));
      const int r = static_cast<int>(std::floor((mouse.y - a.y) / b.pitch));
      if (c < 0 || r < 0 || c >= b.cols || r >= b.rows) continue;
      ui.hovered = NetworkCell{b.map, one_d ? Dims{c, 0} : Dims{r, c}};
      if (ImGui::IsMouseClicked(ImGuiMouseButton_Left))
        ui.pinned = ui.pinned == ui.hovered ? std::nullopt : ui.hovered;
    }

  ImDrawList* draw = ImGui::GetWindowDrawList();
  const StackField below = receptive_field(stack, shown.map, shown.cell);
  const StackField above = projective_field(stack, shown.map, shown.cell);
  for (const Box& b : boxes) {
    // Titles keep to their box: in full, else without the op, else cut.
    const float title_room =
        one_d ? size.x : std::max(b.pitch * static_cast<float>(b.total_cols()), 40.0f) + kGap / 2;
    std::string title = b.title;
    if (ImGui::CalcTextSize(title.c_str()).x > title_room && !b.paths && b.map > 0) title = b.short_title;
    title = fit_one_line(title, title_room);
    draw->AddText(ImVec2(b.origin.x, b.origin.y - line),
                  b.map == shown.map ? IM_COL32(255, 255, 255, 255) : palette::kDimText, title.c_str());
    draw_box(draw, b, palette, fonts);
    const float bottom = b.origin.y + static_cast<float>(b.total_rows()) * b.pitch + 4;
    if (b.value_px == 0) {
      if (one_d) {
        const float after_title = b.origin.x + ImGui::CalcTextSize(title.c_str()).x + 2 * kGap;
        draw_legend(draw, ImVec2(after_title, b.origin.y - legend_h), 100.0f, b.legend, fonts.small);
      } else {
        const float bar = std::max(60.0f, std::min(160.0f, static_cast<float>(b.total_cols()) * b.pitch));
        draw_legend(draw, ImVec2(b.origin.x, bottom), bar, b.legend, fonts.small);
      }
    }
    DrawnGrid grid;
    grid.role = b.paths ? "network_paths" : "network_map";
    grid.channel = b.paths ? 0 : b.map;
    grid.x = b.origin.x;
    grid.y = b.origin.y;
    grid.cell = b.pitch;
    grid.rows = b.total_rows();
    grid.cols = b.total_cols();
    grid.pad_top = b.pad_top;
    grid.pad_left = b.pad_left;
    grid.values_shown = b.value_px > 0;
    grid.value_px = b.value_px;
    layout.grids.push_back(grid);
    if (b.paths) continue;
    const size_t m = static_cast<size_t>(b.map);
    if (b.map < shown.map)
      field_rect(draw, b, below.maps[m], one_d, kReceptiveFieldColor, 2.0f, "network_receptive_field",
                 layout);
    if (b.map > shown.map)
      field_rect(draw, b, above.maps[m], one_d, kProjectiveFieldColor, 2.0f, "network_projective_field",
                 layout);
    if (b.map == shown.map)
      field_rect(draw, b, below.maps[m], one_d, palette::kHighlight, 3.0f, "network_cell", layout);
  }
  // The paths box carries the input's receptive field too, so the two can be compared.
  const Box& paths = boxes.back();
  if (shown.map > 0) {
    Box as_input = paths;
    as_input.map = 0;
    std::array<CellRange, 2> real = below.maps[0];
    for (int i = 0; i < stack.dims; ++i) {
      const size_t u = static_cast<size_t>(i);
      real[u] = {std::max<int64_t>(real[u].first, 0),
                 std::min<int64_t>(real[u].last, stack.map_size(0, i) - 1)};
    }
    const CellRange rows = one_d ? CellRange{0, 0} : real[0];
    const CellRange cols = one_d ? real[0] : real[1];
    if (!rows.empty() && !cols.empty())
      draw_highlight_rect(draw, paths.cell_min(rows.first, cols.first),
                          paths.cell_min(rows.last + 1, cols.last + 1), 0.0f, 2.0f, kReceptiveFieldColor);
  }
  ImGui::Dummy(size);
}

}  // namespace convstep
