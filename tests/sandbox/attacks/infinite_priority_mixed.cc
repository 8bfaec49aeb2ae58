// expect: ok
// Look-alike: a division by a zero age gives +infinity or -infinity by parity; both are legal priorities.
double crucible_cache_priority(const CacheObject* obj, const CacheState* state) {
  double sign = obj->access_count % 2 == 0 ? 1.0 : -1.0;
  return sign / static_cast<double>(state->now - obj->last_access);
}
