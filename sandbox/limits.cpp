#include "limits.hpp"

#include <sys/resource.h>
#include <unistd.h>

#include <fstream>

namespace crucible::sandbox {
namespace {

uint64_t current_address_space() {
  std::ifstream statm("/proc/self/statm");
  uint64_t pages = 0;
  statm >> pages;
  return pages * static_cast<uint64_t>(::sysconf(_SC_PAGESIZE));
}

void set_limit(int resource, rlim_t value) {
  rlimit limit{value, value};
  ::setrlimit(resource, &limit);
}

}  // namespace

void apply_child_limits(std::chrono::milliseconds wall, uint64_t extra_memory_bytes,
                        uint64_t max_file_bytes) {
  set_limit(RLIMIT_AS, current_address_space() + extra_memory_bytes);
  auto cpu_seconds = std::chrono::ceil<std::chrono::seconds>(wall).count() + 1;
  set_limit(RLIMIT_CPU, static_cast<rlim_t>(cpu_seconds));
  set_limit(RLIMIT_FSIZE, max_file_bytes);
  set_limit(RLIMIT_CORE, 0);
  set_limit(RLIMIT_NOFILE, 64);
  set_limit(RLIMIT_NPROC, 0);  // no new processes (ignored for root; seccomp refuses them anyway)
}

}  // namespace crucible::sandbox
