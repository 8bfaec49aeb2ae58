// Hyperbolic caching (Blankstein et al., ATC 2017) as a rank policy: requests per unit of time
// spent in the cache. Made for the sampled mechanism, which re-scores residents at eviction time.
double crucible_cache_priority(const CacheObject* obj, const CacheState* state) {
  double resident_for = (double)(state->now - obj->insert_time) + 1.0;
  return (double)obj->access_count / resident_for;
}
