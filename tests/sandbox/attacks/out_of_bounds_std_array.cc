// expect: crashed -- SIGABRT
// Attack: write past the end of a std::array; the library's assertions must stop the write.
#include <array>

double crucible_cache_priority(const CacheObject* obj, const CacheState* state) {
  std::array<double, 4> slots{};
  slots[obj->access_count + 6] = 1e300;
  return slots[state->now % 4];
}
