// Shared state of one verification: the rules, what the interface declares, and the findings.
#pragma once

#include <set>
#include <string>
#include <string_view>
#include <vector>

#include "sandbox/source.hpp"

namespace clang {
class Decl;
class SourceLocation;
class SourceManager;
}  // namespace clang

namespace crucible::sandbox::verifier {

class Context {
 public:
  explicit Context(const CandidateSource& candidate);

  const CandidateSource& candidate() const { return candidate_; }
  const CandidateRules& rules() const { return candidate_.rules; }
  // Identifiers the interface headers declare (types, fields, functions, macros).
  const std::set<std::string>& interface_names() const { return interface_names_; }

  bool is_allowed_function(std::string_view unqualified) const;
  bool is_allowed_type(std::string_view unqualified) const;
  // True for a declaration written in one of the interface headers.
  bool is_in_interface(const clang::Decl& decl) const;
  // True for a declaration written in the candidate's own file.
  bool is_in_candidate(const clang::Decl& decl) const;

  void report(unsigned line, unsigned column, std::string_view check, std::string reason);
  void report(const clang::SourceManager& sources, clang::SourceLocation location,
              std::string_view check, std::string reason);
  const std::vector<Diagnostic>& findings() const { return findings_; }

 private:
  const CandidateSource& candidate_;
  std::set<std::string> interface_names_;
  std::vector<Diagnostic> findings_;
  size_t dropped_ = 0;  // findings past the cap, counted in the last one
};

// "std::__cxx11::numeric_limits<double>::max" -> "numeric_limits::max": namespaces, inline
// namespaces and template arguments dropped, classes kept.
std::string unqualified_path(const clang::Decl& decl);

}  // namespace crucible::sandbox::verifier
