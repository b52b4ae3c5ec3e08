// giflib writes through an output function into a string; the canvas kept here is what a viewer
// shows after the last stored frame (after any colour mapping), so each delta is taken against it.
// Delays are rounded on the running clock, so a long animation's total time does not drift.
#include "core/gif_encoder.h"

#include <gif_lib.h>

#include <algorithm>
#include <cmath>
#include <limits>
#include <unordered_map>
#include <utility>
#include <vector>

namespace convstep {
namespace {

using Rgb = uint32_t;  // r | g << 8 | b << 16

int write_out(GifFileType* gif, const GifByteType* data, int size) {
  static_cast<std::string*>(gif->UserData)
      ->append(reinterpret_cast<const char*>(data), static_cast<size_t>(size));
  return size;
}

Error gif_error(const std::string& what, int code) {
  const char* reason = GifErrorString(code);
  return make_error("cannot write the GIF: " + what + " (" + (reason ? reason : "giflib error") + ")");
}

int channel(Rgb c, int shift) {
  return static_cast<int>((c >> shift) & 0xff);
}

}  // namespace

struct GifEncoder::Impl {
  int width = 0, height = 0;
  std::unique_ptr<std::string> bytes = std::make_unique<std::string>();
  GifFileType* gif = nullptr;
  std::vector<Rgb> canvas;   // what is on screen after the stored frames
  std::vector<Rgb> pending;  // the frame waiting for its delay to be known
  bool has_pending = false, stored_any = false;
  double clock = 0, pending_end = 0;
  long written_cs = 0;  // hundredths of a second given out in delays so far
  int frames = 0;

  ~Impl() {
    if (gif) EGifCloseFile(gif, nullptr);
  }

