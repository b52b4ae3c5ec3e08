#!/usr/bin/python3
# Generates convstep's golden fixtures with PyTorch: for each case the input, weight, bias and the
# output PyTorch computes, as float32 .npy files in data/, and manifest.json describing every case.
# Run by hand (CI only reads the committed output): /usr/bin/python3 tests/golden/make_fixtures.py
import json
import os
import shutil
import sys

import numpy as np
import torch
import torch.nn as nn
import torch.nn.functional as F

HERE = os.path.dirname(os.path.abspath(__file__))
DATA = os.path.join(HERE, "data")
SEED = 20240601

rng = np.random.default_rng(SEED)
cases = []
ids = set()


def rand(*shape, scale=2.0):
    # Two decimals keep the files readable and the float32 inputs exact enough to reason about.
    return np.round(rng.uniform(-scale, scale, size=shape), 2).astype(np.float32)


def ints(*shape, low=-3, high=3):
    return rng.integers(low, high + 1, size=shape).astype(np.float32)


def per_dim(value, dims):
    if isinstance(value, str):
        return value
    if isinstance(value, int):
        return [value] * dims
    assert len(value) == dims, value
    return list(value)


def save(case_id, role, array):
    name = "%s.%s.npy" % (case_id, role)
    np.save(os.path.join(DATA, name), np.ascontiguousarray(array, dtype="<f4"))
    return "data/" + name


def add_case(case_id, op, params, arrays, expected=None, error=None, exact=False, note=None):
    assert case_id not in ids, case_id
    ids.add(case_id)
    case = {"id": case_id, "op": op, "params": params}
    for role, array in arrays.items():
        if array is not None:
            case[role] = save(case_id, role, array)
    if error is not None:
        case["expect_error"] = True
        case["torch_error"] = error
    else:
        case["expected"] = save(case_id, "expected", expected)
        case["expected_shape"] = list(expected.shape)
        if exact:
            case["exact"] = True
    if note:
        case["note"] = note
    cases.append(case)


def batched(x, dims):
    return x.dim() == dims + 2


# ---- Convolutions --------------------------------------------------------------------------------

def conv_module(dims, weight, bias, stride, padding, dilation, groups, padding_mode):
    out_channels = weight.shape[0]
    in_channels = weight.shape[1] * groups
    kernel = tuple(weight.shape[2:])
    cls = nn.Conv1d if dims == 1 else nn.Conv2d
    m = cls(in_channels, out_channels, kernel, stride=stride, padding=padding, dilation=dilation, groups=groups,
            bias=bias is not None, padding_mode=padding_mode).double()
    with torch.no_grad():
        m.weight.copy_(torch.from_numpy(weight).double())
        if bias is not None:
            m.bias.copy_(torch.from_numpy(bias).double())
    return m


def torch_conv(dims, x, weight, bias, stride, padding, dilation, groups, padding_mode):
    """PyTorch's answer, computed in float64 and checked against float32 PyTorch."""
    m = conv_module(dims, weight, bias, stride, padding, dilation, groups, padding_mode)
    xt = torch.from_numpy(x).double()
    with torch.no_grad():
        if batched(xt, dims) or padding_mode == "zeros":
            out = m(xt)
        else:
            # torch 1.13's F.pad(mode='circular') refuses unbatched input; an unbatched input is a batch
            # of one by definition, so go through the batched path. (reflect/replicate agree either way.)
            out = m(xt.unsqueeze(0)).squeeze(0)
            if padding_mode != "circular":
                assert torch.allclose(out, m(xt))
        out32 = conv_module(dims, weight, bias, stride, padding, dilation, groups, padding_mode).float()
        ref32 = out32(xt.float().unsqueeze(0)).squeeze(0) if not batched(xt, dims) else out32(xt.float())
    assert torch.allclose(out.float(), ref32, atol=1e-4, rtol=1e-5)
    return out.float().numpy()


def conv(case_id, dims, x, weight, bias=None, stride=1, padding=0, dilation=1, groups=1, padding_mode="zeros",
         exact=False, note=None):
    op = "conv%dd" % dims
    params = {"stride": per_dim(stride, dims), "padding": per_dim(padding, dims),
              "dilation": per_dim(dilation, dims), "groups": groups, "padding_mode": padding_mode}
    expected = torch_conv(dims, x, weight, bias, stride, padding, dilation, groups, padding_mode)
    add_case(case_id, op, params, {"input": x, "weight": weight, "bias": bias}, expected, exact=exact, note=note)


def conv_error(case_id, dims, x, weight, bias=None, stride=1, padding=0, dilation=1, groups=1,
               padding_mode="zeros", note=None):
    op = "conv%dd" % dims
    params = {"stride": per_dim(stride, dims), "padding": per_dim(padding, dims),
              "dilation": per_dim(dilation, dims), "groups": groups, "padding_mode": padding_mode}
    xt = torch.from_numpy(x).double()
    fn = F.conv1d if dims == 1 else F.conv2d
    try:
        if padding_mode == "zeros":
            fn(xt, torch.from_numpy(weight).double(), None if bias is None else torch.from_numpy(bias).double(),
               stride=stride, padding=padding, dilation=dilation, groups=groups)
        else:
            m = conv_module(dims, weight, bias, stride, padding, dilation, groups, padding_mode)
            m(xt if batched(xt, dims) else xt.unsqueeze(0))
    except (RuntimeError, ValueError) as e:
        add_case(case_id, op, params, {"input": x, "weight": weight, "bias": bias},
                 error=str(e).splitlines()[0], note=note)
        return
    sys.exit("expected PyTorch to refuse case %s" % case_id)


