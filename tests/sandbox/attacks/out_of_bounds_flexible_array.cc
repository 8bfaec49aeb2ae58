// expect: rejected
// Attack: a flexible array member has no bound for any check to enforce; aimed with the state's address (read as an integer), a write through it overwrites the mechanism's capacity up the stack.
struct Window {
  uint64_t count;
  uint64_t slots[];
};

double crucible_cache_priority(const CacheObject* obj, const CacheState* state) {
  volatile Window window{};
  uint64_t from = (uint64_t)&window.slots;
  // The mechanism's capacity sits just before its CacheState.
  uint64_t target = (uint64_t)state - 16;
  uint64_t index = target > from ? (target - from) / 8 : obj->access_count + 6;
  window.slots[index] = 1ULL << 62;
  return static_cast<double>(obj->last_access);
}
