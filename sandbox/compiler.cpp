#include "compiler.hpp"

#include <cerrno>
#include <cstdlib>
#include <fstream>
#include <system_error>

#include "clang_parse.hpp"

namespace crucible::sandbox {
namespace {

void write_file(const std::filesystem::path& path, const std::string& text) {
  std::ofstream out(path, std::ios::binary);
  out << text;
  if (!out) throw std::system_error(errno, std::generic_category(), "write " + path.string());
}

}  // namespace

std::string resolve_compiler(const CompilerOptions& options) {
  if (!options.compiler.empty()) return options.compiler;
  if (const char* env = std::getenv("CRUCIBLE_CXX"); env != nullptr && *env != '\0') return env;
  return CRUCIBLE_CANDIDATE_CXX;
}

CompileJob prepare_compile(const CandidateSource& candidate, const CompilerOptions& options,
                           const std::string& pch) {
  CompileJob job{TempDir("crucible-candidate"), {}, {}};
  const auto& dir = job.dir.path();
  for (const auto& header : candidate.headers) write_file(dir / header.name, header.text);
  auto source_path = dir / std::string(kCandidateFileName);
  write_file(source_path, candidate.text);
  job.shared_object = dir / "candidate.so";

  job.argv.push_back(resolve_compiler(options));
  for (auto& flag : candidate_language_flags(candidate.headers, dir.string(), pch)) {
    job.argv.push_back(std::move(flag));
  }
  job.argv.insert(job.argv.end(), options.flags.begin(), options.flags.end());
  // -nostdlib: the host process already has libc, libm and libstdc++ loaded, and dlopen binds
  // the candidate's references to them; not linking them again halves the compile time.
  for (const char* flag : {"-fPIC", "-shared", "-nostdlib", "-fdiagnostics-color=never",
                           "-fno-caret-diagnostics", "-ferror-limit=20"}) {
    job.argv.emplace_back(flag);
  }
  job.argv.push_back(source_path.string());
  job.argv.emplace_back("-o");
  job.argv.push_back(job.shared_object.string());
  return job;
}

}  // namespace crucible::sandbox
