// expect: crashed -- SIGSEGV
// Attack: read through a null pointer.
double crucible_cache_priority(const CacheObject* obj, const CacheState* state) {
  const CacheObject* volatile missing = nullptr;
  return static_cast<double>(missing->size + obj->size + state->now);
}
