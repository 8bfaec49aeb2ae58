#include "seccomp_filter.hpp"

#include <fcntl.h>
#include <seccomp.h>
#include <signal.h>
#include <sys/mman.h>
#include <unistd.h>

#include <memory>

namespace crucible::sandbox {
namespace {

using FilterPtr = std::unique_ptr<void, decltype(&seccomp_release)>;

// System calls the child may make at all: memory, I/O on descriptors it already has, clocks,
// signals to itself, exit. Everything else traps.
constexpr int kAllowed[] = {
    SCMP_SYS(read),          SCMP_SYS(write),        SCMP_SYS(readv),
    SCMP_SYS(writev),        SCMP_SYS(pread64),      SCMP_SYS(lseek),
    SCMP_SYS(close),         SCMP_SYS(fstat),        SCMP_SYS(newfstatat),
    SCMP_SYS(mmap),          SCMP_SYS(munmap),       SCMP_SYS(mremap),
    SCMP_SYS(mprotect),      SCMP_SYS(madvise),      SCMP_SYS(brk),
    SCMP_SYS(futex),         SCMP_SYS(clock_gettime), SCMP_SYS(clock_nanosleep),
    SCMP_SYS(nanosleep),     SCMP_SYS(getpid),       SCMP_SYS(gettid),
    SCMP_SYS(rt_sigreturn),  SCMP_SYS(rt_sigprocmask), SCMP_SYS(exit),
    SCMP_SYS(exit_group),    SCMP_SYS(sched_yield),
};

FilterPtr new_filter(uint32_t default_action) {
  return FilterPtr(seccomp_init(default_action), &seccomp_release);
}

}  // namespace

bool install_load_filter() {
  auto filter = new_filter(SCMP_ACT_TRAP);
  if (!filter) return false;
  bool ok = true;
  for (int call : kAllowed) ok = ok && seccomp_rule_add(filter.get(), SCMP_ACT_ALLOW, call, 0) == 0;
  // dlopen opens the shared object and the loader cache read-only.
  constexpr scmp_datum_t kWriteFlags = O_WRONLY | O_RDWR | O_CREAT | O_TRUNC | O_APPEND;
  ok = ok && seccomp_rule_add(filter.get(), SCMP_ACT_ALLOW, SCMP_SYS(openat), 1,
                              SCMP_A2(SCMP_CMP_MASKED_EQ, kWriteFlags, 0)) == 0;
  // abort() signals itself; no other target or signal.
  ok = ok && seccomp_rule_add(filter.get(), SCMP_ACT_ALLOW, SCMP_SYS(tgkill), 2,
                              SCMP_A0(SCMP_CMP_EQ, static_cast<scmp_datum_t>(::getpid())),
                              SCMP_A2(SCMP_CMP_EQ, SIGABRT)) == 0;
  // Installing the run filter later needs seccomp(2) itself; a filter can only add restrictions.
  ok = ok && seccomp_rule_add(filter.get(), SCMP_ACT_ALLOW, SCMP_SYS(seccomp), 0) == 0;
  return ok && seccomp_load(filter.get()) == 0;
}

bool install_run_filter() {
  auto filter = new_filter(SCMP_ACT_ALLOW);
  if (!filter) return false;
  // no_new_privs is already set by the load filter; setting it again would need prctl.
  bool ok = seccomp_attr_set(filter.get(), SCMP_FLTATR_CTL_NNP, 0) == 0;
  ok = ok && seccomp_rule_add(filter.get(), SCMP_ACT_TRAP, SCMP_SYS(openat), 0) == 0;
  ok = ok && seccomp_rule_add(filter.get(), SCMP_ACT_TRAP, SCMP_SYS(seccomp), 0) == 0;
  for (int call : {SCMP_SYS(mmap), SCMP_SYS(mprotect)}) {
    ok = ok && seccomp_rule_add(filter.get(), SCMP_ACT_TRAP, call, 1,
                                SCMP_A2(SCMP_CMP_MASKED_EQ, PROT_EXEC, PROT_EXEC)) == 0;
  }
  return ok && seccomp_load(filter.get()) == 0;
}

std::string syscall_description(int number) {
  char* name = seccomp_syscall_resolve_num_arch(SCMP_ARCH_NATIVE, number);
  std::string text = name != nullptr ? std::string(name) : std::string("unknown system call");
  std::free(name);
  return text + " (" + std::to_string(number) + ")";
}

}  // namespace crucible::sandbox
