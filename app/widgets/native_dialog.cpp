// Native file dialogs as child processes: fork, exec with the output on a non-blocking pipe, and a
// poll each frame that reads what is there and reaps the child once it has exited.
#include "app/widgets/native_dialog.h"

#include <fcntl.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <cstdlib>
#include <filesystem>

namespace convstep {

namespace {

bool on_path(const std::string& program) {
  const char* path = std::getenv("PATH");
  if (path == nullptr) return false;
  std::string folders = path;
  size_t start = 0;
  while (start <= folders.size()) {
    const size_t end = std::min(folders.find(':', start), folders.size());
    const std::string folder = folders.substr(start, end - start);
    if (!folder.empty() && access((std::filesystem::path(folder) / program).c_str(), X_OK) == 0) return true;
    start = end + 1;
  }
  return false;
}

void close_output(NativeDialog& dialog) {
  if (dialog.output_fd >= 0) close(dialog.output_fd);
  dialog.output_fd = -1;
}

void drain(NativeDialog& dialog) {
  char buffer[4096];
  for (;;) {
    const ssize_t n = read(dialog.output_fd, buffer, sizeof buffer);
    if (n > 0) {
      // A path is short; a child that writes without end is not a file dialog.
      if (dialog.output.size() < 65536) dialog.output.append(buffer, static_cast<size_t>(n));
      continue;
    }
    if (n < 0 && errno == EINTR) continue;
    return;  // 0: end of output; EAGAIN: nothing more yet
  }
}

}  // namespace

DialogTool find_dialog_tool() {
  const char* forced = std::getenv("CONVSTEP_FILE_DIALOG");
  if (forced != nullptr && std::string(forced) == "builtin") return DialogTool::kNone;
  // A desktop session is needed for either to show anything.
  if (std::getenv("DISPLAY") == nullptr && std::getenv("WAYLAND_DISPLAY") == nullptr)
    return DialogTool::kNone;
  if (on_path("zenity")) return DialogTool::kZenity;
  if (on_path("kdialog")) return DialogTool::kKdialog;
  return DialogTool::kNone;
}

std::vector<std::string> dialog_command(DialogTool tool, bool save, const std::string& title,
                                        const std::string& start,
                                        const std::vector<std::string>& extensions) {
  std::string patterns;
  for (const std::string& ext : extensions) patterns += (patterns.empty() ? "*" : " *") + ext;
  if (tool == DialogTool::kZenity) {
    std::vector<std::string> argv = {"zenity", "--file-selection", "--title=" + title};
    if (save) {
      argv.push_back("--save");
      argv.push_back("--confirm-overwrite");
    }
    if (!start.empty()) argv.push_back("--filename=" + start);
    if (!patterns.empty()) argv.push_back("--file-filter=" + patterns);
    return argv;
  }
  if (tool == DialogTool::kKdialog) {
    return {"kdialog",
            "--title",
            title,
            save ? "--getsavefilename" : "--getopenfilename",
            start.empty() ? "." : start,
            patterns};
  }
  return {};
}

bool start_dialog(NativeDialog& dialog, const std::vector<std::string>& argv) {
  if (dialog.running() || argv.empty()) return false;
  int fds[2];
  if (pipe2(fds, O_CLOEXEC) != 0) return false;
  std::vector<char*> args;
  for (const std::string& a : argv) args.push_back(const_cast<char*>(a.c_str()));
  args.push_back(nullptr);
  const pid_t pid = fork();
  if (pid < 0) {
    close(fds[0]);
    close(fds[1]);
    return false;
  }
  if (pid == 0) {
    dup2(fds[1], STDOUT_FILENO);
    execvp(args[0], args.data());
    _exit(127);
  }
  close(fds[1]);
  fcntl(fds[0], F_SETFL, fcntl(fds[0], F_GETFL) | O_NONBLOCK);
  dialog.pid = pid;
  dialog.output_fd = fds[0];
  dialog.output.clear();
  return true;
}

DialogPoll poll_dialog(NativeDialog& dialog, std::string* path) {
  if (!dialog.running()) return DialogPoll::kFailed;
  drain(dialog);
  int status = 0;
  const pid_t done = waitpid(dialog.pid, &status, WNOHANG);
  if (done == 0) return DialogPoll::kRunning;
  drain(dialog);
  close_output(dialog);
  dialog.pid = -1;
  if (done < 0 || (WIFEXITED(status) && WEXITSTATUS(status) == 127)) return DialogPoll::kFailed;
  const std::string line = dialog.output.substr(0, dialog.output.find('\n'));
  if (!WIFEXITED(status) || WEXITSTATUS(status) != 0 || line.empty()) return DialogPoll::kCancelled;
  *path = line;
  return DialogPoll::kChosen;
}

void stop_dialog(NativeDialog& dialog) {
  if (!dialog.running()) return;
  kill(dialog.pid, SIGTERM);
  int status = 0;
  waitpid(dialog.pid, &status, 0);
  close_output(dialog);
  dialog.pid = -1;
}

}  // namespace convstep
