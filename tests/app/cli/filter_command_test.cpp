// Tests for `convstep filter`, run in-process through run_cli: what it writes equals the playground's
// functions (apply_filter, map_for_display) called directly, a hostile or missing file among good
// ones costs only its own line on stderr, and bad usage writes nothing.
#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include "app/cli/cli.h"
#include "core/filtering.h"
#include "core/image.h"
#include "core/npy.h"
#include "core/presets.h"
#include "tests/app/cli/cli_run.h"

namespace convstep {
namespace {

namespace fs = std::filesystem;
using test_support::CliRun;
using test_support::refuse_gui;
using test_support::run_args;

bool contains(const std::string& text, const std::string& part) {
  return text.find(part) != std::string::npos;
}

std::vector<std::string> lines_of(const std::string& text) {
  std::vector<std::string> lines;
  std::istringstream in(text);
  for (std::string line; std::getline(in, line);) lines.push_back(line);
  return lines;
}

std::string fixture(const std::string& file) {
  return std::string(CONVSTEP_TEST_DATA_DIR) + "/images/" + file;
}

// A JPEG whose Huffman table declares 320 codes (stb_image wrote past its arrays on this one).
std::vector<uint8_t> hostile_jpeg() {
  std::vector<uint8_t> j = {
      0xFF, 0xD8, 0xFF, 0xC0, 0x00, 0x0B, 0x08, 0x00, 0x08, 0x00, 0x08,
      0x01, 0x01, 0x11, 0x00, 0xFF, 0xC4, 0x00, 0x27, 0x00};  // DHT of 2 + 1 + 16 + 20 bytes, class 0 table 0
  for (int i = 0; i < 16; ++i) j.push_back(20);
  for (int i = 0; i < 20; ++i) j.push_back(0);
  for (int v : {0xFF, 0xDA, 0x00, 0x08, 0x01, 0x01, 0x00, 0x00, 0x3F, 0x00, 0x3F, 0xFF, 0xD9})
    j.push_back(static_cast<uint8_t>(v));
  return j;
}

class FilterCommand : public ::testing::Test {
 protected:
  void SetUp() override {
    const auto* info = ::testing::UnitTest::GetInstance()->current_test_info();
    dir_ = fs::temp_directory_path() /
           ("convstep_filter_test_" + std::string(info->name()) + "_" + std::to_string(::getpid()));
    fs::remove_all(dir_);
    fs::create_directories(dir_ / "out");
  }
  void TearDown() override { fs::remove_all(dir_); }

  std::string path(const std::string& name) const { return (dir_ / name).string(); }
  std::string out_dir() const { return path("out"); }

  std::string copy_fixture(const std::string& file, const std::string& as) const {
    fs::copy_file(fixture(file), path(as));
    return path(as);
  }
  std::string write_bytes(const std::string& name, const std::vector<uint8_t>& bytes) const {
    std::ofstream f(path(name), std::ios::binary);
    f.write(reinterpret_cast<const char*>(bytes.data()), static_cast<std::streamsize>(bytes.size()));
    return path(name);
  }
  std::vector<std::string> files_in(const std::string& folder) const {
    std::vector<std::string> names;
    for (const auto& e : fs::directory_iterator(folder)) names.push_back(e.path().filename().string());
    std::sort(names.begin(), names.end());
    return names;
  }

