// Names of ops and padding modes as PyTorch spells them, and the op predicates.
#include "core/scene.h"

#include <array>
#include <utility>

namespace convstep {

namespace {
constexpr std::array<std::pair<Op, const char*>, 10> kOpNames{{
    {Op::kConv1d, "conv1d"},
    {Op::kConv2d, "conv2d"},
    {Op::kMaxPool1d, "max_pool1d"},
    {Op::kMaxPool2d, "max_pool2d"},
    {Op::kAvgPool1d, "avg_pool1d"},
    {Op::kAvgPool2d, "avg_pool2d"},
    {Op::kSumPool1d, "sum_pool1d"},
    {Op::kSumPool2d, "sum_pool2d"},
    {Op::kConvTranspose1d, "conv_transpose1d"},
    {Op::kConvTranspose2d, "conv_transpose2d"},
}};
constexpr std::array<std::pair<PaddingMode, const char*>, 4> kModeNames{{
    {PaddingMode::kZeros, "zeros"},
    {PaddingMode::kReflect, "reflect"},
    {PaddingMode::kReplicate, "replicate"},
    {PaddingMode::kCircular, "circular"},
}};
}  // namespace

bool is_conv(Op op) {
  return op == Op::kConv1d || op == Op::kConv2d || is_conv_transpose(op);
}
bool is_conv_transpose(Op op) {
  return op == Op::kConvTranspose1d || op == Op::kConvTranspose2d;
}
bool is_pool(Op op) {
  return !is_conv(op);
}
bool is_max_pool(Op op) {
  return op == Op::kMaxPool1d || op == Op::kMaxPool2d;
}

int spatial_dims(Op op) {
  switch (op) {
    case Op::kConv1d:
    case Op::kMaxPool1d:
    case Op::kAvgPool1d:
    case Op::kSumPool1d:
    case Op::kConvTranspose1d:
      return 1;
    default:
      return 2;
  }
}

const char* op_name(Op op) {
  for (const auto& [o, name] : kOpNames)
    if (o == op) return name;
  return "?";
}

std::optional<Op> parse_op(const std::string& name) {
  for (const auto& [o, n] : kOpNames)
    if (name == n) return o;
  return std::nullopt;
}

const char* padding_mode_name(PaddingMode mode) {
  for (const auto& [m, name] : kModeNames)
    if (m == mode) return name;
  return "?";
}

std::optional<PaddingMode> parse_padding_mode(const std::string& name) {
  for (const auto& [m, n] : kModeNames)
    if (name == n) return m;
  return std::nullopt;
}

}  // namespace convstep
