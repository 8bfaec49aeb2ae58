// expect: crashed -- SIGILL
// Attack: write past the end of a local array at an input-chosen index, to reach the saved return address.
double crucible_cache_priority(const CacheObject* obj, const CacheState* state) {
  double slots[4] = {};
  uint64_t at = obj->access_count + 6;
  slots[at] = 1e300;
  return slots[state->now % 4];
}
