// What every cache simulation reports, and the driver that feeds a policy a trace.
#pragma once

#include <cstdint>
#include <span>

#include "traces/trace.hpp"

namespace crucible::evaluators::cache {

struct CacheResult {
  uint64_t requests = 0;
  uint64_t hits = 0;
  uint64_t capacity = 0;
  uint64_t requested_bytes = 0;
  uint64_t missed_bytes = 0;
  uint64_t misses() const { return requests - hits; }
  double byte_miss_ratio() const {
    return requested_bytes == 0
               ? 0.0
               : static_cast<double>(missed_bytes) / static_cast<double>(requested_bytes);
  }
  double miss_ratio() const {
    return requests == 0 ? 0.0 : static_cast<double>(misses()) / static_cast<double>(requests);
  }
};

// Runs `policy.access(request, time)` (true on a hit) over the whole trace.
template <typename Policy>
CacheResult simulate(std::span<const traces::Request> requests, uint64_t capacity, Policy& policy) {
  CacheResult result;
  result.capacity = capacity;
  result.requests = requests.size();
  for (uint64_t time = 0; time < requests.size(); ++time) {
    const auto& request = requests[time];
    result.requested_bytes += request.size;
    if (policy.access(request, time)) {
      ++result.hits;
    } else {
      result.missed_bytes += request.size;
    }
  }
  return result;
}

}  // namespace crucible::evaluators::cache
