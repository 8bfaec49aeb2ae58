#include "context.hpp"

#include <clang/AST/ASTContext.h>
#include <clang/AST/Decl.h>
#include <clang/AST/DeclCXX.h>
#include <clang/Basic/SourceManager.h>

#include <algorithm>

#include "sandbox/clang_parse.hpp"
#include "source_scan.hpp"

namespace crucible::sandbox::verifier {

Context::Context(const CandidateSource& candidate) : candidate_(candidate) {
  for (const auto& header : candidate.headers) {
    for (auto& name : scan_identifiers(header.text)) interface_names_.insert(std::move(name));
  }
}

bool Context::is_allowed_function(std::string_view unqualified) const {
  const auto& allowed = rules().allowed_functions;
  return std::find(allowed.begin(), allowed.end(), unqualified) != allowed.end();
}

bool Context::is_allowed_type(std::string_view unqualified) const {
  const auto& allowed = rules().allowed_types;
  return std::find(allowed.begin(), allowed.end(), unqualified) != allowed.end();
}

bool Context::is_in_interface(const clang::Decl& decl) const {
  const auto& sources = decl.getASTContext().getSourceManager();
  auto location = sources.getExpansionLoc(decl.getLocation());
  if (location.isInvalid()) return false;
  llvm::StringRef file = sources.getFilename(location);
  return file.starts_with(std::string(kVirtualHeaderDir) + "/");
}

bool Context::is_in_candidate(const clang::Decl& decl) const {
  const auto& sources = decl.getASTContext().getSourceManager();
  return sources.isInMainFile(sources.getExpansionLoc(decl.getLocation()));
}

void Context::report(unsigned line, unsigned column, std::string_view check, std::string reason) {
  for (const auto& existing : findings_) {
    if (existing.line == line && existing.column == column) return;  // one finding per place
  }
  findings_.push_back({line, column, std::string(check) + ": " + std::move(reason)});
}

void Context::report(const clang::SourceManager& sources, clang::SourceLocation location,
                     std::string_view check, std::string reason) {
  auto presumed = sources.getPresumedLoc(sources.getExpansionLoc(location));
  unsigned line = presumed.isValid() ? presumed.getLine() : 0;
  unsigned column = presumed.isValid() ? presumed.getColumn() : 0;
  report(line, column, check, std::move(reason));
}

std::string unqualified_path(const clang::Decl& decl) {
  std::vector<std::string> parts;
  if (const auto* named = llvm::dyn_cast<clang::NamedDecl>(&decl)) {
    parts.push_back(named->getNameAsString());
  }
  for (const auto* context = decl.getDeclContext(); context != nullptr;
       context = context->getParent()) {
    if (const auto* record = llvm::dyn_cast<clang::RecordDecl>(context)) {
      parts.push_back(record->getNameAsString());
    }
  }
  std::string path;
  for (auto it = parts.rbegin(); it != parts.rend(); ++it) {
    if (!path.empty()) path += "::";
    path += *it;
  }
  return path;
}

}  // namespace crucible::sandbox::verifier
