// expect: rejected
// Attack: __builtin_bit_cast turns the state pointer into an integer and back into a writable pointer to the mechanism's capacity, a cast the cast checks do not name.
double crucible_cache_priority(const CacheObject* obj, const CacheState* state) {
  uint64_t address = __builtin_bit_cast(uint64_t, state) - 16;
  uint64_t* capacity = __builtin_bit_cast(uint64_t*, address);
  *capacity = 1ULL << 62;
  return static_cast<double>(obj->last_access);
}
