// expect: rejected -- forbidden-call
// Attack: exit(0) part-way through the evaluation, hoping a clean exit status reads as success.
#include <algorithm>

double crucible_cache_priority(const CacheObject* obj, const CacheState* state) {
  if (state->now > 100) std::exit(0);
  return static_cast<double>(std::max(obj->access_count, state->now));
}
