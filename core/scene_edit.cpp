// Applies parameter edits to a scene: parses "key=value", builds the edited scene (core/scene_model.cpp),
// validates it with resolve_geometry and on failure adds the suggestions of core/scene_suggest.cpp; also
// lists a scene's current settings in the syntax edits read back.
#include "core/scene_edit.h"

#include <utility>
#include <variant>

#include "core/geometry.h"
#include "core/ops_work.h"
#include "core/params.h"
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
  static const std::vector<std::string> keys = [] {
    std::vector<std::string> names;
    for (const ParamSpec& s : param_specs()) names.push_back(s.name);
    return names;
  }();
  return keys;
}

Result<SceneEdit> parse_scene_edit(const std::string& text) {
  const size_t eq = text.find('=');
  if (eq == std::string::npos)
    return make_error("expected key=value (e.g. stride=2), got " + quoted(text) +
                      "; keys: " + param_names_text());
  SceneEdit edit{trim(text.substr(0, eq)), trim(text.substr(eq + 1))};
  if (!find_param(edit.key))
    return make_error("unknown parameter " + quoted(edit.key) + " in " + quoted(text) + "; expected one of " +
                      param_names_text());
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
  // The window computes what is edited here: refuse what would freeze it. The suggestions are then the
  // work's own nearest settings that fit (suggest_fixes looks there first), as the buttons offer.
  if (std::string excess = work_excess(*geometry, kInteractiveWorkLimit); !excess.empty())
    return make_error(with_suggestions(std::move(excess), suggest_fixes(scene, edits)));
  return std::move(edited);
}

std::vector<SceneSetting> scene_settings(const Scene& scene) {
  std::vector<SceneSetting> out;
  auto model = scene_model::to_model(scene);
  if (!std::holds_alternative<scene_model::Model>(model)) return out;
  const scene_model::Model& m = std::get<scene_model::Model>(model);
  for (const ParamSpec& spec : param_specs())
    out.push_back({spec.name, format_param(spec, spec.get(m), m.p.op), spec.has(m.p.op)});
  return out;
}

std::string scene_settings_text(const Scene& scene) {
  std::string text;
  for (const SceneSetting& s : scene_settings(scene))
    if (s.applies) text += s.key + "=" + s.value + "\n";
  return text;
}

}  // namespace convstep
