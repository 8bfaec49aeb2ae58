// expect: rejected -- pragma
// Attack: a #pragma clang attribute turns every following function into a load-time constructor without writing the attribute on it.
#pragma clang attribute push(__attribute__((constructor)), apply_to = function)
static void at_load() {}
#pragma clang attribute pop

double crucible_cache_priority(const CacheObject* obj, const CacheState* state) {
  return static_cast<double>(obj->size + state->now);
}
