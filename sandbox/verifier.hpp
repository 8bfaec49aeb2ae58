// Checks a candidate before it is compiled: it must type-check against its interface headers and
// define the entry point. (Issue 3 adds one AST-matcher check per file for hostile constructs.)
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "source.hpp"
#include "status.hpp"

namespace crucible::sandbox {

struct VerifyOutcome {
  Status status = Status::kOk;  // kOk, kCompileError (does not type-check) or kRejected
  std::vector<Diagnostic> diagnostics;
};

// Runs every check in this process. Parsing runs no candidate code, but a hostile source can make
// the parser slow or hungry: the pipeline calls this only inside a limited child (below).
// `pch`: a Prelude's parse_pch, or empty.
[[nodiscard]] VerifyOutcome verify(const CandidateSource& candidate, const std::string& pch = {});

// The verdict as text for the trip from the verifier child to the parent, and back.
std::string serialize_verdict(const VerifyOutcome& outcome);
// Nullopt when the text is not a well-formed verdict.
std::optional<VerifyOutcome> parse_verdict(const std::string& text);

}  // namespace crucible::sandbox
