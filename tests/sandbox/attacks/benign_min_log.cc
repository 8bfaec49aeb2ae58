// expect: ok
// Look-alike: std::min, std::max and std::log are allowed library calls.
#include <algorithm>
#include <cmath>

double crucible_cache_priority(const CacheObject* obj, const CacheState* state) {
  double hits = static_cast<double>(std::min<uint64_t>(obj->access_count, 16));
  double size = static_cast<double>(std::max<uint64_t>(obj->size, 1));
  return static_cast<double>(state->now) + 100.0 * std::log(1.0 + hits) - std::log2(size);
}