# ---- Pools -----------------------------------------------------------------------------------------

def torch_pool(kind, dims, x, kernel_size, stride, padding, dilation, ceil_mode, count_include_pad,
               dtype=torch.float64):
    xt = torch.from_numpy(x).to(dtype)
    if kind == "max":
        fn = F.max_pool1d if dims == 1 else F.max_pool2d
        return fn(xt, kernel_size, stride=stride, padding=padding, dilation=dilation, ceil_mode=ceil_mode)
    if kind == "avg":
        fn = F.avg_pool1d if dims == 1 else F.avg_pool2d
        return fn(xt, kernel_size, stride=stride, padding=padding, ceil_mode=ceil_mode,
                  count_include_pad=count_include_pad)
    # Sum pooling: avg_pool with divisor_override=1 is the plain window sum (zero padding included,
    # the ceil_mode overhang not). avg_pool1d has no divisor_override, so a 1-D sum goes through 2-D
    # with a window of height 1.
    if dims == 2:
        return F.avg_pool2d(xt, kernel_size, stride=stride, padding=padding, ceil_mode=ceil_mode,
                            count_include_pad=count_include_pad, divisor_override=1)
    first = lambda v: v[0] if isinstance(v, (tuple, list)) else v
    k = first(kernel_size)
    s = k if stride is None else first(stride)
    out = F.avg_pool2d(xt.unsqueeze(-2), (1, k), stride=(1, s), padding=(0, first(padding)), ceil_mode=ceil_mode,
                       count_include_pad=count_include_pad, divisor_override=1)
    return out.squeeze(-2)


def pool_params(kind, dims, kernel_size, stride, padding, dilation, ceil_mode, count_include_pad):
    params = {"kernel_size": per_dim(kernel_size, dims)}
    if stride is not None:
        params["stride"] = per_dim(stride, dims)
    params["padding"] = per_dim(padding, dims)
    if kind == "max":
        params["dilation"] = per_dim(dilation, dims)
    params["ceil_mode"] = ceil_mode
    if kind != "max":
        params["count_include_pad"] = count_include_pad
    return params


def pool(case_id, kind, dims, x, kernel_size, stride=None, padding=0, dilation=1, ceil_mode=False,
         count_include_pad=True, exact=False, note=None):
    op = "%s_pool%dd" % (kind, dims)
    params = pool_params(kind, dims, kernel_size, stride, padding, dilation, ceil_mode, count_include_pad)
    out = torch_pool(kind, dims, x, kernel_size, stride, padding, dilation, ceil_mode, count_include_pad)
    out32 = torch_pool(kind, dims, x, kernel_size, stride, padding, dilation, ceil_mode, count_include_pad,
                       dtype=torch.float32)
    expected = out.float().numpy()
    assert np.allclose(expected, out32.float().numpy(), atol=1e-5, equal_nan=True)
    add_case(case_id, op, params, {"input": x}, expected, exact=exact, note=note)


def pool_error(case_id, kind, dims, x, kernel_size, stride=None, padding=0, dilation=1, ceil_mode=False,
               count_include_pad=True, note=None):
    op = "%s_pool%dd" % (kind, dims)
    params = pool_params(kind, dims, kernel_size, stride, padding, dilation, ceil_mode, count_include_pad)
    try:
        torch_pool(kind, dims, x, kernel_size, stride, padding, dilation, ceil_mode, count_include_pad)
    except (RuntimeError, ValueError) as e:
        add_case(case_id, op, params, {"input": x}, error=str(e).splitlines()[0], note=note)
        return
    sys.exit("expected PyTorch to refuse case %s" % case_id)


# ---- The cases -------------------------------------------------------------------------------------

