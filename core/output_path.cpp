// Only the checks a person can act on; anything else (a race, a full disk) is atomic_write's to report.
#include "core/output_path.h"

#include <unistd.h>

#include <filesystem>
#include <system_error>

namespace convstep {

Status check_output_path(const std::string& path, bool replace, const std::string& replace_hint) {
  namespace fs = std::filesystem;
  if (path.empty()) return make_error("no file name to write to");
  std::error_code ec;
  const fs::path target(path);
  if (fs::is_directory(target, ec)) return make_error(path + " is a folder: name the file to write in it");
  const fs::path folder = target.parent_path().empty() ? fs::path(".") : target.parent_path();
  const fs::file_status folder_status = fs::status(folder, ec);
  if (!fs::exists(folder_status))
    return make_error(path + ": the folder " + folder.string() + " does not exist");
  if (!fs::is_directory(folder_status)) return make_error(path + ": " + folder.string() + " is not a folder");
  if (::access(folder.c_str(), W_OK | X_OK) != 0)
    return make_error(path + ": cannot write in the folder " + folder.string() + " (permission denied)");
  const fs::file_status existing = fs::symlink_status(target, ec);
  if (fs::exists(existing) && !replace) return make_error(path + " exists; " + replace_hint);
  return Ok{};
}

}  // namespace convstep
