// expect: crashed -- SIGILL
// Attack: __builtin_trap, the abort the verifier lets through, must end as a crash and never as a result.
double crucible_cache_priority(const CacheObject* obj, const CacheState* state) {
  if (obj->access_count > 2) __builtin_trap();
  return static_cast<double>(obj->access_count + state->now);
}