def article_cases():
    # The article's 5×5 example: exact integers, so the comparison is exact.
    blue = np.array([[1, 1, 1, 0, 0], [0, 1, 1, 1, 0], [0, 0, 1, 1, 1], [0, 0, 1, 1, 0], [0, 1, 1, 0, 0]],
                    dtype=np.float32).reshape(1, 1, 5, 5)
    green = np.array([[1, 0, 1], [0, 1, 0], [1, 0, 1]], dtype=np.float32).reshape(1, 1, 3, 3)
    conv("article_5x5", 2, blue, green, exact=True, note="article: feature map 4 3 4 / 2 4 3 / 2 3 4")
    conv("article_5x5_stride2", 2, blue, green, stride=2, exact=True)
    conv("article_5x5_same", 2, blue, green, padding=1, exact=True, note="zero padding keeps the size")
    conv("article_5x5_padding_same", 2, blue, green, padding="same", exact=True)
    pool("article_5x5_max_pool", "max", 2, blue, 2, stride=1, exact=True)
    feature = np.array([[4, 3, 4], [2, 4, 3], [2, 3, 4]], dtype=np.float32).reshape(1, 1, 3, 3)
    pool("article_feature_max_pool", "max", 2, feature, 2, stride=1, exact=True)
    pool("article_feature_avg_pool", "avg", 2, feature, 2, stride=1)
    pool("article_feature_sum_pool", "sum", 2, feature, 2, stride=1, exact=True)

    # Article filters on a small image with a bright square (readable outputs).
    image = np.zeros((1, 1, 6, 6), dtype=np.float32)
    image[0, 0, 2:4, 1:5] = 9
    image[0, 0, 1, 1] = 3
    filters = {
        "identity": [[0, 0, 0], [0, 1, 0], [0, 0, 0]],
        "edge_diagonal": [[1, 0, -1], [0, 0, 0], [-1, 0, 1]],
        "edge_laplacian": [[0, 1, 0], [1, -4, 1], [0, 1, 0]],
        "edge_all": [[-1, -1, -1], [-1, 8, -1], [-1, -1, -1]],
        "sharpen": [[0, -1, 0], [-1, 5, -1], [0, -1, 0]],
        "box_blur": (np.ones((3, 3)) / 9).tolist(),
        "gaussian_blur": (np.array([[1, 2, 1], [2, 4, 2], [1, 2, 1]]) / 16).tolist(),
    }
    for name, k in filters.items():
        w = np.array(k, dtype=np.float32).reshape(1, 1, 3, 3)
        conv("article_filter_" + name, 2, image, w, padding=1, exact=name not in ("box_blur", "gaussian_blur"))

    # The article's three tensors and twelve layers, with fixed readable weights instead of random
    # ones: weight[o, c, ...] = a small integer pattern, bias[o] = o.
    input_1d = np.arange(1, 11, dtype=np.float32).reshape(1, 1, 10)
    input_2d = np.arange(1, 11, dtype=np.float32).reshape(1, 2, 5)
    input_2d_img = np.tile(np.arange(1, 11, dtype=np.float32), (1, 3, 3, 1))

    def readable_weight(out_ch, in_ch, *kernel):
        w = np.zeros((out_ch, in_ch) + kernel, dtype=np.float32)
        for index in np.ndindex(*w.shape):
            w[index] = ((sum(index[2:]) + index[0] + index[1]) % 3) - 1
        return w

    def readable_bias(out_ch):
        return np.arange(out_ch, dtype=np.float32)

    layers = [
        ("conv1d_1_1_3_s1", 1, input_1d, 1, 1, (3,), 1, [1, 1, 8]),
        ("conv1d_1_1_3_s2", 1, input_1d, 1, 1, (3,), 2, [1, 1, 4]),
        ("conv1d_1_1_2_s1", 1, input_1d, 1, 1, (2,), 1, [1, 1, 9]),
        ("conv1d_1_5_3_s1", 1, input_1d, 1, 5, (3,), 1, [1, 5, 8]),
        ("conv1d_2_1_3_s1", 1, input_2d, 2, 1, (3,), 1, [1, 1, 3]),
        ("conv1d_2_1_3_s2", 1, input_2d, 2, 1, (3,), 2, [1, 1, 2]),
        ("conv1d_2_1_2_s1", 1, input_2d, 2, 1, (2,), 1, [1, 1, 4]),
        ("conv1d_2_5_3_s1", 1, input_2d, 2, 5, (3,), 1, [1, 5, 3]),
        ("conv2d_3_1_3_s1", 2, input_2d_img, 3, 1, (3, 3), 1, [1, 1, 1, 8]),
        ("conv2d_3_1_3_s2", 2, input_2d_img, 3, 1, (3, 3), 2, [1, 1, 1, 4]),
        ("conv2d_3_1_2_s1", 2, input_2d_img, 3, 1, (2, 2), 1, [1, 1, 2, 9]),
        ("conv2d_3_5_3_s1", 2, input_2d_img, 3, 5, (3, 3), 1, [1, 5, 1, 8]),
    ]
    for name, dims, x, cin, cout, kernel, stride, shape in layers:
        case_id = "article_" + name
        conv(case_id, dims, x, readable_weight(cout, cin, *kernel), readable_bias(cout), stride=stride, exact=True,
             note="article shape %s" % shape)
        assert cases[-1]["expected_shape"] == shape, (case_id, cases[-1]["expected_shape"], shape)


