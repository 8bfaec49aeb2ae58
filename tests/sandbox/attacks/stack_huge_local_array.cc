// expect: crashed -- SIGSEGV
// Attack: a 64 MiB local array, eight times the stack limit, written at an input-chosen index.
double crucible_cache_priority(const CacheObject* obj, const CacheState* state) {
  volatile char block[64 << 20];
  block[obj->size % sizeof block] = 1;
  return static_cast<double>(block[state->now % sizeof block]);
}
