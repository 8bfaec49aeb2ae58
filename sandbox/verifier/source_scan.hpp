// Raw lexing of a source with Clang's lexer, before any parsing: preprocessor directives and
// identifiers, so that includes and pragmas are judged before the preprocessor acts on them.
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace crucible::sandbox::verifier {

struct Directive {
  std::string name;  // "include", "pragma", "define", ... (empty for a lone '#')
  std::string rest;  // the rest of the logical line, continuations joined
  // The tokens after the name as the preprocessor sees them: comments dropped (even one that runs
  // onto the next line), continuations joined, "##" and "#" for their digraphs.
  std::vector<std::string> tokens;
  unsigned line = 0;
  unsigned column = 0;
};

struct IdentifierUse {
  std::string name;
  unsigned line = 0;
  unsigned column = 0;
};

struct SourceScan {
  std::vector<Directive> directives;
  // Every identifier outside directives, in order, spelled as the compiler reads it (a name split
  // by a backslash-newline is joined).
  std::vector<IdentifierUse> identifiers;
};

SourceScan scan_source(std::string_view text);

// True for a name the implementation reserves: a double underscore anywhere, or an underscore
// and a capital first.
bool is_reserved_name(std::string_view name);

// The identifiers a header declares or uses, keywords left out.
std::vector<std::string> scan_identifiers(std::string_view text);

}  // namespace crucible::sandbox::verifier
