// expect: ok
// Look-alike: local variables named `time` and `clock` are arithmetic, not clock reads.
double crucible_cache_priority(const CacheObject* obj, const CacheState* state) {
  double time = static_cast<double>(state->now);
  double clock = static_cast<double>(obj->insert_time);
  return time + 0.5 * clock;
}
