// The one way convstep writes a file (.npy, PNG, screenshots, layout JSON, and later sessions and
// exports): the bytes go to a new temporary file beside the target, which is then renamed over it, so a
// reader sees the old file or the whole new one, never half of it, and a failed write leaves nothing behind.
#pragma once

#include <initializer_list>
#include <string>
#include <string_view>

#include "core/result.h"

namespace convstep {

// Writes `bytes` to `path`, replacing any file there, in these steps:
//   1. refuse a target that is a folder;
//   2. create ".NAME.tmp-<random>" in the target's folder with O_CREAT|O_EXCL|O_NOFOLLOW (a name that
//      exists, a planted symlink included, is never opened: another random name is tried), mode 0666
//      minus the umask, or the rwx permissions of the file being replaced so a save keeps them;
//   3. write every byte (partial writes continued, EINTR retried), fsync, close, each checked;
//   4. rename the temporary file onto `path`, then fsync the folder where the file system allows it.
// On any failure the temporary file is removed and the error reads "PATH: what failed: strerror".
// A symlink at `path` itself is replaced by the new file, not written through; a symlinked folder in
// the path is followed, as the user named it.
Status atomic_write(const std::string& path, std::string_view bytes);
// The same for a file made of several pieces, written one after another (a header and a large tensor's
// data, without first copying them into one buffer).
Status atomic_write(const std::string& path, std::initializer_list<std::string_view> pieces);

// For tests only: failures and names a test cannot provoke from outside. Each setting applies to the
// next atomic_write call on this thread, then resets itself.
namespace atomic_write_testing {

enum class Step { kNone, kOpen, kWrite, kFsync, kClose, kRename };

// The system call at `step` fails with errno `error` (e.g. ENOSPC at kWrite).
void fail_next(Step step, int error);
// The first temporary name tried is `name` (a file name in the target's folder), so a test can plant
// something there; later attempts are random as usual.
void first_temp_name_next(const std::string& name);

}  // namespace atomic_write_testing

}  // namespace convstep
