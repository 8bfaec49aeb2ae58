// expect: timeout
// Attack: never return; a loop on a volatile counter cannot be optimized away and holds the evaluation forever.
double crucible_cache_priority(const CacheObject* obj, const CacheState* state) {
  volatile uint64_t spin = obj->size + state->now;
  for (;;) spin = spin + 1;
}
