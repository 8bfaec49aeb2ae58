#include "isolated_run.hpp"

#include <dlfcn.h>
#include <signal.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cstdio>
#include <cstring>
#include <exception>
#include <fstream>

namespace crucible::sandbox {
namespace {

constexpr int kResultFd = 3;
constexpr char kLoadFailure = 'L';  // internal: the shared object or its entry could not be loaded
constexpr size_t kFrameHeader = 5;  // kind byte + little-endian uint32 length

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

void apply_limits(const RunLimits& limits) {
  set_limit(RLIMIT_AS, current_address_space() + limits.extra_memory_bytes);
  auto cpu_seconds = std::chrono::ceil<std::chrono::seconds>(limits.wall).count() + 1;
  set_limit(RLIMIT_CPU, static_cast<rlim_t>(cpu_seconds));
  set_limit(RLIMIT_FSIZE, 0);
  set_limit(RLIMIT_CORE, 0);
  set_limit(RLIMIT_NOFILE, 64);
}

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

[[noreturn]] void child_main(const std::filesystem::path& shared_object,
                             const std::string& entry_symbol, const ChildBody& body,
                             const RunLimits& limits, int result_fd, int output_fd) {
  ::dup2(output_fd, STDOUT_FILENO);
  ::dup2(output_fd, STDERR_FILENO);
  if (result_fd != kResultFd) ::dup2(result_fd, kResultFd);
  ::close_range(kResultFd + 1, ~0U, 0);
  apply_limits(limits);

  void* handle = ::dlopen(shared_object.c_str(), RTLD_NOW | RTLD_LOCAL);
  if (handle == nullptr) reply_and_exit(kLoadFailure, ::dlerror());
  void* entry = ::dlsym(handle, entry_symbol.c_str());
  if (entry == nullptr) reply_and_exit(kLoadFailure, "no symbol " + entry_symbol);
  ChildReply reply;
  try {
    reply = body(entry);
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
                            const RunLimits& limits, int result_fd, int output_fd) {
  return ChildProcess::fork_with([&] {
    child_main(shared_object, entry_symbol, body, limits, result_fd, output_fd);
  });
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
    return {Status::kCrashed, {}, "killed by " + signal_description(signal_number)};
  }
  int exit_code = WIFEXITED(wait_status) ? WEXITSTATUS(wait_status) : -1;
  if (reply_overflowed) {
    return {Status::kBadOutput, {},
            "result larger than " + std::to_string(limits.max_result_bytes) + " bytes"};
  }
  if (reply_bytes.empty()) {
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
      return {Status::kBadOutput, {}, "invalid decision: " + text};
    case static_cast<char>(ChildReply::Kind::kException):
      return {Status::kCrashed, {}, "uncaught exception: " + text};
    case kLoadFailure:
      return {Status::kCompileError, {}, "cannot load the compiled candidate: " + text};
    default:
      return {Status::kBadOutput, {}, "malformed result frame"};
  }
}

}  // namespace crucible::sandbox
