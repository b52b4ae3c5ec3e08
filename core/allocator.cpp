#include "core/allocator.h"

#include <cstdlib>  // defines __GLIBC__ on glibc

#if defined(__GLIBC__)
#include <malloc.h>
#endif

namespace convstep {

void keep_large_blocks_for_reuse() {
#if defined(__GLIBC__)
  constexpr int kMappedFrom = 32 << 20, kTrimmedFrom = 128 << 20;
  mallopt(M_MMAP_THRESHOLD, kMappedFrom);
  mallopt(M_TRIM_THRESHOLD, kTrimmedFrom);
#endif
}

}  // namespace convstep
