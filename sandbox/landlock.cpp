#include "landlock.hpp"

#include <fcntl.h>
#include <sys/prctl.h>
#include <sys/syscall.h>
#include <unistd.h>

#include <cstdint>

namespace crucible::sandbox {
namespace {

// The kernel's ABI, spelled out here so that older headers build too: rights by the ABI version
// that brought them.
constexpr uint64_t kFsV1 = (1ULL << 13) - 1;  // execute .. make_sym
constexpr uint64_t kFsRefer = 1ULL << 13;     // v2
constexpr uint64_t kFsTruncate = 1ULL << 14;  // v3
constexpr uint64_t kFsIoctlDev = 1ULL << 15;  // v5
constexpr uint64_t kNetBindTcp = 1ULL << 0;   // v4
constexpr uint64_t kNetConnectTcp = 1ULL << 1;
constexpr uint64_t kScopeAbstractUnixSocket = 1ULL << 0;  // v6
constexpr uint64_t kScopeSignal = 1ULL << 1;
constexpr uint64_t kExecute = 1ULL << 0;
constexpr uint64_t kWriteFile = 1ULL << 1;
constexpr uint64_t kReadFile = 1ULL << 2;
constexpr uint64_t kReadDir = 1ULL << 3;
constexpr uint32_t kCreateRulesetVersion = 1U << 0;
constexpr int kRulePathBeneath = 1;

struct RulesetAttr {
  uint64_t handled_access_fs;
  uint64_t handled_access_net;
  uint64_t scoped;
};

struct __attribute__((packed)) PathBeneathAttr {
  uint64_t allowed_access;
  int32_t parent_fd;
};

uint64_t fs_rights(int abi) {
  uint64_t rights = kFsV1;
  if (abi >= 2) rights |= kFsRefer;
  if (abi >= 3) rights |= kFsTruncate;
  if (abi >= 5) rights |= kFsIoctlDev;
  return rights;
}

bool add_path(int ruleset, const std::filesystem::path& path, uint64_t access) {
  const int fd = ::open(path.c_str(), O_PATH | O_CLOEXEC);
  if (fd < 0) return true;  // absent: nothing to allow
  // A file (not a directory) takes only the rights that apply to files.
  std::error_code error;
  if (!std::filesystem::is_directory(path, error)) {
    access &= kExecute | kWriteFile | kReadFile | kFsTruncate | kFsIoctlDev;
  }
  PathBeneathAttr rule{access, fd};
  const long added = ::syscall(SYS_landlock_add_rule, ruleset, kRulePathBeneath, &rule, 0);
  ::close(fd);
  return added == 0;
}

}  // namespace

int landlock_abi() {
  const long abi = ::syscall(SYS_landlock_create_ruleset, nullptr, 0, kCreateRulesetVersion);
  return abi > 0 ? static_cast<int>(abi) : 0;
}

std::vector<std::filesystem::path> toolchain_paths() {
  std::vector<std::filesystem::path> paths;
  for (const char* path : {"/usr", "/lib", "/lib64", "/etc/ld.so.cache", "/dev/null"}) {
    std::error_code error;
    if (std::filesystem::exists(path, error)) paths.emplace_back(path);
  }
  return paths;
}

FileConfinement::FileConfinement(const std::vector<std::filesystem::path>& readable,
                                 const std::vector<std::filesystem::path>& writable) {
  const int abi = landlock_abi();
  kernel_has_landlock_ = abi > 0;
  if (abi == 0) return;
  RulesetAttr attr{fs_rights(abi), abi >= 4 ? kNetBindTcp | kNetConnectTcp : 0,
                   abi >= 6 ? kScopeAbstractUnixSocket | kScopeSignal : 0};
  // An older kernel takes only the fields it knows.
  const size_t size = abi >= 6 ? sizeof attr : abi >= 4 ? 2 * sizeof(uint64_t) : sizeof(uint64_t);
  const long fd = ::syscall(SYS_landlock_create_ruleset, &attr, size, 0);
  if (fd < 0) return;
  fd_ = static_cast<int>(fd);
  const uint64_t read = kExecute | kReadFile | kReadDir;
  bool ok = true;
  for (const auto& path : readable) ok = ok && add_path(fd_, path, read);
  for (const auto& path : writable) ok = ok && add_path(fd_, path, fs_rights(abi));
  if (!ok) {
    ::close(fd_);
    fd_ = -1;
  }
}

FileConfinement::~FileConfinement() {
  if (fd_ >= 0) ::close(fd_);
}

FileConfinement::FileConfinement(FileConfinement&& other) noexcept
    : fd_(other.fd_), kernel_has_landlock_(other.kernel_has_landlock_) {
  other.fd_ = -1;
}

bool FileConfinement::apply() const {
  if (!kernel_has_landlock_) return true;
  if (fd_ < 0) return false;
  if (::prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) != 0) return false;
  return ::syscall(SYS_landlock_restrict_self, fd_, 0) == 0;
}

}  // namespace crucible::sandbox