def conv2d_cases():
    x = rand(1, 3, 7, 8)
    w = rand(4, 3, 3, 3, scale=1)
    b = rand(4, scale=1)
    conv("conv2d_basic", 2, x, w, b)
    conv("conv2d_no_bias", 2, x, w)
    conv("conv2d_single_channel", 2, rand(1, 1, 6, 6), rand(1, 1, 3, 3, scale=1), rand(1, scale=1))
    for s in [2, 3, (2, 1), (1, 3)]:
        conv("conv2d_stride_%s" % tag(s), 2, x, w, b, stride=s)
    for p in [1, 2, (1, 2), (0, 2), (3, 0)]:
        conv("conv2d_padding_%s" % tag(p), 2, x, w, b, padding=p)
    for d in [2, (2, 1), (1, 3)]:
        conv("conv2d_dilation_%s" % tag(d), 2, x, w, b, dilation=d)
    conv("conv2d_stride_padding_dilation", 2, rand(2, 2, 9, 10), rand(3, 2, 3, 2, scale=1), rand(3, scale=1),
         stride=(2, 3), padding=(2, 1), dilation=(2, 2))
    conv("conv2d_valid", 2, x, w, b, padding="valid")
    # padding='same': total d·(k−1), the left/top gets total//2 and the right/bottom the rest.
    same_kernels = [((3, 3), 1), ((5, 5), 1), ((2, 2), 1), ((2, 4), 1), ((4, 4), 2), ((2, 2), 3), ((3, 2), (1, 2)),
                    ((1, 4), (1, 3))]
    for k, d in same_kernels:
        conv("conv2d_same_k%s_d%s" % (tag(k), tag(d)), 2, x, rand(2, 3, *k, scale=1), rand(2, scale=1),
             padding="same", dilation=d)
    # Groups: plain, depthwise, depthwise with a channel multiplier.
    x4 = rand(1, 4, 6, 6)
    conv("conv2d_groups_2", 2, x4, rand(6, 2, 3, 3, scale=1), rand(6, scale=1), groups=2)
    conv("conv2d_groups_4_out_8", 2, x4, rand(8, 1, 3, 3, scale=1), rand(8, scale=1), groups=4)
    conv("conv2d_depthwise", 2, x4, rand(4, 1, 3, 3, scale=1), rand(4, scale=1), groups=4)
    conv("conv2d_depthwise_multiplier_2", 2, x, rand(6, 1, 3, 3, scale=1), None, groups=3, padding=1)
    conv("conv2d_groups_2_stride_padding", 2, x4, rand(2, 2, 2, 3, scale=1), rand(2, scale=1), groups=2,
         stride=2, padding=(1, 0))
    # Kernel shapes.
    for k in [(1, 1), (1, 3), (3, 1), (2, 5), (7, 8)]:
        conv("conv2d_kernel_%s" % tag(k), 2, x, rand(2, 3, *k, scale=1), rand(2, scale=1))
    # Batched and unbatched.
    conv("conv2d_batch_2", 2, rand(2, 3, 5, 6), w, b, padding=1)
    conv("conv2d_unbatched", 2, rand(3, 5, 6), w, b)
    conv("conv2d_unbatched_stride_padding", 2, rand(3, 6, 5), w, None, stride=2, padding=1)
    # Non-zero padding modes (nn.Conv2d pads with F.pad(mode) then convolves without padding).
    xs = rand(1, 2, 5, 6)
    ws = rand(3, 2, 3, 3, scale=1)
    bs = rand(3, scale=1)
    for mode in ["reflect", "replicate", "circular"]:
        conv("conv2d_%s_padding_1" % mode, 2, xs, ws, bs, padding=1, padding_mode=mode)
        conv("conv2d_%s_padding_1_2" % mode, 2, xs, ws, bs, padding=(1, 2), padding_mode=mode)
        conv("conv2d_%s_padding_2_0" % mode, 2, xs, ws, bs, padding=(2, 0), padding_mode=mode)
        conv("conv2d_%s_same_even_kernel" % mode, 2, xs, rand(2, 2, 2, 4, scale=1), None, padding="same",
             padding_mode=mode)
        conv("conv2d_%s_stride_dilation" % mode, 2, rand(2, 2, 7, 7), ws, bs, padding=2, stride=2, dilation=2,
             padding_mode=mode)
        conv("conv2d_%s_unbatched" % mode, 2, rand(2, 4, 5), ws, bs, padding=1, padding_mode=mode)
        conv("conv2d_%s_depthwise" % mode, 2, xs, rand(2, 1, 3, 3, scale=1), None, padding=1, groups=2,
             padding_mode=mode)
    conv("conv2d_reflect_largest_padding", 2, xs, ws, bs, padding=(4, 5), padding_mode="reflect",
         note="reflect allows padding up to size - 1")
    conv("conv2d_circular_padding_equal_to_size", 2, xs, ws, bs, padding=(5, 6), padding_mode="circular",
         note="circular allows padding up to the size (wraps once)")
    conv("conv2d_replicate_wide_padding", 2, xs, ws, bs, padding=(7, 9), padding_mode="replicate")
    conv("conv2d_zeros_explicit_mode", 2, xs, ws, bs, padding=1, padding_mode="zeros")
    # Integer data: exact.
    conv("conv2d_integers_exact", 2, ints(1, 2, 5, 5), ints(2, 2, 3, 3, low=-2, high=2), ints(2), padding=1,
         exact=True)


