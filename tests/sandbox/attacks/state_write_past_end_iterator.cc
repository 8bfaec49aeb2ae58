// expect: rejected
// Attack: no cast, union or pointer arithmetic: *frame.end() is a reference just past a local std::array, whose own checked operator[] then reaches up the stack; the state's address, read as an integer, says where the mechanism's capacity lies (16 bytes before its CacheState), and overwriting it stops every eviction: a forged miss ratio.
#include <array>

double crucible_cache_priority(const CacheObject* obj, const CacheState* state) {
  std::array<std::array<uint64_t, 4096>, 1> frame{};
  std::array<uint64_t, 4096>& beyond = *frame.end();
  uint64_t from = (uint64_t)&beyond;
  uint64_t target = (uint64_t)state - 16;
  if (target > from && target < from + sizeof beyond) {
    volatile uint64_t& capacity = beyond[(target - from) / 8];
    capacity = 1ULL << 62;
  }
  return static_cast<double>(obj->last_access);
}
