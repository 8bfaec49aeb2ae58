// expect: ok
// Look-alike: a static constexpr table is read-only data, not mutable global state.
static constexpr double kFrequencyBonus[5] = {0.0, 1.0, 1.5, 1.75, 1.875};

double crucible_cache_priority(const CacheObject* obj, const CacheState* state) {
  uint64_t hits = obj->access_count < 4 ? obj->access_count : 4;
  static constexpr double kScale = 1000.0;
  return static_cast<double>(state->now) + kScale * kFrequencyBonus[hits];
}
