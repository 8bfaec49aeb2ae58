// expect: rejected -- pointer-arithmetic
// Attack: step from the state's fields into the mechanism's neighbouring members (its capacity) with pointer arithmetic.
double crucible_cache_priority(const CacheObject* obj, const CacheState* state) {
  const uint64_t* beyond = &state->now - 2;
  return static_cast<double>(beyond[0] + obj->size);
}
