// What every cache simulation reports, how a cache is sized, and the driver that feeds a policy a
// trace.
#pragma once

#include <algorithm>
#include <cstdint>
#include <span>

#include "traces/trace.hpp"

namespace crucible::evaluators::cache {

// How one simulated cache is sized and measured.
struct CacheConfig {
  uint64_t capacity = 0;  // objects, or bytes when is_bytes
  bool is_bytes = false;  // capacity counts bytes: each object takes charge() of it
  uint64_t objects = 0;   // distinct objects in the trace: every Request::id is below it
  uint64_t warmup = 0;    // leading requests that are simulated but not counted in the result
};

// Room an object takes: 1 when capacity counts objects, else its size (a 0-byte object counts 1,
// so every resident takes room). An object whose charge exceeds the capacity is never admitted.
inline uint64_t charge(const traces::Request& request, const CacheConfig& config) {
  return config.is_bytes ? std::max<uint64_t>(request.size, 1) : 1;
}

struct CacheResult {
  uint64_t requests = 0;         // counted requests (after warm-up)
  uint64_t hits = 0;
  uint64_t capacity = 0;
  bool is_bytes = false;
  uint64_t warmup = 0;           // requests simulated before counting began
  uint64_t requested_bytes = 0;
  uint64_t missed_bytes = 0;
  // Only from the parent's replay of a candidate's victims (has_victim_stats): how the policy
  // evicts, for the archive's behaviour descriptors.
  bool has_victim_stats = false;
  uint64_t evictions = 0;
  uint64_t unused_evictions = 0;   // victims never hit while resident
  double victim_age_log2_sum = 0;  // of log2(1 + requests since the victim's last access / residents)
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

// Runs `policy.access(request, time)` (true on a hit) over the whole trace; requests before
// config.warmup are simulated but not counted.
template <typename Policy>
CacheResult simulate(std::span<const traces::Request> requests, const CacheConfig& config,
                     Policy& policy) {
  CacheResult result;
  result.capacity = config.capacity;
  result.is_bytes = config.is_bytes;
  const uint64_t warmup = std::min<uint64_t>(config.warmup, requests.size());
  result.warmup = warmup;
  for (uint64_t time = 0; time < warmup; ++time) policy.access(requests[time], time);
  result.requests = requests.size() - warmup;
  for (uint64_t time = warmup; time < requests.size(); ++time) {
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
