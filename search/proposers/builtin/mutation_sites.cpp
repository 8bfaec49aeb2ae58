#include "search/proposers/builtin/mutation_sites.hpp"

#include <clang/AST/ASTContext.h>
#include <clang/AST/Decl.h>
#include <clang/AST/Expr.h>
#include <clang/AST/ExprCXX.h>
#include <clang/AST/RecursiveASTVisitor.h>
#include <clang/AST/Stmt.h>
#include <clang/Basic/SourceManager.h>
#include <clang/Frontend/ASTUnit.h>
#include <clang/Lex/Lexer.h>
#include <llvm/ADT/DenseMap.h>

#include <optional>
#include <utility>

namespace crucible::search::proposers {
namespace {

// Enums are arithmetic to Clang but swapping one for a count is not a meaningful feature.
bool is_feature_type(clang::QualType type) {
  const clang::QualType canonical = type.getCanonicalType();
  return canonical->isArithmeticType() && !canonical->isEnumeralType();
}

// The named arithmetic fields of `record`, in declaration order.
std::vector<std::string> feature_fields(const clang::RecordDecl& record) {
  std::vector<std::string> names;
  for (const clang::FieldDecl* field : record.fields()) {
    if (!field->getName().empty() && is_feature_type(field->getType())) {
      names.push_back(field->getName().str());
    }
  }
  return names;
}

// Swappable binary operators; compound assignments and comparisons only swap among themselves.
bool is_swappable(const clang::BinaryOperator& op) {
  switch (op.getOpcode()) {
    case clang::BO_Add:
    case clang::BO_Sub:
    case clang::BO_Mul:
    case clang::BO_Div:
    case clang::BO_AddAssign:
    case clang::BO_SubAssign:
    case clang::BO_MulAssign:
    case clang::BO_DivAssign:
      // Pointer arithmetic has no * or / sibling.
      return op.getLHS()->getType()->isArithmeticType() &&
             op.getRHS()->getType()->isArithmeticType();
    case clang::BO_LT:
    case clang::BO_GT:
    case clang::BO_LE:
    case clang::BO_GE:
      return true;
    default:
      return false;
  }
}

bool is_literal_spelling(std::string_view text) {
  if (text.empty()) return false;
  const bool starts_numeric = (text[0] >= '0' && text[0] <= '9') || text[0] == '.';
  return starts_numeric && text.find('_') == std::string_view::npos;  // '_': user-defined literal
}

// The trailing type suffix of a literal: hex digits never use these letters.
std::string literal_suffix(std::string_view text, bool is_floating) {
  const std::string_view letters = is_floating ? "fFlL" : "uUlLzZ";
  std::size_t start = text.size();
  while (start > 0 && letters.find(text[start - 1]) != std::string_view::npos) --start;
  return std::string(text.substr(start));
}

class SiteCollector : public clang::RecursiveASTVisitor<SiteCollector> {
 public:
  using Base = clang::RecursiveASTVisitor<SiteCollector>;

  SiteCollector(clang::ASTContext& context, const std::vector<sandbox::HeaderFile>& headers,
                MutationSites& out)
      : sources_(context.getSourceManager()),
        language_(context.getLangOpts()),
        main_file_(sources_.getMainFileID()),
        main_text_(sources_.getBufferData(main_file_)),
        headers_(headers),
        out_(out) {}

