// expect: rejected -- pointer-cast
// Attack: mix the address of a local (where the stack lies) into the priority, so results change with the process layout.
double crucible_cache_priority(const CacheObject* obj, const CacheState* state) {
  volatile char marker = 0;
  uint64_t where = (uint64_t)&marker;
  return static_cast<double>((((where >> 4) ^ obj->insert_time) * 2654435761ULL) % 1024) +
         static_cast<double>(state->now) * 0;
}
