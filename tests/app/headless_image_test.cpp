// A headless run (`convstep IMAGE --frames 1`) whose image cannot be opened says why on stderr and
// exits non-zero, as a failed --screenshot does; a good image still exits 0 (the control case).
#include <fstream>
#include <string>
#include <vector>

#include "tests/app/gui_support.h"

namespace convstep::gui_test {
namespace {

class HeadlessImage : public GuiTest {};

TEST_F(HeadlessImage, AnImageThatFailsToLoadMakesTheRunFail) {
  // A JPEG whose Huffman table declares 320 codes: the file that made stb_image write past its arrays.
  std::vector<unsigned char> jpeg = {0xFF, 0xD8, 0xFF, 0xC0, 0x00, 0x0B, 0x08, 0x00, 0x08, 0x00,
                                     0x08, 0x01, 0x01, 0x11, 0x00, 0xFF, 0xC4, 0x00, 0x27, 0x00};
  for (int i = 0; i < 16; ++i) jpeg.push_back(20);
  for (int i = 0; i < 20; ++i) jpeg.push_back(0);
  for (int v : {0xFF, 0xDA, 0x00, 0x08, 0x01, 0x01, 0x00, 0x00, 0x3F, 0x00, 0x3F, 0xFF, 0xD9})
    jpeg.push_back(static_cast<unsigned char>(v));
  const fs::path bad = dir_ / "hostile.jpg";
  std::ofstream(bad, std::ios::binary)
      .write(reinterpret_cast<const char*>(jpeg.data()), static_cast<std::streamsize>(jpeg.size()));
  std::string err;
  EXPECT_EQ(run_raw("'" + bad.string() + "' --frames 1", &err), 1);
  EXPECT_NE(err.find("hostile.jpg"), std::string::npos) << err;
  EXPECT_NE(err.find("libjpeg"), std::string::npos) << err;
}

TEST_F(HeadlessImage, AGoodImageStillExitsZero) {
  std::string err;
  EXPECT_EQ(run_raw("'" + std::string(CONVSTEP_TEST_DATA_DIR) + "/images/rgb_4x3.png' --frames 1", &err), 0)
      << err;
}

}  // namespace
}  // namespace convstep::gui_test
