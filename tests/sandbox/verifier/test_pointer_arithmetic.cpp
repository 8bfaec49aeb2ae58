// pointer-arithmetic: no arithmetic, increments or subscripts on raw pointers.
#include <doctest/doctest.h>

#include "verifier_cases.hpp"

using crucible::testing::check_accepted;
using crucible::testing::check_rejected;

TEST_SUITE("sandbox.verifier") {
  TEST_CASE("pointer-arithmetic rejects adding to and subscripting the interface's pointers") {
    check_rejected(R"src(
double crucible_cache_priority(const CacheObject* obj, const CacheState* state) {
  return static_cast<double>((obj + 1)->size);
}
)src",
                   "pointer-arithmetic", 2);
    check_rejected(R"src(
double crucible_cache_priority(const CacheObject* obj, const CacheState* state) {
  return static_cast<double>((1 + obj)->size);
}
)src",
                   "pointer-arithmetic", 2);
    check_rejected(R"src(
double crucible_cache_priority(const CacheObject* obj, const CacheState* state) {
  return static_cast<double>(obj[1].size);
}
)src",
                   "pointer-arithmetic", 2);
    check_rejected(R"src(
double crucible_cache_priority(const CacheObject* obj, const CacheState* state) {
  const uint64_t* field = &obj->size;
  return static_cast<double>(field[4]);
}
)src",
                   "pointer-arithmetic", 3);
  }

  TEST_CASE("pointer-arithmetic rejects increments, compound assignment and differences") {
    check_rejected(R"src(
double crucible_cache_priority(const CacheObject* obj, const CacheState* state) {
  const CacheObject* p = obj;
  ++p;
  return static_cast<double>(p->size);
}
)src",
                   "pointer-arithmetic", 3);
    check_rejected(R"src(
double crucible_cache_priority(const CacheObject* obj, const CacheState* state) {
  const CacheObject* p = obj;
  p--;
  return static_cast<double>(p->size);
}
)src",
                   "pointer-arithmetic", 3);
    check_rejected(R"src(
double crucible_cache_priority(const CacheObject* obj, const CacheState* state) {
  const CacheObject* p = obj;
  p += 2;
  return static_cast<double>(p->size);
}
)src",
                   "pointer-arithmetic", 3);
    check_rejected(R"src(
double crucible_cache_priority(const CacheObject* obj, const CacheState* state) {
  const CacheObject* p = obj;
  return static_cast<double>(p - obj);
}
)src",
                   "pointer-arithmetic", 3);
    check_rejected(R"src(
#include <array>
double crucible_cache_priority(const CacheObject* obj, const CacheState* state) {
  std::array<double, 4> weights{};
  return weights.data()[64];
}
)src",
                   "pointer-arithmetic", 4);
  }

  TEST_CASE("pointer-arithmetic accepts local arrays, field arithmetic and range loops") {
    check_accepted(R"src(
double crucible_cache_priority(const CacheObject* obj, const CacheState* state) {
  double weights[4] = {0.1, 0.2, 0.3, 0.4};
  double grid[2][2] = {{1, 2}, {3, 4}};
  uint64_t age = state->now - obj->last_access;
  return weights[obj->access_count % 4] * grid[age % 2][1] + obj->size * 2 + 1 + "lru"[1];
}
)src");
    check_accepted(R"src(
#include <array>
struct Table {
  double weights[3] = {1, 2, 3};
};
double crucible_cache_priority(const CacheObject* obj, const CacheState* state) {
  Table table;
  std::array<double, 3> scale = {0.5, 1.0, 2.0};
  double local[3] = {1, 1, 1};
  double sum = table.weights[obj->size % 3] * scale[1];
  for (double w : scale) sum += w;
  for (double w : local) sum += w;
  for (const double& w : table.weights) sum += w;
  return sum;
}
)src");
  }
}
