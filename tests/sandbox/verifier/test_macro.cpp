// macro: no #define or #undef of a name the interface declares, nor of a reserved name the
// compiler and its library act on.
#include <doctest/doctest.h>

#include "verifier_cases.hpp"

using crucible::testing::check_accepted;
using crucible::testing::check_rejected;

TEST_SUITE("sandbox.verifier") {
  TEST_CASE("macro rejects #define and #undef of interface names") {
    check_rejected(R"src(
#define size 0
double crucible_cache_priority(const CacheObject* obj, const CacheState* state) { return 1.0; }
)src",
                   "macro", 1);
    check_rejected(R"src(
double crucible_cache_priority(const CacheObject* obj, const CacheState* state) { return 1.0; }
#undef CacheObject
)src",
                   "macro", 2);
    check_rejected(R"src(
#define crucible_cache_priority policy
double crucible_cache_priority(const CacheObject* obj, const CacheState* state) { return 1.0; }
)src",
                   "macro", 1);
    check_rejected(R"src(
#define size(object) 0
double crucible_cache_priority(const CacheObject* obj, const CacheState* state) { return 1.0; }
)src",
                   "macro", 1);
    check_rejected(R"src(
#undef CRUCIBLE_INTERFACES_CACHE_H
double crucible_cache_priority(const CacheObject* obj, const CacheState* state) { return 1.0; }
)src",
                   "macro", 1);
  }

  TEST_CASE("macro rejects interface names behind comments, continuations and digraphs") {
    check_rejected(R"src(
#  define /* zero */ size 0
double crucible_cache_priority(const CacheObject* obj, const CacheState* state) { return 1.0; }
)src",
                   "macro", 1);
    check_rejected(R"src(
#define /* a comment
that runs on */ now 0
double crucible_cache_priority(const CacheObject* obj, const CacheState* state) { return 1.0; }
)src",
                   "macro", 1);
    check_rejected(R"src(
#def\
ine now 0
double crucible_cache_priority(const CacheObject* obj, const CacheState* state) { return 1.0; }
)src",
                   "macro", 1);
    check_rejected(R"src(
%:define last_access insert_time
double crucible_cache_priority(const CacheObject* obj, const CacheState* state) { return 1.0; }
)src",
                   "macro", 1);
  }

  TEST_CASE("macro rejects reserved names such as the library's assertion switch") {
    check_rejected(R"src(
#undef _GLIBCXX_ASSERTIONS
#include <array>
double crucible_cache_priority(const CacheObject* obj, const CacheState* state) { return 1.0; }
)src",
                   "macro", 1);
    check_rejected(R"src(
#define __builtin_expect(value, expected) value
double crucible_cache_priority(const CacheObject* obj, const CacheState* state) { return 1.0; }
)src",
                   "macro", 1);
  }

  TEST_CASE("macro accepts the candidate's own macros, even ones that resemble interface names") {
    check_accepted(R"src(
#define KSCALE 2.0
#define SQUARE(x) ((x) * (x))
double crucible_cache_priority(const CacheObject* obj, const CacheState* state) {
  return KSCALE * SQUARE(static_cast<double>(obj->size));
}
)src");
    check_accepted(R"src(
#define SIZE_WEIGHT 0.5
#define sizes 3
#define NOW_FACTOR(t) ((t) / 2)
double crucible_cache_priority(const CacheObject* obj, const CacheState* state) {
  return SIZE_WEIGHT * sizes + NOW_FACTOR(static_cast<double>(state->now));
}
)src");
  }
}
