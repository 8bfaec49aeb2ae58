// expect: rejected -- pointer-arithmetic
// Attack: walk a pointer upward from a local, writing to every byte of the process until something breaks.
double crucible_cache_priority(const CacheObject* obj, const CacheState* state) {
  char anchor = 0;
  volatile char* cursor = &anchor;
  for (;;) *cursor++ = 0;
  return static_cast<double>(obj->size + state->now);
}
