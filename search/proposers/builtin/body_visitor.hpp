// Shared by the site collectors (not a public header): an AST visitor that knows which of the
// candidate's own function bodies encloses the statement it is at, and maps AST ranges to byte
// spans of the candidate's main file, refusing anything a macro wrote.
#pragma once

#include <clang/AST/ASTContext.h>
#include <clang/AST/Decl.h>
#include <clang/AST/ExprCXX.h>
#include <clang/AST/RecursiveASTVisitor.h>
#include <clang/Basic/SourceManager.h>
#include <clang/Lex/Lexer.h>
#include <llvm/ADT/DenseMap.h>

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "sandbox/source.hpp"
#include "search/proposers/builtin/mutation_sites.hpp"

namespace crucible::search::proposers {

// True when `field` is one of `hidden`, "Record.field", the record named as declared or, when
// anonymous, by its typedef.
inline bool is_hidden(const clang::FieldDecl& field, const std::vector<std::string>& hidden) {
  if (hidden.empty()) return false;
  const clang::RecordDecl& record = *field.getParent();
  std::string name = record.getName().str();
  if (name.empty()) {
    if (const auto* typedef_name = record.getTypedefNameForAnonDecl()) {
      name = typedef_name->getName().str();
    }
  }
  const std::string full = name + "." + field.getName().str();
  for (const auto& entry : hidden) {
    if (entry == full) return true;
  }
  return false;
}

template <typename Derived>
class BodyVisitor : public clang::RecursiveASTVisitor<Derived> {
 public:
  using Base = clang::RecursiveASTVisitor<Derived>;

  // `hidden`: interface fields, "Record.field", that the mutator must not write (gated features).
  BodyVisitor(clang::ASTContext& context, const std::vector<sandbox::HeaderFile>& headers,
              const std::vector<std::string>& hidden)
      : context_(context),
        sources_(context.getSourceManager()),
        language_(context.getLangOpts()),
        main_file_(sources_.getMainFileID()),
        main_text_(sources_.getBufferData(main_file_)),
        headers_(headers),
        hidden_(hidden) {}

  // Tracks which function body encloses each statement, so sites outside bodies (default member
  // initializers, global initializers, array bounds) are never collected. A body is traversed at
  // once rather than queued, so that its statements are visited while it is on the stack.
  bool TraverseStmt(clang::Stmt* stmt, typename Base::DataRecursionQueue* queue = nullptr) {
    const auto body = bodies_.find(stmt);
    if (body == bodies_.end()) return Base::TraverseStmt(stmt, queue);
    enclosing_.push_back(body->second);
    const bool keep_going = Base::TraverseStmt(stmt);
    enclosing_.pop_back();
    return keep_going;
  }

  bool VisitFunctionDecl(clang::FunctionDecl* function) {
    if (function->doesThisDeclarationHaveABody() && !function->isDefaulted() &&
        sources_.isInMainFile(sources_.getExpansionLoc(function->getLocation()))) {
      bodies_[function->getBody()] = function;
    }
    return true;
  }

  bool VisitLambdaExpr(clang::LambdaExpr* lambda) {
    bodies_[lambda->getBody()] = lambda->getCallOperator();
    return true;
  }

 protected:
  [[nodiscard]] bool is_in_body() const { return !enclosing_.empty(); }
  [[nodiscard]] const clang::FunctionDecl& enclosing_function() const { return *enclosing_.back(); }

  // The span of `range` when it lies wholly in the main file, after mapping macro arguments out.
  [[nodiscard]] std::optional<SourceSpan> main_file_span(clang::CharSourceRange range) const {
    const clang::CharSourceRange file_range =
        clang::Lexer::makeFileCharRange(range, sources_, language_);
    if (file_range.isInvalid()) return std::nullopt;
    const auto [begin_file, begin] = sources_.getDecomposedLoc(file_range.getBegin());
    const auto [end_file, end] = sources_.getDecomposedLoc(file_range.getEnd());
    if (begin_file != main_file_ || end_file != main_file_ || end <= begin) return std::nullopt;
    return SourceSpan{begin, end, sources_.getLineNumber(main_file_, begin),
                      sources_.getColumnNumber(main_file_, begin)};
  }

  // The span of the single token at `location`, unless a macro wrote it.
  [[nodiscard]] std::optional<SourceSpan> token_span(clang::SourceLocation location) const {
    if (location.isInvalid() || location.isMacroID()) return std::nullopt;
    return main_file_span(clang::CharSourceRange::getTokenRange(location));
  }

  // The span of a node whose first and last tokens are both written in the main file itself:
  // nothing at its edges comes from a macro, so replacing the span replaces exactly the node.
  [[nodiscard]] std::optional<SourceSpan> written_span(clang::SourceRange range) const {
    if (range.getBegin().isMacroID() || range.getEnd().isMacroID()) return std::nullopt;
    return main_file_span(clang::CharSourceRange::getTokenRange(range));
  }

  [[nodiscard]] std::string text_of(const SourceSpan& span) const {
    return std::string(main_text_.substr(span.begin, span.end - span.begin));
  }

  // Declared in one of the interface headers: not the candidate, not a system header.
  [[nodiscard]] bool is_interface_decl(const clang::Decl& decl) const {
    const clang::SourceLocation location = sources_.getExpansionLoc(decl.getLocation());
    if (sources_.isInMainFile(location) || sources_.isInSystemHeader(location)) return false;
    const std::string_view file = sources_.getFilename(location);
    for (const auto& header : headers_) {
      if (file == header.name || file.ends_with("/" + header.name)) return true;
    }
    return false;
  }

  // One of the hidden fields: "Record.field", the record named as declared or by its typedef.
  [[nodiscard]] bool is_hidden_field(const clang::FieldDecl& field) const {
    return is_hidden(field, hidden_);
  }

  [[nodiscard]] bool is_in_main_file(const clang::Decl& decl) const {
    return sources_.isInMainFile(sources_.getExpansionLoc(decl.getLocation()));
  }

  clang::ASTContext& context_;
  const clang::SourceManager& sources_;
  const clang::LangOptions& language_;
  clang::FileID main_file_;
  std::string_view main_text_;
  const std::vector<sandbox::HeaderFile>& headers_;
  const std::vector<std::string>& hidden_;

 private:
  llvm::DenseMap<const clang::Stmt*, const clang::FunctionDecl*> bodies_;
  std::vector<const clang::FunctionDecl*> enclosing_;
};

}  // namespace crucible::search::proposers
