// Helpers for the LIRS, LHD, GDSF, Hyperbolic and BeladySize tests: traces whose objects have
// their own sizes, runs at a byte capacity, and the properties every one of them must keep.
#pragma once

#include <doctest/doctest.h>

#include <cstdint>
#include <initializer_list>
#include <stdexcept>
#include <utility>

#include "cache_support.hpp"
#include "evaluators/cache/baselines/baselines.hpp"
#include "support.hpp"
#include "traces/synthetic.hpp"
#include "traces/trace.hpp"

namespace crucible::testing {

// A trace of (object id, size in bytes) requests.
inline traces::Trace sized(std::initializer_list<std::pair<uint64_t, uint32_t>> requests) {
  traces::TraceBuilder builder(requests.size());
  for (const auto& [id, size] : requests) builder.add({id, size, 0});
  traces::Trace trace = builder.finish();
  trace.name = "sized";
  return trace;
}

inline evaluators::cache::CacheResult run_bytes(evaluators::cache::BaselineFunction policy,
                                                const traces::Trace& trace, uint64_t capacity,
                                                uint64_t warmup = 0) {
  return policy(trace.requests, cache_of(trace, capacity, true, warmup));
}

// The synthetic workload the property checks share: Zipf objects, scans and loops.
inline traces::Trace property_trace(uint64_t requests = 20'000, uint64_t objects = 2'000) {
  traces::SyntheticSpec spec;
  spec.requests = requests;
  spec.objects = objects;
  return traces::generate_synthetic(spec);
}

// Properties every new baseline keeps on `trace` at `capacity` objects:
// - it repeats itself (sampling policies draw from fixed seeds);
// - with 1-byte objects a byte capacity gives the same run as the same object capacity;
// - with room for every object, only first requests miss; with no room, every request misses.
inline void check_common_properties(evaluators::cache::BaselineFunction policy,
                                    const traces::Trace& trace, uint64_t capacity) {
  const auto first = run(policy, trace, capacity);
  const auto second = run(policy, trace, capacity);
  CHECK(first.hits == second.hits);
  CHECK(first.missed_bytes == second.missed_bytes);
  CHECK(run_bytes(policy, trace, capacity).hits == first.hits);
  const auto roomy = run(policy, trace, trace.objects());
  CHECK(roomy.misses() == trace.objects());
  CHECK(run(policy, trace, 0).hits == 0);
}

// The id check every new baseline runs first: a config for a smaller trace is refused.
inline void check_rejects_foreign_ids(evaluators::cache::BaselineFunction policy) {
  const auto trace = sequence({1, 2, 3, 1});
  auto config = cache_of(trace, 2);
  config.objects = 2;  // id 2 (the third object) is out of range
  CHECK_THROWS_AS(policy(trace.requests, config), std::invalid_argument);
}

// libCacheSim's sample trace, read once for all golden checks; nullptr (the test skips) when the
// shared data is absent.
inline const traces::Trace* cloud_physics_trace() {
  auto path = require_data("cache/cloudPhysicsIO.oracleGeneral.bin");
  if (!path) return nullptr;
  static const traces::Trace trace = traces::read_trace(*path);
  return &trace;
}

// libCacheSim's test/test_evictionAlgo.c runs each policy on cloudPhysicsIO with sizes taken
// into account at 128 MiB, 256 MiB, ..., 1 GiB and pins the miss counts it gets.
inline constexpr uint64_t kGoldenSizes = 8;
inline constexpr uint64_t kGoldenStepBytes = uint64_t{128} << 20;

// Each miss count at libCacheSim's byte capacities within `tolerance` of `expected`.
inline void check_byte_golden(evaluators::cache::BaselineFunction policy,
                              const uint64_t (&expected)[kGoldenSizes], uint64_t tolerance) {
  const auto* trace = cloud_physics_trace();
  if (trace == nullptr) return;
  REQUIRE(trace->requests.size() == 113'872);
  for (uint64_t i = 0; i < kGoldenSizes; ++i) {
    const uint64_t capacity = (i + 1) * kGoldenStepBytes;
    const uint64_t misses = run_bytes(policy, *trace, capacity).misses();
    CAPTURE(capacity);
    CAPTURE(misses);
    CAPTURE(expected[i]);
    CHECK(misses + tolerance >= expected[i]);
    CHECK(misses <= expected[i] + tolerance);
  }
}

}  // namespace crucible::testing
