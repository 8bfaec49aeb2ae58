// Running the crucible binary as a user would, for the command-line tests.
#pragma once

#include <sys/wait.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>

namespace crucible::testing {

struct Outcome {
  int exit_code = -1;
  std::string out;
  std::string err;
};

inline std::string slurp(const std::filesystem::path& path) {
  std::ifstream in(path);
  std::stringstream buffer;
  buffer << in.rdbuf();
  return buffer.str();
}

// Runs crucible with `args` (shell words) in `dir`; stdout and stderr go through files there.
inline Outcome run_cli(const std::string& args, const std::filesystem::path& dir) {
  const std::string command =
      "cd '" + dir.string() + "' && '" CRUCIBLE_BINARY "' " + args + " > cli.out 2> cli.err";
  const int status = std::system(command.c_str());
  Outcome outcome;
  outcome.exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
  outcome.out = slurp(dir / "cli.out");
  outcome.err = slurp(dir / "cli.err");
  return outcome;
}

}  // namespace crucible::testing