def conv1d_cases():
    x = rand(1, 3, 12)
    w = rand(4, 3, 3, scale=1)
    b = rand(4, scale=1)
    conv("conv1d_basic", 1, x, w, b)
    conv("conv1d_no_bias", 1, x, w)
    conv("conv1d_single_channel", 1, rand(1, 1, 9), rand(1, 1, 3, scale=1), rand(1, scale=1))
    for s in [2, 3, 5]:
        conv("conv1d_stride_%d" % s, 1, x, w, b, stride=s)
    for p in [1, 2, 4]:
        conv("conv1d_padding_%d" % p, 1, x, w, b, padding=p)
    for d in [2, 3]:
        conv("conv1d_dilation_%d" % d, 1, x, w, b, dilation=d)
    conv("conv1d_stride_padding_dilation", 1, x, w, b, stride=2, padding=3, dilation=2)
    conv("conv1d_valid", 1, x, w, b, padding="valid")
    for k, d in [(3, 1), (2, 1), (4, 1), (5, 2), (2, 3), (4, 3)]:
        conv("conv1d_same_k%d_d%d" % (k, d), 1, x, rand(2, 3, k, scale=1), rand(2, scale=1), padding="same",
             dilation=d)
    x4 = rand(1, 4, 10)
    conv("conv1d_groups_2", 1, x4, rand(6, 2, 3, scale=1), rand(6, scale=1), groups=2)
    conv("conv1d_depthwise", 1, x4, rand(4, 1, 3, scale=1), rand(4, scale=1), groups=4)
    conv("conv1d_depthwise_multiplier_3", 1, x4, rand(12, 1, 2, scale=1), None, groups=4, stride=2)
    for k in [1, 12]:
        conv("conv1d_kernel_%d" % k, 1, x, rand(2, 3, k, scale=1), rand(2, scale=1))
    conv("conv1d_batch_2", 1, rand(2, 3, 8), w, b, padding=1)
    conv("conv1d_unbatched", 1, rand(3, 8), w, b)
    conv("conv1d_unbatched_same", 1, rand(3, 8), rand(2, 3, 4, scale=1), None, padding="same")
    xs = rand(1, 2, 6)
    ws = rand(3, 2, 3, scale=1)
    bs = rand(3, scale=1)
    for mode in ["reflect", "replicate", "circular"]:
        conv("conv1d_%s_padding_1" % mode, 1, xs, ws, bs, padding=1, padding_mode=mode)
        conv("conv1d_%s_padding_3" % mode, 1, xs, ws, bs, padding=3, padding_mode=mode)
        conv("conv1d_%s_same_even_kernel" % mode, 1, xs, rand(2, 2, 4, scale=1), None, padding="same",
             padding_mode=mode)
        conv("conv1d_%s_stride_dilation" % mode, 1, rand(2, 2, 9), ws, bs, padding=2, stride=2, dilation=2,
             padding_mode=mode)
        conv("conv1d_%s_unbatched" % mode, 1, rand(2, 5), ws, bs, padding=2, padding_mode=mode)
    conv("conv1d_reflect_largest_padding", 1, xs, ws, bs, padding=5, padding_mode="reflect")
    conv("conv1d_circular_padding_equal_to_size", 1, xs, ws, bs, padding=6, padding_mode="circular")
    conv("conv1d_replicate_wide_padding", 1, xs, ws, bs, padding=8, padding_mode="replicate")
    conv("conv1d_integers_exact", 1, ints(1, 2, 7), ints(3, 2, 3, low=-2, high=2), ints(3), padding=1, exact=True)


def pool_cases():
    x2 = rand(1, 2, 7, 8)
    x1 = rand(1, 3, 11)
    for kind in ["max", "avg", "sum"]:
        p2 = kind + "_pool2d"
        p1 = kind + "_pool1d"
        pool(p2 + "_default_stride", kind, 2, x2, 2)
        pool(p2 + "_kernel_3_default_stride", kind, 2, x2, 3)
        pool(p2 + "_stride_1", kind, 2, x2, 3, stride=1)
        pool(p2 + "_stride_2_1", kind, 2, x2, (3, 2), stride=(2, 1))
        pool(p2 + "_kernel_non_square", kind, 2, x2, (2, 4), stride=(1, 2))
        pool(p2 + "_padding_1", kind, 2, x2, 3, stride=2, padding=1)
        pool(p2 + "_padding_1_0", kind, 2, x2, (2, 3), stride=2, padding=(1, 0))
        # ceil_mode: 8 wide, kernel 3, stride 2 → floor gives 3, ceil gives 4 (the overhang window is kept).
        pool(p2 + "_ceil_kept", kind, 2, x2, 3, stride=2, ceil_mode=True)
        pool(p2 + "_ceil_no_change", kind, 2, rand(1, 1, 5, 5), 3, stride=2, ceil_mode=True)
        # With padding 1 on 5: ceil((5+2-2)/3)+1 = 3, but the last window would start in the right
        # padding, so PyTorch drops it → 2.
        pool(p2 + "_ceil_dropped", kind, 2, rand(1, 1, 5, 5), 2, stride=3, padding=1, ceil_mode=True)
        pool(p2 + "_ceil_padding", kind, 2, x2, 3, stride=2, padding=1, ceil_mode=True)
        pool(p2 + "_batch_2", kind, 2, rand(2, 3, 4, 6), 2)
        pool(p2 + "_unbatched", kind, 2, rand(2, 5, 6), 2, stride=1)
        pool(p1 + "_default_stride", kind, 1, x1, 2)
        pool(p1 + "_stride_1", kind, 1, x1, 3, stride=1)
        pool(p1 + "_stride_2_padding_1", kind, 1, x1, 3, stride=2, padding=1)
        pool(p1 + "_ceil_kept", kind, 1, x1, 2, stride=2, ceil_mode=True)
        pool(p1 + "_ceil_dropped", kind, 1, rand(1, 1, 5), 2, stride=3, padding=1, ceil_mode=True)
        pool(p1 + "_ceil_padding", kind, 1, rand(1, 1, 6), 3, stride=2, padding=1, ceil_mode=True)
        pool(p1 + "_batch_2", kind, 1, rand(2, 2, 7), 3, stride=2)
        pool(p1 + "_unbatched", kind, 1, rand(2, 9), 3)
        if kind != "max":
            # count_include_pad only changes avg's divisor; sum pooling ignores it (covered anyway).
            pool(p2 + "_exclude_pad", kind, 2, x2, 3, stride=2, padding=1, count_include_pad=False)
            pool(p2 + "_exclude_pad_ceil", kind, 2, x2, 3, stride=2, padding=1, ceil_mode=True,
                 count_include_pad=False)
            pool(p1 + "_exclude_pad", kind, 1, x1, 3, stride=2, padding=1, count_include_pad=False)
            pool(p1 + "_exclude_pad_ceil", kind, 1, rand(1, 1, 6), 3, stride=2, padding=1, ceil_mode=True,
                 count_include_pad=False)
    # Max pool dilation (avg/sum have none).
    pool("max_pool2d_dilation_2", "max", 2, x2, 2, stride=1, dilation=2)
    pool("max_pool2d_dilation_2_1", "max", 2, x2, (2, 3), stride=(1, 2), dilation=(2, 1))
    pool("max_pool2d_dilation_padding_ceil", "max", 2, x2, 3, stride=2, padding=1, dilation=2, ceil_mode=True)
    pool("max_pool2d_padding_with_large_dilation", "max", 2, x2, 2, padding=1, dilation=3)
    pool("max_pool1d_dilation_3", "max", 1, x1, 3, stride=1, dilation=3)
    pool("max_pool1d_dilation_padding_ceil", "max", 1, x1, 2, stride=2, padding=1, dilation=2, ceil_mode=True)
    # Max pooling's padding is −inf, so an all-negative border still yields its true maximum.
    pool("max_pool2d_negative_values_padding", "max", 2, -np.abs(rand(1, 1, 4, 4)) - 1, 2, stride=1, padding=1)
    # −inf and NaN: −inf stays −inf when a window holds nothing larger; NaN propagates.
    special = rand(1, 1, 4, 4)
    special[0, 0, 0, 0] = -np.inf
    special[0, 0, 0, 1] = -np.inf
    special[0, 0, 1, 0] = -np.inf
    special[0, 0, 1, 1] = -np.inf
    special[0, 0, 3, 3] = np.nan
    pool("max_pool2d_inf_and_nan", "max", 2, special, 2)
    pool("avg_pool2d_inf_and_nan", "avg", 2, special, 2)
    pool("max_pool2d_ties_integers", "max", 2, ints(1, 1, 5, 5, low=0, high=2), 3, stride=1, exact=True)
    pool("sum_pool2d_integers_exact", "sum", 2, ints(1, 2, 4, 6), 2, padding=1, ceil_mode=True, exact=True)


