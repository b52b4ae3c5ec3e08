// The GIF writer, read back with giflib: flat colours come back exactly, equal frames merge into one
// longer delay, a frame with more than 256 colours keeps its most common ones exactly, delays add up on
// the running clock, and the loop block says how often to play.
#include "core/gif_encoder.h"

#include <gif_lib.h>
#include <gtest/gtest.h>

#include <algorithm>
#include <cstring>
#include <string>
#include <vector>

namespace convstep {
namespace {

struct Read {
  int width = 0, height = 0, loop = -1;
  std::vector<int> delays;
  std::vector<std::vector<uint32_t>> frames;  // composited, r | g << 8 | b << 16
};

int read_bytes(GifFileType* gif, GifByteType* out, int size) {
  auto* source = static_cast<std::pair<const std::string*, size_t>*>(gif->UserData);
  const int n =
      static_cast<int>(std::min<size_t>(static_cast<size_t>(size), source->first->size() - source->second));
  std::memcpy(out, source->first->data() + source->second, static_cast<size_t>(n));
  source->second += static_cast<size_t>(n);
  return n;
}

Read decode(const std::string& bytes) {
  Read r;
  std::pair<const std::string*, size_t> source{&bytes, 0};
  int error = 0;
  GifFileType* gif = DGifOpen(&source, read_bytes, &error);
  if (gif == nullptr || DGifSlurp(gif) == GIF_ERROR) {
    ADD_FAILURE() << "giflib cannot read it";
    if (gif) DGifCloseFile(gif, &error);
    return r;
  }
  r.width = gif->SWidth;
  r.height = gif->SHeight;
  std::vector<uint32_t> canvas(static_cast<size_t>(r.width) * r.height, 0);
  for (int i = 0; i < gif->ImageCount; ++i) {
    const SavedImage& frame = gif->SavedImages[i];
    for (int e = 0; e + 1 < frame.ExtensionBlockCount; ++e)
      if (frame.ExtensionBlocks[e].Function == APPLICATION_EXT_FUNC_CODE)
        r.loop = frame.ExtensionBlocks[e + 1].Bytes[1] | frame.ExtensionBlocks[e + 1].Bytes[2] << 8;
    GraphicsControlBlock control{};
    DGifSavedExtensionToGCB(gif, i, &control);
    r.delays.push_back(control.DelayTime);
    const GifImageDesc& d = frame.ImageDesc;
    for (int y = 0; y < d.Height; ++y)
      for (int x = 0; x < d.Width; ++x) {
        const int index = frame.RasterBits[y * d.Width + x];
        if (index == control.TransparentColor) continue;
        const GifColorType c = d.ColorMap->Colors[index];
        canvas[static_cast<size_t>(d.Top + y) * r.width + d.Left + x] = c.Red | c.Green << 8 | c.Blue << 16;
      }
    r.frames.push_back(canvas);
  }
  DGifCloseFile(gif, &error);
  return r;
}

std::vector<uint8_t> filled(int w, int h, uint32_t colour) {
  std::vector<uint8_t> rgba(static_cast<size_t>(w) * h * 4);
  for (size_t i = 0; i < rgba.size(); i += 4) {
    rgba[i] = colour & 0xff, rgba[i + 1] = (colour >> 8) & 0xff, rgba[i + 2] = (colour >> 16) & 0xff;
    rgba[i + 3] = 255;
  }
  return rgba;
}

void set(std::vector<uint8_t>& rgba, int w, int x, int y, uint32_t colour) {
  uint8_t* p = &rgba[(static_cast<size_t>(y) * w + x) * 4];
  p[0] = colour & 0xff, p[1] = (colour >> 8) & 0xff, p[2] = (colour >> 16) & 0xff;
}

TEST(GifEncoder, FlatColoursComeBackExactlyAndEqualFramesMerge) {
  Result<GifEncoder> gif = GifEncoder::create(8, 6, 0);
  ASSERT_TRUE(gif) << gif.message();
  std::vector<uint8_t> a = filled(8, 6, 0x1c1714);
  set(a, 8, 2, 3, 0x22ccee);
  std::vector<uint8_t> b = a;
  set(b, 8, 5, 1, 0x4455ff);
  ASSERT_TRUE(gif->add_frame(a.data(), 0.1));
  ASSERT_TRUE(gif->add_frame(a.data(), 0.1));  // the kernel resting: merged
  ASSERT_TRUE(gif->add_frame(b.data(), 0.25));
  Result<std::string> bytes = gif->finish();
  ASSERT_TRUE(bytes) << bytes.message();
  const Read r = decode(*bytes);
  EXPECT_EQ(r.width, 8);
  EXPECT_EQ(r.loop, 0);
  ASSERT_EQ(r.frames.size(), 2u);
  EXPECT_EQ(r.delays, (std::vector<int>{20, 25}));
  EXPECT_EQ(r.frames[0][3 * 8 + 2], 0x22cceeu);
  EXPECT_EQ(r.frames[1][1 * 8 + 5], 0x4455ffu);
  EXPECT_EQ(r.frames[1][3 * 8 + 2], 0x22cceeu) << "unchanged pixels stay";
  EXPECT_EQ(r.frames[1][0], 0x1c1714u);
}

TEST(GifEncoder, MoreThan256ColoursKeepTheCommonOnesExactlyAndMapTheRestNearby) {
  const int w = 64, h = 64;
  Result<GifEncoder> gif = GifEncoder::create(w, h, 1);
  ASSERT_TRUE(gif);
  std::vector<uint8_t> frame = filled(w, h, 0x302010);
  // 600 distinct rare colours (a blend ramp) on a flat background with a few flat blocks.
  for (int i = 0; i < 600; ++i)
    set(frame, w, i % w, 10 + i / w, static_cast<uint32_t>(0x010101 * (i % 200) + i / 200));
  for (int x = 0; x < 16; ++x)
    for (int y = 40; y < 56; ++y) set(frame, w, x, y, 0x00ffff);
  ASSERT_TRUE(gif->add_frame(frame.data(), 1.0));
  Result<std::string> bytes = gif->finish();
  ASSERT_TRUE(bytes);
  const Read r = decode(*bytes);
  EXPECT_EQ(r.loop, -1) << "played once: no loop block";
  ASSERT_EQ(r.frames.size(), 1u);
  EXPECT_EQ(r.frames[0][0], 0x302010u);
  EXPECT_EQ(r.frames[0][45 * w + 3], 0x00ffffu) << "a flat block stays exact";
  // A rare colour lands close to itself.
  const uint32_t got = r.frames[0][10 * w + 50];
  const int grey = 50;
  EXPECT_NEAR(static_cast<int>(got & 0xff), grey, 8);
}

TEST(GifEncoder, DelaysAddUpOnTheRunningClockAndTheLoopCountIsKept) {
  Result<GifEncoder> gif = GifEncoder::create(4, 4, 3);
  ASSERT_TRUE(gif);
  // 15 frames a second: 6.67 hundredths each, given out as 7, 6, 7, ... so 15 frames make 1 s.
  for (int i = 0; i < 15; ++i) {
    std::vector<uint8_t> frame = filled(4, 4, static_cast<uint32_t>(i * 0x080808));
    ASSERT_TRUE(gif->add_frame(frame.data(), 1.0 / 15));
  }
  Result<std::string> bytes = gif->finish();
  ASSERT_TRUE(bytes);
  const Read r = decode(*bytes);
  EXPECT_EQ(r.loop, 2);
  int total = 0;
  for (int d : r.delays) total += d;
  EXPECT_EQ(total, 100);
  EXPECT_EQ(r.frames.size(), 15u);
}

TEST(GifEncoder, RefusesBadSizesAndAFinishedFile) {
  EXPECT_FALSE(GifEncoder::create(0, 10, 0));
  EXPECT_FALSE(GifEncoder::create(70000, 10, 0));
  Result<GifEncoder> gif = GifEncoder::create(2, 2, 0);
  ASSERT_TRUE(gif);
  EXPECT_FALSE(gif->finish()) << "no frames";
}

}  // namespace
}  // namespace convstep
