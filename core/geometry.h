// Geometry: validates a Scene by PyTorch's rules and resolves it into the concrete numbers every
// other module uses (batch, channels, padded sizes, output sizes). Internally a 1-D op is treated
// as 2-D with height 1, kernel height 1, stride/dilation 1 and no vertical padding.
//
// Output size per spatial dimension (PyTorch):
//   n_out = floor((n_in + p_before + p_after - d*(k-1) - 1) / s) + 1
// pools with ceil_mode use ceil instead of floor, then drop the last window if it would start
// at or past n_in + p_before (inside the right padding only).
// padding='same' (convolutions, stride 1): total d*(k-1); p_before = total/2, p_after = the rest.
// Transposed convolutions (conv_transpose1d/2d), per dimension:
//   n_out = (n_in - 1)*s - 2p + d*(k-1) + output_padding + 1,  output_padding < max(s, d)
// with pad_before = pad_after = p; padded() then has no meaning (see core/transpose.h for the
// equivalent direct convolution and its padding d*(k-1) - p).
#pragma once

#include <string>
#include <vector>

#include "core/result.h"
#include "core/scene.h"

namespace convstep {

// One spatial dimension, all numbers resolved.
struct DimGeometry {
  int64_t in = 0;              // input size n_in
  int64_t kernel = 1;          // k
  int64_t stride = 1;          // s
  int64_t dilation = 1;        // d
  int64_t pad_before = 0;      // left / top padding
  int64_t pad_after = 0;       // right / bottom padding
  int64_t out = 0;             // n_out
  int64_t output_padding = 0;  // transposed convolutions: extra cells on the output's far side
  int64_t padded() const { return in + pad_before + pad_after; }
  int64_t effective_kernel() const { return dilation * (kernel - 1) + 1; }

  // Window o starts at padded coordinate o·s and has taps at o·s + k·d, k = 0 … kernel−1.
  // Taps of window o that fall past the padded input (only ceil_mode's last windows have any;
  // PyTorch leaves them out of the window).
  int64_t window_overhang(int64_t o) const;
  // Cells the last window reaches past the padded input: max(0, (out−1)·s + d·(k−1) + 1 − padded).
  int64_t last_window_overhang() const;
  // The windows, ascending, with a tap on padded coordinate p (p = o·s + k·d, 0 ≤ o < out).
  std::vector<int64_t> windows_covering(int64_t p) const;
};

// Channels [first, first + count).
struct ChannelRange {
  int64_t first = 0;
  int64_t count = 0;
  int64_t end() const { return first + count; }
  bool contains(int64_t c) const { return c >= first && c < end(); }
  bool operator==(const ChannelRange&) const = default;
};

struct Geometry {
  Op op = Op::kConv2d;
  int dims = 2;         // 1 or 2 spatial dimensions
  bool batched = true;  // whether the input had a batch dimension
  int64_t batch = 1;    // N (1 when unbatched)
  int64_t in_channels = 1;
  int64_t out_channels = 1;  // equals in_channels for pools
  int64_t groups = 1;        // 1 for pools
  DimGeometry h;             // height (1-D ops: a trivial dimension of size 1)
  DimGeometry w;             // width, or length for 1-D ops
  PaddingMode padding_mode = PaddingMode::kZeros;
  bool has_bias = false;
  bool ceil_mode = false;
  bool count_include_pad = true;

  int64_t in_channels_per_group() const { return in_channels / groups; }
  int64_t out_channels_per_group() const { return out_channels / groups; }
  // Groups (PyTorch's): input channels g·in_per_group … and output channels g·out_per_group … form
  // group g; an output channel reads only its group's inputs. A pool is one group over all channels,
  // each output channel reading its own input channel.
  int64_t group_of_out_channel(int64_t out_channel) const;
  int64_t group_of_in_channel(int64_t in_channel) const;
  // The input channels output channel `out_channel` reads: its group's for a convolution, itself for a pool.
  ChannelRange in_channels_read(int64_t out_channel) const;
  // The output channels that read input channel `in_channel`: its group's for a convolution, itself for a
  // pool.
  ChannelRange out_channels_reading(int64_t in_channel) const;
  // ceil_mode: whether window (oy, ox) reaches past the padded input, so it has fewer taps than the kernel.
  bool window_is_partial(int64_t oy, int64_t ox) const {
    return h.window_overhang(oy) > 0 || w.window_overhang(ox) > 0;
  }
  // Output shape in the input's form: (N,C,L)/(C,L) or (N,C,H,W)/(C,H,W).
  Shape output_shape() const;
  Shape input_shape() const;
  // Number of output elements = number of steps of the stepper.
  int64_t output_count() const { return batch * out_channels * h.out * w.out; }
};

// Validates and resolves; errors explain what is wrong with the numbers.
Result<Geometry> resolve_geometry(const Scene& scene);

// The output-size formula of one dimension with the user's numbers substituted, for the UI and
// error messages. Computed even when the result is invalid (out < 1).
struct DimFormula {
  std::string name;           // "length", "height" or "width"
  std::string text;           // e.g. "⌊(5 + 2·0 − 1·(3−1) − 1)/1⌋ + 1 = 3"
  std::string ascii_text;     // the same with ASCII only: "floor((5 + 2*0 - 1*(3-1) - 1)/1) + 1 = 3"
  int64_t out = 0;            // may be < 1 when invalid
  int64_t unused_inputs = 0;  // trailing input cells no window reads (the floor's leftover)
};

// One formula per spatial dimension. Needs only the params and the spatial/kernel sizes, so the UI can
// show it while the geometry is invalid. in_sizes/kernel_sizes: per dimension as in LayerParams.
std::vector<DimFormula> output_size_formulas(const LayerParams& params, Dims in_sizes, Dims kernel_sizes);

// A transposed convolution's output size along one dimension; may be < 1 (an invalid scene).
int64_t transposed_out_size(int64_t in, int64_t kernel, int64_t stride, int64_t padding, int64_t dilation,
                            int64_t output_padding);

}  // namespace convstep
