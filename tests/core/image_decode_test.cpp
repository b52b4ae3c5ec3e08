// Tests for the JPEG (libjpeg-turbo) and PNG (libpng) decoders behind core/image: real files give
// the pixels stb_image gave before (PNG exactly, JPEG within a few levels), crafted hostile files
// (the reproducers that broke stb_image) each give a message naming the file, one after another in
// one process, and 16-bit, palette, grey and CMYK inputs become the usual RGB(A) images.
#include "core/image.h"

#include <gtest/gtest.h>
#include <stb/stb_image.h>

#include <jpeglib.h>
#include <cstdio>

#include <array>
#include <cstdint>
#include <filesystem>
#include <fstream>
#include <string>
#include <vector>

namespace convstep {
namespace {

namespace fs = std::filesystem;
using Bytes = std::vector<uint8_t>;

Bytes read_bytes(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  return Bytes(std::istreambuf_iterator<char>(in), {});
}

bool contains(const std::string& text, const std::string& part) {
  return text.find(part) != std::string::npos;
}

void append(Bytes& b, std::initializer_list<int> values) {
  for (int v : values) b.push_back(static_cast<uint8_t>(v));
}
void append_be16(Bytes& b, uint32_t v) {
  append(b, {static_cast<int>(v >> 8 & 0xFF), static_cast<int>(v & 0xFF)});
}
void append_be32(Bytes& b, uint32_t v) {
  append_be16(b, v >> 16);
  append_be16(b, v & 0xFFFF);
}

// ---- PNG files made byte by byte ----

uint32_t crc32(const uint8_t* data, size_t size) {
  uint32_t crc = 0xFFFFFFFFu;
  for (size_t i = 0; i < size; ++i) {
    crc ^= data[i];
    for (int k = 0; k < 8; ++k) crc = (crc >> 1) ^ (0xEDB88320u & (0u - (crc & 1u)));
  }
  return ~crc;
}

void append_chunk(Bytes& png, const std::string& type, const Bytes& data) {
  append_be32(png, static_cast<uint32_t>(data.size()));
  Bytes typed(type.begin(), type.end());
  typed.insert(typed.end(), data.begin(), data.end());
  png.insert(png.end(), typed.begin(), typed.end());
  append_be32(png, crc32(typed.data(), typed.size()));
}

// A zlib stream of one stored (uncompressed) deflate block: no compressor needed.
Bytes zlib_stored(const Bytes& raw) {
  Bytes z = {0x78, 0x01, 0x01};
  const auto len = static_cast<uint16_t>(raw.size());
  append(z, {len & 0xFF, len >> 8, ~len & 0xFF, (~len >> 8) & 0xFF});
  z.insert(z.end(), raw.begin(), raw.end());
  uint32_t a = 1, b = 0;
  for (uint8_t v : raw) {
    a = (a + v) % 65521;
    b = (b + a) % 65521;
  }
  append_be32(z, (b << 16) | a);
  return z;
}

struct PngSpec {
  uint32_t width = 2, height = 2;
  int bit_depth = 8, color_type = 2;
  std::vector<Bytes> rows;  // each row's samples, without the filter byte
  Bytes palette, transparency;
};

Bytes make_png(const PngSpec& spec) {
  Bytes png = {0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n'};
  Bytes ihdr;
  append_be32(ihdr, spec.width);
  append_be32(ihdr, spec.height);
  append(ihdr, {spec.bit_depth, spec.color_type, 0, 0, 0});
  append_chunk(png, "IHDR", ihdr);
  if (!spec.palette.empty()) append_chunk(png, "PLTE", spec.palette);
  if (!spec.transparency.empty()) append_chunk(png, "tRNS", spec.transparency);
  Bytes raw;
  for (const Bytes& row : spec.rows) {
    raw.push_back(0);  // filter type None
    raw.insert(raw.end(), row.begin(), row.end());
  }
  append_chunk(png, "IDAT", zlib_stored(raw));
  append_chunk(png, "IEND", {});
  return png;
}

PngSpec rgb_2x2() {
  PngSpec s;
  s.rows = {{255, 0, 0, 0, 255, 0}, {0, 0, 255, 10, 20, 30}};
  return s;
}

// The position of a chunk's type in a PNG made above.
size_t chunk_at(const Bytes& png, const std::string& type) {
  for (size_t i = 8; i + 8 <= png.size();) {
    if (std::string(png.begin() + static_cast<std::ptrdiff_t>(i + 4),
                    png.begin() + static_cast<std::ptrdiff_t>(i + 8)) == type)
      return i;
    i += 12 + (uint32_t{png[i]} << 24 | uint32_t{png[i + 1]} << 16 | uint32_t{png[i + 2]} << 8 | png[i + 3]);
  }
  return 0;
}

// ---- JPEG files made byte by byte: one 8×8 grey block ----

struct JpegSpec {
  int precision = 8;
  int width = 8, height = 8;
  bool tables = true;      // a DC and an AC Huffman table 0, each with the one code "0"
  int scan_tables = 0x00;  // the scan's Td/Ta byte
  Bytes bad_table;         // an extra DHT segment body, written as is
  bool scan_data = true;
};

Bytes make_jpeg(const JpegSpec& spec) {
  Bytes j = {0xFF, 0xD8};
  append(j, {0xFF, 0xDB, 0x00, 0x43, 0x00});  // DQT: table 0, all ones
  for (int i = 0; i < 64; ++i) j.push_back(1);
  append(j, {0xFF, 0xC0, 0x00, 0x0B, spec.precision});  // SOF0: baseline, one component
  append_be16(j, static_cast<uint32_t>(spec.height));
  append_be16(j, static_cast<uint32_t>(spec.width));
  append(j, {0x01, 0x01, 0x11, 0x00});
  if (!spec.bad_table.empty()) {
    append(j, {0xFF, 0xC4});
    append_be16(j, static_cast<uint32_t>(spec.bad_table.size() + 2));
    j.insert(j.end(), spec.bad_table.begin(), spec.bad_table.end());
  }
  if (spec.tables) {
    for (int table_class : {0x00, 0x10}) {  // DC 0: symbol 0 (difference 0); AC 0: symbol 0 (end of block)
      append(j, {0xFF, 0xC4, 0x00, 0x14, table_class, 1});
      for (int i = 1; i < 16; ++i) j.push_back(0);
      j.push_back(0);
    }
  }
  append(j, {0xFF, 0xDA, 0x00, 0x08, 0x01, 0x01, spec.scan_tables, 0x00, 0x3F, 0x00});
  if (spec.scan_data) j.push_back(0x3F);  // "0" (DC 0), "0" (end of block), padded with ones
  append(j, {0xFF, 0xD9});
  return j;
}

// A DHT segment body declaring 16 × 20 = 320 codes, more than the 256 a table can hold.
Bytes too_many_codes() {
  Bytes t = {0x00};
  for (int i = 0; i < 16; ++i) t.push_back(20);
  for (int i = 0; i < 20; ++i) t.push_back(0);
  return t;
}

// A real JPEG from libjpeg's encoder: a smooth gradient, in RGB, grey or Adobe CMYK.
Bytes encode_jpeg(J_COLOR_SPACE space, int components, int width, int height) {
  jpeg_compress_struct cinfo;
  jpeg_error_mgr errors;
  cinfo.err = jpeg_std_error(&errors);
  jpeg_create_compress(&cinfo);
  unsigned char* out = nullptr;
  unsigned long size = 0;
  jpeg_mem_dest(&cinfo, &out, &size);
  cinfo.image_width = static_cast<JDIMENSION>(width);
  cinfo.image_height = static_cast<JDIMENSION>(height);
  cinfo.input_components = components;
  cinfo.in_color_space = space;
  jpeg_set_defaults(&cinfo);
  jpeg_set_quality(&cinfo, 95, TRUE);
  jpeg_start_compress(&cinfo, TRUE);
  std::vector<unsigned char> row(static_cast<size_t>(width * components));
  for (int y = 0; y < height; ++y) {
    for (int x = 0; x < width; ++x) {
      for (int k = 0; k < components; ++k)
        row[static_cast<size_t>(x * components + k)] =
            static_cast<unsigned char>((x * 8 + y * 4 + k * 60) % 256);
    }
    JSAMPROW rows[1] = {row.data()};
    jpeg_write_scanlines(&cinfo, rows, 1);
  }
  jpeg_finish_compress(&cinfo);
  jpeg_destroy_compress(&cinfo);
  Bytes bytes(out, out + size);
  std::free(out);
  return bytes;
}

// What stb_image gives for a trusted file: the decoder convstep used before.
Image stb_decode(const Bytes& b, int channels) {
  int w = 0, h = 0, n = 0;
  stbi_uc* data = stbi_load_from_memory(b.data(), static_cast<int>(b.size()), &w, &h, &n, channels);
  Image image;
  if (data == nullptr) return image;
  image.width = w;
  image.height = h;
  image.channels = channels;
  image.pixels.assign(data, data + static_cast<size_t>(w * h * channels));
  stbi_image_free(data);
  return image;
}

int largest_difference(const Image& a, const Image& b) {
  int worst = 0;
  for (size_t i = 0; i < a.pixels.size() && i < b.pixels.size(); ++i)
    worst = std::max(worst, std::abs(int{a.pixels[i]} - int{b.pixels[i]}));
  return worst;
}

// ---- Real files: the pixels stb_image gave ----

TEST(ImageDecode, EveryShippedPngGivesExactlyThePixelsStbImageGave) {
  int checked = 0;
  for (const auto& entry : fs::directory_iterator(
           fs::path(CONVSTEP_TEST_DATA_DIR).parent_path().parent_path() / "assets" / "images")) {
    if (entry.path().extension() != ".png") continue;
    const Bytes bytes = read_bytes(entry.path().string());
    Result<Image> ours = decode_image(bytes, entry.path().filename().string());
    ASSERT_TRUE(ours.ok()) << ours.message();
    const Image theirs = stb_decode(bytes, ours->channels);
    ASSERT_EQ(ours->width, theirs.width) << entry.path();
    ASSERT_EQ(ours->height, theirs.height) << entry.path();
    EXPECT_EQ(ours->pixels, theirs.pixels) << entry.path();
    ++checked;
  }
  EXPECT_GE(checked, 3);
}

TEST(ImageDecode, JpegsAreWithinAFewLevelsOfStbImage) {
  const std::string fixture = std::string(CONVSTEP_TEST_DATA_DIR) + "/images/rgb_4x3.jpg";
  for (const Bytes& bytes : {read_bytes(fixture), encode_jpeg(JCS_RGB, 3, 37, 21)}) {
    Result<Image> ours = decode_image(bytes, "photo.jpg");
    ASSERT_TRUE(ours.ok()) << ours.message();
    const Image theirs = stb_decode(bytes, 3);
    ASSERT_EQ(ours->width, theirs.width);
    ASSERT_EQ(ours->height, theirs.height);
    ASSERT_EQ(ours->pixels.size(), theirs.pixels.size());
    // Both use an exact IDCT; they differ in chroma upsampling and rounding.
    EXPECT_LE(largest_difference(*ours, theirs), 6);
  }
}

TEST(ImageDecode, GreyJpegLoadsAsRgbWithOneSourceChannel) {
  const Bytes bytes = encode_jpeg(JCS_GRAYSCALE, 1, 16, 8);
  Result<Image> image = decode_image(bytes, "grey.jpg");
  ASSERT_TRUE(image.ok()) << image.message();
  EXPECT_EQ(image->channels, 3);
  EXPECT_EQ(image->source_channels, 1);
  const Image theirs = stb_decode(bytes, 3);
  EXPECT_LE(largest_difference(*image, theirs), 1);
  for (size_t i = 0; i < image->pixels.size(); i += 3) {
    EXPECT_EQ(image->pixels[i], image->pixels[i + 1]);
    EXPECT_EQ(image->pixels[i], image->pixels[i + 2]);
  }
}

TEST(ImageDecode, CmykJpegBecomesRgbAsStbImageConvertedIt) {
  const Bytes bytes = encode_jpeg(JCS_CMYK, 4, 16, 16);
  Result<Image> image = decode_image(bytes, "print.jpg");
  ASSERT_TRUE(image.ok()) << image.message();
  EXPECT_EQ(image->channels, 3);
  EXPECT_LE(largest_difference(*image, stb_decode(bytes, 3)), 6);
}

TEST(ImageDecode, CraftedBaselineJpegDecodesToFlatGrey) {
  Result<Image> image = decode_image(make_jpeg({}), "flat.jpg");  // the control for the hostile ones
  ASSERT_TRUE(image.ok()) << image.message();
  EXPECT_EQ(image->width, 8);
  for (uint8_t v : image->pixels) EXPECT_EQ(v, 128);
}

// ---- Hostile JPEGs ----

struct Hostile {
  std::string name;
  Bytes bytes;
  std::string reason;  // a part of the message
};

std::vector<Hostile> hostile_jpegs() {
  JpegSpec many_codes;
  many_codes.bad_table = too_many_codes();
  JpegSpec undefined_table;
  undefined_table.scan_tables = 0x22;  // DC and AC table 2: never defined
  JpegSpec no_data;
  no_data.scan_data = false;  // the scan header, then at once the end-of-image marker
  JpegSpec twelve_bit;
  twelve_bit.precision = 12;
  JpegSpec giant;
  giant.width = giant.height = 60000;
  Bytes cut = make_jpeg({});
  cut.resize(cut.size() - 3);  // inside the scan: no end marker
  return {{"many_codes.jpg", make_jpeg(many_codes), "Bogus Huffman table"},
          {"undefined_table.jpg", make_jpeg(undefined_table), "Huffman table 0x02 was not defined"},
          {"no_data.jpg", make_jpeg(no_data), "premature end of data segment"},
          {"twelve_bit.jpg", make_jpeg(twelve_bit), "precision 12"},
          {"giant.jpg", make_jpeg(giant), "60000\u00d760000"},
          {"cut.jpg", cut, "truncated"}};
}

TEST(ImageDecode, EachHostileJpegGivesAMessageNamingTheFileAndTheReason) {
  for (const Hostile& h : hostile_jpegs()) {
    Result<Image> result = decode_image(h.bytes, h.name);
    ASSERT_FALSE(result.ok()) << h.name << " was accepted";
    EXPECT_TRUE(contains(result.message(), h.name)) << result.message();
    EXPECT_TRUE(contains(result.message(), h.reason)) << h.name << ": " << result.message();
  }
}

TEST(ImageDecode, HostileJpegsOneAfterAnotherInOneProcessEachGiveAMessage) {
  // stb_image crashed on the second of two such files; the good file in between must still decode.
  const std::vector<Hostile> files = hostile_jpegs();
  for (int round = 0; round < 3; ++round) {
    for (const Hostile& h : files) {
      EXPECT_FALSE(decode_image(h.bytes, h.name).ok()) << h.name << " round " << round;
      EXPECT_TRUE(decode_image(make_jpeg({}), "good.jpg").ok());
    }
  }
}

TEST(ImageDecode, ScanWithTheDefaultTablesMissingGivesAnImageOrAMessage) {
  // libjpeg-turbo fills an undefined table 0 with the standard one (Motion-JPEG files rely on it).
  JpegSpec spec;
  spec.tables = false;
  for (int i = 0; i < 2; ++i) {
    Result<Image> result = decode_image(make_jpeg(spec), "no_tables.jpg");
    if (result.ok()) {
      EXPECT_EQ(result->pixels.size(), 8u * 8u * 3u);
    } else {
      EXPECT_TRUE(contains(result.message(), "no_tables.jpg")) << result.message();
    }
  }
}

// A progressive JPEG of one 8×8 block that repeats its DC scan `scans` times.
Bytes progressive_jpeg(int scans) {
  Bytes j = {0xFF, 0xD8, 0xFF, 0xDB, 0x00, 0x43, 0x00};
  for (int i = 0; i < 64; ++i) j.push_back(1);
  append(j, {0xFF, 0xC2, 0x00, 0x0B, 0x08, 0x00, 0x08, 0x00, 0x08, 0x01, 0x01, 0x11, 0x00});
  append(j, {0xFF, 0xC4, 0x00, 0x14, 0x00, 1});
  for (int i = 0; i < 16; ++i) j.push_back(0);
  for (int s = 0; s < scans; ++s) {
    append(j, {0xFF, 0xDA, 0x00, 0x08, 0x01, 0x01, 0x00, 0x00, 0x00, 0x00});
    j.push_back(0x7F);  // "0": DC difference 0, padded with ones
  }
  append(j, {0xFF, 0xD9});
  return j;
}

TEST(ImageDecode, ProgressiveJpegWithThousandsOfScansIsRefused) {
  Result<Image> few = decode_image(progressive_jpeg(3), "few_scans.jpg");
  EXPECT_TRUE(few.ok()) << few.message();
  Result<Image> many = decode_image(progressive_jpeg(2000), "many_scans.jpg");
  ASSERT_FALSE(many.ok());
  EXPECT_TRUE(contains(many.message(), "many_scans.jpg")) << many.message();
  EXPECT_TRUE(contains(many.message(), "progressive scans")) << many.message();
}

// ---- PNG: bit depths, palettes and hostile files ----

TEST(ImageDecode, CraftedRgbPngDecodesExactly) {
  Result<Image> image = decode_image(make_png(rgb_2x2()), "rgb.png");
  ASSERT_TRUE(image.ok()) << image.message();
  EXPECT_EQ(image->pixels, (std::vector<uint8_t>{255, 0, 0, 0, 255, 0, 0, 0, 255, 10, 20, 30}));
}

TEST(ImageDecode, SixteenBitPngKeepsTheHighByteOfEachSample) {
  PngSpec spec;
  spec.bit_depth = 16;
  spec.rows = {{0xFF, 0xFF, 0x12, 0x34, 0x00, 0xFF, 0x80, 0x00, 0x01, 0x00, 0xAB, 0xCD},
               {0, 0, 0, 0, 0, 0, 0x7F, 0xFF, 0x7F, 0xFF, 0x7F, 0xFF}};
  const Bytes bytes = make_png(spec);
  Result<Image> image = decode_image(bytes, "deep.png");
  ASSERT_TRUE(image.ok()) << image.message();
  EXPECT_EQ(image->pixels,
            (std::vector<uint8_t>{0xFF, 0x12, 0x00, 0x80, 0x01, 0xAB, 0, 0, 0, 0x7F, 0x7F, 0x7F}));
  EXPECT_EQ(image->pixels, stb_decode(bytes, 3).pixels);

  PngSpec grey;  // 16-bit grey + alpha
  grey.bit_depth = 16;
  grey.color_type = 4;
  grey.width = 1;
  grey.height = 1;
  grey.rows = {{0xC0, 0x01, 0x40, 0x02}};
  Result<Image> ga = decode_image(make_png(grey), "deep_grey.png");
  ASSERT_TRUE(ga.ok()) << ga.message();
  EXPECT_EQ(ga->channels, 4);
  EXPECT_EQ(ga->source_channels, 2);
  EXPECT_EQ(ga->pixels, (std::vector<uint8_t>{0xC0, 0xC0, 0xC0, 0x40}));
}

TEST(ImageDecode, PalettePngIsExpandedAndItsTransparencyBecomesAlpha) {
  PngSpec spec;
  spec.color_type = 3;
  spec.palette = {255, 0, 0, 0, 255, 0, 0, 0, 255};
  spec.rows = {{0, 1}, {2, 0}};
  Result<Image> opaque = decode_image(make_png(spec), "palette.png");
  ASSERT_TRUE(opaque.ok()) << opaque.message();
  EXPECT_EQ(opaque->channels, 3);
  EXPECT_EQ(opaque->pixels, (std::vector<uint8_t>{255, 0, 0, 0, 255, 0, 0, 0, 255, 255, 0, 0}));

  spec.transparency = {255, 128};  // entry 2 has no alpha given: opaque
  const Bytes bytes = make_png(spec);
  Result<Image> clear = decode_image(bytes, "palette_alpha.png");
  ASSERT_TRUE(clear.ok()) << clear.message();
  EXPECT_EQ(clear->channels, 4);
  EXPECT_EQ(clear->source_channels, 4);
  EXPECT_EQ(clear->pixels,
            (std::vector<uint8_t>{255, 0, 0, 255, 0, 255, 0, 128, 0, 0, 255, 255, 255, 0, 0, 255}));
  EXPECT_EQ(clear->pixels, stb_decode(bytes, 4).pixels);
}

TEST(ImageDecode, OneBitGreyPngIsScaledToBlackAndWhite) {
  PngSpec spec;
  spec.bit_depth = 1;
  spec.color_type = 0;
  spec.width = 8;
  spec.height = 1;
  spec.rows = {{0xA5}};  // 1010 0101
  Result<Image> image = decode_image(make_png(spec), "bits.png");
  ASSERT_TRUE(image.ok()) << image.message();
  EXPECT_EQ(image->source_channels, 1);
  const int expected[8] = {255, 0, 255, 0, 0, 255, 0, 255};
  for (int x = 0; x < 8; ++x) EXPECT_EQ(image->at(0, x, 1), expected[x]) << x;
}

std::vector<Hostile> hostile_pngs() {
  Bytes bad_crc = make_png(rgb_2x2());
  bad_crc[chunk_at(bad_crc, "IDAT") - 1] ^= 0xFF;  // the last byte of IHDR's CRC, just before IDAT
  Bytes idat_crc = make_png(rgb_2x2());
  idat_crc[chunk_at(idat_crc, "IEND") - 1] ^= 0xFF;  // the last byte of IDAT's CRC
  Bytes bad_zlib = make_png(rgb_2x2());
  bad_zlib[chunk_at(bad_zlib, "IDAT") + 8 + 7] ^= 0x01;  // a pixel byte: zlib's Adler-32 no longer fits

  // The zlib stream cut in half, inside a well-formed chunk with a correct CRC.
  PngSpec spec = rgb_2x2();
  Bytes raw;
  for (const Bytes& row : spec.rows) {
    raw.push_back(0);
    raw.insert(raw.end(), row.begin(), row.end());
  }
  Bytes z = zlib_stored(raw);
  z.resize(z.size() / 2);
  Bytes short_idat = {0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n'};
  Bytes ihdr;
  append_be32(ihdr, 2);
  append_be32(ihdr, 2);
  append(ihdr, {8, 2, 0, 0, 0});
  append_chunk(short_idat, "IHDR", ihdr);
  append_chunk(short_idat, "IDAT", z);
  append_chunk(short_idat, "IEND", {});

  PngSpec giant = rgb_2x2();
  giant.width = giant.height = 100000;
  PngSpec bad_depth = rgb_2x2();
  bad_depth.bit_depth = 3;
  return {{"bad_ihdr_crc.png", bad_crc, "CRC error"},
          {"bad_idat_crc.png", idat_crc, "CRC error"},
          {"bad_zlib.png", bad_zlib, "incorrect data check"},
          {"short_idat.png", short_idat, "Not enough image data"},
          {"giant.png", make_png(giant), "100000\u00d7100000"},
          {"bad_depth.png", make_png(bad_depth), "Invalid bit depth"}};
}

TEST(ImageDecode, EachHostilePngGivesAMessageNamingTheFileAndTheReason) {
  for (const Hostile& h : hostile_pngs()) {
    Result<Image> result = decode_image(h.bytes, h.name);
    ASSERT_FALSE(result.ok()) << h.name << " was accepted";
    EXPECT_TRUE(contains(result.message(), h.name)) << result.message();
    EXPECT_TRUE(contains(result.message(), h.reason)) << h.name << ": " << result.message();
  }
}

TEST(ImageDecode, HostilePngsOneAfterAnotherInOneProcessEachGiveAMessage) {
  for (int round = 0; round < 3; ++round) {
    for (const Hostile& h : hostile_pngs()) {
      EXPECT_FALSE(decode_image(h.bytes, h.name).ok()) << h.name << " round " << round;
      EXPECT_TRUE(decode_image(make_png(rgb_2x2()), "good.png").ok());
    }
  }
}

TEST(ImageDecode, LibrariesHeaderSizeIsCheckedAgainstTheLimits) {
  ImageLimits limits;
  limits.max_side = 7;
  Result<Image> jpeg = decode_image(make_jpeg({}), "eight.jpg", limits);
  ASSERT_FALSE(jpeg.ok());
  EXPECT_TRUE(contains(jpeg.message(), "up to 7 pixels per side")) << jpeg.message();
  limits.max_side = 16384;
  limits.max_pixels = 3;
  Result<Image> png = decode_image(make_png(rgb_2x2()), "four.png", limits);
  ASSERT_FALSE(png.ok());
  EXPECT_TRUE(contains(png.message(), "megapixels")) << png.message();
}

}  // namespace
}  // namespace convstep
