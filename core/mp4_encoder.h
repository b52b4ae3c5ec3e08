// MP4 video through Debian's ffmpeg libraries: H.264 (libx264) in yuv420p, which every slide program
// and browser plays, at a constant frame rate. The file is built in memory (libavformat writes through
// a seekable buffer) and the caller writes the bytes with atomic_write.
#pragma once

#include <cstdint>
#include <memory>
#include <string>

#include "core/result.h"

namespace convstep {

class Mp4Encoder {
 public:
  // Width and height must be even (yuv420p halves both for colour); frames_per_second > 0.
  static Result<Mp4Encoder> create(int width, int height, double frames_per_second);

  Mp4Encoder(Mp4Encoder&&) noexcept;
  Mp4Encoder& operator=(Mp4Encoder&&) noexcept;
  ~Mp4Encoder();

  // One frame of width × height RGBA pixels (top row first), shown for one frame period.
  Status add_frame(const uint8_t* rgba);
  // Flushes the encoder, ends the file and returns its bytes; the encoder is spent afterwards.
  Result<std::string> finish();

  struct Impl;

 private:
  explicit Mp4Encoder(std::unique_ptr<Impl> impl);
  std::unique_ptr<Impl> impl_;
};

}  // namespace convstep
