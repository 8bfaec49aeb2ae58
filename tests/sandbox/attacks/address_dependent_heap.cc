// expect: rejected -- pointer-cast
// Attack: hash the address of the object record into the priority, so the eviction order depends on where the host's heap lies.
double crucible_cache_priority(const CacheObject* obj, const CacheState* state) {
  uint64_t where = (uint64_t)obj;
  return static_cast<double>(((where >> 4) * 2654435761ULL) % 1024);
}
