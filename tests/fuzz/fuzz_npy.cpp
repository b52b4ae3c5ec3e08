// Fuzzes the .npy reader: any bytes give a tensor or an error, never a crash; what is read writes back
// to bytes that read back to the same tensor.
#include <cstddef>
#include <cstdint>
#include <vector>

#include "core/npy.h"
#include "tests/fuzz/fuzz_support.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  using namespace convstep;
  const std::vector<uint8_t> bytes(data, data + size);
  Result<Tensor> tensor = parse_npy(bytes, "fuzz.npy");
  if (!tensor) {
    if (tensor.message().empty()) fuzz::fail("an .npy error without a message");
    return 0;
  }
  Result<Tensor> again = parse_npy(encode_npy(*tensor), "again.npy");
  if (!again) fuzz::fail("an .npy file convstep wrote does not read back");
  if (!fuzz::same_bits(*tensor, *again)) fuzz::fail("an .npy round trip changed the tensor");
  return 0;
}
