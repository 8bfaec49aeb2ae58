// The rank mechanism: keeps the per-object features of interfaces/cache.h, asks the policy for a
// priority on insert and on every hit, and evicts the lowest stored priority (ties: the least
// recently accessed). The policy only decides; all bookkeeping is here.
#pragma once

#include <span>

#include "cache.h"
#include "simulation.hpp"

namespace crucible::evaluators::cache {

using PriorityFunction = double (*)(const CacheObject*, const CacheState*);

// Throws InvalidDecision when the policy returns NaN.
CacheResult simulate_rank(std::span<const traces::Request> requests, const CacheConfig& config,
                          PriorityFunction priority);

}  // namespace crucible::evaluators::cache
