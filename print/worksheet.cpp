// The worksheet is laid out as a flow down the page: a block per exercise, kept on one page when it
// fits; grids too wide or too tall for the page are split into pieces labelled with their rows and
// columns, so no number is ever drawn below 8 pt or cut off at the margin.
#include "print/worksheet.h"

#include <algorithm>
#include <cmath>

#include "core/atomic_write.h"
#include "core/geometry.h"
#include "core/ops.h"
#include "core/pytorch_text.h"
#include "core/step_text.h"
#include "core/stepper.h"
#include "print/print_grid.h"

namespace convstep {

namespace {

const Rgb kInk{0, 0, 0};
const Rgb kGrey{0.38, 0.38, 0.38};
const Rgb kRule{0.7, 0.7, 0.7};

constexpr double kMargin = 54;  // ¾ inch
constexpr double kCell = 22, kValueFont = 10;
constexpr double kMinValueFont = 8;
constexpr double kMinCell = kCell * kMinValueFont / kValueFont;
constexpr double kGap = 14;

struct Checked {
  const WorksheetExercise* exercise;
  Geometry geometry;
  Tensor answer;
  Snapshot worked;
};

// The pieces of a grid no wider than `max_cols` and no taller than `max_rows`, each labelled with the
// rows and columns it holds (numbered from 1, as a person counts them on paper).
std::vector<PrintGrid> split(const PrintGrid& grid, int max_cols, int max_rows) {
  if (grid.cols <= max_cols && grid.rows <= max_rows) return {grid};
  std::vector<PrintGrid> pieces;
  for (int r0 = 0; r0 < grid.rows; r0 += max_rows)
    for (int c0 = 0; c0 < grid.cols; c0 += max_cols) {
      PrintGrid piece = grid;
      piece.rows = std::min(max_rows, grid.rows - r0);
      piece.cols = std::min(max_cols, grid.cols - c0);
      piece.cells.clear();
      for (int r = 0; r < piece.rows; ++r)
        for (int c = 0; c < piece.cols; ++c) piece.cells.push_back(grid.at(r0 + r, c0 + c));
      piece.label = grid.label + " (rows " + std::to_string(r0 + 1) + "–" + std::to_string(r0 + piece.rows) +
                    ", columns " + std::to_string(c0 + 1) + "–" + std::to_string(c0 + piece.cols) + ")";
      pieces.push_back(std::move(piece));
    }
  return pieces;
}

class Sheet {
 public:
  Sheet(Canvas& canvas) : canvas_(canvas) {
    const double content_w = canvas.width() - 2 * kMargin;
    style_.colour = false;
    style_.cell = kCell;
    style_.font = kValueFont;
    style_.label = kGrey;
    style_.fit_label = false;  // the flow leaves room for the whole label
    max_cols_ = std::max(1, static_cast<int>(content_w / kMinCell));
    max_rows_ = std::max(1, static_cast<int>((bottom() - kMargin - 60) / kMinCell));
  }

  double width() const { return canvas_.width() - 2 * kMargin; }
  double bottom() const { return canvas_.height() - kMargin; }
  double y = kMargin;

  // Starts a new page unless `height` more fits on this one.
  void ensure(double height) {
    if (measuring_ || y + height <= bottom() || y <= kMargin) return;
    new_page();
  }
  void new_page() {
    if (measuring_) return;
    footer();
    canvas_.next_page();
    ++page_;
    y = kMargin;
  }
  void footer() {
    canvas_.text(canvas_.width() / 2, canvas_.height() - kMargin / 2, "page " + std::to_string(page_), 8,
                 kGrey, Align::kCentre);
  }

  void text_line(const std::string& s, double size, Rgb colour = kInk, FontStyle style = FontStyle::kRegular,
                 double indent = 0) {
    for (const std::string& line : canvas_.wrap(s, size, width() - indent, style)) {
      ensure(size * 1.35);
      y += size * 1.35;
      if (!measuring_)
        canvas_.text(kMargin + indent, y - size * 0.3, line, size, colour, Align::kLeft, style);
    }
  }

