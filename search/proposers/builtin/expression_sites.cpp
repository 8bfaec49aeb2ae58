#include "search/proposers/builtin/expression_sites.hpp"

#include <clang/AST/ASTContext.h>
#include <clang/AST/Decl.h>
#include <clang/AST/Expr.h>
#include <clang/AST/ExprCXX.h>
#include <clang/AST/RecursiveASTVisitor.h>
#include <clang/AST/Stmt.h>
#include <llvm/ADT/DenseSet.h>

#include <algorithm>
#include <cmath>
#include <optional>
#include <string>
#include <utility>

#include "sandbox/clang_parse.hpp"
#include "search/proposers/builtin/body_visitor.hpp"

namespace crucible::search::proposers {
namespace {

// Numbers a candidate computes with; a bool or an enum is not one to wrap or cross over.
bool is_number_type(clang::QualType type) {
  const clang::QualType canonical = type.getCanonicalType();
  return canonical->isArithmeticType() && !canonical->isBooleanType() &&
         !canonical->isEnumeralType();
}

// Operators whose operands must stay integers: wrapping one in sqrt would not compile.
bool needs_integer_operands(clang::BinaryOperatorKind opcode) {
  switch (opcode) {
    case clang::BO_Rem:
    case clang::BO_Shl:
    case clang::BO_Shr:
    case clang::BO_And:
    case clang::BO_Or:
    case clang::BO_Xor:
    case clang::BO_RemAssign:
    case clang::BO_ShlAssign:
    case clang::BO_ShrAssign:
    case clang::BO_AndAssign:
    case clang::BO_OrAssign:
    case clang::BO_XorAssign:
      return true;
    default:
      return false;
  }
}

// The kinds of expression that are a value worth editing as a whole.
bool is_candidate_expression(const clang::Expr& expr) {
  if (const auto* op = llvm::dyn_cast<clang::BinaryOperator>(&expr)) {
    return op->isMultiplicativeOp() || op->isAdditiveOp();
  }
  if (const auto* op = llvm::dyn_cast<clang::UnaryOperator>(&expr)) {
    return op->getOpcode() == clang::UO_Minus;
  }
  if (const auto* ref = llvm::dyn_cast<clang::DeclRefExpr>(&expr)) {
    return llvm::isa<clang::VarDecl, clang::BindingDecl>(ref->getDecl());
  }
  if (const auto* member = llvm::dyn_cast<clang::MemberExpr>(&expr)) {
    return !member->isImplicitAccess() && llvm::isa<clang::FieldDecl>(member->getMemberDecl());
  }
  return llvm::isa<clang::ExplicitCastExpr, clang::CallExpr, clang::ConditionalOperator,
                   clang::ArraySubscriptExpr>(expr);
}

// The value of `expr` when Clang can fold it.
std::optional<double> folded_value(const clang::Expr& expr, const clang::ASTContext& context) {
  if (expr.isValueDependent() || expr.isTypeDependent()) return std::nullopt;
  clang::Expr::EvalResult result;
  if (!expr.EvaluateAsRValue(result, context) || result.HasSideEffects) return std::nullopt;
  if (result.Val.isFloat()) {
    // A float or long double is rounded to double first: convertToDouble wants a double.
    llvm::APFloat value = result.Val.getFloat();
    bool is_inexact = false;
    value.convert(llvm::APFloat::IEEEdouble(), llvm::APFloat::rmNearestTiesToEven, &is_inexact);
    return value.convertToDouble();
  }
  if (result.Val.isInt()) {
    const llvm::APSInt& value = result.Val.getInt();
    return value.isSigned() ? value.signedRoundToDouble() : value.roundToDouble();
  }
  return std::nullopt;
}

// The scale of an expression: its folded value, or the folded initializer of the local it names.
std::optional<double> scale_of(const clang::Expr& expr, const clang::ASTContext& context) {
  if (auto value = folded_value(expr, context)) return value;
  const auto* ref = llvm::dyn_cast<clang::DeclRefExpr>(&expr);
  const auto* variable = ref == nullptr ? nullptr : llvm::dyn_cast<clang::VarDecl>(ref->getDecl());
  if (variable == nullptr || variable->getInit() == nullptr) return std::nullopt;
  return folded_value(*variable->getInit(), context);
}

// How tightly an expression's top operator binds, higher tighter (C++'s precedence levels):
// what a part may stand in for without parentheses.
int binding_of(const clang::Expr& expr) {
  if (const auto* op = llvm::dyn_cast<clang::BinaryOperator>(&expr)) {
    switch (op->getOpcode()) {
      case clang::BO_PtrMemD:
      case clang::BO_PtrMemI: return 14;
      case clang::BO_Mul:
      case clang::BO_Div:
      case clang::BO_Rem: return 13;
      case clang::BO_Add:
      case clang::BO_Sub: return 12;
      case clang::BO_Shl:
      case clang::BO_Shr: return 11;
      case clang::BO_Cmp: return 10;
      case clang::BO_LT:
      case clang::BO_GT:
      case clang::BO_LE:
      case clang::BO_GE: return 9;
      case clang::BO_EQ:
      case clang::BO_NE: return 8;
      case clang::BO_And: return 7;
      case clang::BO_Xor: return 6;
      case clang::BO_Or: return 5;
      case clang::BO_LAnd: return 4;
      case clang::BO_LOr: return 3;
      case clang::BO_Comma: return 0;
      default: return 1;  // assignments
    }
  }
  if (llvm::isa<clang::AbstractConditionalOperator>(&expr)) return 2;
  if (llvm::isa<clang::UnaryOperator, clang::CStyleCastExpr>(&expr)) return 15;
  return 16;  // names, literals, calls, member accesses, parentheses
}

// True when `stmt` holds a return anywhere inside (lambdas included, to be safe).
bool has_return(const clang::Stmt* stmt) {
  if (stmt == nullptr) return false;
  if (llvm::isa<clang::ReturnStmt>(stmt)) return true;
  for (const clang::Stmt* child : stmt->children()) {
    if (has_return(child)) return true;
  }
  if (const auto* lambda = llvm::dyn_cast<clang::LambdaExpr>(stmt)) {
    return has_return(lambda->getBody());
  }
  return false;
}

// A declaration statement whose variables are read later cannot go: the type-check would refuse.
bool declares_used_variable(const clang::Stmt& stmt) {
  const auto* declaration = llvm::dyn_cast<clang::DeclStmt>(&stmt);
  if (declaration == nullptr) return false;
  for (const clang::Decl* decl : declaration->decls()) {
    if (decl->isReferenced() || decl->isUsed()) return true;
  }
  return false;
}

}  // namespace

class ExpressionCollector : public BodyVisitor<ExpressionCollector> {
 public:
  ExpressionCollector(clang::ASTContext& context, const std::vector<sandbox::HeaderFile>& headers,
                      const std::vector<std::string>& hidden, MutationSites& out)
      : BodyVisitor(context, headers, hidden), out_(out) {}

