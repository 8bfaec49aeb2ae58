// expect: ok
// Look-alike: a local object with a user-written constructor runs at call time, not at load time.
struct Score {
  double value;
  Score(const CacheObject& obj, uint64_t now)
      : value(static_cast<double>(obj.access_count) * 10.0 -
              static_cast<double>(now - obj.last_access)) {}
};

double crucible_cache_priority(const CacheObject* obj, const CacheState* state) {
  Score score(*obj, state->now);
  return score.value + static_cast<double>(obj->last_access);
}
