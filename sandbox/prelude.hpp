// Precompiled headers for a domain: its interface headers and the library headers its candidates
// may include, built once per run with the compiler's flags, for the verifier's one Clang
// invocation that checks and compiles each candidate (Clang refuses a PCH built with other
// language options or macros).
#pragma once

#include <chrono>
#include <filesystem>
#include <memory>
#include <string>
#include <vector>

#include "compiler.hpp"
#include "source.hpp"
#include "temp_dir.hpp"

namespace crucible::sandbox {

class Prelude {
 public:
  // The prelude for this candidate's headers, rules and compiler options, built on first use and
  // shared after. Returns nullptr when it cannot be built; candidates then compile without one.
  static std::shared_ptr<const Prelude> for_candidate(const CandidateSource& candidate,
                                                      const CompilerOptions& options);

  // The prelude for parse_source (clang_parse.hpp): the same headers, built with its flags
  // alone. Built on first use and shared after; nullptr when it cannot be built (sources are
  // then parsed without one). Safe to call from several threads.
  static std::shared_ptr<const Prelude> for_parsing(const std::vector<HeaderFile>& headers,
                                                    const std::vector<std::string>& library_headers);

  const std::filesystem::path& pch() const { return pch_; }
  const std::string& build_log() const { return build_log_; }

 private:
  Prelude() = default;
  // The prelude for these headers, compiler and flags: built on first use, shared after (null
  // when it could not be built). Safe to call from several threads.
  static std::shared_ptr<const Prelude> built_once(const std::vector<HeaderFile>& headers,
                                                   const std::vector<std::string>& library_headers,
                                                   const std::string& compiler,
                                                   const std::vector<std::string>& flags,
                                                   std::chrono::milliseconds timeout);
  // Writes the headers and prelude.h, then precompiles it with `flags` after the language ones.
  bool build(const std::vector<HeaderFile>& headers, const std::vector<std::string>& library_headers,
             const std::string& compiler, const std::vector<std::string>& flags,
             std::chrono::milliseconds timeout);

  TempDir dir_{"crucible-prelude"};
  std::filesystem::path pch_;
  std::string build_log_;
};

}  // namespace crucible::sandbox
