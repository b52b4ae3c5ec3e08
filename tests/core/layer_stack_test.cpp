// The layer stack's numbers: known values of real networks, and r, jump, start and the fields of
// random stacks against a brute-force walk of every tap of every window, cell by cell.
#include "core/layer_stack.h"

#include <gtest/gtest.h>

#include <random>
#include <set>

#include "core/ops.h"
#include "core/stack_presets.h"

namespace convstep {
namespace {

LayerStack build(const std::vector<std::string>& lines, std::optional<Dims> size = std::nullopt) {
  auto stack = build_layer_stack(lines, size);
  EXPECT_TRUE(stack) << stack.message();
  return stack ? *stack : LayerStack{};
}

TEST(LayerStack, ResNet18StemHasFieldElevenAndJumpFourAfterItsMaxPool) {
  const LayerStack stack = build(find_stack_preset("resnet18-stem")->layers, Dims{224, 224});
  ASSERT_EQ(stack.levels.size(), 2u);
  for (int i = 0; i < 2; ++i) {
    const StackDim& conv = stack.levels[0].dims[static_cast<size_t>(i)];
    EXPECT_EQ(conv.receptive_field, 7);
    EXPECT_EQ(conv.jump, 2);
    EXPECT_EQ(conv.out, 112);
    const StackDim& pool = stack.levels[1].dims[static_cast<size_t>(i)];
    EXPECT_EQ(pool.receptive_field, 11);
    EXPECT_EQ(pool.jump, 4);
    EXPECT_EQ(pool.start, 0);
    EXPECT_EQ(pool.out, 56);
    EXPECT_EQ(pool.receptive_field_text, "r = 7 + (3 \u2212 1)\u00b72 = 11");
    EXPECT_EQ(pool.jump_text, "jump = 2\u00b72 = 4");
  }
  // An output cell away from the border sees exactly 11×11 input cells.
  const StackField field = receptive_field(stack, 2, Dims{10, 20});
  EXPECT_EQ(field.maps[0][0], (CellRange{10 * 4 - 5, 10 * 4 + 5}));
  EXPECT_EQ(field.maps[0][1], (CellRange{20 * 4 - 5, 20 * 4 + 5}));
}

TEST(LayerStack, Vgg16HasFieldFortyFourAndJumpEightAfterPool3) {
  const LayerStack stack = build(find_stack_preset("vgg16-conv1-3")->layers, Dims{224, 224});
  ASSERT_EQ(stack.levels.size(), 10u);
  const StackDim& pool3 = stack.levels.back().dims[1];
  EXPECT_EQ(pool3.receptive_field, 44);
  EXPECT_EQ(pool3.jump, 8);
  EXPECT_EQ(pool3.start, 3.5);
  EXPECT_EQ(pool3.out, 28);
}

TEST(LayerStack, OtherPresetsHaveTheirPublishedFields) {
  EXPECT_EQ(build(find_stack_preset("alexnet-first")->layers).levels.back().dims[0].receptive_field, 67);
  const LayerStack wavenet = build(find_stack_preset("wavenet-dilated")->layers, Dims{24, 24});
  EXPECT_EQ(wavenet.dims, 1);
  EXPECT_EQ(wavenet.levels.back().dims[0].receptive_field, 16);
  EXPECT_EQ(wavenet.levels.back().dims[0].out, 9);
  for (const StackPreset& preset : stack_presets()) {
    auto stack = build_layer_stack(preset.layers, preset.view_input_size);
    ASSERT_TRUE(stack) << preset.id << ": " << stack.message();
    EXPECT_TRUE(stack_feature_maps(*stack)) << preset.id;
  }
}

TEST(LayerStack, WithoutAnInputSizeTheSizesAreUnknownButTheFieldIsNot) {
  const LayerStack stack = build({"nn.Conv1d(1, 1, 3, padding=1)", "nn.MaxPool1d(2)"});
  EXPECT_FALSE(stack.input_size);
  EXPECT_EQ(stack.levels[1].dims[0].out, 0);
  EXPECT_EQ(stack.levels[1].dims[0].out_formula, "");
  EXPECT_EQ(stack.levels[1].dims[0].receptive_field, 4);
  EXPECT_EQ(stack.levels[1].dims[0].start, 0.5);
}

TEST(LayerStack, RefusesALayerThatLeavesNoOutputWithItsFormula) {
  auto stack =
      build_layer_stack(std::vector<std::string>{"nn.Conv2d(1, 1, 3)", "nn.Conv2d(1, 1, 7)"}, Dims{8, 8});
  ASSERT_FALSE(stack);
  EXPECT_NE(stack.message().find("layer 2 (nn.Conv2d(1, 1, 7))"), std::string::npos) << stack.message();
  EXPECT_NE(stack.message().find("(6 + 2\u00b70 \u2212 1\u00b7(7\u22121) \u2212 1)/1"), std::string::npos)
      << stack.message();
}

TEST(LayerStack, RefusesMixedDimensionsChannelMismatchesAndTooManyLayers) {
  auto mixed = build_layer_stack(std::vector<std::string>{"nn.Conv2d(1, 1, 3)", "nn.MaxPool1d(2)"}, {});
  ASSERT_FALSE(mixed);
  EXPECT_NE(mixed.message().find("is 1-D, but the stack is 2-D"), std::string::npos);
  auto channels = build_layer_stack(
      std::vector<std::string>{"nn.Conv2d(3, 8, 3)", "nn.MaxPool2d(2)", "nn.Conv2d(4, 8, 3)"}, {});
  ASSERT_FALSE(channels);
  EXPECT_NE(channels.message().find("takes in_channels=4, but layer 1 gives it 8"), std::string::npos);
  auto unread = build_layer_stack(std::vector<std::string>{"nn.Conv2d(1, 1, 3)", "nn.Conv2d(1, x)"}, {});
  ASSERT_FALSE(unread);
  EXPECT_EQ(unread.message().rfind("layer 2: column ", 0), 0u) << unread.message();
  EXPECT_FALSE(build_layer_stack(std::vector<std::string>{}, {}));
  EXPECT_FALSE(build_layer_stack(std::vector<std::string>(kMaxStackLayers + 1, "nn.Conv1d(1, 1, 1)"), {}));
  EXPECT_FALSE(build_layer_stack(std::vector<std::string>{"nn.Conv2d(1, 1, 1)"}, Dims{100000, 100000}));
  EXPECT_FALSE(build_layer_stack(std::vector<std::string>{"nn.Conv2d(1, 1, 1)"}, Dims{0, 4}));
  // A transposed layer's channels are checked as a convolution's.
  auto transposed = build_layer_stack(
      std::vector<std::string>{"nn.Conv2d(1, 4, 3)", "nn.ConvTranspose2d(2, 1, 4, stride=2, padding=1)"}, {});
  ASSERT_FALSE(transposed);
  EXPECT_NE(transposed.message().find("takes in_channels=2, but layer 1 gives it 4"), std::string::npos)
      << transposed.message();
}

// A transposed convolution read as its direct form (cells 1/s apart, stride 1, padding d·(k − 1) − p):
// DCGAN's upsampling alone, then the round trip of a convolution and its transposed twin.
TEST(LayerStack, ATransposedLayerDividesTheJumpByItsStride) {
  const LayerStack up = build({"nn.ConvTranspose2d(1, 1, 4, stride=2, padding=1)"}, Dims{8, 8});
  const StackDim& d = up.levels[0].dims[0];
  EXPECT_EQ(d.out, 16);
  EXPECT_EQ(d.jump, 0.5);
  EXPECT_EQ(d.receptive_field, 2.5);
  EXPECT_EQ(d.start, -0.25);
  EXPECT_EQ(d.jump_text, "jump = 1 \u00f7 2 = 0.5");
  EXPECT_EQ(d.receptive_field_text, "r = 1 + (4 \u2212 1)\u00b70.5 = 2.5");
  EXPECT_NE(d.start_text.find("= -0.25"), std::string::npos) << d.start_text;

  const LayerStack trip =
      build({"nn.Conv2d(1, 1, 4, stride=2, padding=1)", "nn.ConvTranspose2d(1, 1, 4, stride=2, padding=1)"},
            Dims{8, 8});
  const StackDim& back = trip.levels[1].dims[1];
  EXPECT_EQ(back.out, 8) << "the shape the convolution took away comes back";
  EXPECT_EQ(back.jump, 1);
  EXPECT_EQ(back.receptive_field, 7);
  EXPECT_EQ(back.start, 0);
}

// Stacks with transposed layers against the engine itself: with every weight 1 and one input cell set to 1,
// an output's value is the number of paths from it down to that cell, and its field is where that is
// not zero (all weights positive, so nothing cancels). No padding cells below a transposed layer and no
// padding in the convolutions, so every field lies on real cells.
TEST(LayerStack, TransposedStacksAgreeWithTheEngineCellByCell) {
  const std::vector<std::vector<std::string>> stacks = {
      {"nn.ConvTranspose1d(1, 1, 4, stride=2, padding=1)"},
      {"nn.ConvTranspose1d(1, 1, 3, stride=3)", "nn.Conv1d(1, 1, 2)"},
      {"nn.Conv1d(1, 1, 3, stride=2)", "nn.ConvTranspose1d(1, 1, 3, stride=2, padding=1, output_padding=1)"},
      {"nn.ConvTranspose1d(1, 1, 2, stride=3, dilation=2, output_padding=2)",
       "nn.ConvTranspose1d(1, 1, 5, stride=2, padding=2)", "nn.MaxPool1d(2)"},
  };
  for (const std::vector<std::string>& lines : stacks) {
    const int64_t n = 7;
    const LayerStack stack = build(lines, Dims{n, n});
    ASSERT_EQ(stack.levels.size(), lines.size());
    const int top = stack.maps() - 1;
    const int64_t n_top = stack.map_size(top, 0);
    // value[x][o]: output o of the top map with input cell x set, every weight 1.
    std::vector<std::vector<float>> value;
    for (int64_t x = 0; x < n; ++x) {
      Tensor t({1, n}, 0.0f);
      t.at({0, x}) = 1;
      for (const StackLevel& level : stack.levels) {
        Scene scene;
        scene.params = level.layer.params;
        scene.params.groups = 1;
        scene.input = t;
        if (is_conv(scene.params.op)) scene.weight = Tensor({1, 1, level.layer.params.kernel_size[0]}, 1.0f);
        Result<Tensor> out = run(scene);
        ASSERT_TRUE(out) << out.message();
        t = *out;
      }
      ASSERT_EQ(t.size(1), n_top) << testing::PrintToString(lines);
      value.push_back(t.values());
    }
    for (int64_t o = 0; o < n_top; ++o) {
      const std::vector<double> paths = path_counts(stack, top, Dims{o, 0});
      CellRange reached;
      for (int64_t x = 0; x < n; ++x) {
        const bool max_pool = lines.back().find("MaxPool") != std::string::npos;
        const float v = value[static_cast<size_t>(x)][static_cast<size_t>(o)];
        if (!max_pool) {
          ASSERT_EQ(paths[static_cast<size_t>(x)], v) << testing::PrintToString(lines) << " " << o;
        }
        ASSERT_EQ(paths[static_cast<size_t>(x)] > 0, v > 0) << testing::PrintToString(lines) << " " << o;
        if (v > 0) {
          if (reached.empty()) reached.first = x;
          reached.last = x;
        }
      }
      ASSERT_EQ(receptive_field(stack, top, Dims{o, 0}).maps[0][0], reached) << testing::PrintToString(lines);
    }
    for (int64_t x = 0; x < n; ++x) {
      CellRange reached;
      for (int64_t o = 0; o < n_top; ++o)
        if (value[static_cast<size_t>(x)][static_cast<size_t>(o)] > 0) {
          if (reached.empty()) reached.first = o;
          reached.last = o;
        }
      ASSERT_EQ(projective_field(stack, 0, Dims{x, 0}).maps[static_cast<size_t>(top)][0], reached)
          << testing::PrintToString(lines) << " input " << x;
    }
  }
}

// One dimension of a layer, drawn at random, as a PyTorch argument list.
struct RandomDim {
  int64_t k, s, p, d;
};

// Brute force: the set of cells of map m−1 some tap of some window over `cells` reads, unclipped
// when `n_below` is 0 (an endless input), else kept to the padded map below.
std::set<int64_t> taps_below(const std::set<int64_t>& cells, const RandomDim& l, int64_t n_below,
                             int64_t pad_after) {
  std::set<int64_t> out;
  for (int64_t o : cells)
    for (int64_t t = 0; t < l.k; ++t) {
      const int64_t x = o * l.s - l.p + t * l.d;
      if (n_below == 0 || (x >= -l.p && x < n_below + pad_after)) out.insert(x);
    }
  return out;
}

TEST(LayerStack, RandomStacksAgreeWithABruteForceWalkOfEveryTap) {
  std::mt19937 rng(11);
  auto draw = [&](int lo, int hi) { return std::uniform_int_distribution<int>(lo, hi)(rng); };
  int checked = 0;
  for (int trial = 0; trial < 300; ++trial) {
    const int layers = draw(1, 5);
    std::vector<std::string> lines;
    std::vector<RandomDim> dims;
    for (int l = 0; l < layers; ++l) {
      RandomDim r{draw(1, 4), draw(1, 3), 0, draw(1, 3)};
      const bool pool = draw(0, 2) == 0;
      if (pool) {
        r.d = 1;
        r.p = draw(0, static_cast<int>(r.k / 2));
        lines.push_back("nn.MaxPool1d(" + std::to_string(r.k) + ", stride=" + std::to_string(r.s) +
                        ", padding=" + std::to_string(r.p) + ")");
      } else {
        r.p = draw(0, 2);
        lines.push_back("nn.Conv1d(1, 1, " + std::to_string(r.k) + ", stride=" + std::to_string(r.s) +
                        ", padding=" + std::to_string(r.p) + ", dilation=" + std::to_string(r.d) + ")");
      }
      dims.push_back(r);
    }
    const int64_t n = draw(20, 60);
    auto stack = build_layer_stack(lines, Dims{n, n});
    if (!stack) continue;  // the stack shrank the input away
    ++checked;
    // r, jump, start: the hull of an output cell's taps on an endless input.
    for (int l = 1; l <= layers; ++l) {
      const StackDim& numbers = stack->levels[static_cast<size_t>(l - 1)].dims[0];
      for (int64_t o : {int64_t{0}, int64_t{3}}) {
        std::set<int64_t> cells{o};
        for (int m = l; m >= 1; --m) cells = taps_below(cells, dims[static_cast<size_t>(m - 1)], 0, 0);
        const int64_t lo = *cells.begin(), hi = *cells.rbegin();
        ASSERT_EQ(hi - lo + 1, numbers.receptive_field) << testing::PrintToString(lines);
        ASSERT_EQ((lo + hi) / 2.0, numbers.start + static_cast<double>(o * numbers.jump));
      }
    }
    // Fields on the real input, from every cell of the top map.
    const int top = stack->maps() - 1;
    for (int64_t c = 0; c < stack->map_size(top, 0); ++c) {
      const StackField field = receptive_field(*stack, top, Dims{c, 0});
      std::set<int64_t> cells{c};
      std::vector<double> paths_brute;
      for (int m = top; m >= 1; --m) {
        std::set<int64_t> real;
        for (int64_t x : cells)
          if (x >= 0 && x < stack->map_size(m, 0)) real.insert(x);
        const RandomDim& l = dims[static_cast<size_t>(m - 1)];
        const StackDim& numbers = stack->levels[static_cast<size_t>(m - 1)].dims[0];
        cells = taps_below(real, l, stack->map_size(m - 1, 0), numbers.pad_after);
        const CellRange got = field.maps[static_cast<size_t>(m - 1)][0];
        if (cells.empty()) {
          ASSERT_TRUE(got.empty());
        } else {
          ASSERT_EQ(got, (CellRange{*cells.begin(), *cells.rbegin()})) << testing::PrintToString(lines);
        }
      }
      // Every input cell the field touches is reached by some path, and no other.
      const std::vector<double> paths = path_counts(*stack, top, Dims{c, 0});
      ASSERT_EQ(paths.size(), static_cast<size_t>(n));
      for (int64_t x = 0; x < n; ++x) ASSERT_EQ(paths[static_cast<size_t>(x)] > 0, cells.count(x) > 0);
      // The projective field of every input cell in the field reaches back up to this cell.
      for (int64_t x : cells) {
        if (x < 0 || x >= n) continue;
        const StackField up = projective_field(*stack, 0, Dims{x, 0});
        const CellRange top_range = up.maps[static_cast<size_t>(top)][0];
        ASSERT_TRUE(c >= top_range.first && c <= top_range.last) << testing::PrintToString(lines);
      }
    }
  }
  EXPECT_GT(checked, 150);
}

TEST(LayerStack, PathCountsOfTwoThreeWideLayersAreATriangle) {
  const LayerStack stack = build({"nn.Conv1d(1, 1, 3)", "nn.Conv1d(1, 1, 3)"}, Dims{9, 9});
  EXPECT_EQ(path_counts(stack, 2, Dims{2, 0}), (std::vector<double>{0, 0, 1, 2, 3, 2, 1, 0, 0}));
  const LayerStack square = build({"nn.Conv2d(1, 1, 3)", "nn.Conv2d(1, 1, 3)"}, Dims{5, 5});
  const std::vector<double> grid = path_counts(square, 2, Dims{0, 0});
  EXPECT_EQ(grid[2 * 5 + 2], 9);
  EXPECT_EQ(grid[0], 1);
}

TEST(LayerStack, FeatureMapsAreTheEngineOnOneChannel) {
  const LayerStack stack = build({"nn.Conv1d(1, 1, 3)", "nn.MaxPool1d(2)"}, Dims{6, 6});
  auto maps = stack_feature_maps(stack);
  ASSERT_TRUE(maps) << maps.message();
  ASSERT_EQ(maps->size(), 3u);
  // Input 1 2 3 4 1 2, weights 1/3: 2 3 8/3 7/3; max pool 2 → 3 8/3.
  const std::vector<float> conv{2, 3, 8.0f / 3, 7.0f / 3};
  for (size_t i = 0; i < conv.size(); ++i) EXPECT_NEAR(maps->at(1).values()[i], conv[i], 1e-6);
  ASSERT_EQ(maps->at(2).numel(), 2);
  EXPECT_NEAR(maps->at(2).values()[0], 3, 1e-6);
  EXPECT_NEAR(maps->at(2).values()[1], 8.0f / 3, 1e-6);
}

}  // namespace
}  // namespace convstep
