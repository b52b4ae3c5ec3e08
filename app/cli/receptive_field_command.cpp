// `convstep receptive-field`: every --layer is read by the one layer parser, the stack is built by
// core/layer_stack, and the numbers are printed per spatial dimension, height first.
#include "app/cli/receptive_field_command.h"
#include "app/cli/cli_support.h"

#include <CLI/CLI.hpp>

#include <algorithm>
#include <iomanip>
#include <nlohmann/json.hpp>
#include <ostream>

#include "core/layer_stack.h"
#include "core/scene_values.h"

namespace convstep {

namespace {

// A whole number as a JSON integer, a fraction (after a transposed layer) as a JSON number.
nlohmann::ordered_json json_number(double v) {
  return v == static_cast<double>(static_cast<int64_t>(v)) ? nlohmann::ordered_json(static_cast<int64_t>(v))
                                                           : nlohmann::ordered_json(v);
}

std::string number_text(double v) {
  return json_number(v).dump();
}

template <class F>
std::string per_dim(const LayerStack& stack, const char* separator, F value) {
  std::string text;
  for (int i = 0; i < stack.dims; ++i) {
    if (i > 0) text += separator;
    text += value(i);
  }
  return text;
}

template <class F>
nlohmann::ordered_json per_dim_json(const LayerStack& stack, F value) {
  nlohmann::ordered_json list = nlohmann::ordered_json::array();
  for (int i = 0; i < stack.dims; ++i) list.push_back(value(static_cast<size_t>(i)));
  return list;
}

void print_json(const LayerStack& stack, std::ostream& out) {
  nlohmann::ordered_json root;
  root["input_size"] = stack.input_size
                           ? per_dim_json(stack, [&](size_t i) { return (*stack.input_size)[i]; })
                           : nlohmann::ordered_json(nullptr);
  root["layers"] = nlohmann::ordered_json::array();
  for (const StackLevel& level : stack.levels) {
    nlohmann::ordered_json entry;
    entry["layer"] = level.layer.line;
    entry["op"] = stack_op_name(level.layer);
    entry["output_size"] = stack.input_size ? per_dim_json(stack, [&](size_t i) { return level.dims[i].out; })
                                            : nlohmann::ordered_json(nullptr);
    entry["receptive_field"] =
        per_dim_json(stack, [&](size_t i) { return json_number(level.dims[i].receptive_field); });
    entry["jump"] = per_dim_json(stack, [&](size_t i) { return json_number(level.dims[i].jump); });
    entry["start"] = per_dim_json(stack, [&](size_t i) { return json_number(level.dims[i].start); });
    root["layers"].push_back(std::move(entry));
  }
  out << root.dump(2) << '\n';
}

void print_table(const LayerStack& stack, std::ostream& out) {
  struct Row {
    std::string index, layer, op, output, r, jump, start;
  };
  std::vector<Row> rows{{"#", "LAYER", "OP", "OUTPUT", "RF", "JUMP", "START"}};
  const std::string none = "-";
  rows.push_back({"0", "input", "",
                  stack.input_size
                      ? per_dim(stack, "x", [&](int i) { return std::to_string(stack.map_size(0, i)); })
                      : none,
                  per_dim(stack, "x", [](int) { return std::string("1"); }),
                  per_dim(stack, "x", [](int) { return std::string("1"); }),
                  per_dim(stack, ",", [](int) { return std::string("0"); })});
  for (size_t l = 0; l < stack.levels.size(); ++l) {
    const StackLevel& level = stack.levels[l];
    auto dim = [&](int i) -> const StackDim& { return level.dims[static_cast<size_t>(i)]; };
    rows.push_back(
        {std::to_string(l + 1), level.layer.line, stack_op_name(level.layer),
         stack.input_size ? per_dim(stack, "x", [&](int i) { return std::to_string(dim(i).out); }) : none,
         per_dim(stack, "x", [&](int i) { return number_text(dim(i).receptive_field); }),
         per_dim(stack, "x", [&](int i) { return number_text(dim(i).jump); }),
         per_dim(stack, ",", [&](int i) { return number_text(dim(i).start); })});
  }
  std::array<size_t, 7> width{};
  for (const Row& row : rows) {
    const std::array<const std::string*, 7> cells{&row.index, &row.layer, &row.op,   &row.output,
                                                  &row.r,     &row.jump,  &row.start};
    for (size_t c = 0; c < cells.size(); ++c) width[c] = std::max(width[c], cells[c]->size());
  }
  for (const Row& row : rows) {
    const std::array<const std::string*, 7> cells{&row.index, &row.layer, &row.op,   &row.output,
                                                  &row.r,     &row.jump,  &row.start};
    std::string line;
    for (size_t c = 0; c < cells.size(); ++c) {
      line += *cells[c];
      if (c + 1 < cells.size()) line += std::string(width[c] - cells[c]->size() + 2, ' ');
    }
    out << line << '\n';
  }
  const StackLevel& top = stack.levels.back();
  out << "\nEach output of layer " << stack.levels.size() << " sees "
      << per_dim(stack, "x",
                 [&](int i) { return number_text(top.dims[static_cast<size_t>(i)].receptive_field); })
      << " input cells; neighbouring outputs are "
      << per_dim(stack, "x", [&](int i) { return number_text(top.dims[static_cast<size_t>(i)].jump); })
      << " input cells apart.\n";
}

}  // namespace

CLI::App* add_receptive_field_command(CLI::App& app, ReceptiveFieldOptions* o) {
  CLI::App* cmd = app.add_subcommand(
      "receptive-field",
      "Print the output size, receptive field, jump and start of every layer of a stack of PyTorch layers");
  cmd->add_option("--layer", o->layers,
                  "A PyTorch layer, e.g. \"nn.Conv2d(3, 64, kernel_size=7, stride=2, padding=3)\"; repeat it "
                  "for each layer, bottom first (1 to " +
                      std::to_string(kMaxStackLayers) + ")")
      ->type_name("TEXT")
      ->allow_extra_args(false)
      ->required();
  cmd->add_option("--input-size", o->input_size,
                  "The input's spatial size, height first (e.g. 224,224; a 1-D stack takes one number); "
                  "without it the sizes are unknown")
      ->type_name("H,W");
  cmd->add_flag("--json", o->json,
                "Print JSON: {input_size, layers: [{layer, op, output_size, receptive_field, jump, start}]}, "
                "one entry per spatial dimension in each list");
  cmd->footer(
      "With k' = d*(k-1)+1 per layer, from jump = 1, r = 1, start = 0:\n"
      "  jump_l = jump_{l-1}*s_l   r_l = r_{l-1} + (k'-1)*jump_{l-1}\n"
      "  start_l = start_{l-1} + ((k'-1)/2 - p_l)*jump_{l-1}\n"
      "start is the centre of output cell 0's field, in input pixels (input pixel 0 is centred at 0).");
  return cmd;
}

int run_receptive_field(const ReceptiveFieldOptions& o, std::ostream& out, std::ostream& err) {
  if (o.layers.size() > static_cast<size_t>(kMaxStackLayers))
    return fail(err,
                "--layer: " + std::to_string(o.layers.size()) + " layers given; a stack has at most " +
                    std::to_string(kMaxStackLayers),
                kExitUsage);
  std::vector<StackLayer> layers;
  for (size_t l = 0; l < o.layers.size(); ++l) {
    StackLayerParse parsed = parse_stack_layer(o.layers[l]);
    if (!parsed.ok()) {
      const int code =
          fail(err, "--layer " + std::to_string(l + 1) + ": " + parsed.error.message, kExitUsage);
      err << caret_lines(o.layers[l], parsed.error.column) << '\n';
      return code;
    }
    layers.push_back(std::move(*parsed.layer));
  }
  std::optional<Dims> input_size;
  if (!o.input_size.empty()) {
    const int dims = spatial_dims(layers.front().params.op);
    Result<Dims> size = parse_input_size("--input-size", o.input_size, dims);
    if (!size) return fail(err, size.message(), kExitUsage);
    input_size = *size;
  }
  Result<LayerStack> stack = build_layer_stack(layers, input_size);
  if (!stack) return fail(err, stack.message(), kExitError);
  if (o.json)
    print_json(*stack, out);
  else
    print_table(*stack, out);
  return 0;
}

}  // namespace convstep
