// Checks a candidate and compiles what it checked. The raw tokens are judged first (directives,
// names, size); then one Clang invocation, with the compiler's own flags, parses the candidate,
// runs every AST check on that AST and, only when none objects, generates the object file from
// the same AST. Nothing lies between the checked program and the generated code: no second
// parse, no other flags or macros.
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

// Runs every check, and the code generator when `request.object` is set, in this process.
// Parsing runs no candidate code, but a hostile source can make the parser slow or hungry: the
// pipeline calls this only inside a limited child. kOk with an object means the object exists.
[[nodiscard]] VerifyOutcome verify(const VerifyRequest& request);
// Checks only, with the default compile flags; `pch`: a Prelude's pch, or empty.
[[nodiscard]] VerifyOutcome verify(const CandidateSource& candidate, const std::string& pch = {});

// Confines the calling verifier child with Landlock (landlock.hpp): it reads the toolchain and
// the prelude's directory, writes only beneath the object's directory, connects nowhere. True
// when confined, or when the kernel has no Landlock (nothing to apply); false when it has
// Landlock but the rules could not be built or were refused.
[[nodiscard]] bool confine_verifier(const VerifyRequest& request);

// The verdict as text for the trip from the verifier child to the parent, and back.
std::string serialize_verdict(const VerifyOutcome& outcome);
// Nullopt when the text is not a well-formed verdict.
std::optional<VerifyOutcome> parse_verdict(const std::string& text);

}  // namespace crucible::sandbox
