// In-process parsing of candidate sources with Clang: the type-check step shared by the verifier
// and by source-to-source mutators. Parsing never runs candidate code.
#pragma once

#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "source.hpp"

namespace clang {
class ASTContext;
class ASTUnit;
class Decl;
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
// Prelude::for_parsing pch) and a source that has an #include line, the headers and every
// library header the prelude holds come precompiled from it instead; a source without includes
// is parsed without it, which is faster.
[[nodiscard]] ParsedSource parse_source(std::string_view source,
                                        const std::vector<HeaderFile>& headers,
                                        const std::string& pch = {});

// Whether `source` has an #include line. Parsing such a source against a parse prelude
// (Prelude::for_parsing) is several times faster than parsing its library headers anew; one
// without includes parses fastest without a prelude.
[[nodiscard]] bool has_include_line(std::string_view source);

// The translation unit's top-level declarations written in the candidate's main file, in order:
// a traversal that starts from these alone sees every function of the candidate and none of the
// thousands of declarations the headers and a prelude hold.
[[nodiscard]] std::vector<clang::Decl*> main_file_decls(clang::ASTContext& ast);

// The language and header flags shared by parse_source and the verifier's compiling invocation.
// With `pch`, the headers are taken from it (-include-pch) instead of being force-included.
// A Clang diagnostic consumer that appends each error (not warnings) to `out`, positioned in the
// candidate's source; an error inside a header is prefixed with that header's name.
std::unique_ptr<clang::DiagnosticConsumer> make_error_collector(std::vector<Diagnostic>& out);

std::vector<std::string> candidate_language_flags(const std::vector<HeaderFile>& headers,
                                                  std::string_view header_dir,
                                                  const std::string& pch = {});

}  // namespace crucible::sandbox
