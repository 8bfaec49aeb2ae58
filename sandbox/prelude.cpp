#include "prelude.hpp"

#include <poll.h>
#include <sys/wait.h>

#include <chrono>
#include <fstream>
#include <map>
#include <mutex>

#include "clang_parse.hpp"
#include "process.hpp"

namespace crucible::sandbox {
namespace {

// Runs a command to completion (or its time limit); true when it exited 0.
bool run_command(const std::vector<std::string>& argv, std::chrono::milliseconds limit,
                 std::string& log) {
  Pipe output = make_pipe();
  ChildProcess child = ChildProcess::spawn(argv, output.write_end.get());
  output.write_end.reset();
  auto deadline = std::chrono::steady_clock::now() + limit;
  bool open = true;
  while (true) {
    if (open) open = drain_pipe(output.read_end.get(), log, 64 * 1024);
    if (auto status = child.try_wait()) {
      drain_pipe(output.read_end.get(), log, 64 * 1024);
      return WIFEXITED(*status) && WEXITSTATUS(*status) == 0;
    }
    if (std::chrono::steady_clock::now() >= deadline) {
      child.kill_and_wait();
      log += "\nprecompiling the prelude ran past its time limit";
      return false;
    }
    pollfd fd{child.exit_fd(), POLLIN, 0};
    ::poll(&fd, 1, 50);
  }
}

}  // namespace

std::shared_ptr<const Prelude> Prelude::for_candidate(const CandidateSource& candidate,
                                                      const CompilerOptions& options) {
  std::vector<std::string> flags = {"-fPIC"};
  flags.insert(flags.end(), options.flags.begin(), options.flags.end());
  return built_once(candidate.headers, candidate.rules.allowed_headers, resolve_compiler(options),
                    flags, options.timeout);
}

std::shared_ptr<const Prelude> Prelude::for_parsing(const std::vector<HeaderFile>& headers,
                                                    const std::vector<std::string>& library_headers) {
  // parse_source's language: C++20, nothing else that would define a macro or a language option
  // (a PCH built with -O2 or -fPIC is refused by a parse without them).
  const CompilerOptions defaults;
  return built_once(headers, library_headers, resolve_compiler(defaults), {}, defaults.timeout);
}

std::shared_ptr<const Prelude> Prelude::built_once(const std::vector<HeaderFile>& headers,
                                                   const std::vector<std::string>& library_headers,
                                                   const std::string& compiler,
                                                   const std::vector<std::string>& flags,
                                                   std::chrono::milliseconds timeout) {
  static std::mutex mutex;
  static std::map<std::string, std::shared_ptr<const Prelude>> built;
  std::lock_guard lock(mutex);
  std::string key = compiler;
  for (const auto& header : headers) key += "\n" + header.name + "\n" + header.text;
  for (const auto& name : library_headers) key += "\n<" + name + ">";
  for (const auto& flag : flags) key += "\n" + flag;
  if (auto found = built.find(key); found != built.end()) return found->second;
  std::shared_ptr<Prelude> prelude(new Prelude());
  if (!prelude->build(headers, library_headers, compiler, flags, timeout)) prelude.reset();
  built.emplace(key, prelude);
  return prelude;
}

bool Prelude::build(const std::vector<HeaderFile>& headers,
                    const std::vector<std::string>& library_headers, const std::string& compiler,
                    const std::vector<std::string>& flags, std::chrono::milliseconds timeout) {
  const auto& dir = dir_.path();
  std::ofstream prelude(dir / "prelude.h");
  for (const auto& header : headers) {
    std::ofstream(dir / header.name) << header.text;
    prelude << "#include \"" << header.name << "\"\n";
  }
  for (const auto& name : library_headers) prelude << "#include <" << name << ">\n";
  prelude.close();
  if (!prelude) return false;

  pch_ = dir / "prelude.pch";
  // -fpch-instantiate-templates: the templates the headers leave pending (libstdc++'s <cmath>
  // leaves its special functions, about 70 ms of work) are instantiated once, here, instead of
  // at the end of every translation unit that uses the PCH. The objects built are the same.
  std::vector<std::string> command = {compiler, "-std=c++20", "-xc++-header",
                                      "-fpch-instantiate-templates"};
  command.insert(command.end(), flags.begin(), flags.end());
  command.insert(command.end(), {"-resource-dir=" CRUCIBLE_CLANG_RESOURCE_DIR,
                                 "-fno-crash-diagnostics", (dir / "prelude.h").string(), "-o",
                                 pch_.string()});
  return run_command(command, timeout, build_log_);
}

}  // namespace crucible::sandbox
