// expect: rejected -- pragma
// Attack: a backslash-newline splits the directive name, hiding a #pragma that makes every function a load-time constructor.
#pra\
gma clang attribute push(__attribute__((constructor)), apply_to = function)
static void at_load() {}
#pragma clang attribute pop

double crucible_cache_priority(const CacheObject* obj, const CacheState* state) {
  return static_cast<double>(obj->size + state->now);
}
