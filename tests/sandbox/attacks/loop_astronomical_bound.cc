// expect: timeout
// Attack: a loop whose trip count comes from the input (about 2^60 steps): it ends in theory, never in practice.
double crucible_cache_priority(const CacheObject* obj, const CacheState* state) {
  volatile double sum = 0;
  uint64_t steps = (obj->size | 1) << 40;
  for (uint64_t i = 0; i < steps; ++i) sum = sum + 1.0 / static_cast<double>(i + state->now + 1);
  return sum;
}
