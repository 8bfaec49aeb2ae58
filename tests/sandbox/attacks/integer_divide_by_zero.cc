// expect: crashed -- SIGFPE
// Attack: integer division by a zero computed at run time.
double crucible_cache_priority(const CacheObject* obj, const CacheState* state) {
  volatile uint64_t zero = state->now - obj->last_access;  // the current request: always 0
  return static_cast<double>(obj->size / zero);
}
