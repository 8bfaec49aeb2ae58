// expect: rejected -- forbidden-call
// Attack: abort the evaluation with std::abort, which <algorithm> declares through <cstdlib>.
#include <algorithm>

double crucible_cache_priority(const CacheObject* obj, const CacheState* state) {
  if (obj->access_count > 2) std::abort();
  return static_cast<double>(std::max(obj->access_count, state->now));
}
