// A private temporary directory, removed with everything in it when the owner goes away.
#pragma once

#include <filesystem>
#include <string_view>

namespace crucible::sandbox {

class TempDir {
 public:
  // Creates $TMPDIR/<prefix>-<pid>-XXXXXX with mode 0700; throws std::system_error on failure.
  // The pid lets remove_stale_temp_dirs() find what a killed process left behind.
  explicit TempDir(std::string_view prefix = "crucible");
  ~TempDir();
  TempDir(TempDir&& other) noexcept;
  TempDir& operator=(TempDir&& other) noexcept;
  TempDir(const TempDir&) = delete;
  TempDir& operator=(const TempDir&) = delete;

  const std::filesystem::path& path() const { return path_; }

 private:
  void remove() noexcept;
  std::filesystem::path path_;
};

// Removes $TMPDIR/<prefix>-<pid>-* directories whose process no longer exists (left by a run that
// was killed before its destructors ran). Returns how many it removed.
size_t remove_stale_temp_dirs(std::string_view prefix = "crucible");

}  // namespace crucible::sandbox
