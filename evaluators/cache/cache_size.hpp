// Cache capacities as users write them: an object count ("1000") or a share of the trace's
// distinct objects ("1%", libCacheSim's convention: rounded down).
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

namespace crucible::evaluators::cache {

struct CacheSize {
  bool is_percent = false;
  double value = 0;   // objects, or percent when is_percent
  std::string label;  // as written, normalized: "1000", "1%"
};

// Throws ConfigError naming `context` and the value: empty, not a number, zero, negative, >100%.
CacheSize parse_cache_size(std::string_view text, std::string_view context);

// Objects for a trace with `unique_objects` distinct objects; throws ConfigError when it rounds
// down to 0.
uint64_t resolve_capacity(const CacheSize& size, uint64_t unique_objects, std::string_view trace);

}  // namespace crucible::evaluators::cache
