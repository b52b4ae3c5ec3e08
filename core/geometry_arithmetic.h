// The per-dimension arithmetic behind Geometry, shared by geometry.cpp's checks and
// geometry_arithmetic.cpp; not part of core's interface (that is core/geometry.h).
#pragma once

#include <cstdint>
#include <string>

#include "core/geometry.h"

namespace convstep::geometry_arithmetic {

struct OutSize {
  int64_t out = 0;
  bool defined = true;   // false when the stride makes the division meaningless
  bool dropped = false;  // ceil_mode removed a last window that would start in the right padding
};

// The output size of one dimension by PyTorch's floor (or ceil_mode) rule.
OutSize compute_out(const DimGeometry& d, bool ceil_mode);
// The output size of a convolution or pool, and of a transposed convolution, with the formula written out.
DimFormula make_formula(const std::string& name, const DimGeometry& d, bool ceil_mode);
DimFormula make_transposed_formula(const std::string& name, const DimGeometry& d);
// The per-dimension geometry (without the output size) from params, index i of LayerParams.
DimGeometry dim_from_params(const LayerParams& p, int i, int64_t in, int64_t kernel);

// Dimension i in PyTorch's order; a 1-D op's only dimension is stored as the width.
const DimGeometry& spatial(const Geometry& g, int i);
// Negative numbers get a real minus sign in the Unicode text.
std::string num(int64_t v, bool unicode);
// "length", or "height" and "width"; and "longer", "taller", "wider".
std::string dim_name(int dims, int i);
std::string wider_word(const std::string& name);
// "3" for a 1-D op, "(3, 2)" for a 2-D op: the way PyTorch's tuples are written.
std::string tuple_text(const Dims& v, int dims);
// "5 + 1 + 1 = 7": the input and its padding.
std::string padded_text(const DimGeometry& d);

}  // namespace convstep::geometry_arithmetic
