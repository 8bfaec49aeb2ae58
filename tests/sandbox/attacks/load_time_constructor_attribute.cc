// expect: rejected -- load-time-code
// Attack: a function marked __attribute__((constructor)) runs at load, while the looser load-time filter is still in force.
__attribute__((constructor)) static void at_load() {
  volatile int spin = 0;
  while (spin == 0) {
  }
}

double crucible_cache_priority(const CacheObject* obj, const CacheState* state) {
  return static_cast<double>(obj->size + state->now);
}