  // Grids left to right, wrapping to a new row (and page) as needed, at one cell size for the row:
  // the normal size, or smaller (never under 8 pt numbers) when that keeps a grid in one piece.
  void grids(const std::vector<PrintGrid>& grids) {
    std::vector<PrintGrid> pieces;
    for (const PrintGrid& g : grids)
      for (PrintGrid& p : split(g, max_cols_, max_rows_)) pieces.push_back(std::move(p));
    double x = kMargin, row_h = 0;
    for (const PrintGrid& g : pieces) {
      GridStyle s = style_;
      const double fit = std::min(width() / g.cols, (bottom() - kMargin - 60) / g.rows);
      if (fit < kCell) {
        s.cell = std::max(kMinCell, fit);
        s.font = kValueFont * s.cell / kCell;
      }
      const double label_w = canvas_.text_width(g.label, s.font * 0.85);
      const double w = std::max(grid_width(g, s), label_w), h = grid_height(g, s);
      if (x > kMargin && x + w > kMargin + width()) {
        y += row_h + kGap;
        x = kMargin;
        row_h = 0;
      }
      if (y + h > bottom()) {
        new_page();
        x = kMargin;
        row_h = 0;
      }
      if (!measuring_) draw_grid(canvas_, g, x, y, s);
      x += w + kGap * 1.5;
      row_h = std::max(row_h, h);
    }
    y += row_h + kGap;
  }

  void rule() {
    ensure(8);
    if (!measuring_) canvas_.line(kMargin, y + 4, kMargin + width(), y + 4, kRule, 0.6);
    y += 10;
  }

  Canvas& canvas() { return canvas_; }

  // The height `draw` takes when nothing is drawn and no page is broken, to keep a block together.
  template <class F>
  double measure(F draw) {
    const double start = y;
    measuring_ = true;
    draw();
    measuring_ = false;
    const double height = y - start;
    y = start;
    return height;
  }

