// Speed of the vector exports: a one-page worksheet (two easy exercises on the sheet, the answer key
// on the next page) and the article's step as an SVG, each drawn and written to a file as the command
// line does. The target is a one-page worksheet in at most 1 s.
// Run: build/bench/convstep_print_bench
#include <benchmark/benchmark.h>

#include <filesystem>
#include <string>

#include "core/atomic_write.h"
#include "core/exercises.h"
#include "core/lesson.h"
#include "print/step_svg.h"
#include "print/worksheet.h"

namespace convstep {
namespace {

std::string scratch(const char* name) {
  return (std::filesystem::temp_directory_path() / name).string();
}

// Pages of a cairo PDF: its page objects ("/Type /Page", not "/Type /Pages").
int pdf_pages(const std::string& pdf) {
  int pages = 0;
  for (size_t at = pdf.find("/Type /Page"); at != std::string::npos; at = pdf.find("/Type /Page", at + 1))
    if (pdf.compare(at, 12, "/Type /Pages") != 0) ++pages;
  return pages;
}

void BM_OnePageWorksheet(benchmark::State& state) {
  const auto exercises = worksheet_exercises(generate_exercises(7, 2, Difficulty::kEasy));
  const std::string path = scratch("convstep_bench_worksheet.pdf");
  WorksheetOptions options;
  options.subtitle = "seed 7 · easy · 2 exercises";
  options.force = true;
  int pages = 0;
  for (auto _ : state) {
    auto pdf = render_worksheet_pdf(exercises, options);
    if (!pdf || !atomic_write(path, *pdf)) {
      state.SkipWithError("the worksheet could not be written");
      break;
    }
    pages = pdf_pages(*pdf);
  }
  state.counters["pages"] = pages;  // the sheet and its answer key
  std::filesystem::remove(path);
}
BENCHMARK(BM_OnePageWorksheet)->Unit(benchmark::kMillisecond);

void BM_StepSvg(benchmark::State& state) {
  auto lesson = find_builtin_lesson("article-5x5");
  if (!lesson) {
    state.SkipWithError("the article lesson is missing");
    return;
  }
  StepPictureOptions options;
  options.force = true;
  const std::string path = scratch("convstep_bench_step.svg");
  for (auto _ : state) {
    if (!write_step_svg(lesson->scene, 4, -1, options, path)) {
      state.SkipWithError("the SVG could not be written");
      break;
    }
  }
  std::filesystem::remove(path);
}
BENCHMARK(BM_StepSvg)->Unit(benchmark::kMillisecond);

}  // namespace
}  // namespace convstep
