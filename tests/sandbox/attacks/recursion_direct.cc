// expect: rejected -- recursion
// Attack: deep recursion: the entry point calls itself a billion levels deep to overflow the stack.
double crucible_cache_priority(const CacheObject* obj, const CacheState* state) {
  if (obj->access_count > 1000000000) return 0;
  CacheObject deeper = *obj;
  deeper.access_count += 1;
  return crucible_cache_priority(&deeper, state) + 1;
}
