// The filter playground panel: it reads the model and records PlaygroundActions (applied by
// core/playground). Every number it prints comes from the engine; the GPU only draws the picture.
#include "app/panels/playground_panel.h"

#include <imgui.h>

#include <algorithm>
#include <cfloat>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <string>

#include "app/gfx/shader.h"
#include "app/gfx/texture.h"
#include "app/widgets/kernel_editor.h"
#include "app/widgets/text_fit.h"
#include "app/widgets/widget_log.h"
#include "core/ops.h"

namespace convstep {

namespace fs = std::filesystem;

namespace {

// Pixels drawn at least this many screen pixels wide show their value; at most this many at once.
constexpr float kNumberedPixelSide = 30;
constexpr int64_t kMaxNumberedPixels = 1200;

std::string n(int64_t v) {
  return std::to_string(v);
}

std::string size_text(int64_t width, int64_t height) {
  return n(width) + "\u00d7" + n(height);
}

// The ends of the legend, as map_for_display puts them, from the filtered values' min and max.
void legend_span(const PlaygroundModel& model, PlaygroundGfx& gfx, const FilterRange& range) {
  const DisplayOptions d = playground_display(model);
  const bool any = range.max >= range.min;
  switch (d.mode) {
    case DisplayMode::kClamp:
    case DisplayMode::kAbsolute:
      gfx.legend_low = 0;
      gfx.legend_high = d.value_max;
      return;
    case DisplayMode::kRescale:
      gfx.legend_low = any && range.max > range.min ? range.min : 0;
      gfx.legend_high = any && range.max > range.min ? range.max : d.value_max;
      return;
    case DisplayMode::kSigned: {
      float scale = any ? std::max(std::fabs(range.min), std::fabs(range.max)) : 0;
      if (!(scale > 0)) scale = d.value_max;
      gfx.legend_low = -scale;
      gfx.legend_high = scale;
      return;
    }
  }
}

// The GPU preview is for a GPU: a software renderer runs its shaders far slower than the engine's
// vector loops on every core (a 9×9 edit on a 1080p photo: seconds against tens of milliseconds), so
// the CPU reference is shown there. CONVSTEP_GPU_PREVIEW=1 keeps the shaders anyway.
bool gpu_preview_wanted() {
  static const bool wanted = [] {
    const char* forced = std::getenv("CONVSTEP_GPU_PREVIEW");
    if (forced != nullptr && std::string(forced) == "1") return true;
    return !current_renderer_is_software();
  }();
  return wanted;
}

// The filtered view's texture: the GPU preview, or the CPU reference uploaded when the GPU path is off.
uint32_t filtered_texture(const PlaygroundModel& model, PlaygroundGfx& gfx) {
  if (!gl_available()) return 0;
  const DisplayOptions display = playground_display(model);
  if (gpu_preview_wanted() &&
      gfx.preview.update(model.tensor, model.image_generation, model.filter, display, model.generation)) {
    legend_span(model, gfx, gfx.preview.range());
    return gfx.preview.texture();
  }
  if (gfx.fallback_for != model.generation) {
    gfx.fallback_for = model.generation;
    gfx.fallback_texture.reset();
    if (Result<Tensor> filtered = apply_filter(model.tensor, model.filter); filtered) {
      if (Result<Image> image = filtered_image(*filtered, display, &gfx.legend_low, &gfx.legend_high); image)
        gfx.fallback_texture = make_image_texture(*image);
    }
  }
  return gfx.fallback_texture ? gfx.fallback_texture->id() : 0;
}

uint32_t input_texture(const PlaygroundModel& model, PlaygroundGfx& gfx) {
  if (!gl_available()) return 0;
  if (gfx.image_texture_for != model.image_generation) {
    gfx.image_texture_for = model.image_generation;
    gfx.image_texture.reset();
    if (Result<Image> image = tensor_to_image(model.tensor, value_range_max(model.value_range)); image) {
      gfx.image_texture = make_image_texture(*image);
    }
  }
  return gfx.image_texture ? gfx.image_texture->id() : 0;
}

void draw_legend_bar(const PlaygroundModel& model, const PlaygroundGfx& gfx, float width) {
  ImDrawList* draw = ImGui::GetWindowDrawList();
  const ImVec2 origin = ImGui::GetCursorScreenPos();
  const float height = 14;
  constexpr int kSteps = 64;
  const bool is_signed = model.display_mode == DisplayMode::kSigned;
  const bool grey = model.tensor.dim() == 3 && model.tensor.size(0) == 1;
  for (int i = 0; i < kSteps; ++i) {
    const float t = (static_cast<float>(i) + 0.5f) / kSteps;
    ImU32 color;
    if (is_signed && grey) {
      const std::array<uint8_t, 3> rgb = diverging_color(2 * t - 1);
      color = IM_COL32(rgb[0], rgb[1], rgb[2], 255);
    } else {
      const auto v = static_cast<int>(std::lround(t * 255));
      color = IM_COL32(v, v, v, 255);
    }
    const float x0 = origin.x + width * static_cast<float>(i) / kSteps;
    draw->AddRectFilled(ImVec2(x0, origin.y), ImVec2(x0 + width / kSteps + 1, origin.y + height), color);
  }
  draw->AddRect(origin, ImVec2(origin.x + width, origin.y + height), palette::kEmptyBorder);
  ImGui::Dummy(ImVec2(width, height));
  const std::string low = format_value(gfx.legend_low), high = format_value(gfx.legend_high);
  ImGui::TextUnformatted(low.c_str());
  if (is_signed) {
    ImGui::SameLine(width * 0.5f - ImGui::CalcTextSize("0").x * 0.5f);
    ImGui::TextUnformatted("0");
  }
  ImGui::SameLine(std::max(0.0f, width - ImGui::CalcTextSize(high.c_str()).x));
  ImGui::TextUnformatted(high.c_str());
}

std::string channel_values(const PlaygroundModel& model, PlaygroundGfx& gfx, int64_t y, int64_t x,
                           bool filtered) {
  const int64_t channels = model.tensor.size(0);
  // One engine run per hovered pixel and change, not per frame.
  const std::array<uint64_t, 3> key = {model.generation, static_cast<uint64_t>(y), static_cast<uint64_t>(x)};
  if (filtered && gfx.readout_for != key) {
    gfx.readout_for = key;
    Result<Tensor> values = filtered_pixel(model, y, x);
    gfx.readout = values ? std::move(*values) : Tensor();
  }
  static const char* kNames[3] = {"R", "G", "B"};
  std::string text;
  for (int64_t c = 0; c < channels; ++c) {
    if (c > 0) text += "  ";
    if (channels == 3) text += std::string(kNames[c]) + " ";
    if (filtered) {
      text += c < gfx.readout.numel() ? format_value(gfx.readout.data()[c]) : "?";
    } else {
      text += format_value(model.tensor.at({c, y, x}));
    }
  }
  return text;
}

void draw_controls(const PlaygroundModel& model, PlaygroundUi& ui, const Fonts& fonts,
                   PlaygroundActions& actions, float width) {
  if (fonts.heading) ImGui::PushFont(fonts.heading);
  ImGui::TextUnformatted("Kernel");
  if (fonts.heading) ImGui::PopFont();
  draw_kernel_editor(model.filter, width, actions.kernel);
  ImGui::Separator();

  ImGui::SetNextItemWidth(140);
  if (ui::begin_combo("padding_mode", padding_mode_name(model.filter.padding_mode))) {
    for (PaddingMode m :
         {PaddingMode::kZeros, PaddingMode::kReflect, PaddingMode::kReplicate, PaddingMode::kCircular}) {
      if (ImGui::Selectable(padding_mode_name(m), m == model.filter.padding_mode)) actions.padding_mode = m;
    }
    ImGui::EndCombo();
  }
  ImGui::PushTextWrapPos(ImGui::GetCursorPosX() + width);
  ImGui::TextColored(palette::kMutedText, "padding='same': the output keeps the image's size");
  ImGui::PopTextWrapPos();

  ImGui::TextUnformatted("Show the result as");
  for (DisplayMode m :
       {DisplayMode::kClamp, DisplayMode::kAbsolute, DisplayMode::kRescale, DisplayMode::kSigned}) {
    if (m == DisplayMode::kAbsolute || m == DisplayMode::kSigned) ImGui::SameLine(width * 0.5f);
    if (ui::radio_button(display_mode_name(m), m == model.display_mode)) actions.display_mode = m;
  }
  ImGui::PushTextWrapPos(ImGui::GetCursorPosX() + width);
  ImGui::TextColored(palette::kMutedText, "%s", display_mode_explanation(model.display_mode));
  ImGui::PopTextWrapPos();
  ImGui::Separator();

  // Region → stepper.
  ImGui::TextUnformatted("Step through a region");
  int side = static_cast<int>(ui.view.selection_size);
  ImGui::SetNextItemWidth(120);
  if (ui::slider_int("click size", &side, 2, static_cast<int>(kMaxStepperRegionSide)))
    ui.view.selection_size = side;
  ui::checkbox("with the pixels around it", &ui.region_with_neighbours);
  if (ImGui::IsItemHovered()) {
    ImGui::SetTooltip("On: every output equals the filtered image.\nOff: the region alone, padded with %s.",
                      padding_mode_name(model.filter.padding_mode));
  }
  const std::optional<Region>& selection = ui.view.selection;
  const std::string label = selection ? "Step through " + size_text(selection->w, selection->h) + " at row " +
                                            n(selection->y) + ", col " + n(selection->x)
                                      : "Step through the selection";
  ImGui::BeginDisabled(!selection || !model.image);
  const bool pressed = ui::button(label.c_str());
  if (ImGui::IsItemHovered(ImGuiHoveredFlags_AllowWhenDisabled)) {
    ImGui::SetTooltip("Opens the region in the stepping view with its real pixel values and this kernel.");
  }
  if (pressed) {
    Result<Scene> scene = playground_region_scene(model, *selection, ui.region_with_neighbours);
    if (scene) {
      actions.open_in_stepper = std::move(*scene);
    } else {
      actions.refused = scene.message();
    }
  }
  ImGui::EndDisabled();
  ImGui::PushTextWrapPos(ImGui::GetCursorPosX() + width);
  ImGui::TextColored(palette::kMutedText, "Click the image to select; Shift+drag for any size.");
  ImGui::PopTextWrapPos();
  ImGui::Separator();

  // Export.
  ImGui::SetNextItemWidth(std::max(80.0f, width - ImGui::CalcTextSize("Export PNG").x -
                                              3 * ImGui::GetStyle().ItemSpacing.x -
                                              2 * ImGui::GetStyle().FramePadding.x));
  ui::input_text_with_hint("##export", "filtered.png", ui.export_path, sizeof ui.export_path);
  ImGui::SameLine();
  ImGui::BeginDisabled(!model.image);
  if (ui::button("Export PNG")) actions.export_png = std::string(ui.export_path);
  ImGui::EndDisabled();
  ui::checkbox("Filters gallery", &ui.show_gallery);

  if (ImGui::CollapsingHeader("As PyTorch")) {
    const std::vector<std::string> lines = playground_pytorch(model);
    std::string text;
    for (const std::string& line : lines) text += line + "\n";
    if (ui::copy_button("Copy")) ImGui::SetClipboardText(text.c_str());
    ImGui::PushTextWrapPos(ImGui::GetCursorPosX() + width);
    for (const std::string& line : lines) ImGui::TextColored(palette::kMutedText, "%s", line.c_str());
    ImGui::PopTextWrapPos();
  }
}

void draw_open_row(const PlaygroundModel& model, PlaygroundUi& ui, PlaygroundActions& actions) {
  if (!ui.samples_listed) {
    ui.samples = sample_images();
    ui.samples_listed = true;
  }
  ImGui::SetNextItemWidth(280);
  const bool entered =
      ui::input_text_with_hint("##open", "image file (PNG, JPEG, BMP, GIF, TGA)", ui.open_path,
                               sizeof ui.open_path, ImGuiInputTextFlags_EnterReturnsTrue);
  ImGui::SameLine();
  if (ui::button("Open") || entered) actions.open_image = std::string(ui.open_path);
  ImGui::SameLine();
  if (ui::button("Browse\xE2\x80\xA6"))
    open_file_browser(ui.browser, "Open an image", {".png", ".jpg", ".jpeg", ".bmp", ".gif", ".tga"},
                      images_dir(), standard_places("Samples", images_dir()));
  if (std::optional<std::string> chosen = draw_file_browser(ui.browser)) {
    std::snprintf(ui.open_path, sizeof ui.open_path, "%s", chosen->c_str());
    actions.open_image = *chosen;
  }
  ImGui::SameLine();
  ImGui::SetNextItemWidth(190);
  const std::string current = model.image ? model.image->name : "sample images";
  if (ui::begin_combo("##samples", current.c_str())) {
    for (const std::string& path : ui.samples) {
      const std::string name = fs::path(path).filename().string();
      if (ImGui::Selectable(name.c_str(), model.image && model.image->path == path))
        actions.open_image = path;
    }
    ImGui::EndCombo();
  }
  ImGui::SameLine();
  ImGui::SetNextItemWidth(250);
  if (ui::begin_combo("##colour", color_mode_name(model.color_mode))) {
    for (ColorMode m : {ColorMode::kRgb, ColorMode::kLuminance601, ColorMode::kLuminance709}) {
      if (ImGui::Selectable(color_mode_name(m), m == model.color_mode)) actions.color_mode = m;
    }
    ImGui::EndCombo();
  }
  // The value-range choice follows on the same line when both buttons fit, else starts the next one.
  float radios = 0;
  for (PixelScale r : {PixelScale::k0To255, PixelScale::k0To1})
    radios += ImGui::GetFrameHeight() + ImGui::GetStyle().ItemInnerSpacing.x +
              ImGui::CalcTextSize(value_range_name(r)).x + ImGui::GetStyle().ItemSpacing.x;
  ImGui::SameLine();
  if (ImGui::GetCursorPosX() + radios > ImGui::GetWindowContentRegionMax().x) ImGui::NewLine();
  for (PixelScale r : {PixelScale::k0To255, PixelScale::k0To1}) {
    if (r != PixelScale::k0To255) ImGui::SameLine();
    if (ui::radio_button(value_range_name(r), r == model.value_range)) actions.value_range = r;
  }
  if (!model.error.empty()) {
    ImGui::TextColored(palette::kErrorText, "%s", model.error.c_str());
    ImGui::SameLine();
    if (ui::small_button("dismiss")) actions.dismiss_error = true;
  } else if (!model.message.empty()) {
    ImGui::TextColored(palette::kMutedText, "%s", model.message.c_str());
  } else {
    ImGui::TextColored(palette::kMutedText, "Open an image or pick a sample; drop a file on the window.");
  }
}

std::string cell_text(float v) {
  char text[32];
  std::snprintf(text, sizeof text, "%.4g", static_cast<double>(v));
  return text;
}

// Zoomed in far enough, a one-channel image shows each pixel's value in its cell, and the filtered view
// the engine's result for the visible pixels (computed for that window only, once per change).
void draw_pixel_numbers(const PlaygroundModel& model, const ImageViewState& view, PlaygroundGfx& gfx,
                        const Fonts& fonts, ImVec2 origin, ImVec2 size, bool filtered) {
  if (!model.image || model.tensor.size(0) != 1) return;
  const int64_t width = model.tensor.size(2), height = model.tensor.size(1);
  const ImVec2 a = image_to_screen(view, width, height, origin, size, 0, 0);
  const ImVec2 b = image_to_screen(view, width, height, origin, size, 1, 1);
  const float pitch = b.x - a.x;
  if (pitch < kNumberedPixelSide) return;
  // The visible pixels.
  const auto clamp_to = [](float v, int64_t hi) {
    return std::clamp<int64_t>(static_cast<int64_t>(v), 0, hi);
  };
  const int64_t x0 = clamp_to((origin.x - a.x) / pitch, width - 1),
                y0 = clamp_to((origin.y - a.y) / pitch, height - 1);
  const int64_t x1 = clamp_to((origin.x + size.x - a.x) / pitch, width - 1),
                y1 = clamp_to((origin.y + size.y - a.y) / pitch, height - 1);
  const Region visible{y0, x0, y1 - y0 + 1, x1 - x0 + 1};
  if (visible.h * visible.w > kMaxNumberedPixels) return;
  if (filtered && (gfx.numbers_for != model.generation || gfx.numbers_region.y != visible.y ||
                   gfx.numbers_region.x != visible.x || gfx.numbers_region.h != visible.h ||
                   gfx.numbers_region.w != visible.w)) {
    gfx.numbers_for = model.generation;
    gfx.numbers_region = visible;
    Result<Scene> scene = region_scene_with_neighbours(model.tensor, visible, model.filter);
    Result<Tensor> values = scene ? run(*scene) : Result<Tensor>(scene.error());
    gfx.numbers = values ? std::move(*values) : Tensor();
  }
  if (filtered && gfx.numbers.empty()) return;
  ImFont* font = pitch >= 56 && fonts.ui ? fonts.ui : (fonts.small ? fonts.small : ImGui::GetFont());
  const float font_size = std::min(font->FontSize, pitch * 0.42f);
  ImDrawList* draw = ImGui::GetWindowDrawList();
  draw->PushClipRect(origin, ImVec2(origin.x + size.x, origin.y + size.y), true);
  const float full = value_range_max(model.value_range);
  for (int64_t y = visible.y; y < visible.y + visible.h; ++y) {
    for (int64_t x = visible.x; x < visible.x + visible.w; ++x) {
      const float v =
          filtered ? gfx.numbers.at({0, y - visible.y, x - visible.x}) : model.tensor.at({0, y, x});
      // The cell's brightness as drawn, for a legible text colour.
      float light = std::clamp(v / full, 0.0f, 1.0f);
      if (filtered && model.display_mode == DisplayMode::kSigned) {
        const float scale = std::max(std::fabs(gfx.legend_low), std::fabs(gfx.legend_high));
        light = 1.0f - 0.7f * std::min(1.0f, std::fabs(v) / std::max(scale, 1e-12f));
      } else if (filtered && model.display_mode == DisplayMode::kAbsolute) {
        light = std::clamp(std::fabs(v) / full, 0.0f, 1.0f);
      } else if (filtered && model.display_mode == DisplayMode::kRescale &&
                 gfx.legend_high > gfx.legend_low) {
        light = (v - gfx.legend_low) / (gfx.legend_high - gfx.legend_low);
      }
      const std::string text = cell_text(v);
      const ImVec2 extent = font->CalcTextSizeA(font_size, FLT_MAX, 0, text.c_str());
      const ImVec2 cell =
          image_to_screen(view, width, height, origin, size, static_cast<float>(x), static_cast<float>(y));
      draw->AddText(font, font_size,
                    ImVec2(cell.x + (pitch - extent.x) * 0.5f, cell.y + (pitch - extent.y) * 0.5f),
                    light > 0.55f ? IM_COL32(0, 0, 0, 255) : IM_COL32(255, 255, 255, 255), text.c_str());
    }
  }
  draw->PopClipRect();
}

void draw_views(const PlaygroundModel& model, PlaygroundUi& ui, PlaygroundGfx& gfx, const Fonts& fonts,
                ImVec2 size) {
  const bool has_image = model.image.has_value();
  const int64_t width = has_image ? model.tensor.size(2) : 0, height = has_image ? model.tensor.size(1) : 0;
  const float spacing = ImGui::GetStyle().ItemSpacing.x;
  const float line = ImGui::GetTextLineHeightWithSpacing();
  ImVec2 view_size((size.x - spacing) * 0.5f, std::max(64.0f, size.y - 4 * line - 34));
  // As tall as the image needs at the width the views have, so the readout sits right under it.
  if (has_image) {
    const float fitted = view_size.x * static_cast<float>(height) / static_cast<float>(width);
    view_size.y = std::clamp(fitted, std::min(160.0f, view_size.y), view_size.y);
  }
  const uint32_t input = has_image ? input_texture(model, gfx) : 0;
  const uint32_t output = has_image ? filtered_texture(model, gfx) : 0;
  const char* no_gl = "(the picture needs OpenGL)";

  const std::string input_title = has_image ? model.image->name + "  " + model.tensor.shape_string() + "  " +
                                                  value_range_name(model.value_range)
                                            : std::string("image");
  const std::string output_title =
      std::string("filtered (") + kernel_orientation_name(model.filter.orientation) + ", " +
      padding_mode_name(model.filter.padding_mode) + ", shown " + display_mode_name(model.display_mode) + ")";
  // Each title keeps to its own view's width, so the two never run together.
  text_one_line(input_title, view_size.x - spacing);
  ImGui::SameLine(view_size.x + spacing);  // from the group's left edge, like the views below
  text_one_line(output_title, view_size.x);

  ui.view.hover.reset();
  const ImVec2 left = ImGui::GetCursorScreenPos();
  draw_image_view("##image", input, width, height, view_size, ui.view, has_image ? no_gl : "no image yet");
  ImGui::SameLine();
  const ImVec2 right = ImGui::GetCursorScreenPos();
  draw_image_view("##filtered", output, width, height, view_size, ui.view, has_image ? no_gl : "");

  draw_pixel_numbers(model, ui.view, gfx, fonts, left, view_size, false);
  draw_pixel_numbers(model, ui.view, gfx, fonts, right, view_size, true);

  // The pixel under the cursor, outlined in both views.
  if (ui.view.hover) {
    const auto [y, x] = *ui.view.hover;
    ImDrawList* draw = ImGui::GetWindowDrawList();
    for (ImVec2 origin : {left, right}) {
      const ImVec2 a = image_to_screen(ui.view, width, height, origin, view_size, static_cast<float>(x),
                                       static_cast<float>(y));
      const ImVec2 b = image_to_screen(ui.view, width, height, origin, view_size, static_cast<float>(x + 1),
                                       static_cast<float>(y + 1));
      draw->PushClipRect(origin, ImVec2(origin.x + view_size.x, origin.y + view_size.y), true);
      draw_highlight_rect(draw, a, ImVec2(std::max(b.x, a.x + 3), std::max(b.y, a.y + 3)), 0, 1.5f);
      draw->PopClipRect();
    }
    // One line when it fits beside the views, else the pixel, then image → filtered below it.
    const std::string where = "pixel (row " + std::to_string(y) + ", col " + std::to_string(x) + ")";
    const std::string values = "image: " + channel_values(model, gfx, y, x, false) +
                               "   \u2192   filtered: " + channel_values(model, gfx, y, x, true);
    const std::string line = where + "   " + values;
    if (ImGui::CalcTextSize(line.c_str()).x <= 2 * view_size.x + spacing) {
      ImGui::TextUnformatted(line.c_str());
    } else {
      ImGui::TextUnformatted(where.c_str());
      ImGui::PushTextWrapPos(ImGui::GetCursorPosX() + 2 * view_size.x + spacing);
      ImGui::TextUnformatted(values.c_str());
      ImGui::PopTextWrapPos();
    }
  } else {
    // Wrapped at the views' right edge, never cut off there.
    ImGui::PushTextWrapPos(ImGui::GetCursorPosX() + 2 * view_size.x + spacing);
    ImGui::TextColored(
        palette::kMutedText,
        "Hover a pixel to read its value; wheel zooms, drag pans, double-click fits (both views).");
    ImGui::PopTextWrapPos();
  }
  if (has_image) {
    ImGui::SetCursorScreenPos(ImVec2(right.x, ImGui::GetCursorScreenPos().y));
    ImGui::BeginGroup();
    draw_legend_bar(model, gfx, std::min(view_size.x, 320.0f));
    ImGui::EndGroup();
  }
}

}  // namespace

void draw_playground_panel(const PlaygroundModel& model, PlaygroundUi& ui, PlaygroundGfx& gfx,
                           const Fonts& fonts, PlaygroundActions& actions) {
  // A newly opened image starts fitted in its views, with the click size the user chose.
  if (ui.view_for != model.opened) {
    ui.view_for = model.opened;
    const int64_t selection_size = ui.view.selection_size;
    ui.view = ImageViewState{};
    ui.view.selection_size = selection_size;
  }
  ImGui::PushID("playground");
  draw_open_row(model, ui, actions);
  const ImVec2 avail = ImGui::GetContentRegionAvail();
  constexpr float kControlsWidth = 400;
  ImGui::BeginChild("controls", ImVec2(kControlsWidth, avail.y), false);
  draw_controls(model, ui, fonts, actions, kControlsWidth - 16);
  ImGui::EndChild();
  ImGui::SameLine();
  ImGui::BeginGroup();
  const ImVec2 size(std::max(100.0f, avail.x - kControlsWidth - ImGui::GetStyle().ItemSpacing.x), avail.y);
  if (ui.show_gallery && model.image) {
    GalleryState& gallery = gfx.gallery;
    if (gallery.built_for != model.image_generation * 8 +
                                 static_cast<uint64_t>(model.filter.padding_mode) * 2 +
                                 (model.filter.orientation == KernelOrientation::kConvolution ? 1 : 0)) {
      gallery.built_for = model.image_generation * 8 + static_cast<uint64_t>(model.filter.padding_mode) * 2 +
                          (model.filter.orientation == KernelOrientation::kConvolution ? 1 : 0);
      gallery.textures.clear();
      Result<std::vector<GalleryEntry>> built =
          build_gallery(model.tensor, model.filter.padding_mode, model.filter.orientation,
                        value_range_max(model.value_range));
      gallery.error = built ? "" : built.message();
      gallery.entries = built ? std::move(*built) : std::vector<GalleryEntry>{};
    }
    ImGui::BeginChild("gallery", size, false);
    if (std::optional<std::string> picked = draw_gallery_panel(gallery, size.x - 16)) {
      actions.kernel.preset = *picked;
      ui.show_gallery = false;
    }
    ImGui::EndChild();
  } else {
    draw_views(model, ui, gfx, fonts, size);
  }
  ImGui::EndGroup();
  ImGui::PopID();
}

}  // namespace convstep
