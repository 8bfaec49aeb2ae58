// expect: rejected -- recursion
// Attack: deep recursion split across two helpers, so neither calls itself directly.
static double ping(uint64_t depth);
static double pong(uint64_t depth) { return depth == 0 ? 0 : ping(depth - 1) + 1; }
static double ping(uint64_t depth) { return depth == 0 ? 0 : pong(depth - 1) + 1; }

double crucible_cache_priority(const CacheObject* obj, const CacheState* state) {
  return ping(obj->size << 30) + static_cast<double>(state->now);
}
