// inline-asm: no asm statements, no file-scope asm wherever it is nested, no asm labels.
#include <doctest/doctest.h>

#include "verifier_cases.hpp"

using crucible::testing::check_accepted;
using crucible::testing::check_rejected;

TEST_SUITE("sandbox.verifier") {
  TEST_CASE("inline-asm rejects asm statements in any spelling") {
    check_rejected(R"src(
double crucible_cache_priority(const CacheObject* obj, const CacheState* state) {
  asm("nop");
  return 1.0;
}
)src",
                   "inline-asm", 2);
    check_rejected(R"src(
double crucible_cache_priority(const CacheObject* obj, const CacheState* state) {
  uint64_t low = 0;
  __asm__ volatile("rdtsc" : "=a"(low) : : "rdx");
  return static_cast<double>(low);
}
)src",
                   "inline-asm", 3);
  }

  TEST_CASE("inline-asm rejects file-scope asm at the top level, in a namespace or extern block") {
    check_rejected(R"src(
asm(".globl crucible_escape");
double crucible_cache_priority(const CacheObject* obj, const CacheState* state) { return 1.0; }
)src",
                   "inline-asm", 1);
    check_rejected(R"src(
namespace hidden {
asm(".globl crucible_escape");
}  // namespace hidden
double crucible_cache_priority(const CacheObject* obj, const CacheState* state) { return 1.0; }
)src",
                   "inline-asm", 2);
    check_rejected(R"src(
extern "C" {
asm(".globl crucible_escape");
}
double crucible_cache_priority(const CacheObject* obj, const CacheState* state) { return 1.0; }
)src",
                   "inline-asm", 2);
  }

  TEST_CASE("inline-asm rejects asm labels that rename a function or a variable") {
    check_rejected(R"src(
double weight(double x) asm("getenv");
double weight(double x) { return x; }
double crucible_cache_priority(const CacheObject* obj, const CacheState* state) {
  return weight(1.0);
}
)src",
                   "inline-asm", 1);
    check_rejected(R"src(
constexpr double kScale asm("crucible_scale") = 2.0;
double crucible_cache_priority(const CacheObject* obj, const CacheState* state) { return kScale; }
)src",
                   "inline-asm", 1);
  }

  TEST_CASE("inline-asm accepts names, comments and string literals that mention asm") {
    check_accepted(R"src(
static double asm_like(double x) { return x * 2; }
double crucible_cache_priority(const CacheObject* obj, const CacheState* state) {
  int asm_count = 1;
  return asm_like(static_cast<double>(obj->size)) + asm_count;
}
)src");
    check_accepted(R"src(
// asm("nop"); __asm__ volatile("rdtsc");
constexpr char kNote[] = "asm(\"nop\") __asm__";
double crucible_cache_priority(const CacheObject* obj, const CacheState* state) {
  return kNote[0] == 'a' ? 1.0 : 0.0;
}
)src");
  }
}
