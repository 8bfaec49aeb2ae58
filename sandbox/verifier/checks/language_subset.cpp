// language: an allow-list of the C++ a candidate may be written in. Every declaration, statement,
// expression and type of the candidate's own code must be of a kind listed here, and the library
// may be used only through functions that take no pointer or iterator and hand none out, so that
// no library routine walks memory on the candidate's behalf. On top of the lists, these forms are
// refused: virtual functions, bases that are not the candidate's own classes, unions holding
// anything but numbers, variable-length arrays, reference members, placement and array new,
// globals and statics that hold a pointer or a reference (a `static T* const` to heap memory
// survives from one instance to the next; a `&&` member of a static aggregate extends a writable
// temporary), C variadic functions, try/catch, goto, and every GNU or Microsoft extension form.
// The other checks judge what these kinds may do (casts, calls, arithmetic on pointers); this one
// refuses the kinds nobody listed.
#include <clang/AST/ASTContext.h>
#include <clang/AST/Decl.h>
#include <clang/AST/DeclCXX.h>
#include <clang/AST/DeclTemplate.h>
#include <clang/AST/ExprCXX.h>
#include <clang/AST/RecursiveASTVisitor.h>
#include <clang/AST/StmtCXX.h>

#include <set>

#include "sandbox/verifier/check.hpp"

