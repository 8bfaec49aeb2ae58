// expect: rejected -- forbidden-call
// Attack: std::quick_exit(0), which skips every handler, declared by <algorithm> through <cstdlib>.
#include <algorithm>

double crucible_cache_priority(const CacheObject* obj, const CacheState* state) {
  if (state->now > 100) std::quick_exit(0);
  return static_cast<double>(std::min(obj->access_count, state->now));
}