def error_cases():
    x = rand(1, 2, 5, 6)
    w = rand(3, 2, 3, 3, scale=1)
    conv_error("error_conv2d_same_with_stride_2", 2, x, w, stride=2, padding="same")
    conv_error("error_conv1d_same_with_stride_2", 1, rand(1, 2, 8), rand(3, 2, 3), stride=2, padding="same")
    conv_error("error_conv2d_kernel_larger_than_input", 2, x, rand(3, 2, 7, 3))
    conv_error("error_conv1d_kernel_larger_than_padded_input", 1, rand(1, 1, 4), rand(1, 1, 7), padding=1)
    conv_error("error_conv2d_dilated_kernel_too_large", 2, x, w, dilation=3)
    conv_error("error_conv2d_reflect_padding_equal_to_size", 2, x, w, padding=(5, 1), padding_mode="reflect")
    conv_error("error_conv1d_reflect_padding_larger_than_size", 1, rand(1, 2, 4), rand(3, 2, 3), padding=6,
               padding_mode="reflect")
    conv_error("error_conv2d_circular_padding_larger_than_size", 2, x, w, padding=(6, 1), padding_mode="circular")
    conv_error("error_conv2d_channels_mismatch", 2, x, rand(3, 3, 3, 3))
    conv_error("error_conv2d_groups_do_not_divide_out_channels", 2, x, rand(3, 1, 3, 3), groups=2)
    conv_error("error_conv2d_groups_do_not_divide_in_channels", 2, rand(1, 3, 5, 5), rand(2, 1, 3, 3), groups=2)
    conv_error("error_conv2d_bias_size_mismatch", 2, x, w, rand(2))
    conv_error("error_conv2d_stride_0", 2, x, w, stride=0)
    conv_error("error_conv2d_dilation_0", 2, x, w, dilation=0)
    conv_error("error_conv2d_negative_padding", 2, x, w, padding=-1)
    conv_error("error_conv1d_input_has_4_dims", 1, x, rand(3, 2, 3))
    conv_error("error_conv2d_input_has_2_dims", 2, rand(5, 6), rand(3, 1, 3, 3))
    pool_error("error_max_pool2d_padding_more_than_half_kernel", "max", 2, x, 3, padding=2)
    pool_error("error_max_pool2d_padding_half_of_dilated_kernel", "max", 2, x, 3, padding=2, dilation=3,
               note="the limit is half of kernel_size, not of the dilated window")
    pool_error("error_avg_pool2d_padding_more_than_half_kernel", "avg", 2, x, 3, padding=2)
    pool_error("error_sum_pool1d_padding_more_than_half_kernel", "sum", 1, rand(1, 2, 6), 2, padding=2)
    pool_error("error_max_pool2d_kernel_larger_than_input", "max", 2, x, (6, 2))
    pool_error("error_avg_pool1d_kernel_larger_than_input", "avg", 1, rand(1, 2, 4), 5)
    pool_error("error_max_pool2d_stride_0", "max", 2, x, 2, stride=0)
    pool_error("error_max_pool1d_dilation_0", "max", 1, rand(1, 2, 6), 2, dilation=0)


