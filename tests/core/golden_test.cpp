// Checks run() against PyTorch: every case in tests/golden/manifest.json (made by make_fixtures.py with
// torch) becomes one test that builds the Scene, runs it and compares with PyTorch's output within 1e-4,
// or, for settings PyTorch refuses, expects an error value. The article's cases must match exactly.
#include <gtest/gtest.h>

#include <cctype>
#include <cmath>
#include <fstream>
#include <nlohmann/json.hpp>
#include <optional>
#include <set>
#include <sstream>
#include <string>
#include <vector>

#include "core/npy.h"
#include "core/ops.h"
#include "core/scene.h"
#include "core/stepper.h"
#include "core/transpose.h"

namespace convstep {
namespace {

using nlohmann::json;

constexpr double kTolerance = 1e-4;

struct GoldenCase {
  std::string id;
  json spec;
  // Set when the manifest itself could not be read: the one registered case then fails with it,
  // so a missing or broken manifest can never pass as an empty suite.
  std::string load_error;
};

// Keeps gtest from dumping whole JSON objects into test names and failure output.
void PrintTo(const GoldenCase& c, std::ostream* os) {
  *os << c.id;
}

std::string golden_path(const std::string& relative) {
  return std::string(CONVSTEP_GOLDEN_DIR) + "/" + relative;
}

std::vector<GoldenCase> load_cases() {
  std::ifstream in(golden_path("manifest.json"));
  if (!in) return {{"manifest_missing", {}, "cannot open " + golden_path("manifest.json")}};
  json manifest = json::parse(in, nullptr, /*allow_exceptions=*/false);
  if (manifest.is_discarded() || !manifest.contains("cases") || !manifest["cases"].is_array())
    return {
        {"manifest_malformed", {}, golden_path("manifest.json") + " is not a manifest with a cases array"}};
  std::vector<GoldenCase> cases;
  for (const json& c : manifest["cases"]) cases.push_back({c.value("id", std::string("unnamed")), c, ""});
  return cases;
}

const std::vector<GoldenCase>& all_cases() {
  static const std::vector<GoldenCase> cases = load_cases();
  return cases;
}

std::string test_name(const ::testing::TestParamInfo<GoldenCase>& info) {
  std::string name;
  for (char c : info.param.id) name += std::isalnum(static_cast<unsigned char>(c)) ? c : '_';
  return name.empty() ? "case_" + std::to_string(info.index) : name;
}

// Reads a per-dimension value: a number (all dimensions) or a list with one entry per dimension.
// 1-D ops keep their value at index 0 (LayerParams' convention); index 1 gets the neutral `fill`.
Dims read_dims(const json& v, int dims, int64_t fill) {
  Dims out{fill, fill};
  if (v.is_number_integer()) {
    for (int i = 0; i < dims; ++i) out[static_cast<size_t>(i)] = v.get<int64_t>();
  } else {
    for (int i = 0; i < dims && i < static_cast<int>(v.size()); ++i)
      out[static_cast<size_t>(i)] = v[static_cast<size_t>(i)].get<int64_t>();
  }
  return out;
}

Result<Tensor> read_fixture(const json& spec, const char* role) {
  return read_npy(golden_path(spec.at(role).get<std::string>()));
}

// Builds the scene the case describes; fixture or manifest problems are reported as errors of the test.
Result<Scene> scene_from_case(const json& spec) {
  Scene scene;
  auto op = parse_op(spec.at("op").get<std::string>());
  if (!op) return make_error("unknown op " + spec.at("op").dump());
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
  if (params.contains("output_padding")) p.output_padding = read_dims(params["output_padding"], dims, 0);
  p.groups = params.value("groups", int64_t{1});
  if (params.contains("padding_mode")) {
    auto mode = parse_padding_mode(params["padding_mode"].get<std::string>());
    if (!mode) return make_error("unknown padding_mode " + params["padding_mode"].dump());
    p.padding_mode = *mode;
  }
  p.ceil_mode = params.value("ceil_mode", false);
  p.count_include_pad = params.value("count_include_pad", true);

  auto input = read_fixture(spec, "input");
  if (!input) return input.error();
  scene.input = std::move(*input);
  if (spec.contains("weight")) {
    auto weight = read_fixture(spec, "weight");
    if (!weight) return weight.error();
    scene.weight = std::move(*weight);
  }
  if (spec.contains("bias")) {
    auto bias = read_fixture(spec, "bias");
    if (!bias) return bias.error();
    scene.bias = std::move(*bias);
  }
  return scene;
}

// Within 1e-4, absolute for small values and relative for large ones; infinities and NaN must match.
bool close_enough(float actual, float expected) {
  if (std::isnan(expected)) return std::isnan(actual);
  if (std::isinf(expected)) return actual == expected;
  if (!std::isfinite(actual)) return false;
  double scale = std::max(1.0, std::fabs(static_cast<double>(expected)));
  return std::fabs(static_cast<double>(actual) - static_cast<double>(expected)) <= kTolerance * scale;
}

bool exactly_equal(float actual, float expected) {
  if (std::isnan(expected)) return std::isnan(actual);
  return actual == expected;
}

std::string index_text(const Shape& shape, int64_t flat) {
  std::vector<int64_t> index(shape.size());
  for (size_t d = shape.size(); d-- > 0;) {
    index[d] = flat % shape[d];
    flat /= shape[d];
  }
  return shape_to_string(index);
}

class Golden : public ::testing::TestWithParam<GoldenCase> {};

TEST_P(Golden, MatchesPyTorch) {
  const GoldenCase& c = GetParam();
  ASSERT_TRUE(c.load_error.empty()) << c.load_error;
  const json& spec = c.spec;
  SCOPED_TRACE(spec.dump());

  auto scene = scene_from_case(spec);
  ASSERT_TRUE(scene.ok()) << "fixture problem: " << scene.message();
  Result<Tensor> result = run(*scene);

  if (spec.value("expect_error", false)) {
    ASSERT_FALSE(result.ok()) << "PyTorch refuses this case (\"" << spec.value("torch_error", std::string())
                              << "\") but run() returned " << result->shape_string() << "\n"
                              << format_tensor(*result);
    EXPECT_FALSE(result.message().empty());
    return;
  }

  ASSERT_TRUE(result.ok()) << "run() refused a case PyTorch computes: " << result.message();
  auto expected = read_fixture(spec, "expected");
  ASSERT_TRUE(expected.ok()) << expected.message();
  const Tensor& actual = *result;
  ASSERT_EQ(actual.shape(), expected->shape())
      << "output shape " << actual.shape_string() << ", PyTorch gives " << expected->shape_string();
  if (spec.contains("expected_shape")) {
    EXPECT_EQ(actual.shape(), spec["expected_shape"].get<Shape>()) << "manifest's expected_shape";
  }

  const bool exact = spec.value("exact", false);
  int mismatches = 0;
  for (int64_t i = 0; i < actual.numel() && mismatches < 10; ++i) {
    const float a = actual.values()[static_cast<size_t>(i)];
    const float e = expected->values()[static_cast<size_t>(i)];
    if (exact ? exactly_equal(a, e) : close_enough(a, e)) continue;
    ++mismatches;
    ADD_FAILURE() << "out" << index_text(actual.shape(), i) << " = " << a << ", PyTorch gives " << e
                  << (exact ? " (must be exact)" : "");
  }
  if (mismatches > 0) {
    ADD_FAILURE() << "convstep:\n" << format_tensor(actual) << "\nPyTorch:\n" << format_tensor(*expected);
  }

  // A transposed convolution's two walks, stamping and the equivalent direct convolution, end at
  // exactly the engine's floats.
  if (is_conv_transpose(scene->params.op)) {
    auto stamper = Stamper::create(*scene);
    ASSERT_TRUE(stamper.ok()) << stamper.message();
    EXPECT_EQ(stamper->partial_output(stamper->step_count()).values(), actual.values()) << "stamping";
    auto direct = direct_equivalent(*scene);
    ASSERT_TRUE(direct.ok()) << direct.message();
    auto stepper = Stepper::create(direct->scene);
    ASSERT_TRUE(stepper.ok()) << stepper.message();
    EXPECT_EQ(stepper->partial_output(stepper->step_count()).values(), actual.values()) << "direct";
  }
}

INSTANTIATE_TEST_SUITE_P(Manifest, Golden, ::testing::ValuesIn(all_cases()), test_name);

// The manifest must keep covering what the golden suite promises; a regeneration that silently lost
// a family of cases would otherwise still pass.
TEST(GoldenManifest, CoversEveryOpTheArticleAndErrorCases) {
  const auto& cases = all_cases();
  ASSERT_FALSE(cases.empty());
  ASSERT_TRUE(cases[0].load_error.empty()) << cases[0].load_error;
  EXPECT_GE(cases.size(), 150u);
  std::set<std::string> ops;
  int errors = 0, article_shapes = 0;
  bool article_5x5 = false;
  for (const auto& c : cases) {
    if (c.spec.value("expect_error", false)) {
      ++errors;
    } else {
      ops.insert(c.spec.value("op", std::string()));
    }
    if (c.id.rfind("article_conv", 0) == 0) ++article_shapes;
    if (c.id == "article_5x5") article_5x5 = c.spec.value("exact", false);
  }
  for (const char* op : {"conv1d", "conv2d", "max_pool1d", "max_pool2d", "avg_pool1d", "avg_pool2d",
                         "sum_pool1d", "sum_pool2d", "conv_transpose1d", "conv_transpose2d"})
    EXPECT_TRUE(ops.count(op)) << "no golden case for " << op;
  EXPECT_EQ(article_shapes, 12) << "the article lists twelve layer shapes";
  EXPECT_TRUE(article_5x5) << "article_5x5 must exist and be compared exactly";
  EXPECT_GE(errors, 10);
}

TEST(GoldenManifest, ArticleFiveByFiveIsTheArticlesFeatureMap) {
  // Guards the fixture itself: the article prints 4 3 4 / 2 4 3 / 2 3 4.
  auto expected = read_npy(golden_path("data/article_5x5.expected.npy"));
  ASSERT_TRUE(expected.ok()) << expected.message();
  EXPECT_EQ(expected->shape(), (Shape{1, 1, 3, 3}));
  EXPECT_EQ(expected->values(), (std::vector<float>{4, 3, 4, 2, 4, 3, 2, 3, 4}));
}

}  // namespace
}  // namespace convstep
