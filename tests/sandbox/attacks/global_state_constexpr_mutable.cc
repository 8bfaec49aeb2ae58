// expect: rejected -- mutable-global
// Attack: a constexpr object with a mutable member is writable memory that persists between calls: hidden state behind a constexpr.
struct Tally {
  mutable uint64_t calls = 0;
};
static constexpr Tally kTally{};

double crucible_cache_priority(const CacheObject* obj, const CacheState* state) {
  kTally.calls += 1;
  return static_cast<double>(kTally.calls % 97) + static_cast<double>(obj->size + state->now);
}
