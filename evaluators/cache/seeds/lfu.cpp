// LFU as a rank policy: the most often used object is kept longest (ties: least recent goes).
double crucible_cache_priority(const CacheObject* obj, const CacheState* state) {
  return (double)obj->access_count;
}
