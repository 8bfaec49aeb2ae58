// A candidate's source and the interface headers it compiles against.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace crucible::sandbox {

// A header handed to the candidate, reachable as #include "name" and force-included.
struct HeaderFile {
  std::string name;  // file name, for example "cache.h"
  std::string text;
};

// What a domain lets its candidates use; everything else is rejected by the verifier.
struct CandidateRules {
  std::vector<std::string> allowed_headers;    // for #include <...>, besides the interface headers
  std::vector<std::string> allowed_functions;  // library functions, unqualified: "log", "min"
  std::vector<std::string> allowed_types;      // library class templates: "array", "numeric_limits"
  bool allows_heap = false;                    // new/delete and allocating containers
  size_t max_source_bytes = 256 * 1024;
};

struct CandidateSource {
  std::string text;                  // the candidate's C++ source
  std::vector<HeaderFile> headers;   // interface headers, force-included in this order
  std::string entry_symbol;          // the extern "C" function the candidate must define
  CandidateRules rules;
};

// One compiler or verifier diagnostic, positioned in the candidate's source.
struct Diagnostic {
  unsigned line = 0;
  unsigned column = 0;
  std::string message;
};

// "line:col: message" lines, ready to go back into a repair prompt.
std::string format_diagnostics(const std::vector<Diagnostic>& diagnostics);

// A candidate as bytes, for the trip to a verifier process, and back (every field, exactly).
// parse_candidate gives nullopt for text that serialize_candidate did not write.
std::string serialize_candidate(const CandidateSource& candidate);
std::optional<CandidateSource> parse_candidate(std::string_view text);

// What the verifier child is asked: check `candidate` and, when `object` is set, emit it there as
// an object file from the very AST it checked, with `flags` (the compiler's, see
// CompilerOptions::flags) and `pch` (a Prelude's, or empty to force-include the headers).
struct VerifyRequest {
  CandidateSource candidate;
  std::string pch;
  std::vector<std::string> flags;
  std::string object;
};

std::string serialize_verify_request(const VerifyRequest& request);
std::optional<VerifyRequest> parse_verify_request(std::string_view text);

}  // namespace crucible::sandbox
