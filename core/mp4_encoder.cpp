// libavformat's MP4 muxer seeks back to patch sizes, so the memory buffer behind its AVIOContext
// supports writes at any offset and seeking from either end.
#include "core/mp4_encoder.h"

extern "C" {
#include <libavcodec/avcodec.h>
#include <libavformat/avformat.h>
#include <libavutil/imgutils.h>
#include <libavutil/opt.h>
#include <libswscale/swscale.h>
}

#include <algorithm>
#include <cstring>
#include <utility>

namespace convstep {
namespace {

constexpr int kIoBufferBytes = 1 << 16;

std::string av_text(int code) {
  char text[AV_ERROR_MAX_STRING_SIZE] = {};
  av_strerror(code, text, sizeof text);
  return text;
}

Error av_failure(const std::string& what, int code) {
  return make_error("cannot write the MP4: " + what + " (" + av_text(code) + ")");
}

struct Memory {
  std::string bytes;
  int64_t position = 0;
};

int memory_write(void* opaque, uint8_t* data, int size) {
  auto* m = static_cast<Memory*>(opaque);
  const size_t end = static_cast<size_t>(m->position) + static_cast<size_t>(size);
  if (m->bytes.size() < end) m->bytes.resize(end);
  std::memcpy(m->bytes.data() + m->position, data, static_cast<size_t>(size));
  m->position = static_cast<int64_t>(end);
  return size;
}

int64_t memory_seek(void* opaque, int64_t offset, int whence) {
  auto* m = static_cast<Memory*>(opaque);
  const int64_t size = static_cast<int64_t>(m->bytes.size());
  switch (whence & ~AVSEEK_FORCE) {
    case AVSEEK_SIZE:
      return size;
    case SEEK_SET:
      m->position = offset;
      break;
    case SEEK_CUR:
      m->position += offset;
      break;
    case SEEK_END:
      m->position = size + offset;
      break;
    default:
      return AVERROR(EINVAL);
  }
  if (m->position < 0) m->position = 0;
  return m->position;
}

}  // namespace

struct Mp4Encoder::Impl {
  int width = 0, height = 0;
  Memory memory;
  AVFormatContext* format = nullptr;
  AVIOContext* io = nullptr;
  AVCodecContext* codec = nullptr;
  AVStream* stream = nullptr;
  SwsContext* scale = nullptr;
  AVFrame* frame = nullptr;
  AVPacket* packet = nullptr;
  int64_t next_pts = 0;
  bool header_written = false, finished = false;

  ~Impl() {
    av_packet_free(&packet);
    av_frame_free(&frame);
    sws_freeContext(scale);
    avcodec_free_context(&codec);
    if (format) avformat_free_context(format);
    if (io) {
      av_freep(&io->buffer);
      avio_context_free(&io);
    }
  }

