// Runs the command line in-process for the CLI tests: the arguments after "convstep", what it printed on
// each stream and its exit code. The GUI must not start from these tests; a call of it fails the test.
#pragma once

#include <gtest/gtest.h>

#include <sstream>
#include <string>
#include <vector>

#include "app/cli/cli.h"

namespace convstep::test_support {

struct CliRun {
  int code = 0;
  std::string out, err;
};

inline int refuse_gui(const GuiOptions&) {
  ADD_FAILURE() << "the GUI launcher was called";
  return 99;
}

inline CliRun run_args(std::vector<std::string> args, const GuiLauncher& launcher = refuse_gui) {
  args.insert(args.begin(), "convstep");
  std::vector<const char*> argv;
  for (const std::string& a : args) argv.push_back(a.c_str());
  std::ostringstream out, err;
  CliRun r;
  r.code = run_cli(static_cast<int>(argv.size()), argv.data(), out, err, launcher);
  r.out = out.str();
  r.err = err.str();
  return r;
}

}  // namespace convstep::test_support
