// A candidate's source and the interface headers it compiles against.
#pragma once

#include <string>
#include <vector>

namespace crucible::sandbox {

// A header handed to the candidate, reachable as #include "name" and force-included.
struct HeaderFile {
  std::string name;  // file name, for example "cache.h"
  std::string text;
};

struct CandidateSource {
  std::string text;                  // the candidate's C++ source
  std::vector<HeaderFile> headers;   // interface headers, force-included in this order
  std::string entry_symbol;          // the extern "C" function the candidate must define
};

// One compiler or verifier diagnostic, positioned in the candidate's source.
struct Diagnostic {
  unsigned line = 0;
  unsigned column = 0;
  std::string message;
};

// "line:col: message" lines, ready to go back into a repair prompt.
std::string format_diagnostics(const std::vector<Diagnostic>& diagnostics);

}  // namespace crucible::sandbox
