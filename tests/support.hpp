// Helpers shared by the tests: locating real data and temporary files.
#pragma once

#include <unistd.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <optional>
#include <string>

#include <doctest/doctest.h>

namespace crucible::testing {

// ../shared/data beside the checkout, or $CRUCIBLE_DATA_DIR.
inline std::filesystem::path data_dir() {
  if (const char* env = std::getenv("CRUCIBLE_DATA_DIR")) return env;
  return std::filesystem::path(CRUCIBLE_SOURCE_DIR).parent_path() / "shared" / "data";
}

inline bool is_ci() {
  const char* ci = std::getenv("CI");
  return ci != nullptr && std::string(ci) == "true";
}

// The path of a real data file, or nullopt when it is absent. Absent data skips the test with a
// message naming the file, except under CI=true, where it fails.
inline std::optional<std::filesystem::path> require_data(const std::string& relative) {
  auto path = data_dir() / relative;
  if (std::filesystem::exists(path)) return path;
  if (is_ci()) {
    FAIL("missing real data file " << path.string() << " (CI=true requires ../shared/data)");
  }
  MESSAGE("skipped: missing real data file " << path.string());
  return std::nullopt;
}

// Live processes whose parent is this process (from /proc), for leak checks.
inline size_t count_children() {
  size_t count = 0;
  std::string me = std::to_string(::getpid());
  for (const auto& entry : std::filesystem::directory_iterator("/proc")) {
    std::ifstream stat(entry.path() / "stat");
    std::string pid, name, state, ppid;
    if (stat >> pid >> name >> state >> ppid && ppid == me) ++count;
  }
  return count;
}

// A fresh temporary directory, removed with its contents on destruction.
class TempDir {
 public:
  TempDir() {
    std::string templ = (std::filesystem::temp_directory_path() / "crucible-test-XXXXXX").string();
    path_ = ::mkdtemp(templ.data());
  }
  ~TempDir() {
    std::error_code ignored;
    std::filesystem::remove_all(path_, ignored);
  }
  TempDir(const TempDir&) = delete;
  TempDir& operator=(const TempDir&) = delete;
  const std::filesystem::path& path() const { return path_; }

 private:
  std::filesystem::path path_;
};

}  // namespace crucible::testing