namespace crucible::sandbox::verifier {
namespace {

bool is_allowed_decl_kind(clang::Decl::Kind kind) {
  using K = clang::Decl::Kind;
  switch (kind) {
    case K::Function: case K::CXXMethod: case K::CXXConstructor: case K::CXXDestructor:
    case K::CXXConversion: case K::CXXDeductionGuide: case K::Var: case K::ParmVar: case K::Field:
    case K::Record: case K::CXXRecord: case K::Enum: case K::EnumConstant: case K::Typedef:
    case K::TypeAlias: case K::TypeAliasTemplate: case K::Using: case K::UsingShadow:
    case K::ConstructorUsingShadow: case K::UsingDirective: case K::UsingEnum: case K::Namespace:
    case K::NamespaceAlias: case K::LinkageSpec: case K::FunctionTemplate: case K::ClassTemplate:
    case K::ClassTemplateSpecialization: case K::ClassTemplatePartialSpecialization:
    case K::VarTemplate: case K::VarTemplateSpecialization:
    case K::VarTemplatePartialSpecialization: case K::TemplateTypeParm:
    case K::NonTypeTemplateParm: case K::TemplateTemplateParm: case K::StaticAssert: case K::Empty:
    case K::AccessSpec: case K::Decomposition: case K::Binding: case K::Concept:
    case K::RequiresExprBody: case K::ImplicitConceptSpecialization:
      return true;
    default:
      return false;
  }
}

bool is_allowed_stmt_class(clang::Stmt::StmtClass kind) {
  using S = clang::Stmt::StmtClass;
  switch (kind) {
    // Statements.
    case S::CompoundStmtClass: case S::DeclStmtClass: case S::IfStmtClass: case S::ForStmtClass:
    case S::WhileStmtClass: case S::DoStmtClass: case S::SwitchStmtClass: case S::CaseStmtClass:
    case S::DefaultStmtClass: case S::BreakStmtClass: case S::ContinueStmtClass:
    case S::ReturnStmtClass: case S::NullStmtClass: case S::CXXForRangeStmtClass:
    case S::AttributedStmtClass:
    // Literals and names.
    case S::IntegerLiteralClass: case S::FloatingLiteralClass: case S::CharacterLiteralClass:
    case S::StringLiteralClass: case S::CXXBoolLiteralExprClass:
    case S::CXXNullPtrLiteralExprClass: case S::UserDefinedLiteralClass: case S::DeclRefExprClass:
    case S::MemberExprClass: case S::CXXThisExprClass:
    // Operators, calls and conversions (the cast checks judge the casts).
    case S::UnaryOperatorClass: case S::BinaryOperatorClass: case S::CompoundAssignOperatorClass:
    case S::ConditionalOperatorClass: case S::ParenExprClass: case S::ArraySubscriptExprClass:
    case S::CallExprClass: case S::CXXMemberCallExprClass: case S::CXXOperatorCallExprClass:
    case S::CXXRewrittenBinaryOperatorClass: case S::ImplicitCastExprClass:
    case S::CStyleCastExprClass: case S::CXXStaticCastExprClass:
    case S::CXXFunctionalCastExprClass: case S::CXXConstCastExprClass:
    case S::CXXReinterpretCastExprClass: case S::BuiltinBitCastExprClass:
    // Construction, initialization and lifetime.
    case S::InitListExprClass: case S::ImplicitValueInitExprClass: case S::CXXConstructExprClass:
    case S::CXXTemporaryObjectExprClass: case S::CXXInheritedCtorInitExprClass:
    case S::MaterializeTemporaryExprClass: case S::ExprWithCleanupsClass:
    case S::CXXBindTemporaryExprClass: case S::CXXDefaultArgExprClass:
    case S::CXXDefaultInitExprClass: case S::CXXScalarValueInitExprClass:
    case S::CXXStdInitializerListExprClass: case S::CXXParenListInitExprClass:
    case S::DesignatedInitExprClass: case S::ArrayInitLoopExprClass:
    case S::ArrayInitIndexExprClass: case S::OpaqueValueExprClass: case S::ConstantExprClass:
    case S::CXXNewExprClass: case S::CXXDeleteExprClass: case S::CXXPseudoDestructorExprClass:
    case S::CXXThrowExprClass: case S::LambdaExprClass:
    // Compile-time questions.
    case S::UnaryExprOrTypeTraitExprClass: case S::TypeTraitExprClass:
    case S::CXXNoexceptExprClass: case S::RequiresExprClass:
    case S::ConceptSpecializationExprClass: case S::SizeOfPackExprClass:
    // Template patterns (never compiled themselves; their instantiations are judged).
    case S::SubstNonTypeTemplateParmExprClass: case S::SubstNonTypeTemplateParmPackExprClass:
    case S::PackExpansionExprClass: case S::CXXFoldExprClass: case S::FunctionParmPackExprClass:
    case S::ParenListExprClass: case S::DependentScopeDeclRefExprClass:
    case S::CXXDependentScopeMemberExprClass: case S::UnresolvedLookupExprClass:
    case S::UnresolvedMemberExprClass: case S::CXXUnresolvedConstructExprClass:
      return true;
    default:
      return false;
  }
}

// A canonical type a candidate may declare a value of.
bool is_allowed_type_class(const clang::Type& type) {
  using T = clang::Type::TypeClass;
  switch (type.getTypeClass()) {
    case T::Builtin: {
      const auto& builtin = llvm::cast<clang::BuiltinType>(type);
      // Numbers, bool, char, void and nullptr_t; not __int128, _Float16, __bf16, __float128 or
      // the target's vector and matrix types.
      return builtin.isInteger() ? builtin.getKind() != clang::BuiltinType::Int128 &&
                                       builtin.getKind() != clang::BuiltinType::UInt128
                                 : builtin.getKind() == clang::BuiltinType::Float ||
                                       builtin.getKind() == clang::BuiltinType::Double ||
                                       builtin.getKind() == clang::BuiltinType::LongDouble ||
                                       builtin.isVoidType() || builtin.isNullPtrType() ||
                                       builtin.isPlaceholderType() || builtin.isDependentType();
    }
    case T::Pointer: case T::LValueReference: case T::RValueReference: case T::ConstantArray:
    case T::IncompleteArray: case T::Record: case T::Enum: case T::FunctionProto:
    case T::FunctionNoProto: case T::TemplateTypeParm: case T::DependentName:
    case T::DependentSizedArray: case T::DependentTemplateSpecialization: case T::PackExpansion:
    case T::InjectedClassName: case T::TemplateSpecialization: case T::Auto:
    case T::DeducedTemplateSpecialization: case T::Decltype: case T::UnresolvedUsing:
    case T::SubstTemplateTypeParmPack:
      return true;
    default:
      return false;
  }
}

bool is_iterator_like(clang::QualType type) {
  type = type.getNonReferenceType().getCanonicalType();
  if (type->isFunctionPointerType()) return false;  // a callable, not a position in memory
  if (type->isPointerType() || type->isArrayType()) return true;
  const auto* record = type->getAsCXXRecordDecl();
  return record != nullptr && llvm::StringRef(record->getName()).contains_insensitive("iterator");
}

bool is_number(clang::QualType type) {
  const auto* base = type.getCanonicalType()->getBaseElementTypeUnsafe();
  return base->isArithmeticType() || base->isEnumeralType();
}

class Visitor : public clang::RecursiveASTVisitor<Visitor> {
 public:
  Visitor(Context& context, clang::ASTContext& ast, std::string_view check)
      : context_(context), ast_(ast), check_(check) {}

