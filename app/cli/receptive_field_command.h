// `convstep receptive-field --layer "…" --layer "…" [--input-size 224,224] [--json]`: the output size,
// receptive field, jump and start of every layer of a stack (core/layer_stack.h), as a table or as JSON.
#pragma once

#include <iosfwd>
#include <string>
#include <vector>

namespace CLI {
class App;
}

namespace convstep {

struct ReceptiveFieldOptions {
  std::vector<std::string> layers;  // PyTorch lines, bottom first
  std::string input_size;           // "224,224", "224x224" or one number; "" = none
  bool json = false;
};

CLI::App* add_receptive_field_command(CLI::App& app, ReceptiveFieldOptions* options);
// 0 when printed; 1 for a stack that is refused, 2 for bad usage. Errors are one line on `err` (then, for
// an unreadable layer, the line with a caret under the column at fault).
int run_receptive_field(const ReceptiveFieldOptions& options, std::ostream& out, std::ostream& err);

}  // namespace convstep
