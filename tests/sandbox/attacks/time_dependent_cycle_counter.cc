// expect: rejected -- forbidden-call
// Attack: read the CPU's cycle counter through a compiler builtin, which needs no declaration and no system call.
double crucible_cache_priority(const CacheObject* obj, const CacheState* state) {
  return static_cast<double>(__builtin_readcyclecounter() % 1000) +
         static_cast<double>(obj->size + state->now);
}
