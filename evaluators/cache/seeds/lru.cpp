// LRU as a rank policy: the most recently used object is kept longest.
double crucible_cache_priority(const CacheObject* obj, const CacheState* state) {
  return (double)obj->last_access;
}
