// pointer-cast: no reinterpret_cast, no const_cast (the interface's structs are read-only), no
// C-style or functional cast to a pointer or reference type, and none of the other ways to view
// memory as another type: static_cast from void* or down to a derived class (a wider struct over
// the interface's, or a derived member pointer applied to a base), __builtin_bit_cast to or from
// a pointer, and unions that hold a pointer.
#include <clang/AST/Decl.h>
#include <clang/AST/DeclCXX.h>
#include <clang/AST/ExprCXX.h>

#include "sandbox/verifier/check.hpp"

namespace crucible::sandbox::verifier {
namespace {

using namespace clang::ast_matchers;

bool is_pointer_like(const clang::Type& type) {
  return type.isPointerType() || type.isReferenceType() || type.isMemberPointerType();
}

class PointerCastCheck final : public AstCheck {
 public:
  using AstCheck::AstCheck;
  std::string_view name() const override { return "pointer-cast"; }

  void register_matchers(MatchFinder& finder) override {
    finder.addMatcher(explicitCastExpr(isExpansionInMainFile()).bind("cast"), this);
    finder.addMatcher(
        fieldDecl(isExpansionInMainFile(), hasParent(recordDecl(isUnion()))).bind("field"), this);
  }

  void run(const MatchFinder::MatchResult& result) override {
    if (const auto* field = result.Nodes.getNodeAs<clang::FieldDecl>("field")) {
      if (holds_address(field->getType())) {
        report(result, field->getLocation(),
               "a union member that holds a pointer lets the pointer be read as another type");
      }
      return;
    }
    const auto* cast = result.Nodes.getNodeAs<clang::ExplicitCastExpr>("cast");
    auto type = cast->getTypeAsWritten();
    // An address read as a number aims writes up the stack and makes results address-dependent.
    if (cast->getCastKind() == clang::CK_PointerToIntegral) {
      report(result, cast->getBeginLoc(), "reading an address as a number is not allowed");
      return;
    }
    if (llvm::isa<clang::CXXReinterpretCastExpr>(cast)) {
      report(result, cast->getBeginLoc(), "reinterpret_cast is not allowed");
    } else if (llvm::isa<clang::CXXConstCastExpr>(cast)) {
      report(result, cast->getBeginLoc(), "const_cast is not allowed");
    } else if (llvm::isa<clang::CStyleCastExpr, clang::CXXFunctionalCastExpr>(cast)) {
      if (is_pointer_like(*type)) {
        report(result, cast->getBeginLoc(),
               "cast to pointer or reference type `" + type.getAsString() + "` is not allowed");
      }
    } else if (llvm::isa<clang::BuiltinBitCastExpr>(cast)) {
      if (is_pointer_like(*type) || is_pointer_like(*cast->getSubExpr()->getType())) {
        report(result, cast->getBeginLoc(), "__builtin_bit_cast of a pointer is not allowed");
      }
    } else if (llvm::isa<clang::CXXStaticCastExpr>(cast)) {
      check_static_cast(result, *cast, type);
    }
  }

 private:
  void check_static_cast(const MatchFinder::MatchResult& result,
                         const clang::ExplicitCastExpr& cast, clang::QualType type) {
    // A derived class's member read through a base pointer reaches past the base object.
    bool is_downcast = cast.getCastKind() == clang::CK_BaseToDerived ||
                       cast.getCastKind() == clang::CK_DerivedToBaseMemberPointer;
    // T* to void* is a bit cast too, and harmless; only the way back from void* is refused.
    bool is_from_void = cast.getCastKind() == clang::CK_BitCast && type->isPointerType() &&
                        !type->getPointeeType()->isVoidType();
    if (is_downcast || is_from_void) {
      report(result, cast.getBeginLoc(),
             "static_cast to `" + type.getAsString() + "` views memory as another type");
    }
  }
};

}  // namespace

std::unique_ptr<AstCheck> make_pointer_cast_check(Context& context) {
  return std::make_unique<PointerCastCheck>(context);
}

}  // namespace crucible::sandbox::verifier
