// Tests for core/image: every format from the 4×3 fixtures in tests/data/images (made by make_images.py
// there), every bad file refused with its name and the reason, the tensor conversions, area
// downscaling, crops and the PNG export round trip. Also checks the shipped sample images.
#include "core/image.h"

#include <gtest/gtest.h>

#include <array>
#include <cctype>
#include <cmath>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <random>
#include <string>
#include <vector>

namespace convstep {
namespace {

namespace fs = std::filesystem;

using Rgb = std::array<int, 3>;

// The fixtures' pixels, as make_images.py writes them: 4 columns × 3 rows.
const Rgb kPixels[3][4] = {
    {{255, 0, 0}, {0, 255, 0}, {0, 0, 255}, {255, 255, 255}},
    {{0, 0, 0}, {128, 128, 128}, {10, 20, 30}, {200, 100, 50}},
    {{255, 255, 0}, {0, 255, 255}, {255, 0, 255}, {1, 2, 3}},
};
const int kAlpha[3][4] = {{255, 128, 0, 255}, {64, 255, 255, 255}, {255, 255, 1, 200}};
const int kGrey[3][4] = {{0, 50, 100, 150}, {200, 250, 255, 1}, {2, 3, 4, 5}};

std::string fixture(const std::string& file) {
  return std::string(CONVSTEP_TEST_DATA_DIR) + "/images/" + file;
}

std::vector<uint8_t> read_bytes(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  return std::vector<uint8_t>(std::istreambuf_iterator<char>(in), {});
}

// A fresh folder per test, removed afterwards.
class TempDir {
 public:
  TempDir() {
    path_ = fs::temp_directory_path() / ("convstep_image_test_" + std::to_string(std::random_device{}()));
    fs::create_directories(path_);
  }
  ~TempDir() {
    std::error_code ec;
    fs::remove_all(path_, ec);
  }
  std::string file(const std::string& name) const { return (path_ / name).string(); }
  const fs::path& path() const { return path_; }

