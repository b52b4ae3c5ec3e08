// Animated GIFs through giflib, frame by frame into memory (the caller writes the bytes with
// atomic_write). convstep's pictures are flat colours plus anti-aliased text edges, so each frame's
// palette holds its colours exactly whenever they fit in a GIF's 256, and only the rarest (edge
// blends) are mapped to the nearest kept colour when they do not — never dithered. A frame equal to
// the one before only lengthens its delay; otherwise just the rectangle that changed is stored, with
// unchanged pixels transparent, which keeps a resting kernel nearly free.
#pragma once

#include <cstdint>
#include <memory>
#include <string>

#include "core/result.h"

namespace convstep {

class GifEncoder {
 public:
  // `loops`: how often a viewer plays it; 0 = for ever.
  static Result<GifEncoder> create(int width, int height, int loops);

  GifEncoder(GifEncoder&&) noexcept;
  GifEncoder& operator=(GifEncoder&&) noexcept;
  ~GifEncoder();

  // One frame of width × height RGBA pixels (top row first; alpha ignored) shown for `seconds`.
  Status add_frame(const uint8_t* rgba, double seconds);
  // Ends the file and returns its bytes; the encoder is spent afterwards.
  Result<std::string> finish();

  // Frames stored so far (equal neighbours count once).
  int frames_stored() const;

  struct Impl;

 private:
  explicit GifEncoder(std::unique_ptr<Impl> impl);
  std::unique_ptr<Impl> impl_;
};

}  // namespace convstep
