// libavformat's MP4 muxer seeks back to patch sizes, so the memory buffer behind its AVIOContext
// supports writes at any offset and seeking from either end.
//
// The ffmpeg libraries are loaded when the first MP4 is made, not linked: with their dependencies they
// are over a hundred shared libraries, whose loading took about 40 ms of every start of the window
// and of every command. Only their headers are used at build time; the versions opened are the
// major versions of those headers.
#include "core/mp4_encoder.h"

#include <dlfcn.h>

extern "C" {
#include <libavcodec/avcodec.h>
#include <libavcodec/version.h>
#include <libavformat/avformat.h>
#include <libavformat/version.h>
#include <libavutil/imgutils.h>
#include <libavutil/opt.h>
#include <libavutil/version.h>
#include <libswscale/swscale.h>
#include <libswscale/version.h>
}

#include <algorithm>
#include <cstring>
#include <mutex>
#include <utility>

namespace convstep {
namespace {

constexpr int kIoBufferBytes = 1 << 16;

// Every ffmpeg function this file calls, with the library that exports it.
#define CONVSTEP_AV_FUNCTIONS(X)              \
  X(avutil, av_strerror)                      \
  X(avutil, av_log_set_level)                 \
  X(avutil, av_malloc)                        \
  X(avutil, av_free)                          \
  X(avutil, av_freep)                         \
  X(avutil, av_frame_alloc)                   \
  X(avutil, av_frame_free)                    \
  X(avutil, av_frame_get_buffer)              \
  X(avutil, av_frame_make_writable)           \
  X(avutil, av_dict_set)                      \
  X(avutil, av_dict_free)                     \
  X(avutil, av_d2q)                           \
  X(avcodec, avcodec_find_encoder_by_name)    \
  X(avcodec, avcodec_find_encoder)            \
  X(avcodec, avcodec_alloc_context3)          \
  X(avcodec, avcodec_free_context)            \
  X(avcodec, avcodec_open2)                   \
  X(avcodec, avcodec_parameters_from_context) \
  X(avcodec, avcodec_send_frame)              \
  X(avcodec, avcodec_receive_packet)          \
  X(avcodec, av_packet_alloc)                 \
  X(avcodec, av_packet_free)                  \
  X(avcodec, av_packet_rescale_ts)            \
  X(avformat, avformat_alloc_output_context2) \
  X(avformat, avformat_new_stream)            \
  X(avformat, avformat_free_context)          \
  X(avformat, avformat_write_header)          \
  X(avformat, av_interleaved_write_frame)     \
  X(avformat, av_write_trailer)               \
  X(avformat, avio_alloc_context)             \
  X(avformat, avio_context_free)              \
  X(avformat, avio_flush)                     \
  X(swscale, sws_getContext)                  \
  X(swscale, sws_scale)                       \
  X(swscale, sws_freeContext)

struct AvLibraries {
#define CONVSTEP_AV_POINTER(library, name) decltype(&::name) name = nullptr;
  CONVSTEP_AV_FUNCTIONS(CONVSTEP_AV_POINTER)
#undef CONVSTEP_AV_POINTER
  std::string failure;  // why they could not be loaded, or ""
};

// The libraries are opened once and stay open for the process's life.
const AvLibraries& av() {
  static AvLibraries libs;
  static std::once_flag once;
  std::call_once(once, [] {
    struct Library {
      const char* file;
      void* handle;
    };
    Library avutil{"libavutil.so." AV_STRINGIFY(LIBAVUTIL_VERSION_MAJOR), nullptr};
    Library avcodec{"libavcodec.so." AV_STRINGIFY(LIBAVCODEC_VERSION_MAJOR), nullptr};
    Library avformat{"libavformat.so." AV_STRINGIFY(LIBAVFORMAT_VERSION_MAJOR), nullptr};
    Library swscale{"libswscale.so." AV_STRINGIFY(LIBSWSCALE_VERSION_MAJOR), nullptr};
    for (Library* l : {&avutil, &avcodec, &avformat, &swscale}) {
      l->handle = dlopen(l->file, RTLD_NOW | RTLD_LOCAL);
      if (l->handle == nullptr) {
        const char* why = dlerror();
        libs.failure = std::string("cannot write an MP4: ") + l->file + " (ffmpeg) could not be loaded" +
                       (why ? std::string(": ") + why : std::string());
        return;
      }
    }
#define CONVSTEP_AV_LOOKUP(library, name)                                        \
  libs.name = reinterpret_cast<decltype(&::name)>(dlsym(library.handle, #name)); \
  if (libs.name == nullptr && libs.failure.empty())                              \
    libs.failure = std::string("cannot write an MP4: ") + library.file + " has no " + #name;
    CONVSTEP_AV_FUNCTIONS(CONVSTEP_AV_LOOKUP)
#undef CONVSTEP_AV_LOOKUP
  });
  return libs;
}

std::string av_text(int code) {
  char text[AV_ERROR_MAX_STRING_SIZE] = {};
  av().av_strerror(code, text, sizeof text);
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
    av().av_packet_free(&packet);
    av().av_frame_free(&frame);
    av().sws_freeContext(scale);
    av().avcodec_free_context(&codec);
    if (format) av().avformat_free_context(format);
    if (io) {
      av().av_freep(&io->buffer);
      av().avio_context_free(&io);
    }
  }

  // Sends `input` (nullptr: flush) and writes every packet the encoder gives back.
  Status encode(AVFrame* input) {
    int sent = av().avcodec_send_frame(codec, input);
    if (sent < 0) return av_failure("encoding a frame", sent);
    for (;;) {
      const int got = av().avcodec_receive_packet(codec, packet);
      if (got == AVERROR(EAGAIN) || got == AVERROR_EOF) return Ok{};
      if (got < 0) return av_failure("encoding a frame", got);
      if (packet->duration == 0) packet->duration = 1;
      av().av_packet_rescale_ts(packet, codec->time_base, stream->time_base);
      packet->stream_index = stream->index;
      const int written = av().av_interleaved_write_frame(format, packet);
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
  if (!av().failure.empty()) return make_error(av().failure);
  // Errors come back as values; the libraries' own statistics and notes would only clutter stderr.
  av().av_log_set_level(AV_LOG_ERROR);
  auto impl = std::make_unique<Impl>();
  Impl& m = *impl;
  m.width = width;
  m.height = height;
  const AVCodec* h264 = av().avcodec_find_encoder_by_name("libx264");
  if (h264 == nullptr) h264 = av().avcodec_find_encoder(AV_CODEC_ID_H264);
  if (h264 == nullptr)
    return make_error("cannot write an MP4: this system's ffmpeg libraries have no H.264 encoder (libx264)");
  int status = av().avformat_alloc_output_context2(&m.format, nullptr, "mp4", nullptr);
  if (status < 0 || m.format == nullptr) return av_failure("no MP4 muxer", status);
  auto* buffer = static_cast<unsigned char*>(av().av_malloc(kIoBufferBytes));
  m.io = av().avio_alloc_context(buffer, kIoBufferBytes, 1, &m.memory, nullptr, memory_write, memory_seek);
  if (m.io == nullptr) {
    av().av_free(buffer);
    return make_error("cannot write the MP4: out of memory");
  }
  m.format->pb = m.io;
  m.format->flags |= AVFMT_FLAG_CUSTOM_IO;
  m.stream = av().avformat_new_stream(m.format, nullptr);
  m.codec = av().avcodec_alloc_context3(h264);
  m.frame = av().av_frame_alloc();
  m.packet = av().av_packet_alloc();
  if (!m.stream || !m.codec || !m.frame || !m.packet)
    return make_error("cannot write the MP4: out of memory");

  const AVRational rate = av().av_d2q(frames_per_second, 100000);
  m.codec->width = width;
  m.codec->height = height;
  m.codec->pix_fmt = AV_PIX_FMT_YUV420P;
  m.codec->time_base = av_inv_q(rate);
  m.codec->framerate = rate;
  m.codec->gop_size = std::max(1, static_cast<int>(frames_per_second * 10));
  if (m.format->oformat->flags & AVFMT_GLOBALHEADER) m.codec->flags |= AV_CODEC_FLAG_GLOBAL_HEADER;
  AVDictionary* options = nullptr;
  // Flat colours and text: x264's animation tuning; a constant quality that keeps digits crisp.
  av().av_dict_set(&options, "preset", "medium", 0);
  av().av_dict_set(&options, "tune", "animation", 0);
  av().av_dict_set(&options, "crf", "24", 0);
  status = av().avcodec_open2(m.codec, h264, &options);
  av().av_dict_free(&options);
  if (status < 0) return av_failure("cannot start the H.264 encoder", status);
  status = av().avcodec_parameters_from_context(m.stream->codecpar, m.codec);
  if (status < 0) return av_failure("the stream parameters", status);
  m.stream->time_base = m.codec->time_base;
  m.stream->avg_frame_rate = rate;

  m.frame->format = AV_PIX_FMT_YUV420P;
  m.frame->width = width;
  m.frame->height = height;
  status = av().av_frame_get_buffer(m.frame, 0);
  if (status < 0) return av_failure("a frame buffer", status);
  m.scale = av().sws_getContext(width, height, AV_PIX_FMT_RGBA, width, height, AV_PIX_FMT_YUV420P,
                                SWS_BICUBIC, nullptr, nullptr, nullptr);
  if (m.scale == nullptr) return make_error("cannot write the MP4: no RGBA to yuv420p conversion");
  status = av().avformat_write_header(m.format, nullptr);
  if (status < 0) return av_failure("the file header", status);
  m.header_written = true;
  return Mp4Encoder(std::move(impl));
}

Status Mp4Encoder::add_frame(const uint8_t* rgba) {
  if (impl_ == nullptr || impl_->finished) return make_error("cannot write the MP4: it is already finished");
  Impl& m = *impl_;
  const int status = av().av_frame_make_writable(m.frame);
  if (status < 0) return av_failure("a frame buffer", status);
  const uint8_t* source[1] = {rgba};
  const int stride[1] = {4 * m.width};
  av().sws_scale(m.scale, source, stride, 0, m.height, m.frame->data, m.frame->linesize);
  m.frame->pts = m.next_pts++;
  return m.encode(m.frame);
}

Result<std::string> Mp4Encoder::finish() {
  if (impl_ == nullptr || impl_->finished) return make_error("cannot write the MP4: it is already finished");
  Impl& m = *impl_;
  m.finished = true;
  if (m.next_pts == 0) return make_error("cannot write an MP4 without frames");
  if (Status flushed = m.encode(nullptr); !flushed) return flushed.error();
  const int status = av().av_write_trailer(m.format);
  if (status < 0) return av_failure("the file's index", status);
  av().avio_flush(m.io);
  return std::move(m.memory.bytes);
}

}  // namespace convstep
