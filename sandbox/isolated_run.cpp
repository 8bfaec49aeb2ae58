#include "isolated_run.hpp"

#include "candidate_stack.hpp"
#include "limits.hpp"
#include "seccomp_filter.hpp"

#include <dlfcn.h>
#include <signal.h>
#include <sys/mman.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

#include <alloca.h>

#include <cstdio>
#include <cstdlib>
#include <new>
#include <cstring>
#include <exception>
#include <fstream>

namespace crucible::sandbox {
namespace {

constexpr int kResultFd = 3;
constexpr char kLoadFailure = 'L';  // internal: the shared object or its entry could not be loaded
constexpr char kViolation = 'V';    // internal: a forbidden system call; text is its number
constexpr char kOutOfMemory = 'M';  // internal: an allocation failed under the memory limit
constexpr char kSetupFailure = 'S'; // internal: the sandbox could not be set up
constexpr int kExitedEarly = 86;    // exit status of a child whose candidate called exit()
constexpr size_t kFrameHeader = 5;  // kind byte + little-endian uint32 length
constexpr size_t kCandidateStackBytes = 8 << 20;  // as much as a main thread's default

void write_all(int fd, const char* data, size_t size) {
  while (size > 0) {
    ssize_t wrote = ::write(fd, data, size);
    if (wrote < 0) {
      if (errno == EINTR) continue;
      return;
    }
    data += wrote;
    size -= static_cast<size_t>(wrote);
  }
}

[[noreturn]] void reply_and_exit(char kind, const std::string& text) {
  std::fflush(nullptr);
  char header[kFrameHeader];
  header[0] = kind;
  auto length = static_cast<uint32_t>(text.size());
  for (int i = 0; i < 4; ++i) header[1 + i] = static_cast<char>((length >> (8 * i)) & 0xff);
  write_all(kResultFd, header, sizeof header);
  write_all(kResultFd, text.data(), text.size());
  ::_exit(0);
}

// SIGSYS from a seccomp trap: report the system call and leave. Only async-signal-safe calls.
void on_forbidden_syscall(int, siginfo_t* info, void*) {
  char digits[16];
  int length = 0;
  unsigned number = static_cast<unsigned>(info->si_syscall);
  do {
    digits[length++] = static_cast<char>('0' + number % 10);
    number /= 10;
  } while (number > 0 && length < 15);
  char frame[kFrameHeader + 16];
  frame[0] = kViolation;
  frame[1] = static_cast<char>(length);
  frame[2] = frame[3] = frame[4] = 0;
  for (int i = 0; i < length; ++i) frame[kFrameHeader + i] = digits[length - 1 - i];
  write_all(kResultFd, frame, kFrameHeader + static_cast<size_t>(length));
  ::_exit(0);
}

// The host's own handlers (a test framework's crash reporter, say) must not run for a candidate:
// every signal gets its default action, all are unblocked, and SIGSYS reports a violation.
void install_sigsys_reporter() {
  struct sigaction default_action {};
  default_action.sa_handler = SIG_DFL;
  sigemptyset(&default_action.sa_mask);
  for (int signal_number = 1; signal_number < NSIG; ++signal_number) {
    ::sigaction(signal_number, &default_action, nullptr);
  }
  sigset_t none;
  sigemptyset(&none);
  ::sigprocmask(SIG_SETMASK, &none, nullptr);
  struct sigaction action {};
  action.sa_sigaction = on_forbidden_syscall;
  action.sa_flags = SA_SIGINFO;
  sigemptyset(&action.sa_mask);
  ::sigaction(SIGSYS, &action, nullptr);
}

// Keeps the shifting allocations from being optimized away.
void* volatile g_address_shift_sink = nullptr;

// Shifts where the candidate and its heap land, so an address-dependent result shows up when a
// second run is compared with the first.
void shift_addresses(size_t pages) {
  if (pages == 0) return;
  size_t bytes = pages * static_cast<size_t>(::sysconf(_SC_PAGESIZE));
  ::mmap(nullptr, bytes, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
  // Small blocks too, so that the allocator's cached free chunks (inherited from the parent)
  // are handed out in another order.
  for (size_t size : {8, 16, 24, 32, 48, 64, 96, 128, 256, 512}) {
    for (size_t i = 0; i < 1 + pages % 13; ++i) g_address_shift_sink = std::malloc(size);
  }
  g_address_shift_sink = std::malloc(pages * 48);
}

[[noreturn]] void child_main(const std::filesystem::path& shared_object,
                             const std::string& entry_symbol, const ChildBody& body,
                             const RunLimits& limits, int result_fd, int output_fd,
                             size_t address_shift_pages) {
  ::dup2(output_fd, STDOUT_FILENO);
  ::dup2(output_fd, STDERR_FILENO);
  if (result_fd != kResultFd) ::dup2(result_fd, kResultFd);
  ::close_range(kResultFd + 1, ~0U, 0);
  install_sigsys_reporter();
  apply_child_limits(limits.wall, limits.extra_memory_bytes);
  shift_addresses(address_shift_pages);
  // The candidate's frames go on a stack of their own, away from the mechanism's; on a recheck
  // at another offset, as the main stack's are.
  if (!install_candidate_stack(kCandidateStackBytes, 64 * (address_shift_pages % 64))) {
    reply_and_exit(kSetupFailure, "could not map the candidate's stack");
  }
  // A candidate that calls exit() would run the host's exit handlers (static destructors of the
  // libraries the host loaded); this one runs first and leaves at once.
  std::atexit([] { ::_exit(kExitedEarly); });
  std::at_quick_exit([] { ::_exit(kExitedEarly); });
  if (limits.use_seccomp && !install_load_filter()) {
    reply_and_exit(kSetupFailure, "the kernel refused the seccomp load filter");
  }

  void* handle = ::dlopen(shared_object.c_str(), RTLD_NOW | RTLD_LOCAL);
  if (handle == nullptr) reply_and_exit(kLoadFailure, ::dlerror());
  void* entry = ::dlsym(handle, entry_symbol.c_str());
  if (entry == nullptr) reply_and_exit(kLoadFailure, "no symbol " + entry_symbol);
  if (limits.use_seccomp && !install_run_filter()) {
    reply_and_exit(kSetupFailure, "the kernel refused the seccomp run filter");
  }
  ChildReply reply;
  // The stack moves too, so that addresses of the candidate's locals differ on a recheck.
  volatile char* stack_shift = static_cast<char*>(alloca(64 * (address_shift_pages % 64) + 16));
  stack_shift[0] = 0;
  try {
    reply = body(entry);
  } catch (const std::bad_alloc&) {
    reply_and_exit(kOutOfMemory, "an allocation failed");
  } catch (const std::exception& error) {
    reply = {ChildReply::Kind::kException, error.what()};
  } catch (...) {
    reply = {ChildReply::Kind::kException, "an exception of unknown type"};
  }
  reply_and_exit(static_cast<char>(reply.kind), reply.text);
}

}  // namespace

ChildProcess start_isolated(const std::filesystem::path& shared_object,
                            const std::string& entry_symbol, const ChildBody& body,
                            const RunLimits& limits, int result_fd, int output_fd,
                            size_t address_shift_pages) {
  return ChildProcess::fork_with([&] {
    child_main(shared_object, entry_symbol, body, limits, result_fd, output_fd,
               address_shift_pages);
  });
}

void run_isolated_child(const std::filesystem::path& shared_object,
                        const std::string& entry_symbol, const ChildBody& body,
                        const RunLimits& limits, int result_fd, int output_fd,
                        size_t address_shift_pages) {
  child_main(shared_object, entry_symbol, body, limits, result_fd, output_fd,
             address_shift_pages);
}

RunOutcome classify_run(int wait_status, bool timed_out, const std::string& reply_bytes,
                        bool reply_overflowed, const RunLimits& limits) {
  if (timed_out) {
    return {Status::kTimeout, {},
            "ran past the wall-clock limit of " + std::to_string(limits.wall.count()) + " ms"};
  }
  if (WIFSIGNALED(wait_status)) {
    int signal_number = WTERMSIG(wait_status);
    if (signal_number == SIGXCPU) return {Status::kTimeout, {}, "ran past the CPU time limit"};
    if (signal_number == SIGSYS) {
      return {Status::kSandboxViolation, {}, "killed by SIGSYS (a forbidden system call)"};
    }
    if (signal_number == SIGKILL) {
      return {Status::kOutOfMemory, {},
              "killed by SIGKILL from outside the sandbox, most likely the out-of-memory killer"};
    }
    return {Status::kCrashed, {}, "killed by " + signal_description(signal_number)};
  }
  int exit_code = WIFEXITED(wait_status) ? WEXITSTATUS(wait_status) : -1;
  if (reply_overflowed) {
    return {Status::kBadOutput, {},
            "result larger than " + std::to_string(limits.max_result_bytes) + " bytes"};
  }
  if (reply_bytes.empty()) {
    if (exit_code == kExitedEarly) {
      return {Status::kBadOutput, {}, "the candidate called exit() before a result was reported"};
    }
    return {Status::kBadOutput, {},
            "exited with status " + std::to_string(exit_code) + " before reporting a result"};
  }
  uint32_t length = 0;
  if (reply_bytes.size() >= kFrameHeader) {
    for (int i = 0; i < 4; ++i) {
      length |= static_cast<uint32_t>(static_cast<unsigned char>(reply_bytes[1 + i])) << (8 * i);
    }
  }
  if (reply_bytes.size() < kFrameHeader || reply_bytes.size() != kFrameHeader + length) {
    return {Status::kBadOutput, {}, "malformed result frame"};
  }
  std::string text = reply_bytes.substr(kFrameHeader);
  switch (reply_bytes[0]) {
    case static_cast<char>(ChildReply::Kind::kResult):
      return {Status::kOk, std::move(text), {}};
    case static_cast<char>(ChildReply::Kind::kInvalid):
      return {Status::kInvalidDecision, {}, text};
    case kViolation:
      return {Status::kSandboxViolation, {},
              "forbidden system call " + syscall_description(std::atoi(text.c_str()))};
    case kOutOfMemory:
      return {Status::kOutOfMemory, {},
              "an allocation failed under the limit of " +
                  std::to_string(limits.extra_memory_bytes >> 20) + " MiB"};
    case kSetupFailure:
      return {Status::kCrashed, {}, "sandbox setup failed: " + text};
    case static_cast<char>(ChildReply::Kind::kException):
      return {Status::kCrashed, {}, "uncaught exception: " + text};
    case kLoadFailure:
      return {Status::kCompileError, {}, "cannot load the compiled candidate: " + text};
    default:
      return {Status::kBadOutput, {}, "malformed result frame"};
  }
}

}  // namespace crucible::sandbox
