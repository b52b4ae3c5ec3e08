// Cairo's SVG and PDF surfaces write through a callback into a string, so the finished file goes to
// disk in one atomic_write. Text uses cairo's font selection (fontconfig) with DejaVu Sans, which
// cairo's PDF surface embeds as a subset with its Unicode map (pdftotext reads it back).
#include "print/canvas.h"

#include <cairo-pdf.h>
#include <cairo-svg.h>
#include <cairo.h>

#include <filesystem>

namespace convstep {

namespace {

cairo_status_t append_bytes(void* closure, const unsigned char* data, unsigned int length) {
  static_cast<std::string*>(closure)->append(reinterpret_cast<const char*>(data), length);
  return CAIRO_STATUS_SUCCESS;
}

}  // namespace

Result<std::unique_ptr<Canvas>> Canvas::create(Kind kind, double width, double height) {
  std::unique_ptr<Canvas> canvas(new Canvas());
  canvas->width_ = width;
  canvas->height_ = height;
  canvas->surface_ =
      kind == Kind::kSvg
          ? cairo_svg_surface_create_for_stream(append_bytes, canvas->bytes_.get(), width, height)
          : cairo_pdf_surface_create_for_stream(append_bytes, canvas->bytes_.get(), width, height);
  if (cairo_surface_status(canvas->surface_) != CAIRO_STATUS_SUCCESS)
    return make_error(std::string("cairo could not start the drawing: ") +
                      cairo_status_to_string(cairo_surface_status(canvas->surface_)));
  if (kind == Kind::kSvg) {
    cairo_svg_surface_restrict_to_version(canvas->surface_, CAIRO_SVG_VERSION_1_1);
    cairo_svg_surface_set_document_unit(canvas->surface_, CAIRO_SVG_UNIT_PX);  // --size is in pixels
  }
  canvas->cr_ = cairo_create(canvas->surface_);
  return canvas;
}

Canvas::~Canvas() {
  if (cr_) cairo_destroy(cr_);
  if (surface_) cairo_surface_destroy(surface_);
}

void Canvas::fill_rect(double x, double y, double w, double h, Rgb c) {
  cairo_set_source_rgb(cr_, c.r, c.g, c.b);
  cairo_rectangle(cr_, x, y, w, h);
  cairo_fill(cr_);
}

void Canvas::stroke_rect(double x, double y, double w, double h, Rgb c, double line_width, bool dashed) {
  cairo_set_source_rgb(cr_, c.r, c.g, c.b);
  cairo_set_line_width(cr_, line_width);
  const double dash[] = {line_width * 3, line_width * 2};
  cairo_set_dash(cr_, dash, dashed ? 2 : 0, 0);
  cairo_rectangle(cr_, x, y, w, h);
  cairo_stroke(cr_);
  cairo_set_dash(cr_, nullptr, 0, 0);
}

void Canvas::line(double x0, double y0, double x1, double y1, Rgb c, double line_width) {
  cairo_set_source_rgb(cr_, c.r, c.g, c.b);
  cairo_set_line_width(cr_, line_width);
  cairo_move_to(cr_, x0, y0);
  cairo_line_to(cr_, x1, y1);
  cairo_stroke(cr_);
}

void Canvas::set_font(double size, FontStyle style) {
  cairo_select_font_face(cr_, style == FontStyle::kMono ? "DejaVu Sans Mono" : "DejaVu Sans",
                         CAIRO_FONT_SLANT_NORMAL,
                         style == FontStyle::kBold ? CAIRO_FONT_WEIGHT_BOLD : CAIRO_FONT_WEIGHT_NORMAL);
  cairo_set_font_size(cr_, size);
}

double Canvas::text_width(const std::string& s, double size, FontStyle style) {
  set_font(size, style);
  cairo_text_extents_t extents;
  cairo_text_extents(cr_, s.c_str(), &extents);
  return extents.x_advance;
}

void Canvas::text(double x, double y, const std::string& s, double size, Rgb c, Align align,
                  FontStyle style) {
  if (s.empty()) return;
  const double w = text_width(s, size, style);
  if (align == Align::kCentre) x -= w / 2;
  if (align == Align::kRight) x -= w;
  cairo_set_source_rgb(cr_, c.r, c.g, c.b);
  cairo_move_to(cr_, x, y);
  cairo_show_text(cr_, s.c_str());
  cairo_new_path(cr_);
  texts_.push_back({x, y, size, w, s});
}

std::vector<std::string> Canvas::wrap(const std::string& s, double size, double width, FontStyle style) {
  std::vector<std::string> lines;
  std::string line;
  size_t start = 0;
  while (start <= s.size()) {
    size_t end = s.find(' ', start);
    if (end == std::string::npos) end = s.size();
    const std::string word = s.substr(start, end - start);
    const std::string joined = line.empty() ? word : line + " " + word;
    if (!line.empty() && text_width(joined, size, style) > width) {
      lines.push_back(line);
      line = word;
    } else {
      line = joined;
    }
    start = end + 1;
  }
  if (!line.empty()) lines.push_back(line);
  return lines;
}

void Canvas::next_page() {
  cairo_show_page(cr_);
}

Result<std::string> Canvas::finish() {
  cairo_status_t status = cairo_status(cr_);
  cairo_destroy(cr_);
  cr_ = nullptr;
  cairo_surface_finish(surface_);
  if (status == CAIRO_STATUS_SUCCESS) status = cairo_surface_status(surface_);
  cairo_surface_destroy(surface_);
  surface_ = nullptr;
  if (status != CAIRO_STATUS_SUCCESS)
    return make_error(std::string("cairo could not draw the file: ") + cairo_status_to_string(status));
  return std::move(*bytes_);
}

Status check_can_replace(const std::string& path, bool force, const std::string& force_hint) {
  std::error_code ec;
  const auto status = std::filesystem::symlink_status(path, ec);
  if (ec || !std::filesystem::exists(status) || force) return Ok{};
  if (std::filesystem::is_directory(status)) return Ok{};  // atomic_write names it as a folder
  return make_error(path + ": the file already exists (" + force_hint + " replaces it)");
}

}  // namespace convstep
