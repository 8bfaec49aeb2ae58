#include "search/proposers/builtin/mutation_sites.hpp"

#include <clang/AST/ASTContext.h>
#include <clang/AST/Decl.h>
#include <clang/AST/Expr.h>
#include <clang/AST/ExprCXX.h>
#include <clang/AST/Stmt.h>
#include <clang/Basic/SourceManager.h>
#include <clang/Frontend/ASTUnit.h>
#include <llvm/ADT/DenseSet.h>

#include <optional>
#include <utility>

#include "sandbox/clang_parse.hpp"
#include "search/proposers/builtin/body_visitor.hpp"
#include "search/proposers/builtin/expression_sites.hpp"

namespace crucible::search::proposers {
namespace {

// Enums are arithmetic to Clang but swapping one for a count is not a meaningful feature.
bool is_feature_type(clang::QualType type) {
  const clang::QualType canonical = type.getCanonicalType();
  return canonical->isArithmeticType() && !canonical->isEnumeralType();
}

// The named arithmetic fields of `record` that are not hidden, in declaration order.
std::vector<std::string> feature_fields(const clang::RecordDecl& record,
                                        const std::vector<std::string>& hidden) {
  std::vector<std::string> names;
  for (const clang::FieldDecl* field : record.fields()) {
    if (!field->getName().empty() && is_feature_type(field->getType()) &&
        !is_hidden(*field, hidden)) {
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

// Literals, features, operators and returns.
class SiteCollector : public BodyVisitor<SiteCollector> {
 public:
  SiteCollector(clang::ASTContext& context, const std::vector<sandbox::HeaderFile>& headers,
                const std::vector<std::string>& hidden, MutationSites& out)
      : BodyVisitor(context, headers, hidden), out_(out) {}

  bool VisitIntegerLiteral(clang::IntegerLiteral* literal) {
    add_literal(literal, literal->getLocation(), literal->getValue().roundToDouble(false), false);
    return true;
  }

  bool VisitFloatingLiteral(clang::FloatingLiteral* literal) {
    add_literal(literal, literal->getLocation(), literal->getValueAsApproximateDouble(), true);
    return true;
  }

  // Seen before the literal it converts (the visit is pre-order).
  bool VisitImplicitCastExpr(clang::ImplicitCastExpr* cast) {
    if (cast->getCastKind() == clang::CK_IntegralToFloating) {
      floating_uses_.insert(cast->getSubExpr()->IgnoreParens());
    }
    return true;
  }

  bool VisitMemberExpr(clang::MemberExpr* member) {
    if (!is_in_body() || member->isImplicitAccess()) return true;
    const auto* field = llvm::dyn_cast<clang::FieldDecl>(member->getMemberDecl());
    if (field == nullptr || !is_feature_type(field->getType())) return true;
    if (!is_interface_decl(*field->getParent())) return true;
    if (is_hidden_field(*field)) return true;  // left as written: not swapped, not a target
    auto name_span = token_span(member->getMemberLoc());
    if (!name_span) return true;
    FeatureSite site{*name_span, field->getName().str(), 0, field->getName().str(), {}};
    for (auto& name : feature_fields(*field->getParent(), hidden_)) {
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
    if (!is_in_body()) return true;
    if (op->getOpcode() == clang::BO_Div || op->getOpcode() == clang::BO_Rem ||
        op->getOpcode() == clang::BO_DivAssign || op->getOpcode() == clang::BO_RemAssign) {
      divisors_.insert(op->getRHS()->IgnoreParenImpCasts());
    }
    if (!is_swappable(*op)) return true;
    if (auto span = token_span(op->getOperatorLoc())) {
      out_.operators.push_back({*span, op->getOpcodeStr().str()});
    }
    return true;
  }

  bool VisitReturnStmt(clang::ReturnStmt* statement) {
    if (!is_in_body() || statement->getReturnLoc().isMacroID()) return true;
    const clang::Expr* value = statement->getRetValue();
    if (value == nullptr || !value->getType()->isArithmeticType()) return true;
    auto span = main_file_span(clang::CharSourceRange::getTokenRange(value->getSourceRange()));
    if (!span) return true;
    ReturnSite site{*span, parameter_features(enclosing_function())};
    if (!site.features.empty()) out_.returns.push_back(std::move(site));
    return true;
  }

 private:
  void add_literal(const clang::Expr* literal, clang::SourceLocation location, double value,
                   bool is_floating) {
    if (!is_in_body()) return;
    auto span = token_span(location);
    if (!span) return;
    std::string text = text_of(*span);
    if (!is_literal_spelling(text)) return;
    std::string suffix = literal_suffix(text, is_floating);
    out_.literals.push_back({*span, std::move(text), value, is_floating, std::move(suffix),
                             divisors_.contains(literal), floating_uses_.contains(literal)});
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
      for (const auto& field : feature_fields(*record->getDefinition(), hidden_)) {
        features.push_back(access + field);
      }
    }
    return features;
  }

  MutationSites& out_;
  llvm::DenseSet<const clang::Expr*> divisors_;
  llvm::DenseSet<const clang::Expr*> floating_uses_;
};

}  // namespace

MutationSites collect_mutation_sites(clang::ASTUnit& ast,
                                     const std::vector<sandbox::HeaderFile>& headers,
                                     const std::vector<std::string>& hidden) {
  MutationSites sites;
  SiteCollector collector(ast.getASTContext(), headers, hidden, sites);
  for (clang::Decl* decl : sandbox::main_file_decls(ast.getASTContext())) {
    collector.TraverseDecl(decl);
  }
  collect_expression_sites(ast.getASTContext(), headers, hidden, sites);
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
