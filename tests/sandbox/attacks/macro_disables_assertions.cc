// expect: rejected -- macro
// Attack: #undef _GLIBCXX_ASSERTIONS before including <array>, so std::array's operator[] stops checking its bounds.
#undef _GLIBCXX_ASSERTIONS
#include <array>

double crucible_cache_priority(const CacheObject* obj, const CacheState* state) {
  std::array<double, 4> slots{};
  slots[obj->access_count + 6] = 1e300;
  return slots[state->now % 4];
}