  // Sends `input` (nullptr: flush) and writes every packet the encoder gives back.
  Status encode(AVFrame* input) {
    int sent = avcodec_send_frame(codec, input);
    if (sent < 0) return av_failure("encoding a frame", sent);
    for (;;) {
      const int got = avcodec_receive_packet(codec, packet);
      if (got == AVERROR(EAGAIN) || got == AVERROR_EOF) return Ok{};
      if (got < 0) return av_failure("encoding a frame", got);
      if (packet->duration == 0) packet->duration = 1;
      av_packet_rescale_ts(packet, codec->time_base, stream->time_base);
      packet->stream_index = stream->index;
      const int written = av_interleaved_write_frame(format, packet);
      if (written < 0) return av_failure("storing a frame", written);
    }
  }
};

Mp4Encoder::Mp4Encoder(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}
Mp4Encoder::Mp4Encoder(Mp4Encoder&&) noexcept = default;
Mp4Encoder& Mp4Encoder::operator=(Mp4Encoder&&) noexcept = default;
Mp4Encoder::~Mp4Encoder() = default;

Result<Mp4Encoder> Mp4Encoder::create(int width, int height, double frames_per_second) {
  if (width < 2 || height < 2 || width % 2 != 0 || height % 2 != 0)
    return make_error("cannot write a " + std::to_string(width) + "x" + std::to_string(height) +
                      " MP4: H.264 in yuv420p needs an even width and height");
  if (!(frames_per_second > 0 && frames_per_second <= 240))
    return make_error("cannot write an MP4 at " + std::to_string(frames_per_second) + " frames per second");
  // Errors come back as values; the libraries' own statistics and notes would only clutter stderr.
  av_log_set_level(AV_LOG_ERROR);
  auto impl = std::make_unique<Impl>();
  Impl& m = *impl;
  m.width = width;
  m.height = height;
  const AVCodec* h264 = avcodec_find_encoder_by_name("libx264");
  if (h264 == nullptr) h264 = avcodec_find_encoder(AV_CODEC_ID_H264);
  if (h264 == nullptr)
    return make_error("cannot write an MP4: this system's ffmpeg libraries have no H.264 encoder (libx264)");
  int status = avformat_alloc_output_context2(&m.format, nullptr, "mp4", nullptr);
  if (status < 0 || m.format == nullptr) return av_failure("no MP4 muxer", status);
  auto* buffer = static_cast<unsigned char*>(av_malloc(kIoBufferBytes));
  m.io = avio_alloc_context(buffer, kIoBufferBytes, 1, &m.memory, nullptr, memory_write, memory_seek);
  if (m.io == nullptr) {
    av_free(buffer);
    return make_error("cannot write the MP4: out of memory");
  }
  m.format->pb = m.io;
  m.format->flags |= AVFMT_FLAG_CUSTOM_IO;
  m.stream = avformat_new_stream(m.format, nullptr);
  m.codec = avcodec_alloc_context3(h264);
  m.frame = av_frame_alloc();
  m.packet = av_packet_alloc();
  if (!m.stream || !m.codec || !m.frame || !m.packet)
    return make_error("cannot write the MP4: out of memory");

  const AVRational rate = av_d2q(frames_per_second, 100000);
  m.codec->width = width;
  m.codec->height = height;
  m.codec->pix_fmt = AV_PIX_FMT_YUV420P;
  m.codec->time_base = av_inv_q(rate);
  m.codec->framerate = rate;
  m.codec->gop_size = std::max(1, static_cast<int>(frames_per_second * 10));
  if (m.format->oformat->flags & AVFMT_GLOBALHEADER) m.codec->flags |= AV_CODEC_FLAG_GLOBAL_HEADER;
  AVDictionary* options = nullptr;
  // Flat colours and text: x264's animation tuning; a constant quality that keeps digits crisp.
  av_dict_set(&options, "preset", "medium", 0);
  av_dict_set(&options, "tune", "animation", 0);
  av_dict_set(&options, "crf", "24", 0);
  status = avcodec_open2(m.codec, h264, &options);
  av_dict_free(&options);
  if (status < 0) return av_failure("cannot start the H.264 encoder", status);
  status = avcodec_parameters_from_context(m.stream->codecpar, m.codec);
  if (status < 0) return av_failure("the stream parameters", status);
  m.stream->time_base = m.codec->time_base;
  m.stream->avg_frame_rate = rate;

  m.frame->format = AV_PIX_FMT_YUV420P;
  m.frame->width = width;
  m.frame->height = height;
  status = av_frame_get_buffer(m.frame, 0);
  if (status < 0) return av_failure("a frame buffer", status);
  m.scale = sws_getContext(width, height, AV_PIX_FMT_RGBA, width, height, AV_PIX_FMT_YUV420P, SWS_BICUBIC,
                           nullptr, nullptr, nullptr);
  if (m.scale == nullptr) return make_error("cannot write the MP4: no RGBA to yuv420p conversion");
  status = avformat_write_header(m.format, nullptr);
  if (status < 0) return av_failure("the file header", status);
  m.header_written = true;
  return Mp4Encoder(std::move(impl));
}

Status Mp4Encoder::add_frame(const uint8_t* rgba) {
  if (impl_ == nullptr || impl_->finished) return make_error("cannot write the MP4: it is already finished");
  Impl& m = *impl_;
  const int status = av_frame_make_writable(m.frame);
  if (status < 0) return av_failure("a frame buffer", status);
  const uint8_t* source[1] = {rgba};
  const int stride[1] = {4 * m.width};
  sws_scale(m.scale, source, stride, 0, m.height, m.frame->data, m.frame->linesize);
  m.frame->pts = m.next_pts++;
  return m.encode(m.frame);
}

Result<std::string> Mp4Encoder::finish() {
  if (impl_ == nullptr || impl_->finished) return make_error("cannot write the MP4: it is already finished");
  Impl& m = *impl_;
  m.finished = true;
  if (m.next_pts == 0) return make_error("cannot write an MP4 without frames");
  if (Status flushed = m.encode(nullptr); !flushed) return flushed.error();
  const int status = av_write_trailer(m.format);
  if (status < 0) return av_failure("the file's index", status);
  avio_flush(m.io);
  return std::move(m.memory.bytes);
}

}  // namespace convstep
