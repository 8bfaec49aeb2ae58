// expect: rejected -- pointer-cast
// Attack: a C-style cast drops const from the mechanism's state and shrinks its idea of the cache.
double crucible_cache_priority(const CacheObject* obj, const CacheState* state) {
  CacheState* writable = (CacheState*)state;
  writable->capacity = 1;
  return static_cast<double>(obj->access_count);
}
