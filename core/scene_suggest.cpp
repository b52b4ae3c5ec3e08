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
#include "core/scene_model.h"
#include "core/scene_text.h"

namespace convstep {

namespace {

using scene_model::build;
using scene_model::dims_text;
using scene_model::EditError;
using scene_model::Model;
using scene_model::size_text;
using scene_model::to_canonical;
using scene_model::to_model;
using scene_text::kMaxValue;

// How far from the requested (and from the previous) value the suggestion search looks.
constexpr int64_t kSearchRadius = 6;
constexpr size_t kMaxCandidates = 400;

bool valid_after(const Scene& scene, const std::vector<SceneEdit>& edits) {
  auto built = build(scene, edits, true);
  return std::holds_alternative<Scene>(built) && resolve_geometry(std::get<Scene>(built)).ok();
}

// The value of a per-dimension key as numbers, for the suggestion search.
std::optional<Dims> dims_of(const Scene& scene, const std::string& key) {
  auto model = to_model(scene);
  if (!std::holds_alternative<Model>(model)) return std::nullopt;
  const Model& m = std::get<Model>(model);
  if (key == "kernel_size") return m.kernel();
  if (key == "stride") return m.p.stride_set || is_conv(m.p.op) ? m.p.stride : m.kernel();
  if (key == "dilation") return m.p.dilation;
  if (key == "input_size") return m.in_size();
  if (key == "padding") {
    if (m.p.padding_kind == PaddingKind::kExplicit) return m.p.padding;
    if (m.p.padding_kind == PaddingKind::kValid) return Dims{0, 0};
    const Dims k = m.kernel();
    return Dims{m.p.dilation[0] * (k[0] - 1) / 2, m.p.dilation[1] * (k[1] - 1) / 2};
  }
  if (key == "in_channels") return Dims{m.c(), m.c()};
  if (key == "out_channels") return Dims{m.out_channels(), m.out_channels()};
  if (key == "groups") return Dims{m.p.groups, m.p.groups};
  return std::nullopt;
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
std::vector<std::string> candidates(const std::string& key, Dims want, Dims previous, int dims) {
  const int64_t min_value = key == "padding" ? 0 : 1;
  const bool per_dim = key != "in_channels" && key != "out_channels" && key != "groups";
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
    out.push_back(key == "input_size" ? size_text(c.v, dims) : dims_text(c.v, pairs ? 2 : 1));
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
  const int dims = spatial_dims(previous.params.op);

  // 1. Padding, keeping the user's change (only when the change itself could be built).
  if (last.key != "padding" && std::holds_alternative<Scene>(edited)) {
    const Scene& s = std::get<Scene>(edited);
    if (auto pad = dims_of(s, "padding")) {
      const auto values = candidates("padding", *pad, *pad, spatial_dims(s.params.op));
      if (auto fix = first_fix(scene, edits, "padding", values, "")) fixes.push_back(*fix);
    }
  }
  // 2. The edited parameter itself (or, for padding, also the kernel that bounds it): the nearest
  // other value, never the one the scene already had.
  std::vector<std::string> keys{last.key};
  if (last.key == "padding") keys.push_back("kernel_size");
  if (last.key == "groups") keys.insert(keys.end(), {"out_channels", "in_channels"});
  if (last.key == "in_channels" || last.key == "out_channels") keys.push_back("groups");
  for (const std::string& key : keys) {
    if (fixes.size() >= 2) break;
    const std::string current = setting_value(previous, key);
    std::vector<std::string> values;
    if (key == "padding_mode") {
      values = {"replicate", "circular", "zeros", "reflect"};
    } else if (auto had = dims_of(previous, key)) {
      Dims want = *had;
      if (key == last.key) {
        if (auto s = std::get_if<Scene>(&edited)) {
          if (auto d = dims_of(*s, key)) want = *d;
        } else if (key == "in_channels" || key == "out_channels" || key == "groups") {
          if (auto v = parse_int_value(key, last.value, 1)) want = {*v, *v};
        } else if (key == "input_size") {
          if (auto v = parse_input_size(key, last.value, dims)) want = to_canonical(*v, dims, 1);
        } else if (auto v = parse_dims_value(key, last.value, dims, key == "padding" ? 0 : 1)) {
          want = to_canonical(*v, dims, key == "padding" ? 0 : 1);
        }
      }
      values = candidates(key, want, *had, dims);
    }
    std::vector<SceneEdit> tried = key == last.key ? before : edits;
    if (auto fix = first_fix(scene, tried, key, values, current)) {
      if (std::find(fixes.begin(), fixes.end(), *fix) == fixes.end()) fixes.push_back(*fix);
    }
  }
  return fixes;
}

}  // namespace convstep