  bool shouldVisitTemplateInstantiations() const { return true; }
  bool shouldVisitImplicitCode() const { return false; }

  // A range-for's hidden begin/end variables are the language's own; its loop variable, range
  // and body are the candidate's.
  bool TraverseCXXForRangeStmt(clang::CXXForRangeStmt* loop) {
    if (!WalkUpFromCXXForRangeStmt(loop)) return false;
    for (clang::Stmt* part : {static_cast<clang::Stmt*>(loop->getInit()),
                              static_cast<clang::Stmt*>(loop->getLoopVarStmt()),
                              static_cast<clang::Stmt*>(loop->getRangeInit()), loop->getBody()}) {
      if (part != nullptr && !TraverseStmt(part)) return false;
    }
    return true;
  }

  // A generic lambda's instantiations are code too.
  bool TraverseLambdaExpr(clang::LambdaExpr* lambda) {
    if (!clang::RecursiveASTVisitor<Visitor>::TraverseLambdaExpr(lambda)) return false;
    if (const auto* pattern = lambda->getCallOperator()->getDescribedFunctionTemplate()) {
      for (auto* specialization : pattern->specializations()) {
        if (!TraverseStmt(specialization->getBody())) return false;
      }
    }
    return true;
  }

  bool VisitDecl(clang::Decl* decl) {
    if (decl->isImplicit() || !is_candidates(decl->getLocation())) return true;
    if (!is_allowed_decl_kind(decl->getKind())) {
      refuse(decl->getLocation(), std::string("a ") + decl->getDeclKindName() + " declaration");
    }
    return true;
  }

  bool VisitStmt(clang::Stmt* stmt) {
    if (!is_candidates(stmt->getBeginLoc())) return true;
    if (!is_allowed_stmt_class(stmt->getStmtClass())) {
      refuse(stmt->getBeginLoc(), std::string("`") + stmt->getStmtClassName() + "`");
    }
    return true;
  }

  bool VisitCXXMethodDecl(clang::CXXMethodDecl* method) {
    if (is_candidates(method->getLocation()) && method->isVirtual()) {
      refuse(method->getLocation(), "a virtual function");
    }
    return true;
  }

  bool VisitCXXRecordDecl(clang::CXXRecordDecl* record) {
    if (!is_candidates(record->getLocation()) || !record->hasDefinition()) return true;
    for (const auto& base : record->bases()) {
      const auto* parent = base.getType()->getAsCXXRecordDecl();
      if (base.isVirtual()) {
        refuse(base.getBeginLoc(), "a virtual base class");
      } else if (parent != nullptr && !context_.is_in_candidate(*parent)) {
        refuse(base.getBeginLoc(), "a base class that is not the candidate's own (`" +
                                       parent->getQualifiedNameAsString() + "`)");
      }
    }
    if (record->isUnion()) {
      for (const auto* field : record->fields()) {
        if (!is_number(field->getType())) {
          refuse(field->getLocation(), "a union member that is not a number");
        }
      }
    }
    return true;
  }

