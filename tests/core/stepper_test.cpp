// Tests of the stepper: every snapshot must agree with the full engine bit for bit, and every tap
// must be explainable from the input and weight tensors alone. Hand-picked scenes cover each op and
// parameter; a randomized sweep with a fixed seed covers their combinations.
#include "core/stepper.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <bit>
#include <cmath>
#include <cstdint>
#include <limits>
#include <map>
#include <random>
#include <string>
#include <tuple>
#include <vector>

#include "core/ops.h"

namespace convstep {
namespace {

constexpr float kInf = std::numeric_limits<float>::infinity();
constexpr float kNaN = std::numeric_limits<float>::quiet_NaN();

// Bit-identical, except that every NaN equals every NaN.
bool same_float(float a, float b) {
  if (std::isnan(a) || std::isnan(b)) return std::isnan(a) && std::isnan(b);
  return std::bit_cast<uint32_t>(a) == std::bit_cast<uint32_t>(b);
}

// Readable, non-integer, deterministic values so that summation order matters.
std::vector<float> ramp(int64_t n, int salt) {
  std::vector<float> v(static_cast<size_t>(n));
  for (int64_t i = 0; i < n; ++i)
    v[static_cast<size_t>(i)] = static_cast<float>((i * 37 + salt * 11) % 19 - 9) * 0.173f;
  return v;
}

Tensor filled(Shape shape, int salt) {
  const int64_t n = shape_numel(shape);
  return Tensor(std::move(shape), ramp(n, salt));
}

struct NamedScene {
  std::string name;
  Scene scene;
};

Scene conv_scene(Op op, Tensor input, Tensor weight, bool bias, LayerParams params) {
  params.op = op;
  Scene s;
  s.params = params;
  s.input = std::move(input);
  s.weight = std::move(weight);
  if (bias) s.bias = filled({s.weight.size(0)}, 7);
  return s;
}

Scene pool_scene(Op op, Tensor input, LayerParams params) {
  params.op = op;
  Scene s;
  s.params = params;
  s.input = std::move(input);
  return s;
}

LayerParams params2d(Dims stride, Dims padding, Dims dilation = {1, 1}, int64_t groups = 1,
                     PaddingMode mode = PaddingMode::kZeros) {
  LayerParams p;
  p.stride = stride;
  p.padding = padding;
  p.dilation = dilation;
  p.groups = groups;
  p.padding_mode = mode;
  return p;
}

LayerParams params1d(int64_t stride, int64_t padding, int64_t dilation = 1, int64_t groups = 1,
                     PaddingMode mode = PaddingMode::kZeros) {
  return params2d({stride, 1}, {padding, 0}, {dilation, 1}, groups, mode);
}

LayerParams pool2d(Dims kernel, bool stride_set, Dims stride, Dims padding, bool ceil_mode = false,
                   Dims dilation = {1, 1}, bool count_include_pad = true) {
  LayerParams p;
  p.kernel_size = kernel;
  p.stride_set = stride_set;
  p.stride = stride;
  p.padding = padding;
  p.dilation = dilation;
  p.ceil_mode = ceil_mode;
  p.count_include_pad = count_include_pad;
  return p;
}

LayerParams pool1d(int64_t kernel, bool stride_set, int64_t stride, int64_t padding, bool ceil_mode = false,
                   int64_t dilation = 1, bool count_include_pad = true) {
  return pool2d({kernel, 1}, stride_set, {stride, 1}, {padding, 0}, ceil_mode, {dilation, 1},
                count_include_pad);
}

Tensor article_input() {
  return Tensor({1, 1, 5, 5}, {1, 1, 1, 0, 0, 0, 1, 1, 1, 0, 0, 0, 1, 1, 1, 0, 0, 1, 1, 0, 0, 1, 1, 0, 0});
}
Tensor article_filter() {
  return Tensor({1, 1, 3, 3}, {1, 0, 1, 0, 1, 0, 1, 0, 1});
}

std::vector<NamedScene> hand_picked_scenes() {
  std::vector<NamedScene> v;
  v.push_back({"article 5x5",
               conv_scene(Op::kConv2d, article_input(), article_filter(), false, params2d({1, 1}, {0, 0}))});
  v.push_back({"conv2d 3->5 stride 2 padding 1, batch 2",
               conv_scene(Op::kConv2d, filled({2, 3, 7, 6}, 1), filled({5, 3, 3, 3}, 2), true,
                          params2d({2, 2}, {1, 1}))});
  v.push_back({"conv2d unbatched non-square kernel",
               conv_scene(Op::kConv2d, filled({2, 5, 6}, 3), filled({3, 2, 2, 3}, 4), true,
                          params2d({1, 2}, {0, 1}))});
  for (PaddingMode mode : {PaddingMode::kReflect, PaddingMode::kReplicate, PaddingMode::kCircular}) {
    v.push_back({std::string("conv2d padding_mode ") + padding_mode_name(mode),
                 conv_scene(Op::kConv2d, filled({1, 2, 4, 5}, 5), filled({2, 2, 3, 3}, 6), true,
                            params2d({1, 2}, {2, 1}, {1, 1}, 1, mode))});
    v.push_back({std::string("conv1d padding_mode ") + padding_mode_name(mode),
                 conv_scene(Op::kConv1d, filled({2, 6}, 5), filled({1, 2, 3}, 6), false,
                            params1d(1, 3, 1, 1, mode))});
  }
  v.push_back({"conv2d groups 2", conv_scene(Op::kConv2d, filled({1, 4, 5, 5}, 8), filled({6, 2, 3, 3}, 9),
                                             true, params2d({1, 1}, {1, 1}, {1, 1}, 2))});
  v.push_back({"conv2d depthwise", conv_scene(Op::kConv2d, filled({2, 3, 4, 4}, 10), filled({6, 1, 2, 2}, 11),
                                              false, params2d({1, 1}, {0, 0}, {1, 1}, 3))});
  v.push_back({"conv2d dilation 2 stride (2,1)",
               conv_scene(Op::kConv2d, filled({1, 1, 9, 8}, 12), filled({2, 1, 3, 2}, 13), true,
                          params2d({2, 1}, {1, 2}, {2, 2}))});
  {
    LayerParams same = params2d({1, 1}, {0, 0}, {2, 1});
    same.padding_kind = PaddingKind::kSame;
    v.push_back({"conv2d padding same, dilation",
                 conv_scene(Op::kConv2d, filled({1, 2, 6, 5}, 14), filled({1, 2, 3, 4}, 15), true, same)});
    LayerParams same1 = params1d(1, 0);
    same1.padding_kind = PaddingKind::kSame;
    same1.padding_mode = PaddingMode::kReflect;
    v.push_back({"conv1d padding same, even kernel, reflect",
                 conv_scene(Op::kConv1d, filled({1, 1, 7}, 16), filled({1, 1, 4}, 17), false, same1)});
  }
  // The article's tensor families.
  Tensor input_1d({1, 1, 10}, {1, 2, 3, 4, 5, 6, 7, 8, 9, 10});
  Tensor input_2d({1, 2, 5}, {1, 2, 3, 4, 5, 6, 7, 8, 9, 10});
  v.push_back({"conv1d input_1d stride 2",
               conv_scene(Op::kConv1d, input_1d, filled({1, 1, 3}, 18), true, params1d(2, 0))});
  v.push_back({"conv1d input_1d 5 filters",
               conv_scene(Op::kConv1d, input_1d, filled({5, 1, 3}, 19), true, params1d(1, 0))});
  v.push_back(
      {"conv1d input_2d", conv_scene(Op::kConv1d, input_2d, filled({1, 2, 2}, 20), true, params1d(1, 0))});
  v.push_back({"conv1d groups 2 dilation 2", conv_scene(Op::kConv1d, filled({2, 4, 9}, 21),
                                                        filled({4, 2, 3}, 22), true, params1d(1, 2, 2, 2))});
  v.push_back({"conv2d input_2d_img", conv_scene(Op::kConv2d, filled({1, 3, 3, 10}, 23),
                                                 filled({5, 3, 3, 3}, 24), true, params2d({1, 1}, {0, 0}))});
  // Pools.
  v.push_back({"max_pool2d default stride",
               pool_scene(Op::kMaxPool2d, filled({1, 2, 6, 6}, 25), pool2d({2, 2}, false, {1, 1}, {0, 0}))});
  v.push_back({"max_pool2d ceil_mode padding", pool_scene(Op::kMaxPool2d, filled({2, 1, 6, 7}, 26),
                                                          pool2d({3, 3}, true, {2, 2}, {1, 1}, true))});
  v.push_back(
      {"max_pool2d dilation ceil_mode", pool_scene(Op::kMaxPool2d, filled({1, 1, 8, 7}, 27),
                                                   pool2d({2, 3}, true, {2, 2}, {1, 1}, true, {2, 2}))});
  v.push_back(
      {"max_pool1d unbatched", pool_scene(Op::kMaxPool1d, filled({3, 9}, 28), pool1d(3, true, 2, 1, true))});
  for (bool include : {true, false}) {
    const std::string suffix = include ? " count_include_pad" : " no count_include_pad";
    v.push_back({"avg_pool2d ceil_mode" + suffix,
                 pool_scene(Op::kAvgPool2d, filled({1, 2, 6, 7}, 29),
                            pool2d({3, 3}, true, {2, 2}, {1, 1}, true, {1, 1}, include))});
    v.push_back(
        {"avg_pool1d ceil_mode overhang" + suffix,
         pool_scene(Op::kAvgPool1d, filled({1, 1, 5}, 30), pool1d(2, false, 2, 0, true, 1, include))});
    v.push_back({"avg_pool1d padding" + suffix,
                 pool_scene(Op::kAvgPool1d, filled({2, 8}, 31), pool1d(4, true, 3, 2, true, 1, include))});
  }
  v.push_back({"sum_pool2d stride 1",
               pool_scene(Op::kSumPool2d, filled({1, 1, 5, 5}, 32), pool2d({2, 2}, true, {1, 1}, {0, 0}))});
  v.push_back({"sum_pool2d ceil padding", pool_scene(Op::kSumPool2d, filled({3, 5, 6}, 33),
                                                     pool2d({3, 2}, true, {2, 2}, {1, 1}, true))});
  v.push_back(
      {"sum_pool1d", pool_scene(Op::kSumPool1d, filled({1, 2, 7}, 34), pool1d(3, false, 3, 1, true))});
  return v;
}

uint32_t next(std::mt19937& rng, uint32_t n) {
  return static_cast<uint32_t>(rng() % n);
}

// Random scenes with a fixed seed; invalid combinations are left to resolve_geometry and skipped.
std::vector<NamedScene> random_scenes(int wanted) {
  std::mt19937 rng(20261128);
  std::vector<NamedScene> v;
  constexpr Op kOps[] = {Op::kConv1d,    Op::kConv2d,    Op::kMaxPool1d, Op::kMaxPool2d,
                         Op::kAvgPool1d, Op::kAvgPool2d, Op::kSumPool1d, Op::kSumPool2d};
  for (int attempt = 0; attempt < wanted * 20 && static_cast<int>(v.size()) < wanted; ++attempt) {
    const Op op = kOps[next(rng, 8)];
    const bool two_d = spatial_dims(op) == 2;
    const bool batched = next(rng, 3) != 0;
    const int64_t n = 1 + next(rng, 2);
    const int64_t groups = is_conv(op) ? 1 + next(rng, 3) : 1;
    const int64_t in_c = groups * (1 + next(rng, 2));
    const int64_t out_c = groups * (1 + next(rng, 2));
    Dims in{two_d ? 1 + next(rng, 7) : 1 + next(rng, 12), two_d ? 1 + next(rng, 7) : 1};
    Dims k{1 + next(rng, 4), two_d ? 1 + next(rng, 4) : 1};
    LayerParams p;
    p.op = op;
    p.kernel_size = k;
    p.stride_set = next(rng, 4) != 0;
    p.stride = {1 + next(rng, 3), two_d ? 1 + next(rng, 3) : 1};
    p.padding = {next(rng, 3), two_d ? next(rng, 3) : 0};
    p.dilation = {1 + next(rng, 2), two_d ? 1 + next(rng, 2) : 1};
    if (op == Op::kAvgPool1d || op == Op::kAvgPool2d || op == Op::kSumPool1d || op == Op::kSumPool2d)
      p.dilation = {1, 1};
    p.groups = groups;
    p.ceil_mode = next(rng, 2) != 0;
    p.count_include_pad = next(rng, 2) != 0;
    if (is_conv(op)) {
      p.padding_mode = static_cast<PaddingMode>(next(rng, 4));
      const uint32_t kind = next(rng, 6);
      if (kind == 0) {
        p.padding_kind = PaddingKind::kSame;
        p.stride = {1, 1};
      } else if (kind == 1) {
        p.padding_kind = PaddingKind::kValid;
      }
    }
    Shape in_shape = two_d ? Shape{in_c, in[0], in[1]} : Shape{in_c, in[0]};
    if (batched) in_shape.insert(in_shape.begin(), n);
    Tensor input(in_shape);
    // Small integers make ties (max pool) and exact sums likely; a few specials test NaN/inf handling.
    for (float& x : input.values()) {
      const uint32_t r = next(rng, 40);
      x = r == 0   ? kNaN
          : r == 1 ? -kInf
          : r == 2 ? kInf
                   : static_cast<float>(static_cast<int>(next(rng, 9)) - 4) * 0.37f;
    }
    Scene s;
    s.params = p;
    s.input = std::move(input);
    if (is_conv(op)) {
      Shape w_shape = two_d ? Shape{out_c, in_c / groups, k[0], k[1]} : Shape{out_c, in_c / groups, k[0]};
      s.weight = filled(w_shape, static_cast<int>(next(rng, 100)));
      if (next(rng, 2)) s.bias = filled({out_c}, static_cast<int>(next(rng, 100)));
    }
    if (!Stepper::create(s)) continue;
    v.push_back({"random scene " + std::to_string(v.size()) + " (" + op_name(op) + ")", std::move(s)});
  }
  return v;
}

std::vector<NamedScene> all_scenes() {
  std::vector<NamedScene> v = hand_picked_scenes();
  for (NamedScene& s : random_scenes(300)) v.push_back(std::move(s));
  return v;
}

Stepper make_stepper(const Scene& scene) {
  Result<Stepper> stepper = Stepper::create(scene);
  EXPECT_TRUE(stepper.ok()) << (stepper.ok() ? "" : stepper.message());
  return std::move(stepper).value();
}

int64_t flat_input_index(const Geometry& g, int64_t b, int64_t c, int64_t y, int64_t x) {
  return ((b * g.in_channels + c) * g.h.in + y) * g.w.in + x;
}

// Where a padded coordinate reads from, written out independently of core/ops so the two can disagree.
int64_t reference_source(int64_t p, int64_t n, int64_t before, PaddingMode mode) {
  const int64_t i = p - before;
  if (i >= 0 && i < n) return i;
  switch (mode) {
    case PaddingMode::kZeros:
      return -1;
    case PaddingMode::kReplicate:
      return i < 0 ? 0 : n - 1;
    case PaddingMode::kReflect:
      return i < 0 ? -i : 2 * (n - 1) - i;
    case PaddingMode::kCircular:
      return ((i % n) + n) % n;
  }
  return -1;
}

bool snapshots_equal(const Snapshot& a, const Snapshot& b) {
  if (std::tie(a.step, a.batch, a.out_channel, a.out_y, a.out_x, a.origin_y, a.origin_x, a.has_bias, a.winner,
               a.divisor, a.partial_window, a.overhang_y, a.overhang_x) !=
      std::tie(b.step, b.batch, b.out_channel, b.out_y, b.out_x, b.origin_y, b.origin_x, b.has_bias, b.winner,
               b.divisor, b.partial_window, b.overhang_y, b.overhang_x))
    return false;
  if (!same_float(a.bias, b.bias) || !same_float(a.result, b.result) || !same_float(a.sum, b.sum))
    return false;
  if (a.taps.size() != b.taps.size() || a.partials.size() != b.partials.size()) return false;
  for (size_t t = 0; t < a.taps.size(); ++t) {
    const Tap& x = a.taps[t];
    const Tap& y = b.taps[t];
    if (std::tie(x.in_channel, x.ky, x.kx, x.padded_y, x.padded_x, x.source, x.source_y, x.source_x) !=
            std::tie(y.in_channel, y.ky, y.kx, y.padded_y, y.padded_x, y.source, y.source_y, y.source_x) ||
        !same_float(x.value, y.value) || !same_float(x.weight, y.weight) || !same_float(x.product, y.product))
      return false;
  }
  for (size_t p = 0; p < a.partials.size(); ++p)
    if (a.partials[p].in_channel != b.partials[p].in_channel ||
        !same_float(a.partials[p].sum, b.partials[p].sum))
      return false;
  return true;
}

std::string taps_text(const Snapshot& s) {
  std::string text;
  for (const Tap& t : s.taps) {
    if (!text.empty()) text += ' ';
    text += format_value(t.value) + "×" + format_value(t.weight);
  }
  return text;
}

TEST(Stepper, SteppingThroughEveryOutputReproducesTheEngineBitForBit) {
  for (const NamedScene& ns : all_scenes()) {
    SCOPED_TRACE(ns.name);
    const Stepper stepper = make_stepper(ns.scene);
    Result<Tensor> expected = run(ns.scene);
    ASSERT_TRUE(expected.ok()) << expected.message();
    ASSERT_EQ(stepper.step_count(), expected->numel());
    for (int64_t i = 0; i < stepper.step_count(); ++i) {
      const float want = expected->values()[static_cast<size_t>(i)];
      const float got = stepper.snapshot(i).result;
      EXPECT_TRUE(same_float(got, want)) << "step " << i << ": stepper " << got << ", run() " << want;
    }
  }
}

TEST(Stepper, EveryTapIsExplainedByTheInputAndWeightTensors) {
  for (const NamedScene& ns : all_scenes()) {
    SCOPED_TRACE(ns.name);
    const Stepper stepper = make_stepper(ns.scene);
    const Geometry& g = stepper.geometry();
    const bool conv = is_conv(g.op);
    const PaddingMode mode = conv ? g.padding_mode : PaddingMode::kZeros;
    const float* input = ns.scene.input.data();
    for (int64_t i = 0; i < stepper.step_count(); ++i) {
      const Snapshot s = stepper.snapshot(i);
      SCOPED_TRACE("step " + std::to_string(i));
      EXPECT_EQ(s.origin_y, s.out_y * g.h.stride);
      EXPECT_EQ(s.origin_x, s.out_x * g.w.stride);
      const int64_t channels = conv ? g.in_channels_per_group() : 1;
      const int64_t first_channel =
          conv ? (s.out_channel / g.out_channels_per_group()) * channels : s.out_channel;
      const int64_t rows = g.h.kernel - s.overhang_y;
      const int64_t cols = g.w.kernel - s.overhang_x;
      ASSERT_EQ(static_cast<int64_t>(s.taps.size()), channels * rows * cols);
      size_t t = 0;
      for (int64_t j = 0; j < channels; ++j) {
        for (int64_t ky = 0; ky < rows; ++ky) {
          for (int64_t kx = 0; kx < cols; ++kx, ++t) {
            const Tap& tap = s.taps[t];
            EXPECT_EQ(tap.in_channel, first_channel + j);
            EXPECT_EQ(tap.ky, ky);
            EXPECT_EQ(tap.kx, kx);
            EXPECT_EQ(tap.padded_y, s.origin_y + ky * g.h.dilation);
            EXPECT_EQ(tap.padded_x, s.origin_x + kx * g.w.dilation);
            EXPECT_LT(tap.padded_y, g.h.padded());
            EXPECT_LT(tap.padded_x, g.w.padded());
            const int64_t sy = reference_source(tap.padded_y, g.h.in, g.h.pad_before, mode);
            const int64_t sx = reference_source(tap.padded_x, g.w.in, g.w.pad_before, mode);
            if (sy < 0 || sx < 0) {
              EXPECT_EQ(tap.source, TapSource::kZeroPadding);
              EXPECT_EQ(tap.source_y, -1);
              EXPECT_EQ(tap.source_x, -1);
              EXPECT_TRUE(same_float(tap.value, is_max_pool(g.op) ? -kInf : 0.0f));
            } else {
              const bool inside = tap.padded_y - g.h.pad_before == sy && tap.padded_x - g.w.pad_before == sx;
              EXPECT_EQ(tap.source, inside ? TapSource::kInput : TapSource::kCopiedPadding);
              EXPECT_EQ(tap.source_y, sy);
              EXPECT_EQ(tap.source_x, sx);
              EXPECT_TRUE(same_float(tap.value, input[flat_input_index(g, s.batch, tap.in_channel, sy, sx)]));
            }
            const float w = conv ? ns.scene.weight.values()[static_cast<size_t>(
                                       ((s.out_channel * channels + j) * g.h.kernel + ky) * g.w.kernel + kx)]
                                 : 1.0f;
            EXPECT_TRUE(same_float(tap.weight, w));
            EXPECT_TRUE(same_float(tap.product, tap.value * tap.weight));
          }
        }
      }
    }
  }
}

TEST(Stepper, PartialSumsPerInputChannelAddUpToTheResult) {
  for (const NamedScene& ns : all_scenes()) {
    const Stepper stepper = make_stepper(ns.scene);
    if (!is_conv(stepper.geometry().op)) continue;
    SCOPED_TRACE(ns.name);
    for (int64_t i = 0; i < stepper.step_count(); ++i) {
      const Snapshot s = stepper.snapshot(i);
      ASSERT_EQ(static_cast<int64_t>(s.partials.size()), stepper.geometry().in_channels_per_group());
      double total = s.has_bias ? s.bias : 0.0;
      double magnitude = std::abs(total);
      for (const ChannelPartial& p : s.partials) {
        float own = 0;
        for (const Tap& t : s.taps)
          if (t.in_channel == p.in_channel) own += t.product;
        EXPECT_TRUE(same_float(p.sum, own));
        total += p.sum;
        magnitude += std::abs(p.sum);
      }
      if (std::isfinite(s.result)) {
        EXPECT_NEAR(total, s.result, 1e-5 * (1 + magnitude)) << "step " << i;
      }
    }
  }
}

TEST(Stepper, ArticleExampleGivesTheArticlesFeatureMapAndTaps) {
  const Stepper stepper = make_stepper(hand_picked_scenes()[0].scene);
  ASSERT_EQ(stepper.step_count(), 9);
  const float expected[9] = {4, 3, 4, 2, 4, 3, 2, 3, 4};
  for (int64_t i = 0; i < 9; ++i) EXPECT_EQ(stepper.snapshot(i).result, expected[i]) << "step " << i;
  EXPECT_EQ(taps_text(stepper.snapshot(0)), "1×1 1×0 1×1 0×0 1×1 1×0 0×1 0×0 1×1");
  const Snapshot last = stepper.snapshot(8);
  EXPECT_EQ(last.out_y, 2);
  EXPECT_EQ(last.out_x, 2);
  EXPECT_EQ(last.origin_y, 2);
  EXPECT_EQ(last.origin_x, 2);
  EXPECT_FALSE(last.has_bias);
}

TEST(Stepper, ReflectReplicateAndCircularPaddingCopyTheRightInputCells) {
  // Input a b c d with padding 2 on both sides; the padded rows are, by hand:
  //   reflect:   c b | a b c d | c b
  //   replicate: a a | a b c d | d d
  //   circular:  c d | a b c d | a b
  struct Case {
    PaddingMode mode;
    std::vector<int64_t> sources;
  };
  const Case cases[] = {{PaddingMode::kReflect, {2, 1, 0, 1, 2, 3, 2, 1}},
                        {PaddingMode::kReplicate, {0, 0, 0, 1, 2, 3, 3, 3}},
                        {PaddingMode::kCircular, {2, 3, 0, 1, 2, 3, 0, 1}}};
  for (const Case& c : cases) {
    SCOPED_TRACE(padding_mode_name(c.mode));
    const Scene scene = conv_scene(Op::kConv1d, Tensor({1, 1, 4}, {10, 20, 30, 40}), Tensor({1, 1, 8}, 1.0f),
                                   false, params1d(1, 2, 1, 1, c.mode));
    const Stepper stepper = make_stepper(scene);
    ASSERT_EQ(stepper.step_count(), 1);
    const Snapshot s = stepper.snapshot(0);
    ASSERT_EQ(s.taps.size(), 8u);
    float sum = 0;
    for (size_t t = 0; t < 8; ++t) {
      const bool padding = t < 2 || t >= 6;
      EXPECT_EQ(s.taps[t].source, padding ? TapSource::kCopiedPadding : TapSource::kInput) << "tap " << t;
      EXPECT_EQ(s.taps[t].source_x, c.sources[t]) << "tap " << t;
      EXPECT_EQ(s.taps[t].source_y, 0);
      EXPECT_EQ(s.taps[t].value, 10.0f * static_cast<float>(c.sources[t] + 1)) << "tap " << t;
      sum += 10.0f * static_cast<float>(c.sources[t] + 1);
    }
    EXPECT_EQ(s.result, sum);
  }
}

TEST(Stepper, ZeroPaddingTapsHoldZeroAndNoSourceCell) {
  const Scene scene =
      conv_scene(Op::kConv2d, article_input(), article_filter(), false, params2d({1, 1}, {1, 1}));
  const Stepper stepper = make_stepper(scene);
  ASSERT_EQ(stepper.step_count(), 25);
  const Snapshot s = stepper.snapshot(0);
  EXPECT_EQ(s.taps[0].source, TapSource::kZeroPadding);
  EXPECT_EQ(s.taps[0].source_x, -1);
  EXPECT_EQ(s.taps[0].value, 0.0f);
  EXPECT_EQ(s.taps[4].source, TapSource::kInput);
  EXPECT_EQ(s.taps[4].source_y, 0);
  EXPECT_EQ(s.taps[4].source_x, 0);
  EXPECT_EQ(s.result, 2.0f);  // the centre 1 and the diagonal 1 at (1,1)
}

TEST(Stepper, GroupedConvolutionReadsOnlyTheChannelsOfItsGroup) {
  // 6 input channels in 3 groups, 6 output channels: output channel c reads input channels 2*(c/2) and
  // 2*(c/2)+1.
  const Scene scene = conv_scene(Op::kConv2d, filled({1, 6, 3, 3}, 40), filled({6, 2, 2, 2}, 41), true,
                                 params2d({1, 1}, {0, 0}, {1, 1}, 3));
  const Stepper stepper = make_stepper(scene);
  for (int64_t c = 0; c < 6; ++c) {
    const Snapshot s = stepper.snapshot(stepper.step_of(0, c, 1, 1));
    ASSERT_EQ(s.partials.size(), 2u);
    EXPECT_EQ(s.partials[0].in_channel, 2 * (c / 2));
    EXPECT_EQ(s.partials[1].in_channel, 2 * (c / 2) + 1);
    for (const Tap& t : s.taps) EXPECT_EQ(t.in_channel / 2, c / 2);
  }
}

TEST(Stepper, MaxPoolWinnerFollowsPyTorchsTieAndNaNRules) {
  auto winner_of = [](std::vector<float> values, int64_t padding, int64_t stride) {
    const int64_t n = static_cast<int64_t>(values.size());
    const Scene scene =
        pool_scene(Op::kMaxPool1d, Tensor({1, 1, n}, std::move(values)), pool1d(n, true, stride, padding));
    return make_stepper(scene).snapshot(0);
  };
  // torch.nn.functional.max_pool1d(..., return_indices=True) on these inputs gives these indices.
  Snapshot ties = winner_of({1, 3, 3, 2}, 0, 4);
  EXPECT_EQ(ties.winner, 1);
  EXPECT_EQ(ties.result, 3.0f);
  Snapshot nans = winner_of({1, kNaN, 3, kNaN, 2}, 0, 5);
  EXPECT_EQ(nans.winner, 3);  // PyTorch replaces on NaN, so the last NaN is reported
  EXPECT_TRUE(std::isnan(nans.result));
  // Window over [pad, -inf, -inf] (padding 1): PyTorch reports the first input cell, never padding.
  Snapshot infs = winner_of({-kInf, -kInf, 3}, 1, 3);
  EXPECT_EQ(infs.taps[static_cast<size_t>(infs.winner)].source, TapSource::kInput);
  EXPECT_EQ(infs.taps[static_cast<size_t>(infs.winner)].source_x, 0);
  EXPECT_EQ(infs.result, -kInf);
}

TEST(Stepper, MaxPoolWinnersAreTheCellsPyTorchReturnsAsIndices) {
  // x[i] = (7*i) % 5 with a NaN at 8, shape (1,1,5,6); torch 1.13:
  // max_pool2d(x, (2,3), stride=(2,2), padding=(1,1), dilation=(2,1), ceil_mode=True, return_indices=True)
  std::vector<float> values(30);
  for (size_t i = 0; i < values.size(); ++i) values[i] = static_cast<float>((i * 7) % 5);
  values[8] = kNaN;
  const Scene scene = pool_scene(Op::kMaxPool2d, Tensor({1, 1, 5, 6}, values),
                                 pool2d({2, 3}, true, {2, 2}, {1, 1}, true, {2, 1}));
  const Stepper stepper = make_stepper(scene);
  ASSERT_EQ(stepper.geometry().output_shape(), (Shape{1, 1, 3, 4}));
  const int64_t indices[12] = {7, 8, 9, 11, 7, 8, 22, 11, 19, 19, 22, 23};
  const float results[12] = {4, kNaN, 3, 2, 4, kNaN, 4, 2, 3, 3, 4, 1};
  for (int64_t i = 0; i < 12; ++i) {
    const Snapshot s = stepper.snapshot(i);
    const Tap& winner = s.taps[static_cast<size_t>(s.winner)];
    EXPECT_EQ(winner.source_y * 6 + winner.source_x, indices[i]) << "step " << i;
    EXPECT_TRUE(same_float(s.result, results[i])) << "step " << i;
  }
}

TEST(Stepper, MaxPoolWinnerHoldsTheResultInEveryScene) {
  for (const NamedScene& ns : all_scenes()) {
    const Stepper stepper = make_stepper(ns.scene);
    if (!is_max_pool(stepper.geometry().op)) continue;
    SCOPED_TRACE(ns.name);
    for (int64_t i = 0; i < stepper.step_count(); ++i) {
      const Snapshot s = stepper.snapshot(i);
      ASSERT_GE(s.winner, 0);
      ASSERT_LT(s.winner, static_cast<int64_t>(s.taps.size()));
      EXPECT_TRUE(same_float(s.taps[static_cast<size_t>(s.winner)].value, s.result));
      // The first maximum: no earlier tap is as large (NaN and -inf windows have their own rules).
      if (std::isnan(s.result) || s.result == -kInf) continue;
      for (int64_t t = 0; t < s.winner; ++t) EXPECT_FALSE(s.taps[static_cast<size_t>(t)].value >= s.result);
    }
  }
}

TEST(Stepper, AvgPoolCeilModeClipsTheOverhangingWindowAsPyTorchDoes) {
  // torch: avg_pool1d(1..5, kernel_size=2, stride=2, ceil_mode=True) = [1.5, 3.5, 5.0]
  Scene scene = pool_scene(Op::kAvgPool1d, Tensor({1, 1, 5}, {1, 2, 3, 4, 5}), pool1d(2, false, 2, 0, true));
  Stepper stepper = make_stepper(scene);
  ASSERT_EQ(stepper.step_count(), 3);
  EXPECT_EQ(stepper.snapshot(0).result, 1.5f);
  EXPECT_EQ(stepper.snapshot(1).result, 3.5f);
  const Snapshot last = stepper.snapshot(2);
  EXPECT_EQ(last.result, 5.0f);
  EXPECT_TRUE(last.partial_window);
  EXPECT_EQ(last.overhang_x, 1);
  EXPECT_EQ(last.overhang_y, 0);
  EXPECT_EQ(last.taps.size(), 1u);
  EXPECT_EQ(last.divisor, 1);
  EXPECT_FALSE(stepper.snapshot(1).partial_window);

  // torch: avg_pool1d(1..5, 3, stride=2, padding=1, ceil_mode=True, count_include_pad=False) = [1.5, 3, 4.5]
  scene =
      pool_scene(Op::kAvgPool1d, Tensor({1, 1, 5}, {1, 2, 3, 4, 5}), pool1d(3, true, 2, 1, true, 1, false));
  stepper = make_stepper(scene);
  ASSERT_EQ(stepper.step_count(), 3);
  EXPECT_EQ(stepper.snapshot(0).result, 1.5f);
  EXPECT_EQ(stepper.snapshot(0).divisor, 2);
  EXPECT_EQ(stepper.snapshot(1).result, 3.0f);
  EXPECT_EQ(stepper.snapshot(2).result, 4.5f);
  // ... and with count_include_pad=True: [1, 3, 3]
  scene.params.count_include_pad = true;
  stepper = make_stepper(scene);
  EXPECT_EQ(stepper.snapshot(0).result, 1.0f);
  EXPECT_EQ(stepper.snapshot(2).result, 3.0f);
  EXPECT_EQ(stepper.snapshot(2).divisor, 3);
}

TEST(Stepper, SumPoolIsTheWindowSumWithDivisorOne) {
  const Scene scene = pool_scene(Op::kSumPool2d, article_input(), pool2d({3, 3}, true, {1, 1}, {0, 0}));
  const Stepper stepper = make_stepper(scene);
  const Snapshot s = stepper.snapshot(0);
  EXPECT_EQ(s.divisor, 1);
  EXPECT_EQ(s.sum, 6.0f);
  EXPECT_EQ(s.result, 6.0f);
}

TEST(Stepper, RunningValueAtTheLastTapGivesTheResult) {
  for (const NamedScene& ns : all_scenes()) {
    SCOPED_TRACE(ns.name);
    const Stepper stepper = make_stepper(ns.scene);
    const Op op = stepper.geometry().op;
    for (int64_t i = 0; i < stepper.step_count(); ++i) {
      const Snapshot s = stepper.snapshot(i);
      const int64_t last = static_cast<int64_t>(s.taps.size()) - 1;
      const float running = Stepper::running_value(s, last, op);
      float finished = running;
      if (is_conv(op) && s.has_bias) finished = running + s.bias;
      if (op == Op::kAvgPool1d || op == Op::kAvgPool2d) finished = running / static_cast<float>(s.divisor);
      EXPECT_TRUE(same_float(finished, s.result)) << "step " << i;
      if (!is_conv(op) && !is_max_pool(op)) {
        EXPECT_TRUE(same_float(running, s.sum));
      }
    }
  }
}

TEST(Stepper, RunningValueGrowsTapByTap) {
  const Stepper stepper = make_stepper(hand_picked_scenes()[0].scene);
  const Snapshot s = stepper.snapshot(0);  // 1×1 1×0 1×1 0×0 1×1 1×0 0×1 0×0 1×1
  const float expected[9] = {1, 1, 2, 2, 3, 3, 3, 3, 4};
  EXPECT_EQ(Stepper::running_value(s, -1, Op::kConv2d), 0.0f);
  for (int64_t t = 0; t < 9; ++t)
    EXPECT_EQ(Stepper::running_value(s, t, Op::kConv2d), expected[t]) << "tap " << t;

  const Scene pool =
      pool_scene(Op::kMaxPool1d, Tensor({1, 1, 5}, {2, 1, 5, kNaN, 7}), pool1d(5, false, 5, 0));
  const Snapshot m = make_stepper(pool).snapshot(0);
  EXPECT_EQ(Stepper::running_value(m, -1, Op::kMaxPool1d), -kInf);
  EXPECT_EQ(Stepper::running_value(m, 0, Op::kMaxPool1d), 2.0f);
  EXPECT_EQ(Stepper::running_value(m, 1, Op::kMaxPool1d), 2.0f);
  EXPECT_EQ(Stepper::running_value(m, 2, Op::kMaxPool1d), 5.0f);
  EXPECT_TRUE(std::isnan(Stepper::running_value(m, 3, Op::kMaxPool1d)));
  EXPECT_TRUE(std::isnan(Stepper::running_value(m, 4, Op::kMaxPool1d)));
}

TEST(Stepper, PartialOutputFillsStepsInOrderAndLeavesTheRestNaN) {
  for (const NamedScene& ns : all_scenes()) {
    SCOPED_TRACE(ns.name);
    const Stepper stepper = make_stepper(ns.scene);
    Result<Tensor> full = run(ns.scene);
    ASSERT_TRUE(full.ok());
    const int64_t count = stepper.step_count();
    for (int64_t done : {int64_t{0}, count / 2, count - 1, count}) {
      const Tensor partial = stepper.partial_output(done);
      ASSERT_EQ(partial.shape(), full->shape());
      for (int64_t i = 0; i < count; ++i) {
        const float got = partial.values()[static_cast<size_t>(i)];
        if (i < done)
          EXPECT_TRUE(same_float(got, full->values()[static_cast<size_t>(i)]))
              << "done " << done << " element " << i;
        else
          EXPECT_TRUE(std::isnan(got)) << "done " << done << " element " << i;
      }
    }
  }
}

TEST(Stepper, OutputIndexAndStepOfAreInversesInPyTorchOrder) {
  const Stepper stepper = make_stepper(hand_picked_scenes()[1].scene);  // output (2, 5, 4, 3)
  const Geometry& g = stepper.geometry();
  EXPECT_EQ(stepper.geometry().output_shape(), (Shape{2, 5, 4, 3}));
  int64_t i = 0;
  for (int64_t b = 0; b < g.batch; ++b)
    for (int64_t c = 0; c < g.out_channels; ++c)
      for (int64_t y = 0; y < g.h.out; ++y)
        for (int64_t x = 0; x < g.w.out; ++x, ++i) {
          EXPECT_EQ(stepper.step_of(b, c, y, x), i);
          int64_t bb = -1, cc = -1, yy = -1, xx = -1;
          stepper.output_index(i, &bb, &cc, &yy, &xx);
          EXPECT_EQ(std::tie(bb, cc, yy, xx), std::tie(b, c, y, x));
          const Snapshot s = stepper.snapshot(i);
          EXPECT_EQ(std::tie(s.step, s.batch, s.out_channel, s.out_y, s.out_x), std::tie(i, b, c, y, x));
        }
  EXPECT_EQ(stepper.step_of(0, 5, 0, 0), -1);
  EXPECT_EQ(stepper.step_of(0, 0, 4, 0), -1);
}

TEST(Stepper, SnapshotIsAPureFunctionOfTheStep) {
  for (const NamedScene& ns : all_scenes()) {
    SCOPED_TRACE(ns.name);
    const Stepper stepper = make_stepper(ns.scene);
    const int64_t count = stepper.step_count();
    std::vector<Snapshot> forward;
    for (int64_t i = 0; i < count; ++i) forward.push_back(stepper.snapshot(i));
    for (int64_t i = count - 1; i >= 0; --i) {
      EXPECT_TRUE(snapshots_equal(stepper.snapshot(i), forward[static_cast<size_t>(i)])) << "step " << i;
      EXPECT_EQ(forward[static_cast<size_t>(i)].step, i);
    }
    EXPECT_TRUE(snapshots_equal(stepper.snapshot(-3), forward.front()));
    EXPECT_TRUE(snapshots_equal(stepper.snapshot(count + 7), forward.back()));
  }
}

TEST(Stepper, StepsReadingMatchesEverySnapshotsTaps) {
  for (const NamedScene& ns : all_scenes()) {
    SCOPED_TRACE(ns.name);
    const Stepper stepper = make_stepper(ns.scene);
    const Geometry& g = stepper.geometry();
    std::map<std::tuple<int64_t, int64_t, int64_t, int64_t>, std::vector<int64_t>> readers;
    for (int64_t i = 0; i < stepper.step_count(); ++i) {
      const Snapshot s = stepper.snapshot(i);
      for (const Tap& t : s.taps) {
        if (t.source == TapSource::kZeroPadding) continue;
        std::vector<int64_t>& steps = readers[{s.batch, t.in_channel, t.source_y, t.source_x}];
        if (steps.empty() || steps.back() != i) steps.push_back(i);
      }
    }
    for (int64_t b = 0; b < g.batch; ++b)
      for (int64_t c = 0; c < g.in_channels; ++c)
        for (int64_t y = 0; y < g.h.in; ++y)
          for (int64_t x = 0; x < g.w.in; ++x) {
            const auto it = readers.find({b, c, y, x});
            const std::vector<int64_t> expected = it == readers.end() ? std::vector<int64_t>{} : it->second;
            EXPECT_EQ(stepper.steps_reading(b, c, y, x), expected)
                << "cell " << b << "," << c << "," << y << "," << x;
          }
    EXPECT_TRUE(stepper.steps_reading(g.batch, 0, 0, 0).empty());
    EXPECT_TRUE(stepper.steps_reading(0, g.in_channels, 0, 0).empty());
    EXPECT_TRUE(stepper.steps_reading(0, 0, g.h.in, 0).empty());
    EXPECT_TRUE(stepper.steps_reading(0, 0, 0, -1).empty());
  }
}

TEST(Stepper, StepsReadingIncludesReadsThroughReflectPadding) {
  // Reflect padding 2 on a b c d: the leftmost window (c b a) reads c through the padding.
  const Scene scene = conv_scene(Op::kConv1d, Tensor({1, 1, 4}, {1, 2, 3, 4}), Tensor({1, 1, 3}, 1.0f), false,
                                 params1d(1, 2, 1, 1, PaddingMode::kReflect));
  const Stepper stepper = make_stepper(scene);
  ASSERT_EQ(stepper.step_count(), 6);  // padded: c b a b c d c b
  EXPECT_EQ(stepper.steps_reading(0, 0, 0, 2), (std::vector<int64_t>{0, 2, 3, 4, 5}));
  EXPECT_EQ(stepper.steps_reading(0, 0, 0, 0), (std::vector<int64_t>{0, 1, 2}));
}

TEST(Stepper, CreateRefusesAnInvalidSceneWithAMessage) {
  const Scene scene = conv_scene(Op::kConv2d, filled({1, 1, 2, 2}, 1), filled({1, 1, 3, 3}, 2), false,
                                 params2d({1, 1}, {0, 0}));
  Result<Stepper> stepper = Stepper::create(scene);
  ASSERT_FALSE(stepper.ok());
  EXPECT_FALSE(stepper.message().empty());
}

TEST(Stepper, RandomSweepCoversEveryOpAndParameter) {
  // Guards the sweep itself: if validation rejected most combinations, the tests above would prove little.
  const std::vector<NamedScene> scenes = random_scenes(300);
  EXPECT_EQ(scenes.size(), 300u);
  int per_op[8] = {}, per_mode[4] = {};
  int grouped = 0, dilated = 0, unbatched = 0, same = 0, partial_windows = 0, copied_taps = 0;
  for (const NamedScene& ns : scenes) {
    const LayerParams& p = ns.scene.params;
    ++per_op[static_cast<int>(p.op)];
    if (is_conv(p.op)) ++per_mode[static_cast<int>(p.padding_mode)];
    grouped += p.groups > 1;
    dilated += p.dilation[0] > 1 || p.dilation[1] > 1;
    unbatched += ns.scene.input.dim() == spatial_dims(p.op) + 1;
    same += p.padding_kind == PaddingKind::kSame;
    const Stepper stepper = make_stepper(ns.scene);
    bool partial = false, copied = false;
    for (int64_t i = 0; i < stepper.step_count(); ++i) {
      const Snapshot s = stepper.snapshot(i);
      partial |= s.partial_window;
      for (const Tap& t : s.taps) copied |= t.source == TapSource::kCopiedPadding;
    }
    partial_windows += partial;
    copied_taps += copied;
  }
  for (int count : per_op) EXPECT_GE(count, 10);
  for (int count : per_mode) EXPECT_GE(count, 5);
  EXPECT_GE(grouped, 10);
  EXPECT_GE(dilated, 10);
  EXPECT_GE(unbatched, 10);
  EXPECT_GE(same, 5);
  EXPECT_GE(partial_windows, 5);
  EXPECT_GE(copied_taps, 10);
}

TEST(Stepper, OneDimensionalOpsHaveRowZeroEverywhere) {
  for (const NamedScene& ns : all_scenes()) {
    const Stepper stepper = make_stepper(ns.scene);
    if (stepper.geometry().dims != 1) continue;
    SCOPED_TRACE(ns.name);
    for (int64_t i = 0; i < stepper.step_count(); ++i) {
      const Snapshot s = stepper.snapshot(i);
      EXPECT_EQ(s.out_y, 0);
      EXPECT_EQ(s.origin_y, 0);
      EXPECT_EQ(s.overhang_y, 0);
      for (const Tap& t : s.taps) {
        EXPECT_EQ(t.ky, 0);
        EXPECT_EQ(t.padded_y, 0);
        EXPECT_EQ(t.source_y, t.source == TapSource::kZeroPadding ? -1 : 0);
      }
    }
  }
}

}  // namespace
}  // namespace convstep
