// entry-point: the candidate defines the interface's extern "C" function itself. A missing entry
// point has no line of its own, so it is reported on line 0.
#include <doctest/doctest.h>

#include "verifier_cases.hpp"

using crucible::testing::check_accepted;
using crucible::testing::check_rejected;

TEST_SUITE("sandbox.verifier") {
  TEST_CASE("entry-point rejects a candidate that does not define the interface's function") {
    check_rejected(R"src(
double priority(const CacheObject* obj, const CacheState* state) { return 1.0; }
)src",
                   "entry-point", 0);
    check_rejected(R"src(
double crucible_cache_priority(const CacheObject* obj, const CacheState* state);
)src",
                   "entry-point", 0);
    check_rejected(R"src(
namespace policy {
double crucible_cache_priority(const CacheObject* obj, const CacheState* state) { return 1.0; }
}  // namespace policy
)src",
                   "entry-point", 0);
    // A C++ overload with other parameters leaves the extern "C" symbol undefined.
    check_rejected(R"src(
double crucible_cache_priority(CacheObject* obj, CacheState* state) { return 1.0; }
)src",
                   "entry-point", 0);
  }

  TEST_CASE("entry-point accepts the definition however its parameters are named or wrapped") {
    check_accepted(R"src(
double crucible_cache_priority(const CacheObject* object, const CacheState*) {
  return static_cast<double>(object->last_access);
}
)src");
    check_accepted(R"src(
extern "C" {
double crucible_cache_priority(const CacheObject* obj, const CacheState* state) {
  return static_cast<double>(obj->access_count);
}
}
)src");
    check_accepted(R"src(
double crucible_cache_priority(const CacheObject* obj, const CacheState* state);
static double crucible_cache_priority_helper(const CacheObject* obj) {
  return static_cast<double>(obj->size);
}
double crucible_cache_priority(const CacheObject* obj, const CacheState* state) {
  return crucible_cache_priority_helper(obj);
}
)src");
  }
}
