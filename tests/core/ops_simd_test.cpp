// Every vector path and thread count of run() gives the plain reference engine's bits exactly
// (core/ops_reference.h): on PyTorch's golden fixtures and on random scenes with ragged widths, every
// padding mode, strides, dilation, groups, batches, ceil_mode and NaN / infinity / signed-zero values.
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <cstring>
#include <fstream>
#include <limits>
#include <nlohmann/json.hpp>
#include <random>
#include <string>
#include <vector>

#include "core/npy.h"
#include "core/ops.h"
#include "core/ops_reference.h"
#include "core/ops_simd.h"

namespace convstep {
namespace {

using nlohmann::json;

constexpr int kThreadCounts[] = {1, 2, 3, 7};

// Bitwise equality (the sign of zero counts too), except that any NaN equals any NaN: which NaN an
// operation with two NaN operands returns depends on operand order, which C++ leaves to the compiler
// even for the plain loop (a + b may be emitted as b + a). Returns "" or the first difference.
std::string bit_difference(const Tensor& actual, const Tensor& expected) {
  if (actual.shape() != expected.shape())
    return "shape " + actual.shape_string() + " instead of " + expected.shape_string();
  for (int64_t i = 0; i < actual.numel(); ++i) {
    const float a = actual.values()[static_cast<size_t>(i)], e = expected.values()[static_cast<size_t>(i)];
    if (std::isnan(a) && std::isnan(e)) continue;
    if (std::memcmp(&a, &e, sizeof a) != 0)
      return "element " + std::to_string(i) + " is " + std::to_string(a) + ", the plain loop gives " +
             std::to_string(e);
  }
  return "";
}

// Checks run() with every path × thread count against run_reference(); returns the failures.
std::vector<std::string> compare_all_paths(const Scene& scene) {
  std::vector<std::string> failures;
  Result<Tensor> expected = run_reference(scene);
  for (SimdPath path : available_simd_paths()) {
    for (int threads : kThreadCounts) {
      Result<Tensor> actual = run(scene, RunOptions{threads, path});
      const std::string where =
          std::string(simd_path_name(path)) + ", " + std::to_string(threads) + " threads: ";
      if (actual.ok() != expected.ok()) {
        failures.push_back(where + "run() and the reference disagree on whether the scene is valid");
      } else if (actual.ok()) {
        if (std::string d = bit_difference(*actual, *expected); !d.empty()) failures.push_back(where + d);
      }
    }
  }
  return failures;
}

TEST(OpsSimd, EveryCpuHasThePlainAndTheBaselinePath) {
  const std::vector<SimdPath> paths = available_simd_paths();
  ASSERT_GE(paths.size(), 2u);
  EXPECT_EQ(paths[0], SimdPath::kPlain);
  EXPECT_EQ(paths[1], SimdPath::kBaseline);
  EXPECT_EQ(best_simd_path(), paths.back());
}

// Big enough that every thread gets rows and every path runs wide blocks, single vectors and a tail.
TEST(OpsSimd, LargeConvolutionIsIdenticalOnEveryPathAndThreadCount) {
  Scene s;
  s.params.op = Op::kConv2d;
  s.params.padding = {1, 2};
  s.params.padding_mode = PaddingMode::kReflect;
  std::mt19937 rng(7);
  std::uniform_real_distribution<float> value(-2.0f, 2.0f);
  s.input = Tensor({2, 4, 37, 203});
  for (float& v : s.input.values()) v = value(rng);
  s.weight = Tensor({6, 4, 3, 5});
  for (float& v : s.weight.values()) v = value(rng);
  s.bias = Tensor({6});
  for (float& v : s.bias->values()) v = value(rng);
  for (const std::string& f : compare_all_paths(s)) ADD_FAILURE() << f;
}

// One channel per group at vertical stride 1 computes two output rows at a time: odd and even row
// counts, ragged widths, every padding mode, plain and depthwise, with and without bias.
TEST(OpsSimd, RowPairsOfSingleChannelAndDepthwiseFiltersAreIdentical) {
  std::mt19937 rng(3);
  std::uniform_real_distribution<float> value(-2.0f, 2.0f);
  const PaddingMode modes[] = {PaddingMode::kZeros, PaddingMode::kReflect, PaddingMode::kReplicate,
                               PaddingMode::kCircular};
  for (PaddingMode mode : modes) {
    for (int64_t width : {3, 17, 63, 130}) {
      for (int64_t height : {3, 4, 9}) {
        for (int64_t channels : {1, 3}) {
          Scene s;
          s.params.op = Op::kConv2d;
          s.params.padding = {1, 2};
          s.params.padding_mode = mode;
          s.params.groups = channels;
          s.input = Tensor({1, channels, height, width});
          s.weight = Tensor({channels, 1, 3, 3});
          for (float& v : s.input.values()) v = value(rng);
          for (float& v : s.weight.values()) v = value(rng);
          if (channels == 3) {
            s.bias = Tensor({channels});
            for (float& v : s.bias->values()) v = value(rng);
          }
          for (const std::string& f : compare_all_paths(s))
            ADD_FAILURE() << "width " << width << ", height " << height << ", channels " << channels << ": "
                          << f;
        }
      }
    }
  }
}

// The vector paths start each sum of a row stack from its first product and add + 0 (or the bias) at
// the end, where the plain loop starts from 0: a window of negative zeros must still sum to +0, with
// no bias, a bias of −0 and a bias of +0, and a single negative-zero product too (a 1 × 1 kernel).
TEST(OpsSimd, ASumOfNegativeZerosIsPositiveZeroOnEveryPath) {
  for (int64_t k : {1, 3, 5}) {
    for (int bias_kind = 0; bias_kind < 3; ++bias_kind) {
      Scene s;
      s.params.op = Op::kConv2d;
      s.params.groups = 2;
      s.input = Tensor({1, 2, 9, 70});
      s.weight = Tensor({2, 1, k, k});
      for (float& v : s.weight.values()) v = -1.5f;  // 0 × −1.5 = −0
      if (bias_kind > 0) {
        s.bias = Tensor({2});
        for (float& v : s.bias->values()) v = bias_kind == 1 ? -0.0f : 0.0f;
      }
      for (const std::string& f : compare_all_paths(s)) ADD_FAILURE() << k << "x" << k << ": " << f;
      Result<Tensor> out = run(s, RunOptions{1, best_simd_path()});
      ASSERT_TRUE(out.ok());
      for (float v : out->values())
        ASSERT_FALSE(std::signbit(v)) << k << "x" << k << ", bias kind " << bias_kind;
    }
  }
}

// Outputs of several megabytes, as the window computes in the background while counting rows done: row
// stacks, channel blocks and odd row counts, ragged widths, on every path and thread count.
TEST(OpsSimd, LargeOutputsAreIdentical) {
  std::mt19937 rng(11);
  std::uniform_real_distribution<float> value(-2.0f, 2.0f);
  struct Case {
    int64_t in_c, out_c, groups, h, w;
    PaddingMode mode;
    int64_t k = 3;
  };
  const Case cases[] = {
      {1, 1, 1, 1101, 1003, PaddingMode::kReflect},  // rows in fours, an odd row count, a ragged width
      {3, 3, 3, 419, 1021, PaddingMode::kZeros},     // depthwise
      {2, 4, 1, 301, 997, PaddingMode::kCircular},   // channel blocks
      // Past the size whose stores stream by the cache (16 MiB): rows a multiple of every vector
      // length, so every row of a stack streams; a ragged width, so only the first does; row pairs.
      {3, 3, 3, 1100, 1296, PaddingMode::kZeros},
      {1, 1, 1, 2051, 2053, PaddingMode::kReflect},
      {1, 1, 1, 2050, 2048, PaddingMode::kReplicate, 5},
  };
  for (const Case& c : cases) {
    Scene s;
    s.params.op = Op::kConv2d;
    s.params.padding = {c.k / 2, c.k / 2};
    s.params.padding_mode = c.mode;
    s.params.groups = c.groups;
    s.input = Tensor({1, c.in_c, c.h, c.w});
    s.weight = Tensor({c.out_c, c.in_c / c.groups, c.k, c.k});
    s.bias = Tensor({c.out_c});
    for (float& v : s.input.values()) v = value(rng);
    for (float& v : s.weight.values()) v = value(rng);
    for (float& v : s.bias->values()) v = value(rng);
    for (const std::string& f : compare_all_paths(s)) ADD_FAILURE() << c.h << "x" << c.w << ": " << f;
  }
}

TEST(OpsSimd, TheComparisonNoticesASingleChangedBit) {
  Tensor a({1, 3}, {1.0f, 0.0f, 2.0f});
  Tensor b({1, 3}, {1.0f, -0.0f, 2.0f});
  Tensor c({1, 3}, {1.0f, std::numeric_limits<float>::quiet_NaN(), 2.0f});
  EXPECT_FALSE(bit_difference(a, b).empty());
  EXPECT_FALSE(bit_difference(a, c).empty());
  EXPECT_FALSE(bit_difference(c, a).empty());
  EXPECT_TRUE(bit_difference(a, a).empty());
}

// --- Golden fixtures --------------------------------------------------------------------------

std::string golden_path(const std::string& relative) {
  return std::string(CONVSTEP_GOLDEN_DIR) + "/" + relative;
}

Dims read_dims(const json& v, int dims, int64_t fill) {
  Dims out{fill, fill};
  for (int i = 0; i < dims; ++i)
    out[static_cast<size_t>(i)] =
        v.is_number_integer() ? v.get<int64_t>() : v.at(static_cast<size_t>(i)).get<int64_t>();
  return out;
}

// The golden test's reading of a case, reduced to what the engine needs; false when a file is missing.
bool scene_from_case(const json& spec, Scene& scene) {
  auto op = parse_op(spec.at("op").get<std::string>());
  if (!op) return false;
  LayerParams& p = scene.params;
  p.op = *op;
  const int dims = spatial_dims(*op);
  const json& params = spec.at("params");
  if (params.contains("kernel_size")) p.kernel_size = read_dims(params["kernel_size"], dims, 1);
  p.stride_set = params.contains("stride");
  if (p.stride_set) p.stride = read_dims(params["stride"], dims, 1);
  if (params.contains("padding")) {
    const json& padding = params["padding"];
    if (padding == "same") {
      p.padding_kind = PaddingKind::kSame;
    } else if (padding == "valid") {
      p.padding_kind = PaddingKind::kValid;
    } else {
      p.padding = read_dims(padding, dims, 0);
    }
  }
  if (params.contains("dilation")) p.dilation = read_dims(params["dilation"], dims, 1);
  p.groups = params.value("groups", int64_t{1});
  if (params.contains("padding_mode")) {
    auto mode = parse_padding_mode(params["padding_mode"].get<std::string>());
    if (!mode) return false;
    p.padding_mode = *mode;
  }
  p.ceil_mode = params.value("ceil_mode", false);
  p.count_include_pad = params.value("count_include_pad", true);
  auto load = [&](const char* role, Tensor& into) {
    if (!spec.contains(role)) return true;
    auto t = read_npy(golden_path(spec[role].get<std::string>()));
    if (t) into = std::move(*t);
    return t.ok();
  };
  Tensor bias;
  if (!load("input", scene.input) || !load("weight", scene.weight) || !load("bias", bias)) return false;
  if (spec.contains("bias")) scene.bias = bias;
  return true;
}

TEST(OpsSimd, EveryGoldenFixtureIsIdenticalOnEveryPathAndThreadCount) {
  std::ifstream in(golden_path("manifest.json"));
  ASSERT_TRUE(in) << "cannot open the golden manifest";
  const json manifest = json::parse(in, nullptr, false);
  ASSERT_TRUE(manifest.contains("cases"));
  int computed = 0;
  for (const json& c : manifest["cases"]) {
    Scene scene;
    ASSERT_TRUE(scene_from_case(c, scene)) << c.dump();
    if (run_reference(scene).ok()) ++computed;
    for (const std::string& f : compare_all_paths(scene)) ADD_FAILURE() << c.value("id", "?") << ": " << f;
  }
  EXPECT_GT(computed, 20) << "too few fixtures computed to mean anything";
}

// --- Random scenes ----------------------------------------------------------------------------

float random_value(std::mt19937& rng) {
  // Mostly small integers (ties for max pools, exact sums) and fractions; now and then a value that
  // tests the special cases: NaN, ±infinity, −0.
  const int kind = static_cast<int>(rng() % 40);
  if (kind == 0) return std::numeric_limits<float>::quiet_NaN();
  if (kind == 1) return std::numeric_limits<float>::infinity();
  if (kind == 2) return -std::numeric_limits<float>::infinity();
  if (kind == 3) return -0.0f;
  if (kind < 20) return static_cast<float>(static_cast<int>(rng() % 7) - 3);
  return std::uniform_real_distribution<float>(-3.0f, 3.0f)(rng);
}

Scene random_scene(std::mt19937& rng) {
  auto pick = [&](int64_t lo, int64_t hi) {
    return lo + static_cast<int64_t>(rng() % static_cast<uint32_t>(hi - lo + 1));
  };
  static const Op kOps[] = {Op::kConv1d,    Op::kConv2d,    Op::kMaxPool1d, Op::kMaxPool2d,
                            Op::kAvgPool1d, Op::kAvgPool2d, Op::kSumPool1d, Op::kSumPool2d};
  Scene s;
  LayerParams& p = s.params;
  p.op = kOps[rng() % 8];
  const bool two_d = spatial_dims(p.op) == 2;
  const int64_t batch = pick(1, 2), width = pick(1, 70), height = two_d ? pick(1, 9) : 1;
  const int64_t kh = two_d ? pick(1, 4) : 1, kw = pick(1, 5);
  p.stride = {two_d ? pick(1, 3) : pick(1, 4), pick(1, 4)};
  p.dilation = {two_d ? pick(1, 2) : pick(1, 3), pick(1, 3)};
  if (!two_d) p.stride[1] = p.dilation[1] = 1;  // 1-D ops keep their values at index 0
  p.padding = {pick(0, 3), two_d ? pick(0, 3) : 0};
  if (is_conv(p.op)) {
    p.groups = pick(1, 3);
    const int64_t in_c = p.groups * pick(1, 3), out_c = p.groups * pick(1, 5);
    static const PaddingMode kModes[] = {PaddingMode::kZeros, PaddingMode::kReflect, PaddingMode::kReplicate,
                                         PaddingMode::kCircular};
    p.padding_mode = kModes[rng() % 4];
    if (rng() % 6 == 0 && p.stride[0] == 1 && p.stride[1] == 1) p.padding_kind = PaddingKind::kSame;
    s.input = two_d ? Tensor({batch, in_c, height, width}) : Tensor({batch, in_c, width});
    s.weight = two_d ? Tensor({out_c, in_c / p.groups, kh, kw}) : Tensor({out_c, in_c / p.groups, kw});
    if (rng() % 2) s.bias = Tensor({out_c});
  } else {
    p.kernel_size = {two_d ? kh : kw, kw};
    p.stride_set = rng() % 3 != 0;
    p.ceil_mode = rng() % 2;
    p.count_include_pad = rng() % 2;
    const int64_t c = pick(1, 3);
    s.input = two_d ? Tensor({batch, c, height, width}) : Tensor({batch, c, width});
  }
  for (float& v : s.input.values()) v = random_value(rng);
  for (float& v : s.weight.values()) v = random_value(rng);
  if (s.bias)
    for (float& v : s.bias->values()) v = random_value(rng);
  return s;
}

TEST(OpsSimd, RandomScenesAreIdenticalOnEveryPathAndThreadCount) {
  std::mt19937 rng(20240611);
  int valid = 0;
  for (int i = 0; i < 600; ++i) {
    const Scene scene = random_scene(rng);
    if (run_reference(scene).ok()) ++valid;
    for (const std::string& f : compare_all_paths(scene)) {
      ADD_FAILURE() << "random scene " << i << " (" << op_name(scene.params.op) << ", input "
                    << scene.input.shape_string() << "): " << f;
    }
  }
  EXPECT_GT(valid, 200) << "too few random scenes were valid to test anything";
}

TEST(OpsSimd, RunIntoReusesTheOutputAndGivesRunsResult) {
  Scene s;
  s.params.op = Op::kConv2d;
  s.params.padding = {1, 1};
  s.input = Tensor({1, 1, 5, 40}, 1.5f);
  s.weight = Tensor({2, 1, 3, 3}, 0.25f);
  Tensor out({1, 2, 5, 40}, 99.0f);
  const float* before = out.data();
  ASSERT_TRUE(run_into(s, out).ok());
  EXPECT_EQ(out.data(), before);
  EXPECT_TRUE(bit_difference(out, *run_reference(s)).empty());
  s.params.padding = {0, 0};
  ASSERT_TRUE(run_into(s, out).ok());
  EXPECT_EQ(out.shape(), (Shape{1, 2, 3, 38}));
}

TEST(OpsSimd, RunIntoLeavesTheOutputAloneOnError) {
  Scene s;
  s.params.op = Op::kConv2d;
  s.input = Tensor({1, 1, 2, 2}, 1.0f);
  s.weight = Tensor({1, 1, 3, 3}, 1.0f);
  Tensor out({1}, 5.0f);
  EXPECT_FALSE(run_into(s, out).ok());
  EXPECT_EQ(out, Tensor({1}, 5.0f));
}

}  // namespace
}  // namespace convstep
