// Child processes and the descriptors that talk to them. Each child leads its own process group,
// so killing the group also kills anything it spawned.
#pragma once

#include <sys/types.h>

#include <chrono>
#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <vector>

namespace crucible::sandbox {

class FileConfinement;

// An owned file descriptor.
class UniqueFd {
 public:
  UniqueFd() = default;
  explicit UniqueFd(int fd) : fd_(fd) {}
  ~UniqueFd() { reset(); }
  UniqueFd(UniqueFd&& other) noexcept : fd_(other.release()) {}
  UniqueFd& operator=(UniqueFd&& other) noexcept {
    if (this != &other) reset(other.release());
    return *this;
  }
  UniqueFd(const UniqueFd&) = delete;
  UniqueFd& operator=(const UniqueFd&) = delete;

  int get() const { return fd_; }
  bool is_open() const { return fd_ >= 0; }
  int release() {
    int fd = fd_;
    fd_ = -1;
    return fd;
  }
  void reset(int fd = -1);

 private:
  int fd_ = -1;
};

struct Pipe {
  UniqueFd read_end;   // close-on-exec, non-blocking (the parent polls it)
  UniqueFd write_end;  // close-on-exec, blocking (the child writes to it)
};
Pipe make_pipe();  // throws std::system_error

// Reads what a pipe holds now into `sink`, keeping at most `limit` bytes (the rest is read and
// dropped so the writer never blocks). Returns false once the pipe reports end of file.
bool drain_pipe(int fd, std::string& sink, size_t limit, bool* overflowed = nullptr);

class ChildProcess {
 public:
  // Runs argv[0] (a path) with stdout and stderr sent to `output_fd`; stdin is /dev/null. Files
  // it writes are limited to `max_file_bytes`, its address space to `max_memory_bytes` (0: no
  // limit); no core files; its environment holds only PATH=/usr/bin:/bin. With `confinement`,
  // the child applies it before exec, and exits 126 where the kernel has Landlock but the rules
  // could not be built or were refused.
  static ChildProcess spawn(const std::vector<std::string>& argv, int output_fd,
                            uint64_t max_file_bytes = 0, uint64_t max_memory_bytes = 0,
                            const FileConfinement* confinement = nullptr);
  // Forks; the child runs `child_main` (which must end with _exit) in a new process group.
  static ChildProcess fork_with(const std::function<void()>& child_main);

  ChildProcess() = default;
  ~ChildProcess();  // kills the group and reaps the child if still running
  ChildProcess(ChildProcess&& other) noexcept;
  ChildProcess& operator=(ChildProcess&& other) noexcept;
  ChildProcess(const ChildProcess&) = delete;
  ChildProcess& operator=(const ChildProcess&) = delete;

  pid_t pid() const { return pid_; }
  int exit_fd() const { return pidfd_.get(); }  // becomes readable when the child exits
  // The raw wait status once the child has exited; nullopt while it runs.
  std::optional<int> try_wait();
  // SIGKILL to the whole group, then reaps the child; returns its wait status.
  int kill_and_wait();
  // Kills whatever is left in the group after the leader exited (grandchildren).
  void kill_group() const;

 private:
  explicit ChildProcess(pid_t pid);
  pid_t pid_ = -1;
  UniqueFd pidfd_;
  std::optional<int> wait_status_;
};

// In a freshly forked child: its own process group, SIGKILL when the parent dies, stdin from
// /dev/null.
void prepare_child_process();

// Erases the inherited environment in this process: every string environ points at, and the
// whole block the kernel laid out at exec (which keeps the first value of a variable changed
// since), then clears environ. For a forked child, so that no secret of the parent's (a model's
// API key) is in the memory a candidate's process is copied from. Async-signal-safe.
void erase_environment();

// "SIGSEGV (Segmentation fault)" style names for diagnostics.
std::string signal_description(int signal_number);

}  // namespace crucible::sandbox
