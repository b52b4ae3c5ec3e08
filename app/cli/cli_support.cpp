#include "app/cli/cli_support.h"

#include <algorithm>
#include <ostream>

namespace convstep {

int fail(std::ostream& err, const std::string& message, int code) {
  std::string line = message;
  std::replace(line.begin(), line.end(), '\n', ' ');
  err << "convstep: error: " << line << '\n';
  return code;
}

}  // namespace convstep
