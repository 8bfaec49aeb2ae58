// expect: ok
// Look-alike: a const global with a constant initializer and a pure helper run no load-time code and keep no state.
const double kRecencyWeight = 2.0 * 0.5;

static double recency(const CacheObject& obj) {
  return kRecencyWeight * static_cast<double>(obj.last_access);
}

double crucible_cache_priority(const CacheObject* obj, const CacheState* state) {
  return recency(*obj) + static_cast<double>(state->capacity) * 0.0;
}
