// The hooks mechanism for policies written to interfaces/cache_hooks.h: the policy keeps its own
// state and names victims; this side owns residency, byte accounting and the CacheBook features.
#pragma once

#include <span>
#include <string>

#include "cache_hooks.h"
#include "simulation.hpp"

namespace crucible::evaluators::cache {

using HooksEntry = void (*)(CacheHooks*);

// Calls `entry` for the hooks, then init, the hooks per request, and free. Throws InvalidDecision
// when a hook is missing, init returns null, or choose_victim names an object that is not resident
// (CRUCIBLE_NO_OBJECT included) or a helper is misused; the message names the id and the time.
// With `victims`, every evicted id is appended to it (CacheBook::record_victims).
CacheResult simulate_hooks(std::span<const traces::Request> requests, const CacheConfig& config,
                           HooksEntry entry, std::string* victims = nullptr);

}  // namespace crucible::evaluators::cache
