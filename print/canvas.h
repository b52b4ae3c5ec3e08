// A cairo drawing surface whose bytes (SVG or PDF) are collected in memory, with the few drawing calls
// the step picture and the worksheet need: filled and outlined boxes, lines and text in DejaVu Sans.
// Every text drawn is also recorded, so the SVG can carry it as real, searchable text.
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "core/result.h"

typedef struct _cairo cairo_t;
typedef struct _cairo_surface cairo_surface_t;

namespace convstep {

struct Rgb {
  double r = 0, g = 0, b = 0;
  static Rgb bytes(int r, int g, int b) { return {r / 255.0, g / 255.0, b / 255.0}; }
};

enum class Align { kLeft, kCentre, kRight };
enum class FontStyle { kRegular, kBold, kMono };

// A text as drawn: its baseline origin (left end), size and string, in the surface's units.
struct DrawnText {
  double x = 0, y = 0, size = 0, width = 0;
  std::string text;
};

class Canvas {
 public:
  enum class Kind { kSvg, kPdf };
  // A surface of width × height units (pixels for SVG, points for PDF).
  static Result<std::unique_ptr<Canvas>> create(Kind kind, double width, double height);
  ~Canvas();
  Canvas(const Canvas&) = delete;
  Canvas& operator=(const Canvas&) = delete;

  double width() const { return width_; }
  double height() const { return height_; }

  void fill_rect(double x, double y, double w, double h, Rgb color);
  void stroke_rect(double x, double y, double w, double h, Rgb color, double line_width, bool dashed = false);
  void line(double x0, double y0, double x1, double y1, Rgb color, double line_width);
  // Text with its baseline at y; x is the left end, centre or right end as `align` says.
  void text(double x, double y, const std::string& s, double size, Rgb color, Align align = Align::kLeft,
            FontStyle style = FontStyle::kRegular);
  double text_width(const std::string& s, double size, FontStyle style = FontStyle::kRegular);
  // `s` broken at spaces into lines no wider than `width` (a word wider than that gets its own line).
  std::vector<std::string> wrap(const std::string& s, double size, double width,
                                FontStyle style = FontStyle::kRegular);
  // PDF only: ends this page and starts a new one of the same size.
  void next_page();

  const std::vector<DrawnText>& texts() const { return texts_; }
  // Finishes the surface and returns its bytes, or what cairo reported.
  Result<std::string> finish();

 private:
  Canvas() = default;
  void set_font(double size, FontStyle style);
  cairo_surface_t* surface_ = nullptr;
  cairo_t* cr_ = nullptr;
  std::unique_ptr<std::string> bytes_ = std::make_unique<std::string>();
  double width_ = 0, height_ = 0;
  std::vector<DrawnText> texts_;
};

// Refuses an existing `path` unless `force`: "PATH already exists (--force replaces it)".
Status check_can_replace(const std::string& path, bool force, const std::string& force_hint);

}  // namespace convstep
