// The step picture: title, caption and layer line at the top; the grids (inputs ∗ kernels = outputs)
// as large as the middle fits; the step's arithmetic, as the arithmetic panel writes it, at the bottom.
// The numbers all come from the stepper's snapshot and the partial output.
#include "print/step_svg.h"

#include <algorithm>
#include <cmath>

#include "core/atomic_write.h"
#include "core/geometry.h"
#include "core/pytorch_text.h"
#include "core/step_text.h"
#include "core/stepper.h"
#include "print/print_grid.h"

namespace convstep {

namespace {

const Rgb kBackground = Rgb::bytes(20, 23, 28);
const Rgb kText = Rgb::bytes(235, 237, 240);
const Rgb kMuted = Rgb::bytes(158, 168, 184);
const Rgb kAccent = Rgb::bytes(255, 64, 200);
const Rgb kLater = Rgb::bytes(110, 116, 128);

std::string xml_escaped(const std::string& s) {
  std::string out;
  for (char c : s) {
    switch (c) {
      case '&':
        out += "&amp;";
        break;
      case '<':
        out += "&lt;";
        break;
      case '>':
        out += "&gt;";
        break;
      case '"':
        out += "&quot;";
        break;
      default:
        out += c;
    }
  }
  return out;
}

// Cairo draws text as glyph outlines; the same texts go in as invisible <text> elements over them (and
// the title as <title>), so the picture can be searched, read aloud and checked by a test.
std::string with_text_layer(std::string svg, const std::vector<DrawnText>& texts, const std::string& title) {
  const size_t open = svg.find("<svg");
  const size_t open_end = open == std::string::npos ? open : svg.find('>', open);
  const size_t close = svg.rfind("</svg>");
  if (open_end == std::string::npos || close == std::string::npos || close < open_end) return svg;
  std::string layer = "<g fill-opacity=\"0\" font-family=\"DejaVu Sans\">\n";
  char number[64];
  for (const DrawnText& t : texts) {
    std::snprintf(number, sizeof number, "<text x=\"%.2f\" y=\"%.2f\" font-size=\"%.2f\">", t.x, t.y, t.size);
    layer += number + xml_escaped(t.text) + "</text>\n";
  }
  layer += "</g>\n";
  svg.insert(close, layer);
  svg.insert(open_end + 1, "\n<title>" + xml_escaped(title) + "</title>");
  return svg;
}

struct Column {
  std::vector<PrintGrid>* grids;
  int cols = 0, rows = 0;  // the widest and the tallest grid
  int per_row = 1;         // grids side by side
};

Column column_of(std::vector<PrintGrid>& grids) {
  Column c{&grids};
  for (const PrintGrid& g : grids) {
    c.cols = std::max(c.cols, g.cols);
    c.rows = std::max(c.rows, g.rows);
  }
  return c;
}

Rgb piece_colour(TermState state) {
  switch (state) {
    case TermState::kCurrent:
    case TermState::kWinner:
      return kAccent;
    case TermState::kLater:
      return kLater;
    default:
      return kText;
  }
}

}  // namespace

Result<std::string> render_step_svg(const Scene& scene, int64_t step, int64_t tap,
                                    const StepPictureOptions& options) {
  if (options.width < 64 || options.height < 64 || options.width > kMaxPictureSide ||
      options.height > kMaxPictureSide)
    return make_error("the picture size must be 64 to " + std::to_string(kMaxPictureSide) +
                      " pixels a side, got " + std::to_string(options.width) + "x" +
                      std::to_string(options.height));
  auto stepper = Stepper::create(scene);
  if (!stepper) return stepper.error();
  const Geometry& g = stepper->geometry();
  const int64_t steps = stepper->step_count();
  if (step < 0 || step >= steps)
    return make_error("step " + std::to_string(step) + " does not exist: this walk has " +
                      std::to_string(steps) + " steps (0 to " + std::to_string(steps - 1) + ")");
  const Snapshot s = stepper->snapshot(step);
  if (tap >= static_cast<int64_t>(s.taps.size()))
    return make_error("tap " + std::to_string(tap) + " does not exist: step " + std::to_string(step) +
                      " has " + std::to_string(s.taps.size()) + " taps (0 to " +
                      std::to_string(s.taps.size() - 1) + ")");

  // Everything the current output's batch shows: its input, the current output channel's filter and
  // every feature map, filled up to this step (the current cell included once its step is complete).
  std::vector<PrintGrid> inputs = input_grids(stepper->scene(), g, s.batch, false);
  std::vector<PrintGrid> kernels = kernel_grids(stepper->scene(), g, s.out_channel);
  const Tensor partial = stepper->partial_output(tap >= 0 ? step : step + 1);
  std::vector<PrintGrid> outputs = output_grids(partial, g, s.batch, false);
  mark_step(g, s, tap, inputs, kernels, outputs);
  int64_t cells = 0;
  for (const auto* set : {&inputs, &kernels, &outputs})
    for (const PrintGrid& grid : *set) cells += static_cast<int64_t>(grid.rows) * grid.cols;
  if (cells > kMaxPictureCells)
    return make_error("this scene has " + std::to_string(cells) +
                      " cells to draw, more than a picture with every number can hold (" +
                      std::to_string(kMaxPictureCells) + "); use a smaller input");

  const double W = options.width, H = options.height;
  auto canvas_made = Canvas::create(Canvas::Kind::kSvg, W, H);
  if (!canvas_made) return canvas_made.error();
  Canvas& canvas = **canvas_made;
  canvas.fill_rect(0, 0, W, H, kBackground);
  const double unit = std::min(W / 1280.0, H / 720.0);
  const double margin = 28 * unit;
  const double width = W - 2 * margin;

  // Top: title, caption, layer line and shapes.
  const std::string title = options.title.empty() ? pytorch_layer(scene) : options.title;
  double y = margin + 30 * unit;
  canvas.text(margin, y, title, 30 * unit, kText, Align::kLeft, FontStyle::kBold);
  y += 12 * unit;
  for (const std::string& line : canvas.wrap(options.caption, 19 * unit, width)) {
    y += 25 * unit;
    canvas.text(margin, y, line, 19 * unit, kMuted);
  }
  y += 30 * unit;
  const auto shapes = pytorch_shapes(scene);
  canvas.text(margin, y, pytorch_layer(scene) + (shapes ? "    " + *shapes : ""), 18 * unit, kText,
              Align::kLeft, FontStyle::kMono);
  const double grids_top = y + 22 * unit;

  // Bottom: the arithmetic, wrapped between pieces.
  const float running = tap >= 0 ? Stepper::running_value(s, tap, g.op) : s.result;
  const StepArithmetic arithmetic = step_arithmetic_view(g, s, tap, running);
  const double font = 24 * unit, leading = 32 * unit;
  struct Placed {
    double x, line;
    const ArithmeticPiece* piece;
  };
  std::vector<Placed> placed;
  int line_count = 0;
  const double label_w = canvas.text_width(arithmetic.label + " = ", font, FontStyle::kBold);
  for (const ArithmeticLine& line : arithmetic.lines) {
    double x = label_w;
    for (const ArithmeticPiece& piece : line.pieces) {
      const double w = canvas.text_width(piece.text, font);
      if (x > label_w && x + w > width) {
        ++line_count;
        x = label_w;
      }
      placed.push_back({x, static_cast<double>(line_count), &piece});
      x += w;
    }
    ++line_count;
  }
  const int progress_lines = arithmetic.progress.empty() ? 0 : 1;
  const double arithmetic_top = H - margin - (line_count + progress_lines) * leading;
  canvas.text(margin, arithmetic_top + font, arithmetic.label + " =", font, kAccent, Align::kLeft,
              FontStyle::kBold);
  for (const Placed& p : placed)
    canvas.text(margin + p.x, arithmetic_top + font + p.line * leading, p.piece->text, font,
                piece_colour(p.piece->state), Align::kLeft,
                p.piece->state == TermState::kWinner ? FontStyle::kBold : FontStyle::kRegular);
  if (progress_lines)
    canvas.text(margin + label_w, arithmetic_top + font + line_count * leading, arithmetic.progress,
                20 * unit, kMuted);

  // Middle: inputs ∗ kernels = outputs, one cell pitch for all, as large as fits. Each column's grids
  // go in rows of `per_row` (the inputs and the kernel slices alike, so channel i stays beside its
  // slice); every choice is tried and the one with the largest cells wins.
  std::vector<Column> columns = {column_of(inputs)};
  if (!kernels.empty()) columns.push_back(column_of(kernels));
  columns.push_back(column_of(outputs));
  const double area_h = arithmetic_top - grids_top - 16 * unit;
  const double sign_w = 56 * unit, gap = 12 * unit;
  auto grid_rows = [](const Column& c) {
    return (static_cast<int>(c.grids->size()) + c.per_row - 1) / c.per_row;
  };
  auto cell_for = [&](const std::vector<Column>& cs) {
    double cols = 0, fixed_w = sign_w * (cs.size() - 1);
    double cell = 84 * unit;
    for (const Column& c : cs) {
      cols += c.per_row * c.cols;
      fixed_w += (c.per_row - 1) * gap;
      const int n = grid_rows(c);
      // A label takes about half a cell above each row of grids.
      cell = std::min(cell, (area_h - n * (gap + 4)) / (n * (c.rows + 0.5)));
    }
    return std::min(cell, (width - fixed_w) / std::max(1.0, cols));
  };
  const int most_inputs = static_cast<int>(std::min<size_t>(inputs.size(), 8));
  const int most_outputs = static_cast<int>(std::min<size_t>(outputs.size(), 8));
  double cell = -1;
  std::vector<Column> best = columns;
  for (int a = 1; a <= most_inputs; ++a)
    for (int b = 1; b <= most_outputs; ++b) {
      std::vector<Column> trial = columns;
      for (size_t i = 0; i + 1 < trial.size(); ++i)
        trial[i].per_row = std::min<int>(a, static_cast<int>(trial[i].grids->size()));
      trial.back().per_row = b;
      if (const double c = cell_for(trial); c > cell + 0.01) {
        cell = c;
        best = trial;
      }
    }
  columns = best;
  cell = std::max(1.0, cell);
  GridStyle style;
  style.cell = cell;
  style.font = std::clamp(cell * 0.42, 6.0, 30 * unit);
  style.colour = true;
  style.label = kMuted;
  double used_w = sign_w * (columns.size() - 1);
  for (const Column& c : columns) used_w += c.per_row * c.cols * cell + (c.per_row - 1) * gap;
  double x = margin + std::max(0.0, (width - used_w) / 2);
  for (size_t i = 0; i < columns.size(); ++i) {
    const Column& c = columns[i];
    const std::vector<PrintGrid>& grids = *c.grids;
    std::vector<double> row_h(static_cast<size_t>(grid_rows(c)), 0);
    for (size_t k = 0; k < grids.size(); ++k)
      row_h[k / c.per_row] = std::max(row_h[k / c.per_row], grid_height(grids[k], style));
    double column_h = 0;
    for (double h : row_h) column_h += h + gap;
    const double top = grids_top + std::max(0.0, (area_h - column_h) / 2);
    double gy = top;
    for (size_t k = 0; k < grids.size(); ++k) {
      const size_t row = k / c.per_row, slot = k % c.per_row;
      if (slot == 0 && row > 0) gy += row_h[row - 1] + gap;
      draw_grid(canvas, grids[k], x + slot * (c.cols * cell + gap), gy, style);
    }
    x += c.per_row * c.cols * cell + (c.per_row - 1) * gap;
    if (i + 1 < columns.size()) {
      const char* sign = columns.size() == 2 ? "→" : (i == 0 ? "∗" : "=");
      canvas.text(x + sign_w / 2, grids_top + area_h / 2 + 12 * unit, sign, 36 * unit, kText, Align::kCentre);
      x += sign_w;
    }
  }

  auto bytes = canvas.finish();
  if (!bytes) return bytes.error();
  return with_text_layer(std::move(*bytes), canvas.texts(), title);
}

Status write_step_svg(const Scene& scene, int64_t step, int64_t tap, const StepPictureOptions& options,
                      const std::string& path) {
  if (Status free = check_can_replace(path, options.force, "--force"); !free) return free;
  auto svg = render_step_svg(scene, step, tap, options);
  if (!svg) return svg.error();
  return atomic_write(path, *svg);
}

}  // namespace convstep
