#include "temp_dir.hpp"

#include <cerrno>
#include <signal.h>
#include <unistd.h>

#include <charconv>
#include <cstdlib>
#include <string>
#include <system_error>
#include <utility>

namespace crucible::sandbox {

TempDir::TempDir(std::string_view prefix) {
  std::string pattern =
      (std::filesystem::temp_directory_path() / (std::string(prefix) + "-" + std::to_string(::getpid()) + "-XXXXXX")).string();
  if (::mkdtemp(pattern.data()) == nullptr) {
    throw std::system_error(errno, std::generic_category(), "cannot create " + pattern);
  }
  path_ = pattern;
}

TempDir::~TempDir() { remove(); }

TempDir::TempDir(TempDir&& other) noexcept : path_(std::exchange(other.path_, {})) {}

TempDir& TempDir::operator=(TempDir&& other) noexcept {
  if (this != &other) {
    remove();
    path_ = std::exchange(other.path_, {});
  }
  return *this;
}

void TempDir::remove() noexcept {
  if (path_.empty()) return;
  std::error_code ignored;
  std::filesystem::remove_all(path_, ignored);
  path_.clear();
}

size_t remove_stale_temp_dirs(std::string_view prefix) {
  size_t removed = 0;
  std::error_code error;
  std::string lead = std::string(prefix) + "-";
  for (const auto& entry :
       std::filesystem::directory_iterator(std::filesystem::temp_directory_path(), error)) {
    std::string name = entry.path().filename().string();
    if (!name.starts_with(lead) || !entry.is_directory(error)) continue;
    std::string_view rest = std::string_view(name).substr(lead.size());
    pid_t pid = 0;
    auto [end, parse_error] = std::from_chars(rest.data(), rest.data() + rest.size(), pid);
    if (parse_error != std::errc() || end == rest.data() || *end != '-' || pid <= 0) continue;
    if (::kill(pid, 0) == 0 || errno != ESRCH) continue;  // alive, or not ours to judge
    std::error_code ignored;
    std::filesystem::remove_all(entry.path(), ignored);
    ++removed;
  }
  return removed;
}

}  // namespace crucible::sandbox
