// expect: rejected -- include
// Attack: read /etc/passwd at compile time by including it; its lines would come back in the compiler's diagnostics.
#include "/etc/passwd"

double crucible_cache_priority(const CacheObject* obj, const CacheState* state) {
  return static_cast<double>(obj->size + state->now);
}