  bool VisitFieldDecl(clang::FieldDecl* field) {
    if (!is_candidates(field->getLocation())) return true;
    judge_type(field->getType(), field->getLocation());
    if (field->getType()->isReferenceType()) refuse(field->getLocation(), "a reference member");
    if (field->isAnonymousStructOrUnion()) {
      refuse(field->getLocation(), "an anonymous struct or union member");
    }
    return true;
  }

  bool VisitVarDecl(clang::VarDecl* var) {
    if (var->isImplicit() || !is_candidates(var->getLocation())) return true;
    judge_type(var->getType(), var->getLocation());
    if (var->hasGlobalStorage() && !var->isTemplated() && holds_address(var->getType())) {
      refuse(var->getLocation(), "a global or static that holds a pointer or reference (`" +
                                     var->getNameAsString() + "`)");
    }
    return true;
  }

  bool VisitFunctionDecl(clang::FunctionDecl* function) {
    if (function->isImplicit() || !is_candidates(function->getLocation())) return true;
    if (function->isVariadic()) refuse(function->getLocation(), "a C variadic function (`...`)");
    judge_type(function->getReturnType(), function->getLocation());
    return true;
  }

  bool VisitExplicitCastExpr(clang::ExplicitCastExpr* cast) {
    if (is_candidates(cast->getBeginLoc())) judge_type(cast->getTypeAsWritten(), cast->getBeginLoc());
    return true;
  }

  bool VisitCXXNewExpr(clang::CXXNewExpr* expr) {
    if (!is_candidates(expr->getBeginLoc())) return true;
    judge_type(expr->getAllocatedType(), expr->getBeginLoc());
    if (expr->getNumPlacementArgs() > 0) {
      refuse(expr->getBeginLoc(), "placement new (it constructs over memory it is handed)");
    }
    if (expr->isArray()) refuse(expr->getBeginLoc(), "array new; use std::vector");
    return true;
  }

  bool VisitCXXDeleteExpr(clang::CXXDeleteExpr* expr) {
    if (is_candidates(expr->getBeginLoc()) && expr->isArrayForm()) {
      refuse(expr->getBeginLoc(), "array delete");
    }
    return true;
  }

  bool VisitCallExpr(clang::CallExpr* call) {
    if (!is_candidates(call->getBeginLoc())) return true;
    if (const auto* callee = call->getDirectCallee()) judge_library_function(*callee, call);
    return true;
  }

  bool VisitCXXConstructExpr(clang::CXXConstructExpr* construct) {
    if (!is_candidates(construct->getBeginLoc())) return true;
    judge_library_function(*construct->getConstructor(), construct);
    return true;
  }

 private:
  bool is_candidates(clang::SourceLocation location) const {
    if (location.isInvalid()) return false;
    const auto& sources = ast_.getSourceManager();
    return sources.isInMainFile(sources.getExpansionLoc(location));
  }

  void refuse(clang::SourceLocation location, const std::string& what) {
    context_.report(ast_.getSourceManager(), location, check_,
                    what + " is not in the language candidates may use");
  }

  // Every type a declaration names, down through pointers, arrays and library templates'
  // arguments: kinds on the list only, records of the candidate, the interface or the domain's
  // allowed library types.
  void judge_type(clang::QualType written, clang::SourceLocation at) {
    std::vector<clang::QualType> pending = {written};
    std::set<const clang::Type*> seen;
    while (!pending.empty()) {
      clang::QualType type = pending.back().getCanonicalType();
      pending.pop_back();
      if (type.isNull() || !seen.insert(type.getTypePtr()).second) continue;
      if (type.hasAddressSpace()) {
        refuse(at, "an address-space qualified type");
        continue;
      }
      const clang::Type& node = *type;
      if (!is_allowed_type_class(node)) {
        refuse(at, "the type `" + type.getAsString() + "`");
        continue;
      }
      if (const auto* pointer = node.getAs<clang::PointerType>()) {
        pending.push_back(pointer->getPointeeType());
      } else if (const auto* reference = node.getAs<clang::ReferenceType>()) {
        pending.push_back(reference->getPointeeType());
      } else if (const auto* array = llvm::dyn_cast<clang::ArrayType>(&node)) {
        pending.push_back(array->getElementType());
      } else if (const auto* function = node.getAs<clang::FunctionProtoType>()) {
        pending.push_back(function->getReturnType());
        for (auto parameter : function->param_types()) pending.push_back(parameter);
      } else if (const auto* record = node.getAsCXXRecordDecl()) {
        judge_record(*record, at, pending);
      }
    }
  }

