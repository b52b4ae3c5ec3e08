// Tests for core/npy: round trips, every supported dtype and header version as NumPy writes them
// (files in tests/data/npy, made by make_npy.py there), and every malformed file refused with a reason.
#include "core/npy.h"

#include <gtest/gtest.h>

#include <cmath>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <limits>
#include <random>
#include <string>
#include <vector>

namespace convstep {
namespace {

namespace fs = std::filesystem;

std::string data_path(const std::string& file) {
  return std::string(CONVSTEP_TEST_DATA_DIR) + "/npy/" + file;
}

// Builds .npy bytes by hand: the prelude of `major`.0, the header text padded to 64 bytes, then `data`.
std::vector<uint8_t> make_npy(const std::string& header, const std::vector<uint8_t>& data, int major = 1) {
  size_t prelude = major == 1 ? 10 : 12;
  std::string text = header;
  while ((prelude + text.size() + 1) % 64 != 0) text += ' ';
  text += '\n';
  std::vector<uint8_t> out = {0x93, 'N', 'U', 'M', 'P', 'Y', static_cast<uint8_t>(major), 0};
  size_t len = text.size();
  for (size_t i = 0; i < prelude - 8; ++i) out.push_back(static_cast<uint8_t>(len >> (8 * i)));
  out.insert(out.end(), text.begin(), text.end());
  out.insert(out.end(), data.begin(), data.end());
  return out;
}

std::vector<uint8_t> f4_bytes(const std::vector<float>& values) {
  std::vector<uint8_t> out(values.size() * 4);
  std::memcpy(out.data(), values.data(), out.size());  // the test machine is little-endian, like the format
  return out;
}

std::string f4_header(const std::string& shape) {
  return "{'descr': '<f4', 'fortran_order': False, 'shape': " + shape + ", }";
}

// Parses and expects an error whose message names the file and contains `reason`.
void expect_refused(const std::vector<uint8_t>& bytes, const std::string& reason) {
  auto result = parse_npy(bytes, "weights.npy");
  ASSERT_FALSE(result.ok()) << "expected an error mentioning: " << reason;
  EXPECT_NE(result.message().find("weights.npy"), std::string::npos) << result.message();
  EXPECT_NE(result.message().find(reason), std::string::npos) << result.message();
}

void expect_file_refused(const std::string& file, const std::string& reason) {
  auto result = read_npy(data_path(file));
  ASSERT_FALSE(result.ok()) << file << " should be refused (" << reason << ")";
  EXPECT_NE(result.message().find(file), std::string::npos) << result.message();
  EXPECT_NE(result.message().find(reason), std::string::npos) << result.message();
}

bool same_bits(const Tensor& a, const Tensor& b) {
  if (a.shape() != b.shape() || a.numel() != b.numel()) return false;
  return a.numel() == 0 ||
         std::memcmp(a.data(), b.data(), static_cast<size_t>(a.numel()) * sizeof(float)) == 0;
}

class TempDir {
 public:
  TempDir() {
    std::string name = "convstep_npy_test_";
    name += ::testing::UnitTest::GetInstance()->current_test_info()->name();
    name += "_" + std::to_string(std::random_device{}());
    path_ = fs::temp_directory_path() / name;
    fs::remove_all(path_);
    fs::create_directories(path_);
  }
  ~TempDir() {
    std::error_code ignored;
    fs::remove_all(path_, ignored);
  }
  std::string file(const std::string& name) const { return (path_ / name).string(); }
  const fs::path& path() const { return path_; }

