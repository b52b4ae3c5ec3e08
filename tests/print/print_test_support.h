// Shared by the tests of print/: a scratch folder per test, running the Debian tools that read back what
// was written (xmllint, pdftotext, pdftoppm, pdffonts) and text helpers.
#pragma once

#include <gtest/gtest.h>
#include <unistd.h>

#include <array>
#include <cstdio>
#include <filesystem>
#include <string>

namespace convstep::test_support {

namespace fs = std::filesystem;

// A fresh, empty folder named after the running test, removed afterwards.
class PrintFolder : public ::testing::Test {
 protected:
  void SetUp() override {
    const auto* info = ::testing::UnitTest::GetInstance()->current_test_info();
    dir_ = fs::temp_directory_path() / ("convstep_print_" + std::string(info->test_suite_name()) + "_" +
                                        info->name() + "_" + std::to_string(::getpid()));
    fs::remove_all(dir_);
    fs::create_directories(dir_);
  }
  void TearDown() override { fs::remove_all(dir_); }
  std::string path(const std::string& name) const { return (dir_ / name).string(); }
  size_t files_in_folder() const {
    return static_cast<size_t>(std::distance(fs::directory_iterator(dir_), fs::directory_iterator()));
  }
  fs::path dir_;
};

struct ToolRun {
  int code = -1;
  std::string out;
};

// Runs a shell command line, collecting its standard output.
inline ToolRun run_tool(const std::string& command) {
  ToolRun r;
  FILE* pipe = ::popen((command + " 2>/dev/null").c_str(), "r");
  if (!pipe) return r;
  std::array<char, 4096> buffer{};
  size_t n = 0;
  while ((n = std::fread(buffer.data(), 1, buffer.size(), pipe)) > 0) r.out.append(buffer.data(), n);
  const int status = ::pclose(pipe);
  r.code = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
  return r;
}

// Runs of spaces, tabs and line breaks become one space, with a space at each end, so " 4 3 4 " can be
// searched for as whole numbers.
inline std::string squeezed(const std::string& text) {
  std::string out = " ";
  for (char c : text) {
    const bool space = c == ' ' || c == '\t' || c == '\n' || c == '\f' || c == '\r';
    if (space) {
      if (out.back() != ' ') out += ' ';
    } else {
      out += c;
    }
  }
  if (out.back() != ' ') out += ' ';
  return out;
}

inline bool contains(const std::string& text, const std::string& part) {
  return text.find(part) != std::string::npos;
}

}  // namespace convstep::test_support
