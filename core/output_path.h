// Checks a destination before an export spends time drawing: the file can be created there and an
// existing one is replaced only when asked. The write itself still goes through atomic_write, which
// catches what can only fail later (a full disk).
#pragma once

#include <string>

#include "core/result.h"

namespace convstep {

// Refuses, with one line naming the path: an empty path, a folder as destination, a missing folder,
// a "folder" that is a file, a folder this user cannot write to, and an existing file without
// `replace` ("... exists; use --force to replace it" — `replace_hint` is the last part).
Status check_output_path(const std::string& path, bool replace,
                         const std::string& replace_hint = "use --force to replace it");

}  // namespace convstep
