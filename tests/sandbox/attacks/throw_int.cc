// expect: crashed -- exception
// Attack: throw a plain int out of the policy, past the mechanism.
double crucible_cache_priority(const CacheObject* obj, const CacheState* state) {
  if (obj->access_count > 2) throw 42;
  return static_cast<double>(obj->access_count + state->now);
}
