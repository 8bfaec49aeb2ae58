// expect: rejected -- forbidden-call
// Attack: __builtin_assume(i < 4) lets -O2 delete the bounds trap on a local array, so an index past it reads and writes the mechanism's frames.
double crucible_cache_priority(const CacheObject* obj, const CacheState* state) {
  double window[4] = {1, 2, 3, 4};
  uint64_t i = 4 + obj->size % 64;
  __builtin_assume(i < 4);
  window[i] = 0;
  return window[0];
}
