// GDSF (Greedy-Dual-Size-Frequency, Cherkasova 1998) as a rank policy: frequency per byte, on top
// of the cache's "inflation" L, the priority of the latest eviction, so that long-idle objects
// age out. Run lazily, each hit re-scores the object against the current L.
double crucible_cache_priority(const CacheObject* obj, const CacheState* state) {
  double size = obj->size > 0 ? (double)obj->size : 1.0;
  return state->evicted_priority + (double)obj->access_count / size;
}
