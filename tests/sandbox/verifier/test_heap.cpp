// heap: the cache domain's policies allocate nothing: no new or delete expressions.
#include <doctest/doctest.h>

#include "verifier_cases.hpp"

using crucible::testing::check_accepted;
using crucible::testing::check_rejected;

TEST_SUITE("sandbox.verifier") {
  TEST_CASE("heap rejects new and delete expressions") {
    check_rejected(R"src(
double crucible_cache_priority(const CacheObject* obj, const CacheState* state) {
  double* weights = new double[3];
  return weights != nullptr ? 1.0 : 0.0;
}
)src",
                   "heap", 2);
    check_rejected(R"src(
double crucible_cache_priority(const CacheObject* obj, const CacheState* state) {
  double* weight = new double(2.0);
  double value = *weight;
  delete weight;
  return value;
}
)src",
                   "heap", 4);
    check_rejected(R"src(
double crucible_cache_priority(const CacheObject* obj, const CacheState* state) {
  const CacheObject* copy = new CacheObject{*obj};
  return static_cast<double>(copy->size);
}
)src",
                   "heap", 2);
  }

  TEST_CASE("heap accepts fixed arrays, deleted functions and names that contain new or delete") {
    check_accepted(R"src(
#include <array>
static double new_score(double x) { return x + 1; }
double crucible_cache_priority(const CacheObject* obj, const CacheState* state) {
  constexpr int kSlots = 3;
  std::array<double, kSlots> weights = {1, 2, 3};
  double scratch[kSlots * 2] = {};
  double renewal = new_score(weights[obj->size % kSlots]) + scratch[0];
  return renewal;
}
)src");
    check_accepted(R"src(
struct Window {
  Window() = default;
  Window(const Window&) = delete;
  Window& operator=(const Window&) = delete;
  double delete_count = 0;
};
double crucible_cache_priority(const CacheObject* obj, const CacheState* state) {
  Window window;
  return window.delete_count;
}
)src");
  }
}
