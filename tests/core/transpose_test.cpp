// Tests of transposed convolution: the engine, the stamping walk and the equivalent direct convolution
// must give the same floats bit for bit on many random scenes; the direct input holds the inserted
// zeros, padding and cropping the formulas say; refusals name the numbers; the table, the layer parser
// and the PyTorch line know the new op and output_padding.
#include "core/transpose.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <bit>
#include <cmath>
#include <cstdint>
#include <random>
#include <string>
#include <vector>

#include "core/layer_parser.h"
#include "core/ops.h"
#include "core/ops_reference.h"
#include "core/pytorch_text.h"
#include "core/scene_edit.h"
#include "core/stamp_text.h"
#include "core/stepper.h"

namespace convstep {
namespace {

using ::testing::HasSubstr;

bool same_bits(const Tensor& a, const Tensor& b) {
  if (a.shape() != b.shape()) return false;
  for (int64_t i = 0; i < a.numel(); ++i) {
    const float x = a.data()[i], y = b.data()[i];
    if (std::isnan(x) && std::isnan(y)) continue;
    if (std::bit_cast<uint32_t>(x) != std::bit_cast<uint32_t>(y)) return false;
  }
  return true;
}

Tensor filled(Shape shape, std::mt19937& rng) {
  Tensor t(std::move(shape));
  std::uniform_real_distribution<float> u(-2.0f, 2.0f);
  for (float& v : t.values()) v = u(rng);
  return t;
}

Scene transposed_2d(Shape input, Shape weight, Dims stride, Dims padding, Dims output_padding, Dims dilation,
                    int64_t groups, bool bias, std::mt19937& rng) {
  Scene s;
  s.params.op = Op::kConvTranspose2d;
  s.params.stride = stride;
  s.params.padding = padding;
  s.params.output_padding = output_padding;
  s.params.dilation = dilation;
  s.params.groups = groups;
  const int64_t out_channels = weight[1] * groups;
  s.input = filled(std::move(input), rng);
  s.weight = filled(std::move(weight), rng);
  if (bias) s.bias = filled({out_channels}, rng);
  return s;
}

// A random valid transposed scene, 1-D or 2-D, batched or not, with every parameter in play.
Scene random_scene(std::mt19937& rng) {
  auto pick = [&](int lo, int hi) { return std::uniform_int_distribution<int>(lo, hi)(rng); };
  for (;;) {
    const bool two = pick(0, 1) == 1;
    const int64_t groups = pick(1, 2);
    const int64_t icpg = pick(1, 2), ocpg = pick(1, 3);
    const int64_t in_c = groups * icpg;
    Scene s;
    s.params.op = two ? Op::kConvTranspose2d : Op::kConvTranspose1d;
    s.params.groups = groups;
    Shape in_shape, w_shape{in_c, ocpg};
    if (pick(0, 1)) in_shape.push_back(pick(1, 2));
    in_shape.push_back(in_c);
    for (int d = 0; d < (two ? 2 : 1); ++d) {
      const size_t i = static_cast<size_t>(d);
      in_shape.push_back(pick(1, 5));
      w_shape.push_back(pick(1, 4));
      s.params.stride[i] = pick(1, 3);
      s.params.dilation[i] = pick(1, 2);
      s.params.padding[i] = pick(0, 3);
      s.params.output_padding[i] =
          pick(0, static_cast<int>(std::max(s.params.stride[i], s.params.dilation[i])) - 1);
    }
    if (!two) {
      s.params.stride[1] = s.params.dilation[1] = 1;
      s.params.padding[1] = s.params.output_padding[1] = 0;
    }
    s.input = filled(in_shape, rng);
    s.weight = filled(w_shape, rng);
    if (pick(0, 1)) s.bias = filled({groups * ocpg}, rng);
    if (resolve_geometry(s).ok()) return s;
  }
}

TEST(ConvTranspose, StampingDirectAndEngineEndAtTheSameBitsOnRandomScenes) {
  std::mt19937 rng(1107);
  for (int trial = 0; trial < 300; ++trial) {
    const Scene s = random_scene(rng);
    SCOPED_TRACE(pytorch_layer(s) + " on " + s.input.shape_string());
    auto engine = run(s);
    ASSERT_TRUE(engine.ok()) << engine.message();
    auto scatter = run_reference(s);
    ASSERT_TRUE(scatter.ok()) << scatter.message();
    EXPECT_TRUE(same_bits(*engine, *scatter)) << "engine vs the plain scatter";

    auto stamper = Stamper::create(s);
    ASSERT_TRUE(stamper.ok()) << stamper.message();
    EXPECT_TRUE(same_bits(stamper->partial_output(stamper->step_count()), *engine)) << "stamping";

    auto direct = direct_equivalent(s);
    ASSERT_TRUE(direct.ok()) << direct.message();
    auto stepper = Stepper::create(direct->scene);
    ASSERT_TRUE(stepper.ok()) << stepper.message();
    EXPECT_TRUE(same_bits(stepper->partial_output(stepper->step_count()), *engine)) << "direct";
    for (int64_t i = 0; i < stepper->step_count(); i += 7)
      EXPECT_EQ(std::bit_cast<uint32_t>(stepper->snapshot(i).result),
                std::bit_cast<uint32_t>(engine->data()[i]));
  }
}

TEST(ConvTranspose, OutputSizeIsThePyTorchFormula) {
  std::mt19937 rng(3);
  // (4 − 1)·2 − 2·1 + 1·(3 − 1) + 1 + 1 = 8 and (5 − 1)·3 − 0 + 2·(2 − 1) + 0 + 1 = 15.
  Scene s = transposed_2d({1, 1, 4, 5}, {1, 2, 3, 2}, {2, 3}, {1, 0}, {1, 0}, {1, 2}, 1, false, rng);
  auto g = resolve_geometry(s);
  ASSERT_TRUE(g.ok()) << g.message();
  EXPECT_EQ(g->output_shape(), (Shape{1, 2, 8, 15}));
  const auto formulas = output_size_formulas(s.params, {4, 5}, {3, 2});
  ASSERT_EQ(formulas.size(), 2u);
  EXPECT_EQ(formulas[0].ascii_text, "(4 - 1)*2 - 2*1 + 1*(3-1) + 1 + 1 = 8");
  EXPECT_EQ(formulas[1].out, 15);
}

TEST(ConvTranspose, RefusalsExplainTheNumbers) {
  std::mt19937 rng(5);
  Scene s = transposed_2d({1, 1, 3, 3}, {1, 1, 3, 3}, {2, 2}, {0, 0}, {2, 0}, {1, 1}, 1, false, rng);
  auto g = resolve_geometry(s);
  ASSERT_FALSE(g.ok());
  EXPECT_THAT(g.message(), HasSubstr("output_padding height = 2 must be smaller than max(stride, dilation) = "
                                     "max(2, 1) = 2"));

  s = transposed_2d({1, 1, 2, 2}, {1, 1, 2, 2}, {1, 1}, {2, 0}, {0, 0}, {1, 1}, 1, false, rng);
  g = resolve_geometry(s);
  ASSERT_FALSE(g.ok());
  EXPECT_THAT(g.message(),
              HasSubstr("output height = (2 \u2212 1)\u00b71 \u2212 2\u00b72 + 1\u00b7(2\u22121) + 0 + 1 = "
                        "\u22121"));

  s = transposed_2d({1, 3, 3, 3}, {2, 2, 3, 3}, {1, 1}, {0, 0}, {0, 0}, {1, 1}, 1, false, rng);
  EXPECT_THAT(resolve_geometry(s).message(), HasSubstr("expects in_channels = 2"));

  s = transposed_2d({1, 2, 3, 3}, {2, 2, 3, 3}, {1, 1}, {0, 0}, {0, 0}, {1, 1}, 1, false, rng);
  s.params.padding_mode = PaddingMode::kReflect;
  EXPECT_THAT(resolve_geometry(s).message(), HasSubstr("pads with zeros only"));
  s.params.padding_mode = PaddingMode::kZeros;
  s.params.padding_kind = PaddingKind::kSame;
  EXPECT_THAT(resolve_geometry(s).message(), HasSubstr("padding='same' is not defined for conv_transpose2d"));
}

TEST(ConvTranspose, DirectInputHasTheInsertedZerosAndPadding) {
  // conv_arithmetic's "strides with padding and output_padding": 3×3 input, k3, s2, p1, op1.
  std::mt19937 rng(9);
  Scene s = transposed_2d({1, 1, 3, 3}, {1, 1, 3, 3}, {2, 2}, {1, 1}, {1, 1}, {1, 1}, 1, false, rng);
  auto d = direct_equivalent(s);
  ASSERT_TRUE(d.ok()) << d.message();
  EXPECT_EQ(d->w.inserted, 1);
  EXPECT_EQ(d->w.padding, 1);  // d·(k − 1) − p = 2 − 1
  EXPECT_EQ(d->w.cropped, 0);
  EXPECT_EQ(d->w.extra, 1);  // output_padding on the far side
  EXPECT_EQ(d->w.source, (std::vector<int64_t>{0, kInsertedZero, 1, kInsertedZero, 2, kOutputPaddingZero}));
  EXPECT_EQ(d->scene.input.shape(), (Shape{1, 1, 6, 6}));
  EXPECT_EQ(d->scene.params.padding, (Dims{1, 1}));
  EXPECT_EQ(d->scene.input.at({0, 0, 2, 4}), s.input.at({0, 0, 1, 2}));
  EXPECT_EQ(d->scene.input.at({0, 0, 1, 0}), 0.0f);
  // The kernel is flipped in both axes.
  EXPECT_EQ(d->scene.weight.at({0, 0, 0, 0}), s.weight.at({0, 0, 2, 2}));
  EXPECT_EQ(d->scene.weight.at({0, 0, 0, 1}), s.weight.at({0, 0, 2, 1}));
}

TEST(ConvTranspose, DirectViewCropsWhenPaddingExceedsTheKernelReach) {
  std::mt19937 rng(10);
  // k2, p2: d·(k − 1) − p = −1, so one zero-inserted cell is cropped from each side.
  Scene s = transposed_2d({1, 1, 5, 5}, {1, 1, 2, 2}, {3, 3}, {2, 2}, {0, 0}, {1, 1}, 1, false, rng);
  auto d = direct_equivalent(s);
  ASSERT_TRUE(d.ok()) << d.message();
  EXPECT_EQ(d->w.padding, 0);
  EXPECT_EQ(d->w.cropped, 1);
  EXPECT_EQ(d->w.source.size(), 11u);  // (5 − 1)·3 + 1 = 13, less one on each side
  EXPECT_EQ(d->w.source.front(), kInsertedZero);
}

TEST(ConvTranspose, DirectViewSwapsChannelsWithinEachGroup) {
  std::mt19937 rng(11);
  Scene s = transposed_2d({1, 4, 2, 2}, {4, 3, 2, 2}, {1, 1}, {0, 0}, {0, 0}, {1, 1}, 2, true, rng);
  auto d = direct_equivalent(s);
  ASSERT_TRUE(d.ok()) << d.message();
  EXPECT_EQ(d->scene.weight.shape(), (Shape{6, 2, 2, 2}));
  // Direct output channel 4 is group 1's output 1; its input 0 is transposed input channel 2.
  EXPECT_EQ(d->scene.weight.at({4, 0, 0, 0}), s.weight.at({2, 1, 1, 1}));
}

TEST(Stamper, EachStepStampsOneInputCellTimesTheKernel) {
  std::mt19937 rng(12);
  Scene s = transposed_2d({1, 1, 2, 2}, {1, 1, 3, 3}, {2, 2}, {0, 0}, {0, 0}, {1, 1}, 1, true, rng);
  auto st = Stamper::create(s);
  ASSERT_TRUE(st.ok()) << st.message();
  EXPECT_EQ(st->step_count(), 5);  // four input cells, then the bias
  const StampSnapshot one = st->snapshot(1);
  EXPECT_EQ(one.in_x, 1);
  EXPECT_EQ(one.origin_x, 2);
  ASSERT_EQ(one.stamps.size(), 9u);
  EXPECT_EQ(one.stamps[0].out_x, 2);
  // Column 2 was stamped by cell 0 already: its partial sum carries on.
  EXPECT_EQ(one.stamps[0].before, s.input.at({0, 0, 0, 0}) * s.weight.at({0, 0, 0, 2}));
  EXPECT_EQ(one.stamps[0].after, one.stamps[0].before + one.stamps[0].product);
  EXPECT_TRUE(st->snapshot(4).bias_step);
  // Untouched cells are empty until the end.
  const Tensor partial = st->partial_output(1);
  EXPECT_TRUE(std::isnan(partial.at({0, 0, 4, 4})));
  EXPECT_FALSE(std::isnan(partial.at({0, 0, 0, 0})));
}

TEST(Stamper, OverlapCountsShowTheCheckerboard) {
  std::mt19937 rng(13);
  // k3, s2: the kernel size is not a multiple of the stride, so every other cell is stamped twice.
  Scene s = transposed_2d({1, 1, 3, 3}, {1, 1, 3, 3}, {2, 2}, {0, 0}, {0, 0}, {1, 1}, 1, false, rng);
  auto st = Stamper::create(s);
  ASSERT_TRUE(st.ok());
  const Tensor counts = st->overlap_counts(st->step_count());
  EXPECT_EQ(counts.at({0, 0, 0, 0}), 1.0f);
  EXPECT_EQ(counts.at({0, 0, 0, 2}), 2.0f);
  EXPECT_EQ(counts.at({0, 0, 2, 2}), 4.0f);
  EXPECT_EQ(counts.at({0, 0, 1, 1}), 1.0f);
  // k4, s2 (DCGAN) covers evenly inside: every interior cell is stamped 4 times.
  s = transposed_2d({1, 1, 4, 4}, {1, 1, 4, 4}, {2, 2}, {1, 1}, {0, 0}, {1, 1}, 1, false, rng);
  st = Stamper::create(s);
  ASSERT_TRUE(st.ok());
  const Tensor even = st->overlap_counts(st->step_count());
  for (int64_t y = 1; y < 7; ++y)
    for (int64_t x = 1; x < 7; ++x) EXPECT_EQ(even.at({0, 0, y, x}), 4.0f);
}

TEST(Stamper, RefusesPlainConvolutions) {
  Scene s;
  s.params.op = Op::kConv2d;
  EXPECT_FALSE(Stamper::create(s).ok());
  EXPECT_FALSE(direct_equivalent(s).ok());
}

TEST(ConvTranspose, DirectViewRefusesAHugeZeroInsertedInput) {
  std::mt19937 rng(14);
  // 64 channels of (100 − 1)·11 + 1 = 1090 squared: 76 million cells, while the output has 1.2 million.
  Scene s = transposed_2d({1, 64, 100, 100}, {64, 1, 1, 1}, {11, 11}, {0, 0}, {0, 0}, {1, 1}, 1, false, rng);
  ASSERT_TRUE(resolve_geometry(s).ok()) << resolve_geometry(s).message();
  auto d = direct_equivalent(s);
  ASSERT_FALSE(d.ok());
  EXPECT_THAT(d.message(), HasSubstr("too large to draw"));
}

TEST(ConvTranspose, TheTableTheLayerParserAndThePyTorchLineKnowIt) {
  Scene s;
  s.params.op = Op::kConv2d;
  s.input = Tensor({1, 4, 4}, 1.0f);
  s.weight = Tensor({1, 1, 3, 3}, 1.0f);
  const LayerParse parsed = parse_layer(
      "nn.ConvTranspose2d(1, 2, kernel_size=4, stride=2, padding=1, output_padding=1, bias=False)");
  ASSERT_TRUE(parsed.ok()) << parsed.error.message;
  EXPECT_EQ(parsed.layer->op, Op::kConvTranspose2d);
  auto applied = apply_layer(s, *parsed.layer);
  ASSERT_TRUE(applied.ok()) << applied.message();
  EXPECT_EQ(applied->weight.shape(), (Shape{1, 2, 4, 4}));
  EXPECT_EQ(applied->params.output_padding, (Dims{1, 1}));
  EXPECT_EQ(pytorch_layer(*applied),
            "nn.ConvTranspose2d(1, 2, kernel_size=4, stride=2, padding=1, output_padding=1, bias=False)");
  auto g = resolve_geometry(*applied);
  ASSERT_TRUE(g.ok()) << g.message();
  EXPECT_EQ(g->output_shape(), (Shape{2, 9, 9}));

  auto edited = apply_edits(*applied, {{"output_padding", "0,1"}});
  ASSERT_TRUE(edited.ok()) << edited.message();
  EXPECT_EQ(edited->params.output_padding, (Dims{0, 1}));
  auto bad = apply_edits(*applied, {{"output_padding", "2"}});
  EXPECT_FALSE(bad.ok());
  auto on_conv = apply_edits(s, {{"output_padding", "1"}});
  ASSERT_FALSE(on_conv.ok());
  EXPECT_THAT(on_conv.message(), HasSubstr("conv2d has no output_padding"));
  // Back to a plain convolution: the weight takes conv2d's layout again.
  auto back = apply_edits(*applied, {{"op", "conv2d"}});
  ASSERT_TRUE(back.ok()) << back.message();
  EXPECT_EQ(back->weight.shape(), (Shape{2, 1, 4, 4}));
}

TEST(StampText, TraceLinesShowThePartialSums) {
  std::mt19937 rng(15);
  Scene s = transposed_2d({1, 1, 2}, {1, 1, 1, 2}, {1, 1}, {0, 0}, {0, 0}, {1, 1}, 1, false, rng);
  s.params.op = Op::kConvTranspose1d;
  s.input = Tensor({1, 1, 2}, std::vector<float>{1, 2});
  s.weight = Tensor({1, 1, 2}, std::vector<float>{3, -1});
  auto st = Stamper::create(s);
  ASSERT_TRUE(st.ok()) << st.message();
  TraceStyle ascii;
  ascii.ascii = true;
  EXPECT_EQ(format_stamp_step(st->snapshot(1), *st, ascii),
            "in[0,0,1] = 2 stamps out[0,0,1..2]: -1 + 2x3 = 5, 0 + 2x(-1) = -2");
  EXPECT_THAT(direct_equivalent_text(s, ascii), HasSubstr("conv1d on the 2 zero-inserted input"));
}

}  // namespace
}  // namespace convstep
