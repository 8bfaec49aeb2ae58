#include "context.hpp"

#include <clang/AST/ASTContext.h>
#include <clang/AST/Decl.h>
#include <clang/AST/DeclCXX.h>
#include <clang/Basic/SourceManager.h>
#include <llvm/Support/Path.h>

#include <algorithm>

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
  if (location.isInvalid() || sources.isInMainFile(location) ||
      sources.isInSystemHeader(location)) {
    return false;
  }
  // Force-included, the headers sit in kVirtualHeaderDir; from a precompiled prelude, in the
  // directory it was built in. Either way they are the only user headers with these names.
  llvm::StringRef file = llvm::sys::path::filename(sources.getFilename(location));
  return std::any_of(candidate_.headers.begin(), candidate_.headers.end(),
                     [&](const HeaderFile& header) { return file == header.name; });
}

bool Context::is_in_candidate(const clang::Decl& decl) const {
  const auto& sources = decl.getASTContext().getSourceManager();
  return sources.isInMainFile(sources.getExpansionLoc(decl.getLocation()));
}

void Context::report(unsigned line, unsigned column, std::string_view check, std::string reason) {
  // A source written to flood the findings (which go to the store and back into a repair prompt)
  // gets the first few, each of a sane length, and a count of the rest.
  constexpr size_t kMaxFindings = 50;
  constexpr size_t kMaxReasonBytes = 300;
  std::string prefix = std::string(check) + ": ";
  for (const auto& existing : findings_) {
    // One finding per check and place; two checks at one place both speak (a reinterpret_cast
    // that is also subscripted is two faults).
    if (existing.line == line && existing.column == column &&
        existing.message.starts_with(prefix)) {
      return;
    }
  }
  if (findings_.size() < kMaxFindings) {
    if (reason.size() > kMaxReasonBytes) reason = reason.substr(0, kMaxReasonBytes) + "...";
    findings_.push_back({line, column, prefix + std::move(reason)});
    return;
  }
  // Past the cap, one last finding counts the rest.
  if (dropped_++ == 0) findings_.emplace_back();
  findings_.back() = {0, 0, "verifier: " + std::to_string(dropped_) + " more " +
                                (dropped_ == 1 ? "finding" : "findings") + " not shown"};
}

void Context::report(const clang::SourceManager& sources, clang::SourceLocation location,
                     std::string_view check, std::string reason) {
  auto presumed = sources.getPresumedLoc(sources.getExpansionLoc(location));
  unsigned line = presumed.isValid() ? presumed.getLine() : 0;
  unsigned column = presumed.isValid() ? presumed.getColumn() : 0;
  report(line, column, check, std::move(reason));
}

bool holds_address(clang::QualType type) {
  const auto* base = type->getBaseElementTypeUnsafe();
  if (base->isPointerType() || base->isReferenceType() || base->isMemberPointerType()) return true;
  const auto* record = base->getAsCXXRecordDecl();
  if (record == nullptr || !record->hasDefinition()) return false;
  for (const auto& parent : record->bases()) {
    if (holds_address(parent.getType())) return true;
  }
  for (const auto* field : record->fields()) {
    if (holds_address(field->getType())) return true;
  }
  return false;
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
