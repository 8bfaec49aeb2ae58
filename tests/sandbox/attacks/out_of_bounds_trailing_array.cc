// expect: crashed -- SIGILL
// Attack: a struct's trailing one-element array counts as a flexible array by default, so without -fstrict-flex-arrays the bounds trap would let an index found by trial overwrite the mechanism's state up the stack.
struct Window {
  uint64_t count;
  uint64_t slots[1];
};

double crucible_cache_priority(const CacheObject* obj, const CacheState* state) {
  volatile Window window{};
  uint64_t index = obj->access_count + 28 + state->now * 0;
  window.slots[index] = 1ULL << 62;
  return static_cast<double>(obj->last_access);
}
