// convstep filter preview, the GPU twin of core/filtering's apply_filter and map_for_display, in three
// passes chosen by u_pass: 0 filters (depthwise 'same' conv2d, PyTorch's padding modes), 1 reduces
// the filtered values to their finite min and max, 2 maps them to display colours. Texel row r of a
// (C, H, W) tensor texture holds channel r / H, image row r % H; GL row 0 is image row 0.
#version 330 core

const int kPassFilter = 0;
const int kPassReduce = 1;
const int kPassDisplay = 2;
const int kZeros = 0;
const int kReflect = 1;
const int kReplicate = 2;
const int kCircular = 3;
const int kClamp = 0;
const int kAbsolute = 1;
const int kRescale = 2;
const int kSigned = 3;
const float kHuge = 3.0e38;

uniform int u_pass;
uniform sampler2D u_source;  // pass 0: the image (R32F); 1: filtered (R) or partial stats (RG); 2: filtered
uniform sampler2D u_stats;   // pass 2: 1 x 1 RG32F, (min, max) of the finite filtered values
uniform ivec2 u_size;        // image (W, H)
uniform int u_channels;      // C: 1 or 3

// Pass 0. The kernel as the engine runs it (already flipped for true convolution), row-major,
// four values per vec4: 15 x 15 = 225 values fit in 57 vectors.
uniform vec4 u_kernel[57];
uniform ivec2 u_kernel_size;  // (kW, kH)
uniform ivec2 u_pad;          // (left, top) padding of 'same': ((kW - 1) / 2, (kH - 1) / 2)
uniform int u_padding_mode;

// Pass 1: each output texel covers u_block x u_block source texels.
uniform int u_block;
uniform ivec2 u_source_size;
uniform bool u_first;  // the source is the filtered image (one value), not partial stats (min, max)

// Pass 2.
uniform int u_mode;
uniform float u_value_max;     // 255 or 1
uniform float u_signed_scale;  // 0: the largest |value|

out vec4 frag_color;

// i mod m in [0, m): GLSL leaves % undefined for negative operands, so fold them first.
int wrap(int i, int m) { return i >= 0 ? i % m : (m - 1) - ((-1 - i) % m); }

// core/ops.cpp's padded_source_index: the input index a padded coordinate reads, -1 for a zero.
int source_index(int padded, int n, int pad_before) {
  int i = padded - pad_before;
  if (i >= 0 && i < n) return i;
  if (u_padding_mode == kZeros) return -1;
  if (u_padding_mode == kReplicate) return i < 0 ? 0 : n - 1;
  if (u_padding_mode == kCircular) return wrap(i, n);
  if (n == 1) return 0;
  int period = 2 * (n - 1);
  int r = wrap(i, period);
  return r < n ? r : period - r;
}

float kernel_at(int index) { return u_kernel[index / 4][index % 4]; }

void filter_pass() {
  ivec2 p = ivec2(gl_FragCoord.xy);
  int channel = p.y / u_size.y;
  int y = p.y - channel * u_size.y;
  int x = p.x;
  float acc = 0.0;
  // The engine's order: for ky, for kx, acc += x * w.
  for (int ky = 0; ky < u_kernel_size.y; ++ky) {
    int sy = source_index(y + ky, u_size.y, u_pad.y);
    for (int kx = 0; kx < u_kernel_size.x; ++kx) {
      int sx = source_index(x + kx, u_size.x, u_pad.x);
      float value = sy < 0 || sx < 0 ? 0.0 : texelFetch(u_source, ivec2(sx, channel * u_size.y + sy), 0).r;
      acc += value * kernel_at(ky * u_kernel_size.x + kx);
    }
  }
  frag_color = vec4(acc, 0.0, 0.0, 1.0);
}

void reduce_pass() {
  ivec2 start = ivec2(gl_FragCoord.xy) * u_block;
  ivec2 end = min(start + ivec2(u_block), u_source_size);
  float lo = kHuge;
  float hi = -kHuge;
  for (int y = start.y; y < end.y; ++y) {
    for (int x = start.x; x < end.x; ++x) {
      vec2 texel = texelFetch(u_source, ivec2(x, y), 0).rg;
      vec2 range = u_first ? texel.rr : texel;
      if (u_first && (isnan(range.x) || isinf(range.x))) continue;
      lo = min(lo, range.x);
      hi = max(hi, range.y);
    }
  }
  frag_color = vec4(lo, hi, 0.0, 1.0);
}

// core/filtering's diverging_color: -1 blue, 0 white, +1 red.
vec3 diverging(float t) {
  vec3 white = vec3(255.0);
  vec3 end = t < 0.0 ? vec3(33.0, 102.0, 172.0) : vec3(178.0, 24.0, 43.0);
  return (white + abs(t) * (end - white)) / 255.0;
}

float mapped(float v, int mode, float lo, float hi, float scale) {
  if (isnan(v)) return 0.0;
  if (mode == kClamp) return clamp(v / u_value_max, 0.0, 1.0);
  if (mode == kAbsolute) return min(abs(v) / u_value_max, 1.0);
  if (mode == kRescale) return clamp((v - lo) / (hi - lo), 0.0, 1.0);
  return clamp(v / scale, -1.0, 1.0);
}

void display_pass() {
  ivec2 p = ivec2(gl_FragCoord.xy);
  vec2 stats = texelFetch(u_stats, ivec2(0, 0), 0).rg;
  float lo = stats.x;
  float hi = stats.y;
  int mode = u_mode;
  if (mode == kRescale && !(hi > lo)) mode = kClamp;  // a constant image, as the CPU shows it
  float largest = hi >= lo ? max(abs(lo), abs(hi)) : 0.0;
  float scale = u_signed_scale > 0.0 ? u_signed_scale : largest;
  if (!(scale > 0.0)) scale = u_value_max;
  vec3 rgb;
  if (u_channels == 1) {
    float v = mapped(texelFetch(u_source, p, 0).r, mode, lo, hi, scale);
    rgb = mode == kSigned ? diverging(v) : vec3(v);
  } else {
    for (int c = 0; c < 3; ++c) {
      float v = mapped(texelFetch(u_source, ivec2(p.x, c * u_size.y + p.y), 0).r, mode, lo, hi, scale);
      rgb[c] = mode == kSigned ? 0.5 + 0.5 * v : v;
    }
  }
  frag_color = vec4(rgb, 1.0);
}

void main() {
  if (u_pass == kPassFilter) {
    filter_pass();
  } else if (u_pass == kPassReduce) {
    reduce_pass();
  } else {
    display_pass();
  }
}
