// The rank mechanisms for policies written to interfaces/cache.h. Both keep the bookkeeping in a
// CacheBook (features, ghost information, statistics, helpers) and evict the lowest priority
// (ties: least recently accessed, then lowest id); they differ in when the policy is asked.
//   lazy:    on insert and on every hit; the stored priorities sit in an indexed 4-ary heap.
//   sampled: at eviction time, for `sample` residents drawn independently at random (all of them
//            when there are no more than that), from a generator seeded with `seed`.
// Both count objects or bytes (evicting until the newcomer fits; an object larger than the
// capacity is never admitted) and leave warm-up to simulate().
#pragma once

#include <cstdint>
#include <span>
#include <string>

#include "cache.h"
#include "simulation.hpp"

namespace crucible::evaluators::cache {

using PriorityFunction = double (*)(const CacheObject*, const CacheState*);

// Redis's maxmemory-samples. Each eviction costs `sample` policy calls on residents spread over
// memory: on P6 at 32,768 objects libCacheSim's 64 runs more than ten times slower than 5.
inline constexpr uint64_t kDefaultSample = 5;

// Throw InvalidDecision when the policy returns NaN or misuses a helper (the message names the
// object and the time), ConfigError when a request's id is not below config.objects. With
// `victims`, every evicted id is appended to it (CacheBook::record_victims).
CacheResult simulate_rank(std::span<const traces::Request> requests, const CacheConfig& config,
                          PriorityFunction priority, std::string* victims = nullptr);
CacheResult simulate_sampled(std::span<const traces::Request> requests, const CacheConfig& config,
                             PriorityFunction priority, uint64_t sample = kDefaultSample,
                             uint64_t seed = 0, std::string* victims = nullptr);

}  // namespace crucible::evaluators::cache