  fs::path dir_;
};

// What the playground's functions give for a fixture, 0-255 RGB.
Tensor filtered_fixture(const std::string& file, const Tensor& kernel) {
  Result<Image> image = load_image(fixture(file));
  EXPECT_TRUE(image.ok()) << image.message();
  Result<Tensor> filtered = apply_filter(image_to_tensor(*image, ColorMode::kRgb, PixelScale::k0To255),
                                         {kernel, PaddingMode::kZeros, KernelOrientation::kCrossCorrelation});
  EXPECT_TRUE(filtered.ok()) << filtered.message();
  return *filtered;
}

TEST_F(FilterCommand, IdentityPresetWritesThePictureUnchanged) {
  const CliRun r =
      run_args({"filter", fixture("rgb_4x3.png"), "--kernel", "identity", "--output", path("x.png")});
  ASSERT_EQ(r.code, 0) << r.err;
  EXPECT_TRUE(r.err.empty()) << r.err;
  EXPECT_TRUE(contains(r.out, "wrote " + path("x.png"))) << r.out;
  Result<Image> written = load_image(path("x.png"));
  ASSERT_TRUE(written.ok()) << written.message();
  EXPECT_EQ(written->pixels, load_image(fixture("rgb_4x3.png"))->pixels);
}

TEST_F(FilterCommand, NpyKernelAndNpyOutputGiveTheFilteredFloatsBeforeDisplay) {
  Tensor kernel({1, 1, 3, 3});
  for (int64_t i = 0; i < 9; ++i) kernel.data()[i] = static_cast<float>(i) - 4.0f;  // signed, unnormalized
  ASSERT_TRUE(write_npy(path("w.npy"), kernel).ok());
  const CliRun r =
      run_args({"filter", fixture("rgb_4x3.png"), "--kernel", path("w.npy"), "--output", path("y.npy")});
  ASSERT_EQ(r.code, 0) << r.err;
  Result<Tensor> y = read_npy(path("y.npy"));
  ASSERT_TRUE(y.ok()) << y.message();
  const Tensor expected = filtered_fixture("rgb_4x3.png", kernel.reshaped({3, 3}));
  ASSERT_EQ(y->shape(), (Shape{3, 3, 4}));
  EXPECT_EQ(y->values(), expected.values());
  bool negative = false;
  for (float v : y->values()) negative = negative || v < 0;
  EXPECT_TRUE(negative) << "the .npy must hold the values before clamping";
}

TEST_F(FilterCommand, EachDisplayModeWritesWhatThePlaygroundShows) {
  const KernelPreset* sobel = find_kernel_preset("sobel-x");
  ASSERT_NE(sobel, nullptr);
  const Tensor filtered = filtered_fixture("rgb_4x3.png", sobel->kernel);
  std::vector<std::vector<uint8_t>> seen;
  for (const auto& [flag, mode] :
       std::vector<std::pair<std::string, DisplayMode>>{{"clamp", DisplayMode::kClamp},
                                                        {"abs", DisplayMode::kAbsolute},
                                                        {"rescale", DisplayMode::kRescale},
                                                        {"signed", DisplayMode::kSigned}}) {
    const std::string out = path(flag + ".png");
    const CliRun r = run_args(
        {"filter", fixture("rgb_4x3.png"), "--kernel", "sobel-x", "--display", flag, "--output", out});
    ASSERT_EQ(r.code, 0) << flag << ": " << r.err;
    Result<Image> written = load_image(out);
    ASSERT_TRUE(written.ok()) << written.message();
    Result<Image> expected = display_to_image(map_for_display(filtered, {mode, 255.0f, 0.0f}));
    ASSERT_TRUE(expected.ok());
    EXPECT_EQ(written->pixels, expected->pixels) << flag;
    seen.push_back(written->pixels);
  }
  EXPECT_NE(seen[0], seen[1]);  // the modes really differ on an edge filter
  EXPECT_NE(seen[1], seen[3]);
}

TEST_F(FilterCommand, WithoutDisplayTheModeFollowsTheKernelAsInThePlayground) {
  // sobel-x sums to 0: shown signed; box-blur does not: clamped. Each equals that mode given explicitly.
  for (const auto& [kernel, mode] :
       std::vector<std::pair<std::string, std::string>>{{"sobel-x", "signed"}, {"box-blur", "clamp"}}) {
    const std::string chosen = path(kernel + "_default.png"), given = path(kernel + "_given.png");
    ASSERT_EQ(run_args({"filter", fixture("rgb_4x3.png"), "--kernel", kernel, "--output", chosen}).code, 0);
    ASSERT_EQ(
        run_args({"filter", fixture("rgb_4x3.png"), "--kernel", kernel, "--display", mode, "--output", given})
            .code,
        0);
    EXPECT_EQ(load_image(chosen)->pixels, load_image(given)->pixels) << kernel;
  }
  const CliRun r =
      run_args({"filter", fixture("rgb_4x3.png"), "--kernel", "sobel-x", "--output", path("s.png")});
  EXPECT_TRUE(contains(r.out, "display signed")) << r.out;
}

TEST_F(FilterCommand, GreyImageIsFilteredAsOneLuminanceChannel) {
  const CliRun r =
      run_args({"filter", fixture("grey_4x3.png"), "--kernel", "box-blur", "--output", path("g.npy")});
  ASSERT_EQ(r.code, 0) << r.err;
  EXPECT_EQ(read_npy(path("g.npy"))->shape(), (Shape{1, 3, 4}));
  const CliRun gray = run_args(
      {"filter", fixture("rgb_4x3.png"), "--kernel", "box-blur", "--gray", "--output", path("c.npy")});
  ASSERT_EQ(gray.code, 0) << gray.err;
  EXPECT_EQ(read_npy(path("c.npy"))->shape(), (Shape{1, 3, 4}));
}

TEST_F(FilterCommand, HostileAndMissingFilesAmongGoodOnesFailAloneWithOneLineEach) {
  const std::string first = copy_fixture("rgb_4x3.png", "first.png");
  const std::string hostile = write_bytes("hostile.jpg", hostile_jpeg());
  const std::string missing = path("missing.png");
  const std::string last = copy_fixture("rgb_4x3.bmp", "last.bmp");
  const CliRun r =
      run_args({"filter", first, hostile, missing, last, "--kernel", "sharpen", "--output-dir", out_dir()});
  EXPECT_EQ(r.code, 1);
  const std::vector<std::string> errors = lines_of(r.err);
  ASSERT_EQ(errors.size(), 2u) << r.err;
  EXPECT_TRUE(contains(errors[0], "hostile.jpg")) << errors[0];
  EXPECT_TRUE(contains(errors[0], "libjpeg")) << errors[0];
  EXPECT_TRUE(contains(errors[1], "missing.png")) << errors[1];
  EXPECT_TRUE(contains(errors[1], "no such file")) << errors[1];
  // Nothing for the failures, no temporary files: only the two good results.
  EXPECT_EQ(files_in(out_dir()), (std::vector<std::string>{"first.png", "last.png"}));
  EXPECT_EQ(lines_of(r.out).size(), 2u) << r.out;
}

TEST_F(FilterCommand, OutputDirWithFormatNpyWritesOneNpyPerImage) {
  const std::string a = copy_fixture("rgb_4x3.png", "a.png");
  const std::string b = copy_fixture("rgb_4x3.gif", "b.gif");
  const CliRun r =
      run_args({"filter", a, b, "--kernel", "emboss", "--output-dir", out_dir(), "--format", "npy"});
  ASSERT_EQ(r.code, 0) << r.err;
  EXPECT_EQ(files_in(out_dir()), (std::vector<std::string>{"a.npy", "b.npy"}));
}

TEST_F(FilterCommand, UnknownKernelNameSaysWhereThePresetsAre) {
  const CliRun r =
      run_args({"filter", fixture("rgb_4x3.png"), "--kernel", "sobel", "--output-dir", out_dir()});
  EXPECT_EQ(r.code, 2);
  EXPECT_TRUE(contains(r.err, "convstep presets")) << r.err;
  EXPECT_TRUE(contains(r.err, "sobel-x")) << r.err;
  EXPECT_EQ(lines_of(r.err).size(), 1u);
  EXPECT_TRUE(files_in(out_dir()).empty());
}

TEST_F(FilterCommand, OutputWithTwoImagesIsRefusedBeforeAnythingIsWritten) {
  const CliRun r = run_args({"filter", fixture("rgb_4x3.png"), fixture("rgb_4x3.bmp"), "--kernel", "identity",
                             "--output", path("out/one.png")});
  EXPECT_EQ(r.code, 2);
  EXPECT_TRUE(contains(r.err, "--output-dir")) << r.err;
  EXPECT_TRUE(files_in(out_dir()).empty());
}

TEST_F(FilterCommand, BadUsageIsRefusedWithAMessage) {
  const std::string image = fixture("rgb_4x3.png");
  struct Case {
    std::vector<std::string> args;
    std::string reason;
  };
  const std::vector<Case> cases = {
      {{"filter", image, "--kernel", "identity"}, "--output"},
      {{"filter", image, "--kernel", "identity", "--output", path("x.jpg")}, ".png or .npy"},
      {{"filter", image, "--kernel", "identity", "--display", "log", "--output", path("x.png")}, "--display"},
      {{"filter", image, "--kernel", "identity", "--padding-mode", "mirror", "--output", path("x.png")},
       "reflect"},
      {{"filter", image, "--kernel", "identity", "--output-dir", path("nowhere")}, "not an existing folder"},
      {{"filter", image, "--kernel", "identity", "--output-dir", out_dir(), "--format", "gif"}, "png or npy"},
  };
  for (const Case& c : cases) {
    const CliRun r = run_args(c.args);
    EXPECT_EQ(r.code, 2) << c.reason;
    EXPECT_TRUE(contains(r.err, c.reason)) << r.err;
  }
  EXPECT_FALSE(fs::exists(path("x.png")));
  EXPECT_FALSE(fs::exists(path("x.jpg")));
}

TEST_F(FilterCommand, NeverOverwritesAnInputOrAnEarlierResult) {
  fs::create_directories(dir_ / "a");
  fs::create_directories(dir_ / "b");
  const std::string a = (dir_ / "a" / "x.png").string();
  const std::string b = (dir_ / "b" / "x.bmp").string();
  fs::copy_file(fixture("rgb_4x3.png"), a);
  fs::copy_file(fixture("rgb_4x3.bmp"), b);
  const CliRun same_stem = run_args({"filter", a, b, "--kernel", "sharpen", "--output-dir", out_dir()});
  EXPECT_EQ(same_stem.code, 1);
  EXPECT_TRUE(contains(same_stem.err, "x.bmp")) << same_stem.err;
  EXPECT_EQ(files_in(out_dir()), (std::vector<std::string>{"x.png"}));

  const auto before = fs::file_size(a);
  const CliRun onto_input =
      run_args({"filter", a, "--kernel", "sharpen", "--output-dir", (dir_ / "a").string()});
  EXPECT_EQ(onto_input.code, 1);
  EXPECT_TRUE(contains(onto_input.err, "is the input")) << onto_input.err;
  EXPECT_EQ(fs::file_size(a), before);
}

TEST_F(FilterCommand, HelpDocumentsTheOutputChoices) {
  const CliRun r = run_args({"filter", "--help"});
  EXPECT_EQ(r.code, 0);
  for (const char* part : {"--kernel", "--output-dir", "--format", "signed", "convstep presets"})
    EXPECT_TRUE(contains(r.out, part)) << part;
}

}  // namespace
}  // namespace convstep
