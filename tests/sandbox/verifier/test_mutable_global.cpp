// mutable-global: no global, static or thread_local state that survives a call.
#include <doctest/doctest.h>

#include "verifier_cases.hpp"

using crucible::testing::check_accepted;
using crucible::testing::check_rejected;

TEST_SUITE("sandbox.verifier") {
  TEST_CASE("mutable-global rejects globals, static locals and thread_local variables") {
    check_rejected(R"src(
int calls = 0;
double crucible_cache_priority(const CacheObject* obj, const CacheState* state) { return ++calls; }
)src",
                   "mutable-global", 1);
    check_rejected(R"src(
double crucible_cache_priority(const CacheObject* obj, const CacheState* state) {
  static int calls;
  return ++calls;
}
)src",
                   "mutable-global", 2);
    check_rejected(R"src(
thread_local double last = 0;
double crucible_cache_priority(const CacheObject* obj, const CacheState* state) { return last++; }
)src",
                   "mutable-global", 1);
    check_rejected(R"src(
namespace {
double seen[4] = {0, 0, 0, 0};
}  // namespace
double crucible_cache_priority(const CacheObject* obj, const CacheState* state) {
  return seen[obj->size % 4] += 1;
}
)src",
                   "mutable-global", 2);
    check_rejected(R"src(
struct Stats {
  static int hits;
};
int Stats::hits = 0;
double crucible_cache_priority(const CacheObject* obj, const CacheState* state) {
  return ++Stats::hits;
}
)src",
                   "mutable-global", 4);
  }

  TEST_CASE("mutable-global rejects constant objects that carry mutable members") {
    check_rejected(R"src(
struct Counter {
  mutable int n = 0;
};
const Counter kCounter{};
double crucible_cache_priority(const CacheObject* obj, const CacheState* state) {
  return ++kCounter.n;
}
)src",
                   "mutable-global", 4);
    check_rejected(R"src(
struct Counter {
  mutable int n = 0;
};
constexpr Counter kCounter{};
double crucible_cache_priority(const CacheObject* obj, const CacheState* state) {
  return ++kCounter.n;
}
)src",
                   "mutable-global", 4);
    check_rejected(R"src(
struct Counter {
  mutable int n = 0;
};
const Counter kCounters[2] = {};
double crucible_cache_priority(const CacheObject* obj, const CacheState* state) {
  return ++kCounters[1].n;
}
)src",
                   "mutable-global", 4);
  }

  TEST_CASE("mutable-global accepts constexpr tables, const constants and locals") {
    check_accepted(R"src(
#include <array>
static constexpr double kTable[] = {0.1, 0.2, 0.4, 0.8};
constexpr std::array<double, 2> kWeights = {0.25, 0.75};
const double kScale = 2.0;
const double kSteps[3] = {1.0, 0.5, 0.25};
constexpr char kName[] = "lru";
struct Tuning {
  static constexpr double kAge = 0.5;
};
double crucible_cache_priority(const CacheObject* obj, const CacheState* state) {
  static constexpr double kLocal[] = {1.0, 2.0};
  double time = static_cast<double>(state->now - obj->last_access);
  double scale = kWeights[0] * kScale * kSteps[1] * kLocal[1] * Tuning::kAge;
  return kTable[obj->size % 4] * scale * time + (kName[0] == 'l' ? 1.0 : 0.0);
}
)src");
    check_accepted(R"src(
double crucible_cache_priority(const CacheObject* obj, const CacheState* state) {
  double history[4] = {0, 0, 0, 0};
  int count = 0;
  for (auto& slot : history) slot = ++count;
  return history[obj->access_count % 4];
}
)src");
  }
}
