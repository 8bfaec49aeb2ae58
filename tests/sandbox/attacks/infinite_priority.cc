// expect: ok
// Look-alike: 1.0 / 0.0 gives +infinity for every object, a legal priority (ties fall back to recency).
double crucible_cache_priority(const CacheObject* obj, const CacheState* state) {
  return obj->size > 0 || state->now > 0 ? 1.0 / 0.0 : 0.0;
}