 private:
  fs::path path_;
};

// ---- Round trips -------------------------------------------------------------------------------

TEST(Npy, EncodeThenParseGivesBackTheSameBitsForEveryRank) {
  const float inf = std::numeric_limits<float>::infinity();
  const float nan = std::numeric_limits<float>::quiet_NaN();
  std::vector<Tensor> tensors = {
      Tensor(Shape{}, std::vector<float>{-2.5f}),
      Tensor(Shape{5}, std::vector<float>{1, 2, 3, 4, 5}),
      Tensor(Shape{2, 3}, std::vector<float>{-inf, inf, nan, -0.0f, 1e-40f, 3.4e38f}),
      Tensor(Shape{1, 2, 3}, std::vector<float>{0.1f, 0.2f, 0.3f, 0.4f, 0.5f, 0.6f}),
      Tensor(Shape{2, 1, 2, 2}, std::vector<float>{1, -1, 2, -2, 3, -3, 4, -4}),
      Tensor(Shape{0, 3}),
  };
  for (const Tensor& t : tensors) {
    auto back = parse_npy(encode_npy(t), "memory");
    ASSERT_TRUE(back.ok()) << back.message();
    EXPECT_TRUE(same_bits(*back, t)) << t.shape_string();
  }
}

TEST(Npy, EncodedHeaderIsVersion1LittleEndianFloat32AlignedTo64Bytes) {
  auto bytes = encode_npy(Tensor(Shape{2, 3}, 1.0f));
  ASSERT_GE(bytes.size(), 10u);
  EXPECT_EQ(bytes[6], 1);
  EXPECT_EQ(bytes[7], 0);
  size_t header_len = bytes[8] | (bytes[9] << 8);
  EXPECT_EQ((10 + header_len) % 64, 0u);
  std::string header(bytes.begin() + 10, bytes.begin() + 10 + static_cast<std::ptrdiff_t>(header_len));
  EXPECT_EQ(header.back(), '\n');
  EXPECT_NE(header.find("'descr': '<f4'"), std::string::npos) << header;
  EXPECT_NE(header.find("'fortran_order': False"), std::string::npos) << header;
  EXPECT_NE(header.find("'shape': (2, 3)"), std::string::npos) << header;
  EXPECT_EQ(bytes.size(), 10 + header_len + 6 * 4);
}

TEST(Npy, OneDimensionalShapeIsWrittenAsAOneTuple) {
  auto bytes = encode_npy(Tensor(Shape{7}));
  std::string text(bytes.begin(), bytes.end());
  EXPECT_NE(text.find("'shape': (7,)"), std::string::npos);
  auto scalar = encode_npy(Tensor(Shape{}, std::vector<float>{1}));
  EXPECT_NE(std::string(scalar.begin(), scalar.end()).find("'shape': ()"), std::string::npos);
}

TEST(Npy, WriteThenReadGivesBackTheTensor) {
  TempDir dir;
  Tensor t(Shape{1, 3, 2, 2}, std::vector<float>{1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, -12.75f});
  ASSERT_TRUE(write_npy(dir.file("x.npy"), t).ok());
  auto back = read_npy(dir.file("x.npy"));
  ASSERT_TRUE(back.ok()) << back.message();
  EXPECT_TRUE(same_bits(*back, t));
}

TEST(Npy, WriteReplacesAnExistingFileAndLeavesNoTemporaryFileBehind) {
  TempDir dir;
  ASSERT_TRUE(write_npy(dir.file("y.npy"), Tensor(Shape{100}, 1.0f)).ok());
  ASSERT_TRUE(write_npy(dir.file("y.npy"), Tensor(Shape{2}, 7.0f)).ok());
  auto back = read_npy(dir.file("y.npy"));
  ASSERT_TRUE(back.ok()) << back.message();
  EXPECT_EQ(back->shape(), (Shape{2}));
  EXPECT_EQ(back->values(), (std::vector<float>{7, 7}));
  int files = 0;
  for (const auto& entry : fs::directory_iterator(dir.path())) {
    ++files;
    EXPECT_EQ(entry.path().filename(), "y.npy");
  }
  EXPECT_EQ(files, 1);
}

TEST(Npy, WritingIntoAMissingFolderIsAnErrorNamingThePath) {
  TempDir dir;
  std::string path = dir.file("no_such_folder/z.npy");
  auto status = write_npy(path, Tensor(Shape{1}));
  ASSERT_FALSE(status.ok());
  EXPECT_NE(status.message().find(path), std::string::npos) << status.message();
  EXPECT_FALSE(fs::exists(path));
}

// ---- Files written by NumPy ----------------------------------------------------------------------

TEST(Npy, ReadsEveryFixedSizeDtypeNumPyWritesAsFloat32) {
  for (const char* file :
       {"dtype_f4.npy", "dtype_f8.npy", "dtype_i4.npy", "dtype_i8.npy", "dtype_u1.npy", "dtype_i1.npy"}) {
    auto t = read_npy(data_path(file));
    ASSERT_TRUE(t.ok()) << t.message();
    EXPECT_EQ(t->shape(), (Shape{2, 3})) << file;
    EXPECT_EQ(t->values(), (std::vector<float>{0, 1, 2, 3, 100, 127})) << file;
  }
}

TEST(Npy, ReadsNegativeIntegersAndConvertsDoublesToNearestFloat) {
  auto ints = read_npy(data_path("negative_i8.npy"));
  ASSERT_TRUE(ints.ok()) << ints.message();
  EXPECT_EQ(ints->values(), (std::vector<float>{-5, -1, 0, 7}));

  auto doubles = read_npy(data_path("fractions_f8.npy"));
  ASSERT_TRUE(doubles.ok()) << doubles.message();
  ASSERT_EQ(doubles->numel(), 5);
  EXPECT_EQ(doubles->values()[0], 0.5f);
  EXPECT_EQ(doubles->values()[1], -0.25f);
  EXPECT_EQ(doubles->values()[2], 1e-3f);
  EXPECT_EQ(doubles->values()[3], 3.0e38f);
  // Beyond float's range a double becomes -inf, as numpy's astype(float32) does.
  EXPECT_EQ(doubles->values()[4], -std::numeric_limits<float>::infinity());
}

TEST(Npy, ReadsFormatVersions2And3) {
  for (const char* file : {"version_2.npy", "version_3.npy"}) {
    auto t = read_npy(data_path(file));
    ASSERT_TRUE(t.ok()) << t.message();
    EXPECT_EQ(t->shape(), (Shape{2, 3})) << file;
    EXPECT_EQ(t->values(), (std::vector<float>{0, 1, 2, 3, 4, 5})) << file;
  }
}

TEST(Npy, ReadsAZeroDimensionalArrayAsAZeroDimensionalTensor) {
  auto t = read_npy(data_path("scalar.npy"));
  ASSERT_TRUE(t.ok()) << t.message();
  EXPECT_EQ(t->dim(), 0);
  EXPECT_EQ(t->values(), (std::vector<float>{2.5f}));
}

TEST(Npy, ReadsFourDimensionsInCOrderAndEmptyArrays) {
  auto t = read_npy(data_path("four_dims.npy"));
  ASSERT_TRUE(t.ok()) << t.message();
  EXPECT_EQ(t->shape(), (Shape{1, 2, 3, 4}));
  EXPECT_EQ(t->at({0, 1, 2, 3}), 23.0f);
  EXPECT_EQ(t->at({0, 1, 0, 2}), 14.0f);

  auto empty = read_npy(data_path("empty.npy"));
  ASSERT_TRUE(empty.ok()) << empty.message();
  EXPECT_EQ(empty->shape(), (Shape{0, 3}));
  EXPECT_EQ(empty->numel(), 0);
}

TEST(Npy, RefusesFortranOrderBigEndianAndUnsupportedDtypesFromNumPy) {
  expect_file_refused("fortran_order.npy", "Fortran");
  expect_file_refused("big_endian.npy", "big-endian");
  expect_file_refused("complex.npy", "unsupported dtype '<c8'");
  expect_file_refused("unicode.npy", "unsupported dtype '<U3'");
  expect_file_refused("object.npy", "unsupported dtype '|O'");
  expect_file_refused("structured.npy", "structured");
  expect_file_refused("five_dims.npy", "5 dimensions");
}

TEST(Npy, AMissingFileIsAnErrorNamingIt) {
  auto t = read_npy(data_path("does_not_exist.npy"));
  ASSERT_FALSE(t.ok());
  EXPECT_NE(t.message().find("does_not_exist.npy"), std::string::npos) << t.message();
}

// ---- Malformed bytes ------------------------------------------------------------------------------

TEST(Npy, HandMadeBytesInEveryVersionParse) {
  for (int major : {1, 2, 3}) {
    auto t = parse_npy(make_npy(f4_header("(2,)"), f4_bytes({1.5f, -2}), major), "weights.npy");
    ASSERT_TRUE(t.ok()) << "version " << major << ": " << t.message();
    EXPECT_EQ(t->values(), (std::vector<float>{1.5f, -2}));
  }
}

TEST(Npy, RefusesBadMagic) {
  auto bytes = make_npy(f4_header("(1,)"), f4_bytes({1}));
  bytes[1] = 'X';
  expect_refused(bytes, "not a .npy file");
  expect_refused({}, "not a .npy file");
  std::string text = "hello, this is a text file";
  expect_refused(std::vector<uint8_t>(text.begin(), text.end()), "not a .npy file");
}

TEST(Npy, RefusesUnsupportedVersions) {
  auto bytes = make_npy(f4_header("(1,)"), f4_bytes({1}));
  bytes[6] = 4;
  expect_refused(bytes, "unsupported .npy format version 4.0");
  bytes[6] = 1;
  bytes[7] = 1;
  expect_refused(bytes, "version 1.1");
}

TEST(Npy, RefusesATruncatedHeader) {
  auto bytes = make_npy(f4_header("(1,)"), f4_bytes({1}));
  expect_refused(std::vector<uint8_t>(bytes.begin(), bytes.begin() + 7), "truncated header");
  expect_refused(std::vector<uint8_t>(bytes.begin(), bytes.begin() + 9), "truncated header");
  expect_refused(std::vector<uint8_t>(bytes.begin(), bytes.begin() + 40), "truncated header");
}

TEST(Npy, EveryTruncationOfAValidFileIsAnErrorNotACrash) {
  auto bytes = make_npy(f4_header("(2, 2)"), f4_bytes({1, 2, 3, 4}));
  for (size_t n = 0; n < bytes.size(); ++n) {
    auto t =
        parse_npy(std::vector<uint8_t>(bytes.begin(), bytes.begin() + static_cast<std::ptrdiff_t>(n)), "f");
    EXPECT_FALSE(t.ok()) << "a file cut to " << n << " of " << bytes.size() << " bytes was accepted";
  }
}

TEST(Npy, RefusesAHeaderLengthBeyondTheLimitBeforeReadingIt) {
  std::vector<uint8_t> bytes = {0x93, 'N', 'U', 'M', 'P', 'Y', 2, 0, 0xff, 0xff, 0xff, 0xff, '{', '}'};
  expect_refused(bytes, "larger than the limit");
}

TEST(Npy, RefusesAHeaderThatIsNotADict) {
  expect_refused(make_npy("['descr', '<f4']", {}), "not a Python dict");
  expect_refused(make_npy("{'descr': '<f4', 'fortran_order': False, 'shape': (1,)", f4_bytes({1})),
                 "malformed header");
  expect_refused(make_npy("{descr: '<f4', 'fortran_order': False, 'shape': (1,)}", f4_bytes({1})),
                 "not a quoted string");
  expect_refused(make_npy("{'descr': '<f4', 'fortran_order': False, 'shape': (1,)} trailing", f4_bytes({1})),
                 "after the header dict");
}

TEST(Npy, RefusesAHeaderWithAMissingKey) {
  expect_refused(make_npy("{'fortran_order': False, 'shape': (1,), }", f4_bytes({1})), "'descr' is missing");
  expect_refused(make_npy("{'descr': '<f4', 'shape': (1,), }", f4_bytes({1})), "'fortran_order' is missing");
  expect_refused(make_npy("{'descr': '<f4', 'fortran_order': False}", f4_bytes({1})), "'shape' is missing");
}

TEST(Npy, RefusesFortranOrder) {
  expect_refused(
      make_npy("{'descr': '<f4', 'fortran_order': True, 'shape': (2, 2), }", f4_bytes({1, 2, 3, 4})),
      "Fortran");
  expect_refused(make_npy("{'descr': '<f4', 'fortran_order': 0, 'shape': (1,), }", f4_bytes({1})),
                 "not True or False");
}

TEST(Npy, RefusesBigEndianAndUnsupportedDtypes) {
  auto with_descr = [](const std::string& descr) {
    return make_npy("{'descr': '" + descr + "', 'fortran_order': False, 'shape': (1,), }", f4_bytes({1}));
  };
  expect_refused(with_descr(">f4"), "big-endian");
  expect_refused(with_descr(">i8"), "big-endian");
  expect_refused(with_descr("<c8"), "unsupported dtype '<c8'");
  expect_refused(with_descr("<U3"), "unsupported dtype '<U3'");
  expect_refused(with_descr("|O"), "unsupported dtype '|O'");
  expect_refused(with_descr("<f2"), "unsupported dtype '<f2'");
  expect_refused(with_descr("<u4"), "unsupported dtype '<u4'");
  expect_refused(
      make_npy("{'descr': [('a', '<f4')], 'fortran_order': False, 'shape': (1,), }", f4_bytes({1})),
      "structured");
}

TEST(Npy, RefusesMoreThanFourDimensions) {
  expect_refused(make_npy(f4_header("(1, 1, 1, 1, 1)"), f4_bytes({1})), "5 dimensions [1, 1, 1, 1, 1]");
}

TEST(Npy, RefusesNegativeAbsurdAndOverflowingShapes) {
  expect_refused(make_npy(f4_header("(2, -3)"), {}), "negative dimension");
  expect_refused(make_npy(f4_header("(1000000000,)"), {}), "larger than the limit");
  // Each dimension is allowed, the product is not; 2^24 · 2^24 would also overflow 32-bit sizes.
  expect_refused(make_npy(f4_header("(16777216, 16777216)"), {}), "more than 268435456 elements");
  expect_refused(make_npy(f4_header("(16777216, 16777216, 16777216, 16777216)"), {}), "more than");
  expect_refused(make_npy(f4_header("(99999999999999999999999,)"), {}), "too large");
  expect_refused(make_npy(f4_header("(2.5,)"), {}), "not an integer");
  expect_refused(make_npy(f4_header("None"), {}), "not a tuple");
}

TEST(Npy, AZeroDimensionMakesAnEmptyArrayEvenBesideAHugeOne) {
  auto t = parse_npy(make_npy(f4_header("(0, 268435456)"), {}), "weights.npy");
  ASSERT_TRUE(t.ok()) << t.message();
  EXPECT_EQ(t->numel(), 0);
}

TEST(Npy, RefusesDataShorterOrLongerThanTheShape) {
  expect_refused(make_npy(f4_header("(2, 3)"), f4_bytes({1, 2, 3, 4, 5})), "truncated: shape [2, 3]");
  expect_refused(make_npy(f4_header("(2, 3)"), f4_bytes({1, 2, 3, 4, 5})),
                 "needs 24 bytes of data, the file has 20");
  expect_refused(make_npy(f4_header("(2,)"), f4_bytes({1, 2, 3})), "extra bytes");
  expect_refused(make_npy(f4_header("()"), {}), "truncated");
}

TEST(Npy, ReadNpyRefusesAFileWhoseDataIsShort) {
  TempDir dir;
  auto bytes = make_npy(f4_header("(4,)"), f4_bytes({1, 2, 3}));
  {
    std::ofstream out(dir.file("short.npy"), std::ios::binary);
    out.write(reinterpret_cast<const char*>(bytes.data()), static_cast<std::streamsize>(bytes.size()));
  }
  auto t = read_npy(dir.file("short.npy"));
  ASSERT_FALSE(t.ok());
  EXPECT_NE(t.message().find("short.npy"), std::string::npos) << t.message();
  EXPECT_NE(t.message().find("truncated"), std::string::npos) << t.message();
}

TEST(Npy, CorruptingAnySingleHeaderByteNeverCrashes) {
  auto bytes = make_npy(f4_header("(2, 2)"), f4_bytes({1, 2, 3, 4}));
  for (size_t i = 0; i < bytes.size() - 16; ++i) {
    for (uint8_t value : {uint8_t{0}, uint8_t{'('}, uint8_t{'\''}, uint8_t{'9'}, uint8_t{0xff}}) {
      auto copy = bytes;
      copy[i] = value;
      auto t = parse_npy(copy, "f");
      if (t.ok()) {
        EXPECT_LE(t->numel(), 4);
      }
    }
  }
}

}  // namespace
}  // namespace convstep
