// The stack the Network view shows and edits: its PyTorch lines, the input size, the built stack and
// every map's values. Every edit (a line, adding, removing or moving a layer, the input size, a preset)
// builds the new stack first; a refused edit keeps the last valid stack and says why, pointing at the
// layer and, for an unreadable line, at the character.
#pragma once

#include <cstddef>
#include <string>
#include <vector>

#include "core/layer_stack.h"
#include "core/result.h"
#include "core/tensor.h"

namespace convstep {

// The view computes and draws every map each time the stack changes, so it takes at most a 512×512 input
// and this many multiply-adds over all layers (a fraction of a second).
inline constexpr int64_t kMaxSessionInputCells = int64_t{1} << 18;
inline constexpr int64_t kMaxSessionWork = int64_t{1} << 26;

struct StackSession {
  std::vector<std::string> lines;
  Dims input_size{32, 32};
  std::string source;        // the preset's name or the lesson's title it came from; "" when edited
  LayerStack stack;          // always valid
  std::vector<Tensor> maps;  // stack_feature_maps(stack)
  // The last refused edit: what is wrong; the layer (0-based; −1 for the stack as a whole or the input
  // size) and, when the line could not be read, the line and the 1-based column of the fault.
  struct Refusal {
    std::string message;
    int layer = -1;
    std::string line;
    size_t column = 0;
  } error;
};

// The session on `lines` and `input_size` (height first; a 1-D stack uses [0]), or why not.
Result<StackSession> make_stack_session(const std::vector<std::string>& lines, Dims input_size);
// The preset's stack on its view input size; the default session is the ResNet-18 stem.
Result<StackSession> preset_session(const std::string& preset_id);
StackSession default_stack_session();

// Edits: true when applied; otherwise `session` keeps its stack and session.error says why.
bool set_stack_line(StackSession& session, size_t layer, const std::string& line);
// A new layer after `after` (a copy of it: the same line), up to kMaxStackLayers.
bool add_stack_layer(StackSession& session, size_t after);
bool remove_stack_layer(StackSession& session, size_t layer);
// Swaps layer `layer` with its neighbour above (+1) or below (−1).
bool move_stack_layer(StackSession& session, size_t layer, int direction);
// "32x32", "32,32" or one number (a square, or a 1-D length).
bool set_stack_input_size(StackSession& session, const std::string& text);
bool load_stack_preset(StackSession& session, const std::string& preset_id);
// A lesson's layers on the lesson input's spatial size.
bool load_stack_layers(StackSession& session, const std::vector<StackLayer>& layers, Dims input_size,
                       const std::string& source);

}  // namespace convstep
