// expect: rejected -- mutable-global
// Attack: a thread_local accumulator carries state between calls.
thread_local double carried = 0;

double crucible_cache_priority(const CacheObject* obj, const CacheState* state) {
  carried = carried * 0.5 + static_cast<double>(obj->size);
  return carried + static_cast<double>(state->now);
}