  // Tracks which function body encloses each statement, so sites outside bodies (default member
  // initializers, global initializers, array bounds) are never collected. A body is traversed at
  // once rather than queued, so that its statements are visited while it is on the stack.
  bool TraverseStmt(clang::Stmt* stmt, DataRecursionQueue* queue = nullptr) {
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

  bool VisitIntegerLiteral(clang::IntegerLiteral* literal) {
    add_literal(literal->getLocation(), literal->getValue().roundToDouble(false), false);
    return true;
  }

  bool VisitFloatingLiteral(clang::FloatingLiteral* literal) {
    add_literal(literal->getLocation(), literal->getValueAsApproximateDouble(), true);
    return true;
  }

  bool VisitMemberExpr(clang::MemberExpr* member) {
    if (enclosing_.empty() || member->isImplicitAccess()) return true;
    const auto* field = llvm::dyn_cast<clang::FieldDecl>(member->getMemberDecl());
    if (field == nullptr || !is_feature_type(field->getType())) return true;
    if (!is_interface_decl(*field->getParent())) return true;
    auto name_span = token_span(member->getMemberLoc());
    if (!name_span) return true;
    FeatureSite site{*name_span, field->getName().str(), 0, field->getName().str(), {}};
    for (auto& name : feature_fields(*field->getParent())) {
      if (name != site.field) site.alternatives.push_back(std::move(name));
    }
    if (site.alternatives.empty()) return true;
    auto whole = main_file_span(clang::CharSourceRange::getTokenRange(member->getSourceRange()));
    if (whole && whole->begin <= name_span->begin && name_span->end <= whole->end) {
      site.expression = text_of(*whole);
      site.name_offset = name_span->begin - whole->begin;
    }
    out_.features.push_back(std::move(site));
    return true;
  }

  bool VisitBinaryOperator(clang::BinaryOperator* op) {
    if (enclosing_.empty() || !is_swappable(*op)) return true;
    if (auto span = token_span(op->getOperatorLoc())) {
      out_.operators.push_back({*span, op->getOpcodeStr().str()});
    }
    return true;
  }

  bool VisitReturnStmt(clang::ReturnStmt* statement) {
    if (enclosing_.empty() || statement->getReturnLoc().isMacroID()) return true;
    const clang::Expr* value = statement->getRetValue();
    if (value == nullptr || !value->getType()->isArithmeticType()) return true;
    auto span = main_file_span(clang::CharSourceRange::getTokenRange(value->getSourceRange()));
    if (!span) return true;
    ReturnSite site{*span, parameter_features(*enclosing_.back())};
    if (!site.features.empty()) out_.returns.push_back(std::move(site));
    return true;
  }

 private:
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

  [[nodiscard]] std::string text_of(const SourceSpan& span) const {
    return std::string(main_text_.substr(span.begin, span.end - span.begin));
  }

  void add_literal(clang::SourceLocation location, double value, bool is_floating) {
    if (enclosing_.empty()) return;
    auto span = token_span(location);
    if (!span) return;
    std::string text = text_of(*span);
    if (!is_literal_spelling(text)) return;
    std::string suffix = literal_suffix(text, is_floating);
    out_.literals.push_back({*span, std::move(text), value, is_floating, std::move(suffix)});
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

  // "p->field" for pointer parameters, "p.field" for reference and value parameters.
  [[nodiscard]] std::vector<std::string> parameter_features(
      const clang::FunctionDecl& function) const {
    std::vector<std::string> features;
    for (const clang::ParmVarDecl* parameter : function.parameters()) {
      if (parameter->getName().empty()) continue;
      const clang::QualType type = parameter->getType().getCanonicalType();
      const bool is_pointer = type->isPointerType();
      const clang::QualType target =
          is_pointer || type->isReferenceType() ? type->getPointeeType() : type;
      const clang::RecordDecl* record = target->getAsRecordDecl();
      if (record == nullptr || record->getDefinition() == nullptr) continue;
      if (!is_interface_decl(*record)) continue;
      const std::string access = parameter->getName().str() + (is_pointer ? "->" : ".");
      for (const auto& field : feature_fields(*record->getDefinition())) {
        features.push_back(access + field);
      }
    }
    return features;
  }

  const clang::SourceManager& sources_;
  const clang::LangOptions& language_;
  clang::FileID main_file_;
  std::string_view main_text_;
  const std::vector<sandbox::HeaderFile>& headers_;
  MutationSites& out_;
  llvm::DenseMap<const clang::Stmt*, const clang::FunctionDecl*> bodies_;
  std::vector<const clang::FunctionDecl*> enclosing_;
};

}  // namespace

MutationSites collect_mutation_sites(clang::ASTUnit& ast,
                                     const std::vector<sandbox::HeaderFile>& headers) {
  MutationSites sites;
  SiteCollector collector(ast.getASTContext(), headers, sites);
  collector.TraverseDecl(ast.getASTContext().getTranslationUnitDecl());
  return sites;
}

bool defines_function(clang::ASTUnit& ast, std::string_view name) {
  clang::ASTContext& context = ast.getASTContext();
  const clang::SourceManager& sources = context.getSourceManager();
  const auto found = context.getTranslationUnitDecl()->lookup(&context.Idents.get(name));
  for (const clang::NamedDecl* decl : found) {
    const auto* function = llvm::dyn_cast<clang::FunctionDecl>(decl);
    const clang::FunctionDecl* definition = nullptr;
    if (function != nullptr && function->isDefined(definition) &&
        sources.isInMainFile(sources.getExpansionLoc(definition->getLocation()))) {
      return true;
    }
  }
  return false;
}

}  // namespace crucible::search::proposers
