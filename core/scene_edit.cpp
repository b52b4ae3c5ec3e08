// Applies parameter edits to a scene: parses "key=value", builds the edited scene (core/scene_model.cpp),
// validates it with resolve_geometry and on failure adds the suggestions of core/scene_suggest.cpp; also
// lists a scene's current settings in the syntax edits read back.
#include "core/scene_edit.h"

#include <algorithm>
#include <utility>
#include <variant>

#include "core/geometry.h"
#include "core/scene_model.h"
#include "core/scene_text.h"

namespace convstep {

namespace {

using scene_text::quoted;
using scene_text::trim;

std::string with_suggestions(std::string message, const std::vector<SceneEdit>& fixes) {
  if (fixes.empty()) return message;
  message += " \u2014 try ";
  for (size_t i = 0; i < fixes.size(); ++i) {
    if (i > 0) message += " or ";
    message += edit_text(fixes[i]);
  }
  return message;
}

}  // namespace

float input_fill_value(int64_t n, int64_t c, int64_t y, int64_t x) {
  return static_cast<float>(1 + (n + c + y + x) % 4);
}
float weight_fill_value(int64_t o, int64_t i, int64_t y, int64_t x) {
  return (o + i + y + x) % 2 == 0 ? 1.0f : 0.0f;
}
float bias_fill_value(int64_t o) {
  return static_cast<float>(1 + o % 3);
}

const std::vector<std::string>& scene_edit_keys() {
  static const std::vector<std::string> keys{"op",           "input_size",       "batch",  "in_channels",
                                             "out_channels", "kernel_size",      "stride", "padding",
                                             "padding_mode", "dilation",         "groups", "bias",
                                             "ceil_mode",    "count_include_pad"};
  return keys;
}

Result<SceneEdit> parse_scene_edit(const std::string& text) {
  const size_t eq = text.find('=');
  std::string keys;
  for (const std::string& k : scene_edit_keys()) keys += (keys.empty() ? "" : ", ") + k;
  if (eq == std::string::npos)
    return make_error("expected key=value (e.g. stride=2), got " + quoted(text) + "; keys: " + keys);
  SceneEdit edit{trim(text.substr(0, eq)), trim(text.substr(eq + 1))};
  const auto& all = scene_edit_keys();
  if (std::find(all.begin(), all.end(), edit.key) == all.end())
    return make_error("unknown parameter " + quoted(edit.key) + " in " + quoted(text) + "; expected one of " +
                      keys);
  return edit;
}

std::string edit_text(const SceneEdit& edit) {
  return edit.key + "=" + edit.value;
}

Result<Scene> apply_edit(const Scene& scene, const SceneEdit& edit) {
  return apply_edits(scene, {edit});
}

Result<Scene> apply_edits(const Scene& scene, const std::vector<SceneEdit>& edits) {
  auto built = scene_model::build(scene, edits);
  if (auto* e = std::get_if<scene_model::EditError>(&built)) {
    if (!e->fixable) return make_error(e->message);
    return make_error(with_suggestions(e->message, suggest_fixes(scene, edits)));
  }
  Scene& edited = std::get<Scene>(built);
  const auto geometry = resolve_geometry(edited);
  if (!geometry) return make_error(with_suggestions(geometry.message(), suggest_fixes(scene, edits)));
  return std::move(edited);
}

std::vector<SceneSetting> scene_settings(const Scene& scene) {
  std::vector<SceneSetting> out;
  auto model = scene_model::to_model(scene);
  if (!std::holds_alternative<scene_model::Model>(model)) return out;
  const scene_model::Model& m = std::get<scene_model::Model>(model);
  const Op op = m.p.op;
  const int dims = m.dims();
  const bool conv = is_conv(op);
  const auto b = [](bool v) { return std::string(v ? "true" : "false"); };
  const auto d = [&](const Dims& v) {
    return scene_model::dims_text(dims == 1 ? Dims{v[1], v[1]} : v, dims);
  };
  std::string padding = d(m.p.padding);
  if (m.p.padding_kind == PaddingKind::kSame) padding = "same";
  if (m.p.padding_kind == PaddingKind::kValid) padding = "valid";

  out.push_back({"op", op_name(op), true});
  out.push_back({"input_size", scene_model::size_text(m.in_size(), dims), true});
  out.push_back({"batch", b(m.batched), true});
  out.push_back({"in_channels", std::to_string(m.c()), true});
  out.push_back({"out_channels", std::to_string(m.out_channels()), conv});
  out.push_back({"kernel_size", d(m.kernel()), true});
  out.push_back({"stride", !conv && !m.p.stride_set ? "none" : d(m.p.stride), true});
  out.push_back({"padding", padding, true});
  out.push_back({"padding_mode", padding_mode_name(m.p.padding_mode), conv});
  out.push_back({"dilation", d(m.p.dilation), conv || is_max_pool(op)});
  out.push_back({"groups", std::to_string(m.p.groups), conv});
  out.push_back({"bias", b(m.bias.has_value()), conv});
  out.push_back({"ceil_mode", b(m.p.ceil_mode), !conv});
  out.push_back({"count_include_pad", b(m.p.count_include_pad), !conv && !is_max_pool(op)});
  return out;
}

std::string scene_settings_text(const Scene& scene) {
  std::string text;
  for (const SceneSetting& s : scene_settings(scene))
    if (s.applies) text += s.key + "=" + s.value + "\n";
  return text;
}

}  // namespace convstep