  void judge_record(const clang::CXXRecordDecl& record, clang::SourceLocation at,
                    std::vector<clang::QualType>& pending) {
    if (context_.is_in_candidate(record) || context_.is_in_interface(record)) return;
    std::string name = record.getNameAsString();
    // A braced list and a container's default allocator come with the allowed types.
    if (!context_.is_allowed_type(name) && name != "initializer_list" && name != "allocator") {
      refuse(at, "the library type `" + record.getQualifiedNameAsString() +
                     "` (this domain allows: " + allowed_types() + ")");
      return;
    }
    if (const auto* specialization =
            llvm::dyn_cast<clang::ClassTemplateSpecializationDecl>(&record)) {
      for (const auto& argument : specialization->getTemplateArgs().asArray()) {
        if (argument.getKind() == clang::TemplateArgument::Type) {
          pending.push_back(argument.getAsType());
        }
      }
    }
  }

  std::string allowed_types() const {
    std::string list;
    for (const auto& type : context_.rules().allowed_types) {
      list += (list.empty() ? "" : ", ") + type;
    }
    return list.empty() ? "none" : list;
  }

  // A library function or constructor that takes or returns a pointer, an array or an iterator
  // would read or write wherever the candidate points it (fill_n past a std::array's end).
  void judge_library_function(const clang::FunctionDecl& function, const clang::Expr* use) {
    if (context_.is_in_candidate(function) || context_.is_in_interface(function)) return;
    if (function.getBuiltinID() != 0) return;  // judged by forbidden-call
    const auto* method = llvm::dyn_cast<clang::CXXMethodDecl>(&function);
    // A copy or move of a library object handles its own storage.
    if (method != nullptr && (method->isCopyAssignmentOperator() ||
                              method->isMoveAssignmentOperator())) {
      return;
    }
    if (const auto* constructor = llvm::dyn_cast<clang::CXXConstructorDecl>(&function);
        constructor != nullptr && (constructor->isCopyOrMoveConstructor() ||
                                   constructor->isDefaultConstructor())) {
      return;
    }
    bool takes_position = is_iterator_like(function.getReturnType()) &&
                          !function.getReturnType()->isReferenceType();
    for (const auto* parameter : function.parameters()) {
      if (is_iterator_like(parameter->getType())) takes_position = true;
    }
    if (takes_position) {
      refuse(use->getBeginLoc(), "`" + unqualified_path(function) +
                                     "`, a library function that takes or returns a pointer or "
                                     "iterator,");
    }
  }

  Context& context_;
  clang::ASTContext& ast_;
  std::string_view check_;
};

class LanguageSubsetCheck final : public AstCheck {
 public:
  using AstCheck::AstCheck;
  std::string_view name() const override { return "language"; }
  void register_matchers(clang::ast_matchers::MatchFinder&) override {}

  void finish(clang::ASTContext& ast, const std::vector<clang::Decl*>& candidate_decls) override {
    Visitor visitor(context_, ast, name());
    for (auto* decl : candidate_decls) visitor.TraverseDecl(decl);
  }
};

}  // namespace

std::unique_ptr<AstCheck> make_language_subset_check(Context& context) {
  return std::make_unique<LanguageSubsetCheck>(context);
}

}  // namespace crucible::sandbox::verifier
