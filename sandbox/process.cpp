#include "process.hpp"

#include <fcntl.h>
#include <signal.h>
#include <sys/prctl.h>
#include <sys/resource.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <system_error>
#include <utility>

#include "landlock.hpp"

namespace crucible::sandbox {
namespace {

int open_pidfd(pid_t pid) {
  return static_cast<int>(::syscall(SYS_pidfd_open, pid, 0));
}

}  // namespace

// A child whose parent dies gets SIGKILL, so a killed search leaves no candidate running.
void prepare_child_process() {
  ::setpgid(0, 0);
  ::prctl(PR_SET_PDEATHSIG, SIGKILL);
  int null_fd = ::open("/dev/null", O_RDONLY);
  if (null_fd >= 0) {
    ::dup2(null_fd, STDIN_FILENO);
    ::close(null_fd);
  }
}

void erase_environment() {
  // The strings environ points at: the block the kernel laid out at exec, or the heap for
  // variables set since.
  if (environ != nullptr) {
    for (char** entry = environ; *entry != nullptr; ++entry) ::explicit_bzero(*entry, ::strlen(*entry));
  }
  // The whole block, which still holds the first value of a variable changed since exec: fields
  // 50 and 51 of /proc/self/stat (env_start, env_end), counted after the command name's ')'.
  char stat[4096];
  ssize_t length = -1;
  if (int fd = ::open("/proc/self/stat", O_RDONLY | O_CLOEXEC); fd >= 0) {
    length = ::read(fd, stat, sizeof stat - 1);
    ::close(fd);
  }
  if (length > 0) {
    stat[length] = '\0';
    char* at = ::strrchr(stat, ')');
    unsigned long fields[2] = {0, 0};
    for (int field = 2; at != nullptr && *at != '\0' && field < 51; ++at) {
      if (*at != ' ') continue;
      ++field;
      if (field >= 50) fields[field - 50] = ::strtoul(at + 1, nullptr, 10);
    }
    if (fields[0] != 0 && fields[1] > fields[0]) {
      ::explicit_bzero(reinterpret_cast<void*>(fields[0]), fields[1] - fields[0]);
    }
  }
  ::clearenv();
}

void UniqueFd::reset(int fd) {
  if (fd_ >= 0) ::close(fd_);
  fd_ = fd;
}

Pipe make_pipe() {
  int fds[2];
  if (::pipe2(fds, O_CLOEXEC) != 0) {
    throw std::system_error(errno, std::generic_category(), "pipe2");
  }
  Pipe pipe{UniqueFd(fds[0]), UniqueFd(fds[1])};
  ::fcntl(pipe.read_end.get(), F_SETFL, ::fcntl(pipe.read_end.get(), F_GETFL) | O_NONBLOCK);
  return pipe;
}

bool drain_pipe(int fd, std::string& sink, size_t limit, bool* overflowed) {
  char buffer[16384];
  while (true) {
    ssize_t got = ::read(fd, buffer, sizeof buffer);
    if (got > 0) {
      size_t room = sink.size() < limit ? limit - sink.size() : 0;
      size_t keep = std::min(room, static_cast<size_t>(got));
      sink.append(buffer, keep);
      if (keep < static_cast<size_t>(got) && overflowed != nullptr) *overflowed = true;
      continue;
    }
    if (got == 0) return false;
    if (errno == EINTR) continue;
    return errno == EAGAIN || errno == EWOULDBLOCK ? true : false;
  }
}

ChildProcess::ChildProcess(pid_t pid) : pid_(pid), pidfd_(open_pidfd(pid)) {
  if (!pidfd_.is_open()) {
    int error = errno;
    kill_and_wait();
    throw std::system_error(error, std::generic_category(), "pidfd_open");
  }
}

ChildProcess ChildProcess::spawn(const std::vector<std::string>& argv, int output_fd,
                                 uint64_t max_file_bytes, uint64_t max_memory_bytes,
                                 const FileConfinement* confinement) {
  // Everything the child needs is prepared before fork: between fork and exec it only makes
  // async-signal-safe calls.
  std::vector<char*> raw;
  raw.reserve(argv.size() + 1);
  for (const auto& arg : argv) raw.push_back(const_cast<char*>(arg.c_str()));
  raw.push_back(nullptr);
  pid_t pid = ::fork();
  if (pid < 0) throw std::system_error(errno, std::generic_category(), "fork");
  if (pid == 0) {
    prepare_child_process();
    ::dup2(output_fd, STDOUT_FILENO);
    ::dup2(output_fd, STDERR_FILENO);
    if (max_file_bytes > 0) {
      rlimit limit{max_file_bytes, max_file_bytes};
      ::setrlimit(RLIMIT_FSIZE, &limit);
    }
    if (max_memory_bytes > 0) {
      rlimit limit{max_memory_bytes, max_memory_bytes};
      ::setrlimit(RLIMIT_AS, &limit);
    }
    rlimit no_core{0, 0};
    ::setrlimit(RLIMIT_CORE, &no_core);
    if (confinement != nullptr && !confinement->apply()) {
      static constexpr char kRefused[] = "crucible: the kernel refused the file confinement\n";
      [[maybe_unused]] auto ignored = ::write(STDERR_FILENO, kRefused, sizeof kRefused - 1);
      ::_exit(126);
    }
    // Nothing of the caller's environment (an API key, say) reaches the tool: only a search path
    // for the programs a compiler driver runs.
    static char kPath[] = "PATH=/usr/bin:/bin";
    char* environment[] = {kPath, nullptr};
    ::execve(raw[0], raw.data(), environment);
    static constexpr char kMessage[] = "crucible: cannot execute the compiler\n";
    [[maybe_unused]] auto ignored = ::write(STDERR_FILENO, kMessage, sizeof kMessage - 1);
    ::_exit(127);
  }
  ::setpgid(pid, pid);  // also from the parent, so the group exists before any kill
  return ChildProcess(pid);
}

ChildProcess ChildProcess::fork_with(const std::function<void()>& child_main) {
  pid_t pid = ::fork();
  if (pid < 0) throw std::system_error(errno, std::generic_category(), "fork");
  if (pid == 0) {
    prepare_child_process();
    erase_environment();
    child_main();
    ::_exit(0);
  }
  ::setpgid(pid, pid);
  return ChildProcess(pid);
}

ChildProcess::~ChildProcess() {
  if (pid_ > 0 && !wait_status_) kill_and_wait();
}

ChildProcess::ChildProcess(ChildProcess&& other) noexcept
    : pid_(std::exchange(other.pid_, -1)),
      pidfd_(std::move(other.pidfd_)),
      wait_status_(std::exchange(other.wait_status_, std::nullopt)) {}

ChildProcess& ChildProcess::operator=(ChildProcess&& other) noexcept {
  if (this != &other) {
    if (pid_ > 0 && !wait_status_) kill_and_wait();
    pid_ = std::exchange(other.pid_, -1);
    pidfd_ = std::move(other.pidfd_);
    wait_status_ = std::exchange(other.wait_status_, std::nullopt);
  }
  return *this;
}

std::optional<int> ChildProcess::try_wait() {
  if (wait_status_ || pid_ <= 0) return wait_status_;
  // Peek without reaping first: while the leader is unreaped its pid cannot be reused, so the
  // group kill below cannot hit a stranger. It ends anything the candidate left behind.
  siginfo_t info{};
  if (::waitid(P_PID, static_cast<id_t>(pid_), &info, WEXITED | WNOHANG | WNOWAIT) != 0 ||
      info.si_pid != pid_) {
    return std::nullopt;
  }
  kill_group();
  int status = 0;
  while (::waitpid(pid_, &status, 0) < 0 && errno == EINTR) {
  }
  wait_status_ = status;
  return wait_status_;
}

int ChildProcess::kill_and_wait() {
  if (wait_status_) return *wait_status_;
  kill_group();
  ::kill(pid_, SIGKILL);
  int status = 0;
  while (::waitpid(pid_, &status, 0) < 0 && errno == EINTR) {
  }
  wait_status_ = status;
  return status;
}

void ChildProcess::kill_group() const {
  if (pid_ > 0) ::kill(-pid_, SIGKILL);
}

std::string signal_description(int signal_number) {
  const char* abbrev = ::sigabbrev_np(signal_number);
  const char* text = ::strsignal(signal_number);
  std::string name = abbrev != nullptr ? std::string("SIG") + abbrev
                                       : "signal " + std::to_string(signal_number);
  if (text != nullptr) name += std::string(" (") + text + ")";
  return name;
}

}  // namespace crucible::sandbox
