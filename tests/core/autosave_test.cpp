// Tests for the autosave: where it lives, when it is due, what a clean exit leaves, and that a writer
// killed with SIGKILL at random moments, over hundreds of autosaves, always leaves the previous or the
// new whole session on disk, never a torn or empty file.
#include "core/autosave.h"

#include <gtest/gtest.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <random>
#include <set>
#include <string>
#include <thread>

#include "core/session.h"

namespace convstep {
namespace {

namespace fs = std::filesystem;

class TempDir {
 public:
  // In memory when the system has /dev/shm: the test is about a killed process, not a power cut, so
  // the disk's fsync time would only slow it down.
  TempDir() {
    std::error_code ec;
    const fs::path root = fs::is_directory("/dev/shm", ec) ? fs::path("/dev/shm") : fs::temp_directory_path();
    path_ = root / ("convstep_autosave_test_" +
                    std::string(::testing::UnitTest::GetInstance()->current_test_info()->name()) + "_" +
                    std::to_string(std::random_device{}()));
    fs::create_directories(path_);
  }
  ~TempDir() {
    std::error_code ignored;
    fs::remove_all(path_, ignored);
  }
  std::string str() const { return path_.string(); }

 private:
  fs::path path_;
};

TEST(AutosaveFolder, FollowsTheOverrideThenXdgStateHomeThenHome) {
  EXPECT_EQ(state_dir("/t/state", "/x", "/h"), "/t/state");
  EXPECT_EQ(state_dir("", "/x", "/h"), "/x/convstep");
  EXPECT_EQ(state_dir(nullptr, nullptr, "/h"), "/h/.local/state/convstep");
  EXPECT_EQ(state_dir(nullptr, "", ""), "");
  EXPECT_EQ(autosave_path("/x/convstep"), "/x/convstep/autosave.convstep");
}

TEST(AutosaveClock, WritesTheFirstChangeAtOnceThenAtMostEveryTwoSeconds) {
  AutosaveClock clock;
  EXPECT_FALSE(autosave_due(clock, 0, 0.0));  // nothing changed
  EXPECT_TRUE(autosave_due(clock, 1, 0.1));
  mark_autosaved(clock, 1, 0.1);
  EXPECT_FALSE(autosave_due(clock, 1, 10.0));  // written already
  EXPECT_FALSE(autosave_due(clock, 2, 1.0));
  EXPECT_FALSE(autosave_due(clock, 3, 2.09));
  EXPECT_TRUE(autosave_due(clock, 3, 2.1));
}

TEST(Autosave, IsFoundUntilACleanExitRemovesIt) {
  TempDir dir;
  const std::string folder = dir.str() + "/nested/convstep";
  EXPECT_FALSE(find_autosave(folder).has_value());
  const std::string text = session_to_json(*find_builtin_lesson(kDefaultLesson), SessionState{});
  ASSERT_TRUE(write_autosave(folder, text).ok());
  auto found = find_autosave(folder);
  ASSERT_TRUE(found.has_value());
  EXPECT_EQ(found->path, autosave_path(folder));
  ASSERT_EQ(found->time.size(), 5u) << found->time;  // HH:MM
  EXPECT_EQ(found->time[2], ':');
  // A temporary file a killed write left is cleared with it.
  { std::ofstream(folder + "/.autosave.convstep.tmp-abc123") << "{"; }
  remove_autosave(folder);
  EXPECT_FALSE(find_autosave(folder).has_value());
  EXPECT_TRUE(fs::is_empty(folder));
}

TEST(Autosave, AnUnwritableFolderIsAMessage) {
  TempDir dir;
  const std::string blocker = dir.str() + "/file";
  { std::ofstream(blocker) << "x"; }
  Status written = write_autosave(blocker + "/convstep", "{}");
  ASSERT_FALSE(written.ok());
  EXPECT_NE(written.message().find("cannot create the autosave folder"), std::string::npos)
      << written.message();
}

// The session the writer's autosave number `id` holds: the id is in the caption, and the input is large
// enough (about 0.2 MB of text) that a kill often lands in the middle of a write.
std::string numbered_session(const Lesson& base, int64_t id) {
  Lesson lesson = base;
  lesson.caption = "autosave " + std::to_string(id);
  SessionState state;
  state.step = id % 7;
  state.speed = 1.5;
  return session_to_json(lesson, state);
}

Lesson large_lesson() {
  Lesson lesson = *find_builtin_lesson(kDefaultLesson);
  std::vector<float> values(1 * 96 * 96);
  for (size_t i = 0; i < values.size(); ++i) values[i] = static_cast<float>(i % 97) / 7.0f;
  lesson.scene.input = Tensor({1, 96, 96}, std::move(values));
  lesson.step_captions.clear();
  return lesson;
}

// The id of the complete session on disk; −1 when there is none; fails the test when the file is not a
// whole session.
int64_t id_on_disk(const std::string& folder) {
  if (!fs::exists(autosave_path(folder))) return -1;
  Result<Session> s = load_session_file(autosave_path(folder));
  EXPECT_TRUE(s.ok()) << s.message();
  if (!s.ok()) return -2;
  EXPECT_TRUE(s->state.has_value());
  EXPECT_EQ(s->lesson.scene.input.numel(), 96 * 96);
  const std::string& caption = s->lesson.caption;
  EXPECT_EQ(caption.rfind("autosave ", 0), 0u) << caption;
  return std::stoll(caption.substr(9));
}

TEST(Autosave, AWriterKilledAtRandomMomentsLeavesThePreviousOrTheNewWholeSession) {
  TempDir dir;
  const std::string folder = dir.str();
  const Lesson base = large_lesson();
  std::mt19937 rng(20261201);
  int64_t completed_total = 0;
  int64_t on_disk = -1;  // the id of the session on disk before the round
  int rounds = 0;
  while (completed_total < 200 || rounds < 40) {
    ASSERT_LT(rounds, 2000) << "the writer completes too few autosaves before each kill";
    int report[2];
    ASSERT_EQ(pipe(report), 0);
    const int64_t first_id = int64_t{rounds + 1} * 1'000'000;
    const pid_t child = fork();
    ASSERT_GE(child, 0);
    if (child == 0) {
      close(report[0]);
      for (int64_t id = first_id;; ++id) {
        if (!write_autosave(folder, numbered_session(base, id)).ok()) _exit(3);
        if (write(report[1], &id, sizeof id) != static_cast<ssize_t>(sizeof id)) _exit(4);
      }
    }
    close(report[1]);
    std::this_thread::sleep_for(
        std::chrono::microseconds(std::uniform_int_distribution<int>(200, 25000)(rng)));
    kill(child, SIGKILL);
    int status = 0;
    waitpid(child, &status, 0);
    ASSERT_TRUE(WIFSIGNALED(status)) << "the writer stopped by itself with status " << status;
    int64_t last = -1, id = 0;
    int64_t completed = 0;
    while (read(report[0], &id, sizeof id) == static_cast<ssize_t>(sizeof id)) {
      last = id;
      ++completed;
    }
    close(report[0]);
    completed_total += completed;
    const int64_t now = id_on_disk(folder);
    ASSERT_NE(now, -2) << "round " << rounds << ": the file on disk is not a whole session";
    // Reported writes were complete; the one after may have been renamed before the kill.
    std::set<int64_t> allowed;
    if (completed == 0) {
      allowed = {on_disk, first_id};
    } else {
      allowed = {last, last + 1};
    }
    EXPECT_TRUE(allowed.count(now)) << "round " << rounds << ": autosave " << now << " on disk after "
                                    << completed << " completed writes (last " << last << ")";
    on_disk = now;
    ++rounds;
  }
  EXPECT_GE(completed_total, 200);
  std::printf("%d kills during %lld autosaves\n", rounds, static_cast<long long>(completed_total));
  remove_autosave(folder);
  EXPECT_TRUE(fs::is_empty(folder));
}

}  // namespace
}  // namespace convstep
