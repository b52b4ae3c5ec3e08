// The suggestions that follow a failed edit ("... — try padding=1 or kernel_size=5"): candidate values
// near the requested and the previous one, each checked by building the scene in shapes-only form and
// resolving its geometry.
#include "core/scene_edit.h"

#include <algorithm>
#include <cstdlib>
#include <optional>
#include <set>
#include <tuple>
#include <variant>

#include "core/geometry.h"
#include "core/ops_work.h"
#include "core/params.h"
#include "core/scene_model.h"
#include "core/scene_text.h"

namespace convstep {

namespace {

using scene_model::build;
using scene_model::dims_text;
using scene_model::EditError;
using scene_model::Model;
using scene_model::size_text;
using scene_model::to_model;
using scene_text::kMaxValue;

// How far from the requested (and from the previous) value the suggestion search looks.
constexpr int64_t kSearchRadius = 6;
constexpr size_t kMaxCandidates = 400;

bool valid_after(const Scene& scene, const std::vector<SceneEdit>& edits) {
  auto built = build(scene, edits, true);
  if (!std::holds_alternative<Scene>(built)) return false;
  // What apply_edits accepts: a valid geometry, within the window's work limit (a fix that only moves
  // the refusal from the output size to the work would be a button that does nothing).
  const Scene& edited = std::get<Scene>(built);
  const Result<Geometry> geometry = resolve_geometry(edited);
  return geometry.ok() && check_work(edited, *geometry, kInteractiveWorkLimit).ok();
}

// A value as the numbers the search varies (one number stands for both dimensions); nullopt for a
// value without numbers (padding same/valid, a pool's stride none, a switch, an op).
std::optional<Dims> numbers_of(const ParamValue& v) {
  if (const auto* d = std::get_if<Dims>(&v)) return *d;
  if (const auto* n = std::get_if<int64_t>(&v)) return Dims{*n, *n};
  if (const auto* s = std::get_if<std::optional<Dims>>(&v)) return *s;
  if (const auto* p = std::get_if<PaddingValue>(&v); p && p->kind == PaddingKind::kExplicit)
    return p->padding;
  return std::nullopt;
}

// The value of a numeric parameter of the scene as numbers, for the suggestion search: a pool's default
// stride is its kernel size, padding same/valid what it resolves to.
std::optional<Dims> dims_of(const Scene& scene, const ParamSpec& spec) {
  auto model = to_model(scene);
  if (!std::holds_alternative<Model>(model)) return std::nullopt;
  const Model& m = std::get<Model>(model);
  const ParamValue v = spec.get(m);
  if (spec.kind == ParamKind::kStride && !std::get<std::optional<Dims>>(v))
    return std::get<Dims>(param_spec(Param::kKernelSize).get(m));
  if (spec.kind == ParamKind::kPadding && std::get<PaddingValue>(v).kind != PaddingKind::kExplicit) {
    if (std::get<PaddingValue>(v).kind == PaddingKind::kValid) return Dims{0, 0};
    const Dims k = m.kernel();
    return Dims{m.p.dilation[0] * (k[0] - 1) / 2, m.p.dilation[1] * (k[1] - 1) / 2};
  }
  return numbers_of(v);
}

// Integers within kSearchRadius of `center` (and at least min_value), closest first.
std::vector<int64_t> nearby(int64_t center, int64_t min_value) {
  std::vector<int64_t> out;
  for (int64_t d = 0; d <= kSearchRadius; ++d) {
    for (int64_t v : {center - d, center + d}) {
      if (v >= min_value && v <= kMaxValue && (out.empty() || out.back() != v)) out.push_back(v);
    }
  }
  return out;
}

// Candidate values (as edit text) for a per-dimension or integer key, nearest to `want` first, then
// nearest to `previous`; for two dimensions, square values and changes of one dimension. Values are taken
// around both, so a far-off request (kernel_size=1000) still reaches values near the previous one.
// `want`/`previous` are canonical (height, width); a key with one number uses index 1.
std::vector<std::string> candidates(const ParamSpec& spec, Dims want, Dims previous, int dims) {
  const int64_t min_value = spec.min_value;
  const bool per_dim = spec.kind != ParamKind::kCount;
  const bool pairs = per_dim && dims == 2;
  struct Candidate {
    Dims v;
    int64_t distance, uneven, from_previous;
  };
  const auto distance = [&](const Dims& v, const Dims& to) {
    return pairs ? std::llabs(v[0] - to[0]) + std::llabs(v[1] - to[1]) : std::llabs(v[1] - to[1]);
  };
  std::vector<Candidate> all;
  std::set<Dims> seen;
  for (const Dims& center : {want, previous}) {
    const std::vector<int64_t> heights = pairs ? nearby(center[0], min_value) : std::vector<int64_t>{0};
    for (int64_t a : heights) {
      for (int64_t b : nearby(center[1], min_value)) {
        const Dims v = pairs ? Dims{a, b} : Dims{b, b};
        // Square values, or one dimension kept: the changes a person would make, and few enough that
        // checking each stays quick when every candidate allocates a large weight.
        if (pairs && v[0] != v[1] && v[0] != center[0] && v[1] != center[1]) continue;
        if (!seen.insert(v).second) continue;
        all.push_back({v, distance(v, want), v[0] != v[1] ? 1 : 0, distance(v, previous)});
      }
    }
  }
  std::stable_sort(all.begin(), all.end(), [](const Candidate& x, const Candidate& y) {
    return std::tie(x.distance, x.uneven, x.from_previous) < std::tie(y.distance, y.uneven, y.from_previous);
  });
  std::vector<std::string> out;
  for (const Candidate& c : all) {
    if (out.size() >= kMaxCandidates) break;
    out.push_back(spec.kind == ParamKind::kSize ? size_text(c.v, dims) : dims_text(c.v, pairs ? 2 : 1));
  }
  return out;
}

std::string setting_value(const Scene& scene, const std::string& key) {
  for (const SceneSetting& s : scene_settings(scene))
    if (s.key == key) return s.value;
  return "";
}

// The first candidate value of `key` that makes `edits + {key=value}` valid, skipping `skip`.
std::optional<SceneEdit> first_fix(const Scene& scene, const std::vector<SceneEdit>& edits,
                                   const std::string& key, const std::vector<std::string>& values,
                                   const std::string& skip) {
  for (const std::string& v : values) {
    if (v == skip) continue;
    std::vector<SceneEdit> tried = edits;
    tried.push_back({key, v});
    if (valid_after(scene, tried)) return SceneEdit{key, v};
  }
  return std::nullopt;
}

}  // namespace

std::vector<SceneEdit> edits_with_fix(const std::vector<SceneEdit>& edits, const SceneEdit& fix) {
  std::vector<SceneEdit> out = edits;
  if (!out.empty() && out.back().key == fix.key) out.pop_back();
  out.push_back(fix);
  return out;
}

std::vector<SceneEdit> suggest_fixes(const Scene& scene, const std::vector<SceneEdit>& edits) {
  std::vector<SceneEdit> fixes;
  if (edits.empty()) return fixes;
  const SceneEdit& last = edits.back();
  const std::vector<SceneEdit> before(edits.begin(), edits.end() - 1);
  auto base = build(scene, before);
  if (!std::holds_alternative<Scene>(base)) return fixes;
  const Scene& previous = std::get<Scene>(base);
  auto edited = build(scene, edits);
  if (const auto* e = std::get_if<EditError>(&edited); e && !e->fixable) return fixes;
  const ParamSpec* edited_spec = find_param(last.key);
  if (!edited_spec) return fixes;
  // 0. A valid layer with too much work for the window: the nearest kernel and input sizes that fit,
  // the ones the work check names.
  if (const Scene* s = std::get_if<Scene>(&edited)) {
    if (const Result<Geometry> g = resolve_geometry(*s); g.ok()) {
      for (const std::string& text : work_tries(*s, *g, kInteractiveWorkLimit)) {
        const Result<SceneEdit> fix = parse_scene_edit(text);
        if (fix.ok() && valid_after(scene, edits_with_fix(edits, *fix))) fixes.push_back(*fix);
      }
      if (!fixes.empty()) return fixes;
    }
  }
  const Op op = previous.params.op;
  const int dims = spatial_dims(op);
  const ParamSpec& padding = param_spec(Param::kPadding);

  // 1. Padding, keeping the user's change (only when the change itself could be built).
  if (edited_spec->param != Param::kPadding && std::holds_alternative<Scene>(edited)) {
    const Scene& s = std::get<Scene>(edited);
    if (auto pad = dims_of(s, padding)) {
      const auto values = candidates(padding, *pad, *pad, spatial_dims(s.params.op));
      if (auto fix = first_fix(scene, edits, padding.name, values, "")) fixes.push_back(*fix);
    }
  }
  // 2. The edited parameter itself, then those bound up with it (the kernel that bounds padding, the
  // channels groups divide): the nearest other value, never the one the scene already had.
  std::vector<const ParamSpec*> specs{edited_spec};
  for (Param p : edited_spec->bound) specs.push_back(&param_spec(p));
  for (const ParamSpec* spec : specs) {
    if (fixes.size() >= 2) break;
    const std::string key = spec->name;
    const std::string current = setting_value(previous, key);
    std::vector<std::string> values;
    if (spec->kind == ParamKind::kPaddingMode) {
      values = {"replicate", "circular", "zeros", "reflect"};
    } else if (auto had = dims_of(previous, *spec)) {
      Dims want = *had;
      if (spec == edited_spec) {
        if (auto s = std::get_if<Scene>(&edited)) {
          if (auto d = dims_of(*s, *spec)) want = *d;
        } else if (auto v = parse_param(*spec, key, last.value, op)) {
          if (auto d = numbers_of(*v)) want = *d;
        }
      }
      values = candidates(*spec, want, *had, dims);
    }
    std::vector<SceneEdit> tried = spec == edited_spec ? before : edits;
    if (auto fix = first_fix(scene, tried, key, values, current)) {
      if (std::find(fixes.begin(), fixes.end(), *fix) == fixes.end()) fixes.push_back(*fix);
    }
  }
  return fixes;
}

}  // namespace convstep
