// `convstep svg` and `convstep worksheet`, run in-process: what they write reads back (xmllint,
// pdftotext), --seed prints exactly `convstep exercises --seed N`'s set, an existing file needs --force,
// and bad options and destinations (missing folder, a folder, a full disk) are one line with nothing
// left behind.
#include <gtest/gtest.h>
#include <unistd.h>

#include <cerrno>
#include <fstream>
#include <nlohmann/json.hpp>

#include "core/atomic_write.h"
#include "tests/app/cli/cli_run.h"
#include "tests/print/print_test_support.h"
#include "tests/test_files.h"

namespace convstep {
namespace {

using namespace test_support;
using PrintCommands = PrintFolder;

TEST_F(PrintCommands, SvgDrawsTheLessonsStep) {
  const std::string out = path("step.svg");
  const CliRun r =
      run_args({"svg", "--lesson", "article-5x5", "--step", "4", "--out", out, "--size", "1024x768"});
  ASSERT_EQ(r.code, 0) << r.err;
  EXPECT_TRUE(contains(r.out, "wrote " + out));
  EXPECT_EQ(run_tool("xmllint --noout '" + out + "'").code, 0);
  const std::string svg = run_tool("cat '" + out + "'").out;
  EXPECT_TRUE(contains(svg, "The convolution operation"));
  EXPECT_TRUE(contains(svg, "out[0,1,1] ="));
  EXPECT_TRUE(contains(svg, "width=\"1024\""));
}

TEST_F(PrintCommands, SvgTakesTheSceneOptionsOfTrace) {
  const std::string out = path("stride.svg");
  const CliRun r = run_args({"svg", "--lesson", "article-5x5", "--stride", "2", "--step", "3", "--out", out});
  ASSERT_EQ(r.code, 0) << r.err;
  const CliRun past =
      run_args({"svg", "--lesson", "article-5x5", "--stride", "2", "--step", "4", "--out", path("past.svg")});
  EXPECT_NE(past.code, 0);
  EXPECT_TRUE(contains(past.err, "4 steps (0 to 3)")) << past.err;
  EXPECT_EQ(lines(past.err), 1);
}

TEST_F(PrintCommands, SvgRefusesBadNumbersInOneLine) {
  for (const std::vector<std::string>& args :
       {std::vector<std::string>{"--step", "x"}, {"--tap", "-1"}, {"--size", "12x12"}, {"--size", "wide"}}) {
    std::vector<std::string> all = {"svg", "--lesson", "article-5x5", "--out", path("x.svg")};
    all.insert(all.end(), args.begin(), args.end());
    const CliRun r = run_args(all);
    EXPECT_EQ(r.code, 2) << args[0];
    EXPECT_EQ(lines(r.err), 1) << r.err;
    EXPECT_TRUE(contains(r.err, args[0])) << r.err;
  }
  EXPECT_EQ(files_in_folder(), 0u);
}

TEST_F(PrintCommands, WorksheetWithASeedPrintsTheExercisesOfThatSeed) {
  const std::string pdf = path("sheet.pdf");
  const CliRun r = run_args({"worksheet", "--seed", "7", "--count", "4", "--pdf", pdf});
  ASSERT_EQ(r.code, 0) << r.err;
  EXPECT_TRUE(contains(r.out, "4 exercises"));
  const CliRun listed = run_args({"exercises", "--seed", "7", "--count", "4", "--json"});
  ASSERT_EQ(listed.code, 0);
  const auto set = nlohmann::json::parse(listed.out);
  const std::string text = squeezed(run_tool("pdftotext -layout '" + pdf + "' -").out);
  size_t at = 0;
  for (const auto& e : set["exercises"]) {
    const std::string layer = e["layer"].get<std::string>();
    const size_t found = text.find(layer, at);
    EXPECT_NE(found, std::string::npos) << layer;
    if (found != std::string::npos) at = found;  // in the same order
  }
  EXPECT_TRUE(contains(text, "Exercise 4"));
  EXPECT_FALSE(contains(text, "Exercise 5"));
}

TEST_F(PrintCommands, WorksheetOfALessonOnLetterPaper) {
  const std::string pdf = path("lesson.pdf");
  const CliRun r = run_args({"worksheet", "--lesson", "stride-2", "--paper", "letter", "--pdf", pdf});
  ASSERT_EQ(r.code, 0) << r.err;
  EXPECT_TRUE(contains(run_tool("pdfinfo '" + pdf + "'").out, "(letter)"));
  EXPECT_TRUE(contains(run_tool("pdftotext '" + pdf + "' -").out, "Stride 2"));
}

TEST_F(PrintCommands, WorksheetRefusesMixedOrBadOptionsInOneLine) {
  const std::vector<std::vector<std::string>> cases = {
      {"--lesson", "article-5x5", "--seed", "3"},
      {"--paper", "a5"},
      {"--count", "0"},
      {"--difficulty", "extreme"},
      {"--seed", "-4"},
      {"--lesson", "no-such-lesson"},
  };
  for (const auto& args : cases) {
    std::vector<std::string> all = {"worksheet", "--pdf", path("x.pdf")};
    all.insert(all.end(), args.begin(), args.end());
    const CliRun r = run_args(all);
    EXPECT_NE(r.code, 0) << args[0];
    EXPECT_EQ(lines(r.err), 1) << r.err;
  }
  EXPECT_EQ(files_in_folder(), 0u);
}

// Each command on each bad destination: one line naming the path, the old file kept, nothing left.
TEST_F(PrintCommands, BadDestinationsAreOneLineAndLeaveNothingBehind) {
  const std::vector<std::vector<std::string>> commands = {
      {"svg", "--lesson", "article-5x5", "--out"},
      {"worksheet", "--seed", "2", "--pdf"},
  };
  for (const auto& command : commands) {
    auto with = [&](const std::string& target, bool force) {
      std::vector<std::string> args = command;
      args.push_back(target);
      if (force) args.push_back("--force");
      return run_args(args);
    };
    SCOPED_TRACE(command[0]);
    const std::string existing = path("existing");
    { std::ofstream(existing) << "mine"; }
    CliRun r = with(existing, false);
    EXPECT_EQ(r.code, 1);
    EXPECT_TRUE(contains(r.err, "already exists (--force replaces it)")) << r.err;
    EXPECT_EQ(lines(r.err), 1);

    r = with(path("missing/folder/out"), true);
    EXPECT_EQ(r.code, 1);
    EXPECT_TRUE(contains(r.err, "missing/folder")) << r.err;
    EXPECT_EQ(lines(r.err), 1);

    fs::create_directories(path("a-folder"));
    r = with(path("a-folder"), true);
    EXPECT_EQ(r.code, 1);
    EXPECT_TRUE(contains(r.err, "a-folder")) << r.err;
    EXPECT_TRUE(fs::is_empty(path("a-folder")));

    atomic_write_testing::fail_next(atomic_write_testing::Step::kWrite, ENOSPC);
    r = with(existing, true);
    EXPECT_EQ(r.code, 1);
    EXPECT_TRUE(contains(r.err, "No space left on device")) << r.err;
    EXPECT_EQ(fs::file_size(existing), 4u);

    if (::geteuid() != 0) {
      fs::create_directories(path("read-only"));
      fs::permissions(path("read-only"), fs::perms::owner_read | fs::perms::owner_exec);
      r = with(path("read-only/out"), true);
      EXPECT_EQ(r.code, 1);
      EXPECT_TRUE(contains(r.err, "read-only")) << r.err;
      fs::permissions(path("read-only"), fs::perms::owner_all);
      EXPECT_TRUE(fs::is_empty(path("read-only")));
      fs::remove(path("read-only"));
    }
    EXPECT_EQ(files_in_folder(), 2u) << "only the old file and the folder";
    r = with(existing, true);
    EXPECT_EQ(r.code, 0) << r.err;
    fs::remove_all(path("a-folder"));
    fs::remove(existing);
  }
}

}  // namespace
}  // namespace convstep
