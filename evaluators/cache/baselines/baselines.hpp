// Native human-designed cache policies, one per file, each with its defining rule.
#pragma once

#include <span>
#include <string_view>

#include "evaluators/cache/simulation.hpp"

namespace crucible::evaluators::cache {

using BaselineFunction = CacheResult (*)(std::span<const traces::Request>, const CacheConfig&);

struct Baseline {
  std::string_view name;
  std::string_view rule;  // the defining rule, one line
  BaselineFunction run;
};

std::span<const Baseline> all_baselines();
const Baseline* find_baseline(std::string_view name);  // nullptr when unknown

CacheResult run_fifo(std::span<const traces::Request> requests, const CacheConfig& config);
CacheResult run_lru(std::span<const traces::Request> requests, const CacheConfig& config);
CacheResult run_sieve(std::span<const traces::Request> requests, const CacheConfig& config);
CacheResult run_clock(std::span<const traces::Request> requests, const CacheConfig& config);
CacheResult run_s3fifo(std::span<const traces::Request> requests, const CacheConfig& config);
CacheResult run_belady(std::span<const traces::Request> requests, const CacheConfig& config);
CacheResult run_lfu(std::span<const traces::Request> requests, const CacheConfig& config);
CacheResult run_arc(std::span<const traces::Request> requests, const CacheConfig& config);
CacheResult run_twoq(std::span<const traces::Request> requests, const CacheConfig& config);
CacheResult run_lecar(std::span<const traces::Request> requests, const CacheConfig& config);
CacheResult run_cacheus(std::span<const traces::Request> requests, const CacheConfig& config);
CacheResult run_lirs(std::span<const traces::Request> requests, const CacheConfig& config);
CacheResult run_lhd(std::span<const traces::Request> requests, const CacheConfig& config);
CacheResult run_gdsf(std::span<const traces::Request> requests, const CacheConfig& config);
CacheResult run_hyperbolic(std::span<const traces::Request> requests, const CacheConfig& config);
CacheResult run_belady_size(std::span<const traces::Request> requests, const CacheConfig& config);
// LIRS with libCacheSim's one departure from the paper (see lirs.cpp), so that a golden test can
// pin its exact figures; not registered as a baseline.
CacheResult run_lirs_as_libcachesim(std::span<const traces::Request> requests,
                                    const CacheConfig& config);

// Baselines that index dense arrays by Request::id call this first: it throws
// std::invalid_argument naming the policy, the request and its id when an id is not below
// config.objects (a config built for another trace).
void check_dense_ids(std::string_view policy, std::span<const traces::Request> requests,
                     const CacheConfig& config);

}  // namespace crucible::evaluators::cache
