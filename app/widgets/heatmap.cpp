// The heatmap: GL state is saved before drawing into the offscreen texture and restored after, so
// it can be called in the middle of building the ImGui frame without disturbing what ImGui or the
// main loop have bound.
#include "app/widgets/heatmap.h"

#include <glad/gl.h>

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <cstring>
#include <iostream>
#include <string>

#include "app/gfx/gl_state.h"
#include "app/widgets/theme.h"

namespace convstep {
namespace {

void set_color_uniform(GLint location, ImU32 color) {
  const ImVec4 c = ImGui::ColorConvertU32ToFloat4(color);
  glUniform4f(location, c.x, c.y, c.z, c.w);
}

bool same_range(const ValueRange& a, const ValueRange& b) {
  return a.lo == b.lo && a.hi == b.hi && a.is_signed == b.is_signed;
}

Status check_spec(const HeatmapSpec& spec) {
  const int64_t cells = static_cast<int64_t>(spec.rows) * spec.cols;
  if (spec.rows <= 0 || spec.cols <= 0) {
    return make_error("a heatmap needs at least one row and one column, got " + std::to_string(spec.rows) +
                      "x" + std::to_string(spec.cols));
  }
  if (static_cast<int64_t>(spec.values.size()) != cells) {
    return make_error("a " + std::to_string(spec.rows) + "x" + std::to_string(spec.cols) + " heatmap needs " +
                      std::to_string(cells) + " values, got " + std::to_string(spec.values.size()));
  }
  return Ok{};
}

}  // namespace

std::optional<HeatmapHover> heatmap_cell_at(ImVec2 min, ImVec2 max, int rows, int cols, ImVec2 point) {
  const float width = max.x - min.x, height = max.y - min.y;
  if (rows <= 0 || cols <= 0 || !(width > 0) || !(height > 0)) return std::nullopt;
  if (point.x < min.x || point.y < min.y || point.x >= max.x || point.y >= max.y) return std::nullopt;
  HeatmapHover hover;
  hover.col = std::min(static_cast<int>((point.x - min.x) / width * cols), cols - 1);
  hover.row = std::min(static_cast<int>((point.y - min.y) / height * rows), rows - 1);
  return hover;
}

void heatmap_tooltip(const HeatmapHover& hover) {
  if (std::isnan(hover.value)) {
    ImGui::SetTooltip("row %d, col %d: not computed yet", hover.row, hover.col);
  } else {
    ImGui::SetTooltip("row %d, col %d: %g", hover.row, hover.col, static_cast<double>(hover.value));
  }
}

void draw_heatmap_rects(ImDrawList* draw, ImVec2 min, ImVec2 max, const HeatmapSpec& spec) {
  if (!check_spec(spec)) return;
  const float width = max.x - min.x, height = max.y - min.y;
  if (!(width > 0) || !(height > 0)) return;
  // At most one rectangle per 2 screen pixels each way: more would be invisible and slow.
  const int step_x = std::max(1, static_cast<int>(std::ceil(spec.cols / std::max(1.0f, width / 2))));
  const int step_y = std::max(1, static_cast<int>(std::ceil(spec.rows / std::max(1.0f, height / 2))));
  const float cell_w = width / spec.cols, cell_h = height / spec.rows;
  for (int row = 0; row < spec.rows; row += step_y) {
    const float y0 = min.y + row * cell_h;
    const float y1 = min.y + std::min(spec.rows, row + step_y) * cell_h;
    for (int col = 0; col < spec.cols; col += step_x) {
      const float value = spec.values[static_cast<size_t>(row) * spec.cols + col];
      const float x0 = min.x + col * cell_w;
      const float x1 = min.x + std::min(spec.cols, col + step_x) * cell_w;
      draw->AddRectFilled(ImVec2(x0, y0), ImVec2(x1, y1),
                          cell_color(spec.palette, spec.role, value, spec.range));
    }
  }
  if (spec.grid_lines && step_x == 1 && step_y == 1 && cell_w >= 4 && cell_h >= 4) {
    for (int col = 1; col < spec.cols; ++col) {
      const float x = std::floor(min.x + col * cell_w);
      draw->AddLine(ImVec2(x + 0.5f, min.y), ImVec2(x + 0.5f, max.y), palette::kGridLine);
    }
    for (int row = 1; row < spec.rows; ++row) {
      const float y = std::floor(min.y + row * cell_h);
      draw->AddLine(ImVec2(min.x, y + 0.5f), ImVec2(max.x, y + 0.5f), palette::kGridLine);
    }
  }
}

Status Heatmap::ensure_gl_objects() {
  if (program_.valid()) return Ok{};
  if (!gl_available()) return make_error("no OpenGL 3.3 context is current");
  Result<ShaderProgram> program = ShaderProgram::load("heatmap");
  if (!program) return program.error();
  Result<VertexArray> vertex_array = VertexArray::create();
  if (!vertex_array) return vertex_array.error();
  Result<Texture> lut = Texture::create(kLutSize, 1, TextureFormat::kRGBA8, TextureFilter::kLinear, nullptr);
  if (!lut) return lut.error();
  program_ = std::move(program).value();
  vertex_array_ = std::move(vertex_array).value();
  lut_ = std::move(lut).value();
  shown_lut_ = nullptr;
  return Ok{};
}

Status Heatmap::render(const HeatmapSpec& spec, int width, int height) {
  if (Status checked = check_spec(spec); !checked) return checked;
  if (width <= 0 || height <= 0) {
    return make_error("cannot draw a heatmap " + std::to_string(width) + "x" + std::to_string(height) +
                      " pixels large");
  }
  if (Status ready = ensure_gl_objects(); !ready) return ready;
  const int limit = max_texture_size();
  if (spec.cols > limit || spec.rows > limit) {
    return make_error("a " + std::to_string(spec.rows) + "x" + std::to_string(spec.cols) +
                      " slice is larger than this GPU's texture limit of " + std::to_string(limit));
  }

  bool changed = !rendered_;
  const bool same_shape = values_.valid() && spec.rows == shown_rows_ && spec.cols == shown_cols_;
  const bool same_values =
      same_shape && std::memcmp(shown_values_.data(), spec.values.data(), spec.values.size_bytes()) == 0;
  if (!same_values) {
    if (same_shape) {
      values_.upload(spec.values.data());
    } else {
      Result<Texture> values = Texture::create(spec.cols, spec.rows, TextureFormat::kR32F,
                                               TextureFilter::kNearest, spec.values.data());
      if (!values) return values.error();
      values_ = std::move(values).value();
    }
    shown_values_.assign(spec.values.begin(), spec.values.end());
    shown_rows_ = spec.rows;
    shown_cols_ = spec.cols;
    ++uploads_;
    changed = true;
  }
  const ColorLut& lut = scale_lut(spec.palette, spec.role, spec.range.is_signed);
  if (shown_lut_ != &lut) {
    lut_.upload(lut.data());  // ImU32 is R, G, B, A in memory order: exactly RGBA8
    shown_lut_ = &lut;
    changed = true;
  }
  if (!target_.valid() || target_.width() != width || target_.height() != height) {
    Result<RenderTarget> target = RenderTarget::create(width, height);
    if (!target) return target.error();
    target_ = std::move(target).value();
    changed = true;
  }
  if (!same_range(spec.range, shown_range_) || spec.grid_lines != shown_grid_) changed = true;
  if (!changed) return Ok{};

  SavedGlState saved;
  glBindFramebuffer(GL_FRAMEBUFFER, target_.framebuffer());
  glViewport(0, 0, width, height);
  glDisable(GL_BLEND);
  glDisable(GL_SCISSOR_TEST);
  glDisable(GL_DEPTH_TEST);
  glDisable(GL_CULL_FACE);
  glDisable(GL_STENCIL_TEST);
  glUseProgram(program_.id());
  glActiveTexture(GL_TEXTURE0);
  glBindTexture(GL_TEXTURE_2D, values_.id());
  glActiveTexture(GL_TEXTURE1);
  glBindTexture(GL_TEXTURE_2D, lut_.id());
  glUniform1i(program_.uniform("u_values"), 0);
  glUniform1i(program_.uniform("u_lut"), 1);
  glUniform2f(program_.uniform("u_size"), static_cast<float>(width), static_cast<float>(height));
  glUniform2i(program_.uniform("u_cells"), spec.cols, spec.rows);
  glUniform2f(program_.uniform("u_range"), spec.range.lo, spec.range.hi);
  set_color_uniform(program_.uniform("u_no_value_color"), no_value_color());
  set_color_uniform(program_.uniform("u_grid_color"), palette::kGridLine);
  glUniform1i(program_.uniform("u_grid"), spec.grid_lines ? 1 : 0);
  glBindVertexArray(vertex_array_.id());
  glDrawArrays(GL_TRIANGLES, 0, 3);

  shown_range_ = spec.range;
  shown_grid_ = spec.grid_lines;
  rendered_ = true;
  return Ok{};
}

std::optional<HeatmapHover> Heatmap::draw(ImDrawList* draw, ImVec2 min, ImVec2 max, const HeatmapSpec& spec) {
  if (!check_spec(spec) || !(max.x > min.x) || !(max.y > min.y)) return std::nullopt;
  if (!fallback_) {
    const ImVec2 scale = ImGui::GetIO().DisplayFramebufferScale;
    const int width = std::max(1, static_cast<int>(std::lround((max.x - min.x) * scale.x)));
    const int height = std::max(1, static_cast<int>(std::lround((max.y - min.y) * scale.y)));
    if (Status rendered = render(spec, width, height); !rendered) {
      fallback_ = true;
      static bool logged = false;
      if (!logged) {
        std::cerr << "convstep: heatmaps drawn as rectangles (" << rendered.message() << ")\n";
        logged = true;
      }
    }
  }
  if (fallback_) {
    draw_heatmap_rects(draw, min, max, spec);
  } else {
    // GL's first row is the image's bottom: flip V so row 0 is on top.
    draw->AddImage(reinterpret_cast<ImTextureID>(static_cast<intptr_t>(texture_id())), min, max, ImVec2(0, 1),
                   ImVec2(1, 0));
  }
  if (!ImGui::IsWindowHovered() || !ImGui::IsMouseHoveringRect(min, max)) return std::nullopt;
  std::optional<HeatmapHover> hover =
      heatmap_cell_at(min, max, spec.rows, spec.cols, ImGui::GetIO().MousePos);
  if (hover) hover->value = spec.values[static_cast<size_t>(hover->row) * spec.cols + hover->col];
  return hover;
}

Heatmap& HeatmapCache::get(const std::string& key) {
  Entry& entry = entries_[key];
  entry.used = true;
  return entry.heatmap;
}

void HeatmapCache::end_frame() {
  std::erase_if(entries_, [](const auto& item) { return !item.second.used; });
  for (auto& [key, entry] : entries_) entry.used = false;
}

}  // namespace convstep
