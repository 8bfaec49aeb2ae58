// expect: rejected -- mutable-global
// Attack: a static counter keeps state between calls, so the policy is no longer a function of its inputs.
double crucible_cache_priority(const CacheObject* obj, const CacheState* state) {
  static uint64_t calls = 0;
  calls += 1;
  return static_cast<double>((calls * 2654435761ULL) % 1000) +
         static_cast<double>(obj->size + state->now);
}
