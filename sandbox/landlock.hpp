// File-system confinement of the verifier and the link with Landlock: a process reads only the
// toolchain and the paths it is given, writes only beneath its candidate's directory, makes no
// TCP connection, and (where the kernel scopes them) reaches no abstract socket and signals no
// process outside. It holds for everything the process execs. Unprivileged; where the kernel
// has no Landlock nothing is confined, and landlock_abi() says so.
#pragma once

#include <filesystem>
#include <vector>

namespace crucible::sandbox {

// The Landlock ABI version the kernel offers (7 on Linux 6.15 and later), 0 when none.
int landlock_abi();

// The toolchain a compile needs to read and execute: /usr, /lib, /lib64, /etc/ld.so.cache and
// /dev/null (those that exist).
std::vector<std::filesystem::path> toolchain_paths();

// A ruleset, built in the parent (it allocates), applied in a child after fork (it does not).
class FileConfinement {
 public:
  // `readable`: read and execute beneath each; `writable`: everything beneath each. A path that
  // does not exist is skipped. Nothing is built when the kernel has no Landlock.
  FileConfinement(const std::vector<std::filesystem::path>& readable,
                  const std::vector<std::filesystem::path>& writable);
  ~FileConfinement();
  FileConfinement(const FileConfinement&) = delete;
  FileConfinement& operator=(const FileConfinement&) = delete;
  FileConfinement(FileConfinement&& other) noexcept;
  FileConfinement& operator=(FileConfinement&&) = delete;

  // Whether there is a ruleset to apply (the kernel has Landlock and building it worked).
  bool is_available() const { return fd_ >= 0; }
  // Confines the calling process for good. Async-signal-safe. True when confined, or when the
  // kernel has no Landlock (nothing to confine with); false when it has Landlock but the rules
  // could not be built or were refused: the caller then must not go on.
  bool apply() const;

 private:
  int fd_ = -1;
  bool kernel_has_landlock_ = false;
};

}  // namespace crucible::sandbox
