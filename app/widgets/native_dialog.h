// The desktop's own file dialog, run as a child process (zenity or kdialog, whichever is installed) and
// polled once a frame, so the window keeps drawing while the dialog is open. Headless runs, tests and
// CONVSTEP_FILE_DIALOG=builtin use the built-in browser (app/widgets/file_browser.h) instead.
#pragma once

#include <sys/types.h>

#include <string>
#include <vector>

namespace convstep {

enum class DialogTool { kNone, kZenity, kKdialog };

// The dialog program to use: kNone when CONVSTEP_FILE_DIALOG=builtin or neither is on the PATH.
DialogTool find_dialog_tool();

// The command line that asks `tool` for a file to open (or, with `save`, where to save), starting in
// `start` (a folder, or a file path for Save As), offering files ending in `extensions` (".png").
std::vector<std::string> dialog_command(DialogTool tool, bool save, const std::string& title,
                                        const std::string& start, const std::vector<std::string>& extensions);

// A dialog running in a child process; its standard output is the chosen path.
struct NativeDialog {
  pid_t pid = -1;
  int output_fd = -1;
  std::string output;
  bool running() const { return pid > 0; }
};

// Starts `argv` with its output piped back; false (and nothing running) when it cannot start.
bool start_dialog(NativeDialog& dialog, const std::vector<std::string>& argv);

enum class DialogPoll { kRunning, kChosen, kCancelled, kFailed };
// Reads what the child wrote so far without waiting. kChosen (with *path, its first line) once it exited
// successfully with a path; kCancelled when it exited otherwise (the user cancelled); kFailed when it
// could not be run at all (exit status 127).
DialogPoll poll_dialog(NativeDialog& dialog, std::string* path);

// Ends a running dialog (the window is closing).
void stop_dialog(NativeDialog& dialog);

}  // namespace convstep
