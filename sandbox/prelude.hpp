// Precompiled headers for a domain: its interface headers and the library headers its candidates
// may include, built once per run with the compiler's flags, for the verifier's one Clang
// invocation that checks and compiles each candidate (Clang refuses a PCH built with other
// language options or macros).
#pragma once

#include <filesystem>
#include <memory>
#include <string>

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

  const std::filesystem::path& pch() const { return pch_; }
  const std::string& build_log() const { return build_log_; }

 private:
  Prelude() = default;
  bool build(const CandidateSource& candidate, const CompilerOptions& options);

  TempDir dir_{"crucible-prelude"};
  std::filesystem::path pch_;
  std::string build_log_;
};

}  // namespace crucible::sandbox
