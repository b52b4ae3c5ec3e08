// How the C library's allocator treats the large blocks the window frees and asks for again.
#pragma once

namespace convstep {

// A window that refilters a photo on every kernel edit frees and allocates the same tens of megabytes
// each time (the scene's copy of the photo, the output, the image). By default glibc hands blocks that
// large back to the system and maps them afresh, so every edit pays a page fault per 4 KB and the
// zeroing (about half of a 1080p edit). This keeps blocks up to 32 MB (glibc's largest mapping
// threshold on 64-bit systems; a 1080p RGB float tensor is 25 MB) in the heap for reuse, and lets up
// to 128 MB of freed heap stay reserved rather than be trimmed. No effect elsewhere than glibc.
void keep_large_blocks_for_reuse();

}  // namespace convstep
