// Desktop file dialogs run as child processes and are polled without waiting: a chosen path, a
// cancel and a program that cannot run are told apart, the window is never blocked meanwhile, and the
// command lines zenity and kdialog get are as their manuals describe.
#include "app/widgets/native_dialog.h"

#include <gtest/gtest.h>

#include <chrono>
#include <cstdlib>
#include <thread>

namespace convstep {
namespace {

DialogPoll wait_for(NativeDialog& dialog, std::string* path, int* polls) {
  DialogPoll result = DialogPoll::kRunning;
  for (*polls = 0; result == DialogPoll::kRunning && *polls < 2000; ++*polls) {
    result = poll_dialog(dialog, path);
    if (result == DialogPoll::kRunning) std::this_thread::sleep_for(std::chrono::milliseconds(2));
  }
  return result;
}

TEST(NativeDialog, AChosenPathArrivesWhilePollingReturnsAtOnce) {
  NativeDialog dialog;
  ASSERT_TRUE(start_dialog(dialog, {"/bin/sh", "-c", "sleep 0.2; echo '/tmp/a b.convstep'"}));
  EXPECT_TRUE(dialog.running());
  std::string path;
  // A poll does not wait for the dialog: it answers "still running" rather than the path.
  EXPECT_EQ(poll_dialog(dialog, &path), DialogPoll::kRunning);
  int polls = 0;
  EXPECT_EQ(wait_for(dialog, &path, &polls), DialogPoll::kChosen);
  EXPECT_GT(polls, 1);
  EXPECT_EQ(path, "/tmp/a b.convstep");
  EXPECT_FALSE(dialog.running());
}

TEST(NativeDialog, CancelAndAMissingProgramAreToldApart) {
  NativeDialog dialog;
  std::string path;
  int polls = 0;
  ASSERT_TRUE(start_dialog(dialog, {"/bin/sh", "-c", "exit 1"}));
  EXPECT_EQ(wait_for(dialog, &path, &polls), DialogPoll::kCancelled);
  ASSERT_TRUE(start_dialog(dialog, {"/bin/sh", "-c", "true"}));  // success without a path
  EXPECT_EQ(wait_for(dialog, &path, &polls), DialogPoll::kCancelled);
  ASSERT_TRUE(start_dialog(dialog, {"/nonexistent/zenity"}));
  EXPECT_EQ(wait_for(dialog, &path, &polls), DialogPoll::kFailed);
  EXPECT_TRUE(path.empty());
}

TEST(NativeDialog, StoppingEndsARunningDialog) {
  NativeDialog dialog;
  ASSERT_TRUE(start_dialog(dialog, {"/bin/sh", "-c", "sleep 30"}));
  EXPECT_FALSE(start_dialog(dialog, {"/bin/true"}));  // one at a time
  stop_dialog(dialog);
  EXPECT_FALSE(dialog.running());
}

TEST(NativeDialog, CommandLinesForZenityAndKdialog) {
  EXPECT_EQ(
      dialog_command(DialogTool::kZenity, true, "Save", "/home/t/a.convstep", {".convstep"}),
      (std::vector<std::string>{"zenity", "--file-selection", "--title=Save", "--save", "--confirm-overwrite",
                                "--filename=/home/t/a.convstep", "--file-filter=*.convstep"}));
  EXPECT_EQ(dialog_command(DialogTool::kKdialog, false, "Open", "/home/t/", {".json", ".png"}),
            (std::vector<std::string>{"kdialog", "--title", "Open", "--getopenfilename", "/home/t/",
                                      "*.json *.png"}));
  EXPECT_TRUE(dialog_command(DialogTool::kNone, false, "Open", "", {}).empty());
}

TEST(NativeDialog, TheBuiltInBrowserCanBeForced) {
  setenv("CONVSTEP_FILE_DIALOG", "builtin", 1);
  EXPECT_EQ(find_dialog_tool(), DialogTool::kNone);
  unsetenv("CONVSTEP_FILE_DIALOG");
}

}  // namespace
}  // namespace convstep
