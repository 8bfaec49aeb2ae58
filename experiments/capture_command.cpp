// crucible traces capture: runs a program under valgrind's lackey and turns its memory accesses
// into a page trace, with progress on stderr.
#include <fcntl.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <fmt/core.h>

#include <cerrno>
#include <csignal>
#include <chrono>
#include <cstring>
#include <deque>
#include <stdexcept>
#include <string>
#include <vector>

#include "commands.hpp"
#include "traces/page_capture.hpp"

extern char** environ;

namespace crucible::cli {
namespace {

// lackey writes its log to this descriptor in the child.
constexpr int kLogFd = 100;

// The valgrind being read, for the signal handler: valgrind does not stop when its log pipe
// closes, so a capture stopped by a signal takes it down first.
volatile sig_atomic_t g_child = 0;

void stop_child_and_die(int signal_number) {
  if (g_child > 0) {
    ::kill(static_cast<pid_t>(g_child), SIGKILL);
    ::waitpid(static_cast<pid_t>(g_child), nullptr, 0);  // reaped: no zombie left to init
  }
  std::signal(signal_number, SIG_DFL);
  std::raise(signal_number);
}

// valgrind's own "==pid== ..." lines, the last few, to explain a run that captured nothing.
class LogTail {
 public:
  void feed(std::string_view chunk) {
    for (char c : chunk) {
      if (c != '\n') {
        if (line_.size() < 400) line_ += c;
        continue;
      }
      if (line_.starts_with("==")) {
        lines_.push_back(line_);
        if (lines_.size() > 6) lines_.pop_front();
      }
      line_.clear();
    }
  }
  std::string text() const {
    std::string out;
    for (const auto& line : lines_) out += "\n  " + line;
    return out;
  }

 private:
  std::string line_;
  std::deque<std::string> lines_;
};

}  // namespace

int traces_capture(const TracesCaptureArgs& args) {
  if (!traces::is_page_trace_path(args.output)) {
    throw std::invalid_argument("--out " + args.output + ": a page trace is named *.pages or *.pages.zst");
  }
  traces::CaptureOptions options;
  options.sample_period = args.sample;
  options.llc_bytes = static_cast<uint64_t>(args.llc_mb * 1024 * 1024);
  options.page_size = args.page_size;
  traces::LackeyCapture capture(options);  // checks the page size first

  int fds[2];
  if (::pipe2(fds, O_CLOEXEC) != 0) throw std::runtime_error(std::string("pipe: ") + std::strerror(errno));
  std::vector<std::string> words = {args.valgrind, "--tool=lackey", "--trace-mem=yes",
                                    "--log-fd=" + std::to_string(kLogFd)};
  words.insert(words.end(), args.command.begin(), args.command.end());
  std::vector<char*> argv;
  for (auto& word : words) argv.push_back(word.data());
  argv.push_back(nullptr);
  posix_spawn_file_actions_t actions;
  posix_spawn_file_actions_init(&actions);
  posix_spawn_file_actions_adddup2(&actions, fds[1], kLogFd);  // dup2 clears close-on-exec
  pid_t pid = 0;
  const int spawned = ::posix_spawnp(&pid, args.valgrind.c_str(), &actions, nullptr, argv.data(), environ);
  posix_spawn_file_actions_destroy(&actions);
  ::close(fds[1]);
  if (spawned != 0) {
    ::close(fds[0]);
    throw std::runtime_error("traces capture: cannot run " + args.valgrind + ": " +
                             std::strerror(spawned) +
                             " (install valgrind: scripts/install-deps does, or apt install valgrind)");
  }
  g_child = pid;
  for (int signal_number : {SIGINT, SIGTERM, SIGHUP}) std::signal(signal_number, stop_child_and_die);
  fmt::print(stderr, "capturing the memory accesses of {} under valgrind's lackey ...\n",
             args.command.front());
  const bool is_tty = ::isatty(STDERR_FILENO) != 0;
  LogTail log;
  std::vector<char> buffer(1 << 16);
  auto last_report = std::chrono::steady_clock::now();
  std::string failure;
  for (;;) {
    const ssize_t got = ::read(fds[0], buffer.data(), buffer.size());
    if (got < 0 && errno == EINTR) continue;
    if (got <= 0) break;
    const std::string_view chunk(buffer.data(), static_cast<size_t>(got));
    log.feed(chunk);
    if (failure.empty()) {
      try {
        capture.feed(chunk);
      } catch (const traces::TraceError& error) {
        failure = error.what();  // keep reading, so the program is not stopped by a full pipe
      }
    }
    // A line rewritten each second on a terminal; a new line every 10 s in a log.
    const auto now = std::chrono::steady_clock::now();
    if (now - last_report >= (is_tty ? std::chrono::seconds(1) : std::chrono::seconds(10))) {
      last_report = now;
      const auto& counts = capture.counts();
      fmt::print(stderr, "{}  {} accesses, {} past the cache, {} kept{}", is_tty ? "\r" : "",
                 counts.accesses, counts.misses, counts.kept, is_tty ? "" : "\n");
    }
  }
  ::close(fds[0]);
  int status = 0;
  while (::waitpid(pid, &status, 0) < 0 && errno == EINTR) {
  }
  for (int signal_number : {SIGINT, SIGTERM, SIGHUP}) std::signal(signal_number, SIG_DFL);
  g_child = 0;
  if (!failure.empty()) throw std::runtime_error(failure);
  auto trace = capture.finish();
  const auto& counts = capture.counts();
  fmt::print(stderr, "{}  {} accesses, {} past the cache, {} kept\n", is_tty ? "\r" : "",
             counts.accesses, counts.misses, counts.kept);
  if (counts.accesses == 0) {
    throw std::runtime_error("traces capture: no memory access was captured from " +
                             args.command.front() + "; valgrind said:" + log.text());
  }
  if (trace.accesses.empty()) {
    throw std::runtime_error("traces capture: every access hit the " + fmt::format("{}", args.llc_mb) +
                             " MiB cache filter or was sampled out; nothing to write");
  }
  const int exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
  if (exit_code != 0) {
    fmt::print(stderr, "note: {} exited with status {}; its accesses so far are kept\n",
               args.command.front(), exit_code);
  }
  traces::write_page_trace(trace, args.output);
  fmt::print(stderr, "wrote {} accesses over {} pages ({} bytes each; one in {} kept{}) to {}\n",
             trace.accesses.size(), trace.pages(), trace.page_size, trace.sample_period,
             args.llc_mb > 0 ? fmt::format(", past a {} MiB cache", args.llc_mb) : std::string(),
             args.output);
  return 0;
}

}  // namespace crucible::cli
