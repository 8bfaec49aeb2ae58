// expect: invalid_decision -- NaN
// Attack: a plausible frequency-over-age policy that divides 0 by 0 on every insertion (age is 0 on the current request).
double crucible_cache_priority(const CacheObject* obj, const CacheState* state) {
  double age = static_cast<double>(state->now - obj->last_access);
  return static_cast<double>(obj->access_count - 1) / age;
}
