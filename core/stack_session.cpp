// Stack editing: each edit builds a candidate session from the edited lines and either takes it whole
// or records why not, so the view never shows a stack that PyTorch would refuse.
#include "core/stack_session.h"

#include <algorithm>
#include <cstdlib>
#include <utility>
#include <variant>

#include "core/scene_values.h"
#include "core/stack_presets.h"

namespace convstep {

namespace {

// Builds the session; the refusal names the first unreadable line and its column when there is one.
std::variant<StackSession, StackSession::Refusal> build(const std::vector<std::string>& lines, Dims size) {
  StackSession::Refusal refusal;
  for (size_t l = 0; l < lines.size(); ++l) {
    StackLayerParse parsed = parse_stack_layer(lines[l]);
    if (!parsed.ok()) {
      refusal.message = "layer " + std::to_string(l + 1) + ": " + parsed.error.message;
      refusal.layer = static_cast<int>(l);
      refusal.line = lines[l];
      refusal.column = parsed.error.column;
      return refusal;
    }
  }
  Result<StackSession> session = make_stack_session(lines, size);
  if (!session) {
    refusal.message = session.message();
    // "layer 3 (…): …" names the layer at fault.
    if (refusal.message.rfind("layer ", 0) == 0) refusal.layer = std::atoi(refusal.message.c_str() + 6) - 1;
    return refusal;
  }
  return std::move(*session);
}

bool take(StackSession& session, const std::vector<std::string>& lines, Dims size, std::string source) {
  auto built = build(lines, size);
  if (auto* refusal = std::get_if<StackSession::Refusal>(&built)) {
    session.error = std::move(*refusal);
    return false;
  }
  session = std::move(std::get<StackSession>(built));
  session.source = std::move(source);
  return true;
}

}  // namespace

Result<StackSession> make_stack_session(const std::vector<std::string>& lines, Dims input_size) {
  Result<LayerStack> stack = build_layer_stack(lines, input_size);
  if (!stack) return stack.error();
  const int64_t cells = stack->map_size(0, 0) * (stack->dims == 2 ? stack->map_size(0, 1) : 1);
  if (cells > kMaxSessionInputCells)
    return make_error("the input has " + std::to_string(cells) + " cells; the Network view draws at most " +
                      std::to_string(kMaxSessionInputCells) +
                      " (512\u00d7512): `convstep receptive-field` takes larger ones");
  int64_t work = 0;
  for (int m = 1; m < stack->maps(); ++m) {
    int64_t per_map = 1;
    for (const StackDim& d : stack->levels[static_cast<size_t>(m - 1)].dims) per_map *= d.out * d.kernel;
    work += per_map;
  }
  if (work > kMaxSessionWork)
    return make_error("the stack needs " + std::to_string(work) +
                      " multiply-adds on this input; the Network view computes at most " +
                      std::to_string(kMaxSessionWork) + " (a smaller input fits)");
  Result<std::vector<Tensor>> maps = stack_feature_maps(*stack);
  if (!maps) return maps.error();
  StackSession session;
  session.lines = lines;
  session.input_size = *stack->input_size;
  session.stack = std::move(*stack);
  session.maps = std::move(*maps);
  return session;
}

Result<StackSession> preset_session(const std::string& preset_id) {
  const StackPreset* preset = find_stack_preset(preset_id);
  if (!preset) return make_error("no stack preset is called \"" + preset_id + "\"");
  Result<StackSession> session = make_stack_session(preset->layers, preset->view_input_size);
  if (session) session->source = preset->name;
  return session;
}

StackSession default_stack_session() {
  Result<StackSession> session = preset_session("resnet18-stem");
  return session ? std::move(*session) : StackSession{};
}

bool set_stack_line(StackSession& session, size_t layer, const std::string& line) {
  if (layer >= session.lines.size()) return false;
  std::vector<std::string> lines = session.lines;
  lines[layer] = line;
  return take(session, lines, session.input_size, "");
}

bool add_stack_layer(StackSession& session, size_t after) {
  if (session.lines.size() >= static_cast<size_t>(kMaxStackLayers)) {
    session.error = {
        "the stack already has " + std::to_string(kMaxStackLayers) + " layers, the most it holds", -1, "", 0};
    return false;
  }
  std::vector<std::string> lines = session.lines;
  if (lines.empty()) return take(session, {"nn.Conv2d(1, 1, kernel_size=3)"}, session.input_size, "");
  const size_t at = std::min(after, lines.size() - 1);
  lines.insert(lines.begin() + static_cast<std::ptrdiff_t>(at + 1), lines[at]);
  return take(session, lines, session.input_size, "");
}

bool remove_stack_layer(StackSession& session, size_t layer) {
  if (layer >= session.lines.size()) return false;
  if (session.lines.size() == 1) {
    session.error = {"a stack keeps at least one layer", 0, "", 0};
    return false;
  }
  std::vector<std::string> lines = session.lines;
  lines.erase(lines.begin() + static_cast<std::ptrdiff_t>(layer));
  return take(session, lines, session.input_size, "");
}

bool move_stack_layer(StackSession& session, size_t layer, int direction) {
  const int64_t other = static_cast<int64_t>(layer) + direction;
  if (layer >= session.lines.size() || other < 0 || other >= static_cast<int64_t>(session.lines.size()))
    return false;
  std::vector<std::string> lines = session.lines;
  std::swap(lines[layer], lines[static_cast<size_t>(other)]);
  return take(session, lines, session.input_size, "");
}

bool set_stack_input_size(StackSession& session, const std::string& text) {
  Result<Dims> size = parse_input_size("input size", text, session.stack.dims);
  if (!size) {
    session.error = {size.message(), -1, "", 0};
    return false;
  }
  return take(session, session.lines, *size, session.source);
}

bool load_stack_preset(StackSession& session, const std::string& preset_id) {
  const StackPreset* preset = find_stack_preset(preset_id);
  if (!preset) {
    session.error = {"no stack preset is called \"" + preset_id + "\"", -1, "", 0};
    return false;
  }
  return take(session, preset->layers, preset->view_input_size, preset->name);
}

bool load_stack_layers(StackSession& session, const std::vector<StackLayer>& layers, Dims input_size,
                       const std::string& source) {
  std::vector<std::string> lines;
  for (const StackLayer& layer : layers) lines.push_back(layer.line);
  return take(session, lines, input_size, source);
}

}  // namespace convstep
