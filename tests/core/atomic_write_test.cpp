// atomic_write: the target holds the old bytes or all of the new ones, a planted symlink is never written
// through, every failure names the path and why, and nothing is left in the folder after a failure.
#include "core/atomic_write.h"

#include <gtest/gtest.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <random>
#include <set>
#include <sstream>
#include <string>

namespace convstep {
namespace {

namespace fs = std::filesystem;
namespace hooks = atomic_write_testing;

class TempDir {
 public:
  TempDir() {
    std::string name = "convstep_atomic_write_test_";
    name += ::testing::UnitTest::GetInstance()->current_test_info()->name();
    name += "_" + std::to_string(std::random_device{}());
    path_ = fs::temp_directory_path() / name;
    fs::remove_all(path_);
    fs::create_directories(path_);
  }
  ~TempDir() {
    std::error_code ignored;
    fs::permissions(path_, fs::perms::owner_all, fs::perm_options::add, ignored);
    fs::remove_all(path_, ignored);
  }
  std::string file(const std::string& name) const { return (path_ / name).string(); }
  const fs::path& path() const { return path_; }

 private:
  fs::path path_;
};

std::string read_text(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream text;
  text << in.rdbuf();
  return text.str();
}

void write_text(const std::string& path, const std::string& text) {
  std::ofstream(path, std::ios::binary) << text;
}

// Every name in the folder, symlinks included, so a leftover temporary file shows up.
std::set<std::string> names_in(const fs::path& folder) {
  std::set<std::string> names;
  for (const auto& entry : fs::directory_iterator(folder)) names.insert(entry.path().filename().string());
  return names;
}

bool contains(const std::string& text, const std::string& part) {
  return text.find(part) != std::string::npos;
}

TEST(AtomicWrite, WritesANewFileAndLeavesOnlyIt) {
  TempDir dir;
  ASSERT_TRUE(atomic_write(dir.file("a.bin"), std::string_view("\0\1\2", 3)).ok());
  EXPECT_EQ(read_text(dir.file("a.bin")), std::string("\0\1\2", 3));
  EXPECT_EQ(names_in(dir.path()), (std::set<std::string>{"a.bin"}));
}

TEST(AtomicWrite, ReplacesAnExistingFileWhole) {
  TempDir dir;
  write_text(dir.file("a.txt"), std::string(10000, 'x'));
  ASSERT_TRUE(atomic_write(dir.file("a.txt"), "short").ok());
  EXPECT_EQ(read_text(dir.file("a.txt")), "short");
  EXPECT_EQ(names_in(dir.path()), (std::set<std::string>{"a.txt"}));
}

TEST(AtomicWrite, WritesAnEmptyFileAndLargeOnes) {
  TempDir dir;
  ASSERT_TRUE(atomic_write(dir.file("empty"), "").ok());
  EXPECT_TRUE(fs::is_regular_file(dir.file("empty")));
  EXPECT_EQ(fs::file_size(dir.file("empty")), 0u);
  const std::string big(3 << 20, 'b');
  ASSERT_TRUE(atomic_write(dir.file("big"), big).ok());
  EXPECT_EQ(fs::file_size(dir.file("big")), big.size());
}

TEST(AtomicWrite, ANewFileGetsTheUmasksPermissionsAndAReplacedOneKeepsItsOwn) {
  TempDir dir;
  const mode_t old_mask = ::umask(022);
  const Status fresh = atomic_write(dir.file("new"), "n");
  ::umask(old_mask);
  ASSERT_TRUE(fresh.ok()) << fresh.message();
  EXPECT_EQ(fs::status(dir.file("new")).permissions() & fs::perms::all,
            fs::perms::owner_read | fs::perms::owner_write | fs::perms::group_read | fs::perms::others_read);

  write_text(dir.file("kept"), "old");
  fs::permissions(dir.file("kept"), fs::perms::owner_read | fs::perms::owner_write);
  ASSERT_TRUE(atomic_write(dir.file("kept"), "new").ok());
  EXPECT_EQ(fs::status(dir.file("kept")).permissions() & fs::perms::all,
            fs::perms::owner_read | fs::perms::owner_write);
}

TEST(AtomicWrite, ASymlinkPlantedAtTheTemporaryNameIsNeverWrittenThrough) {
  TempDir dir;
  TempDir elsewhere;
  write_text(elsewhere.file("victim"), "precious");
  // The likely names: the old writers' NAME.tmp and .NAME.tmp, and the name this write tries first.
  for (const std::string planted : {"out.png.tmp", ".out.png.tmp", ".out.png.tmp-planted"})
    fs::create_symlink(elsewhere.file("victim"), dir.file(planted));
  hooks::first_temp_name_next(".out.png.tmp-planted");
  const Status status = atomic_write(dir.file("out.png"), "image bytes");
  ASSERT_TRUE(status.ok()) << status.message();
  EXPECT_EQ(read_text(elsewhere.file("victim")), "precious");
  EXPECT_EQ(read_text(dir.file("out.png")), "image bytes");
  EXPECT_FALSE(fs::is_symlink(dir.file("out.png")));
  // The planted links stay (they are not ours to remove) and nothing else is left.
  EXPECT_EQ(names_in(dir.path()),
            (std::set<std::string>{"out.png", "out.png.tmp", ".out.png.tmp", ".out.png.tmp-planted"}));
}

TEST(AtomicWrite, ASymlinkAtTheTargetIsReplacedNotFollowed) {
  TempDir dir;
  TempDir elsewhere;
  write_text(elsewhere.file("victim"), "precious");
  fs::create_symlink(elsewhere.file("victim"), dir.file("out.npy"));
  ASSERT_TRUE(atomic_write(dir.file("out.npy"), "new").ok());
  EXPECT_EQ(read_text(elsewhere.file("victim")), "precious");
  EXPECT_FALSE(fs::is_symlink(dir.file("out.npy")));
  EXPECT_EQ(read_text(dir.file("out.npy")), "new");
}

TEST(AtomicWrite, ASymlinkedFolderInThePathIsTheFolderTheUserNamed) {
  TempDir dir;
  fs::create_directory(dir.file("real"));
  fs::create_directory_symlink(dir.file("real"), dir.file("link"));
  ASSERT_TRUE(atomic_write(dir.file("link/out.json"), "{}").ok());
  EXPECT_EQ(read_text(dir.file("real/out.json")), "{}");
  EXPECT_EQ(names_in(dir.path() / "real"), (std::set<std::string>{"out.json"}));
}

TEST(AtomicWrite, AMissingFolderIsAnErrorNamingThePathAndTheReason) {
  TempDir dir;
  const std::string path = dir.file("no/such/folder/out.npy");
  const Status status = atomic_write(path, "x");
  ASSERT_FALSE(status.ok());
  EXPECT_TRUE(contains(status.message(), path)) << status.message();
  EXPECT_TRUE(contains(status.message(), std::strerror(ENOENT))) << status.message();
  EXPECT_FALSE(fs::exists(path));
}

TEST(AtomicWrite, AReadOnlyFolderIsAnErrorAndTheOldFileStays) {
  if (::geteuid() == 0) GTEST_SKIP() << "root writes into read-only folders";
  TempDir dir;
  write_text(dir.file("out.txt"), "old");
  fs::permissions(dir.path(), fs::perms::owner_read | fs::perms::owner_exec);
  const Status status = atomic_write(dir.file("out.txt"), "new");
  fs::permissions(dir.path(), fs::perms::owner_all);
  ASSERT_FALSE(status.ok());
  EXPECT_TRUE(contains(status.message(), dir.file("out.txt"))) << status.message();
  EXPECT_TRUE(contains(status.message(), std::strerror(EACCES))) << status.message();
  EXPECT_EQ(read_text(dir.file("out.txt")), "old");
  EXPECT_EQ(names_in(dir.path()), (std::set<std::string>{"out.txt"}));
}

TEST(AtomicWrite, AFolderAsTheTargetIsRefusedAndKept) {
  TempDir dir;
  fs::create_directory(dir.file("out"));
  write_text(dir.file("out/inside"), "kept");
  const Status status = atomic_write(dir.file("out"), "x");
  ASSERT_FALSE(status.ok());
  EXPECT_TRUE(contains(status.message(), dir.file("out"))) << status.message();
  EXPECT_TRUE(contains(status.message(), "folder")) << status.message();
  EXPECT_EQ(read_text(dir.file("out/inside")), "kept");
  EXPECT_EQ(names_in(dir.path()), (std::set<std::string>{"out"}));
  EXPECT_FALSE(atomic_write(dir.path().string() + "/", "x").ok());
  EXPECT_FALSE(atomic_write(dir.file("out/.."), "x").ok());
  EXPECT_FALSE(atomic_write("", "x").ok());
}

// Each step's failure, as the system would report it: the error names the path and the reason, the
// old file is untouched and no temporary file is left behind.
TEST(AtomicWrite, AFailureAtAnyStepLeavesTheOldFileAndNothingElse) {
  const std::pair<hooks::Step, int> failures[] = {{hooks::Step::kOpen, EMFILE},
                                                  {hooks::Step::kWrite, ENOSPC},
                                                  {hooks::Step::kFsync, EIO},
                                                  {hooks::Step::kClose, EDQUOT},
                                                  {hooks::Step::kRename, EXDEV}};
  for (const auto& [step, error] : failures) {
    TempDir dir;
    write_text(dir.file("out.npy"), "old");
    hooks::fail_next(step, error);
    const Status status = atomic_write(dir.file("out.npy"), "new bytes");
    ASSERT_FALSE(status.ok()) << static_cast<int>(step);
    EXPECT_TRUE(contains(status.message(), dir.file("out.npy") + ": ")) << status.message();
    EXPECT_TRUE(contains(status.message(), std::strerror(error))) << status.message();
    EXPECT_EQ(read_text(dir.file("out.npy")), "old") << status.message();
    EXPECT_EQ(names_in(dir.path()), (std::set<std::string>{"out.npy"})) << status.message();
  }
}

TEST(AtomicWrite, AnInjectedFailureAppliesToOneWriteOnly) {
  TempDir dir;
  hooks::fail_next(hooks::Step::kWrite, ENOSPC);
  EXPECT_FALSE(atomic_write(dir.file("a"), "x").ok());
  EXPECT_TRUE(atomic_write(dir.file("a"), "x").ok());
}

TEST(AtomicWrite, ABareFileNameIsWrittenInTheCurrentFolder) {
  TempDir dir;
  const fs::path before = fs::current_path();
  fs::current_path(dir.path());
  const Status status = atomic_write("bare.txt", "here");
  fs::current_path(before);
  ASSERT_TRUE(status.ok()) << status.message();
  EXPECT_EQ(read_text(dir.file("bare.txt")), "here");
}

}  // namespace
}  // namespace convstep
