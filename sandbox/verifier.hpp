// Checks a candidate before it is compiled: it must type-check against its interface headers and
// define the entry point. (Issue 3 adds one AST-matcher check per file for hostile constructs.)
#pragma once

#include <vector>

#include "source.hpp"
#include "status.hpp"

namespace crucible::sandbox {

struct VerifyOutcome {
  Status status = Status::kOk;  // kOk, kCompileError (does not type-check) or kRejected
  std::vector<Diagnostic> diagnostics;
};

[[nodiscard]] VerifyOutcome verify(const CandidateSource& candidate);

}  // namespace crucible::sandbox