  // The visit is pre-order: a parent marks its operands before they are visited.
  bool VisitBinaryOperator(clang::BinaryOperator* op) {
    if (!is_in_body()) return true;
    if (op->isAssignmentOp()) assigned_.insert(op->getLHS()->IgnoreParens());
    if (needs_integer_operands(op->getOpcode())) {
      integer_operands_.insert(op->getLHS()->IgnoreParenImpCasts());
      integer_operands_.insert(op->getRHS()->IgnoreParenImpCasts());
    }
    if (op->isAdditiveOp() && !op->isValueDependent() && is_number_type(op->getLHS()->getType()) &&
        is_number_type(op->getRHS()->getType())) {
      add_term(*op);
    }
    add_identity_fold(*op);
    return true;
  }

  bool VisitConditionalOperator(clang::ConditionalOperator* op) {
    if (!is_in_body() || op->isValueDependent() || op->isTypeDependent()) return true;
    bool condition = false;
    const clang::Expr* test = op->getCond();
    if (test->isValueDependent() || !test->EvaluateAsBooleanCondition(condition, context_) ||
        test->HasSideEffects(context_)) {
      return true;
    }
    add_fold(*op, condition ? *op->getTrueExpr() : *op->getFalseExpr());
    return true;
  }

  bool VisitUnaryOperator(clang::UnaryOperator* op) {
    if (op->isIncrementDecrementOp() || op->getOpcode() == clang::UO_AddrOf) {
      assigned_.insert(op->getSubExpr()->IgnoreParens());
    } else if (op->getOpcode() == clang::UO_Not) {
      integer_operands_.insert(op->getSubExpr()->IgnoreParenImpCasts());
    }
    return true;
  }

  bool VisitArraySubscriptExpr(clang::ArraySubscriptExpr* subscript) {
    integer_operands_.insert(subscript->getIdx()->IgnoreParenImpCasts());
    return true;
  }

  bool VisitSwitchStmt(clang::SwitchStmt* statement) {
    if (statement->getCond() != nullptr) {
      integer_operands_.insert(statement->getCond()->IgnoreParenImpCasts());
    }
    return true;
  }

  // A value bound to a non-const reference is a place, not a value.
  bool VisitVarDecl(clang::VarDecl* variable) {
    const clang::QualType type = variable->getType();
    if (variable->getInit() != nullptr && type->isReferenceType() &&
        !type.getNonReferenceType().isConstQualified()) {
      assigned_.insert(variable->getInit()->IgnoreParens());
    }
    return true;
  }

