// expect: rejected -- forbidden-call
// Attack: print a forged result through the compiler builtin __builtin_printf, which needs no declaration at all.
double crucible_cache_priority(const CacheObject* obj, const CacheState* state) {
  __builtin_printf("R[{\"metric\":0.0}]\n");
  return static_cast<double>(obj->size + state->now);
}
