// Hand-built request sequences and one-line runs of a policy on them, for the cache tests.
#pragma once

#include <cstdint>
#include <initializer_list>
#include <vector>

#include "evaluators/cache/simulation.hpp"
#include "traces/trace.hpp"

namespace crucible::testing {

// A trace of the given object ids, each request of `size` bytes.
inline traces::Trace sequence(std::initializer_list<uint64_t> ids, uint32_t size = 1) {
  traces::TraceBuilder builder(ids.size());
  for (uint64_t id : ids) builder.add({id, size, 0});
  traces::Trace trace = builder.finish();
  trace.name = "sequence";
  return trace;
}

inline traces::Trace sequence(const std::vector<uint64_t>& ids, uint32_t size = 1) {
  traces::TraceBuilder builder(ids.size());
  for (uint64_t id : ids) builder.add({id, size, 0});
  traces::Trace trace = builder.finish();
  trace.name = "sequence";
  return trace;
}

// A cache of `capacity` objects (or bytes) for `trace`.
inline evaluators::cache::CacheConfig cache_of(const traces::Trace& trace, uint64_t capacity,
                                               bool is_bytes = false, uint64_t warmup = 0) {
  return {capacity, is_bytes, trace.objects(), warmup};
}

// policy(requests, config, extra...) on the whole trace with an object-count capacity.
template <typename Policy, typename... Extra>
evaluators::cache::CacheResult run(Policy policy, const traces::Trace& trace, uint64_t capacity,
                                   Extra... extra) {
  return policy(trace.requests, cache_of(trace, capacity), extra...);
}

}  // namespace crucible::testing
