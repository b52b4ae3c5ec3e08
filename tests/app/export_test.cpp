// `convstep export` run as a user runs it, with no DISPLAY at all: the GIF read back with giflib
// (frames, size, delays, loop), the MP4 with libavformat (frames, size, duration), a frame against the
// window's own --screenshot of the same step (and a different step as the control that must not
// match), and every destination that cannot be written: one line, nothing left behind.
#include <gif_lib.h>
#include <sys/mount.h>
#include <unistd.h>

extern "C" {
#include <libavformat/avformat.h>
#include <libavutil/pixdesc.h>
}

#include <fstream>
#include <string>
#include <vector>

#include "tests/app/gui_support.h"
#include "tests/test_files.h"

namespace convstep::gui_test {
namespace {

using test_support::lines;
using test_support::names_in;
using test_support::read_all;

// Every export here runs as on a machine without a display.
const std::string kNoDisplay = "env -u DISPLAY -u WAYLAND_DISPLAY";

// A GIF as giflib reads it: its frames composited onto the canvas, with their delays and loop count.
struct DecodedGif {
  int width = 0, height = 0;
  std::vector<int> delays_cs;
  int loop = -1;  // -1: no NETSCAPE2.0 block (played once)
  std::vector<Image> frames;
};

DecodedGif decode_gif(const fs::path& path) {
  DecodedGif result;
  int error = 0;
  GifFileType* gif = DGifOpenFileName(path.c_str(), &error);
  if (gif == nullptr) {
    ADD_FAILURE() << "giflib cannot open " << path << ": " << GifErrorString(error);
    return result;
  }
  if (DGifSlurp(gif) == GIF_ERROR) {
    ADD_FAILURE() << "giflib cannot read " << path << ": " << GifErrorString(gif->Error);
    DGifCloseFile(gif, &error);
    return result;
  }
  result.width = gif->SWidth;
  result.height = gif->SHeight;
  Image canvas;
  canvas.width = gif->SWidth;
  canvas.height = gif->SHeight;
  canvas.rgb.assign(static_cast<size_t>(canvas.width) * canvas.height * 3, 0);
  for (int i = 0; i < gif->ImageCount; ++i) {
    const SavedImage& frame = gif->SavedImages[i];
    for (int e = 0; e + 1 < frame.ExtensionBlockCount; ++e) {
      const ExtensionBlock& block = frame.ExtensionBlocks[e];
      if (block.Function == APPLICATION_EXT_FUNC_CODE && block.ByteCount == 11 &&
          std::memcmp(block.Bytes, "NETSCAPE2.0", 11) == 0) {
        const ExtensionBlock& count = frame.ExtensionBlocks[e + 1];
        if (count.ByteCount >= 3) result.loop = count.Bytes[1] | count.Bytes[2] << 8;
      }
    }
    GraphicsControlBlock control{};
    control.TransparentColor = NO_TRANSPARENT_COLOR;
    DGifSavedExtensionToGCB(gif, i, &control);
    result.delays_cs.push_back(control.DelayTime);
    const GifImageDesc& d = frame.ImageDesc;
    const ColorMapObject* map = d.ColorMap ? d.ColorMap : gif->SColorMap;
    for (int y = 0; y < d.Height; ++y) {
      for (int x = 0; x < d.Width; ++x) {
        const int index = frame.RasterBits[y * d.Width + x];
        if (index == control.TransparentColor || map == nullptr || index >= map->ColorCount) continue;
        unsigned char* p = &canvas.rgb[(static_cast<size_t>(d.Top + y) * canvas.width + d.Left + x) * 3];
        p[0] = map->Colors[index].Red, p[1] = map->Colors[index].Green, p[2] = map->Colors[index].Blue;
      }
    }
    result.frames.push_back(canvas);
  }
  DGifCloseFile(gif, &error);
  return result;
}

struct DecodedVideo {
  std::string codec, pixel_format;
  int width = 0, height = 0, frames = 0;
  double seconds = 0;
};

DecodedVideo decode_mp4(const fs::path& path) {
  DecodedVideo result;
  AVFormatContext* format = nullptr;
  if (avformat_open_input(&format, path.c_str(), nullptr, nullptr) < 0) {
    ADD_FAILURE() << "libavformat cannot open " << path;
    return result;
  }
  avformat_find_stream_info(format, nullptr);
  const int video = av_find_best_stream(format, AVMEDIA_TYPE_VIDEO, -1, -1, nullptr, 0);
  if (video >= 0) {
    const AVCodecParameters* p = format->streams[video]->codecpar;
    result.codec = avcodec_get_name(p->codec_id);
    const char* pixels = av_get_pix_fmt_name(static_cast<AVPixelFormat>(p->format));
    result.pixel_format = pixels ? pixels : "";
    result.width = p->width;
    result.height = p->height;
    AVPacket* packet = av_packet_alloc();
    while (av_read_frame(format, packet) >= 0) {
      if (packet->stream_index == video) ++result.frames;
      av_packet_unref(packet);
    }
    av_packet_free(&packet);
    result.seconds = static_cast<double>(format->duration) / AV_TIME_BASE;
  }
  avformat_close_input(&format);
  return result;
}

// How far two pictures of the same size are apart: the share of pixels whose colour differs by more
// than a text edge's blur, and the mean per-channel difference.
struct Difference {
  double share_far = 1, mean = 255;
};

Difference difference(const Image& a, const Image& b) {
  Difference d;
  if (a.width != b.width || a.height != b.height || a.rgb.empty()) return d;
  int64_t far = 0, sum = 0;
  for (int y = 0; y < a.height; ++y) {
    for (int x = 0; x < a.width; ++x) {
      const int gap = distance(a.at(x, y), b.at(x, y));
      far += gap > 48;
      sum += gap;
    }
  }
  const double pixels = static_cast<double>(a.width) * a.height;
  d.share_far = static_cast<double>(far) / pixels;
  d.mean = static_cast<double>(sum) / pixels;
  return d;
}

class Export : public GuiTest {
 protected:
  std::string quoted(const fs::path& p) const { return std::string("'").append(p.string()).append("'"); }
  int run_export(const std::string& args, std::string* err) {
    return run_raw("export " + args, err, kNoDisplay);
  }
};

TEST_F(Export, AGifHoldsEveryStepWithItsDelaysSizeAndLoop) {
  const fs::path gif = dir_ / "walk.gif";
  std::string err;
  ASSERT_EQ(run_export("--lesson article-5x5 --gif " + quoted(gif) +
                           " --size 640x480 --fps 2 --frames-per-step 4 --pause 1",
                       &err),
            0)
      << err;
  EXPECT_NE(err.find("wrote " + gif.string()), std::string::npos) << err;
  const DecodedGif decoded = decode_gif(gif);
  EXPECT_EQ(decoded.width, 640);
  EXPECT_EQ(decoded.height, 480);
  EXPECT_EQ(decoded.loop, 0) << "loops for ever by default";
  // 9 steps at 2 steps/s, then the pause: 5.5 s. Frames equal to the one before are merged, so there
  // are at least one per step and at most the 36 drawn.
  int total = 0;
  for (int delay : decoded.delays_cs) total += delay;
  EXPECT_EQ(total, 550);
  EXPECT_GE(decoded.frames.size(), 9u);
  EXPECT_LE(decoded.frames.size(), 36u);
  EXPECT_GE(decoded.delays_cs.back(), 100) << "the last frame holds the pause";
  for (int delay : decoded.delays_cs) EXPECT_GE(delay, 2);
}

TEST_F(Export, TheLoopCountAndATapByTapRangeAreKept) {
  const fs::path gif = dir_ / "taps.gif";
  std::string err;
  ASSERT_EQ(
      run_export("--lesson article-5x5 --gif " + quoted(gif) +
                     " --size 640x480 --tap --from 4 --to 4 --fps 4 --frames-per-step 1 --pause 0 --loop 3",
                 &err),
      0)
      << err;
  const DecodedGif decoded = decode_gif(gif);
  EXPECT_EQ(decoded.loop, 2) << "played 3 times: 2 repeats";
  // Step 4 tap by tap: 9 products and the result, 10 positions at 4 a second.
  int total = 0;
  for (int delay : decoded.delays_cs) total += delay;
  EXPECT_EQ(total, 250);
  EXPECT_EQ(decoded.frames.size(), 10u) << "each tap changes the running sum";
}

TEST_F(Export, AnMp4IsH264WithEveryFrameAndTheRightDuration) {
  const fs::path mp4 = dir_ / "walk.mp4";
  std::string err;
  ASSERT_EQ(run_export("--lesson stride-2 --mp4 " + quoted(mp4) +
                           " --size 640x360 --fps 2 --frames-per-step 4 --pause 1",
                       &err),
            0)
      << err;
  const DecodedVideo video = decode_mp4(mp4);
  EXPECT_EQ(video.codec, "h264");
  EXPECT_EQ(video.pixel_format, "yuv420p");
  EXPECT_EQ(video.width, 640);
  EXPECT_EQ(video.height, 360);
  // stride-2 has 4 steps: 16 frames at 8 frames a second, and 1 s of pause (8 more): 3 s.
  EXPECT_EQ(video.frames, 24);
  EXPECT_NEAR(video.seconds, 3.0, 0.05);
}

TEST_F(Export, AGifFrameIsTheWindowsScreenshotOfTheSameStep) {
  const fs::path gif = dir_ / "walk.gif";
  std::string err;
  ASSERT_EQ(
      run_export("--lesson article-5x5 --gif " + quoted(gif) + " --size 1024x768 --to 2 --frames-per-step 1",
                 &err),
      0)
      << err;
  const DecodedGif decoded = decode_gif(gif);
  ASSERT_EQ(decoded.frames.size(), 3u);
  const fs::path shot0 = dir_ / "step0.png", shot2 = dir_ / "step2.png";
  ASSERT_EQ(run_raw("--no-settings --lesson article-5x5 --step 0 --size 1024x768 --frames 3 --screenshot " +
                        quoted(shot0),
                    &err),
            0)
      << err;
  ASSERT_EQ(run_raw("--no-settings --lesson article-5x5 --step 2 --size 1024x768 --frames 3 --screenshot " +
                        quoted(shot2),
                    &err),
            0)
      << err;
  const Difference same = difference(decoded.frames[0], load_png(shot0));
  EXPECT_LT(same.share_far, 0.002) << "mean difference " << same.mean;
  EXPECT_LT(same.mean, 1.0);
  // The control: step 0's frame against step 2's screenshot must not pass the same tolerance.
  const Difference other = difference(decoded.frames[0], load_png(shot2));
  EXPECT_GT(other.share_far, 0.002);
  // Step 2 (entered by a slide, with a faint ghost where the kernel was) is still the screenshot's picture.
  const Difference later = difference(decoded.frames[2], load_png(shot2));
  EXPECT_LT(later.share_far, 0.01) << "mean difference " << later.mean;
}

TEST_F(Export, APngIsOneStepAsTheWindowDrawsIt) {
  const fs::path png = dir_ / "step4.png", shot = dir_ / "shot4.png";
  std::string err;
  ASSERT_EQ(run_export("--lesson article-5x5 --png " + quoted(png) + " --from 4 --size 1024x768", &err), 0)
      << err;
  ASSERT_EQ(run_raw("--no-settings --lesson article-5x5 --step 4 --size 1024x768 --frames 3 --screenshot " +
                        quoted(shot),
                    &err),
            0)
      << err;
  const Difference d = difference(load_png(png), load_png(shot));
  EXPECT_LT(d.share_far, 0.002) << "mean difference " << d.mean;
}

TEST_F(Export, AnSvgIsOneStepWithItsNumbersAsText) {
  const fs::path svg = dir_ / "step4.svg";
  std::string err;
  ASSERT_EQ(run_export("--lesson article-5x5 --svg " + quoted(svg) + " --from 4", &err), 0) << err;
  const std::string text = read_all(svg);
  EXPECT_NE(text.find("<svg"), std::string::npos);
  // Step 4's arithmetic (the centre window of the article's example) and its result.
  EXPECT_NE(text.find("= 4"), std::string::npos);
  EXPECT_NE(text.find("1280"), std::string::npos);
  // One step past the last is refused with the range.
  EXPECT_EQ(run_export("--lesson article-5x5 --svg " + quoted(dir_ / "late.svg") + " --from 9", &err), 1);
  EXPECT_NE(err.find("steps 0 to 8"), std::string::npos) << err;
  EXPECT_FALSE(fs::exists(dir_ / "late.svg"));
}

TEST_F(Export, BadOptionsAreOneLineWithTheNumbersAndWriteNothing) {
  const fs::path gif = dir_ / "x.gif";
  std::string err;
  const std::vector<std::pair<std::string, std::string>> cases = {
      {"--lesson article-5x5", "nothing to write"},
      {"--lesson article-5x5 --gif " + quoted(gif) + " --png " + quoted(dir_ / "x.png"),
       "one output at a time"},
      {"--lesson article-5x5 --gif " + quoted(gif) + " --from 9",
       "--from 9 is not a step: this scene has steps 0 to 8"},
      {"--lesson article-5x5 --gif " + quoted(gif) + " --from 5 --to 3", "--to 3 comes before --from 5"},
      {"--lesson article-5x5 --gif " + quoted(gif) + " --size 100x100", "--size 100x100"},
      {"--lesson article-5x5 --mp4 " + quoted(dir_ / "x.mp4") + " --size 1001x700", "even width and height"},
      {"--lesson article-5x5 --gif " + quoted(gif) + " --fps 20 --frames-per-step 10",
       "a GIF plays at most 50"},
      {"--lesson no-such-lesson --gif " + quoted(gif), "no-such-lesson"},
      {"--lesson article-5x5 --set kernel_size=7 --gif " + quoted(gif), "the kernel (7) is wider"},
  };
  for (const auto& [args, expected] : cases) {
    EXPECT_NE(run_export(args, &err), 0) << args;
    EXPECT_NE(err.find(expected), std::string::npos) << args << "\n" << err;
    EXPECT_EQ(lines(err), 1) << args << "\n" << err;
  }
  EXPECT_EQ(names_in(dir_), (std::vector<std::string>{"stderr.txt"}));
}

TEST_F(Export, AnExistingFileIsKeptWithoutForceAndReplacedWithIt) {
  const fs::path gif = dir_ / "kept.gif";
  std::ofstream(gif) << "the teacher's file";
  std::string err;
  EXPECT_EQ(run_export("--lesson stride-2 --gif " + quoted(gif) + " --size 640x480", &err), 1);
  EXPECT_NE(err.find(gif.string() + " exists; use --force to replace it"), std::string::npos) << err;
  EXPECT_EQ(read_all(gif), "the teacher's file");
  ASSERT_EQ(run_export("--lesson stride-2 --gif " + quoted(gif) + " --size 640x480 --force", &err), 0) << err;
  EXPECT_EQ(read_all(gif).substr(0, 6), "GIF89a");
  EXPECT_EQ(names_in(dir_), (std::vector<std::string>{"kept.gif", "stderr.txt"}));
}

TEST_F(Export, AMissingFolderOrAFolderAsTheDestinationIsRefused) {
  std::string err;
  const fs::path missing = dir_ / "no-such-folder" / "walk.gif";
  EXPECT_EQ(run_export("--lesson stride-2 --gif " + quoted(missing), &err), 1);
  EXPECT_NE(err.find("the folder " + (dir_ / "no-such-folder").string() + " does not exist"),
            std::string::npos)
      << err;
  EXPECT_EQ(lines(err), 1) << err;
  fs::create_directories(dir_ / "a-folder.gif");
  EXPECT_EQ(run_export("--lesson stride-2 --gif " + quoted(dir_ / "a-folder.gif"), &err), 1);
  EXPECT_NE(err.find("is a folder"), std::string::npos) << err;
  EXPECT_TRUE(fs::is_empty(dir_ / "a-folder.gif"));
  EXPECT_EQ(names_in(dir_), (std::vector<std::string>{"a-folder.gif", "stderr.txt"}));
}

// A read-only file system and a full one, each a small tmpfs (mounting needs root).
class ExportTo : public Export {
 protected:
  bool mount_tmpfs(unsigned long flags, const char* options) {
    mount_ = dir_ / "disk";
    fs::create_directories(mount_);
    if (::geteuid() != 0 || ::mount("tmpfs", mount_.c_str(), "tmpfs", flags, options) != 0) return false;
    mounted_ = true;
    return true;
  }
  void TearDown() override {
    if (mounted_) ::umount(mount_.c_str());
    Export::TearDown();
  }
  fs::path mount_;
  bool mounted_ = false;
};

TEST_F(ExportTo, AReadOnlyFolderIsOneLineAndNothingWritten) {
  if (!mount_tmpfs(MS_RDONLY, "size=64k")) GTEST_SKIP() << "mounting a tmpfs needs root";
  std::string err;
  const fs::path gif = mount_ / "walk.gif";
  EXPECT_EQ(run_export("--lesson stride-2 --gif " + quoted(gif) + " --size 640x480", &err), 1);
  EXPECT_NE(err.find(gif.string()), std::string::npos) << err;
  EXPECT_EQ(lines(err), 1) << err;
  EXPECT_TRUE(fs::is_empty(mount_));
}

TEST_F(ExportTo, AFullDiskIsOneLineAndNothingLeftBehind) {
  if (!mount_tmpfs(0, "size=64k")) GTEST_SKIP() << "mounting a tmpfs needs root";
  std::string err;
  const fs::path gif = mount_ / "walk.gif";
  // A 1280x720 walk takes hundreds of kB: it cannot fit in 64 kB.
  EXPECT_EQ(run_export("--lesson article-5x5 --gif " + quoted(gif) + " --frames-per-step 2", &err), 1);
  EXPECT_NE(err.find(gif.string()), std::string::npos) << err;
  EXPECT_NE(err.find("No space left on device"), std::string::npos) << err;
  EXPECT_EQ(lines(err), 2) << "the progress bar's line and the error\n" << err;
  EXPECT_TRUE(fs::is_empty(mount_)) << "a temporary file was left";
}

}  // namespace
}  // namespace convstep::gui_test