 private:
  fs::path path_;
};

void write_bytes(const std::string& path, const std::vector<uint8_t>& bytes) {
  std::ofstream out(path, std::ios::binary);
  out.write(reinterpret_cast<const char*>(bytes.data()), static_cast<std::streamsize>(bytes.size()));
}

bool contains(const std::string& text, const std::string& part) {
  return text.find(part) != std::string::npos;
}

// ---- Loading every format ----

struct FormatCase {
  std::string file;
  ImageFormat format;
  int tolerance;  // JPEG is lossy
};

class LoadFormat : public testing::TestWithParam<FormatCase> {};

TEST_P(LoadFormat, GivesTheKnownPixelsTopRowFirst) {
  const FormatCase& c = GetParam();
  Result<Image> image = load_image(fixture(c.file));
  ASSERT_TRUE(image.ok()) << image.message();
  EXPECT_EQ(image->width, 4);
  EXPECT_EQ(image->height, 3);
  ASSERT_EQ(image->channels, 3);
  ASSERT_EQ(image->pixels.size(), 4u * 3u * 3u);
  for (int y = 0; y < 3; ++y) {
    for (int x = 0; x < 4; ++x) {
      for (int k = 0; k < 3; ++k) {
        EXPECT_NEAR(image->at(y, x, k), kPixels[y][x][static_cast<size_t>(k)], c.tolerance)
            << c.file << " pixel (" << y << ", " << x << ") channel " << k;
      }
    }
  }
}

TEST_P(LoadFormat, ProbeNamesTheFormatAndSize) {
  const FormatCase& c = GetParam();
  Result<ImageInfo> info = probe_image(read_bytes(fixture(c.file)), c.file);
  ASSERT_TRUE(info.ok()) << info.message();
  EXPECT_EQ(info->format, c.format);
  EXPECT_EQ(info->width, 4);
  EXPECT_EQ(info->height, 3);
}

INSTANTIATE_TEST_SUITE_P(Image, LoadFormat,
                         testing::Values(FormatCase{"rgb_4x3.png", ImageFormat::kPng, 0},
                                         FormatCase{"rgb_4x3.bmp", ImageFormat::kBmp, 0},
                                         FormatCase{"rgb_4x3.tga", ImageFormat::kTga, 0},
                                         FormatCase{"rgb_4x3_rle.tga", ImageFormat::kTga, 0},
                                         FormatCase{"rgb_4x3.gif", ImageFormat::kGif, 0},
                                         FormatCase{"rgb_4x3.jpg", ImageFormat::kJpeg, 8}),
                         [](const testing::TestParamInfo<FormatCase>& info) {
                           std::string name = info.param.file;
                           for (char& ch : name) {
                             if (!std::isalnum(static_cast<unsigned char>(ch))) ch = '_';
                           }
                           return name;
                         });

TEST(Image, AnimatedGifGivesItsFirstFrame) {
  Result<Image> image = load_image(fixture("animated_4x3.gif"));
  ASSERT_TRUE(image.ok()) << image.message();
  EXPECT_EQ(image->at(0, 0, 0), 255);  // the second frame is inverted: red would be cyan
  EXPECT_EQ(image->at(0, 0, 1), 0);
  EXPECT_EQ(image->at(1, 3, 0), 200);
  EXPECT_EQ(image->at(2, 3, 2), 3);
}

TEST(Image, PngWithAlphaLoadsAsRgba) {
  Result<Image> image = load_image(fixture("rgba_4x3.png"));
  ASSERT_TRUE(image.ok()) << image.message();
  ASSERT_EQ(image->channels, 4);
  EXPECT_EQ(image->source_channels, 4);
  for (int y = 0; y < 3; ++y) {
    for (int x = 0; x < 4; ++x) {
      EXPECT_EQ(image->at(y, x, 3), kAlpha[y][x]);
      EXPECT_EQ(image->at(y, x, 1), kPixels[y][x][1]);
    }
  }
}

TEST(Image, GreyPngLoadsAsRgbWithEqualChannels) {
  Result<Image> image = load_image(fixture("grey_4x3.png"));
  ASSERT_TRUE(image.ok()) << image.message();
  ASSERT_EQ(image->channels, 3);
  EXPECT_EQ(image->source_channels, 1);
  for (int y = 0; y < 3; ++y) {
    for (int x = 0; x < 4; ++x) {
      for (int k = 0; k < 3; ++k) EXPECT_EQ(image->at(y, x, k), kGrey[y][x]);
    }
  }
}

// ---- Bad files ----

void expect_refused(const Result<Image>& result, const std::string& name, const std::string& reason) {
  ASSERT_FALSE(result.ok()) << name << " should be refused (" << reason << ")";
  EXPECT_TRUE(contains(result.message(), name)) << result.message();
  EXPECT_TRUE(contains(result.message(), reason)) << result.message();
}

TEST(Image, TextFileIsRefusedAsNotAnImage) {
  expect_refused(load_image(fixture("not_an_image.txt")), "not_an_image.txt",
                 "not an image convstep can open");
}

TEST(Image, OtherImageFormatsAreNamedWhenRefused) {
  std::vector<uint8_t> tiff = {'I', 'I', '*', 0, 8, 0, 0, 0, 0, 0, 0, 0};
  expect_refused(decode_image(tiff, "scan.tif"), "scan.tif", "is a TIFF image");
  std::vector<uint8_t> webp = {'R', 'I', 'F', 'F', 0, 0, 0, 0, 'W', 'E', 'B', 'P', 0, 0, 0, 0};
  expect_refused(decode_image(webp, "photo.webp"), "photo.webp", "WebP");
}

TEST(Image, EmptyFileIsRefused) {
  TempDir dir;
  write_bytes(dir.file("empty.png"), {});
  expect_refused(load_image(dir.file("empty.png")), "empty.png", "empty (0 bytes)");
}

TEST(Image, MissingFileAndFolderAreRefused) {
  expect_refused(load_image(fixture("no_such_image.png")), "no_such_image.png", "no such file");
  expect_refused(load_image(std::string(CONVSTEP_TEST_DATA_DIR) + "/images"), "images", "is a folder");
}

TEST(Image, FileLargerThanTheByteLimitIsRefusedBeforeReading) {
  ImageLimits limits;
  limits.max_file_bytes = 50;
  expect_refused(load_image(fixture("rgb_4x3.png"), limits), "rgb_4x3.png", "up to 50 bytes");
}

// Every prefix of a fixture must be refused: stb_image alone would decode most of them into black or
// grey pixels without a word.
class TruncatedFile : public testing::TestWithParam<std::string> {};

TEST_P(TruncatedFile, EveryPrefixIsRefusedAsTruncated) {
  const std::string file = GetParam();
  const std::vector<uint8_t> bytes = read_bytes(fixture(file));
  ASSERT_GT(bytes.size(), 20u);
  // Below 8 bytes a prefix no longer carries the whole signature; those are "not an image".
  for (size_t length = 8; length < bytes.size(); ++length) {
    const std::vector<uint8_t> prefix(bytes.begin(), bytes.begin() + static_cast<std::ptrdiff_t>(length));
    Result<Image> result = decode_image(prefix, file);
    ASSERT_FALSE(result.ok()) << file << " cut to " << length << " of " << bytes.size()
                              << " bytes was accepted";
    EXPECT_TRUE(contains(result.message(), "truncated")) << "cut to " << length << ": " << result.message();
    EXPECT_TRUE(contains(result.message(), file)) << result.message();
  }
}

INSTANTIATE_TEST_SUITE_P(Image, TruncatedFile,
                         testing::Values("rgb_4x3.png", "rgb_4x3.jpg", "rgb_4x3.bmp", "rgba_4x3.png"),
                         [](const testing::TestParamInfo<std::string>& info) {
                           return info.param.substr(0, info.param.find('.')) + "_" +
                                  info.param.substr(info.param.find('.') + 1);
                         });

// GIF and TGA may carry bytes after the picture (the GIF trailer, the TGA footer); cutting those is
// harmless, cutting into the pixels is not.
TEST(Image, GifAndTgaCutInsideThePixelsAreRefusedAsTruncated) {
  struct Case {
    std::string file;
    size_t pixels_end;
  };
  // rgb_4x3.gif: the first frame's data ends before the trailer byte; TGA: 18-byte header + pixels.
  const std::vector<uint8_t> gif = read_bytes(fixture("rgb_4x3.gif"));
  const std::vector<uint8_t> rle = read_bytes(fixture("rgb_4x3_rle.tga"));
  const std::vector<Case> cases = {{"rgb_4x3.gif", gif.size() - 1},
                                   {"rgb_4x3.tga", 18 + 4 * 3 * 3},
                                   {"rgb_4x3_rle.tga", rle.size() - 26}};  // PIL appends a 26-byte footer
  for (const Case& c : cases) {
    const std::vector<uint8_t> bytes = read_bytes(fixture(c.file));
    for (size_t length = 18; length < c.pixels_end; ++length) {
      const std::vector<uint8_t> prefix(bytes.begin(), bytes.begin() + static_cast<std::ptrdiff_t>(length));
      Result<Image> result = decode_image(prefix, c.file);
      ASSERT_FALSE(result.ok()) << c.file << " cut to " << length << " bytes was accepted";
      EXPECT_TRUE(contains(result.message(), "truncated"))
          << c.file << " cut to " << length << ": " << result.message();
    }
    const std::vector<uint8_t> whole_picture(bytes.begin(),
                                             bytes.begin() + static_cast<std::ptrdiff_t>(c.pixels_end));
    EXPECT_TRUE(decode_image(whole_picture, c.file).ok()) << c.file << " with only its trailer/footer cut";
  }
}

// A PNG whose header claims the given size, with nothing behind it.
std::vector<uint8_t> png_claiming(uint32_t width, uint32_t height) {
  std::vector<uint8_t> b = {0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n', 0, 0, 0, 13, 'I', 'H', 'D', 'R'};
  for (uint32_t v : {width, height}) {
    for (int shift = 24; shift >= 0; shift -= 8) b.push_back(static_cast<uint8_t>(v >> shift));
  }
  for (uint8_t v : {8, 2, 0, 0, 0, 0, 0, 0, 0}) b.push_back(v);  // depth, colour type, ..., CRC
  return b;
}

TEST(Image, HeaderClaimingHugeSizeIsRefusedBeforeDecoding) {
  Result<Image> result = decode_image(png_claiming(100000, 100000), "huge.png");
  expect_refused(result, "huge.png", "100000\u00d7100000");
  EXPECT_TRUE(contains(result.message(), "16384 pixels per side")) << result.message();

  Result<Image> wide = decode_image(png_claiming(10000, 5000), "wide.png");
  expect_refused(wide, "wide.png", "50.0 megapixels");
  EXPECT_TRUE(contains(wide.message(), "up to 40.0 megapixels")) << wide.message();
}

// Each format's size field patched to a huge value in the real fixture.
TEST(Image, EveryFormatReportsAHugeSizeFromItsHeader) {
  std::vector<uint8_t> bmp = read_bytes(fixture("rgb_4x3.bmp"));
  for (int i = 0; i < 4; ++i) bmp[static_cast<size_t>(18 + i)] = static_cast<uint8_t>(100000 >> (8 * i));
  expect_refused(decode_image(bmp, "huge.bmp"), "huge.bmp", "100000\u00d73");

  std::vector<uint8_t> gif = read_bytes(fixture("rgb_4x3.gif"));
  gif[6] = gif[7] = gif[8] = gif[9] = 0xFF;
  expect_refused(decode_image(gif, "huge.gif"), "huge.gif", "65535\u00d765535");

  std::vector<uint8_t> tga = read_bytes(fixture("rgb_4x3.tga"));
  tga[12] = tga[13] = 0xFF;
  expect_refused(decode_image(tga, "huge.tga"), "huge.tga", "65535\u00d73");

  std::vector<uint8_t> jpg = read_bytes(fixture("rgb_4x3.jpg"));
  for (size_t i = 2; i + 8 < jpg.size(); ++i) {
    if (jpg[i] == 0xFF && jpg[i + 1] == 0xC0) {  // baseline frame header: height at +5, width at +7
      jpg[i + 5] = jpg[i + 6] = jpg[i + 7] = jpg[i + 8] = 0xEA;
      break;
    }
  }
  expect_refused(decode_image(jpg, "huge.jpg"), "huge.jpg", "60138\u00d760138");
}

TEST(Image, SmallerLimitsAreHonoured) {
  ImageLimits limits;
  limits.max_side = 3;
  expect_refused(load_image(fixture("rgb_4x3.png"), limits), "rgb_4x3.png", "up to 3 pixels per side");
}

TEST(Image, ZeroWidthIsRefused) {
  expect_refused(decode_image(png_claiming(0, 3), "flat.png"), "flat.png", "0\u00d73");
}

// Random damage must give an image or a message, never a crash (run under sanitizers, a cheap fuzz).
TEST(Image, RandomlyDamagedFilesNeverCrash) {
  std::mt19937 rng(1234);
  int refused = 0;
  for (const char* file : {"rgb_4x3.png", "rgb_4x3.jpg", "rgb_4x3.bmp", "rgb_4x3.gif", "rgb_4x3.tga",
                           "rgb_4x3_rle.tga", "rgba_4x3.png"}) {
    const std::vector<uint8_t> original = read_bytes(fixture(file));
    for (int trial = 0; trial < 300; ++trial) {
      std::vector<uint8_t> bytes = original;
      const int flips = 1 + static_cast<int>(rng() % 4);
      for (int f = 0; f < flips; ++f) bytes[rng() % bytes.size()] = static_cast<uint8_t>(rng());
      Result<Image> result = decode_image(bytes, file);
      if (result.ok()) {
        EXPECT_EQ(result->pixels.size(),
                  static_cast<size_t>(result->width * result->height * result->channels));
      } else {
        ++refused;
        EXPECT_TRUE(contains(result.message(), file));
      }
    }
  }
  EXPECT_GT(refused, 0);
}

// ---- Image → tensor ----

Image fixture_image() {
  Result<Image> image = load_image(fixture("rgb_4x3.png"));
  EXPECT_TRUE(image.ok()) << image.message();
  return image.ok() ? *image : Image{};
}

TEST(Image, RgbTensorHasThreeChannelsInRgbOrder) {
  const Tensor t = image_to_tensor(fixture_image(), ColorMode::kRgb, PixelScale::k0To255);
  ASSERT_EQ(t.shape(), (Shape{3, 3, 4}));
  for (int64_t y = 0; y < 3; ++y) {
    for (int64_t x = 0; x < 4; ++x) {
      for (int64_t c = 0; c < 3; ++c) {
        EXPECT_EQ(t.at({c, y, x}), static_cast<float>(kPixels[y][x][static_cast<size_t>(c)]));
      }
    }
  }
  EXPECT_EQ(t.at({0, 1, 3}), 200.0f);  // (200, 100, 50): R, G, B on channels 0, 1, 2
  EXPECT_EQ(t.at({1, 1, 3}), 100.0f);
  EXPECT_EQ(t.at({2, 1, 3}), 50.0f);
}

TEST(Image, ZeroToOneDividesEveryValueBy255) {
  const Image image = fixture_image();
  const Tensor bytes = image_to_tensor(image, ColorMode::kRgb, PixelScale::k0To255);
  const Tensor unit = image_to_tensor(image, ColorMode::kRgb, PixelScale::k0To1);
  ASSERT_EQ(unit.shape(), bytes.shape());
  for (int64_t i = 0; i < unit.numel(); ++i) EXPECT_EQ(unit.data()[i], bytes.data()[i] / 255.0f);
  EXPECT_FLOAT_EQ(unit.at({0, 1, 1}), 128.0f / 255.0f);
  EXPECT_EQ(value_range_max(PixelScale::k0To1), 1.0f);
  EXPECT_EQ(value_range_max(PixelScale::k0To255), 255.0f);
}

TEST(Image, LuminanceUsesRec601AndRec709WeightsOnKnownColours) {
  const Image image = fixture_image();
  const Tensor y601 = image_to_tensor(image, ColorMode::kLuminance601, PixelScale::k0To255);
  const Tensor y709 = image_to_tensor(image, ColorMode::kLuminance709, PixelScale::k0To255);
  ASSERT_EQ(y601.shape(), (Shape{1, 3, 4}));
  // Red, green, blue, white, grey 128, (200, 100, 50).
  EXPECT_NEAR(y601.at({0, 0, 0}), 0.299f * 255, 1e-3);
  EXPECT_NEAR(y601.at({0, 0, 1}), 0.587f * 255, 1e-3);
  EXPECT_NEAR(y601.at({0, 0, 2}), 0.114f * 255, 1e-3);
  EXPECT_NEAR(y601.at({0, 0, 3}), 255.0f, 1e-3);
  EXPECT_NEAR(y601.at({0, 1, 1}), 128.0f, 1e-3);
  EXPECT_NEAR(y601.at({0, 1, 3}), 0.299f * 200 + 0.587f * 100 + 0.114f * 50, 1e-3);
  EXPECT_NEAR(y709.at({0, 0, 0}), 0.2126f * 255, 1e-3);
  EXPECT_NEAR(y709.at({0, 0, 1}), 0.7152f * 255, 1e-3);
  EXPECT_NEAR(y709.at({0, 0, 2}), 0.0722f * 255, 1e-3);
  EXPECT_NEAR(y709.at({0, 0, 3}), 255.0f, 1e-3);
  // Not the red channel: pure green is brighter than pure red, and pure blue is not black.
  EXPECT_GT(y601.at({0, 0, 1}), y601.at({0, 0, 0}));
  EXPECT_GT(y709.at({0, 0, 2}), 0.0f);
  const Tensor unit = image_to_tensor(image, ColorMode::kLuminance709, PixelScale::k0To1);
  EXPECT_NEAR(unit.at({0, 0, 1}), 0.7152f, 1e-6);
}

TEST(Image, LuminanceOfAGreyImageIsItsGreyValue) {
  Result<Image> grey = load_image(fixture("grey_4x3.png"));
  ASSERT_TRUE(grey.ok()) << grey.message();
  for (ColorMode mode : {ColorMode::kLuminance601, ColorMode::kLuminance709}) {
    const Tensor t = image_to_tensor(*grey, mode, PixelScale::k0To255);
    for (int64_t y = 0; y < 3; ++y) {
      for (int64_t x = 0; x < 4; ++x)
        EXPECT_EQ(t.at({0, y, x}), kGrey[y][x]) << color_mode_name(mode);  // exactly, not 218.00002
    }
  }
}

TEST(Image, PytorchLinesSpellTheSameConversion) {
  const std::vector<std::string> rgb = image_to_tensor_pytorch(ColorMode::kRgb, PixelScale::k0To255);
  EXPECT_TRUE(contains(rgb[0], "permute(2, 0, 1)"));
  ASSERT_EQ(rgb.size(), 2u);
  EXPECT_TRUE(contains(rgb[1], "x.float()"));
  const std::vector<std::string> luma = image_to_tensor_pytorch(ColorMode::kLuminance601, PixelScale::k0To1);
  ASSERT_EQ(luma.size(), 4u);
  // Weighted and divided in float64, then rounded once, as image_to_tensor does.
  EXPECT_TRUE(contains(luma[0], ".double()"));
  EXPECT_TRUE(contains(luma[1], "[0.299, 0.587, 0.114], dtype=torch.float64")) << luma[1];
  EXPECT_TRUE(contains(luma[2], "x / 255"));
  EXPECT_TRUE(contains(luma[3], "x.float()"));
  const std::vector<std::string> y709 =
      image_to_tensor_pytorch(ColorMode::kLuminance709, PixelScale::k0To255);
  EXPECT_TRUE(contains(y709[1], "[0.2126, 0.7152, 0.0722]")) << y709[1];
}

// ---- Display and crops ----

TEST(Image, FitWithinKeepsTheAspectRatioAndNeverUpscales) {
  EXPECT_EQ(fit_within(3000, 4000, 512, 512), (std::array<int64_t, 2>{384, 512}));
  EXPECT_EQ(fit_within(300, 451, 512, 512), (std::array<int64_t, 2>{300, 451}));
  EXPECT_EQ(fit_within(1, 10000, 100, 100), (std::array<int64_t, 2>{1, 100}));
  EXPECT_EQ(fit_within(8000, 2000, 1000, 1000), (std::array<int64_t, 2>{1000, 250}));
}

TEST(Image, AreaResizeAveragesWholeBlocks) {
  Tensor t({1, 2, 4}, {0, 2, 10, 20, 4, 6, 30, 40});
  const Tensor half = resize_area(t, 1, 2);
  ASSERT_EQ(half.shape(), (Shape{1, 1, 2}));
  EXPECT_FLOAT_EQ(half.at({0, 0, 0}), 3.0f);   // (0 + 2 + 4 + 6) / 4
  EXPECT_FLOAT_EQ(half.at({0, 0, 1}), 25.0f);  // (10 + 20 + 30 + 40) / 4
}

TEST(Image, AreaResizeWeightsPartlyCoveredPixels) {
  // 3 columns into 2: each output covers 1.5 source columns.
  Tensor t({1, 1, 3}, {0, 3, 6});
  const Tensor out = resize_area(t, 1, 2);
  EXPECT_FLOAT_EQ(out.at({0, 0, 0}), 1.0f);  // (0·1 + 3·0.5) / 1.5
  EXPECT_FLOAT_EQ(out.at({0, 0, 1}), 5.0f);  // (3·0.5 + 6·1) / 1.5
}

TEST(Image, DownscaleForDisplayFitsAndKeepsTheOriginal) {
  Image big;
  big.width = 100;
  big.height = 60;
  big.channels = 3;
  big.pixels.assign(100 * 60 * 3, 0);
  for (int64_t y = 0; y < 60; ++y) {
    for (int64_t x = 0; x < 100; ++x) big.at(y, x, 0) = x < 50 ? 0 : 200;  // left black, right red
  }
  const Image before = big;
  const Image shown = downscale_for_display(big, 30, 80);  // height limit 30 wins: half size
  EXPECT_EQ(shown.width, 50);
  EXPECT_EQ(shown.height, 30);
  EXPECT_EQ(shown.at(10, 0, 0), 0);
  EXPECT_EQ(shown.at(10, 49, 0), 200);
  EXPECT_EQ(big.pixels, before.pixels);
  EXPECT_EQ(big.width, 100);
  const Image same = downscale_for_display(big, 200, 200);
  EXPECT_EQ(same.width, 100);
  EXPECT_EQ(same.pixels, big.pixels);
}

TEST(Image, CropCopiesTheRegionsValues) {
  Tensor t({2, 4, 5});
  for (int64_t c = 0; c < 2; ++c) {
    for (int64_t y = 0; y < 4; ++y) {
      for (int64_t x = 0; x < 5; ++x) t.at({c, y, x}) = static_cast<float>(c * 100 + y * 10 + x);
    }
  }
  Result<Tensor> part = crop(t, Region{1, 2, 2, 3});
  ASSERT_TRUE(part.ok()) << part.message();
  ASSERT_EQ(part->shape(), (Shape{2, 2, 3}));
  EXPECT_EQ(part->at({0, 0, 0}), 12.0f);
  EXPECT_EQ(part->at({1, 1, 2}), 124.0f);  // t(1, 1 + 1, 2 + 2)
}

TEST(Image, CropOutsideTheImageExplainsWithTheNumbers) {
  Tensor t({1, 4, 5});
  Result<Tensor> part = crop(t, Region{2, 3, 3, 3});
  ASSERT_FALSE(part.ok());
  EXPECT_TRUE(contains(part.message(), "rows 2\u20134")) << part.message();
  EXPECT_TRUE(contains(part.message(), "4\u00d75 image")) << part.message();
  EXPECT_FALSE(crop(t, Region{0, 0, 0, 2}).ok());
  EXPECT_FALSE(crop(t, Region{-1, 0, 2, 2}).ok());
  EXPECT_FALSE(crop(Tensor({4, 5}), Region{0, 0, 1, 1}).ok());
}

// ---- PNG export ----

TEST(Image, PngExportRoundTripsTheValues) {
  TempDir dir;
  Tensor t({3, 5, 7});
  for (int64_t i = 0; i < t.numel(); ++i) t.data()[i] = static_cast<float>((i * 37) % 256);
  ASSERT_TRUE(write_png(dir.file("out.png"), t, 255.0f).ok());
  Result<Image> back = load_image(dir.file("out.png"));
  ASSERT_TRUE(back.ok()) << back.message();
  EXPECT_EQ(image_to_tensor(*back, ColorMode::kRgb, PixelScale::k0To255), t);
}

TEST(Image, PngExportScalesZeroToOneClampsAndReplicatesGrey) {
  TempDir dir;
  Tensor t({1, 1, 5}, {0.0f, 0.5f, 1.0f, -3.0f, 7.0f});
  ASSERT_TRUE(write_png(dir.file("grey.png"), t, 1.0f).ok());
  Result<Image> back = load_image(dir.file("grey.png"));
  ASSERT_TRUE(back.ok()) << back.message();
  const int expected[5] = {0, 128, 255, 0, 255};
  for (int x = 0; x < 5; ++x) {
    for (int k = 0; k < 3; ++k) EXPECT_EQ(back->at(0, x, k), expected[x]);
  }
}

TEST(Image, PngExportOfALoadedImageIsLossless) {
  TempDir dir;
  Result<Image> rgba = load_image(fixture("rgba_4x3.png"));
  ASSERT_TRUE(rgba.ok());
  ASSERT_TRUE(write_png(dir.file("copy.png"), *rgba).ok());
  Result<Image> back = load_image(dir.file("copy.png"));
  ASSERT_TRUE(back.ok());
  EXPECT_EQ(back->pixels, rgba->pixels);
  EXPECT_EQ(back->channels, 4);
}

TEST(Image, PngExportReplacesAnExistingFileAndLeavesNoTemporaryFile) {
  TempDir dir;
  write_bytes(dir.file("out.png"), {'o', 'l', 'd'});
  ASSERT_TRUE(write_png(dir.file("out.png"), Tensor({3, 2, 2}, 10.0f), 255.0f).ok());
  EXPECT_TRUE(load_image(dir.file("out.png")).ok());
  int files = 0;
  for (const auto& entry : fs::directory_iterator(dir.path())) {
    ++files;
    EXPECT_EQ(entry.path().filename(), "out.png");
  }
  EXPECT_EQ(files, 1);
}

TEST(Image, PngExportToAMissingFolderFailsWithThePath) {
  TempDir dir;
  const std::string path = dir.file("no/such/folder/out.png");
  Status status = write_png(path, Tensor({3, 2, 2}), 255.0f);
  ASSERT_FALSE(status.ok());
  EXPECT_TRUE(contains(status.message(), path)) << status.message();
  EXPECT_FALSE(fs::exists(path));
}

TEST(Image, OnlyOneThreeOrFourChannelTensorsBecomeImages) {
  EXPECT_FALSE(tensor_to_image(Tensor({2, 3, 3}), 255.0f).ok());
  EXPECT_FALSE(tensor_to_image(Tensor({3, 0, 3}), 255.0f).ok());
  EXPECT_FALSE(tensor_to_image(Tensor({3, 3, 3}), 0.0f).ok());
  Result<Image> nan = tensor_to_image(Tensor({1, 1, 1}, std::nanf("")), 255.0f);
  ASSERT_TRUE(nan.ok());
  EXPECT_EQ(nan->pixels[0], 0);
}

// ---- The shipped sample images ----

TEST(Image, EverySampleImageLoadsAndIsSmall) {
  const fs::path folder = fs::path(CONVSTEP_TEST_DATA_DIR) / ".." / ".." / "assets" / "images";
  ASSERT_TRUE(fs::is_directory(folder)) << folder;
  int images = 0;
  for (const auto& entry : fs::directory_iterator(folder)) {
    if (entry.path().extension() != ".png") continue;
    ++images;
    Result<Image> image = load_image(entry.path().string());
    ASSERT_TRUE(image.ok()) << image.message();
    EXPECT_LE(image->width, 512) << entry.path();
    EXPECT_LE(image->height, 512) << entry.path();
  }
  EXPECT_GE(images, 5);
}

}  // namespace
}  // namespace convstep
