// The pre-initialized worker: one process forked early from the process that has loaded the
// inputs (traces), single-threaded from then on. For each candidate run it forks an isolated
// child, so children share the loaded inputs copy-on-write and the search process, which may
// run threads, never forks a candidate from its own state. It forks the verifier's children too:
// they run libclang, and a fork of the search process while one of its proposer threads is
// inside libclang could leave a lock held in the child for ever.
#pragma once

#include <sys/types.h>

#include <cstdint>
#include <deque>
#include <chrono>
#include <filesystem>
#include <initializer_list>
#include <memory>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "isolated_run.hpp"
#include "process.hpp"
#include "source.hpp"

namespace crucible::sandbox {

class Worker {
 public:
  // Forks the worker now. An isolated child it starts runs one of `bodies` (chosen per launch by
  // its index) on the candidate's entry; a domain with a cheap stage has two, quick and full.
  static std::unique_ptr<Worker> start(std::vector<ChildBody> bodies);
  // One body: every launch uses body 0.
  static std::unique_ptr<Worker> start(ChildBody body);
  ~Worker();  // the worker exits when its socket closes, and its children die with it
  Worker(const Worker&) = delete;
  Worker& operator=(const Worker&) = delete;

  // Starts an isolated run of body number `body` (see start_isolated) and returns the child's
  // pid, which leads its process group; nullopt when the worker is gone or has no such body.
  std::optional<pid_t> launch(uint64_t id, size_t body, const std::filesystem::path& shared_object,
                              const std::string& entry_symbol, const RunLimits& limits,
                              size_t address_shift_pages, int result_fd, int output_fd);

  // Starts the verifier on `request` (verifier.hpp: it checks and, when asked, writes the object)
  // in a child limited to `timeout`, `memory_bytes` more address space and files of at most
  // `max_file_bytes`; it writes serialize_verdict's text to `result_fd`, and its diagnostics to
  // `output_fd`. Returns the child's pid (its process group), whose exit is reported like a
  // run's; nullopt when the worker is gone.
  std::optional<pid_t> launch_verify(uint64_t id, const VerifyRequest& request,
                                     std::chrono::milliseconds timeout, uint64_t memory_bytes,
                                     uint64_t max_file_bytes, int result_fd, int output_fd);

  // Readable when exit reports are waiting.
  int event_fd() const { return socket_.get(); }
  // Reports received so far: (launch id, wait status). Marks the worker dead on end of file.
  std::deque<std::pair<uint64_t, int>> take_exits();
  bool is_alive() const { return alive_; }
  pid_t pid() const { return process_.pid(); }  // for diagnostics and tests
  size_t body_count() const { return body_count_; }

 private:
  Worker() = default;
  bool read_message(bool blocking);
  std::optional<pid_t> send_launch(uint64_t id, const std::string& bytes,
                                   std::initializer_list<int> fds);

  UniqueFd socket_;
  ChildProcess process_;
  bool alive_ = true;
  size_t body_count_ = 0;
  std::optional<std::pair<uint64_t, pid_t>> last_launch_;
  std::deque<std::pair<uint64_t, int>> exits_;
};

}  // namespace crucible::sandbox
