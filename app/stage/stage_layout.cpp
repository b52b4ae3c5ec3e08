// JSON form of the stage layout, for GUI tests and for anyone scripting screenshots.
#include "app/stage/stage_layout.h"

#include <nlohmann/json.hpp>

#include "core/atomic_write.h"

namespace convstep {

Status write_layout_json(const StageLayout& layout, const std::string& path) {
  nlohmann::json doc;
  doc["grids"] = nlohmann::json::array();
  for (const DrawnGrid& g : layout.grids) {
    doc["grids"].push_back({{"role", g.role},
                            {"channel", g.channel},
                            {"x", g.x},
                            {"y", g.y},
                            {"cell", g.cell},
                            {"rows", g.rows},
                            {"cols", g.cols},
                            {"pad_top", g.pad_top},
                            {"pad_left", g.pad_left},
                            {"values_shown", g.values_shown},
                            {"value_px", g.value_px}});
  }
  doc["rects"] = nlohmann::json::array();
  for (const DrawnRect& r : layout.rects) {
    doc["rects"].push_back(
        {{"what", r.what}, {"channel", r.channel}, {"x0", r.x0}, {"y0", r.y0}, {"x1", r.x1}, {"y1", r.y1}});
  }
  doc["texts"] = layout.texts;
  doc["widgets"] = nlohmann::json::array();
  for (const DrawnWidget& w : layout.widgets)
    doc["widgets"].push_back({{"label", w.label}, {"x0", w.x0}, {"y0", w.y0}, {"x1", w.x1}, {"y1", w.y1}});

  if (Status written = atomic_write(path, doc.dump(2) + "\n"); !written)
    return make_error("--layout: " + written.message());
  return Ok{};
}

}  // namespace convstep