  bool VisitCallExpr(clang::CallExpr* call) {
    const clang::FunctionDecl* callee = call->getDirectCallee();
    if (callee == nullptr) return true;
    const unsigned count = std::min(call->getNumArgs(), callee->getNumParams());
    for (unsigned i = 0; i < count; ++i) {
      const clang::QualType type = callee->getParamDecl(i)->getType();
      if (type->isReferenceType() && !type.getNonReferenceType().isConstQualified()) {
        assigned_.insert(call->getArg(i)->IgnoreParens());
      }
    }
    return true;
  }

  bool VisitReturnStmt(clang::ReturnStmt* statement) {
    if (statement->getRetValue() != nullptr) {
      return_values_.insert(statement->getRetValue()->IgnoreParenImpCasts());
    }
    return true;
  }

  bool VisitExpr(clang::Expr* expr) {
    if (!is_in_body() || expr->isTypeDependent() || expr->isValueDependent()) return true;
    if (!is_candidate_expression(*expr) || !is_number_type(expr->getType())) return true;
    if (assigned_.contains(expr)) return true;
    auto span = written_span(expr->getSourceRange());
    if (!span) return true;
    ExpressionSite site;
    site.span = *span;
    site.text = text_of(*span);
    site.is_floating = expr->getType()->isFloatingType();
    site.is_primary = !llvm::isa<clang::BinaryOperator, clang::ConditionalOperator,
                                 clang::ExplicitCastExpr, clang::UnaryOperator>(expr);
    site.is_return_value = return_values_.contains(expr);
    site.needs_integer = integer_operands_.contains(expr);
    site.scale = scale_of(*expr, context_);
    for (const clang::ParmVarDecl* parameter : enclosing_function().parameters()) {
      site.parameters.push_back(parameter->getName().str());
    }
    site.is_portable = scan_references(*expr, site);
    out_.expressions.push_back(std::move(site));
    return true;
  }

  bool VisitCompoundStmt(clang::CompoundStmt* block) {
    if (!is_in_body()) return true;
    for (clang::Stmt* statement : block->body()) {
      if (llvm::isa<clang::NullStmt, clang::SwitchCase, clang::LabelStmt>(statement)) continue;
      if (has_return(statement) || declares_used_variable(*statement)) continue;
      auto span = written_span(statement->getSourceRange());
      if (!span) continue;
      std::string text = text_of(*span);
      out_.statements.push_back({deletion_span(*span), std::move(text)});
    }
    return true;
  }

 private:
  // `whole` reduces to `part`: recorded when the part, as written, has the whole's type.
  void add_fold(const clang::Expr& whole, const clang::Expr& part) {
    const clang::Expr* written = part.IgnoreParenImpCasts();
    if (written->getType().getCanonicalType().getUnqualifiedType() !=
        whole.getType().getCanonicalType().getUnqualifiedType()) {
      return;
    }
    auto span = written_span(whole.getSourceRange());
    auto kept = written_span(part.IgnoreImpCasts()->getSourceRange());
    if (!span || !kept) return;
    const clang::Expr* bare = part.IgnoreImpCasts();
    out_.folds.push_back({*span, *kept, binding_of(*bare) >= binding_of(whole),
                          llvm::isa<clang::ParenExpr>(bare)});
  }

  // x * 1, 1 * x, x / 1, x + 0, 0 + x, x - 0.
  void add_identity_fold(const clang::BinaryOperator& op) {
    if (op.isValueDependent() || !is_number_type(op.getType())) return;
    auto is = [&](const clang::Expr& operand, double value) {
      if (operand.HasSideEffects(context_)) return false;
      auto folded = folded_value(operand, context_);
      return folded && *folded == value;
    };
    const clang::BinaryOperatorKind kind = op.getOpcode();
    if (kind != clang::BO_Mul && kind != clang::BO_Div && kind != clang::BO_Add &&
        kind != clang::BO_Sub) {
      return;
    }
    // The identity of * and / is 1, of + and - 0; only * and + have it on the left too.
    const double identity = kind == clang::BO_Mul || kind == clang::BO_Div ? 1.0 : 0.0;
    const bool commutes = kind == clang::BO_Mul || kind == clang::BO_Add;
    if (is(*op.getRHS(), identity)) {
      add_fold(op, *op.getLHS());
    } else if (commutes && is(*op.getLHS(), identity)) {
      add_fold(op, *op.getRHS());
    }
  }

  void add_term(const clang::BinaryOperator& op) {
    auto whole = written_span(op.getSourceRange());
    auto left = written_span(op.getLHS()->getSourceRange());
    auto right = written_span(op.getRHS()->getSourceRange());
    if (!whole || !left || !right) return;
    out_.terms.push_back({*whole, *left, *right, op.getOpcode() == clang::BO_Sub,
                          op.getType()->isUnsignedIntegerType()});
  }

