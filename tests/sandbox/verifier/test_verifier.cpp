// The verifier as a whole: honest policies pass every check at once, findings come back in line
// order naming their checks, and source checks decide before anything is parsed.
#include <doctest/doctest.h>

#include <string>

#include "verifier_cases.hpp"

namespace {

using crucible::sandbox::Status;
using crucible::testing::check_accepted;
using crucible::testing::has_finding;
using crucible::testing::snippet;
using crucible::testing::verify_both_ways;

}  // namespace

TEST_SUITE("sandbox.verifier") {
  TEST_CASE("honest policies that use the cache domain's allowances pass every check") {
    check_accepted(R"src(
#include <algorithm>
#include <array>
#include <cmath>
#include <limits>

// GDSF-like: frequency over size, aged by the clock, with a small table of size classes.
namespace {

constexpr std::array<double, 4> kClassWeight = {1.0, 0.8, 0.6, 0.4};
constexpr double kAgeScale = 1e-4;

int size_class(uint64_t size) {
  int klass = 0;
  for (uint64_t limit = 4096; size > limit && klass < 3; limit *= 16) ++klass;
  return klass;
}

}  // namespace

extern "C" double crucible_cache_priority(const CacheObject* obj, const CacheState* state) {
  double size = std::max(1.0, static_cast<double>(obj->size));
  double frequency = std::log2(1.0 + static_cast<double>(obj->access_count));
  double age = static_cast<double>(state->now - obj->last_access) * kAgeScale;
  double score = kClassWeight[size_class(obj->size)] * frequency / std::sqrt(size) - age;
  if (!std::isfinite(score)) return std::numeric_limits<double>::lowest();
  return std::clamp(score, -1e12, 1e12);
}
)src");
    check_accepted(R"src(
// LRU with a bonus for objects hit more than once; a helper struct, a lambda and a local table.
struct Features {
  double recency;
  double hits;
};

static Features features_of(const CacheObject* obj, const CacheState* state) {
  return {static_cast<double>(obj->last_access) / (1.0 + static_cast<double>(state->now)),
          static_cast<double>(obj->access_count)};
}

double crucible_cache_priority(const CacheObject* obj, const CacheState* state) {
  const double bonus[3] = {0.0, 0.25, 0.5};
  auto pick = [&](double hits) { return bonus[hits > 2 ? 2 : static_cast<int>(hits)]; };
  Features f = features_of(obj, state);
  double occupancy = static_cast<double>(state->occupancy) / static_cast<double>(state->capacity);
  return f.recency + pick(f.hits) * occupancy;
}
)src");
  }

  TEST_CASE("findings from several checks come back in line order, two checks at one place both") {
    std::string text = snippet(R"src(
int calls = 0;
double crucible_cache_priority(const CacheObject* obj, const CacheState* state) {
  double* scratch = new double[2];
  return reinterpret_cast<const double*>(obj)[1] + scratch[0];
}
)src");
    for (const auto& [how, outcome] : verify_both_ways(text)) {
      INFO(how << ":\n" << crucible::sandbox::format_diagnostics(outcome.diagnostics));
      CHECK(outcome.status == Status::kRejected);
      CHECK(has_finding(outcome, "mutable-global", 1));
      CHECK(has_finding(outcome, "heap", 3));
      CHECK(has_finding(outcome, "pointer-cast", 4));
      CHECK(has_finding(outcome, "pointer-arithmetic", 4));
      for (size_t i = 1; i < outcome.diagnostics.size(); ++i) {
        CHECK(outcome.diagnostics[i - 1].line <= outcome.diagnostics[i].line);
      }
    }
  }

  TEST_CASE("source checks decide before parsing, so a refused header is never compiled") {
    // Does not type-check either; the include is what the verdict names.
    std::string text = snippet(R"src(
#include <fstream>
double crucible_cache_priority(const CacheObject* obj, const CacheState* state) {
  return undeclared_name;
}
)src");
    for (const auto& [how, outcome] : verify_both_ways(text)) {
      INFO(how << ":\n" << crucible::sandbox::format_diagnostics(outcome.diagnostics));
      CHECK(outcome.status == Status::kRejected);
      CHECK(has_finding(outcome, "include", 1));
      CHECK(outcome.diagnostics.size() == 1);
    }
    auto broken = verify_both_ways(snippet(R"src(
double crucible_cache_priority(const CacheObject* obj, const CacheState* state) {
  return undeclared_name;
}
)src"));
    for (const auto& [how, outcome] : broken) {
      INFO(how);
      CHECK(outcome.status == Status::kCompileError);
    }
  }
}
