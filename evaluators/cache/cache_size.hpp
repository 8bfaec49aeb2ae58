// Cache capacities as users write them: an object count ("1000"), a byte size with a unit
// ("64MiB", "512KB", "4096B"), or a share of the trace's working set ("1%", libCacheSim's
// convention: rounded down). What plain numbers and shares count is the workload's capacity unit.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

namespace crucible::evaluators::cache {

enum class CapacityUnit { kObjects, kBytes };

struct CacheSize {
  enum class Kind { kCount, kBytes, kPercent };
  Kind kind = Kind::kCount;
  double value = 0;   // a count in the workload's unit, bytes, or percent
  std::string label;  // as written: "1000", "64MiB", "1%"
};

// Throws ConfigError naming `context` and the value: empty, not a number, an unknown unit, zero,
// negative, more than 100%, a fractional count.
CacheSize parse_cache_size(std::string_view text, std::string_view context);

// "objects" | "bytes"; throws ConfigError naming `context` otherwise.
CapacityUnit parse_capacity_unit(std::string_view text, std::string_view context);
std::string_view capacity_unit_name(CapacityUnit unit);

struct ResolvedCapacity {
  uint64_t capacity = 0;
  bool is_bytes = false;
};

// The capacity for a trace with `objects` distinct objects whose first-seen sizes add up to
// `footprint_bytes`. A share is of objects or of footprint bytes, by `unit`; a byte size is always
// bytes. Throws ConfigError when it rounds down to 0.
ResolvedCapacity resolve_capacity(const CacheSize& size, CapacityUnit unit, uint64_t objects,
                                  uint64_t footprint_bytes, std::string_view trace);

}  // namespace crucible::evaluators::cache