# ---- Transposed convolutions ------------------------------------------------------------------------

def torch_conv_transpose(dims, x, weight, bias, stride, padding, output_padding, dilation, groups):
    """PyTorch's answer in float64, checked against float32 and against nn.ConvTranspose."""
    fn = F.conv_transpose1d if dims == 1 else F.conv_transpose2d
    xt = torch.from_numpy(x).double()
    wt = torch.from_numpy(weight).double()
    bt = None if bias is None else torch.from_numpy(bias).double()
    kwargs = dict(stride=stride, padding=padding, output_padding=output_padding, groups=groups, dilation=dilation)
    with torch.no_grad():
        out = fn(xt, wt, bt, **kwargs)
        out32 = fn(xt.float(), wt.float(), None if bt is None else bt.float(), **kwargs)
        cls = nn.ConvTranspose1d if dims == 1 else nn.ConvTranspose2d
        m = cls(weight.shape[0], weight.shape[1] * groups, tuple(weight.shape[2:]), stride=stride, padding=padding,
                output_padding=output_padding, groups=groups, bias=bias is not None, dilation=dilation).double()
        m.weight.copy_(wt)
        if bt is not None:
            m.bias.copy_(bt)
        assert torch.equal(m(xt), out)
    assert torch.allclose(out.float(), out32, atol=1e-4, rtol=1e-5)
    return out.float().numpy()


def transpose_params(dims, stride, padding, output_padding, dilation, groups):
    return {"stride": per_dim(stride, dims), "padding": per_dim(padding, dims),
            "output_padding": per_dim(output_padding, dims), "dilation": per_dim(dilation, dims),
            "groups": groups}


def conv_transpose(case_id, dims, x, weight, bias=None, stride=1, padding=0, output_padding=0, dilation=1, groups=1,
                   exact=False, note=None):
    op = "conv_transpose%dd" % dims
    expected = torch_conv_transpose(dims, x, weight, bias, stride, padding, output_padding, dilation, groups)
    add_case(case_id, op, transpose_params(dims, stride, padding, output_padding, dilation, groups),
             {"input": x, "weight": weight, "bias": bias}, expected, exact=exact, note=note)


def conv_transpose_error(case_id, dims, x, weight, bias=None, stride=1, padding=0, output_padding=0, dilation=1,
                         groups=1, note=None):
    op = "conv_transpose%dd" % dims
    fn = F.conv_transpose1d if dims == 1 else F.conv_transpose2d
    try:
        fn(torch.from_numpy(x).double(), torch.from_numpy(weight).double(),
           None if bias is None else torch.from_numpy(bias).double(), stride=stride, padding=padding,
           output_padding=output_padding, groups=groups, dilation=dilation)
    except (RuntimeError, ValueError) as e:
        add_case(case_id, op, transpose_params(dims, stride, padding, output_padding, dilation, groups),
                 {"input": x, "weight": weight, "bias": bias}, error=str(e).splitlines()[0], note=note)
        return
    sys.exit("expected PyTorch to refuse case %s" % case_id)