  // Widens a statement's span over its ';' and, when it stands alone on its line, the line.
  [[nodiscard]] SourceSpan deletion_span(SourceSpan span) const {
    const std::string_view text = main_text_;
    std::size_t end = span.end;
    while (end < text.size() && (text[end] == ' ' || text[end] == '\t')) ++end;
    if (end < text.size() && text[end] == ';') span.end = end + 1;
    std::size_t begin = span.begin;
    while (begin > 0 && (text[begin - 1] == ' ' || text[begin - 1] == '\t')) --begin;
    end = span.end;
    while (end < text.size() && (text[end] == ' ' || text[end] == '\t')) ++end;
    const bool starts_line = begin == 0 || text[begin - 1] == '\n';
    const bool ends_line = end == text.size() || text[end] == '\n';
    if (starts_line && ends_line) {
      span.begin = begin;
      span.end = end < text.size() ? end + 1 : end;
    }
    return span;
  }

  // Records where `expr` reads its function's parameters; false when it reads anything else of
  // the candidate's own (a local, a helper, a lambda), which another candidate would not have.
  bool scan_references(clang::Expr& expr, ExpressionSite& site) const;

  MutationSites& out_;
  llvm::DenseSet<const clang::Expr*> assigned_;
  llvm::DenseSet<const clang::Expr*> integer_operands_;
  llvm::DenseSet<const clang::Expr*> return_values_;
};

namespace {

class ReferenceScan : public clang::RecursiveASTVisitor<ReferenceScan> {
 public:
  ReferenceScan(const clang::SourceManager& sources, const clang::FunctionDecl& function,
                const SourceSpan& span, std::vector<ParameterUse>& uses,
                const std::vector<std::string>& hidden)
      : sources_(sources), function_(function), span_(span), uses_(uses), hidden_(hidden) {}

  // A gated field stays in the candidate that reads it.
  bool VisitMemberExpr(clang::MemberExpr* member) {
    const auto* field = llvm::dyn_cast<clang::FieldDecl>(member->getMemberDecl());
    if (field != nullptr && is_hidden(*field, hidden_)) {
      reads_hidden_ = true;
      is_portable_ = false;
    }
    return true;
  }

  bool VisitDeclRefExpr(clang::DeclRefExpr* ref) {
    const clang::ValueDecl* decl = ref->getDecl();
    const auto* parameter = llvm::dyn_cast<clang::ParmVarDecl>(decl);
    if (parameter != nullptr && parameter->getDeclContext() == &function_) {
      const clang::SourceLocation at = ref->getLocation();
      const auto [file, offset] = sources_.getDecomposedLoc(at);
      if (at.isMacroID() || file != sources_.getMainFileID() || offset < span_.begin ||
          offset >= span_.end) {
        is_portable_ = false;
        return true;
      }
      uses_.push_back(
          {offset - span_.begin, parameter->getName().size(), parameter->getFunctionScopeIndex()});
    } else if (sources_.isInMainFile(sources_.getExpansionLoc(decl->getLocation()))) {
      is_portable_ = false;
    }
    return true;
  }

  // Either is the candidate's own: stop here, the expression stays where it is.
  bool VisitLambdaExpr(clang::LambdaExpr*) {
    is_portable_ = false;
    return false;
  }
  bool VisitCXXThisExpr(clang::CXXThisExpr*) {
    is_portable_ = false;
    return false;
  }

  [[nodiscard]] bool is_portable() const { return is_portable_; }
  [[nodiscard]] bool reads_hidden() const { return reads_hidden_; }

 private:
  const clang::SourceManager& sources_;
  const clang::FunctionDecl& function_;
  const SourceSpan& span_;
  std::vector<ParameterUse>& uses_;
  const std::vector<std::string>& hidden_;
  bool is_portable_ = true;
  bool reads_hidden_ = false;
};

}  // namespace

bool ExpressionCollector::scan_references(clang::Expr& expr, ExpressionSite& site) const {
  ReferenceScan scan(sources_, enclosing_function(), site.span, site.parameter_uses, hidden_);
  scan.TraverseStmt(&expr);
  site.reads_hidden = scan.reads_hidden();
  return scan.is_portable();
}

void collect_expression_sites(clang::ASTContext& context,
                              const std::vector<sandbox::HeaderFile>& headers,
                              const std::vector<std::string>& hidden, MutationSites& out) {
  ExpressionCollector collector(context, headers, hidden, out);
  for (clang::Decl* decl : sandbox::main_file_decls(context)) collector.TraverseDecl(decl);
}

}  // namespace crucible::search::proposers
