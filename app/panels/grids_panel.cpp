// Builds the input, kernel and output sections from the StepView, picks the largest cell size at which
// they fit side by side (channel slices all in a row, or fewer per row when that gives bigger cells),
// and draws them around a common centre line with ∗ and = between them.
#include "app/panels/grids_panel.h"

#include <algorithm>
#include <cmath>
#include <limits>
#include <string>
#include <vector>

#include "app/widgets/step_text.h"
#include "app/widgets/tensor_grid.h"
#include "app/widgets/theme.h"
#include "core/ops.h"

namespace convstep {
namespace {

constexpr float kMaxCell = 84.0f;
constexpr float kMinCell = 6.0f;
constexpr float kIndicesFromCell = 30.0f;  // smaller cells leave no room for row/column numbers
const ImVec4 kInputTitle{0.50f, 0.70f, 1.00f, 1.0f};
const ImVec4 kKernelTitle{0.50f, 0.88f, 0.60f, 1.0f};
const ImVec4 kOutputTitle{1.00f, 0.55f, 0.50f, 1.0f};

struct Slice {
  std::string label;  // "channel 1" when a section has several
  GridSpec grid;
};

struct Section {
  std::string title;
  ImVec4 title_color;
  std::string subtitle;
  std::vector<Slice> slices;
};

// Flat offset of (b, c, y, x) in an (N,)C,H,W or (N,)C,L tensor; y is 0 for 1-D.
int64_t element_offset(const Geometry& g, int64_t channels, int64_t b, int64_t c, int64_t y, int64_t x) {
  return ((b * channels + c) * g.h.in + y) * g.w.in + x;
}

void share_range(Section& section) {
  std::vector<GridCell> all;
  for (const Slice& slice : section.slices)
    all.insert(all.end(), slice.grid.cells.begin(), slice.grid.cells.end());
  float low = 0, high = 1;
  value_range(all, &low, &high);
  for (Slice& slice : section.slices) {
    slice.grid.low = low;
    slice.grid.high = high;
  }
}

// A padded coordinate labelled with the input's own index; padding cells have none.
std::string index_label(int64_t padded, int64_t pad_before, int64_t size) {
  const int64_t i = padded - pad_before;
  return i >= 0 && i < size ? std::to_string(i) : "";
}

float eased(float t) {
  return t * t * (3 - 2 * t);
}

Section input_section(const App& app) {
  const Stepper& stepper = *app.lesson.stepper;
  const Geometry& g = stepper.geometry();
  const Snapshot& s = app.view.snapshot;
  const Tensor& input = stepper.scene().input;
  const bool conv = is_conv(g.op);
  const PaddingMode mode = conv ? g.padding_mode : PaddingMode::kZeros;
  const float pad_value = is_max_pool(g.op) ? -std::numeric_limits<float>::infinity() : 0.0f;

  // The window slides from where it was to the snapshot's origin.
  const float t = eased(app.playback.slide_t);
  const float origin_y =
      app.playback.slide_from_y + (static_cast<float>(s.origin_y) - app.playback.slide_from_y) * t;
  const float origin_x =
      app.playback.slide_from_x + (static_cast<float>(s.origin_x) - app.playback.slide_from_x) * t;

  Section section;
  section.title = "Input";
  section.title_color = kInputTitle;
  section.subtitle = shape_to_string(g.input_shape());
  if (g.batch > 1) section.subtitle += "  batch " + std::to_string(s.batch);
  if (g.h.padded() != g.h.in || g.w.padded() != g.w.in) section.subtitle += "  (grey: padding)";

  // 2-D: one slice per channel. 1-D: one slice whose rows are the channels, as the article draws it.
  const int64_t slices = g.dims == 2 ? g.in_channels : 1;
  const int64_t rows = g.dims == 2 ? g.h.padded() : g.in_channels;
  const int64_t cols = g.w.padded();
  for (int64_t k = 0; k < slices; ++k) {
    Slice slice;
    if (slices > 1) slice.label = "channel " + std::to_string(k);
    GridSpec& grid = slice.grid;
    grid.rows = static_cast<int>(rows);
    grid.cols = static_cast<int>(cols);
    grid.family = palette::kInput;
    grid.cells.resize(static_cast<size_t>(rows * cols));
    for (int64_t px = 0; px < cols; ++px) grid.col_labels.push_back(index_label(px, g.w.pad_before, g.w.in));
    for (int64_t r = 0; r < rows; ++r) {
      grid.row_labels.push_back(g.dims == 2 ? index_label(r, g.h.pad_before, g.h.in) : std::to_string(r));
    }
    for (int64_t r = 0; r < rows; ++r) {
      const int64_t c = g.dims == 2 ? k : r;
      const int64_t py = g.dims == 2 ? r : 0;
      const int64_t sy = g.dims == 2 ? padded_source_index(py, g.h.in, g.h.pad_before, mode) : 0;
      const bool inside_y = g.dims == 1 || (py >= g.h.pad_before && py < g.h.pad_before + g.h.in);
      for (int64_t px = 0; px < cols; ++px) {
        GridCell& cell = grid.cells[static_cast<size_t>(r * cols + px)];
        const int64_t sx = padded_source_index(px, g.w.in, g.w.pad_before, mode);
        const bool inside = inside_y && px >= g.w.pad_before && px < g.w.pad_before + g.w.in;
        const bool has_source = sy >= 0 && sx >= 0;
        cell.kind = inside ? CellKind::kValue : CellKind::kPadding;
        cell.value =
            has_source ? input.data()[element_offset(g, g.in_channels, s.batch, c, sy, sx)] : pad_value;
      }
    }
    int64_t first_row = std::numeric_limits<int64_t>::max(), last_row = -1;
    for (size_t i = 0; i < s.taps.size(); ++i) {
      const Tap& tap = s.taps[i];
      if (g.dims == 2 && tap.in_channel != k) continue;
      const int64_t r = g.dims == 2 ? tap.padded_y : tap.in_channel;
      first_row = std::min(first_row, r);
      last_row = std::max(last_row, r);
      if (r < 0 || r >= rows || tap.padded_x < 0 || tap.padded_x >= cols) continue;  // ceil_mode overhang
      GridCell& cell = grid.cells[static_cast<size_t>(r * cols + tap.padded_x)];
      // A dilated window skips cells, so its taps are outlined one by one inside the window's frame.
      cell.tap = g.h.dilation > 1 || g.w.dilation > 1;
      if (conv) cell.note = "\xC3\x97" + display_number(tap.weight);
      if (is_max_pool(g.op) && static_cast<int64_t>(i) == s.winner) cell.note = "max";
    }
    if (last_row >= 0) {
      CellRect window;
      window.x0 = origin_x;
      window.x1 = origin_x + static_cast<float>(g.w.effective_kernel());
      if (g.dims == 2) {
        window.y0 = origin_y;
        window.y1 = origin_y + static_cast<float>(g.h.effective_kernel());
      } else {
        window.y0 = static_cast<float>(first_row);
        window.y1 = static_cast<float>(last_row + 1);
      }
      grid.window = window;
    }
    section.slices.push_back(std::move(slice));
  }
  share_range(section);
  return section;
}

Section kernel_section(const App& app) {
  const Stepper& stepper = *app.lesson.stepper;
  const Geometry& g = stepper.geometry();
  const Snapshot& s = app.view.snapshot;
  const Tensor& weight = stepper.scene().weight;
  const int64_t per_group = g.in_channels_per_group();
  const int64_t first_channel = (s.out_channel / g.out_channels_per_group()) * per_group;

  Section section;
  section.title = "Kernel";
  section.title_color = kKernelTitle;
  section.subtitle = g.out_channels > 1
                         ? "weight[" + std::to_string(s.out_channel) + "] of " + weight.shape_string()
                         : weight.shape_string();

  const int64_t kh = g.h.kernel, kw = g.w.kernel;
  const int64_t slices = g.dims == 2 ? per_group : 1;
  const int64_t rows = g.dims == 2 ? kh : per_group;
  for (int64_t k = 0; k < slices; ++k) {
    Slice slice;
    if (slices > 1) slice.label = "channel " + std::to_string(first_channel + k);
    GridSpec& grid = slice.grid;
    grid.rows = static_cast<int>(rows);
    grid.cols = static_cast<int>(kw);
    grid.family = palette::kKernel;
    for (int64_t r = 0; r < rows; ++r) {
      const int64_t j = g.dims == 2 ? k : r;  // channel within the group
      const int64_t ky = g.dims == 2 ? r : 0;
      for (int64_t kx = 0; kx < kw; ++kx) {
        GridCell cell;
        cell.value = weight.data()[((s.out_channel * per_group + j) * kh + ky) * kw + kx];
        grid.cells.push_back(cell);
      }
    }
    section.slices.push_back(std::move(slice));
  }
  share_range(section);
  return section;
}

Section output_section(const App& app) {
  const Stepper& stepper = *app.lesson.stepper;
  const Geometry& g = stepper.geometry();
  const Snapshot& s = app.view.snapshot;
  const Tensor& output = app.view.output;

  Section section;
  section.title = is_conv(g.op) ? "Output (feature map)" : "Output";
  section.title_color = kOutputTitle;
  section.subtitle = shape_to_string(g.output_shape());

  const int64_t slices = g.dims == 2 ? g.out_channels : 1;
  const int64_t rows = g.dims == 2 ? g.h.out : g.out_channels;
  const int64_t cols = g.w.out;
  for (int64_t k = 0; k < slices; ++k) {
    Slice slice;
    if (slices > 1) slice.label = "channel " + std::to_string(k);
    GridSpec& grid = slice.grid;
    grid.rows = static_cast<int>(rows);
    grid.cols = static_cast<int>(cols);
    grid.family = palette::kOutput;
    for (int64_t r = 0; r < rows; ++r) {
      const int64_t c = g.dims == 2 ? k : r;
      const int64_t y = g.dims == 2 ? r : 0;
      for (int64_t x = 0; x < cols; ++x) {
        GridCell cell;
        // Computed means "its step has been reached", so a genuine NaN result still shows as NaN.
        const bool computed = stepper.step_of(s.batch, c, y, x) <= app.view.step;
        cell.kind = computed ? CellKind::kValue : CellKind::kEmpty;
        if (computed)
          cell.value = output.data()[((s.batch * g.out_channels + c) * g.h.out + y) * g.w.out + x];
        cell.current = c == s.out_channel && y == s.out_y && x == s.out_x;
        grid.cells.push_back(cell);
      }
    }
    section.slices.push_back(std::move(slice));
  }
  // Shaded on the finished output's range, so colours stay put while the map fills in.
  float low = 0, high = 1;
  std::vector<GridCell> all;
  for (float v : app.lesson.full_output.values()) {
    GridCell cell;
    cell.value = v;
    all.push_back(cell);
  }
  value_range(all, &low, &high);
  for (Slice& slice : section.slices) {
    slice.grid.low = low;
    slice.grid.high = high;
  }
  return section;
}

// ---- layout ----

struct Metrics {
  bool two_line_titles;  // the shape under the title rather than beside it, when the row is narrow
  float title_height;
  float label_height;
  float slice_gap;
  float operator_width;
};

Metrics metrics_for(float cell, const Fonts& fonts, const std::string& operator_label, bool two_line_titles) {
  const float label_width =
      fonts.small->CalcTextSizeA(fonts.small->FontSize, FLT_MAX, 0, operator_label.c_str()).x + 24;
  const float title_height =
      two_line_titles ? fonts.ui->FontSize + fonts.small->FontSize + 12 : fonts.ui->FontSize + 10;
  return Metrics{two_line_titles, title_height, fonts.small->FontSize + 6, std::max(14.0f, cell * 0.4f),
                 std::max({56.0f, cell * 1.1f, label_width})};
}

ImVec2 slice_extent(const Slice& slice, float cell, const Fonts& fonts, const Metrics& m) {
  ImVec2 extent = grid_extent(slice.grid, cell, fonts);
  if (!slice.label.empty()) {
    extent.y += m.label_height;
    extent.x = std::max(extent.x,
                        fonts.small->CalcTextSizeA(fonts.small->FontSize, FLT_MAX, 0, slice.label.c_str()).x);
  }
  return extent;
}

// Slices are laid out `per_row` to a row (all in one row, one per row, or a block in between).
struct Arrangement {
  ImVec2 size;                    // of the slices only; the title sits above
  std::vector<ImVec2> positions;  // top-left of each slice relative to the block
};

Arrangement arrange(const Section& section, float cell, int per_row, const Fonts& fonts, const Metrics& m) {
  Arrangement a;
  const size_t n = section.slices.size();
  const size_t columns = std::max<size_t>(1, std::min<size_t>(static_cast<size_t>(per_row), n));
  std::vector<ImVec2> extents;
  for (const Slice& slice : section.slices) extents.push_back(slice_extent(slice, cell, fonts, m));
  float y = 0;
  for (size_t first = 0; first < n; first += columns) {
    const size_t last = std::min(n, first + columns);
    float row_height = 0;
    for (size_t i = first; i < last; ++i) row_height = std::max(row_height, extents[i].y);
    float x = 0;
    for (size_t i = first; i < last; ++i) {
      // Slices of unequal height in one row share its centre line.
      a.positions.push_back(ImVec2(x, y + (row_height - extents[i].y) * 0.5f));
      x += extents[i].x + (i + 1 < last ? m.slice_gap : 0);
    }
    a.size.x = std::max(a.size.x, x);
    y += row_height + (last < n ? m.slice_gap : 0);
  }
  a.size.y = y;
  return a;
}

float text_width(ImFont* font, const std::string& text) {
  return font->CalcTextSizeA(font->FontSize, FLT_MAX, 0, text.c_str()).x;
}

float title_width(const Section& section, const Fonts& fonts, bool two_line) {
  if (two_line)
    return std::max(text_width(fonts.ui, section.title), text_width(fonts.small, section.subtitle));
  return text_width(fonts.ui, section.title + "   " + section.subtitle);
}

ImVec2 total_extent(const std::vector<Section>& sections, float cell, int per_row, const Fonts& fonts,
                    const Metrics& m) {
  ImVec2 total(0, 0);
  for (size_t i = 0; i < sections.size(); ++i) {
    const ImVec2 e = arrange(sections[i], cell, per_row, fonts, m).size;
    total.x +=
        std::max(e.x, title_width(sections[i], fonts, m.two_line_titles)) + (i > 0 ? m.operator_width : 0);
    total.y = std::max(total.y, e.y + m.title_height);
  }
  return total;
}

void set_indices(std::vector<Section>& sections, float cell) {
  for (Section& section : sections)
    for (Slice& slice : section.slices) slice.grid.show_indices = cell >= kIndicesFromCell;
}

// The largest cell at which everything fits; extents grow with the cell, so bisection finds it.
float fit_cell(std::vector<Section>& sections, int per_row, ImVec2 room, const Fonts& fonts,
               const std::string& operator_label, bool two_line_titles) {
  float lo = kMinCell, hi = kMaxCell;
  for (int i = 0; i < 24; ++i) {
    const float mid = 0.5f * (lo + hi);
    set_indices(sections, mid);
    const ImVec2 e =
        total_extent(sections, mid, per_row, fonts, metrics_for(mid, fonts, operator_label, two_line_titles));
    if (e.x <= room.x && e.y <= room.y) {
      lo = mid;
    } else {
      hi = mid;
    }
  }
  return std::floor(lo);
}

void draw_operator(ImDrawList* draw, const Fonts& fonts, const char* text, const std::string& label, float x,
                   float width, float center_y) {
  const float size = fonts.large->FontSize;
  const ImVec2 e = fonts.large->CalcTextSizeA(size, FLT_MAX, 0, text);
  draw->AddText(fonts.large, size, ImVec2(x + (width - e.x) * 0.5f, center_y - e.y * 0.5f),
                palette::kCellText, text);
  if (!label.empty()) {
    const ImVec2 le = fonts.small->CalcTextSizeA(fonts.small->FontSize, FLT_MAX, 0, label.c_str());
    draw->AddText(fonts.small, fonts.small->FontSize,
                  ImVec2(x + (width - le.x) * 0.5f, center_y - e.y * 0.5f - le.y), palette::kDimText,
                  label.c_str());
  }
}

}  // namespace

void draw_grids_panel(const App& app, ImVec2 size) {
  if (!app.lesson.stepper || app.view.step < 0) return;
  const Fonts& fonts = app.ui.fonts;
  const Geometry& g = app.lesson.stepper->geometry();

  std::vector<Section> sections;
  sections.push_back(input_section(app));
  if (is_conv(g.op)) sections.push_back(kernel_section(app));
  sections.push_back(output_section(app));

  std::string pool_label;
  if (is_pool(g.op)) {
    pool_label = std::string(op_name(g.op)) + " " +
                 (g.dims == 1 ? std::to_string(g.w.kernel)
                              : std::to_string(g.h.kernel) + "\xC3\x97" + std::to_string(g.w.kernel));
  }

  // All slices in one row reads best; fewer per row wins only when it makes the cells clearly bigger.
  size_t most_slices = 1;
  for (const Section& section : sections) most_slices = std::max(most_slices, section.slices.size());
  // Titles with their shapes on one line, unless that alone would crowd the row.
  float one_line_titles = 0;
  for (const Section& section : sections) one_line_titles += title_width(section, fonts, false) + 56;
  const bool two_line = one_line_titles > size.x * 0.8f;
  int per_row = static_cast<int>(most_slices);
  float cell = fit_cell(sections, per_row, size, fonts, pool_label, two_line);
  for (int k = per_row - 1; k >= 1; --k) {
    const float candidate = fit_cell(sections, k, size, fonts, pool_label, two_line);
    if (candidate > cell * 1.12f) {
      cell = candidate;
      per_row = k;
    }
  }
  set_indices(sections, cell);
  const Metrics m = metrics_for(cell, fonts, pool_label, two_line);

  ImDrawList* draw = ImGui::GetWindowDrawList();
  const ImVec2 origin = ImGui::GetCursorScreenPos();
  const ImVec2 total = total_extent(sections, cell, per_row, fonts, m);
  const float center_y = origin.y + size.y * 0.5f + m.title_height * 0.5f;
  float x = origin.x + std::max(0.0f, (size.x - total.x) * 0.5f);

  for (size_t i = 0; i < sections.size(); ++i) {
    const Section& section = sections[i];
    if (i > 0) {
      const bool last = i + 1 == sections.size();
      const char* symbol = is_pool(g.op) ? "\xE2\x86\x92" : (last ? "=" : "\xE2\x88\x97");
      draw_operator(draw, fonts, symbol, pool_label, x, m.operator_width, center_y);
      x += m.operator_width;
    }
    const Arrangement arrangement = arrange(section, cell, per_row, fonts, m);
    const float width = std::max(arrangement.size.x, title_width(section, fonts, two_line));
    const ImVec2 block(x + (width - arrangement.size.x) * 0.5f, center_y - arrangement.size.y * 0.5f);

    // Title above the slices: the role in its colour, the shape muted (beside it, or under it).
    const ImU32 title_color = ImGui::ColorConvertFloat4ToU32(section.title_color);
    const float top = block.y - m.title_height;
    if (two_line) {
      const float title_w = text_width(fonts.ui, section.title);
      const float shape_w = text_width(fonts.small, section.subtitle);
      draw->AddText(fonts.ui, fonts.ui->FontSize, ImVec2(x + (width - title_w) * 0.5f, top), title_color,
                    section.title.c_str());
      draw->AddText(fonts.small, fonts.small->FontSize,
                    ImVec2(x + (width - shape_w) * 0.5f, top + fonts.ui->FontSize + 2), palette::kDimText,
                    section.subtitle.c_str());
    } else {
      const float left = x + (width - title_width(section, fonts, false)) * 0.5f;
      draw->AddText(fonts.ui, fonts.ui->FontSize, ImVec2(left, top), title_color, section.title.c_str());
      draw->AddText(fonts.ui, fonts.ui->FontSize,
                    ImVec2(left + text_width(fonts.ui, section.title + "   "), top), palette::kDimText,
                    section.subtitle.c_str());
    }

    for (size_t k = 0; k < section.slices.size(); ++k) {
      const Slice& slice = section.slices[k];
      ImVec2 pos(block.x + arrangement.positions[k].x, block.y + arrangement.positions[k].y);
      if (!slice.label.empty()) {
        draw->AddText(fonts.small, fonts.small->FontSize, pos, palette::kDimText, slice.label.c_str());
        pos.y += m.label_height;
      }
      draw_tensor_grid(draw, pos, slice.grid, cell, fonts);
    }
    x += width;
  }
  ImGui::Dummy(size);
}

}  // namespace convstep
