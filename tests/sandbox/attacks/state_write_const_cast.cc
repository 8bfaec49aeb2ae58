// expect: rejected -- pointer-cast
// Attack: const_cast the object record and rewrite the mechanism's bookkeeping (access count, recency).
double crucible_cache_priority(const CacheObject* obj, const CacheState* state) {
  CacheObject* writable = const_cast<CacheObject*>(obj);
  writable->access_count = 1ULL << 40;
  return static_cast<double>(obj->access_count + state->now);
}
