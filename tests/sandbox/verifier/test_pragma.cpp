// pragma: no #pragma and no _Pragma, however spelled or built.
#include <doctest/doctest.h>

#include "verifier_cases.hpp"

using crucible::testing::check_accepted;
using crucible::testing::check_rejected;

TEST_SUITE("sandbox.verifier") {
  TEST_CASE("pragma rejects #pragma directives, digraph-spelled ones included") {
    check_rejected(R"src(
#pragma once
double crucible_cache_priority(const CacheObject* obj, const CacheState* state) { return 1.0; }
)src",
                   "pragma", 1);
    check_rejected(R"src(
// Silence the compiler.
#pragma GCC diagnostic ignored "-Wall"
double crucible_cache_priority(const CacheObject* obj, const CacheState* state) { return 1.0; }
)src",
                   "pragma", 2);
    check_rejected(R"src(
%:pragma clang attribute push (__attribute__((constructor)), apply_to = function)
double crucible_cache_priority(const CacheObject* obj, const CacheState* state) { return 1.0; }
)src",
                   "pragma", 1);
  }

  TEST_CASE("pragma rejects _Pragma written out, split by a continuation, or hidden in a macro") {
    check_rejected(R"src(
double crucible_cache_priority(const CacheObject* obj, const CacheState* state) { return 1.0; }
_Pragma("GCC poison printf")
)src",
                   "pragma", 2);
    check_rejected(R"src(
_Pra\
gma("GCC poison printf")
double crucible_cache_priority(const CacheObject* obj, const CacheState* state) { return 1.0; }
)src",
                   "pragma", 1);
    check_rejected(R"src(
#define QUIET _Pragma("clang diagnostic ignored \"-Wall\"")
QUIET
double crucible_cache_priority(const CacheObject* obj, const CacheState* state) { return 1.0; }
)src",
                   "pragma", 1);
    // A lone '#' is a null directive; the operator on the next line is still seen.
    check_rejected(R"src(
#
_Pragma("GCC poison printf")
double crucible_cache_priority(const CacheObject* obj, const CacheState* state) { return 1.0; }
)src",
                   "pragma", 2);
    // Token pasting can spell _Pragma without writing it, and Clang then runs it.
    check_rejected(R"src(
#define CAT(a, b) a##b
CAT(_Pra, gma)("GCC poison printf")
double crucible_cache_priority(const CacheObject* obj, const CacheState* state) { return 1.0; }
)src",
                   "pragma", 1);
  }

  TEST_CASE("pragma accepts the word in comments, string literals, names and plain macros") {
    check_accepted(R"src(
// _Pragma("once") and #pragma once are refused; this comment is not.
/* #pragma GCC optimize("O0") */
double crucible_cache_priority(const CacheObject* obj, const CacheState* state) { return 1.0; }
)src");
    check_accepted(R"src(
constexpr char kNote[] = "_Pragma(\"once\") #pragma once";
double crucible_cache_priority(const CacheObject* obj, const CacheState* state) {
  double pragma_weight = 0.5;
  return kNote[0] == '_' ? pragma_weight : 1.0;
}
)src");
    check_accepted(R"src(
#define SQUARE(x) ((x) * (x))
#define NAME_OF(x) #x
double crucible_cache_priority(const CacheObject* obj, const CacheState* state) {
  constexpr char kName[] = NAME_OF(lru);
  return SQUARE(static_cast<double>(obj->access_count)) + kName[0];
}
)src");
  }

  TEST_CASE("pragma rejects #line, which would shift every later diagnostic") {
    check_rejected(R"src(
#line 500
double crucible_cache_priority(const CacheObject* obj, const CacheState* state) { return 1.0; }
)src",
                   "pragma", 1);
  }
}
