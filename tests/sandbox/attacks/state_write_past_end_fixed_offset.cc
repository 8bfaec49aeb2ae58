// expect: rejected
// Attack: the same reach past a std::array's end, aimed without any address: the stack layout is the same on every run, so a fixed index (found by trial) lands on the mechanism's capacity.
#include <array>

double crucible_cache_priority(const CacheObject* obj, const CacheState* state) {
  std::array<std::array<volatile uint64_t, 4096>, 1> frame{};
  std::array<volatile uint64_t, 4096>& beyond = *frame.end();
  beyond[29] = 1ULL << 62;
  return static_cast<double>(obj->last_access + frame[0][obj->size % 4096] + state->now * 0);
}
