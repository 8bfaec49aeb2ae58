#include "compiler.hpp"

#include <cerrno>
#include <cstdlib>
#include <fstream>
#include <system_error>

namespace crucible::sandbox {

std::string resolve_compiler(const CompilerOptions& options) {
  if (!options.compiler.empty()) return options.compiler;
  if (const char* env = std::getenv("CRUCIBLE_CXX"); env != nullptr && *env != '\0') return env;
  return CRUCIBLE_CANDIDATE_CXX;
}

std::string resolve_linker(const CompilerOptions& options) {
  if (!options.linker.empty()) return options.linker;
  if (const char* env = std::getenv("CRUCIBLE_LD"); env != nullptr && *env != '\0') return env;
  return CRUCIBLE_CANDIDATE_LD;
}

CompileJob prepare_compile(const CompilerOptions& options, const std::string& entry_symbol) {
  CompileJob job{TempDir("crucible-candidate"), {}, {}, {}};
  const auto& dir = job.dir.path();
  job.object = dir / "candidate.o";
  job.shared_object = dir / "candidate.so";
  const auto exports = dir / "exports.map";
  {
    std::ofstream script(exports);
    script << "{ global: " << entry_symbol << "; local: *; };\n";
    if (!script) throw std::system_error(errno, std::generic_category(), "write " + exports.string());
  }
  job.argv.push_back(resolve_linker(options));
  // What clang++ -shared -nostdlib would pass: no start files and no libraries, since the host
  // process already has libc, libm and libstdc++ loaded and dlopen binds the candidate's
  // references to them. Eager binding and a read-only relocation table; no executable stack (the
  // checks in shared_object_check.hpp refuse a shared object that asks for one).
  for (const char* flag : {"-shared", "--hash-style=gnu", "--eh-frame-hdr", "-z", "now", "-z",
                           "relro", "-z", "noexecstack"}) {
    job.argv.emplace_back(flag);
  }
  job.argv.push_back("--version-script=" + exports.string());
  job.argv.push_back(job.object.string());
  job.argv.emplace_back("-o");
  job.argv.push_back(job.shared_object.string());
  return job;
}

}  // namespace crucible::sandbox
