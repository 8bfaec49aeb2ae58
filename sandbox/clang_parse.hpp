// In-process parsing of candidate sources with Clang: the type-check step shared by the verifier
// and by source-to-source mutators. Parsing never runs candidate code.
#pragma once

#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "source.hpp"

namespace clang {
class ASTUnit;
class DiagnosticConsumer;
}

namespace crucible::sandbox {

// The file name a parsed candidate has inside its ASTUnit.
inline constexpr std::string_view kCandidateFileName = "candidate.cpp";
// Where the interface headers live in the parser's in-memory file system.
inline constexpr std::string_view kVirtualHeaderDir = "/crucible-interfaces";

struct ParsedSource {
  std::unique_ptr<clang::ASTUnit> ast;  // null only when Clang could not start at all
  std::vector<Diagnostic> errors;       // errors in the candidate (or in the headers it includes)
  ParsedSource();
  ParsedSource(ParsedSource&&) noexcept;
  ParsedSource& operator=(ParsedSource&&) noexcept;
  ~ParsedSource();
  [[nodiscard]] bool is_ok() const { return ast != nullptr && errors.empty(); }
};

// Parses and type-checks `source` as C++20 with the headers mapped in memory and force-included,
// for source-to-source tools (mutators, canonical forms, tuning). The verifier, which also
// compiles, runs its own invocation with the compiler's flags (verifier.hpp). With `pch` (a
// Prelude's pch), the headers come precompiled from it instead.
[[nodiscard]] ParsedSource parse_source(std::string_view source,
                                        const std::vector<HeaderFile>& headers,
                                        const std::string& pch = {});

// The language and header flags shared by parse_source and the verifier's compiling invocation.
// With `pch`, the headers are taken from it (-include-pch) instead of being force-included.
// A Clang diagnostic consumer that appends each error (not warnings) to `out`, positioned in the
// candidate's source; an error inside a header is prefixed with that header's name.
std::unique_ptr<clang::DiagnosticConsumer> make_error_collector(std::vector<Diagnostic>& out);

std::vector<std::string> candidate_language_flags(const std::vector<HeaderFile>& headers,
                                                  std::string_view header_dir,
                                                  const std::string& pch = {});

}  // namespace crucible::sandbox
