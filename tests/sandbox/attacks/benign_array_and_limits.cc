// expect: ok
// Look-alike: std::array, std::numeric_limits and std::clamp from the allowed headers; infinity is a legal priority.
#include <algorithm>
#include <array>
#include <limits>

double crucible_cache_priority(const CacheObject* obj, const CacheState* state) {
  constexpr std::array<double, 3> kTiers{0.0, 1000.0, 2000.0};
  if (obj->size == 0) return std::numeric_limits<double>::infinity();
  size_t tier = std::clamp<uint64_t>(obj->access_count, 1, 3) - 1;
  return kTiers[tier] + static_cast<double>(state->now);
}
