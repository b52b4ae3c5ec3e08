// atomic_write with POSIX calls, not std::ofstream: only open(2) can refuse to follow a symlink and
// refuse an existing name in one step, and only write(2)/fsync(2)/close(2) report each failure with errno.
#include "core/atomic_write.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <atomic>
#include <cerrno>
#include <cstdint>
#include <cstdio>
#include <cstring>
#include <random>

namespace convstep {

namespace atomic_write_testing {
namespace {

thread_local Step failing_step = Step::kNone;
thread_local int failing_error = 0;
thread_local std::string first_name;

}  // namespace

void fail_next(Step step, int error) {
  failing_step = step;
  failing_error = error;
}

void first_temp_name_next(const std::string& name) {
  first_name = name;
}

}  // namespace atomic_write_testing

namespace {

namespace hooks = atomic_write_testing;

// Names tried before giving up: each collision is a file someone else made, so a few suffice.
constexpr int kTempNameAttempts = 32;

// True (with errno set) when a test asked `step` to fail now.
bool injected(hooks::Step step) {
  if (hooks::failing_step != step) return false;
  errno = hooks::failing_error;
  hooks::failing_step = hooks::Step::kNone;
  return true;
}

std::string reason() {
  return std::strerror(errno);
}

Error fail(const std::string& path, const std::string& what) {
  return make_error(path + ": " + what);
}

// "dir/" for "dir/name", "" for a bare name; the temporary file and the rename stay in this folder.
std::string folder_of(const std::string& path) {
  const size_t slash = path.rfind('/');
  return slash == std::string::npos ? std::string() : path.substr(0, slash + 1);
}

std::string name_of(const std::string& path) {
  const size_t slash = path.rfind('/');
  return slash == std::string::npos ? path : path.substr(slash + 1);
}

std::string random_suffix() {
  // random_device once per process; a counter keeps names of one process apart without it.
  static const uint64_t seed = (static_cast<uint64_t>(std::random_device{}()) << 32) ^ std::random_device{}();
  static std::atomic<uint64_t> counter{0};
  std::mt19937_64 mix(seed ^ (counter.fetch_add(1) * 0x9e3779b97f4a7c15ULL) ^
                      static_cast<uint64_t>(getpid()));
  char text[17];
  std::snprintf(text, sizeof text, "%016llx", static_cast<unsigned long long>(mix()));
  return text;
}

// The temporary file, open for writing; `path` is empty when creation failed (errno says why).
struct TempFile {
  std::string path;
  int fd = -1;
};

TempFile create_temp(const std::string& folder, const std::string& name) {
  TempFile temp;
  for (int attempt = 0; attempt < kTempNameAttempts; ++attempt) {
    std::string candidate = folder;
    if (attempt == 0 && !hooks::first_name.empty()) {
      candidate += hooks::first_name;
      hooks::first_name.clear();
    } else {
      candidate += "." + name + ".tmp-" + random_suffix();
    }
    if (injected(hooks::Step::kOpen)) return temp;
    const int fd = ::open(candidate.c_str(), O_CREAT | O_EXCL | O_WRONLY | O_NOFOLLOW | O_CLOEXEC, 0666);
    if (fd >= 0) {
      temp.path = std::move(candidate);
      temp.fd = fd;
      return temp;
    }
    if (errno != EEXIST) return temp;
  }
  errno = EEXIST;
  return temp;
}

bool write_all(int fd, std::string_view bytes) {
  while (!bytes.empty()) {
    if (injected(hooks::Step::kWrite)) return false;
    const ssize_t n = ::write(fd, bytes.data(), bytes.size());
    if (n < 0) {
      if (errno == EINTR) continue;
      return false;
    }
    bytes.remove_prefix(static_cast<size_t>(n));
  }
  return true;
}

bool sync(int fd) {
  if (injected(hooks::Step::kFsync)) return false;
  while (::fsync(fd) != 0) {
    if (errno != EINTR) return false;
  }
  return true;
}

// Linux releases the descriptor even when close reports EINTR, so it is never retried.
bool close_checked(int fd) {
  if (injected(hooks::Step::kClose)) {
    const int saved = errno;
    ::close(fd);
    errno = saved;
    return false;
  }
  return ::close(fd) == 0 || errno == EINTR;
}

// Makes the rename durable; some file systems cannot fsync a folder, which is not an error.
void sync_folder(const std::string& folder) {
  const int fd = ::open(folder.empty() ? "." : folder.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  if (fd < 0) return;
  ::fsync(fd);
  ::close(fd);
}

}  // namespace

Status atomic_write(const std::string& path, std::initializer_list<std::string_view> pieces) {
  const std::string folder = folder_of(path);
  const std::string name = name_of(path);
  if (path.empty()) return make_error("cannot write a file without a name");
  if (name.empty() || name == "." || name == "..") return fail(path, "is a folder, not a file name");
  struct stat existing {};
  const bool exists = ::lstat(path.c_str(), &existing) == 0;
  if (exists && S_ISDIR(existing.st_mode)) return fail(path, "is a folder; cannot replace it with a file");

  TempFile temp = create_temp(folder, name);
  if (temp.fd < 0) {
    return fail(path, "cannot create a file in " +
                          (folder.empty() ? std::string("the current folder") : folder) + ": " + reason());
  }
  // Any failure from here on: remove our temporary file (only ours: it was created exclusively above).
  const auto abandon = [&](const std::string& what, bool still_open) {
    const std::string why = what + ": " + reason();
    if (still_open) ::close(temp.fd);
    ::unlink(temp.path.c_str());
    return fail(path, why);
  };
  // A replaced file keeps its rwx permissions (never set-id bits); a new one gets 0666 minus the umask.
  if (exists && S_ISREG(existing.st_mode)) ::fchmod(temp.fd, existing.st_mode & 0777);
  for (std::string_view bytes : pieces) {
    if (!write_all(temp.fd, bytes)) return abandon("writing failed", true);
  }
  if (!sync(temp.fd)) return abandon("flushing to disk failed", true);
  if (!close_checked(temp.fd)) return abandon("closing the written file failed", false);
  if (injected(hooks::Step::kRename) || ::rename(temp.path.c_str(), path.c_str()) != 0)
    return abandon("cannot move the written file into place", false);
  sync_folder(folder);
  return Ok{};
}

Status atomic_write(const std::string& path, std::string_view bytes) {
  return atomic_write(path, {bytes});
}

}  // namespace convstep