 private:
  Canvas& canvas_;
  GridStyle style_;
  int max_cols_ = 1, max_rows_ = 1;
  int page_ = 1;
  bool measuring_ = false;
};

std::string blanks_for_size(const Geometry& g) {
  std::string s = "What is the output size?   ";
  if (g.out_channels > 1 || is_conv(g.op)) s += "channels ______   ";
  s += g.dims == 2 ? "height ______   width ______" : "length ______";
  return s;
}

std::string exercise_heading(const Checked& c, size_t i) {
  std::string s = "Exercise " + std::to_string(i + 1);
  if (!c.exercise->title.empty()) s += " · " + c.exercise->title;
  return s;
}

void exercise_body(Sheet& sheet, const Checked& c, size_t i) {
  const Scene& scene = c.exercise->scene;
  const Geometry& g = c.geometry;
  sheet.text_line(exercise_heading(c, i), 13, kInk, FontStyle::kBold);
  sheet.text_line(pytorch_layer(scene), 10, kInk, FontStyle::kMono);
  if (const std::string note = pytorch_layer_note(scene); !note.empty()) sheet.text_line(note, 9, kGrey);
  std::string about = "input " + shape_to_string(g.input_shape());
  if (g.batch > 1) about += " (batch 0 shown)";
  if (g.h.pad_before + g.h.pad_after + g.w.pad_before + g.w.pad_after > 0) {
    about += is_conv(g.op) && g.padding_mode != PaddingMode::kZeros
                 ? std::string(" · padding_mode='") + padding_mode_name(g.padding_mode) +
                       "': fill in the shaded padding cells first"
                 : " · the shaded cells are padding";
  }
  sheet.text_line(about, 9, kGrey);
  sheet.y += 4;
  std::vector<PrintGrid> shown = input_grids(scene, g, 0, true);
  for (int64_t o = 0; o < (is_conv(g.op) ? g.out_channels : 0); ++o)
    for (PrintGrid& k : kernel_grids(scene, g, o)) shown.push_back(std::move(k));
  sheet.grids(shown);
  if (g.has_bias && scene.bias) {
    std::string bias = "bias = [";
    for (int64_t o = 0; o < scene.bias->numel(); ++o)
      bias += (o ? ", " : "") + display_number(scene.bias->data()[o]);
    sheet.text_line(bias + "]", 10);
  }
  sheet.text_line(blanks_for_size(g), 10);
  sheet.y += 6;
  sheet.text_line("Fill in the output:", 10, kGrey);
  sheet.y += 2;
  sheet.grids(output_grids(c.answer, g, 0, true));
  sheet.rule();
}

// An exercise on one page when it fits on one.
void exercise_block(Sheet& sheet, const Checked& c, size_t i) {
  sheet.ensure(sheet.measure([&] { exercise_body(sheet, c, i); }));
  exercise_body(sheet, c, i);
}

void answer_body(Sheet& sheet, const Checked& c, size_t i) {
  const Geometry& g = c.geometry;
  sheet.text_line(exercise_heading(c, i) + " · output " + shape_to_string(g.output_shape()), 11, kInk,
                  FontStyle::kBold);
  sheet.grids(output_grids(c.answer, g, 0, false));
  const StepArithmetic worked = step_arithmetic_view(g, c.worked, -1, c.worked.result, kAllTerms);
  sheet.text_line("Worked step, the first window: " + worked.label + " =", 9, kGrey);
  for (const ArithmeticLine& line : worked.lines)
    sheet.text_line(line.text(), 10, kInk, FontStyle::kRegular, 12);
  sheet.y += 10;
}

void answer_block(Sheet& sheet, const Checked& c, size_t i) {
  sheet.ensure(sheet.measure([&] { answer_body(sheet, c, i); }));
  answer_body(sheet, c, i);
}

}  // namespace

std::optional<Paper> parse_paper(const std::string& name) {
  if (name == "a4") return Paper::kA4;
  if (name == "letter") return Paper::kLetter;
  return std::nullopt;
}

std::vector<WorksheetExercise> worksheet_exercises(const std::vector<Exercise>& exercises) {
  std::vector<WorksheetExercise> out;
  for (const Exercise& e : exercises) out.push_back({e.scene, ""});
  return out;
}

Result<std::string> render_worksheet_pdf(const std::vector<WorksheetExercise>& exercises,
                                         const WorksheetOptions& options) {
  if (exercises.empty()) return make_error("the worksheet has no exercises");
  std::vector<Checked> checked;
  int64_t cells = 0;
  for (size_t i = 0; i < exercises.size(); ++i) {
    const std::string which = "exercise " + std::to_string(i + 1) + ": ";
    auto stepper = Stepper::create(exercises[i].scene);
    if (!stepper) return make_error(which + stepper.message());
    auto answer = run(exercises[i].scene);
    if (!answer) return make_error(which + answer.message());
    const Geometry& g = stepper->geometry();
    cells += g.in_channels * g.h.padded() * g.w.padded() + 2 * g.out_channels * g.h.out * g.w.out +
             exercises[i].scene.weight.numel();
    if (cells > kMaxWorksheetCells)
      return make_error(which + "the sheet would print more than " + std::to_string(kMaxWorksheetCells) +
                        " cells, too many to work by hand; use a smaller input");
    checked.push_back({&exercises[i], g, std::move(*answer), stepper->snapshot(0)});
  }
  const bool a4 = options.paper == Paper::kA4;
  auto made = Canvas::create(Canvas::Kind::kPdf, a4 ? 595.28 : 612, a4 ? 841.89 : 792);
  if (!made) return made.error();
  Sheet sheet(**made);
  sheet.text_line(options.heading, 20, kInk, FontStyle::kBold);
  if (!options.subtitle.empty()) sheet.text_line(options.subtitle, 10, kGrey);
  sheet.y += 10;
  sheet.text_line("Name  ______________________________      Date  ______________", 11);
  sheet.y += 6;
  sheet.text_line(
      "Slide the kernel over the input (cross-correlation: the kernel is not flipped), write each sum in "
      "the output grid, and answer the size question. The answer key follows the exercises.",
      9, kGrey);
  sheet.rule();
  for (size_t i = 0; i < checked.size(); ++i) exercise_block(sheet, checked[i], i);
  sheet.new_page();
  sheet.text_line("Answer key", 18, kInk, FontStyle::kBold);
  if (!options.subtitle.empty()) sheet.text_line(options.subtitle, 10, kGrey);
  sheet.rule();
  for (size_t i = 0; i < checked.size(); ++i) answer_block(sheet, checked[i], i);
  sheet.footer();
  return sheet.canvas().finish();
}

Status write_worksheet_pdf(const std::vector<WorksheetExercise>& exercises, const WorksheetOptions& options,
                           const std::string& path) {
  if (Status free = check_can_replace(path, options.force, "--force"); !free) return free;
  auto pdf = render_worksheet_pdf(exercises, options);
  if (!pdf) return pdf.error();
  return atomic_write(path, *pdf);
}

}  // namespace convstep