def conv_transpose_cases():
    # conv_arithmetic's four transposed figures, with integer values so they compare exactly.
    conv_transpose("transpose_arith_no_padding_no_strides", 2, ints(1, 1, 4, 4), ints(1, 1, 3, 3), exact=True,
                   note="conv_arithmetic: 4x4 input, 3x3 kernel, s=1, p=0 gives 6x6")
    conv_transpose("transpose_arith_padding", 2, ints(1, 1, 5, 5), ints(1, 1, 4, 4), padding=2, exact=True,
                   note="conv_arithmetic: 5x5 input, 4x4 kernel, p=2 gives 6x6")
    conv_transpose("transpose_arith_strides", 2, ints(1, 1, 2, 2), ints(1, 1, 3, 3), stride=2, exact=True,
                   note="conv_arithmetic: 2x2 input, 3x3 kernel, s=2 gives 5x5")
    conv_transpose("transpose_arith_strides_padding_output_padding", 2, ints(1, 1, 3, 3), ints(1, 1, 3, 3),
                   stride=2, padding=1, output_padding=1, exact=True,
                   note="conv_arithmetic: 3x3 input, 3x3 kernel, s=2, p=1, output_padding=1 gives 6x6")
    conv_transpose("transpose_dcgan_k4_s2_p1", 2, rand(2, 3, 4, 4), rand(3, 2, 4, 4, scale=1), rand(2), stride=2,
                   padding=1, note="DCGAN's upsampling layer doubles 4x4 to 8x8")
    for stride in (1, 2, 3):
        for padding in (0, 1, 2):
            for output_padding in range(stride):
                x = rand(1, 2, 4, 5)
                w = rand(2, 3, 3, 2, scale=1)
                conv_transpose("transpose2d_s%d_p%d_op%d" % (stride, padding, output_padding), 2, x, w, rand(3),
                               stride=stride, padding=padding, output_padding=output_padding)
    conv_transpose("transpose2d_dilation_2", 2, rand(1, 2, 4, 4), rand(2, 2, 3, 3, scale=1), dilation=2)
    conv_transpose("transpose2d_dilation_3_output_padding_2", 2, rand(1, 1, 3, 4), rand(1, 2, 2, 3, scale=1),
                   dilation=3, output_padding=2, note="output_padding may reach max(stride, dilation) - 1")
    conv_transpose("transpose2d_groups_2", 2, rand(2, 4, 3, 3), rand(4, 3, 3, 3, scale=1), rand(6), groups=2,
                   stride=2)
    conv_transpose("transpose2d_groups_depthwise", 2, rand(1, 3, 4, 4), rand(3, 1, 2, 2, scale=1), groups=3,
                   stride=2, padding=1)
    conv_transpose("transpose2d_unbatched", 2, rand(2, 3, 4), rand(2, 2, 3, 3, scale=1), rand(2), stride=(2, 1),
                   padding=(1, 0), output_padding=(1, 0))
    conv_transpose("transpose2d_rectangular_everything", 2, rand(1, 2, 3, 5), rand(2, 1, 2, 4, scale=1), rand(1),
                   stride=(3, 2), padding=(1, 2), output_padding=(2, 1), dilation=(1, 2))
    conv_transpose("transpose2d_padding_crops_past_kernel", 2, rand(1, 1, 5, 5), rand(1, 1, 2, 2, scale=1),
                   stride=3, padding=2, note="p > d(k-1): the direct view crops the zero-inserted input")
    conv_transpose("transpose2d_stride_larger_than_kernel", 2, ints(1, 1, 3, 3), ints(1, 1, 2, 2), stride=3,
                   exact=True, note="stamps leave gaps of zeros between them")
    conv_transpose("transpose2d_no_bias_many_channels", 2, rand(1, 3, 3, 3), rand(3, 4, 2, 2, scale=1), stride=2)
    for stride, padding, output_padding, dilation in ((1, 0, 0, 1), (2, 0, 1, 1), (2, 1, 0, 1), (3, 1, 2, 1),
                                                      (1, 1, 0, 2), (2, 2, 1, 3), (4, 3, 3, 2)):
        conv_transpose("transpose1d_s%d_p%d_op%d_d%d" % (stride, padding, output_padding, dilation), 1,
                       rand(2, 2, 6), rand(2, 3, 3, scale=1), rand(3), stride=stride, padding=padding,
                       output_padding=output_padding, dilation=dilation)
    conv_transpose("transpose1d_unbatched_groups", 1, rand(4, 5), rand(4, 1, 3, scale=1), rand(2), groups=2,
                   stride=2, output_padding=1)
    conv_transpose("transpose1d_restores_conv1d_shape", 1, ints(1, 1, 4), ints(1, 1, 3), stride=2, padding=1,
                   output_padding=1, exact=True, note="conv1d(8, k3 s2 p1) gives 4; this gives 8 back")
    conv_transpose_error("error_transpose2d_output_padding_equal_to_stride", 2, rand(1, 1, 3, 3),
                         rand(1, 1, 3, 3), stride=2, output_padding=2)
    conv_transpose_error("error_transpose1d_output_padding_with_stride_1", 1, rand(1, 1, 4), rand(1, 1, 3),
                         output_padding=1)
    conv_transpose_error("error_transpose2d_padding_crops_everything", 2, rand(1, 1, 2, 2), rand(1, 1, 2, 2),
                         padding=2)
    conv_transpose_error("error_transpose2d_channels_mismatch", 2, rand(1, 3, 3, 3), rand(2, 2, 3, 3))
    conv_transpose_error("error_transpose2d_groups_do_not_divide_in_channels", 2, rand(1, 3, 3, 3),
                         rand(3, 1, 3, 3), groups=2)
    conv_transpose_error("error_transpose2d_bias_size_mismatch", 2, rand(1, 2, 3, 3), rand(2, 2, 3, 3), rand(3))
    conv_transpose_error("error_transpose2d_stride_0", 2, rand(1, 1, 3, 3), rand(1, 1, 3, 3), stride=0)
    conv_transpose_error("error_transpose2d_negative_padding", 2, rand(1, 1, 3, 3), rand(1, 1, 3, 3), padding=-1)
    conv_transpose_error("error_transpose1d_input_has_4_dims", 1, rand(1, 1, 3, 3), rand(1, 1, 3))


def tag(value):
    if isinstance(value, (tuple, list)):
        return "x".join(str(v) for v in value)
    return str(value)


def main():
    torch.manual_seed(SEED)
    torch.set_num_threads(1)
    if os.path.isdir(DATA):
        shutil.rmtree(DATA)
    os.makedirs(DATA)
    article_cases()
    conv2d_cases()
    conv1d_cases()
    pool_cases()
    error_cases()
    conv_transpose_cases()
    manifest = {
        "description": "Golden cases computed by PyTorch; see README.md. Generated by make_fixtures.py.",
        "torch_version": torch.__version__,
        "numpy_version": np.__version__,
        "seed": SEED,
        "tolerance": 1e-4,
        "cases": cases,
    }
    with open(os.path.join(HERE, "manifest.json"), "w") as f:
        json.dump(manifest, f, indent=1)
        f.write("\n")
    errors = sum(1 for c in cases if c.get("expect_error"))
    size = sum(os.path.getsize(os.path.join(DATA, n)) for n in os.listdir(DATA))
    print("%d cases (%d expecting an error), %d files, %.0f KiB" % (len(cases), errors, len(os.listdir(DATA)),
                                                                    size / 1024))


if __name__ == "__main__":
    main()
