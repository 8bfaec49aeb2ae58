// expect: invalid_decision -- NaN
// Attack: return NaN, which compares false with everything and would scramble the eviction order.
#include <limits>

double crucible_cache_priority(const CacheObject* obj, const CacheState* state) {
  return obj->access_count > 1 ? std::numeric_limits<double>::quiet_NaN()
                               : static_cast<double>(state->now);
}
