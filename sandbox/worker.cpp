#include "worker.hpp"

#include <poll.h>
#include <signal.h>
#include <sys/signalfd.h>
#include <sys/mman.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <array>
#include <cerrno>
#include <cstring>
#include <map>
#include <vector>

#include "limits.hpp"
#include "verifier.hpp"

namespace crucible::sandbox {
namespace {

// Worker -> parent messages.
struct Report {
  char kind;  // 'P': launched (value = pid), 'X': exited (value = wait status)
  uint64_t id;
  int64_t value;
};

// Parent -> worker: fixed fields, then entry symbol and path bytes; descriptors attached: the
// result and output pipes, and for a verification the candidate (a memfd).
struct LaunchHeader {
  uint32_t kind;  // kRunKind or kVerifyKind
  uint64_t id;
  int64_t wall_ms;
  uint64_t extra_memory_bytes;
  uint64_t max_result_bytes;
  uint64_t max_output_bytes;
  uint64_t address_shift_pages;
  uint32_t use_seccomp;
  uint32_t body;  // index into the worker's bodies
  uint32_t entry_length;
  uint32_t path_length;
};

constexpr size_t kMaxMessage = 8192;
constexpr uint32_t kRunKind = 'R';
constexpr uint32_t kVerifyKind = 'V';

bool read_whole(int fd, std::string& out) {
  char buffer[16384];
  while (true) {
    ssize_t got = ::read(fd, buffer, sizeof buffer);
    if (got < 0 && errno == EINTR) continue;
    if (got < 0) return false;
    if (got == 0) return true;
    out.append(buffer, static_cast<size_t>(got));
  }
}

// A verification child of the worker: the request comes from `request_fd`, the verdict goes
// to `result_fd` as the pipeline's own verifier child would write it. Never returns.
[[noreturn]] void run_verifier_child(int request_fd, std::chrono::milliseconds timeout,
                                     uint64_t memory_bytes, uint64_t max_file_bytes,
                                     int result_fd, int output_fd) {
  ::dup2(output_fd, STDOUT_FILENO);
  ::dup2(output_fd, STDERR_FILENO);
  apply_child_limits(timeout, memory_bytes, max_file_bytes);
  std::string bytes;
  if (!read_whole(request_fd, bytes)) ::_exit(3);
  auto request = parse_verify_request(bytes);
  if (!request) ::_exit(3);
  if (!confine_verifier(*request)) ::_exit(5);
  std::string verdict = serialize_verdict(verify(*request));
  const char* data = verdict.data();
  size_t size = verdict.size();
  while (size > 0) {
    ssize_t wrote = ::write(result_fd, data, size);
    if (wrote < 0 && errno == EINTR) continue;
    if (wrote <= 0) ::_exit(4);
    data += wrote;
    size -= static_cast<size_t>(wrote);
  }
  ::_exit(0);
}

bool send_report(int socket, const Report& report) {
  return ::send(socket, &report, sizeof report, MSG_NOSIGNAL) == static_cast<ssize_t>(sizeof report);
}

// The worker's loop: launch on request, report exits, leave when the parent goes.
[[noreturn]] void worker_main(int socket, const std::vector<ChildBody>& bodies) {
  sigset_t child_signals;
  sigemptyset(&child_signals);
  sigaddset(&child_signals, SIGCHLD);
  ::sigprocmask(SIG_BLOCK, &child_signals, nullptr);
  int signals = ::signalfd(-1, &child_signals, SFD_CLOEXEC | SFD_NONBLOCK);
  std::map<pid_t, uint64_t> running;
  std::vector<char> buffer(kMaxMessage);
  while (true) {
    std::array<pollfd, 2> fds = {{{socket, POLLIN, 0}, {signals, POLLIN, 0}}};
    if (::poll(fds.data(), fds.size(), -1) < 0 && errno != EINTR) break;
    if (fds[1].revents & POLLIN) {
      signalfd_siginfo info;
      while (::read(signals, &info, sizeof info) == sizeof info) {
      }
      int status = 0;
      pid_t pid;
      while ((pid = ::waitpid(-1, &status, WNOHANG)) > 0) {
        auto it = running.find(pid);
        if (it == running.end()) continue;
        ::kill(-pid, SIGKILL);  // whatever the candidate left in its group
        send_report(socket, {'X', it->second, status});
        running.erase(it);
      }
    }
    if (!(fds[0].revents & (POLLIN | POLLHUP))) continue;
    alignas(cmsghdr) char control[CMSG_SPACE(3 * sizeof(int))];
    iovec vector{buffer.data(), buffer.size()};
    msghdr message{};
    message.msg_iov = &vector;
    message.msg_iovlen = 1;
    message.msg_control = control;
    message.msg_controllen = sizeof control;
    ssize_t got = ::recvmsg(socket, &message, MSG_CMSG_CLOEXEC);
    if (got <= 0) break;  // the parent is gone
    LaunchHeader header;
    cmsghdr* fds_message = CMSG_FIRSTHDR(&message);
    if (static_cast<size_t>(got) < sizeof header || fds_message == nullptr ||
        fds_message->cmsg_type != SCM_RIGHTS) {
      continue;
    }
    std::memcpy(&header, buffer.data(), sizeof header);
    const size_t passed_count = (fds_message->cmsg_len - CMSG_LEN(0)) / sizeof(int);
    int passed[3] = {-1, -1, -1};
    std::memcpy(passed, CMSG_DATA(fds_message), std::min<size_t>(passed_count, 3) * sizeof(int));
    const bool is_verify = header.kind == kVerifyKind;
    const bool is_well_formed =
        sizeof header + header.entry_length + header.path_length == static_cast<size_t>(got) &&
        passed_count == (is_verify ? 3U : 2U) &&
        (is_verify || (header.kind == kRunKind && header.body < bodies.size()));
    if (!is_well_formed) {
      for (int fd : passed) {
        if (fd >= 0) ::close(fd);
      }
      send_report(socket, {'P', header.id, -1});
      continue;
    }
    std::string entry(buffer.data() + sizeof header, header.entry_length);
    std::filesystem::path path(std::string(buffer.data() + sizeof header + header.entry_length,
                                           header.path_length));
    RunLimits limits;
    limits.wall = std::chrono::milliseconds(header.wall_ms);
    limits.extra_memory_bytes = header.extra_memory_bytes;
    limits.max_result_bytes = header.max_result_bytes;
    limits.max_output_bytes = header.max_output_bytes;
    limits.use_seccomp = header.use_seccomp != 0;
    pid_t pid = ::fork();
    if (pid == 0) {
      prepare_child_process();
      if (is_verify) {
        run_verifier_child(passed[2], limits.wall, limits.extra_memory_bytes,
                           limits.max_output_bytes, passed[0], passed[1]);
      }
      run_isolated_child(path, entry, bodies[header.body], limits, passed[0], passed[1],
                         header.address_shift_pages);
    }
    for (int fd : passed) {
      if (fd >= 0) ::close(fd);
    }
    if (pid > 0) {
      ::setpgid(pid, pid);
      running[pid] = header.id;
    }
    send_report(socket, {'P', header.id, pid > 0 ? pid : -1});
  }
  for (const auto& [pid, id] : running) ::kill(-pid, SIGKILL);
  ::_exit(0);
}

}  // namespace

std::unique_ptr<Worker> Worker::start(ChildBody body) {
  std::vector<ChildBody> bodies;
  bodies.push_back(std::move(body));
  return start(std::move(bodies));
}

std::unique_ptr<Worker> Worker::start(std::vector<ChildBody> bodies) {
  int pair[2];
  if (::socketpair(AF_UNIX, SOCK_SEQPACKET | SOCK_CLOEXEC, 0, pair) != 0) {
    throw std::system_error(errno, std::generic_category(), "socketpair");
  }
  UniqueFd parent_end(pair[0]);
  UniqueFd worker_end(pair[1]);
  std::unique_ptr<Worker> worker(new Worker());
  int worker_socket = worker_end.get();
  int parent_socket = parent_end.get();
  worker->body_count_ = bodies.size();
  worker->process_ = ChildProcess::fork_with([worker_socket, parent_socket, &bodies] {
    ::close(parent_socket);
    worker_main(worker_socket, bodies);
  });
  worker->socket_ = std::move(parent_end);
  return worker;
}

Worker::~Worker() {
  socket_.reset();  // end of file: the worker kills its children and exits
  process_.kill_and_wait();
}

bool Worker::read_message(bool blocking) {
  Report report;
  ssize_t got = ::recv(socket_.get(), &report, sizeof report, blocking ? 0 : MSG_DONTWAIT);
  if (got == 0 || (got < 0 && errno != EAGAIN && errno != EWOULDBLOCK && errno != EINTR)) {
    alive_ = false;
    return false;
  }
  if (got != static_cast<ssize_t>(sizeof report)) return false;
  if (report.kind == 'P') {
    last_launch_ = {report.id, static_cast<pid_t>(report.value)};
  } else if (report.kind == 'X') {
    exits_.emplace_back(report.id, static_cast<int>(report.value));
  }
  return true;
}

std::optional<pid_t> Worker::launch(uint64_t id, size_t body,
                                    const std::filesystem::path& shared_object,
                                    const std::string& entry_symbol, const RunLimits& limits,
                                    size_t address_shift_pages, int result_fd, int output_fd) {
  if (!alive_ || body >= body_count_) return std::nullopt;
  std::string path = shared_object.string();
  LaunchHeader header{kRunKind,
                      id,
                      static_cast<int64_t>(limits.wall.count()),
                      limits.extra_memory_bytes,
                      limits.max_result_bytes,
                      limits.max_output_bytes,
                      address_shift_pages,
                      limits.use_seccomp ? 1U : 0U,
                      static_cast<uint32_t>(body),
                      static_cast<uint32_t>(entry_symbol.size()),
                      static_cast<uint32_t>(path.size())};
  std::string bytes(reinterpret_cast<const char*>(&header), sizeof header);
  bytes += entry_symbol;
  bytes += path;
  return send_launch(id, bytes, {result_fd, output_fd});
}

std::optional<pid_t> Worker::launch_verify(uint64_t id, const VerifyRequest& request,
                                           std::chrono::milliseconds timeout,
                                           uint64_t memory_bytes, uint64_t max_file_bytes,
                                           int result_fd, int output_fd) {
  if (!alive_) return std::nullopt;
  // The request travels in a memory file: it may be larger than a message.
  UniqueFd memory(::memfd_create("crucible-candidate", MFD_CLOEXEC));
  if (!memory.is_open()) return std::nullopt;
  const std::string text = serialize_verify_request(request);
  if (::pwrite(memory.get(), text.data(), text.size(), 0) != static_cast<ssize_t>(text.size())) {
    return std::nullopt;
  }
  LaunchHeader header{kVerifyKind, id, static_cast<int64_t>(timeout.count()), memory_bytes,
                      0, max_file_bytes, 0, 0, 0, 0, 0};
  std::string bytes(reinterpret_cast<const char*>(&header), sizeof header);
  return send_launch(id, bytes, {result_fd, output_fd, memory.get()});
}

std::optional<pid_t> Worker::send_launch(uint64_t id, const std::string& bytes,
                                         std::initializer_list<int> fds) {
  if (bytes.size() > kMaxMessage || fds.size() > 3) return std::nullopt;
  alignas(cmsghdr) char control[CMSG_SPACE(3 * sizeof(int))] = {};
  iovec vector{const_cast<char*>(bytes.data()), bytes.size()};
  msghdr message{};
  message.msg_iov = &vector;
  message.msg_iovlen = 1;
  message.msg_control = control;
  message.msg_controllen = CMSG_SPACE(fds.size() * sizeof(int));
  cmsghdr* fds_message = CMSG_FIRSTHDR(&message);
  fds_message->cmsg_level = SOL_SOCKET;
  fds_message->cmsg_type = SCM_RIGHTS;
  fds_message->cmsg_len = CMSG_LEN(fds.size() * sizeof(int));
  std::memcpy(CMSG_DATA(fds_message), fds.begin(), fds.size() * sizeof(int));
  if (::sendmsg(socket_.get(), &message, MSG_NOSIGNAL) < 0) {
    alive_ = false;
    return std::nullopt;
  }
  // The worker answers a launch at once; exit reports that arrive first are kept.
  last_launch_.reset();
  while (alive_ && !(last_launch_ && last_launch_->first == id)) read_message(true);
  if (!last_launch_ || last_launch_->second <= 0) return std::nullopt;
  return last_launch_->second;
}

std::deque<std::pair<uint64_t, int>> Worker::take_exits() {
  while (alive_ && read_message(false)) {
  }
  return std::exchange(exits_, {});
}

}  // namespace crucible::sandbox