  Status store_pending();
};

Status GifEncoder::Impl::store_pending() {
  if (!has_pending) return Ok{};
  has_pending = false;
  const long end_cs = std::lround(pending_end * 100);
  const int delay = static_cast<int>(std::clamp<long>(end_cs - written_cs, 1, 65535));
  written_cs += delay;

  // The rectangle that changed (the whole picture for the first frame).
  int x0 = 0, y0 = 0, x1 = width - 1, y1 = height - 1;
  if (stored_any) {
    x0 = width, y0 = height, x1 = -1, y1 = -1;
    for (int y = 0; y < height; ++y) {
      const Rgb* row = &pending[static_cast<size_t>(y) * width];
      const Rgb* shown = &canvas[static_cast<size_t>(y) * width];
      for (int x = 0; x < width; ++x) {
        if (row[x] != shown[x]) {
          x0 = std::min(x0, x), x1 = std::max(x1, x);
          y0 = std::min(y0, y), y1 = std::max(y1, y);
        }
      }
    }
    if (x1 < 0) x0 = y0 = x1 = y1 = 0;  // nothing changed: one transparent pixel carries the delay
  }
  const bool delta = stored_any;
  const int w = x1 - x0 + 1, h = y1 - y0 + 1;
  const auto at = [&](int x, int y) { return static_cast<size_t>(y) * width + x; };

  // Colours of the pixels to store, most frequent first; a delta keeps one index for "unchanged".
  std::unordered_map<Rgb, int64_t> counts;
  for (int y = y0; y <= y1; ++y)
    for (int x = x0; x <= x1; ++x)
      if (!delta || pending[at(x, y)] != canvas[at(x, y)]) ++counts[pending[at(x, y)]];
  std::vector<std::pair<Rgb, int64_t>> colours(counts.begin(), counts.end());
  std::sort(colours.begin(), colours.end(), [](const auto& a, const auto& b) {
    return a.second != b.second ? a.second > b.second : a.first < b.first;
  });
  const size_t room = delta ? 255 : 256;
  const size_t kept = std::min(colours.size(), room);
  std::unordered_map<Rgb, int> index;
  index.reserve(colours.size());
  for (size_t i = 0; i < kept; ++i) index[colours[i].first] = static_cast<int>(i);
  // The rest (rare edge blends) take the nearest kept colour.
  for (size_t i = kept; i < colours.size(); ++i) {
    const Rgb c = colours[i].first;
    int best = 0;
    long best_distance = std::numeric_limits<long>::max();
    for (size_t k = 0; k < kept; ++k) {
      const Rgb p = colours[k].first;
      long d = 0;
      for (int shift : {0, 8, 16}) {
        const long diff = channel(c, shift) - channel(p, shift);
        d += diff * diff;
      }
      if (d < best_distance) best_distance = d, best = static_cast<int>(k);
    }
    index[c] = best;
  }
  const int transparent = delta ? static_cast<int>(kept) : -1;
  const int entries = static_cast<int>(kept) + (delta ? 1 : 0);
  int bits = 1;
  while ((1 << bits) < entries) ++bits;
  ColorMapObject* map = GifMakeMapObject(1 << bits, nullptr);
  if (map == nullptr) return make_error("cannot write the GIF: out of memory for a colour table");
  for (int i = 0; i < (1 << bits); ++i) map->Colors[i] = GifColorType{0, 0, 0};
  for (size_t i = 0; i < kept; ++i) {
    const Rgb c = colours[i].first;
    map->Colors[i] =
        GifColorType{static_cast<GifByteType>(channel(c, 0)), static_cast<GifByteType>(channel(c, 8)),
                     static_cast<GifByteType>(channel(c, 16))};
  }

  GraphicsControlBlock control{};
  control.DisposalMode = DISPOSE_DO_NOT;
  control.UserInputFlag = false;
  control.DelayTime = delay;
  control.TransparentColor = transparent >= 0 ? transparent : NO_TRANSPARENT_COLOR;
  GifByteType extension[4];
  const size_t length = EGifGCBToExtension(&control, extension);
  if (EGifPutExtension(gif, GRAPHICS_EXT_FUNC_CODE, static_cast<int>(length), extension) == GIF_ERROR ||
      EGifPutImageDesc(gif, x0, y0, w, h, false, map) == GIF_ERROR) {
    GifFreeMapObject(map);
    return gif_error("frame " + std::to_string(frames + 1), gif->Error);
  }
  std::vector<GifPixelType> line(static_cast<size_t>(w));
  for (int y = y0; y <= y1; ++y) {
    for (int x = x0; x <= x1; ++x) {
      const Rgb c = pending[at(x, y)];
      if (delta && c == canvas[at(x, y)]) {
        line[static_cast<size_t>(x - x0)] = static_cast<GifPixelType>(transparent);
        continue;
      }
      const int i = index.at(c);
      line[static_cast<size_t>(x - x0)] = static_cast<GifPixelType>(i);
      const GifColorType& shown = map->Colors[i];
      canvas[at(x, y)] = Rgb{shown.Red} | Rgb{shown.Green} << 8 | Rgb{shown.Blue} << 16;
    }
    if (EGifPutLine(gif, line.data(), w) == GIF_ERROR) {
      GifFreeMapObject(map);
      return gif_error("frame " + std::to_string(frames + 1), gif->Error);
    }
  }
  GifFreeMapObject(map);
  stored_any = true;
  ++frames;
  return Ok{};
}

GifEncoder::GifEncoder(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}
GifEncoder::GifEncoder(GifEncoder&&) noexcept = default;
GifEncoder& GifEncoder::operator=(GifEncoder&&) noexcept = default;
GifEncoder::~GifEncoder() = default;

Result<GifEncoder> GifEncoder::create(int width, int height, int loops) {
  if (width < 1 || height < 1 || width > 65535 || height > 65535)
    return make_error("cannot write a " + std::to_string(width) + "x" + std::to_string(height) +
                      " GIF: each side must be 1 to 65535 pixels");
  auto impl = std::make_unique<Impl>();
  impl->width = width;
  impl->height = height;
  impl->canvas.assign(static_cast<size_t>(width) * height, 0);
  int error = 0;
  impl->gif = EGifOpen(impl->bytes.get(), write_out, &error);
  if (impl->gif == nullptr) return gif_error("cannot start it", error);
  EGifSetGifVersion(impl->gif, true);
  if (EGifPutScreenDesc(impl->gif, width, height, 8, 0, nullptr) == GIF_ERROR)
    return gif_error("the screen descriptor", impl->gif->Error);
  // Played once: no loop block. Otherwise the NETSCAPE2.0 block counts the repeats (0 = for ever).
  if (loops != 1) {
    const int repeats = loops == 0 ? 0 : loops - 1;
    const GifByteType count[3] = {1, static_cast<GifByteType>(repeats & 0xff),
                                  static_cast<GifByteType>((repeats >> 8) & 0xff)};
    if (EGifPutExtensionLeader(impl->gif, APPLICATION_EXT_FUNC_CODE) == GIF_ERROR ||
        EGifPutExtensionBlock(impl->gif, 11, "NETSCAPE2.0") == GIF_ERROR ||
        EGifPutExtensionBlock(impl->gif, 3, count) == GIF_ERROR ||
        EGifPutExtensionTrailer(impl->gif) == GIF_ERROR)
      return gif_error("the loop block", impl->gif->Error);
  }
  return GifEncoder(std::move(impl));
}

Status GifEncoder::add_frame(const uint8_t* rgba, double seconds) {
  if (impl_ == nullptr || impl_->gif == nullptr)
    return make_error("cannot write the GIF: it is already finished");
  const size_t count = static_cast<size_t>(impl_->width) * impl_->height;
  std::vector<Rgb> frame(count);
  for (size_t i = 0; i < count; ++i)
    frame[i] = Rgb{rgba[4 * i]} | Rgb{rgba[4 * i + 1]} << 8 | Rgb{rgba[4 * i + 2]} << 16;
  impl_->clock += std::max(seconds, 0.0);
  if (impl_->has_pending && frame == impl_->pending) {
    impl_->pending_end = impl_->clock;
    return Ok{};
  }
  if (Status stored = impl_->store_pending(); !stored) return stored;
  impl_->pending = std::move(frame);
  impl_->has_pending = true;
  impl_->pending_end = impl_->clock;
  return Ok{};
}

Result<std::string> GifEncoder::finish() {
  if (impl_ == nullptr || impl_->gif == nullptr)
    return make_error("cannot write the GIF: it is already finished");
  if (!impl_->has_pending && !impl_->stored_any) return make_error("cannot write a GIF without frames");
  if (Status stored = impl_->store_pending(); !stored) return stored.error();
  int error = 0;
  const int closed = EGifCloseFile(impl_->gif, &error);
  impl_->gif = nullptr;
  if (closed == GIF_ERROR) return gif_error("its end", error);
  return std::move(*impl_->bytes);
}

int GifEncoder::frames_stored() const {
  return impl_ ? impl_->frames : 0;
}

}  // namespace convstep
